//! Dashboard login sessions, in memory in front of the `sessions` table.
//!
//! `POST /login` trades the API token for a session: a random 256-bit id that only the
//! browser's HttpOnly cookie holds (the database keeps its SHA-256), with an expiry, a public
//! handle to list and revoke it by, and where it came from. Checking a cookie is a hash and a
//! map lookup, never a database read; the last use is written back at most once a minute; a
//! revocation (logout, or an operator's) removes the session from memory at once. Sessions are
//! loaded back from the table at start, so a restart logs nobody out — unless the API token
//! changed: a session belongs to the token it was opened with, and rotating a leaked token ends
//! every session opened with it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::secret_ids::{digest, random_hex};
use serde::Serialize;

use crate::db::sessions::{self, SessionRow};
use crate::db::{Db, DbError};

/// The last use is written to the database at most this often per session.
const TOUCH_EVERY_MS: i64 = 60_000;

/// The longest user agent kept.
const MAX_USER_AGENT: usize = 200;

struct Entry {
    handle: String,
    created_ms: i64,
    expires_ms: i64,
    ip: String,
    user_agent: String,
    last_used_ms: AtomicI64,
    written_ms: AtomicI64,
}

/// A session as the operator API shows it (never its id).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    /// The public handle (`DELETE /v1/auth/sessions/{id}` takes it).
    pub id: String,
    pub created_at: String,
    pub expires_at: String,
    pub last_used_at: String,
    pub ip: String,
    pub user_agent: String,
}

/// A session just created: the id goes into the cookie and nowhere else.
#[derive(Debug)]
pub struct NewSession {
    pub secret: String,
    pub handle: String,
}

/// The live sessions.
pub struct Sessions {
    db: Db,
    ttl: Duration,
    token_fp: String,
    by_hash: RwLock<HashMap<[u8; 32], Arc<Entry>>>,
}

impl Sessions {
    /// Loads the sessions opened with the token of fingerprint `token_fp` that have not expired.
    pub async fn open(db: Db, ttl: Duration, token_fp: String) -> Result<Self, DbError> {
        let now = buddy_openclaw::time::now_ms();
        let fp = token_fp.clone();
        let rows = db.call(move |c| sessions::live(c, &fp, now)).await?;
        let mut map = HashMap::new();
        for row in rows {
            let Some(hash) = hex::decode(&row.id_hash).ok().and_then(|h| <[u8; 32]>::try_from(h).ok()) else {
                continue;
            };
            map.insert(
                hash,
                Arc::new(Entry {
                    handle: row.handle,
                    created_ms: row.created_ms,
                    expires_ms: row.expires_ms,
                    ip: row.ip,
                    user_agent: row.user_agent,
                    last_used_ms: AtomicI64::new(row.last_used_ms),
                    written_ms: AtomicI64::new(row.last_used_ms),
                }),
            );
        }
        Ok(Self { db, ttl, token_fp, by_hash: RwLock::new(map) })
    }

    /// How long a new session lives.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Creates a session for a client that just proved it holds the token.
    pub async fn create(&self, ip: &str, user_agent: &str) -> Result<NewSession, DbError> {
        let secret = random_hex(32);
        let handle = random_hex(8);
        let now = buddy_openclaw::time::now_ms();
        let user_agent: String = user_agent.chars().take(MAX_USER_AGENT).collect();
        let row = SessionRow {
            id_hash: hex::encode(digest(&secret)),
            handle: handle.clone(),
            token_fp: self.token_fp.clone(),
            created_ms: now,
            expires_ms: now + i64::try_from(self.ttl.as_millis()).unwrap_or(i64::MAX / 2),
            last_used_ms: now,
            ip: ip.to_string(),
            user_agent,
        };
        let entry = Entry {
            handle: row.handle.clone(),
            created_ms: row.created_ms,
            expires_ms: row.expires_ms,
            ip: row.ip.clone(),
            user_agent: row.user_agent.clone(),
            last_used_ms: AtomicI64::new(now),
            written_ms: AtomicI64::new(now),
        };
        self.db.call(move |c| sessions::insert(c, &row)).await?;
        let mut map = self.by_hash.write().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, e| e.expires_ms > now);
        map.insert(digest(&secret), Arc::new(entry));
        Ok(NewSession { secret, handle })
    }

    /// The handle of the live session `secret` opens, if any; records the use.
    pub fn authenticate(&self, secret: &str) -> Option<String> {
        let now = buddy_openclaw::time::now_ms();
        let entry = self.by_hash.read().unwrap_or_else(|p| p.into_inner()).get(&digest(secret)).cloned()?;
        if entry.expires_ms <= now {
            return None;
        }
        entry.last_used_ms.store(now, Ordering::Relaxed);
        let written = entry.written_ms.load(Ordering::Relaxed);
        if now - written >= TOUCH_EVERY_MS
            && entry.written_ms.compare_exchange(written, now, Ordering::Relaxed, Ordering::Relaxed).is_ok()
        {
            let (db, handle) = (self.db.clone(), entry.handle.clone());
            tokio::spawn(async move {
                if let Err(e) = db.call(move |c| sessions::touch(c, &handle, now)).await {
                    tracing::warn!(error = %e, "cannot record a session's last use");
                }
            });
        }
        Some(entry.handle.clone())
    }

    /// Whether the session named `handle` is still live.
    pub fn is_live(&self, handle: &str) -> bool {
        let now = buddy_openclaw::time::now_ms();
        self.by_hash
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .any(|e| e.handle == handle && e.expires_ms > now)
    }

    /// The live sessions, oldest first.
    pub fn list(&self) -> Vec<SessionInfo> {
        let now = buddy_openclaw::time::now_ms();
        let time = buddy_openclaw::time::rfc3339_ms;
        let mut list: Vec<(i64, SessionInfo)> = self
            .by_hash
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .filter(|e| e.expires_ms > now)
            .map(|e| {
                (
                    e.created_ms,
                    SessionInfo {
                        id: e.handle.clone(),
                        created_at: time(e.created_ms),
                        expires_at: time(e.expires_ms),
                        last_used_at: time(e.last_used_ms.load(Ordering::Relaxed)),
                        ip: e.ip.clone(),
                        user_agent: e.user_agent.clone(),
                    },
                )
            })
            .collect();
        list.sort_by_key(|(created, _)| *created);
        list.into_iter().map(|(_, s)| s).collect()
    }

    /// Ends the session named `handle` at once; false when there is none.
    pub async fn revoke(&self, handle: &str) -> Result<bool, DbError> {
        let removed = {
            let mut map = self.by_hash.write().unwrap_or_else(|p| p.into_inner());
            let before = map.len();
            map.retain(|_, e| e.handle != handle);
            before != map.len()
        };
        let handles = vec![handle.to_string()];
        let stored = self.db.call(move |c| sessions::delete(c, &handles)).await?;
        Ok(removed || stored > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sessions_authenticate_survive_a_reload_and_end_when_revoked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(&dir.path().join("b.sqlite")).expect("db");
        let store = Sessions::open(db.clone(), Duration::from_secs(60), "fp".into()).await.expect("open");
        let s = store.create("127.0.0.1", "agent").await.expect("create");
        assert_eq!(s.secret.len(), 64, "256 random bits");
        assert_eq!(store.authenticate(&s.secret).as_deref(), Some(s.handle.as_str()));
        assert_eq!(store.authenticate("not-a-session"), None);
        let stored: String =
            db.call(|c| c.query_row("SELECT id_hash FROM sessions", [], |r| r.get(0))).await.expect("row");
        assert_ne!(stored, s.secret, "only the hash is stored");

        let reloaded = Sessions::open(db.clone(), Duration::from_secs(60), "fp".into()).await.expect("reopen");
        assert_eq!(reloaded.authenticate(&s.secret).as_deref(), Some(s.handle.as_str()), "survives a restart");
        assert_eq!(reloaded.list().len(), 1);
        assert!(reloaded.revoke(&s.handle).await.expect("revoke"));
        assert_eq!(reloaded.authenticate(&s.secret), None, "revoked at once");
        assert!(!reloaded.is_live(&s.handle));
        let again = Sessions::open(db.clone(), Duration::from_secs(60), "fp".into()).await.expect("reopen");
        assert_eq!(again.authenticate(&s.secret), None, "and for good");
        let kept = again.create("127.0.0.1", "agent").await.expect("create");
        let rotated = Sessions::open(db, Duration::from_secs(60), "new-token".into()).await.expect("reopen");
        assert_eq!(rotated.authenticate(&kept.secret), None, "a new API token ends the old token's sessions");
    }

    #[tokio::test]
    async fn expired_sessions_do_not_authenticate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(&dir.path().join("b.sqlite")).expect("db");
        let store = Sessions::open(db, Duration::ZERO, "fp".into()).await.expect("open");
        let s = store.create("127.0.0.1", "agent").await.expect("create");
        assert_eq!(store.authenticate(&s.secret), None);
        assert!(store.list().is_empty());
    }
}
