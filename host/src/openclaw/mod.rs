//! Everything that talks to OpenClaw: its CLI, its config file and its gateway.
//!
//! Handlers never build a command line or touch openclaw.json themselves; they go through the
//! runner, the store and the snapshot here.

pub mod agents;
pub mod bots_models;
pub mod chat_settings;
pub mod cli;
pub mod cli_cache;
pub mod config_rules;
pub mod config_store;
pub mod dry_run;
pub mod gateway;
pub mod json_extract;
pub mod json_pointer;
pub mod log_follow;
pub mod model_probe;
pub mod model_refs;
pub mod paths;
pub mod plugins;
pub mod process;
pub mod providers;
pub mod redact;
pub mod session_stats;
pub mod sessions;
pub mod snapshot;
pub mod validate;
pub mod workspace_files;
