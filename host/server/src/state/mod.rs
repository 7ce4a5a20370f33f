//! What Buddy keeps in memory between requests and monitor ticks, beside its database: login
//! sessions, WebSocket tickets, failed authentications, channel logins in progress and the health
//! monitor's memory. The application state ([`crate::app_state::App`]) holds one of each.

pub mod auth_limiter;
pub mod channel_logins;
pub mod heal_backoff;
pub mod monitor;
pub mod sessions;
pub mod terminal_slots;
pub mod tickets;
