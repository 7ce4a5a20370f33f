//! E02: exchanges the token for an HttpOnly, SameSite=Strict session cookie. Repeated failures
//! from one client are answered 429. Every attempt is audited.

use std::time::Instant;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::envelope::ok;
use super::extract::Json;
use super::middleware::audit::record;
use super::middleware::auth::COOKIE_NAME;
use super::middleware::client_ip::ClientIp;
use crate::app_state::AppState;
use crate::db::system_events::NewEvent;
use crate::error::ApiError;

/// The login body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    token: String,
}

/// How long the cookie lives (12 h).
const COOKIE_MAX_AGE_SECS: u64 = 12 * 3600;

/// `POST /login`.
pub async fn post_login(State(app): State<AppState>, ip: ClientIp, Json(body): Json<LoginBody>) -> Response {
    let started = Instant::now();
    let result = login(&app, ip, &body.token);
    let response = match result {
        Ok(()) => {
            let cookie = format!(
                "{COOKIE_NAME}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={COOKIE_MAX_AGE_SECS}",
                body.token
            );
            let mut response = ok(json!({ "expiresIn": COOKIE_MAX_AGE_SECS })).into_response();
            match HeaderValue::from_str(&cookie) {
                Ok(v) => {
                    response.headers_mut().insert(header::SET_COOKIE, v);
                    response
                }
                Err(_) => ApiError::field("token", "contains characters a cookie cannot carry").into_response(),
            }
        }
        Err(e) => e.into_response(),
    };
    let event = NewEvent {
        ts_ms: buddy_openclaw::time::now_ms(),
        user: ip.label(),
        action: "POST /login".into(),
        target: "session".into(),
        status: response.status().as_u16(),
        duration_ms: started.elapsed().as_millis() as u64,
        detail: String::new(),
    };
    record(&app, event).await;
    response
}

/// `POST /logout`: expires the session cookie (it is HttpOnly, so a page cannot clear it).
pub async fn post_logout() -> Response {
    let mut response = ok(json!({ "loggedOut": true })).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("guardian_token=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    );
    response
}

fn login(app: &AppState, ip: ClientIp, token: &str) -> Result<(), ApiError> {
    if let Some(retry_after_secs) = app.login_limiter.blocked(ip.0) {
        return Err(ApiError::TooManyRequests {
            message: format!("too many failed logins; retry in {retry_after_secs} s"),
            retry_after_secs,
        });
    }
    if app.token.matches(token) {
        app.login_limiter.succeed(ip.0);
        Ok(())
    } else {
        app.login_limiter.fail(ip.0);
        Err(ApiError::Unauthorized("Invalid token".into()))
    }
}
