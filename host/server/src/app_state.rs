//! The application state every handler receives: one documented field per dependency.

use std::ops::Deref;
use std::sync::Arc;

use buddy_openclaw::OpenClaw;
use buddy_runtime::ModuleHost;

use crate::config::BuddyConfig;
use crate::db::Db;
use crate::state::auth_limiter::AuthLimiter;
use crate::system_probe::SystemProbe;
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
    /// The OpenClaw install: its CLI, config file and gateway probes.
    pub openclaw: Arc<OpenClaw>,
    /// Starts, stops and supervises the gateway.
    pub gateway: crate::gateway::Gateway,
    /// Host and process resource figures.
    pub system: SystemProbe,
    /// Dashboard login sessions.
    pub sessions: crate::state::sessions::Sessions,
    /// Failed-login counter for `/login`.
    pub login_limiter: AuthLimiter,
    /// Failed-authentication counter for the API (bearer token, session cookie, ticket).
    pub auth_limiter: AuthLimiter,
    /// Channel logins in progress.
    pub logins: crate::state::channel_logins::LoginSessions,
    /// Free TUI and shell session slots.
    pub terminals: crate::state::terminal_slots::TerminalSlots,
    /// The Control UI listener's address, handover codes and sessions.
    pub control_ui: crate::state::control_ui::ControlUi,
    /// Outstanding WebSocket tickets.
    pub tickets: crate::state::tickets::Tickets,
    /// The health monitor's state.
    pub monitor: crate::state::monitor::Monitor,
    /// Long-running tasks (E07).
    pub tasks: crate::tasks::TaskRegistry,
    /// WASM modules: loaded, pending approval, disabled or failed.
    pub modules: ModuleHost,
    /// The analyzer module heals and E44 call.
    pub analyzer: crate::state::analyzer::ActiveAnalyzer,
    /// Buddy's own routes (the router's table), for the API document.
    pub routes: Vec<crate::route_spec::RouteSpec>,
    /// OpenClaw's version, asked once.
    pub openclaw_version: tokio::sync::OnceCell<Option<String>>,
}
