//! Single-use, short-lived WebSocket tickets (`POST /v1/ws/ticket`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use serde_json::json;

use crate::api::envelope::ok;
use crate::api::middleware::auth::{Caller, presented_token};
use crate::api::middleware::client_ip::ClientIp;
use crate::app_state::AppState;
use crate::error::ApiError;

/// How long a ticket may wait for its WebSocket.
pub const TICKET_TTL: Duration = Duration::from_secs(30);

/// Outstanding tickets (hex id → expiry).
#[derive(Default)]
pub struct Tickets {
    live: Mutex<HashMap<String, Instant>>,
}

impl Tickets {
    /// Issues a ticket.
    pub fn issue(&self) -> String {
        let mut bytes = [0u8; 24];
        rand::rng().fill_bytes(&mut bytes);
        let ticket = hex::encode(bytes);
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        live.retain(|_, exp| *exp > Instant::now());
        live.insert(ticket.clone(), Instant::now() + TICKET_TTL);
        ticket
    }

    /// Consumes a ticket; true only the first time, before it expires.
    pub fn redeem(&self, ticket: &str) -> bool {
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        live.remove(ticket).is_some_and(|exp| exp > Instant::now())
    }
}

/// `POST /v1/ws/ticket`.
pub async fn post_ws_ticket(State(app): State<AppState>) -> Response {
    let mut response = ok(json!({ "ticket": app.tickets.issue(), "expiresIn": TICKET_TTL.as_secs() })).into_response();
    response.extensions_mut().insert(crate::api::middleware::audit::NotAudited);
    response
}

/// Auth for WebSocket routes: the token (header or cookie), or a valid `?ticket=`.
pub async fn require_token_or_ticket(State(app): State<AppState>, mut request: Request, next: Next) -> Response {
    let ip = ClientIp::of(request.extensions());
    if let Some((via, token)) = presented_token(request.headers()) {
        if app.token.matches(&token) {
            request.extensions_mut().insert(Caller { via, ip });
            return next.run(request).await;
        }
        return ApiError::Unauthorized("invalid token".into()).into_response();
    }
    let ticket = request
        .uri()
        .query()
        .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "ticket").map(|(_, v)| v.into_owned()));
    match ticket {
        Some(t) if app.tickets.redeem(&t) => {
            request.extensions_mut().insert(Caller { via: "ticket", ip });
            next.run(request).await
        }
        Some(_) => ApiError::Unauthorized("invalid or expired ticket".into()).into_response(),
        None => ApiError::Unauthorized(
            "missing token: send the token, or a ticket from POST /v1/ws/ticket as ?ticket=".into(),
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_are_single_use() {
        let t = Tickets::default();
        let a = t.issue();
        assert!(t.redeem(&a));
        assert!(!t.redeem(&a), "a ticket works once");
        assert!(!t.redeem("forged"));
    }
}
