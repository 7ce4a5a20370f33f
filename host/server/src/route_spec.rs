//! What the route table says of each route — method, path, who may call it, what it does, and
//! the types it reads and answers — for the router, the OpenAPI document and the module
//! runtime's reserved routes.

use axum::http::Method;
use schemars::{JsonSchema, Schema, SchemaGenerator};

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

/// The JSON Schema of one Rust type, produced by the generator of the document.
pub type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

/// The schema of `T`, as a reference into the document's components where `T` is named.
pub fn schema_of<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

/// What a route reads and answers, as the Rust types its handler uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct Contract {
    /// The query string's fields (the handler's `Query<T>`).
    pub query: Option<SchemaFn>,
    /// The JSON body (the handler's `Json<T>`).
    pub body: Option<SchemaFn>,
    /// The envelope's `data` on success; `None` for replies that are not the envelope.
    pub reply: Option<SchemaFn>,
    /// The success status: 200, or 202 for a route that starts a task.
    pub status: u16,
    /// The media type of a reply that is not the envelope (`text/html`, `text/plain`…).
    pub raw: Option<&'static str>,
    /// Another media type the success may come as, on request (`text/event-stream` with
    /// `Accept: text/event-stream`).
    pub also: Option<&'static str>,
}

/// A route: method, path (axum syntax), who may call it, what it does, and its contract.
/// `ANY` routes are listed with `GET`.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub summary: &'static str,
    pub contract: Contract,
}

impl RouteSpec {
    /// Whether the route needs no credentials.
    pub fn is_public(&self) -> bool {
        self.access == Access::Public
    }
}
