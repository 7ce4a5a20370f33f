//! Schema migrations, tracked by SQLite's `user_version`.
//!
//! Each entry runs once, in its own transaction together with the version bump, so a crash
//! mid-migration leaves the previous version intact. Entries are append-only: never edit a
//! released one, add a new one.

use rusqlite::Connection;

/// The migrations, in order; `MIGRATIONS[i]` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: the audit log.
    "CREATE TABLE system_events (
        id          INTEGER PRIMARY KEY,
        ts_ms       INTEGER NOT NULL,
        user        TEXT NOT NULL,
        action      TEXT NOT NULL,
        target      TEXT NOT NULL,
        status      INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        detail      TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX system_events_ts ON system_events (ts_ms);
    CREATE INDEX system_events_action_ts ON system_events (action, ts_ms);",
    // 2: per-module key-value namespaces.
    "CREATE TABLE module_kv (
        module TEXT NOT NULL,
        key    TEXT NOT NULL,
        value  BLOB NOT NULL,
        PRIMARY KEY (module, key)
    ) WITHOUT ROWID;",
];

/// Applies every migration newer than the database's `user_version`.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: usize =
        conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (index + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// The schema version this build expects.
pub fn latest_version() -> usize {
    MIGRATIONS.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_from_scratch_and_is_idempotent() {
        let mut conn = Connection::open_in_memory().expect("open");
        migrate(&mut conn).expect("first");
        migrate(&mut conn).expect("second");
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(v as usize, latest_version());
        conn.execute(
            "INSERT INTO module_kv (module, key, value) VALUES ('m', 'k', x'00')",
            [],
        )
        .expect("kv table exists");
    }
}
