//! The gateway's Control UI through Buddy, on a listener of its own (`http.control_ui_listen`).
//!
//! On Buddy's own origin, whatever the gateway serves — its Control UI, a plugin's page, a
//! canvas document an agent wrote — would run where the operator's login cookie opens Buddy's
//! API, so `/v1/proxy/*` only serves it sandboxed (no scripts). Here it runs on another origin
//! (another port): the browser keeps Buddy's API out of its reach (no CORS, and Buddy's origin
//! checks refuse its changes), while the Control UI works as on the gateway itself. Buddy's
//! login cookie means nothing on this listener and never reaches the gateway; access is a
//! session of its own, opened by a single-use link from E04 (`handover`) and ended with the
//! login session that asked for it.

mod handover;
mod page;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;

use crate::api::middleware::auth::{COOKIE_NAME, cookie};
use crate::api::panel_proxy::{Upstream, forward};
use crate::app_state::{App, AppState};
use crate::state::control_ui::{HANDOVER_PATH, Parent};

/// The Control UI session's cookie (set by this listener only).
pub const SESSION_COOKIE: &str = "buddy_control_ui";

/// The listener's routes: the handover, and everything else to the gateway.
pub fn router(state: AppState) -> Router {
    Router::new().route(HANDOVER_PATH, get(handover::handover)).fallback(serve).with_state(state)
}

/// Whether what a code or session was issued on still stands.
fn parent_live(app: &App, parent: &Parent) -> bool {
    match parent {
        Parent::Session(handle) => app.sessions.is_live(handle),
        Parent::Token => true,
    }
}

/// Any request but the handover: a live Control UI session, then the gateway.
async fn serve(State(app): State<AppState>, request: Request) -> Response {
    let live =
        cookie(request.headers(), SESSION_COOKIE).is_some_and(|s| app.control_ui.check(&s, |p| parent_live(&app, p)));
    if !live {
        return page::page(
            StatusCode::UNAUTHORIZED,
            "Open the Control UI from Buddy's dashboard: this address needs the link it gives, and the login that asked for it.",
        );
    }
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    // The gateway admits browsers from its own origin; Buddy vouches for this one.
    let mut response = forward(&app, request, Upstream { path, query, vouch_origin: true }).await;
    let headers = response.headers_mut();
    // No gateway reply may set (or clear) Buddy's cookies: they share the host with this one.
    let kept: Vec<HeaderValue> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter(|v| {
            let name = v.to_str().ok().and_then(|t| t.split('=').next()).map(str::trim).unwrap_or_default();
            name != COOKIE_NAME && name != SESSION_COOKIE
        })
        .cloned()
        .collect();
    headers.remove(header::SET_COOKIE);
    for v in kept {
        headers.append(header::SET_COOKIE, v);
    }
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
