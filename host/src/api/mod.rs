//! The HTTP API: the route list, middleware, the envelope, and one file per domain.

pub mod bots_models;
pub mod channels;
pub mod chat_proxy;
pub mod envelope;
pub mod extract;
pub mod gateway;
pub mod heal;
pub mod health;
pub mod login;
pub mod metrics;
pub mod middleware;
pub mod modules;
pub mod openapi;
pub mod panel_proxy;
pub mod router;
pub mod stats;
pub mod status;
pub mod system;
pub mod tasks;
pub mod validate;
pub mod web;
