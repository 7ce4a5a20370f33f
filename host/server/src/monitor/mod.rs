//! The health monitor: probes the gateway on an interval, records every sample, notices when
//! openclaw.json changes (asking OpenClaw's validator about it, and backing up configs it
//! accepts), and heals when the gateway that should be running is down or the config is broken.

pub mod heal;
pub mod masked_configs;
pub mod sample;

use std::time::Duration;

use tokio::task::JoinHandle;

use crate::app_state::AppState;
use crate::gateway::{Desired, LANE};
use crate::state::heal_backoff::Backoff;
use heal::Trigger;

/// Samples are pruned every this many ticks.
const PRUNE_EVERY: u64 = 240;

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
    metrics::gauge!("buddy_gateway_up").set(if ready { 1.0 } else { 0.0 });
    if let Some(ms) = sample.row.response_time_ms {
        metrics::gauge!("buddy_gateway_response_time_seconds").set(ms as f64 / 1000.0);
    }
    metrics::counter!("buddy_health_samples_total", "status" => sample.status).increment(1);
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
        } else if !live && !lane_busy {
            // A gateway an operator is starting or stopping is not "down".
            st.consecutive_down += 1;
            st.last_error = sample.error.clone();
        }
    });
    if ready {
        app.gateway.seen_healthy();
    }
    let broken = check_config(app).await;
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
    if !app.monitor.with(|st| st.backoff.ready()) {
        return;
    }
    let outcome = heal::run(app, trigger).await;
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

/// Asks OpenClaw about openclaw.json when its bytes changed since the last verdict. A config it
/// accepts is backed up; a rejected one is returned (with the issues) for healing.
async fn check_config(app: &AppState) -> Option<Vec<String>> {
    let bytes = tokio::fs::read(app.openclaw.config_store.path()).await.ok()?;
    let fingerprint = buddy_openclaw::config_store::fingerprint_of(&bytes);
    if let Some((fp, issues)) = app.monitor.with(|st| st.judged.clone())
        && fp == fingerprint
    {
        return (!issues.is_empty()).then_some(issues);
    }
    let verdict = match buddy_openclaw::validate::validate(&app.openclaw.cli, None).await {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = %e, "cannot ask OpenClaw to validate its config");
            return None;
        }
    };
    let issues = if verdict.valid {
        if let Err(e) = app.openclaw.config_store.backup_current().await {
            tracing::warn!(error = %e, "cannot back up the config");
        }
        Vec::new()
    } else {
        tracing::warn!(issues = ?verdict.issues, "OpenClaw rejects its config");
        if verdict.issues.is_empty() { vec!["OpenClaw rejects the config".into()] } else { verdict.issues }
    };
    app.monitor.with(|st| st.judged = Some((fingerprint, issues.clone())));
    (!issues.is_empty()).then_some(issues)
}
