//! Failed-login limiting: after `MAX_FAILURES` bad tokens from one client within `WINDOW`,
//! `/login` answers 429 until the window has passed. A success clears the client's count.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed per window.
pub const MAX_FAILURES: u32 = 5;
/// The window.
pub const WINDOW: Duration = Duration::from_secs(300);
/// Clients tracked at most; the oldest entries are dropped beyond that.
const MAX_CLIENTS: usize = 10_000;

/// Per-client failure counts.
#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<Option<IpAddr>, (u32, Instant)>>,
}

impl LoginLimiter {
    /// `Some(seconds to wait)` when the client is blocked.
    pub fn blocked(&self, ip: Option<IpAddr>) -> Option<u64> {
        let map = self.failures.lock().ok()?;
        let (count, since) = map.get(&ip)?;
        let elapsed = since.elapsed();
        (*count >= MAX_FAILURES && elapsed < WINDOW).then(|| (WINDOW - elapsed).as_secs().max(1))
    }

    /// Counts one failure.
    pub fn fail(&self, ip: Option<IpAddr>) {
        let Ok(mut map) = self.failures.lock() else {
            return;
        };
        if map.len() >= MAX_CLIENTS {
            map.retain(|_, (_, since)| since.elapsed() < WINDOW);
        }
        let entry = map.entry(ip).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    /// Clears the client's failures.
    pub fn succeed(&self, ip: Option<IpAddr>) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(&ip);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_max_failures_and_success_resets() {
        let limiter = LoginLimiter::default();
        let ip = Some(IpAddr::from([10, 0, 0, 1]));
        for _ in 0..MAX_FAILURES {
            assert!(limiter.blocked(ip).is_none());
            limiter.fail(ip);
        }
        assert!(limiter.blocked(ip).is_some());
        assert!(limiter.blocked(Some(IpAddr::from([10, 0, 0, 2]))).is_none(), "other clients are unaffected");
        limiter.succeed(ip);
        assert!(limiter.blocked(ip).is_none());
    }
}
