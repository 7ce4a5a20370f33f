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
