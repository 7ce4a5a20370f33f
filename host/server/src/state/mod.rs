//! What Buddy keeps in memory between requests and monitor ticks, beside its database: login
//! sessions, WebSocket tickets, failed logins, channel logins in progress and the health
//! monitor's memory. The application state ([`crate::app_state::App`]) holds one of each.

pub mod channel_logins;
pub mod heal_backoff;
pub mod login_limiter;
pub mod monitor;
pub mod sessions;
pub mod tickets;
