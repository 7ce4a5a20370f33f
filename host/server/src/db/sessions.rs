//! `sessions`: dashboard login sessions, kept so they survive a restart. A row holds the
//! SHA-256 of the session id (the cookie's value, which is never stored), a public handle, a
//! fingerprint of the API token it was opened with, times and where the login came from. A
//! revoked session's row is deleted.

use rusqlite::Connection;

/// One session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// Hex SHA-256 of the session id.
    pub id_hash: String,
    /// Public name (for the list and revocation).
    pub handle: String,
    /// Fingerprint of the API token the session was opened with.
    pub token_fp: String,
    pub created_ms: i64,
    pub expires_ms: i64,
    pub last_used_ms: i64,
    pub ip: String,
    pub user_agent: String,
}

/// Stores a new session.
pub fn insert(conn: &Connection, s: &SessionRow) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO sessions (id_hash, handle, token_fp, created_ms, expires_ms, last_used_ms, ip, user_agent)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        (&s.id_hash, &s.handle, &s.token_fp, s.created_ms, s.expires_ms, s.last_used_ms, &s.ip, &s.user_agent),
    )?;
    Ok(())
}

/// Sessions opened with the token `token_fp` and not yet expired at `now_ms`; the others are
/// deleted on the way.
pub fn live(conn: &Connection, token_fp: &str, now_ms: i64) -> rusqlite::Result<Vec<SessionRow>> {
    conn.execute("DELETE FROM sessions WHERE expires_ms <= ?1 OR token_fp <> ?2", (now_ms, token_fp))?;
    let mut stmt = conn.prepare(
        "SELECT id_hash, handle, token_fp, created_ms, expires_ms, last_used_ms, ip, user_agent FROM sessions
         ORDER BY created_ms",
    )?;
    stmt.query_map([], |r| {
        Ok(SessionRow {
            id_hash: r.get(0)?,
            handle: r.get(1)?,
            token_fp: r.get(2)?,
            created_ms: r.get(3)?,
            expires_ms: r.get(4)?,
            last_used_ms: r.get(5)?,
            ip: r.get(6)?,
            user_agent: r.get(7)?,
        })
    })?
    .collect()
}

/// Records a later use.
pub fn touch(conn: &Connection, handle: &str, last_used_ms: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE sessions SET last_used_ms = ?2 WHERE handle = ?1", (handle, last_used_ms))?;
    Ok(())
}

/// Deletes sessions by handle; returns how many existed.
pub fn delete(conn: &Connection, handles: &[String]) -> rusqlite::Result<usize> {
    let mut n = 0;
    for h in handles {
        n += conn.execute("DELETE FROM sessions WHERE handle = ?1", [h])?;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(handle: &str, expires_ms: i64) -> SessionRow {
        SessionRow {
            id_hash: format!("hash-{handle}"),
            handle: handle.into(),
            token_fp: "fp".into(),
            created_ms: 1,
            expires_ms,
            last_used_ms: 1,
            ip: "127.0.0.1".into(),
            user_agent: "test".into(),
        }
    }

    #[test]
    fn stores_lists_live_touches_and_deletes() {
        let mut conn = Connection::open_in_memory().expect("open");
        crate::db::migrations::migrate(&mut conn).expect("migrate");
        insert(&conn, &row("a", 100)).expect("a");
        insert(&conn, &row("b", 10)).expect("b");
        insert(&conn, &SessionRow { token_fp: "old".into(), ..row("c", 100) }).expect("c");
        let handles = |rows: Vec<SessionRow>| rows.into_iter().map(|r| r.handle).collect::<Vec<_>>();
        assert_eq!(handles(live(&conn, "fp", 50).expect("live")), ["a"]);
        touch(&conn, "a", 42).expect("touch");
        assert_eq!(live(&conn, "fp", 50).expect("live")[0].last_used_ms, 42);
        assert_eq!(delete(&conn, &["a".into(), "zz".into()]).expect("delete"), 1);
        let left: i64 = conn.query_row("SELECT COUNT(*) FROM sessions", [], |r| r.get(0)).expect("count");
        assert_eq!(left, 0, "the expired row and the other token's were deleted too");
    }
}
