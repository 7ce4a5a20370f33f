//! Start-up: data dir, database, token, OpenClaw adapter, the module runtime, then the HTTP
//! server — which listens before modules finish loading (they load in the background, and
//! their routes answer 503 until then), so no module can delay Buddy's start.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::app_state::{App, AppState};
use crate::builtins;
use crate::config::{BuddyConfig, HttpSettings};
use crate::db::Db;
use crate::listener::{self, Limits, Shutdown};
use crate::module_services::ModuleServices;
use crate::route_spec::RouteSpec;
use crate::state::auth_limiter::AuthLimiter;
use crate::token::{self, TokenSource};
use buddy_openclaw::paths::OpenClawPaths;
use buddy_openclaw::{OpenClaw, Settings};
use buddy_runtime::{ModuleHost, Protected, ReservedRoute, RuntimeSettings};

/// Gateway probes give up after this long: status must answer quickly when it is down.
const PROBE_TIMEOUT: Duration = Duration::from_millis(1500);

/// A running server.
pub struct Running {
    /// The address it listens on (useful when the config asked for port 0).
    pub addr: SocketAddr,
    /// The state the server shares (tests reach the database and runtime through it).
    pub state: AppState,
    shutdown: Shutdown,
    servers: Vec<tokio::task::JoinHandle<()>>,
    monitor: Option<tokio::task::JoinHandle<()>>,
}

impl Running {
    /// Stops accepting connections and waits (at most `http.shutdown_grace_secs`) for the
    /// requests in progress; with `gateway.stop_on_exit`, kills the gateway Buddy started.
    pub async fn stop(mut self) {
        if let Some(monitor) = self.monitor.take() {
            monitor.abort();
        }
        self.shutdown.raise();
        for server in self.servers.drain(..) {
            let _ = server.await;
        }
        if self.state.config.gateway.stop_on_exit {
            self.state.gateway.supervisor.kill_on_exit();
        }
    }
}

/// Builds the state: creates the data dir, opens the database, resolves the token (printing a
/// generated one once), opens the OpenClaw install and prepares the module runtime (modules are
/// loaded by [`start_with`], or by calling `state.modules.load_all()`).
pub async fn build_state(config: BuddyConfig) -> anyhow::Result<AppState> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data dir {}", config.data_dir.display()))?;
    crate::metrics::install();
    buddy_openclaw::metrics::start_series();
    crate::monitor::start_series();
    let db = Db::open(&config.data_dir.join("buddy.sqlite")).context("opening the database")?;
    let (api_token, source) =
        token::resolve(config.token.as_deref(), &config.data_dir).context("resolving the API token")?;
    if let TokenSource::Generated { path, value } = &source {
        // Shown once, on the terminal of the operator who started Buddy; never logged.
        eprintln!("Generated an API token (stored in {}, shown only this once):\n\n    {value}\n", path.display());
    }
    let paths = config.openclaw_paths();
    let openclaw = Arc::new(
        OpenClaw::open(Settings {
            bin: config.openclaw.bin.clone(),
            paths,
            env: config.openclaw.env.iter().map(|(k, v)| (k.clone(), v.into())).collect(),
            cli_timeout: Duration::from_secs(config.openclaw.cli_timeout_secs),
            backup_dir: config.data_dir.join("backups"),
            backup_keep: config.openclaw.backup_keep,
            gateway_url: config.gateway_url.clone(),
            probe_timeout: PROBE_TIMEOUT,
        })
        .await,
    );
    if config.modules.builtins
        && config.modules.experts_dir.is_none()
        && let Err(e) = builtins::seed_experts(&config.experts_dir())
    {
        tracing::warn!(error = %e, "cannot write the built-in expert templates");
    }
    let routes = crate::router::route_table();
    let services = Arc::new(ModuleServices::new(openclaw.clone(), db.clone(), &config.data_dir));
    let trust = Arc::new(crate::trust_store::DbTrustStore::new(db.clone()));
    let modules = ModuleHost::new(runtime_settings(&config, &openclaw.paths, &routes), services, trust)
        .context("starting the module runtime")?;
    let login_limiter = AuthLimiter::new(db.clone(), "POST /login", config.http.max_login_failures);
    let auth_limiter = AuthLimiter::new(db.clone(), "authenticate", config.http.max_auth_failures);
    let chosen = db
        .call(|c| crate::db::settings::get(c, crate::api::heal::ANALYZER_SETTING))
        .await
        .context("reading the active analyzer")?;
    let analyzer = crate::state::analyzer::ActiveAnalyzer::new(config.heal.analyzer.clone(), chosen);
    let tasks = crate::tasks::TaskRegistry::open(db.clone()).await.context("opening the task registry")?;
    let sessions = crate::state::sessions::Sessions::open(
        db.clone(),
        Duration::from_secs(config.http.session_ttl_secs),
        api_token.fingerprint(),
    )
    .await
    .context("loading login sessions")?;
    let gateway = crate::gateway::Gateway::new(
        crate::gateway::supervisor::Supervisor::new(
            config.openclaw.bin.clone(),
            openclaw.cli_env().to_vec(),
            &config.data_dir,
        ),
        config.gateway.start_on_boot,
    );
    let state = AppState(Arc::new(App {
        token: api_token,
        db,
        openclaw,
        gateway,
        system: Default::default(),
        sessions,
        login_limiter,
        auth_limiter,
        terminals: crate::state::terminal_slots::TerminalSlots::new(
            config.http.max_tui_sessions,
            config.http.max_shell_sessions,
        ),
        modules,
        analyzer,
        tasks,
        monitor: Default::default(),
        tickets: Default::default(),
        control_ui: Default::default(),
        logins: Default::default(),
        openclaw_version: Default::default(),
        routes,
        config,
    }));
    Ok(state)
}

/// The module runtime's settings from Buddy's configuration; `module check` applies the same.
pub(crate) fn runtime_settings(config: &BuddyConfig, paths: &OpenClawPaths, routes: &[RouteSpec]) -> RuntimeSettings {
    RuntimeSettings {
        user_dir: config.modules_dir(),
        cache_dir: config.data_dir.join("cache").join("modules"),
        module_data_root: config.data_dir.join("module-data"),
        experts_dir: config.experts_dir(),
        state_dir: paths.state_dir.clone(),
        builtins: if config.modules.builtins { builtins::BUILTINS.to_vec() } else { Vec::new() },
        disabled: config.modules.disabled.clone(),
        reserved: routes
            .iter()
            .map(|r| ReservedRoute { method: r.method.to_string(), path: r.path.to_string() })
            .collect(),
        protected: protected_paths(paths, config),
        narrowing: config.modules.each.iter().filter_map(|(n, e)| Some((n.clone(), e.grants.clone()?))).collect(),
        approved: config.modules.each.iter().filter_map(|(n, e)| Some((n.clone(), e.approve.clone()?))).collect(),
        memory_budget_mb: config.modules.memory_budget_mb,
        max_concurrency: config.modules.max_concurrency,
    }
}

/// The limits of every listener, from `[http]`.
fn limits(http: &HttpSettings) -> Limits {
    Limits {
        max_connections: http.max_connections,
        header_read_timeout: Duration::from_secs(http.header_read_timeout_secs),
        shutdown_grace: Duration::from_secs(http.shutdown_grace_secs),
    }
}

/// What no module file grant may reach: OpenClaw's state (see
/// [`buddy_openclaw::paths::OpenClawPaths::protected`]) and Buddy's own token, database,
/// backups, module code and compiled artifacts.
fn protected_paths(paths: &OpenClawPaths, config: &BuddyConfig) -> Vec<Protected> {
    let data = &config.data_dir;
    let mut out: Vec<Protected> = paths
        .protected()
        .into_iter()
        .map(|(path, why, inside_allowed)| Protected { path, why: why.into(), inside_allowed })
        .collect();
    out.push(Protected { path: data.clone(), why: "Buddy's data directory".into(), inside_allowed: true });
    for (name, why) in [
        ("token", "Buddy's API token"),
        ("buddy.sqlite", "Buddy's database"),
        ("backups", "config backups, with their secrets"),
        ("broken", "rejected configs, with their secrets"),
        ("cache", "compiled modules: native code Buddy runs"),
        ("workspace-backups", "agents' workspace file backups"),
    ] {
        out.push(Protected { path: data.join(name), why: why.into(), inside_allowed: false });
    }
    out.push(Protected { path: config.modules_dir(), why: "module code".into(), inside_allowed: false });
    out
}

/// Binds and serves `state` until [`Running::stop`].
pub async fn start_with(state: AppState) -> anyhow::Result<Running> {
    let limits = limits(&state.config.http);
    let shutdown = Shutdown::new();
    let listener =
        TcpListener::bind(state.config.listen).await.with_context(|| format!("binding {}", state.config.listen))?;
    let addr = listener.local_addr()?;
    let mut servers =
        vec![tokio::spawn(listener::serve(listener, crate::app(state.clone()), limits, shutdown.clone()))];
    if let Some(addr) = state.config.metrics.listen {
        let listener = TcpListener::bind(addr).await.with_context(|| format!("binding the metrics address {addr}"))?;
        let router = axum::Router::new().route("/metrics", axum::routing::get(crate::api::metrics::get_metrics));
        servers.push(tokio::spawn(listener::serve(listener, router, limits, shutdown.clone())));
    }
    if state.config.http.control_ui {
        let addr = state.config.http.control_ui_listen.unwrap_or_else(|| SocketAddr::new(state.config.listen.ip(), 0));
        let listener =
            TcpListener::bind(addr).await.with_context(|| format!("binding the Control UI address {addr}"))?;
        state.control_ui.set_addr(listener.local_addr()?);
        let router = crate::control_ui::router(state.clone());
        servers.push(tokio::spawn(listener::serve(listener, router, limits, shutdown.clone())));
    }
    // Modules load once Buddy listens: until then their routes answer 503 "loading".
    let loader = state.clone();
    tokio::spawn(async move {
        loader.modules.load_all().await;
        crate::memory::release_free_memory();
        crate::metrics::modules::publish(&loader.modules.reports().await);
    });
    if state.config.gateway.start_on_boot
        && let Err(e) = crate::lifecycle::queue(&state, crate::gateway::Action::Start).await
    {
        tracing::error!(error = %e, "cannot queue the boot-time gateway start");
    }
    let monitor = crate::monitor::spawn(state.clone());
    Ok(Running { addr, state, shutdown, servers, monitor })
}

/// Builds the state and serves it.
pub async fn start(config: BuddyConfig) -> anyhow::Result<Running> {
    let state = build_state(config).await?;
    start_with(state).await
}

/// Runs Buddy until SIGINT or SIGTERM.
pub async fn serve(config: BuddyConfig) -> anyhow::Result<()> {
    let running = start(config).await?;
    tracing::info!(addr = %running.addr, "OpenClaw Buddy listening");
    eprintln!("OpenClaw Buddy listening on http://{}", running.addr);
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
    tracing::info!("shutting down");
    running.stop().await;
    tracing::info!("stopped");
    Ok(())
}
