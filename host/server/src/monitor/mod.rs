//! The health monitor: probes the gateway on an interval, records every sample, notices when
//! openclaw.json changes (asking OpenClaw's validator about it, and backing up configs it
//! accepts), and heals when the gateway that should be running is down or the config is broken.
//! The probe runs on every tick; what needs OpenClaw's CLI runs beside it (the upkeep), so a
//! slow CLI never delays noticing a dead gateway.
//! What it learns is exported for Prometheus as it goes: the gateway's gauges, the config's
//! validity, heals, sessions per agent (once a minute) and OpenClaw's version.

pub mod heal;
pub mod masked_configs;
pub mod sample;
pub mod sessions;
pub mod version;

use std::time::Duration;

use tokio::task::JoinHandle;

use crate::app_state::AppState;
use crate::gateway::{Desired, LANE};
use crate::state::heal_backoff::Backoff;
use heal::Trigger;

/// Samples are pruned every this many ticks.
const PRUNE_EVERY: u64 = 240;

/// Creates the monitor's families with a closed label set at zero (heals by outcome, samples
/// by status, the heal backoff) and the gateway's gauges at 0 until the first probe, so the
/// first event shows in `increase()` and a dashboard shows 0 rather than no data. Idempotent:
/// a value already set is kept.
pub fn start_series() {
    for gauge in ["buddy_gateway_up", "buddy_gateway_cpu_usage_ratio", "buddy_gateway_memory_bytes"] {
        metrics::gauge!(gauge).increment(0.0);
    }
    for status in sample::STATUSES {
        metrics::counter!("buddy_health_samples_total", "status" => status).increment(0);
    }
    for outcome in heal::OUTCOMES {
        metrics::counter!("buddy_heal_events_total", "outcome" => outcome).increment(0);
        metrics::gauge!("buddy_heal_last_timestamp_seconds", "outcome" => outcome).increment(0.0);
    }
    metrics::gauge!("buddy_heal_given_up").increment(0.0);
    metrics::gauge!("buddy_heal_consecutive_failures").increment(0.0);
}

/// Starts the monitor loop (when enabled).
pub fn spawn(app: AppState) -> Option<JoinHandle<()>> {
    if !app.config.monitor.enabled {
        return None;
    }
    let interval = Duration::from_millis(app.config.monitor.interval_ms.max(100));
    Some(tokio::spawn(async move {
        let mut timer = tokio::time::interval(interval);
        timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            timer.tick().await;
            tick(&app).await;
        }
    }))
}

async fn tick(app: &AppState) {
    let sample = sample::take(app).await;
    let ready = sample.status == "ok";
    let live = sample.status != "down";
    sample::publish(&sample);
    if let Err(e) = sample::record(app, &sample.row).await {
        tracing::warn!(error = %e, "cannot record a health sample");
    }
    let lane_busy = app.tasks.lane_busy(LANE);
    app.monitor.with(|st| {
        st.ticks += 1;
        if ready {
            st.consecutive_down = 0;
            st.last_error = None;
            st.backoff = Backoff::default();
            st.held_since = None;
        } else if !live && !lane_busy {
            // A gateway an operator is starting or stopping is not "down".
            st.consecutive_down += 1;
            st.last_error = sample.error.clone();
        }
    });
    if ready {
        app.gateway.seen_healthy();
    }
    let config = config_fingerprint(app).await;
    let broken = config.as_ref().and_then(|fp| known_config_issues(app, fp));
    spawn_upkeep(app, ready, config);
    if app.monitor.with(|st| st.ticks % PRUNE_EVERY == 1) {
        sample::prune(app).await;
    }
    if !app.config.heal.enabled || app.gateway.desired() != Desired::Running || lane_busy {
        return;
    }
    let settings = &app.config.heal;
    let trigger = match broken {
        Some(issues) => Some(Trigger::ConfigInvalid { issues }),
        None => app.monitor.with(|st| {
            (st.consecutive_down >= settings.down_threshold.max(1))
                .then(|| Trigger::Down { consecutive: st.consecutive_down, error: st.last_error.clone() })
        }),
    };
    let Some(trigger) = trigger else { return };
    // Held back by the backoff: remember since when, so the heal that follows says why it waited.
    let waited = app.monitor.with(|st| {
        if !st.backoff.ready() {
            st.held_since.get_or_insert_with(std::time::Instant::now);
            return None;
        }
        Some(st.held_since.take().map(|since| heal::waited_note(since.elapsed(), st.backoff.failures())))
    });
    let Some(waited) = waited else { return };
    let outcome = heal::run(app, trigger, waited).await;
    app.monitor.with(|st| {
        if outcome.healed {
            st.consecutive_down = 0;
            st.backoff = Backoff::default();
            st.judged = None;
        } else {
            st.backoff.failed(settings);
        }
    });
    if !outcome.healed && app.monitor.with(|st| st.backoff.gave_up_now(settings)) {
        heal::record_give_up(app, settings.give_up_after).await;
    }
}

/// Starts the upkeep that runs OpenClaw's CLI — its version after a start, sessions per agent,
/// the validator on a changed config — unless the last one still runs. Each of those runs
/// takes seconds; run in the tick, they held the next probe back, so a gateway killed right
/// after a heal brought it back was noticed seconds late.
fn spawn_upkeep(app: &AppState, ready: bool, config: Option<String>) {
    if app.monitor.with(|st| std::mem::replace(&mut st.upkeep_running, true)) {
        return;
    }
    let app = app.clone();
    tokio::spawn(async move {
        version::refresh(&app, ready).await;
        sessions::refresh(&app).await;
        if let Some(fingerprint) = config {
            check_config(&app, fingerprint).await;
        }
        app.monitor.with(|st| st.upkeep_running = false);
    });
}

/// The fingerprint of openclaw.json's bytes as they are now (`None` when it cannot be read).
async fn config_fingerprint(app: &AppState) -> Option<String> {
    let bytes = tokio::fs::read(app.openclaw.config_store.path()).await.ok()?;
    Some(buddy_openclaw::config_store::fingerprint_of(&bytes))
}

/// The issues OpenClaw found in openclaw.json, if it judged the bytes of `fingerprint` (the
/// upkeep asks it about bytes it has not judged yet).
fn known_config_issues(app: &AppState, fingerprint: &str) -> Option<Vec<String>> {
    let (judged, issues) = app.monitor.with(|st| st.judged.clone())?;
    (judged == fingerprint && !issues.is_empty()).then_some(issues)
}

/// Asks OpenClaw about openclaw.json when the bytes the tick read (`fingerprint`) are not the
/// ones it last judged. A config it accepts is backed up; the issues of a rejected one are kept
/// for the tick to heal.
async fn check_config(app: &AppState, fingerprint: String) {
    if app.monitor.with(|st| st.judged.as_ref().is_some_and(|(fp, _)| *fp == fingerprint)) {
        return;
    }
    let verdict = match buddy_openclaw::validate::validate(&app.openclaw.cli, None).await {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = %e, "cannot ask OpenClaw to validate its config");
            return;
        }
    };
    metrics::gauge!("buddy_config_valid").set(if verdict.valid { 1.0 } else { 0.0 });
    let issues = if verdict.valid {
        if let Err(e) = app.openclaw.config_store.backup_current().await {
            tracing::warn!(error = %e, "cannot back up the config");
        }
        Vec::new()
    } else {
        tracing::warn!(issues = ?verdict.issues, "OpenClaw rejects its config");
        if verdict.issues.is_empty() { vec!["OpenClaw rejects the config".into()] } else { verdict.issues }
    };
    app.monitor.with(|st| st.judged = Some((fingerprint, issues)));
}
