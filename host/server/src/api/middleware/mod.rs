//! Request middleware, one concern per file.

pub mod audit;
pub mod auth;
pub mod client_ip;
pub mod metrics;
pub mod origin;
