//! Failed-authentication limiting, one counter per client address. After `max_failures` bad
//! credentials within `WINDOW` a client is locked out: every attempt it makes is answered 429
//! (even with the right credential, or guessing would go on at full speed) until the window has
//! passed; a success clears its count. Buddy keeps two: one for `/login`, one for the bearer
//! token, session cookies and WebSocket tickets presented to the API.
//!
//! Failures are counted, not audited one by one (a flood of bad attempts would otherwise grow
//! the audit log without bound): each lockout writes one audit row, whose detail carries the
//! count of attempts refused during it, brought up to date at 1, 2, 4, 8… refusals so a flood
//! costs a handful of writes. Only the failure that starts a lockout waits on the database.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::db::Db;
use crate::db::system_events::{self, NewEvent};

/// The lockout window.
pub const WINDOW: Duration = Duration::from_secs(300);
/// Clients tracked at most; entries whose window has passed are dropped beyond that.
const MAX_CLIENTS: usize = 10_000;

#[derive(Debug)]
struct Client {
    failures: u32,
    since: Instant,
    refused: u32,
    /// The audit row of the current lockout, once written.
    row: Option<i64>,
}

/// Per-client failure counts for one kind of credential.
pub struct AuthLimiter {
    db: Db,
    /// What is being attempted, for the audit row (`POST /login`, `authenticate`).
    action: &'static str,
    max_failures: u32,
    clients: Mutex<HashMap<Option<IpAddr>, Client>>,
    /// Whether any client has failed lately: lets the common case (no failures) skip the lock.
    any: AtomicBool,
}

fn label(ip: Option<IpAddr>) -> String {
    ip.map(|ip| ip.to_string()).unwrap_or_else(|| "unknown".into())
}

impl AuthLimiter {
    /// A limiter allowing `max_failures` per client and window.
    pub fn new(db: Db, action: &'static str, max_failures: u32) -> Self {
        Self { db, action, max_failures: max_failures.max(1), clients: Default::default(), any: AtomicBool::new(false) }
    }

    fn clients(&self) -> std::sync::MutexGuard<'_, HashMap<Option<IpAddr>, Client>> {
        self.clients.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `Some(seconds to wait)` when the client is locked out; counts the refused attempt.
    pub fn blocked(&self, ip: Option<IpAddr>) -> Option<u64> {
        if !self.any.load(Ordering::Relaxed) {
            return None;
        }
        let mut clients = self.clients();
        let client = clients.get_mut(&ip)?;
        let elapsed = client.since.elapsed();
        if client.failures < self.max_failures || elapsed >= WINDOW {
            return None;
        }
        client.refused += 1;
        if client.refused.is_power_of_two()
            && let Some(row) = client.row
        {
            let detail = self.detail(ip, client.failures, client.refused);
            let db = self.db.clone();
            tokio::spawn(async move {
                if let Err(e) = db.call(move |c| system_events::set_detail(c, row, &detail)).await {
                    tracing::error!(error = %e, "cannot update a lockout's audit row");
                }
            });
        }
        Some((WINDOW - elapsed).as_secs().max(1))
    }

    fn detail(&self, ip: Option<IpAddr>, failures: u32, refused: u32) -> String {
        format!(
            "{failures} failed attempts from {} within {} s: locked out for {} s; {refused} attempts refused since",
            label(ip),
            WINDOW.as_secs(),
            WINDOW.as_secs()
        )
    }

    /// Counts one failure; the one that reaches the limit starts a lockout and writes its audit
    /// row (the only time this waits on the database).
    pub async fn fail(&self, ip: Option<IpAddr>) {
        let (event, since) = {
            let mut clients = self.clients();
            self.any.store(true, Ordering::Relaxed);
            if clients.len() >= MAX_CLIENTS {
                clients.retain(|_, c| c.since.elapsed() < WINDOW);
            }
            let fresh = || Client { failures: 0, since: Instant::now(), refused: 0, row: None };
            let client = clients.entry(ip).or_insert_with(fresh);
            if client.since.elapsed() >= WINDOW {
                *client = fresh();
            }
            client.failures += 1;
            if client.failures != self.max_failures {
                return;
            }
            let event = NewEvent {
                ts_ms: buddy_openclaw::time::now_ms(),
                user: label(ip),
                action: self.action.to_string(),
                target: "lockout".into(),
                status: 429,
                duration_ms: 0,
                detail: self.detail(ip, client.failures, 0),
            };
            (event, client.since)
        };
        match self.db.call(move |c| system_events::insert_returning_id(c, &event)).await {
            Ok(row) => {
                if let Some(client) = self.clients().get_mut(&ip).filter(|c| c.since == since) {
                    client.row = Some(row);
                }
            }
            Err(e) => tracing::error!(error = %e, "cannot audit a lockout"),
        }
    }

    /// Clears the client's failures.
    pub fn succeed(&self, ip: Option<IpAddr>) {
        let mut clients = self.clients();
        clients.remove(&ip);
        if clients.is_empty() {
            self.any.store(false, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn blocks_after_max_failures_audits_once_and_success_resets() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(&dir.path().join("b.sqlite")).expect("db");
        let limiter = AuthLimiter::new(db.clone(), "POST /login", 5);
        let ip = Some(IpAddr::from([10, 0, 0, 1]));
        for _ in 0..5 {
            assert!(limiter.blocked(ip).is_none());
            limiter.fail(ip).await;
        }
        assert!(limiter.blocked(ip).is_some());
        assert!(limiter.blocked(Some(IpAddr::from([10, 0, 0, 2]))).is_none(), "other clients are unaffected");
        limiter.succeed(ip);
        assert!(limiter.blocked(ip).is_none());
        let rows: i64 =
            db.call(|c| c.query_row("SELECT COUNT(*) FROM system_events", [], |r| r.get(0))).await.expect("rows");
        assert_eq!(rows, 1, "the lockout is audited once");
    }
}
