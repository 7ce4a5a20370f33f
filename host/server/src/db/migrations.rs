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
    // 3: long-running tasks (E07).
    "CREATE TABLE tasks (
        id         TEXT PRIMARY KEY,
        kind       TEXT NOT NULL,
        target     TEXT NOT NULL DEFAULT '',
        state      TEXT NOT NULL,
        progress   TEXT NOT NULL DEFAULT '[]',
        result     TEXT,
        error      TEXT,
        created_ms INTEGER NOT NULL,
        started_ms INTEGER,
        ended_ms   INTEGER
    );
    CREATE INDEX tasks_created ON tasks (created_ms);
    CREATE INDEX tasks_state ON tasks (state);",
    // 4: saved prompt shortcuts (E38).
    "CREATE TABLE quick_commands (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        content    TEXT NOT NULL,
        created_ms INTEGER NOT NULL
    );",
    // 5: health history (E05) and heal history (E41). Samples are read by time range, so the
    // timestamp index alone serves a 24 h query over months of rows.
    "CREATE TABLE health_checks (
        id               INTEGER PRIMARY KEY,
        ts_ms            INTEGER NOT NULL,
        status           TEXT NOT NULL,
        response_time_ms INTEGER,
        cpu              REAL,
        memory_mb        REAL
    );
    CREATE INDEX health_checks_ts ON health_checks (ts_ms);
    CREATE TABLE heal_events (
        id          INTEGER PRIMARY KEY,
        ts_ms       INTEGER NOT NULL,
        trigger     TEXT NOT NULL,
        evidence    TEXT NOT NULL DEFAULT '[]',
        actions     TEXT NOT NULL DEFAULT '[]',
        outcome     TEXT NOT NULL,
        verified    INTEGER NOT NULL DEFAULT 0,
        report      TEXT,
        duration_ms INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX heal_events_ts ON heal_events (ts_ms);",
    // 6: health history rollups (per minute and per hour), kept up to date as samples arrive so a
    // 30-day E05 reads a few hundred rows instead of every sample; filled from the samples
    // already stored.
    "CREATE TABLE health_rollups (
        resolution_ms INTEGER NOT NULL,
        bucket_ms     INTEGER NOT NULL,
        worst         INTEGER NOT NULL,
        samples       INTEGER NOT NULL,
        ok_count      INTEGER NOT NULL,
        rt_sum        REAL NOT NULL DEFAULT 0,
        rt_count      INTEGER NOT NULL DEFAULT 0,
        cpu_sum       REAL NOT NULL DEFAULT 0,
        cpu_count     INTEGER NOT NULL DEFAULT 0,
        mem_sum       REAL NOT NULL DEFAULT 0,
        mem_count     INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (resolution_ms, bucket_ms)
    ) WITHOUT ROWID;
    INSERT INTO health_rollups
    SELECT r.ms, (h.ts_ms / r.ms) * r.ms,
           MAX(CASE h.status WHEN 'down' THEN 2 WHEN 'degraded' THEN 1 ELSE 0 END),
           COUNT(*), SUM(h.status = 'ok'),
           TOTAL(h.response_time_ms), COUNT(h.response_time_ms),
           TOTAL(h.cpu), COUNT(h.cpu), TOTAL(h.memory_mb), COUNT(h.memory_mb)
    FROM health_checks h, (SELECT 60000 AS ms UNION ALL SELECT 3600000) r
    GROUP BY r.ms, (h.ts_ms / r.ms) * r.ms;",
    // 7: dashboard login sessions. The cookie's value is never stored, only its SHA-256; the
    // handle is a separate public name for listing and revoking; token_fp ties a session to the
    // API token it was opened with, so changing the token ends every session.
    "CREATE TABLE sessions (
        id_hash      TEXT PRIMARY KEY,
        handle       TEXT NOT NULL UNIQUE,
        token_fp     TEXT NOT NULL,
        created_ms   INTEGER NOT NULL,
        expires_ms   INTEGER NOT NULL,
        last_used_ms INTEGER NOT NULL,
        ip           TEXT NOT NULL DEFAULT '',
        user_agent   TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID;
    CREATE INDEX sessions_expires ON sessions (expires_ms);",
    // 8: operators' decisions about modules (approval pinning digest and grants, disabling),
    // and settings changed through the API that outlive a restart (the active analyzer).
    "CREATE TABLE module_trust (
        module       TEXT PRIMARY KEY,
        digest       TEXT,
        grants       TEXT,
        approved_by  TEXT,
        approved_ms  INTEGER,
        disabled_by  TEXT
    ) WITHOUT ROWID;
    CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        changed_ms INTEGER NOT NULL
    ) WITHOUT ROWID;",
];

/// Applies every migration newer than the database's `user_version`.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    migrate_to(conn, MIGRATIONS.len())
}

/// Applies the migrations newer than the database's `user_version` up to `version` (tests use
/// it to build an older schema and watch a migration upgrade its data).
pub fn migrate_to(conn: &mut Connection, version: usize) -> rusqlite::Result<()> {
    let current: usize = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    for (index, sql) in MIGRATIONS.iter().enumerate().take(version).skip(current) {
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
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
        assert_eq!(v as usize, latest_version());
        conn.execute("INSERT INTO module_kv (module, key, value) VALUES ('m', 'k', x'00')", [])
            .expect("kv table exists");
    }
}
