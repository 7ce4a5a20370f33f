//! One health sample: probe, the gateway process's CPU and memory, stored in `health_checks`
//! and exported as the gateway's gauges.

use crate::app_state::AppState;
use crate::db::DbError;
use crate::db::health_checks::{self, Sample};

/// A sample's possible statuses.
pub const STATUSES: [&str; 3] = ["ok", "degraded", "down"];

const MB: f64 = 1024.0 * 1024.0;

/// A sample and why the gateway was unreachable, if it was.
pub struct Taken {
    pub row: Sample,
    pub status: &'static str,
    pub error: Option<String>,
}

/// Probes the gateway and measures its process.
pub async fn take(app: &AppState) -> Taken {
    let url = app.openclaw.gateway_url().await;
    let probe = app.openclaw.probe.probe(&url).await;
    let port = buddy_openclaw::gateway::port_of(&url);
    let app2 = app.clone();
    let usage = tokio::task::spawn_blocking(move || {
        let pid = port.and_then(|p| app2.gateway.supervisor.running_pid(p))?;
        app2.system.process_tree(pid)
    })
    .await
    .ok()
    .flatten();
    let status = match probe.health() {
        buddy_openclaw::gateway::Health::Healthy => "ok",
        buddy_openclaw::gateway::Health::Degraded => "degraded",
        buddy_openclaw::gateway::Health::Down => "down",
    };
    Taken {
        row: Sample {
            ts_ms: buddy_openclaw::time::now_ms(),
            status,
            response_time_ms: probe.response_time_ms,
            cpu: usage.map(|u| u.cpu_percent),
            memory_mb: usage.map(|u| u.memory_mb),
        },
        status,
        error: probe.error,
    }
}

/// Exports a sample: the gateway up or not, its probe's round trip (when it answered), its
/// process tree's CPU share and memory (0 without a process), and one more sample by status.
pub fn publish(taken: &Taken) {
    metrics::gauge!("buddy_gateway_up").set(if taken.status == "ok" { 1.0 } else { 0.0 });
    if let Some(ms) = taken.row.response_time_ms {
        metrics::gauge!("buddy_gateway_response_time_seconds").set(ms as f64 / 1000.0);
    }
    metrics::gauge!("buddy_gateway_cpu_usage_ratio").set(taken.row.cpu.unwrap_or(0.0) / 100.0);
    metrics::gauge!("buddy_gateway_memory_bytes").set(taken.row.memory_mb.unwrap_or(0.0) * MB);
    metrics::counter!("buddy_health_samples_total", "status" => taken.status).increment(1);
}

/// Stores a sample.
pub async fn record(app: &AppState, sample: &Sample) -> Result<(), DbError> {
    let sample = sample.clone();
    app.db.call(move |c| health_checks::insert(c, &sample)).await
}

/// Deletes samples and minute rollups past `monitor.retention_days`, hourly rollups past
/// `monitor.history_days`: the database stays bounded whatever the uptime.
pub async fn prune(app: &AppState) {
    let now = buddy_openclaw::time::now_ms();
    let days = |d: u32| i64::from(d) * 86_400_000;
    let raw_cutoff = now - days(app.config.monitor.retention_days);
    let hourly_cutoff = now - days(app.config.monitor.history_days.max(app.config.monitor.retention_days));
    match app.db.call(move |c| health_checks::prune(c, raw_cutoff, hourly_cutoff)).await {
        Ok(n) if n > 0 => tracing::info!(deleted = n, "pruned old health samples"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "cannot prune health samples"),
    }
}
