//! Authentication of protected routes: `Authorization: Bearer <API token>` (compared in
//! constant time), or the `guardian_token` cookie holding a live login session's id (never the
//! token itself). WebSocket routes also take a ticket (`crate::ws::ticket`).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::client_ip::ClientIp;
use crate::app_state::App;
use crate::app_state::AppState;
use crate::error::ApiError;

/// Name of the session cookie set by `/login`.
pub const COOKIE_NAME: &str = "guardian_token";

/// How a request proved who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// The API token in an `Authorization` header.
    Bearer,
    /// A login session's cookie; the session's public handle.
    Session(String),
    /// A single-use WebSocket ticket.
    Ticket,
}

/// Who made an authenticated request, for handlers and the audit log.
#[derive(Debug, Clone)]
pub struct Caller {
    pub via: Via,
    pub ip: ClientIp,
}

impl Caller {
    /// `bearer@127.0.0.1`, `session:1a2b3c4d5e6f7a8b@127.0.0.1`, `ticket@127.0.0.1`.
    pub fn label(&self) -> String {
        let via = match &self.via {
            Via::Bearer => "bearer".to_string(),
            Via::Session(handle) => format!("session:{handle}"),
            Via::Ticket => "ticket".to_string(),
        };
        format!("{via}@{}", self.ip.label())
    }

    /// Whether the credential is one a browser attaches by itself (a cookie, or a ticket in
    /// the URL), so the request's origin must be checked.
    pub fn is_ambient(&self) -> bool {
        !matches!(self.via, Via::Bearer)
    }
}

/// A credential as presented, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presented {
    Bearer(String),
    Cookie(String),
}

/// The value of the cookie `name`, if the request carries it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_string())
}

/// The credential a request presents: a bearer token first, else the session cookie.
pub fn presented(headers: &HeaderMap) -> Option<Presented> {
    if let Some(value) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())
        && let Some(token) = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer "))
    {
        return Some(Presented::Bearer(token.trim().to_string()));
    }
    cookie(headers, COOKIE_NAME).map(Presented::Cookie)
}

/// The 429 a locked-out client gets.
pub fn locked_out(retry_after_secs: u64) -> ApiError {
    ApiError::TooManyRequests {
        message: format!("too many failed authentications; retry in {retry_after_secs} s"),
        retry_after_secs,
    }
}

/// Checks a presented credential: `Some(Ok)` for a good one, `Some(Err)` for a bad one (counted
/// against the client, which is refused outright once locked out), `None` when there is none.
pub async fn check(app: &App, headers: &HeaderMap, ip: ClientIp) -> Option<Result<Caller, ApiError>> {
    let presented = presented(headers)?;
    if let Some(retry_after_secs) = app.auth_limiter.blocked(ip.0) {
        return Some(Err(locked_out(retry_after_secs)));
    }
    let result = verify(app, presented, ip);
    if result.is_err() {
        app.auth_limiter.fail(ip.0).await;
    }
    Some(result)
}

fn verify(app: &App, presented: Presented, ip: ClientIp) -> Result<Caller, ApiError> {
    match presented {
        Presented::Bearer(token) if app.token.matches(&token) => Ok(Caller { via: Via::Bearer, ip }),
        Presented::Bearer(_) => Err(ApiError::Unauthorized("invalid token".into())),
        Presented::Cookie(id) => match app.sessions.authenticate(&id) {
            Some(handle) => Ok(Caller { via: Via::Session(handle), ip }),
            None => Err(ApiError::Unauthorized("session expired or logged out: log in again at POST /login".into())),
        },
    }
}

/// Checks the request's credential and records the caller on it (for handlers, the origin
/// check and the audit); the refusal when there is no valid credential.
pub async fn authenticate(app: &App, request: &mut Request) -> Result<(), Response> {
    let ip = ClientIp::of(request.extensions());
    match check(app, request.headers(), ip).await {
        Some(Ok(caller)) => {
            request.extensions_mut().insert(caller);
            Ok(())
        }
        Some(Err(e)) => Err(e.into_response()),
        None => Err(ApiError::Unauthorized(
            "missing token: send Authorization: Bearer <token> or log in at POST /login".into(),
        )
        .into_response()),
    }
}

/// Rejects requests without a valid credential (as a layer of its own, for routers outside
/// the route table).
pub async fn require_auth(State(app): State<AppState>, mut request: Request, next: Next) -> Response {
    match authenticate(&app, &mut request).await {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal,
    }
}
