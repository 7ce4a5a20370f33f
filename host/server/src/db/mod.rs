//! Buddy's SQLite database: one file in the data dir, reached only through [`Db::call`], which
//! runs the closure on the blocking pool so a slow query never stalls the async runtime.

pub mod heal_events;
pub mod health_checks;
pub mod migrations;
pub mod module_kv;
pub mod module_trust;
pub mod quick_commands;
pub mod sessions;
pub mod settings;
pub mod system_events;
pub mod tasks;

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

/// A database failure (always internal to Buddy).
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database task failed: {0}")]
    Join(String),
    #[error("database lock poisoned")]
    Poisoned,
}

impl DbError {
    /// Another connection (another process) holds a lock on the database file for longer than
    /// the busy timeout: nothing was written, and a retry may succeed.
    pub fn is_busy(&self) -> bool {
        self.sqlite_code()
            .is_some_and(|c| matches!(c, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
    }

    /// The file system holding the database is full: the transaction was rolled back.
    pub fn is_full(&self) -> bool {
        self.sqlite_code() == Some(rusqlite::ErrorCode::DiskFull)
    }

    fn sqlite_code(&self) -> Option<rusqlite::ErrorCode> {
        match self {
            Self::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => Some(e.code),
            _ => None,
        }
    }
}

/// Runs a statement with a `RETURNING` clause and maps its first row, stepping it to the end.
///
/// `query_row` would reset the statement after the first row; in autocommit mode the commit
/// happens then, and rusqlite does not report a failure of that reset — on a full disk the
/// caller would answer 200 for a row that was rolled back. Stepping to the end surfaces it.
pub fn returning<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    map: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    let mut statement = conn.prepare(sql)?;
    let mut rows = statement.query(params)?;
    let first = match rows.next()? {
        Some(row) => Some(map(row)?),
        None => None,
    };
    while rows.next()?.is_some() {}
    Ok(first)
}

/// Handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, DbError> {
        let mut conn = Connection::open(path)?;
        // WAL lets readers proceed while the monitor writes; NORMAL sync is durable across
        // application crashes, which is what an audit log and health history need.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::migrate(&mut conn)?;
        Ok(Self { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Runs `f` with the connection on the blocking thread pool.
    pub async fn call<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().map_err(|_| DbError::Poisoned)?;
            f(&mut guard).map_err(DbError::from)
        })
        .await
        .map_err(|e| DbError::Join(e.to_string()))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_held_by_another_connection_is_busy_and_a_returning_row_reports_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("buddy.sqlite");
        drop(Db::open(&path).expect("open"));
        let holder = Connection::open(&path).expect("holder");
        holder.execute_batch("BEGIN EXCLUSIVE;").expect("lock");
        let conn = Connection::open(&path).expect("conn");
        conn.busy_timeout(std::time::Duration::from_millis(50)).expect("timeout");
        let sql = "INSERT INTO quick_commands (name, content, created_ms) VALUES ('a', 'b', 1) RETURNING id";
        let err = returning(&conn, sql, [], |r| r.get::<_, i64>(0)).unwrap_err();
        let err = DbError::from(err);
        assert!(err.is_busy() && !err.is_full(), "{err}");
        holder.execute_batch("COMMIT;").expect("unlock");
        assert_eq!(returning(&conn, sql, [], |r| r.get::<_, i64>(0)).expect("insert"), Some(1));
    }
}
