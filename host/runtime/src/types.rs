//! The values that cross the sandbox's edge, independent of any WIT version.
//!
//! The server, the capabilities and the call wrappers speak these types; each WIT version
//! folder (`v0_1_0/`, …) converts between them and its generated bindings, so a new WIT
//! version adds a folder and conversions, not changes everywhere.

use serde::Serialize;

/// Why a capability call was refused or failed: a value the module handles, never a trap.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CapError {
    /// The module has no grant for this.
    #[error("{0}")]
    Denied(String),
    /// The arguments break a rule.
    #[error("{0}")]
    Invalid(String),
    /// What the call names does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The work took too long.
    #[error("{0}")]
    Timeout(String),
    /// The work failed.
    #[error("{0}")]
    Failed(String),
}

/// One HTTP header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub value: String,
}

/// A request routed to a module: method, path relative to its prefix, query, headers (never
/// the caller's credentials) and body.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<Header>,
    pub body: Vec<u8>,
}

/// A module's reply, which the server wraps in its envelope.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub message: Option<String>,
    pub data_json: Option<String>,
}

/// One route as a module's `describe()` lists it.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub method: String,
    pub path: String,
    pub summary: String,
}

/// What a domain module says about itself.
#[derive(Debug, Clone)]
pub struct ModuleInfo {
    pub name: String,
    pub version: String,
    pub routes: Vec<RouteInfo>,
}

/// What a channel module says about its channel.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelInfo {
    pub id: String,
    pub display_name: String,
    pub plugin_id: String,
    pub plugin_package: String,
    pub qr_login: bool,
}

/// Where a channel login stands, as the module reads it from the login's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginStatus {
    Pending,
    Qr,
    Scanned,
    Confirmed,
    Expired,
    Cancelled,
    Failed(String),
}

/// A login's state: status, the QR code (as data and as terminal art) and a message.
#[derive(Debug, Clone)]
pub struct LoginState {
    pub status: LoginStatus,
    pub qr_data: Option<String>,
    pub qr_text: Option<String>,
    pub message: Option<String>,
}

/// One change between two JSON documents, as an analyzer reports it.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub path: String,
    pub kind: String,
    pub old_json: Option<String>,
    pub new_json: Option<String>,
}

/// What a heal saw and did, for an analyzer's report.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub trigger: String,
    pub observations: Vec<String>,
    pub actions: Vec<String>,
    pub outcome: String,
    pub old_config: Option<String>,
    pub new_config: Option<String>,
}

/// A finished `openclaw` run as a module sees it.
#[derive(Debug, Clone)]
pub struct CliOutput {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// An outbound HTTP request of a module.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<Header>,
    pub body: Vec<u8>,
    pub timeout_ms: Option<u32>,
}

/// Its response.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<Header>,
    pub body: Vec<u8>,
}

/// A log record's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
}

/// An audit event a module records.
#[derive(Debug, Clone)]
pub struct ModuleEvent {
    pub action: String,
    pub target: String,
    pub status: String,
    pub detail: String,
}
