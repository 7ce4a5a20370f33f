//! [`OpenClaw`]: one install, as the layers above see it — its paths, its CLI (with a cache of
//! read-only runs), its config file (store and in-memory snapshot) and its gateway's probes.

use std::ffi::OsString;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::cli::CliRunner;
use crate::cli_cache::CliCache;
use crate::config_store::ConfigStore;
use crate::gateway::GatewayClient;
use crate::paths::OpenClawPaths;
use crate::snapshot::SnapshotCache;

/// How one install is reached.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The `openclaw` executable.
    pub bin: std::path::PathBuf,
    /// Where OpenClaw keeps its state and config.
    pub paths: OpenClawPaths,
    /// `openclaw.env`: what every child process gets beyond the allow-list of Buddy's own
    /// environment and OpenClaw's path variables (see [`crate::child_env`]).
    pub env: Vec<(String, OsString)>,
    /// The default timeout of a CLI run.
    pub cli_timeout: Duration,
    /// Where config backups go, and how many are kept.
    pub backup_dir: std::path::PathBuf,
    pub backup_keep: usize,
    /// The gateway base URL, when configured (else from openclaw.json's `gateway.port`).
    pub gateway_url: Option<String>,
    /// How long a gateway probe may take.
    pub probe_timeout: Duration,
}

/// Everything that talks to one OpenClaw install.
pub struct OpenClaw {
    /// Where OpenClaw lives.
    pub paths: OpenClawPaths,
    /// Runs the `openclaw` CLI.
    pub cli: CliRunner,
    /// Cached CLI reads, shared by concurrent readers.
    pub cli_cache: CliCache,
    /// Reads and writes openclaw.json.
    pub config_store: Arc<ConfigStore>,
    /// Parsed openclaw.json and the E10 view, kept fresh.
    pub snapshot: SnapshotCache,
    /// Probes the gateway.
    pub probe: GatewayClient,
    env: Vec<(String, OsString)>,
    gateway_url: Option<String>,
}

impl OpenClaw {
    /// Opens an install. The CLI's list of secrets to mask follows every change to
    /// openclaw.json (the store notifies it), starting with the file as it is now.
    pub async fn open(settings: Settings) -> Self {
        let env = crate::child_env::child_env(std::env::vars_os(), &settings.paths.cli_env(), &settings.env);
        let cli = CliRunner::new(settings.bin, env.clone(), settings.cli_timeout);
        let config_store =
            Arc::new(ConfigStore::new(settings.paths.config_path.clone(), settings.backup_dir, settings.backup_keep));
        let masked = cli.clone();
        config_store.subscribe(move |config| masked.set_secrets(crate::redact::known_secrets(config)));
        let snapshot = SnapshotCache::new(config_store.clone(), settings.paths.clone());
        if let Ok(snap) = snapshot.get().await {
            cli.set_secrets(crate::redact::known_secrets(&snap.config));
        }
        Self {
            paths: settings.paths,
            cli,
            cli_cache: CliCache::default(),
            config_store,
            snapshot,
            probe: GatewayClient::new(settings.probe_timeout),
            env,
            gateway_url: settings.gateway_url.map(|u| u.trim_end_matches('/').to_string()),
        }
    }

    /// The whole environment of every process Buddy starts (built by
    /// [`crate::child_env::child_env`]: the allowed part of Buddy's own, OpenClaw's paths, then
    /// `openclaw.env`). Spawners clear the inherited environment and set exactly this.
    pub fn cli_env(&self) -> &[(String, OsString)] {
        &self.env
    }

    /// The gateway base URL: configured, else `http://127.0.0.1:<gateway.port>` from
    /// openclaw.json (OpenClaw's default port 18789 when unset).
    pub async fn gateway_url(&self) -> String {
        if let Some(url) = &self.gateway_url {
            return url.clone();
        }
        let port = self
            .snapshot
            .get()
            .await
            .ok()
            .and_then(|s| s.config.pointer("/gateway/port").and_then(Value::as_u64))
            .unwrap_or(18789);
        format!("http://127.0.0.1:{port}")
    }

    /// `text` with every secret openclaw.json holds masked: for what leaves Buddy as free text
    /// (audit details, log lines). Synchronous and cheap: the list follows the config store.
    pub fn redact(&self, text: &str) -> String {
        self.cli.redact(text)
    }

    /// Secrets known from the current openclaw.json (gateway token/password, provider keys).
    pub async fn known_secrets(&self) -> Vec<String> {
        match self.snapshot.get().await {
            Ok(snap) => crate::redact::known_secrets(&snap.config),
            Err(_) => Vec::new(),
        }
    }
}
