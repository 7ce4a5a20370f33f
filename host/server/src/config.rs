//! Buddy's own configuration (`buddy.toml`).
//!
//! Every key has a default; a file overrides the defaults, `BUDDY_*` environment variables
//! override the file, and command-line flags override everything. OpenClaw's install is found
//! the way OpenClaw finds it (see [`buddy_openclaw::paths`]), unless set here explicitly.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use buddy_runtime::Narrowing;
use serde::Deserialize;

/// The whole configuration, after defaults, file, environment and flags were applied.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BuddyConfig {
    /// Address the HTTP server listens on.
    pub listen: SocketAddr,
    /// Where Buddy keeps its SQLite file, token, backups and user modules.
    pub data_dir: PathBuf,
    /// API token. When absent, a generated one is stored in `<data_dir>/token`.
    pub token: Option<String>,
    /// Base URL of the OpenClaw gateway; derived from `gateway.port` in openclaw.json when absent.
    pub gateway_url: Option<String>,
    /// How to reach the OpenClaw CLI and its files.
    pub openclaw: OpenClawSettings,
    /// The WASM module runtime.
    pub modules: ModuleSettings,
    /// How Buddy runs the gateway.
    pub gateway: GatewaySettings,
    /// The health monitor.
    pub monitor: MonitorSettings,
    /// Self-healing.
    pub heal: HealSettings,
    /// The restricted maintenance shell (E50).
    pub shell: ShellSettings,
    /// Where Prometheus scrapes.
    pub metrics: MetricsSettings,
    /// The HTTP surface: connection limits and sessions.
    pub http: HttpSettings,
}

/// The HTTP surface: what a client may hold before it is authenticated, and sessions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpSettings {
    /// Connections served at once per listener; more wait in the kernel's backlog.
    pub max_connections: usize,
    /// Longest wait for a complete request head; it also closes idle keep-alive connections.
    pub header_read_timeout_secs: u64,
    /// Longest wait for requests in progress when Buddy stops.
    pub shutdown_grace_secs: u64,
    /// How long a dashboard session (the login cookie) lives.
    pub session_ttl_secs: u64,
    /// Buddy is served over TLS (by a reverse proxy in front of it): cookies get `Secure`, and
    /// Buddy's own origin is `https://<Host>`.
    pub secure_cookies: bool,
    /// Origins besides Buddy's own (`scheme://host[:port]`) from which a browser may send
    /// cookie- or ticket-authenticated changes and open WebSockets, e.g. the public name of a
    /// TLS proxy in front of Buddy when it rewrites `Host`.
    pub allowed_origins: Vec<String>,
    /// Failed logins from one client within five minutes before `/login` answers 429 to it.
    pub max_login_failures: u32,
    /// Failed authentications (a wrong bearer token, a dead session cookie or ticket) from one
    /// client within five minutes before the API answers 429 to every request it makes.
    pub max_auth_failures: u32,
    /// Largest request body passed through to the gateway's Control UI (E51).
    pub proxy_max_body_bytes: u64,
    /// Largest WebSocket message Buddy accepts from a client (logs, TUI, shell, proxy).
    pub ws_max_message_bytes: usize,
    /// Terminal UI sessions (E49) open at once.
    pub max_tui_sessions: usize,
    /// Restricted shell sessions (E50) open at once.
    pub max_shell_sessions: usize,
    /// Serve the gateway's Control UI through Buddy on a listener of its own: an origin apart
    /// from Buddy's, so nothing the gateway serves (plugins' pages, agent-written canvas
    /// documents) runs where the operator's login cookie opens Buddy's API.
    pub control_ui: bool,
    /// The Control UI listener's address; absent: Buddy's `listen` address with a free port.
    pub control_ui_listen: Option<SocketAddr>,
    /// Its base URL as browsers reach it (a TLS proxy in front of it, say); absent:
    /// `http://<the host the dashboard was reached on>:<its port>`.
    pub control_ui_public_url: Option<String>,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            max_connections: 512,
            header_read_timeout_secs: 30,
            shutdown_grace_secs: 5,
            session_ttl_secs: 12 * 3600,
            secure_cookies: false,
            allowed_origins: Vec::new(),
            max_login_failures: 5,
            max_auth_failures: 20,
            proxy_max_body_bytes: 16 * 1024 * 1024,
            ws_max_message_bytes: 1024 * 1024,
            max_tui_sessions: 4,
            max_shell_sessions: 4,
            control_ui: true,
            control_ui_listen: None,
            control_ui_public_url: None,
        }
    }
}

/// Prometheus scraping.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsSettings {
    /// A second listen address serving only `/metrics`, without the token (for a scraper on a
    /// private network). `/metrics` on the main address always needs the token.
    pub listen: Option<SocketAddr>,
}

/// What the restricted shell may run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ShellSettings {
    /// Allowed `openclaw` argv patterns: literals, `*` for one value that does not start with
    /// `-`, a trailing `**` for any rest.
    pub allow: Vec<Vec<String>>,
    /// Longest a command may run.
    pub timeout_secs: u64,
}

impl Default for ShellSettings {
    fn default() -> Self {
        let allow: &[&[&str]] = &[
            &["--version"],
            &["status", "--json", "--timeout", "*"],
            &["status", "--timeout", "*"],
            &["health", "--json", "--timeout", "*"],
            &["doctor"],
            &["doctor", "--json"],
            &["logs", "--limit", "*"],
            &["logs", "--json", "--limit", "*"],
            &["gateway", "status", "--json"],
            &["config", "validate", "--json"],
            &["agents", "list", "--json"],
            &["models", "list", "--json"],
            &["plugins", "list", "--json"],
            &["channels", "status", "--json"],
            &["sessions", "--json", "--all-agents"],
        ];
        Self { allow: allow.iter().map(|p| p.iter().map(|s| s.to_string()).collect()).collect(), timeout_secs: 120 }
    }
}

impl ShellSettings {
    /// The allow-list, checked.
    pub fn patterns(&self) -> Result<Vec<buddy_runtime::grants::cli::ArgvPattern>, String> {
        self.allow.iter().map(|p| buddy_runtime::grants::cli::ArgvPattern::parse(p)).collect()
    }
}

/// Gateway supervision.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GatewaySettings {
    /// How long a start may take until `/readyz` answers (OpenClaw needs ~30 s here).
    pub ready_timeout_secs: u64,
    /// How long a stop waits after SIGTERM before SIGKILL (a draining gateway can ignore SIGTERM).
    pub stop_timeout_secs: u64,
    /// Start the gateway when Buddy starts (and so keep it running from then on).
    pub start_on_boot: bool,
    /// Stop a gateway Buddy started when Buddy itself stops. Off by default: the gateway keeps
    /// serving through a Buddy restart, and the new Buddy adopts it.
    pub stop_on_exit: bool,
}

/// Health sampling.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MonitorSettings {
    pub enabled: bool,
    /// Time between two probes.
    pub interval_ms: u64,
    /// Samples (and their per-minute rollups) older than this are deleted.
    pub retention_days: u32,
    /// Hourly rollups older than this are deleted: how far back E05 can look at hourly
    /// resolution once the samples themselves are gone.
    pub history_days: u32,
}

/// Self-healing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HealSettings {
    pub enabled: bool,
    /// The analyzer module that diffs configs and writes heal reports.
    pub analyzer: String,
    /// Consecutive failed probes before the gateway counts as down.
    pub down_threshold: u32,
    /// First wait after a failed heal; doubles after each further failure.
    pub backoff_base_secs: u64,
    pub backoff_max_secs: u64,
    /// Failed heals in a row before Buddy stops trying (until the gateway is seen healthy or an
    /// operator starts it).
    pub give_up_after: u32,
}

impl Default for GatewaySettings {
    fn default() -> Self {
        Self { ready_timeout_secs: 180, stop_timeout_secs: 20, start_on_boot: false, stop_on_exit: false }
    }
}

impl Default for MonitorSettings {
    fn default() -> Self {
        Self { enabled: true, interval_ms: 15_000, retention_days: 30, history_days: 400 }
    }
}

impl Default for HealSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            analyzer: "heal-analyzer".into(),
            down_threshold: 3,
            backoff_base_secs: 30,
            backoff_max_secs: 1800,
            give_up_after: 5,
        }
    }
}

/// Where OpenClaw lives and how to run its CLI.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OpenClawSettings {
    /// The `openclaw` executable: a bare name is looked up on `PATH`.
    pub bin: PathBuf,
    /// OpenClaw's state directory (OpenClaw's own `OPENCLAW_STATE_DIR` rules apply when absent).
    pub state_dir: Option<PathBuf>,
    /// Path of openclaw.json (OpenClaw's own `OPENCLAW_CONFIG_PATH` rules apply when absent).
    pub config_path: Option<PathBuf>,
    /// Upper bound for one CLI run, in seconds.
    pub cli_timeout_secs: u64,
    /// Extra environment for every CLI run (e.g. a `PATH` that puts Node 24 first).
    pub env: Vec<(String, String)>,
    /// How many config backups Buddy keeps.
    pub backup_keep: usize,
}

/// Module runtime settings.
///
/// Besides its own keys, `[modules]` holds one table per module, `[modules.<name>]`, with the
/// operator's decisions about it. Serde cannot refuse unknown keys next to a flattened map, so
/// every other key is read as a value first and must be a table of a module
/// ([`RawModuleSettings`]); module names are checked by [`BuddyConfig::check`].
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "RawModuleSettings")]
pub struct ModuleSettings {
    /// Directory of third-party modules; `<data_dir>/modules` when absent.
    pub dir: Option<PathBuf>,
    /// Directory of expert templates; `<data_dir>/experts` (seeded from the built-ins) when absent.
    pub experts_dir: Option<PathBuf>,
    /// Modules that are not loaded even when present.
    pub disabled: Vec<String>,
    /// Load the modules built into the binary.
    pub builtins: bool,
    /// Memory all live module instances may reserve together, MiB (one module at most half).
    pub memory_budget_mb: u32,
    /// Cap on any module's `limits.concurrency`.
    pub max_concurrency: u32,
    /// `[modules.<name>]`: per-module decisions.
    #[serde(flatten)]
    pub each: BTreeMap<String, ModuleEntry>,
}

/// `[modules]` as written, before each module's table is read.
#[derive(Deserialize)]
#[serde(default)]
struct RawModuleSettings {
    dir: Option<PathBuf>,
    experts_dir: Option<PathBuf>,
    disabled: Vec<String>,
    builtins: bool,
    memory_budget_mb: u32,
    max_concurrency: u32,
    #[serde(flatten)]
    each: BTreeMap<String, toml::Value>,
}

impl Default for RawModuleSettings {
    fn default() -> Self {
        let d = ModuleSettings::default();
        Self {
            dir: d.dir,
            experts_dir: d.experts_dir,
            disabled: d.disabled,
            builtins: d.builtins,
            memory_budget_mb: d.memory_budget_mb,
            max_concurrency: d.max_concurrency,
            each: BTreeMap::new(),
        }
    }
}

impl TryFrom<RawModuleSettings> for ModuleSettings {
    type Error = String;

    fn try_from(raw: RawModuleSettings) -> Result<Self, String> {
        let mut each = BTreeMap::new();
        for (name, value) in raw.each {
            if !value.is_table() {
                return Err(format!("modules.{name}: unknown key (a module's table is [modules.<module name>])"));
            }
            let entry = ModuleEntry::deserialize(value).map_err(|e| format!("modules.{name}: {e}"))?;
            each.insert(name, entry);
        }
        Ok(Self {
            dir: raw.dir,
            experts_dir: raw.experts_dir,
            disabled: raw.disabled,
            builtins: raw.builtins,
            memory_budget_mb: raw.memory_budget_mb,
            max_concurrency: raw.max_concurrency,
            each,
        })
    }
}

/// `[modules.<name>]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleEntry {
    /// Approves the module whose digest is exactly this (`sha256:<hex>`), without the API.
    pub approve: Option<String>,
    /// Narrows the module's grants: each key given replaces the manifest's list with a subset.
    pub grants: Option<Narrowing>,
}

impl Default for BuddyConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            data_dir: default_data_dir(),
            token: None,
            gateway_url: None,
            openclaw: OpenClawSettings::default(),
            modules: ModuleSettings::default(),
            gateway: GatewaySettings::default(),
            monitor: MonitorSettings::default(),
            heal: HealSettings::default(),
            shell: ShellSettings::default(),
            metrics: MetricsSettings::default(),
            http: HttpSettings::default(),
        }
    }
}

impl Default for OpenClawSettings {
    fn default() -> Self {
        Self {
            bin: PathBuf::from("openclaw"),
            state_dir: None,
            config_path: None,
            cli_timeout_secs: 120,
            env: Vec::new(),
            backup_keep: 50,
        }
    }
}

impl Default for ModuleSettings {
    fn default() -> Self {
        Self {
            dir: None,
            experts_dir: None,
            disabled: Vec::new(),
            builtins: true,
            memory_budget_mb: 2048,
            max_concurrency: 32,
            each: BTreeMap::new(),
        }
    }
}

/// Values given on the command line; `None` leaves the lower layers in force.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub listen: Option<SocketAddr>,
    pub data_dir: Option<PathBuf>,
    pub openclaw_bin: Option<PathBuf>,
    pub openclaw_state_dir: Option<PathBuf>,
    pub openclaw_config: Option<PathBuf>,
    pub gateway_url: Option<String>,
}

/// A configuration problem, reported before anything starts.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("environment variable {name}: {message}")]
    Env { name: &'static str, message: String },
    #[error("{key}: {message}")]
    Invalid { key: String, message: String },
}

impl BuddyConfig {
    /// Builds the configuration: defaults ← `file` (if given, it must exist; otherwise
    /// `./buddy.toml` when present) ← environment (read through `env`) ← `overrides`.
    pub fn load(
        file: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
        overrides: Overrides,
    ) -> Result<Self, ConfigError> {
        let mut config = match file {
            Some(path) => Self::from_file(path)?,
            None if Path::new("buddy.toml").is_file() => Self::from_file(Path::new("buddy.toml"))?,
            None => Self::default(),
        };
        config.apply_env(env)?;
        config.apply_overrides(overrides);
        config.check()?;
        Ok(config)
    }

    /// Refuses values Buddy cannot run with, and what serde cannot express: `[modules.<name>]`
    /// tables name modules, digests are digests, and budgets are usable.
    pub fn check(&self) -> Result<(), ConfigError> {
        let invalid = |key: String, message: &str| Err(ConfigError::Invalid { key, message: message.into() });
        if self.http.max_connections == 0 {
            return invalid("http.max_connections".into(), "must be at least 1");
        }
        if !(1..=300).contains(&self.http.header_read_timeout_secs) {
            return invalid("http.header_read_timeout_secs".into(), "must be 1 to 300");
        }
        for origin in &self.http.allowed_origins {
            let well_formed = origin.split_once("://").is_some_and(|(scheme, rest)| {
                matches!(scheme, "http" | "https") && !rest.is_empty() && !rest.contains('/')
            });
            if !well_formed {
                return invalid("http.allowed_origins".into(), "each must be scheme://host[:port], without a path");
            }
        }
        for (name, entry) in &self.modules.each {
            if !buddy_runtime::manifest::is_module_name(name) {
                return invalid(format!("modules.{name}"), "unknown key (a module's table is [modules.<module name>])");
            }
            if let Some(d) = &entry.approve
                && !buddy_runtime::trust::is_digest(d)
            {
                return invalid(format!("modules.{name}.approve"), "must be sha256:<64 lower-case hex digits>");
            }
        }
        if self.modules.memory_budget_mb < 2 {
            return invalid("modules.memory_budget_mb".into(), "must be at least 2");
        }
        if !(1..=buddy_runtime::limits::MAX_CONCURRENCY).contains(&self.modules.max_concurrency) {
            return invalid("modules.max_concurrency".into(), "must be 1..=128");
        }
        Ok(())
    }

    /// Parses one TOML file over the defaults.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_owned(), source })?;
        toml::from_str(&text).map_err(|e| ConfigError::Parse { path: path.to_owned(), message: e.to_string() })
    }

    fn apply_env(&mut self, env: &dyn Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(v) = env("BUDDY_LISTEN") {
            self.listen = v.parse().map_err(|_| ConfigError::Env {
                name: "BUDDY_LISTEN",
                message: format!("{v:?} is not an address like 127.0.0.1:3000"),
            })?;
        }
        if let Some(v) = env("BUDDY_TOKEN").filter(|v| !v.is_empty()) {
            self.token = Some(v);
        }
        if let Some(v) = env("BUDDY_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = env("BUDDY_OPENCLAW_BIN") {
            self.openclaw.bin = PathBuf::from(v);
        }
        if let Some(v) = env("BUDDY_GATEWAY_URL") {
            self.gateway_url = Some(v);
        }
        if let Some(v) = env("BUDDY_MODULES_DIR") {
            self.modules.dir = Some(PathBuf::from(v));
        }
        Ok(())
    }

    fn apply_overrides(&mut self, o: Overrides) {
        if let Some(v) = o.listen {
            self.listen = v;
        }
        if let Some(v) = o.data_dir {
            self.data_dir = v;
        }
        if let Some(v) = o.openclaw_bin {
            self.openclaw.bin = v;
        }
        if let Some(v) = o.openclaw_state_dir {
            self.openclaw.state_dir = Some(v);
        }
        if let Some(v) = o.openclaw_config {
            self.openclaw.config_path = Some(v);
        }
        if let Some(v) = o.gateway_url {
            self.gateway_url = Some(v);
        }
    }

    /// OpenClaw's paths as this configuration and the environment name them.
    pub fn openclaw_paths(&self) -> buddy_openclaw::paths::OpenClawPaths {
        buddy_openclaw::paths::OpenClawPaths::resolve(
            self.openclaw.state_dir.as_deref(),
            self.openclaw.config_path.as_deref(),
            &|k| std::env::var_os(k),
        )
    }

    /// Directory of third-party modules.
    pub fn modules_dir(&self) -> PathBuf {
        self.modules.dir.clone().unwrap_or_else(|| self.data_dir.join("modules"))
    }

    /// Directory of expert templates.
    pub fn experts_dir(&self) -> PathBuf {
        self.modules.experts_dir.clone().unwrap_or_else(|| self.data_dir.join("experts"))
    }
}

/// `$XDG_DATA_HOME/openclaw-buddy`, else `~/.local/share/openclaw-buddy`, else `./buddy-data`.
fn default_data_dir() -> PathBuf {
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(xdg).join("openclaw-buddy");
    }
    match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        Some(home) => PathBuf::from(home).join(".local/share/openclaw-buddy"),
        None => PathBuf::from("buddy-data"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn defaults_listen_on_loopback_3000_without_token() {
        let c = BuddyConfig::default();
        assert_eq!(c.listen.to_string(), "127.0.0.1:3000");
        assert!(c.token.is_none());
    }

    #[test]
    fn env_overrides_file_and_flags_override_env() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("buddy.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:4000\"\ndata_dir = \"/from-file\"\n[openclaw]\nbin = \"/file/openclaw\"\n",
        )
        .expect("write");
        let env = |k: &str| match k {
            "BUDDY_DATA_DIR" => Some("/from-env".to_string()),
            "BUDDY_OPENCLAW_BIN" => Some("/env/openclaw".to_string()),
            _ => None,
        };
        let o = Overrides { openclaw_bin: Some("/flag/openclaw".into()), ..Default::default() };
        let c = BuddyConfig::load(Some(&file), &env, o).expect("load");
        assert_eq!(c.listen.to_string(), "127.0.0.1:4000");
        assert_eq!(c.data_dir, PathBuf::from("/from-env"));
        assert_eq!(c.openclaw.bin, PathBuf::from("/flag/openclaw"));
    }

    #[test]
    fn module_tables_approve_and_narrow() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("buddy.toml");
        let digest = format!("sha256:{}", "ab".repeat(32));
        std::fs::write(
            &file,
            format!("[modules]\nmemory_budget_mb = 512\n[modules.greeter]\napprove = \"{digest}\"\n[modules.greeter.grants]\nhttp = []\n"),
        )
        .expect("write");
        let c = BuddyConfig::load(Some(&file), &no_env, Overrides::default()).expect("load");
        assert_eq!(c.modules.memory_budget_mb, 512);
        let greeter = &c.modules.each["greeter"];
        assert_eq!(greeter.approve.as_deref(), Some(digest.as_str()));
        assert_eq!(greeter.grants.as_ref().and_then(|g| g.http.clone()), Some(vec![]));
        for (text, key) in [
            ("[modules]\nexperts_dirr = \"x\"\n", "experts_dirr"),
            ("[modules.Greeter]\napprove = \"sha256:00\"\n", "modules.Greeter"),
            ("[modules.greeter]\napprove = \"sha256:00\"\n", "modules.greeter.approve"),
            ("[modules.greeter]\napprove = \"sha256:00\"\ngrant = 1\n", "grant"),
        ] {
            std::fs::write(&file, text).expect("write");
            let err = BuddyConfig::load(Some(&file), &no_env, Overrides::default()).unwrap_err().to_string();
            assert!(err.contains(key), "{text}: {err}");
        }
    }

    #[test]
    fn unknown_keys_and_bad_env_are_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("buddy.toml");
        std::fs::write(&file, "listen_addr = \"x\"\n").expect("write");
        let err = BuddyConfig::load(Some(&file), &no_env, Overrides::default()).unwrap_err();
        assert!(err.to_string().contains("listen_addr"), "{err}");
        let env = |k: &str| (k == "BUDDY_LISTEN").then(|| "nonsense".to_string());
        let err = BuddyConfig::load(None, &env, Overrides::default()).unwrap_err();
        assert!(err.to_string().contains("BUDDY_LISTEN"), "{err}");
        std::fs::write(&file, "[http]\nheader_read_timeout_secs = 0\n").expect("write");
        let err = BuddyConfig::load(Some(&file), &no_env, Overrides::default()).unwrap_err();
        assert!(err.to_string().contains("http.header_read_timeout_secs"), "{err}");
    }
}
