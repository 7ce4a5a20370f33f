//! One self-heal: record the evidence, keep a broken config aside and restore the newest backup
//! OpenClaw's validator accepts — Buddy's own first, then OpenClaw's copies beside the config
//! (`.bak*`, `.last-good`, `.pre-update`) — or run OpenClaw's own fixer when there is none,
//! restart the gateway, check that it really answers, and store the event with the analyzer's
//! report.
//! The repair runs as a task in the gateway lane, so it never overlaps an operator's start or
//! stop; the analyzer writes its report after the task left the lane (and within its
//! wall-clock cap), so a slow or hung analyzer never holds up a start or stop. The analyzer
//! sees the configs masked (`masked_configs.rs`).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::app_state::{App, AppState};
use crate::db::heal_events::{self, NewHeal};
use crate::gateway::{Action, LANE};
use crate::tasks::TaskHandle;
use buddy_openclaw::validate;
use buddy_runtime::types::Evidence;

/// Backups tried at most before falling back to OpenClaw's fixer.
const MAX_CANDIDATES: usize = 8;

/// A heal event's possible outcomes (E41's `outcome`).
pub const OUTCOMES: [&str; 3] = ["healed", "failed", "gave-up"];

/// Why a heal started.
#[derive(Debug, Clone)]
pub enum Trigger {
    Down { consecutive: u32, error: Option<String> },
    ConfigInvalid { issues: Vec<String> },
}

impl Trigger {
    fn describe(&self) -> String {
        match self {
            Self::Down { consecutive, error } => format!(
                "gateway down: {consecutive} failed probes in a row ({})",
                error.as_deref().unwrap_or("no answer")
            ),
            Self::ConfigInvalid { issues } => format!("openclaw.json rejected by OpenClaw: {}", issues.join("; ")),
        }
    }
}

/// What a heal achieved.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub healed: bool,
}

struct Log {
    evidence: Vec<String>,
    actions: Vec<String>,
    old_config: Option<String>,
    new_config: Option<String>,
}

/// A heal's record, short of the analyzer's report.
struct Finished {
    trigger: Trigger,
    log: Log,
    outcome_text: String,
    row: NewHeal,
}

/// Runs a heal as a task and waits for it, then has the analyzer write the report and stores
/// the event. `waited` says why it started later than the trigger (the backoff after failed
/// heals), for the event's evidence.
pub async fn run(app: &AppState, trigger: Trigger, waited: Option<String>) -> Outcome {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let worker = app.clone();
    let spawned = app
        .tasks
        .spawn(LANE, "heal", "gateway", move |task| async move {
            let finished = heal(&worker, trigger, waited, &task).await;
            let healed = finished.row.outcome == "healed";
            let _ = tx.send(finished);
            if healed { Ok(json!({"healed": true})) } else { Err("the heal did not bring the gateway back".into()) }
        })
        .await;
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start a heal task");
        return Outcome { healed: false };
    }
    let Ok(Finished { trigger, log, outcome_text, mut row }) = rx.await else {
        return Outcome { healed: false };
    };
    let healed = row.outcome == "healed";
    row.report = Some(report(app, &trigger, &log, &outcome_text).await);
    if let Err(e) = app.db.call(move |c| heal_events::insert(c, &row)).await {
        tracing::error!(error = %e, "cannot record a heal event");
    }
    Outcome { healed }
}

async fn heal(app: &AppState, trigger: Trigger, waited: Option<String>, task: &TaskHandle) -> Finished {
    let started = Instant::now();
    task.progress(trigger.describe()).await;
    let mut log = Log { evidence: vec![trigger.describe()], actions: Vec::new(), old_config: None, new_config: None };
    log.evidence.extend(waited);
    if let Some(exit) = app.gateway.supervisor.last_exit() {
        log.evidence.push(format!(
            "the gateway process Buddy started exited with status {:?} at {}",
            exit.code,
            buddy_openclaw::time::rfc3339_ms(exit.at_ms)
        ));
    }
    let tail = app.gateway.supervisor.log_tail();
    if !tail.is_empty() {
        log.evidence.push(tail.trim_start_matches("; ").to_string());
    }
    repair_config(app, &mut log, task).await;
    let restart = app.gateway.run(&app.openclaw, &app.config.gateway, Action::Restart, task).await;
    // The restart is verified (`run` succeeds only once /readyz answers), so it decides the
    // outcome. A gateway that dies again right after its verified start is a new death, healed
    // at once; judging this heal failed for it would put the next one behind the backoff.
    let healed = match &restart {
        Ok(result) => {
            log.actions
                .push(format!("restarted the gateway (pid {})", result.get("pid").cloned().unwrap_or(Value::Null)));
            let probe = app.openclaw.probe.probe(&app.openclaw.gateway_url().await).await;
            log.evidence.push(format!("after the restart: health {:?}, /readyz {}", probe.health(), probe.ready));
            if !probe.ready {
                log.evidence.push(
                    "the gateway stopped answering again right after its verified start: \
                     the monitor heals that as a new death"
                        .into(),
                );
            }
            true
        }
        Err(e) => {
            log.actions.push(format!("tried to restart the gateway: {e}"));
            false
        }
    };
    let settings = &app.config.heal;
    let outcome = if healed { "healed" } else { "failed" };
    if !healed {
        let failures = app.monitor.failures() + 1;
        let wait = crate::state::heal_backoff::Backoff::wait_after(failures, settings);
        log.actions.push(format!(
            "backing off {} s before the next attempt (failure {failures} of {})",
            wait.as_secs(),
            settings.give_up_after
        ));
    }
    let outcome_text = if healed {
        "healed: the gateway answers /readyz again".to_string()
    } else {
        format!("failed: {}", restart.err().unwrap_or_else(|| "the gateway is not ready".into()))
    };
    let row = NewHeal {
        ts_ms: buddy_openclaw::time::now_ms(),
        trigger: trigger.describe(),
        evidence: log.evidence.clone(),
        actions: log.actions.clone(),
        outcome: outcome.into(),
        verified: true,
        report: None,
        duration_ms: started.elapsed().as_millis() as u64,
    };
    count(outcome, row.ts_ms);
    task.progress(outcome_text.clone()).await;
    Finished { trigger, log, outcome_text, row }
}

/// Checks the config with OpenClaw's validator; if it is rejected, keeps it aside and restores
/// the newest backup OpenClaw accepts, else runs `openclaw doctor --fix`.
async fn repair_config(app: &App, log: &mut Log, task: &TaskHandle) {
    let verdict = match validate::validate(&app.openclaw.cli, None).await {
        Ok(v) => v,
        Err(e) => {
            log.evidence.push(format!("could not run OpenClaw's validator: {e}"));
            return;
        }
    };
    if verdict.valid {
        log.evidence.push("openclaw.json passes `openclaw config validate`".into());
        return;
    }
    log.evidence.push(format!("`openclaw config validate` rejects openclaw.json: {}", verdict.issues.join("; ")));
    let broken = tokio::fs::read(app.openclaw.config_store.path()).await.ok();
    log.old_config = broken.as_ref().map(|b| normalized(b));
    let aside = app.config.data_dir.join("broken");
    for (candidate, source) in candidates(app).await {
        let Ok(bytes) = app.openclaw.config_store.backup_bytes(&candidate).await else { continue };
        let Some(path) = app.openclaw.config_store.backup_path(&candidate) else { continue };
        let candidate = if source == "openclaw" { format!("{candidate} (OpenClaw's own copy)") } else { candidate };
        match validate::validate(&app.openclaw.cli, Some(&path)).await {
            Ok(v) if v.valid => {
                task.progress(format!("restoring backup {candidate}")).await;
                match app.openclaw.config_store.restore(bytes.clone(), &aside).await {
                    Ok(kept) => {
                        if let Some(kept) = kept {
                            log.actions.push(format!("kept the broken config aside as broken/{kept}"));
                        }
                        log.actions
                            .push(format!("restored backup {candidate}, which `openclaw config validate` accepts"));
                        log.new_config = Some(normalized(&bytes));
                    }
                    Err(e) => log.actions.push(format!("could not restore backup {candidate}: {e}")),
                }
                return;
            }
            Ok(v) => log.evidence.push(format!("backup {candidate} is rejected too: {}", v.issues.join("; "))),
            Err(e) => log.evidence.push(format!("could not validate backup {candidate}: {e}")),
        }
    }
    task.progress("no valid backup: running `openclaw doctor --fix`").await;
    match app.openclaw.cli.run(&["doctor", "--fix", "--json"], Some(Duration::from_secs(180))).await {
        Ok(out) => log.actions.push(format!("ran `openclaw doctor --fix` (exit {})", out.status)),
        Err(e) => log.actions.push(format!("`openclaw doctor --fix` failed: {e}")),
    }
    if let Ok(after) = tokio::fs::read(app.openclaw.config_store.path()).await {
        log.new_config = Some(normalized(&after));
    }
}

/// Backups Buddy's own rules accept with who made them: Buddy's newest first (each was accepted
/// by OpenClaw's validator when taken), then OpenClaw's copies, newest first.
async fn candidates(app: &App) -> Vec<(String, &'static str)> {
    let mut list = app.openclaw.config_store.backups().await.unwrap_or_default();
    list.retain(|b| b.valid);
    // Stable: keeps newest-first within each source.
    list.sort_by_key(|b| b.source != "buddy");
    list.into_iter().take(MAX_CANDIDATES).map(|b| (b.name, b.source)).collect()
}

/// JSON text of a config file (JSON5 accepted), or the raw text when it does not parse.
pub fn normalized(bytes: &[u8]) -> String {
    match buddy_openclaw::config_store::parse(std::path::Path::new("openclaw.json"), bytes) {
        Ok(doc) => doc.value.to_string(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The configured analyzer's report, or a plain one when the analyzer is unavailable.
async fn report(app: &AppState, trigger: &Trigger, log: &Log, outcome: &str) -> String {
    // Log lines and CLI messages can quote a secret; the analyzer masks config values only.
    let known = match app.openclaw.snapshot.get().await {
        Ok(snap) => buddy_openclaw::redact::known_secrets(&snap.config),
        Err(_) => Vec::new(),
    };
    let clean = |text: &str| buddy_openclaw::redact::redact(text, &known);
    let (old_config, new_config) =
        super::masked_configs::mask_pair(log.old_config.as_deref(), log.new_config.as_deref(), &known);
    let evidence = Evidence {
        trigger: clean(&trigger.describe()),
        observations: log.evidence.iter().map(|t| clean(t)).collect(),
        actions: log.actions.iter().map(|t| clean(t)).collect(),
        outcome: clean(outcome),
        old_config,
        new_config,
    };
    let analyzer = &app.analyzer.name();
    let result = match app.modules.analyzer(analyzer).await {
        Ok(module) => app.modules.analyze(&module, &evidence).await,
        Err(e) => Err(e),
    };
    result.unwrap_or_else(|e| {
        let mut text =
            format!("# Heal report\n\n(The analyzer module {analyzer:?} could not write this report: {e}.)\n\n");
        text.push_str(&format!("**Trigger:** {}\n\n**Seen:**\n", evidence.trigger));
        for o in &evidence.observations {
            text.push_str(&format!("- {o}\n"));
        }
        text.push_str("\n**Done:**\n");
        for (i, a) in evidence.actions.iter().enumerate() {
            text.push_str(&format!("{}. {a}\n", i + 1));
        }
        text.push_str(&format!("\n**Outcome:** {outcome}\n"));
        text
    })
}

/// The evidence line for a heal that waited behind the backoff.
pub fn waited_note(waited: Duration, failures: u32) -> String {
    let heals = if failures == 1 { "heal" } else { "heals" };
    format!("waited {} s before this heal: the backoff after {failures} failed {heals} in a row", waited.as_secs())
}

/// Records that Buddy stopped trying after repeated failures.
pub async fn record_give_up(app: &AppState, attempts: u32) {
    let row = NewHeal {
        ts_ms: buddy_openclaw::time::now_ms(),
        trigger: "repeated heal failures".into(),
        evidence: vec![format!("{attempts} heals in a row did not bring the gateway back")],
        actions: vec![
            "stopped healing until the gateway is seen healthy or an operator starts it (POST /v1/gateway/start)"
                .into(),
        ],
        outcome: "gave-up".into(),
        verified: true,
        report: None,
        duration_ms: 0,
    };
    tracing::error!(attempts, "giving up healing the gateway");
    count("gave-up", row.ts_ms);
    if let Err(e) = app.db.call(move |c| heal_events::insert(c, &row)).await {
        tracing::error!(error = %e, "cannot record a heal event");
    }
}

/// Exports one heal event: its count by outcome, and when the last one of that outcome was.
fn count(outcome: &'static str, ts_ms: i64) {
    metrics::counter!("buddy_heal_events_total", "outcome" => outcome).increment(1);
    metrics::gauge!("buddy_heal_last_timestamp_seconds", "outcome" => outcome).set(ts_ms as f64 / 1000.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waiting_heal_says_why() {
        assert_eq!(
            waited_note(Duration::from_millis(30_400), 1),
            "waited 30 s before this heal: the backoff after 1 failed heal in a row"
        );
        assert!(waited_note(Duration::from_secs(60), 2).ends_with("after 2 failed heals in a row"));
    }
}
