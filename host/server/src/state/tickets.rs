//! Single-use, short-lived WebSocket tickets: a browser cannot set headers on a WebSocket, so
//! it trades its credentials for a ticket (`POST /v1/ws/ticket`) and opens the socket with
//! `?ticket=`; the token itself never appears in a URL.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::secret_ids::random_hex;

/// How long a ticket may wait for its WebSocket.
pub const TICKET_TTL: Duration = Duration::from_secs(30);

/// Outstanding tickets (hex id → expiry).
#[derive(Default)]
pub struct Tickets {
    live: Mutex<HashMap<String, Instant>>,
}

impl Tickets {
    /// Issues a ticket.
    pub fn issue(&self) -> String {
        let ticket = random_hex(24);
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        live.retain(|_, exp| *exp > Instant::now());
        live.insert(ticket.clone(), Instant::now() + TICKET_TTL);
        ticket
    }

    /// Consumes a ticket; true only the first time, before it expires.
    pub fn redeem(&self, ticket: &str) -> bool {
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        live.remove(ticket).is_some_and(|exp| exp > Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_are_single_use() {
        let t = Tickets::default();
        let a = t.issue();
        assert!(t.redeem(&a));
        assert!(!t.redeem(&a), "a ticket works once");
        assert!(!t.redeem("forged"));
    }
}
