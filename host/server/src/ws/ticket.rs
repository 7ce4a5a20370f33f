//! `POST /v1/ws/ticket` and the auth of WebSocket routes: the token, a session, or a ticket.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::api::envelope::ok;
use crate::api::extract::query_pairs;
use crate::api::middleware::auth::{Caller, Via, check, locked_out};
use crate::api::middleware::client_ip::ClientIp;
use crate::app_state::AppState;
use crate::error::ApiError;
use crate::state::tickets::TICKET_TTL;

/// The reply: a ticket to put in a WebSocket URL (`?ticket=`), good once.
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    ticket: String,
    /// Seconds.
    expires_in: u64,
}

/// `POST /v1/ws/ticket`.
pub async fn post_ws_ticket(State(app): State<AppState>) -> Response {
    let mut response = ok(Ticket { ticket: app.tickets.issue(), expires_in: TICKET_TTL.as_secs() }).into_response();
    response.extensions_mut().insert(crate::api::middleware::audit::NotAudited);
    response
}

/// Auth for WebSocket routes: the token (header) or a session (cookie), or a valid `?ticket=`.
pub async fn require_token_or_ticket(State(app): State<AppState>, mut request: Request, next: Next) -> Response {
    let ip = ClientIp::of(request.extensions());
    match check(&app, request.headers(), ip).await {
        Some(Ok(caller)) => {
            request.extensions_mut().insert(caller);
            return next.run(request).await;
        }
        Some(Err(e)) => return e.into_response(),
        None => {}
    }
    let ticket = query_pairs(request.uri()).into_iter().find(|(k, _)| k == "ticket").map(|(_, v)| v);
    if ticket.is_some()
        && let Some(retry_after_secs) = app.auth_limiter.blocked(ip.0)
    {
        return locked_out(retry_after_secs).into_response();
    }
    match ticket {
        Some(t) if app.tickets.redeem(&t) => {
            request.extensions_mut().insert(Caller { via: Via::Ticket, ip });
            next.run(request).await
        }
        Some(_) => {
            app.auth_limiter.fail(ip.0).await;
            ApiError::Unauthorized("invalid or expired ticket".into()).into_response()
        }
        None => ApiError::Unauthorized(
            "missing token: send the token, or a ticket from POST /v1/ws/ticket as ?ticket=".into(),
        )
        .into_response(),
    }
}
