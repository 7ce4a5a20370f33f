//! Request middleware, one concern per file.

pub mod audit;
pub mod auth;
pub mod client_ip;
pub mod error_envelope;
pub mod metrics;
pub mod origin;
pub mod protect;
pub mod security_headers;
