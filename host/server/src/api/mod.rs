//! The HTTP API: the route list, middleware, the envelope, and one file per domain.

pub mod auth_sessions;
pub mod bot_files;
pub mod bots;
pub mod bots_models;
pub mod bots_top;
pub mod channels;
pub mod chat;
pub mod chat_proxy;
pub mod envelope;
pub mod extract;
pub mod gateway;
pub mod heal;
pub mod health;
pub mod limits;
pub mod login;
pub mod metrics;
pub mod middleware;
pub mod model_test;
pub mod models;
pub mod module_dispatch;
pub mod modules;
pub mod openapi;
pub mod openapi_page;
pub mod panel_proxy;
pub mod per_snapshot;
pub mod plugins;
pub mod proxy_errors;

pub mod sessions;
pub mod stats;
pub mod status;
pub mod system;
pub mod tasks;
pub mod validate;
pub mod web;
