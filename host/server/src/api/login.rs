//! E02 and logout. `POST /login` trades the API token for a login session: the HttpOnly,
//! SameSite=Strict `guardian_token` cookie holds the session's random id, never the token
//! (`Secure` too when `http.secure_cookies` says Buddy is served over TLS). `POST /logout`
//! revokes the session at once. Repeated failures from one client are answered 429 and counted,
//! one audit row per lockout (`crate::state::auth_limiter`); every success and every logout is
//! audited.

use std::time::Instant;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::envelope::ok;
use super::extract::Json;
use super::middleware::audit::record;
use super::middleware::auth::{COOKIE_NAME, cookie};
use super::middleware::client_ip::ClientIp;
use crate::app_state::{App, AppState};
use crate::db::system_events::NewEvent;
use crate::error::ApiError;

/// The login body.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    /// Buddy's API token.
    #[schemars(length(min = 1, max = 4096))]
    token: String,
}

/// The reply to a login: the session's lifetime and its public handle (the id is only in the
/// cookie).
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoggedIn {
    /// Seconds.
    expires_in: u64,
    /// The handle `GET /v1/auth/sessions` lists it by.
    session: String,
}

/// The reply to a logout.
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoggedOut {
    logged_out: bool,
    /// Whether a live session was ended.
    revoked: bool,
}

/// The `Set-Cookie` value for `value` living `max_age` seconds.
fn session_cookie(app: &App, value: &str, max_age: u64) -> Result<HeaderValue, ApiError> {
    let secure = if app.config.http.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}"
    ))
    .map_err(|e| ApiError::Opaque(e.into()))
}

/// `POST /login`.
pub async fn post_login(
    State(app): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    Json(body): Json<LoginBody>,
) -> Response {
    let started = Instant::now();
    let response = match login(&app, ip, &headers, &body.token).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    };
    // Refused logins are counted by the limiter, which audits each lockout once; only the
    // sessions actually opened get a row of their own.
    let Some(handle) = response.extensions().get::<SessionHandle>().map(|h| h.0.clone()) else {
        return response;
    };
    let event = NewEvent {
        ts_ms: buddy_openclaw::time::now_ms(),
        user: ip.label(),
        action: "POST /login".into(),
        target: format!("session:{handle}"),
        status: response.status().as_u16(),
        duration_ms: started.elapsed().as_millis() as u64,
        detail: String::new(),
    };
    record(&app, event).await;
    response
}

/// The handle of the session a login created, for its audit row.
#[derive(Debug, Clone)]
struct SessionHandle(String);

async fn login(app: &AppState, ip: ClientIp, headers: &HeaderMap, token: &str) -> Result<Response, ApiError> {
    if let Some(retry_after_secs) = app.login_limiter.blocked(ip.0) {
        return Err(ApiError::TooManyRequests {
            message: format!("too many failed logins; retry in {retry_after_secs} s"),
            retry_after_secs,
        });
    }
    if !app.token.matches(token) {
        app.login_limiter.fail(ip.0).await;
        return Err(ApiError::Unauthorized("Invalid token".into()));
    }
    app.login_limiter.succeed(ip.0);
    app.auth_limiter.succeed(ip.0);
    let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let session = app.sessions.create(&ip.label(), agent).await?;
    let ttl = app.sessions.ttl().as_secs();
    let cookie = session_cookie(app, &session.secret, ttl)?;
    let mut response = ok(LoggedIn { expires_in: ttl, session: session.handle.clone() }).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response.extensions_mut().insert(SessionHandle(session.handle));
    Ok(response)
}

/// `POST /logout`: revokes the session the cookie names (it is HttpOnly, so a page cannot clear
/// it either) and expires the cookie.
pub async fn post_logout(State(app): State<AppState>, ip: ClientIp, headers: HeaderMap) -> Response {
    let started = Instant::now();
    let handle = cookie(&headers, COOKIE_NAME).and_then(|id| app.sessions.authenticate(&id));
    let revoked = match &handle {
        Some(h) => app.sessions.revoke(h).await.map_err(ApiError::from),
        None => Ok(false),
    };
    let mut response = match (revoked, session_cookie(&app, "", 0)) {
        (Ok(revoked), Ok(expired)) => {
            let mut r = ok(LoggedOut { logged_out: true, revoked }).into_response();
            r.headers_mut().insert(header::SET_COOKIE, expired);
            r
        }
        (Err(e), _) | (_, Err(e)) => e.into_response(),
    };
    if let Some(h) = handle {
        let event = NewEvent {
            ts_ms: buddy_openclaw::time::now_ms(),
            user: format!("session:{h}@{}", ip.label()),
            action: "POST /logout".into(),
            target: format!("session:{h}"),
            status: response.status().as_u16(),
            duration_ms: started.elapsed().as_millis() as u64,
            detail: String::new(),
        };
        record(&app, event).await;
    }
    response.extensions_mut().insert(crate::api::middleware::audit::NotAudited);
    response
}
