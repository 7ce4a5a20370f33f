//! Start-up: data dir, database, token, OpenClaw adapter, modules, then the HTTP server.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::app_state::{App, AppState};
use crate::config::BuddyConfig;
use crate::db::Db;
use crate::openclaw::cli::CliRunner;
use crate::openclaw::config_store::ConfigStore;
use crate::openclaw::gateway::GatewayClient;
use crate::openclaw::paths::OpenClawPaths;
use crate::openclaw::snapshot::SnapshotCache;
use crate::runtime::ModuleHost;
use crate::token::{self, TokenSource};

/// Gateway probes give up after this long: status must answer quickly when it is down.
const PROBE_TIMEOUT: Duration = Duration::from_millis(1500);

/// A running server.
pub struct Running {
    /// The address it listens on (useful when the config asked for port 0).
    pub addr: SocketAddr,
    /// The state the server shares (tests reach the database and runtime through it).
    pub state: AppState,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    monitor: Option<tokio::task::JoinHandle<()>>,
}

impl Running {
    /// Stops accepting connections and waits for the server to finish.
    pub async fn stop(mut self) {
        if let Some(monitor) = self.monitor.take() {
            monitor.abort();
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
        if self.state.config.gateway.stop_on_exit {
            self.state.gateway.supervisor.kill_recorded();
        }
    }

    /// Waits until the server ends (it ends on SIGINT/SIGTERM when started by [`serve`]).
    pub async fn wait(self) -> anyhow::Result<()> {
        self.task.await.context("server task")?.context("server")
    }
}

/// Builds the state: creates the data dir, opens the database, resolves the token (printing a
/// generated one once) and loads modules.
pub async fn build_state(config: BuddyConfig) -> anyhow::Result<AppState> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data dir {}", config.data_dir.display()))?;
    let db = Db::open(&config.data_dir.join("buddy.sqlite")).context("opening the database")?;
    let (api_token, source) =
        token::resolve(config.token.as_deref(), &config.data_dir).context("resolving the API token")?;
    if let TokenSource::Generated { path, value } = &source {
        // Shown once, on the terminal of the operator who started Buddy; never logged.
        eprintln!("Generated an API token (stored in {}, shown only this once):\n\n    {value}\n", path.display());
    }
    let paths =
        OpenClawPaths::resolve(config.openclaw.state_dir.as_deref(), config.openclaw.config_path.as_deref(), &|k| {
            std::env::var_os(k)
        });
    let mut env = paths.cli_env();
    env.extend(config.openclaw.env.iter().map(|(k, v)| (k.clone(), v.into())));
    let cli_env_for_gateway = env.clone();
    let cli = CliRunner::new(config.openclaw.bin.clone(), env, Duration::from_secs(config.openclaw.cli_timeout_secs));
    let store = Arc::new(ConfigStore::new(
        paths.config_path.clone(),
        config.data_dir.join("backups"),
        config.openclaw.backup_keep,
    ));
    let snapshot = SnapshotCache::new(store.clone(), paths.clone());
    if let Ok(snap) = snapshot.get().await {
        cli.set_secrets(App::known_secrets(&snap.config));
    }
    let modules = ModuleHost::new(&config, db.clone()).context("starting the module runtime")?;
    let tasks = crate::tasks::TaskRegistry::open(db.clone()).await.context("opening the task registry")?;
    let state = AppState(Arc::new(App {
        token: api_token,
        db,
        paths,
        cli,
        cli_cache: Default::default(),
        config_store: store,
        snapshot,
        probe: GatewayClient::new(PROBE_TIMEOUT),
        gateway: crate::gateway::Gateway::new(
            crate::gateway::supervisor::Supervisor::new(
                config.openclaw.bin.clone(),
                cli_env_for_gateway,
                &config.data_dir,
            ),
            config.gateway.start_on_boot,
        ),
        system: Default::default(),
        login_limiter: Default::default(),
        modules,
        tasks,
        monitor: Default::default(),
        tickets: Default::default(),
        logins: Default::default(),
        openclaw_version: Default::default(),
        config,
    }));
    state.modules.load_all(&state).await;
    Ok(state)
}

/// Binds and serves `state` until [`Running::stop`].
pub async fn start_with(state: AppState) -> anyhow::Result<Running> {
    let listener =
        TcpListener::bind(state.config.listen).await.with_context(|| format!("binding {}", state.config.listen))?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let router = crate::app(state.clone());
    let task = tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await
    });
    if state.config.gateway.start_on_boot
        && let Err(e) = crate::gateway::queue(&state, crate::gateway::Action::Start).await
    {
        tracing::error!(error = %e, "cannot queue the boot-time gateway start");
    }
    if let Some(addr) = state.config.metrics.listen {
        let listener = TcpListener::bind(addr).await.with_context(|| format!("binding the metrics address {addr}"))?;
        let router = axum::Router::new().route("/metrics", axum::routing::get(crate::api::metrics::get_metrics));
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
    }
    let monitor = crate::monitor::spawn(state.clone());
    Ok(Running { addr, state, shutdown: Some(tx), task, monitor })
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
    Ok(())
}
