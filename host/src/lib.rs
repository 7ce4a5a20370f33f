//! OpenClaw Buddy: a companion service for an OpenClaw install.
//!
//! It gives operators and scripts a REST API to monitor and manage OpenClaw, keeps an audit
//! log, and runs API domains as sandboxed WASM components. [`server::start`] runs it;
//! [`api::router::app`] builds the router (tests use both).

pub mod api;
pub mod app_state;
pub mod channels;
pub mod config;
pub mod db;
pub mod error;
pub mod gateway;
pub mod logging;
pub mod metrics;
pub mod monitor;
pub mod openclaw;
pub mod proxy;
pub mod runtime;
pub mod server;
pub mod system;
pub mod tasks;
pub mod time;
pub mod token;
pub mod ws;

pub use api::router::app;
