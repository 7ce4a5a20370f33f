//! Every route in one list. The list is also exported ([`route_table`]) so tests can enumerate
//! it (every protected route must refuse a request without the token) and documentation can be
//! generated from it.

use axum::Router;
use axum::http::Method;
use axum::middleware::from_fn_with_state;
use axum::routing::{MethodRouter, any, get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

use crate::api::limits::MAX_BODY_BYTES;
use crate::api::middleware::{origin::require_same_origin, protect::protect};
use serde_json::{Map, Value};

use crate::api::{
    bot_files, bots, bots_models, channels, chat, chat_proxy, gateway, heal, health, login, metrics, models, modules,
    openapi, panel_proxy, plugins, sessions, stats, status, system, tasks, web,
};
use crate::app_state::AppState;
use crate::error::ApiError;
use crate::route_spec::schema_of;
pub use crate::route_spec::{Access, Contract, RouteSpec};
use schemars::JsonSchema;

struct Route {
    spec: RouteSpec,
    handler: MethodRouter<AppState>,
}

fn route(
    method: Method,
    path: &'static str,
    access: Access,
    summary: &'static str,
    handler: MethodRouter<AppState>,
) -> Route {
    let contract = Contract { status: 200, ..Contract::default() };
    Route { spec: RouteSpec { method, path, access, summary, contract }, handler }
}

/// The contract of a route, written beside it as the types its handler reads and answers.
impl Route {
    /// The handler's `Query<T>`.
    fn query<T: JsonSchema>(mut self) -> Self {
        self.spec.contract.query = Some(schema_of::<T>);
        self
    }

    /// The handler's `Json<T>` body.
    fn body<T: JsonSchema>(mut self) -> Self {
        self.spec.contract.body = Some(schema_of::<T>);
        self
    }

    /// The `data` of the envelope the handler answers with 200.
    fn reply<T: JsonSchema>(mut self) -> Self {
        self.spec.contract.reply = Some(schema_of::<T>);
        self
    }

    /// A route that starts a task: 202 with the task's id.
    fn task(mut self) -> Self {
        self.spec.contract.reply = Some(schema_of::<crate::api::tasks::TaskStarted>);
        self.spec.contract.status = 202;
        self
    }

    /// A success status other than 200 (201 for a creation).
    fn status(mut self, status: u16) -> Self {
        self.spec.contract.status = status;
        self
    }

    /// A WebSocket: 101 Switching Protocols, then frames.
    fn websocket(mut self) -> Self {
        self.spec.contract.status = 101;
        self.spec.contract.raw = Some("websocket");
        self
    }

    /// The success can also come as `media` (an event stream), when the request asks for it.
    fn or_stream(mut self, media: &'static str) -> Self {
        self.spec.contract.also = Some(media);
        self
    }

    /// A reply that is not the envelope (a page, a stream, metrics, a WebSocket upgrade).
    fn raw(mut self, media: &'static str) -> Self {
        self.spec.contract.raw = Some(media);
        self
    }
}

const PUBLIC: Access = Access::Public;
const PROTECTED: Access = Access::Token;
const TICKET: Access = Access::TokenOrTicket;

// A table: one route per line reads better than rustfmt's layout.
#[rustfmt::skip]
fn routes() -> Vec<Route> {
    vec![
        route(Method::GET, "/health", PUBLIC, "E01 Buddy liveness", get(health::get_health)).reply::<health::Liveness>(),
        route(Method::POST, "/login", PUBLIC, "E02 exchange the token for a login session (cookie)", post(login::post_login)).body::<login::LoginBody>().reply::<login::LoggedIn>(),
        route(Method::GET, "/", PUBLIC, "the web dashboard", get(web::get_web)).raw("text/html"),
        route(Method::GET, "/assets/{*path}", PUBLIC, "the dashboard's assets", get(web::get_web)).raw("*/*"),
        route(Method::GET, "/metrics", PROTECTED, "Prometheus metrics", get(metrics::get_metrics)).raw("text/plain"),
        route(Method::GET, "/v1/openapi.json", PROTECTED, "this API as an OpenAPI 3.1 document", get(openapi::get_openapi)).raw("application/json"),
        route(Method::GET, "/v1/docs", PROTECTED, "the API document as a page", get(openapi::get_docs)).raw("text/html"),
        route(Method::POST, "/logout", PUBLIC, "end the login session and expire its cookie", post(login::post_logout)).reply::<login::LoggedOut>(),
        route(Method::GET, "/v1/auth/sessions", PROTECTED, "login sessions (never their ids)", get(crate::api::auth_sessions::get_sessions)).reply::<Vec<crate::api::auth_sessions::Listed>>(),
        route(Method::DELETE, "/v1/auth/sessions/{id}", PROTECTED, "revoke a login session by its handle", axum::routing::delete(crate::api::auth_sessions::delete_session)).reply::<crate::api::auth_sessions::Revoked>(),
        route(Method::GET, "/v1/openclaw/status", PROTECTED, "E03 gateway status", get(status::get_status)).reply::<status::GatewayStatus>(),
        route(Method::GET, "/v1/openclaw/dashboard-url", PROTECTED, "E04 Control UI URL", get(status::get_dashboard_url)).reply::<status::DashboardUrl>(),
        route(Method::GET, "/v1/stats/health", PROTECTED, "E05 health history", get(stats::get_health_history)).query::<stats::HealthQuery>().reply::<Vec<crate::db::health_checks::Point>>(),
        route(Method::GET, "/v1/tasks/status", PROTECTED, "E07 long-running tasks", get(tasks::get_tasks)).query::<tasks::TasksQuery>().reply::<tasks::Tasks>(),
        route(Method::POST, "/v1/gateway/{action}", PROTECTED, "E40 gateway start, stop or restart (a task)", post(gateway::post_gateway_action)).task(),
        route(Method::GET, "/v1/heal/events", PROTECTED, "E41 heal history", get(heal::get_heal_events)).query::<heal::HealQuery>().reply::<Vec<crate::db::heal_events::HealEvent>>(),
        route(Method::GET, "/v1/heal/reports", PROTECTED, "E42 heal reports (markdown)", get(heal::get_heal_reports)).query::<heal::HealQuery>().reply::<Vec<crate::db::heal_events::HealReport>>(),
        route(Method::GET, "/v1/heal/backups", PROTECTED, "E43 config backups", get(heal::get_backups)).reply::<Vec<buddy_openclaw::config_store::BackupInfo>>(),
        route(Method::GET, "/v1/heal/backups/{name}/diff", PROTECTED, "E44 a backup's diff against the current config", get(heal::get_backup_diff)).reply::<heal::BackupDiff>(),
        route(Method::POST, "/v1/openclaw/chat/completions", PROTECTED, "E35 OpenAI-compatible chat, passed through to the gateway", post(chat_proxy::post_chat_completions)).raw("application/json"),
        route(Method::POST, "/v1/ws/ticket", PROTECTED, "a single-use WebSocket ticket (30 s)", post(crate::ws::ticket::post_ws_ticket)).reply::<crate::ws::ticket::Ticket>(),
        route(Method::GET, "/v1/ws/logs", TICKET, "E48 follow a log (WebSocket)", get(crate::ws::logs::get_ws_logs)).websocket(),
        route(Method::GET, "/v1/ws/tui", TICKET, "E49 OpenClaw's terminal UI in a PTY (WebSocket)", get(crate::ws::tui::get_ws_tui)).websocket(),
        route(Method::GET, "/v1/ws/shell", TICKET, "E50 restricted maintenance shell (WebSocket)", get(crate::ws::shell::get_ws_shell)).websocket(),
        route(Method::GET, "/v1/proxy", PROTECTED, "E51 ANY: the gateway's Control UI", any(panel_proxy::any_proxy)).raw("text/html"),
        route(Method::GET, "/v1/proxy/", PROTECTED, "E51 ANY: the gateway's Control UI", any(panel_proxy::any_proxy)).raw("text/html"),
        route(Method::GET, "/v1/proxy/{*path}", PROTECTED, "E51 ANY: the gateway's Control UI (HTTP and WebSocket)", any(panel_proxy::any_proxy)).raw("text/html"),
        route(Method::GET, "/v1/channels", PROTECTED, "channel modules with their status", get(channels::get_channels)).reply::<Vec<channels::ChannelEntry>>(),
        route(Method::GET, "/v1/channels/{id}/status", PROTECTED, "a channel's plugin and accounts (no secrets)", get(channels::get_channel_status)).reply::<channels::ChannelStatus>(),
        route(Method::POST, "/v1/channels/{id}/install", PROTECTED, "install a channel's plugin (a task)", post(channels::post_channel_install)).task(),
        route(Method::GET, "/v1/channels/{id}/login", PROTECTED, "a channel's QR login (JSON, or SSE with Accept: text/event-stream)", get(channels::get_channel_login)).reply::<crate::state::channel_logins::Snapshot>().or_stream("text/event-stream"),
        route(Method::DELETE, "/v1/channels/{id}/login", PROTECTED, "cancel a channel's running login", axum::routing::delete(channels::delete_channel_login)).reply::<channels::LoginCancelled>(),
        route(Method::GET, "/v1/wechat/qrcode", PROTECTED, "E45 WeChat QR login (JSON or SSE)", get(channels::get_wechat_qrcode)).reply::<crate::state::channel_logins::Snapshot>().or_stream("text/event-stream"),
        route(Method::GET, "/v1/wechat/config/status", PROTECTED, "E46 WeChat channel status", get(channels::get_wechat_status)).reply::<channels::ChannelStatus>(),
        route(Method::POST, "/v1/wechat/install", PROTECTED, "E47 install the WeChat plugin (a task)", post(channels::post_wechat_install)).task(),
        route(Method::GET, "/v1/system/info", PROTECTED, "E08 host machine", get(system::get_system_info)).reply::<crate::system_probe::HostInfo>(),
        route(Method::GET, "/v1/system/events", PROTECTED, "E09 audit log", get(system::get_system_events)).query::<system::EventsQuery>().reply::<Vec<system::AuditEntry>>(),
        route(Method::GET, "/v1/openclaw/bots-models", PROTECTED, "E10 bots and models", get(bots_models::get_bots_models)).query::<bots_models::BotsModelsQuery>().reply::<bots_models::BotsModelsReply>(),
        route(Method::GET, "/v1/openclaw/bots/top", PROTECTED, "E06 bots ranked by use", get(crate::api::bots_top::get_bots_top)).query::<crate::api::bots_top::TopQuery>().reply::<Vec<buddy_openclaw::session_stats::BotActivity>>(),
        route(Method::POST, "/v1/openclaw/bots/add", PROTECTED, "E11 add a bot", post(crate::api::bots::post_bot_add)).body::<bots::AddBot>().reply::<bots::BotChanged<Map<String, Value>>>(),
        route(Method::POST, "/v1/openclaw/bots/update", PROTECTED, "E12 update a bot's config", post(crate::api::bots::post_bot_update)).body::<bots::UpdateBot>().reply::<bots::BotChanged<bots::BotConfig>>(),
        route(Method::POST, "/v1/openclaw/bots/set-identity", PROTECTED, "E13 set a bot's identity", post(crate::api::bots::post_bot_set_identity)).body::<bots::SetIdentity>().reply::<bots::BotChanged<bots::BotIdentity>>(),
        route(Method::POST, "/v1/openclaw/bots/set-model", PROTECTED, "E14 set a bot's model", post(crate::api::bots::post_bot_set_model)).body::<bots::SetModel>().reply::<bots::BotChanged<bots::BotModel>>(),
        route(Method::POST, "/v1/openclaw/bots/delete", PROTECTED, "E15 delete a bot", post(crate::api::bots::post_bot_delete)).body::<bots::DeleteBot>().reply::<bots::BotChanged<Map<String, Value>>>(),
        route(Method::GET, "/v1/openclaw/bots/file", PROTECTED, "E16 read a workspace file", get(crate::api::bot_files::get_bot_file)).query::<bot_files::FileQuery>().reply::<bot_files::FileContent>(),
        route(Method::POST, "/v1/openclaw/bots/file", PROTECTED, "E17 write a workspace file", post(crate::api::bot_files::post_bot_file)).body::<bot_files::WriteFile>().reply::<bot_files::FileWritten>(),
        route(Method::GET, "/v1/openclaw/models/config", PROTECTED, "E20 providers and models", get(crate::api::models::get_models_config)).reply::<buddy_openclaw::providers::ModelsConfig>(),
        route(Method::POST, "/v1/openclaw/models/provider", PROTECTED, "E21 add or update a provider", post(crate::api::models::post_models_provider)).body::<buddy_openclaw::providers::ProviderInput>().reply::<buddy_openclaw::providers::Upserted<buddy_openclaw::providers::ProviderView>>(),
        route(Method::POST, "/v1/openclaw/models/provider/model", PROTECTED, "E22 add or update a model", post(crate::api::models::post_models_provider_model)).body::<models::ModelBody>().reply::<buddy_openclaw::providers::Upserted<buddy_openclaw::providers::ModelUpserted>>(),
        route(Method::DELETE, "/v1/openclaw/models/provider/{provider}/model/{id}", PROTECTED, "E23 remove a model or provider", axum::routing::delete(crate::api::models::delete_models_provider_model)).query::<models::RemoveQuery>().reply::<buddy_openclaw::model_refs::Removed>(),
        route(Method::POST, "/v1/openclaw/models/set-default", PROTECTED, "E24 set the default model", post(crate::api::models::post_models_set_default)).body::<models::SetDefault>().reply::<buddy_openclaw::model_refs::DefaultSet>(),
        route(Method::POST, "/v1/openclaw/models/test-direct", PROTECTED, "E25 probe a provider", post(crate::api::model_test::post_models_test_direct)).body::<crate::api::model_test::TestDirect>().reply::<buddy_openclaw::model_probe::ProbeResult>(),
        route(Method::GET, "/v1/openclaw/plugins", PROTECTED, "E29 plugins", get(crate::api::plugins::get_plugins)).query::<plugins::ListQuery>().reply::<buddy_openclaw::plugins::PluginList>(),
        route(Method::POST, "/v1/openclaw/plugins/enable", PROTECTED, "E30 enable a plugin", post(crate::api::plugins::post_plugin_enable)).body::<plugins::PluginId>().reply::<buddy_openclaw::plugins::PluginSwitched>(),
        route(Method::POST, "/v1/openclaw/plugins/disable", PROTECTED, "E31 disable a plugin", post(crate::api::plugins::post_plugin_disable)).body::<plugins::PluginId>().reply::<buddy_openclaw::plugins::PluginSwitched>(),
        route(Method::POST, "/v1/openclaw/plugins/reload", PROTECTED, "E32 re-read plugins", post(crate::api::plugins::post_plugins_reload)).reply::<plugins::Reloaded>(),
        route(Method::POST, "/v1/openclaw/plugins/update", PROTECTED, "E33 update all plugins (a task)", post(crate::api::plugins::post_plugins_update)).task(),
        route(Method::DELETE, "/v1/openclaw/plugins/{id}", PROTECTED, "E34 uninstall a plugin", axum::routing::delete(crate::api::plugins::delete_plugin)).reply::<buddy_openclaw::plugins::PluginUninstalled>(),
        route(Method::GET, "/v1/openclaw/chat/status", PROTECTED, "E36 chat endpoint status", get(crate::api::chat::get_chat_status)).reply::<chat::ChatStatus>(),
        route(Method::POST, "/v1/openclaw/chat/enable", PROTECTED, "E37 enable the chat endpoint (hot-applied)", post(crate::api::chat::post_chat_enable)).reply::<chat::ChatEnabled>(),
        route(Method::GET, "/v1/openclaw/chat/quick-commands", PROTECTED, "E38 quick commands", get(crate::api::chat::get_quick_commands)).reply::<Vec<crate::db::quick_commands::QuickCommand>>(),
        route(Method::POST, "/v1/openclaw/chat/quick-commands", PROTECTED, "E38 save a quick command", post(crate::api::chat::post_quick_command)).body::<chat::NewQuickCommand>().reply::<chat::SavedQuickCommand>(),
        route(Method::DELETE, "/v1/openclaw/chat/quick-commands/{id}", PROTECTED, "E38 delete a quick command", axum::routing::delete(crate::api::chat::delete_quick_command)).reply::<crate::db::quick_commands::QuickCommand>(),
        route(Method::GET, "/v1/openclaw/sessions", PROTECTED, "E39 sessions", get(crate::api::sessions::get_sessions)).query::<sessions::SessionsQuery>().reply::<buddy_openclaw::sessions::Sessions>(),
        route(Method::GET, "/v1/modules", PROTECTED, "WASM modules: status, grants requested and approved, digest, the active analyzer", get(modules::get_modules)).reply::<Vec<buddy_runtime::report::ModuleReport>>(),
        route(Method::POST, "/v1/modules", PROTECTED, "install a module (manifest + base64 wasm); it is pending approval", post(modules::post_module).layer(axum::extract::DefaultBodyLimit::max(modules::MAX_INSTALL_BODY))).body::<modules::InstallBody>().reply::<buddy_runtime::report::ModuleReport>().status(201),
        route(Method::POST, "/v1/modules/{name}/approve", PROTECTED, "approve a pending module: pin its digest and grants, start it", post(modules::post_approve)).body::<modules::ApproveBody>().reply::<buddy_runtime::report::ModuleReport>(),
        route(Method::POST, "/v1/modules/{name}/disable", PROTECTED, "disable a module (its routes stop at once)", post(modules::post_disable)).reply::<buddy_runtime::report::ModuleReport>(),
        route(Method::POST, "/v1/modules/{name}/enable", PROTECTED, "enable a module disabled through the API", post(modules::post_enable)).reply::<buddy_runtime::report::ModuleReport>(),
        route(Method::DELETE, "/v1/modules/{name}", PROTECTED, "delete a third-party module, its data and approval", axum::routing::delete(modules::delete_module)).reply::<modules::Deleted>(),
        route(Method::POST, "/v1/modules/{name}/reload", PROTECTED, "reload one module from its files", post(modules::post_reload)).reply::<buddy_runtime::report::ModuleReport>(),
        route(Method::POST, "/v1/heal/analyzer", PROTECTED, "pick the analyzer module (takes effect at once)", post(heal::post_analyzer)).body::<heal::AnalyzerChoice>().reply::<crate::state::analyzer::AnalyzerView>(),
    ]
}

/// The native routes (module routes are listed by `GET /v1/modules`).
pub fn route_table() -> Vec<RouteSpec> {
    routes().into_iter().map(|r| r.spec).collect()
}

/// Builds the application: public routes, protected routes behind auth and audit, module
/// routes as the protected fallback, and the envelope for unknown routes and wrong methods.
pub fn app(state: AppState) -> Router {
    let (mut public, mut protected, mut ticketed) = (Router::new(), Router::new(), Router::new());
    for Route { spec, handler } in routes() {
        match spec.access {
            Access::Public => public = public.route(spec.path, handler),
            Access::Token => protected = protected.route(spec.path, handler),
            Access::TokenOrTicket => ticketed = ticketed.route(spec.path, handler),
        }
    }
    // Layers run outside in: authenticate (token, session or ticket), then check the origin of
    // ambient credentials; protected routes do both, and the audit, in one layer.
    let ticketed = ticketed
        .layer(from_fn_with_state(state.clone(), require_same_origin))
        .layer(from_fn_with_state(state.clone(), crate::ws::ticket::require_token_or_ticket));
    let protected = protected
        .fallback(crate::api::module_dispatch::module_fallback)
        .layer(from_fn_with_state(state.clone(), protect));
    public
        .merge(ticketed)
        .merge(protected)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response(ApiError::Internal("internal error (handler panicked)".into()))
        }))
        .layer(axum::middleware::from_fn(crate::api::middleware::error_envelope::envelope_refusals))
        .layer(axum::middleware::from_fn(crate::api::middleware::security_headers::security_headers))
        .layer(axum::middleware::from_fn(crate::api::middleware::metrics::track))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn method_not_allowed(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::MethodNotAllowed(format!("{method} is not allowed on {}", uri.path()))
}
