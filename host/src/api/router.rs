//! Every route in one list. The list is also exported ([`route_table`]) so tests can enumerate
//! it (every protected route must refuse a request without the token) and documentation can be
//! generated from it.

use axum::Router;
use axum::http::Method;
use axum::middleware::from_fn_with_state;
use axum::routing::{MethodRouter, get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

use super::middleware::{audit::audit, auth::require_auth};
use super::{bots_models, gateway, heal, health, login, modules, stats, status, system, tasks};
use crate::app_state::AppState;
use crate::error::ApiError;

/// Largest request body Buddy reads.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A route: method, path (axum syntax) and whether it is public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub public: bool,
    pub summary: &'static str,
}

struct Route {
    spec: RouteSpec,
    handler: MethodRouter<AppState>,
}

fn route(
    method: Method,
    path: &'static str,
    public: bool,
    summary: &'static str,
    handler: MethodRouter<AppState>,
) -> Route {
    Route { spec: RouteSpec { method, path, public, summary }, handler }
}

const PUBLIC: bool = true;
const PROTECTED: bool = false;

// A table: one route per line reads better than rustfmt's layout.
#[rustfmt::skip]
fn routes() -> Vec<Route> {
    vec![
        route(Method::GET, "/health", PUBLIC, "E01 Buddy liveness", get(health::get_health)),
        route(Method::POST, "/login", PUBLIC, "E02 exchange the token for a session cookie", post(login::post_login)),
        route(Method::GET, "/v1/openclaw/status", PROTECTED, "E03 gateway status", get(status::get_status)),
        route(Method::GET, "/v1/openclaw/dashboard-url", PROTECTED, "E04 Control UI URL", get(status::get_dashboard_url)),
        route(Method::GET, "/v1/stats/health", PROTECTED, "E05 health history", get(stats::get_health_history)),
        route(Method::GET, "/v1/tasks/status", PROTECTED, "E07 long-running tasks", get(tasks::get_tasks)),
        route(Method::POST, "/v1/gateway/{action}", PROTECTED, "E40 gateway start, stop or restart (a task)", post(gateway::post_gateway_action)),
        route(Method::GET, "/v1/heal/events", PROTECTED, "E41 heal history", get(heal::get_heal_events)),
        route(Method::GET, "/v1/heal/reports", PROTECTED, "E42 heal reports (markdown)", get(heal::get_heal_reports)),
        route(Method::GET, "/v1/heal/backups", PROTECTED, "E43 config backups", get(heal::get_backups)),
        route(Method::GET, "/v1/heal/backups/{name}/diff", PROTECTED, "E44 a backup's diff against the current config", get(heal::get_backup_diff)),
        route(Method::GET, "/v1/system/info", PROTECTED, "E08 host machine", get(system::get_system_info)),
        route(Method::GET, "/v1/system/events", PROTECTED, "E09 audit log", get(system::get_system_events)),
        route(Method::GET, "/v1/openclaw/bots-models", PROTECTED, "E10 bots and models", get(bots_models::get_bots_models)),
        route(Method::GET, "/v1/modules", PROTECTED, "loaded WASM modules", get(modules::get_modules)),
        route(Method::POST, "/v1/modules/{name}/reload", PROTECTED, "reload one module", post(modules::post_reload)),
    ]
}

/// The native routes (module routes are listed by `GET /v1/modules`).
pub fn route_table() -> Vec<RouteSpec> {
    routes().into_iter().map(|r| r.spec).collect()
}

/// Builds the application: public routes, protected routes behind auth and audit, module
/// routes as the protected fallback, and the envelope for unknown routes and wrong methods.
pub fn app(state: AppState) -> Router {
    let mut public = Router::new();
    let mut protected = Router::new();
    for Route { spec, handler } in routes() {
        if spec.public {
            public = public.route(spec.path, handler);
        } else {
            protected = protected.route(spec.path, handler);
        }
    }
    let protected = protected
        .fallback(crate::runtime::dispatch::module_fallback)
        .layer(from_fn_with_state(state.clone(), audit))
        .layer(from_fn_with_state(state.clone(), require_auth));
    public
        .merge(protected)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response(ApiError::Internal("internal error (handler panicked)".into()))
        }))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn method_not_allowed(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::MethodNotAllowed(format!("{method} is not allowed on {}", uri.path()))
}
