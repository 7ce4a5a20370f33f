//! `module_kv`: each module's key-value namespace (the `kv` capability).

use rusqlite::{Connection, OptionalExtension};

/// A value, if the key exists.
pub fn get(conn: &Connection, module: &str, key: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.query_row("SELECT value FROM module_kv WHERE module = ?1 AND key = ?2", (module, key), |r| r.get(0)).optional()
}

/// Stores a value; `false` (nothing written) when the key is new and the module already keeps
/// `max_keys` keys.
pub fn set(conn: &Connection, module: &str, key: &str, value: &[u8], max_keys: usize) -> rusqlite::Result<bool> {
    let exists: bool =
        conn.query_row("SELECT EXISTS(SELECT 1 FROM module_kv WHERE module = ?1 AND key = ?2)", (module, key), |r| {
            r.get(0)
        })?;
    let count: i64 = conn.query_row("SELECT COUNT(*) FROM module_kv WHERE module = ?1", [module], |r| r.get(0))?;
    if !exists && count >= max_keys as i64 {
        return Ok(false);
    }
    conn.execute(
        "INSERT INTO module_kv (module, key, value) VALUES (?1, ?2, ?3)
         ON CONFLICT (module, key) DO UPDATE SET value = excluded.value",
        (module, key, value),
    )?;
    Ok(true)
}

/// Removes a key.
pub fn delete(conn: &Connection, module: &str, key: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM module_kv WHERE module = ?1 AND key = ?2", (module, key))?;
    Ok(())
}

/// The module's keys starting with `prefix`, sorted.
pub fn list(conn: &Connection, module: &str, prefix: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT key FROM module_kv WHERE module = ?1 AND substr(key, 1, length(?2)) = ?2 ORDER BY key")?;
    stmt.query_map((module, prefix), |r| r.get(0))?.collect()
}
