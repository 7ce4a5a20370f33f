//! What Buddy keeps in memory between requests and monitor ticks, beside its database: login
//! sessions, Control UI sessions, WebSocket tickets, failed authentications, channel logins in progress, the health
//! monitor's memory and the active analyzer. The application state ([`crate::app_state::App`])
//! holds one of each.

pub mod analyzer;
pub mod auth_limiter;
pub mod channel_logins;
pub mod control_ui;
pub mod heal_backoff;
pub mod monitor;
pub mod secret_ids;
pub mod sessions;
pub mod terminal_slots;
pub mod tickets;
