//! What the route table says of each route — method, path, who may call it, what it does —
//! for the router, the OpenAPI document and the module runtime's reserved routes.

use axum::http::Method;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (`/health`, `/login`).
    Public,
    /// The token (bearer header) or a login session (cookie).
    Token,
    /// The token, a session, or a single-use ticket (WebSockets opened by browsers).
    TokenOrTicket,
}

/// A route: method, path (axum syntax), who may call it, and what it does. `ANY` routes are
/// listed with `GET`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub summary: &'static str,
}

impl RouteSpec {
    /// Whether the route needs no credentials.
    pub fn is_public(&self) -> bool {
        self.access == Access::Public
    }
}
