//! Origin checks for ambient credentials. A browser attaches the session cookie (and a
//! WebSocket ticket sits in a URL) whatever page starts the request, and `SameSite=Strict`
//! does not tell Buddy from another port of the same host (the gateway's Control UI, a plugin's
//! page). So a request authenticated that way that changes something (any method but
//! GET/HEAD/OPTIONS), and every WebSocket upgrade, must come from Buddy's own origin — the
//! scheme and `Host` of the request — or from `http.allowed_origins`. Without an `Origin`
//! header, `Sec-Fetch-Site` must say `same-origin` or `none`; a request with neither is not
//! from a browser page that could be trusted, and `Origin: null` (sandboxed or opaque pages) is
//! refused. Bearer clients hold the token itself and are exempt.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::auth::Caller;
use crate::app_state::{App, AppState};
use crate::error::ApiError;

/// The refusal of a cross-origin change or WebSocket upgrade made with ambient credentials
/// (the caller is already on the request).
pub fn refusal(app: &App, request: &Request) -> Option<Response> {
    let ambient = request.extensions().get::<Caller>().is_some_and(Caller::is_ambient);
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if ambient && (changes || is_websocket_upgrade(request.headers())) {
        return check(app, request.headers()).err().map(IntoResponse::into_response);
    }
    None
}

/// Refuses cross-origin changes and WebSocket upgrades made with ambient credentials.
pub async fn require_same_origin(State(app): State<AppState>, request: Request, next: Next) -> Response {
    match refusal(&app, &request) {
        Some(refused) => refused,
        None => next.run(request).await,
    }
}

/// Whether the request asks to become a WebSocket.
pub fn is_websocket_upgrade(headers: &HeaderMap) -> bool {
    headers.get(header::UPGRADE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// Buddy's own origin as the browser sees it: the scheme Buddy is served with and `Host`.
fn own_origin(app: &App, headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let scheme = if app.config.http.secure_cookies { "https" } else { "http" };
    Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// `Ok` when the request comes from Buddy's own origin or an allowed one.
pub fn check(app: &App, headers: &HeaderMap) -> Result<(), ApiError> {
    let header_text = |name| headers.get(name).map(|v| v.to_str().unwrap_or("(not text)").to_string());
    match header_text(header::ORIGIN) {
        Some(origin) => {
            let origin = origin.trim_end_matches('/').to_ascii_lowercase();
            let allowed = own_origin(app, headers).as_deref() == Some(origin.as_str())
                || app
                    .config
                    .http
                    .allowed_origins
                    .iter()
                    .any(|a| a.trim_end_matches('/').eq_ignore_ascii_case(&origin));
            if allowed {
                Ok(())
            } else {
                Err(ApiError::Forbidden(format!(
                    "origin: {origin} may not use this session; only Buddy's own origin or http.allowed_origins may \
                     (API clients: send Authorization: Bearer <token>)"
                )))
            }
        }
        None => match header_text(axum::http::HeaderName::from_static("sec-fetch-site")).as_deref() {
            Some("same-origin" | "none") => Ok(()),
            Some(site) => Err(ApiError::Forbidden(format!(
                "origin: a {site} request may not use this session (API clients: send Authorization: Bearer <token>)"
            ))),
            None => Err(ApiError::Forbidden(
                "origin: a session or ticket needs an Origin or Sec-Fetch-Site header from the browser (API \
                 clients: send Authorization: Bearer <token>)"
                    .into(),
            )),
        },
    }
}
