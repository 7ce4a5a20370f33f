//! One health sample: probe, the gateway process's CPU and memory, stored in `health_checks`.

use crate::app_state::AppState;
use crate::db::DbError;
use crate::db::health_checks::{self, Sample};

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
