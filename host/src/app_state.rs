//! The application state every handler receives: one documented field per dependency.

use std::ops::Deref;
use std::sync::Arc;

use crate::api::middleware::rate_limit::LoginLimiter;
use crate::config::BuddyConfig;
use crate::db::Db;
use crate::openclaw::cli::CliRunner;
use crate::openclaw::config_store::ConfigStore;
use crate::openclaw::gateway::GatewayClient;
use crate::openclaw::paths::OpenClawPaths;
use crate::openclaw::snapshot::SnapshotCache;
use crate::runtime::ModuleHost;
use crate::system::probe::SystemProbe;
use crate::token::ApiToken;

/// Cheap-to-clone handle on [`App`].
#[derive(Clone)]
pub struct AppState(pub Arc<App>);

impl Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}

/// Everything Buddy shares between requests.
pub struct App {
    /// The configuration Buddy started with.
    pub config: BuddyConfig,
    /// The API token requests must present.
    pub token: ApiToken,
    /// Buddy's SQLite database (audit log, module kv, ...).
    pub db: Db,
    /// Where OpenClaw lives.
    pub paths: OpenClawPaths,
    /// Runs the `openclaw` CLI.
    pub cli: CliRunner,
    /// Cached CLI reads, shared by concurrent readers.
    pub cli_cache: crate::openclaw::cli_cache::CliCache,
    /// Reads and writes openclaw.json.
    pub config_store: Arc<ConfigStore>,
    /// Parsed openclaw.json and the E10 view, kept fresh.
    pub snapshot: SnapshotCache,
    /// Probes the gateway.
    pub probe: GatewayClient,
    /// Starts, stops and supervises the gateway.
    pub gateway: crate::gateway::Gateway,
    /// Host and process resource figures.
    pub system: SystemProbe,
    /// Failed-login counter for `/login`.
    pub login_limiter: LoginLimiter,
    /// Channel logins in progress.
    pub logins: crate::channels::login::LoginSessions,
    /// Outstanding WebSocket tickets.
    pub tickets: crate::ws::ticket::Tickets,
    /// The health monitor's state.
    pub monitor: crate::monitor::Monitor,
    /// Long-running tasks (E07).
    pub tasks: crate::tasks::TaskRegistry,
    /// Loaded WASM modules.
    pub modules: ModuleHost,
    /// OpenClaw's version, asked once.
    pub openclaw_version: tokio::sync::OnceCell<Option<String>>,
}

impl App {
    /// The gateway base URL: configured, else `http://127.0.0.1:<gateway.port>` from
    /// openclaw.json (OpenClaw's default port 18789 when unset).
    pub async fn gateway_url(&self) -> String {
        if let Some(url) = &self.config.gateway_url {
            return url.trim_end_matches('/').to_string();
        }
        let port = self
            .snapshot
            .get()
            .await
            .ok()
            .and_then(|s| s.config.pointer("/gateway/port").and_then(serde_json::Value::as_u64))
            .unwrap_or(18789);
        format!("http://127.0.0.1:{port}")
    }

    /// Secrets known from openclaw.json (gateway token/password, provider API keys).
    pub fn known_secrets(config: &serde_json::Value) -> Vec<String> {
        let mut out = Vec::new();
        for p in ["/gateway/auth/token", "/gateway/auth/password"] {
            if let Some(s) = config.pointer(p).and_then(serde_json::Value::as_str) {
                out.push(s.to_string());
            }
        }
        if let Some(providers) = config.pointer("/models/providers").and_then(serde_json::Value::as_object) {
            out.extend(providers.values().filter_map(|p| p.get("apiKey")?.as_str().map(str::to_string)));
        }
        out
    }
}

impl App {
    /// The environment every `openclaw` process Buddy starts gets: OpenClaw's paths, then the
    /// configured extras.
    pub fn cli_env(&self) -> Vec<(String, std::ffi::OsString)> {
        let mut env = self.paths.cli_env();
        env.extend(self.config.openclaw.env.iter().map(|(k, v)| (k.clone(), v.into())));
        env
    }

    /// After a write to openclaw.json: refresh the snapshot and the secrets masked in CLI errors.
    pub async fn config_changed(&self) {
        if let Ok(snap) = self.snapshot.get().await {
            self.cli.set_secrets(Self::known_secrets(&snap.config));
        }
    }
}
