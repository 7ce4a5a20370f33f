//! Token auth for every protected route: `Authorization: Bearer <token>` or the
//! `guardian_token` cookie, compared in constant time.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::client_ip::ClientIp;
use crate::app_state::AppState;
use crate::error::ApiError;

/// Name of the session cookie set by `/login`.
pub const COOKIE_NAME: &str = "guardian_token";

/// Who made an authenticated request, for the audit log.
#[derive(Debug, Clone)]
pub struct Caller {
    /// `bearer` or `cookie`.
    pub via: &'static str,
    pub ip: ClientIp,
}

impl Caller {
    /// `bearer@127.0.0.1`.
    pub fn label(&self) -> String {
        format!("{}@{}", self.via, self.ip.label())
    }
}

/// The token a request presents, and how.
pub fn presented_token(headers: &axum::http::HeaderMap) -> Option<(&'static str, String)> {
    if let Some(value) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())
        && let Some(token) = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer "))
    {
        return Some(("bearer", token.trim().to_string()));
    }
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| ("cookie", value.to_string()))
}

/// Rejects requests without the right token; records the caller for handlers and the audit.
pub async fn require_auth(State(app): State<AppState>, mut request: Request, next: Next) -> Response {
    match presented_token(request.headers()) {
        Some((via, token)) if app.token.matches(&token) => {
            let caller = Caller { via, ip: ClientIp::of(request.extensions()) };
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Some(_) => ApiError::Unauthorized("invalid token".into()).into_response(),
        None => {
            ApiError::Unauthorized("missing token: send Authorization: Bearer <token> or log in at POST /login".into())
                .into_response()
        }
    }
}
