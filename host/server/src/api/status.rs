//! E03 gateway status and E04 the Control UI address.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use serde::Serialize;
use serde_json::Value;

use super::envelope::{ApiResult, ok};
use super::middleware::auth::{Caller, Via};
use crate::app_state::{App, AppState};
use crate::state::control_ui::Parent;
use buddy_openclaw::gateway::Health;
use buddy_openclaw::process::listener_pid;

/// E03's data.
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GatewayStatus {
    version: Option<String>,
    /// `Running` or `Stopped`.
    status: &'static str,
    /// "2d 4h 12m"; "0s" when stopped (the reference types it a string, never null).
    uptime: String,
    /// `null` when stopped: no process, no uptime.
    uptime_seconds: Option<u64>,
    /// 0 when stopped.
    cpu_percent: f64,
    /// 0 when stopped.
    #[serde(rename = "memoryMB")]
    memory_mb: f64,
    disk_usage_percent: f64,
    /// The reference's `YYYY-MM-DD hh:mm:ss`, in UTC.
    installed_at: Option<String>,
    /// The same instant in RFC 3339.
    installed_at_iso: Option<String>,
    health: Health,
    gateway_url: String,
    pid: Option<u32>,
    response_time_ms: Option<u64>,
    error: Option<String>,
}

/// `GET /v1/openclaw/status`. A stopped gateway is a valid answer, not an error.
pub async fn get_status(State(app): State<AppState>) -> ApiResult<GatewayStatus> {
    let url = app.openclaw.gateway_url().await;
    let probe = app.openclaw.probe.probe(&url).await;
    let port = buddy_openclaw::gateway::port_of(&url);
    let app2 = app.clone();
    let (pid, usage, disk) = tokio::task::spawn_blocking(move || {
        let pid = port.and_then(listener_pid);
        let usage = pid.and_then(|p| app2.system.process_tree(p));
        let disk = crate::system_probe::disk_usage(&app2.openclaw.paths.state_dir);
        (pid, usage, disk)
    })
    .await
    .map_err(|e| crate::error::ApiError::Opaque(e.into()))?;
    let version = match probe.version.clone() {
        Some(v) => Some(v),
        None => openclaw_version(&app).await,
    };
    let uptime_seconds = probe.uptime_ms.map(|ms| ms / 1000).or(usage.map(|u| u.run_time_secs));
    let running = probe.live || pid.is_some();
    let uptime_seconds = uptime_seconds.filter(|_| running);
    let installed_ms = installed_at_ms(&app.config.openclaw.bin);
    Ok(ok(GatewayStatus {
        version,
        status: if running { "Running" } else { "Stopped" },
        uptime: buddy_openclaw::time::human_duration(uptime_seconds.unwrap_or(0)),
        uptime_seconds,
        cpu_percent: usage.map_or(0.0, |u| u.cpu_percent),
        memory_mb: usage.map_or(0.0, |u| u.memory_mb),
        disk_usage_percent: disk.percent,
        installed_at: installed_ms.map(buddy_openclaw::time::reference_time_ms),
        installed_at_iso: installed_ms.map(|ms| buddy_openclaw::time::rfc3339_ms(ms).replace(".000Z", "Z")),
        health: probe.health(),
        gateway_url: url,
        pid,
        response_time_ms: probe.response_time_ms,
        error: probe.error,
    }))
}

/// `openclaw --version` (0.2 s), asked once per Buddy run.
async fn openclaw_version(app: &App) -> Option<String> {
    app.openclaw_version
        .get_or_init(|| async {
            let out = app.openclaw.cli.run_ok(&["--version"], Some(Duration::from_secs(10))).await.ok()?;
            // "OpenClaw 2026.9.6 (eb377ac)"
            out.stdout.split_whitespace().nth(1).map(str::to_string)
        })
        .await
        .clone()
}

/// When the OpenClaw package was installed: the mtime of its `package.json`, found from the
/// resolved CLI launcher (`node_modules/.bin/openclaw` → `node_modules/openclaw/openclaw.mjs`).
fn installed_at_ms(bin: &Path) -> Option<i64> {
    let resolved = if bin.components().count() > 1 {
        bin.to_path_buf()
    } else {
        std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).map(|d| d.join(bin)).collect::<Vec<PathBuf>>())?
            .into_iter()
            .find(|c| c.is_file())?
    };
    let real = std::fs::canonicalize(resolved).ok()?;
    let package = real.ancestors().skip(1).map(|d| d.join("package.json")).find(|p| p.is_file())?;
    let modified = std::fs::metadata(package).ok()?.modified().ok()?;
    Some(chrono::DateTime::<chrono::Utc>::from(modified).timestamp()).map(|secs| secs * 1000)
}

/// E04's data.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DashboardUrl {
    url: String,
    /// Whether the URL carries the gateway token (in the fragment, which browsers do not send).
    #[serde(rename = "tokenIncluded")]
    token_included: bool,
    /// The same UI through Buddy's proxy (E51), sandboxed: the gateway's pages without scripts.
    #[serde(rename = "proxyUrl")]
    proxy_url: String,
    /// The Control UI through Buddy's Control UI listener, on an origin of its own: a
    /// single-use link (two minutes) for the caller; `null` when `http.control_ui` is off.
    #[serde(rename = "controlUiUrl")]
    control_ui_url: Option<String>,
}

/// `GET /v1/openclaw/dashboard-url`: the gateway's Control UI with its token in the fragment,
/// as `openclaw dashboard` prints it, but without its 16–22 s CLI run.
pub async fn get_dashboard_url(
    State(app): State<AppState>,
    caller: Option<Extension<Caller>>,
    headers: HeaderMap,
) -> ApiResult<DashboardUrl> {
    let url = app.openclaw.gateway_url().await;
    let snap = app.openclaw.snapshot.get().await?;
    let token = snap.config.pointer("/gateway/auth/token").and_then(Value::as_str);
    let fragment = token.map(|t| format!("#token={t}")).unwrap_or_default();
    let parent = match caller.map(|Extension(c)| c.via) {
        Some(Via::Session(handle)) => Parent::Session(handle),
        _ => Parent::Token,
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let control_ui_url = app.control_ui.link(parent, app.config.http.control_ui_public_url.as_deref(), host, &fragment);
    Ok(ok(DashboardUrl {
        url: format!("{url}/{fragment}"),
        token_included: token.is_some(),
        proxy_url: format!("/v1/proxy/{fragment}"),
        control_ui_url,
    }))
}
