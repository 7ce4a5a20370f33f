//! The OpenClaw adapter: everything that talks to one OpenClaw install — its CLI, its config
//! file and its gateway's probes — and nothing else (no HTTP server, no application state).
//!
//! Callers never build a command line or touch openclaw.json themselves: they go through the
//! [`cli::CliRunner`], the [`config_store::ConfigStore`] and the [`snapshot::SnapshotCache`]
//! that [`OpenClaw`] bundles. The services below (`agents`, `providers`, `plugins`, …) are the
//! operations Buddy offers on top, each returning this crate's [`Error`].

pub mod agents;
pub mod bots_models;
pub mod chat_settings;
pub mod cli;
pub mod cli_cache;
pub mod config_rules;
pub mod config_store;
pub mod dry_run;
pub mod error;
pub mod gateway;
pub mod json_pointer;
pub mod log_follow;
pub mod metrics;
pub mod model_probe;
pub mod model_refs;
mod openclaw;
pub mod openclaw_backups;
pub mod paths;
pub mod plugins;
pub mod process;
pub mod providers;
pub mod redact;
pub mod session_stats;
pub mod sessions;
pub mod signal;
pub mod snapshot;
pub mod time;
pub mod validate;
pub mod workspace_files;

pub use error::{Error, Result};
pub use openclaw::{OpenClaw, Settings};
