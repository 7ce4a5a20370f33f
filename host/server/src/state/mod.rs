//! What Buddy keeps in memory between requests and monitor ticks, beside its database: WebSocket
//! tickets, failed logins, channel logins in progress, the health monitor's memory and the
//! active analyzer. The application state ([`crate::app_state::App`]) holds one of each.

pub mod analyzer;
pub mod channel_logins;
pub mod heal_backoff;
pub mod login_limiter;
pub mod monitor;
pub mod tickets;
