//! OpenClaw Buddy: a companion service for an OpenClaw install.
//!
//! It gives operators and scripts a REST API to monitor and manage OpenClaw, keeps an audit
//! log, and runs API domains as sandboxed WASM components. [`server::start`] runs it;
//! [`router::app`] builds the router (tests use both).

pub mod api;
pub mod app_state;
pub mod builtins;
pub mod channels;
pub mod cli;
pub mod config;
pub mod control_ui;
pub mod db;
pub mod error;
pub mod gateway;
pub mod lifecycle;
pub mod listener;
pub mod logging;
pub mod memory;
pub mod metrics;
pub mod module_cli;
pub mod module_services;
pub mod monitor;
pub mod proxy;
pub mod route_spec;
pub mod router;
pub mod server;
pub mod state;
pub mod system_probe;
pub mod tasks;
pub mod token;
pub mod trust_store;
pub mod ws;

pub use router::app;
