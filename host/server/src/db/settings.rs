//! `settings`: values an operator changed through the API that must outlive a restart (the
//! active analyzer), each with who changed it and when.

use rusqlite::{Connection, OptionalExtension};

/// A setting's value, if it was ever set.
pub fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()
}

/// Sets (`Some`) or clears (`None`) a setting.
pub fn set(conn: &Connection, key: &str, value: Option<&str>, by: &str, at_ms: i64) -> rusqlite::Result<()> {
    match value {
        Some(v) => conn.execute(
            "INSERT INTO settings (key, value, changed_by, changed_ms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, changed_by = excluded.changed_by,
                 changed_ms = excluded.changed_ms",
            (key, v, by, at_ms),
        )?,
        None => conn.execute("DELETE FROM settings WHERE key = ?1", [key])?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_clear() {
        let mut conn = Connection::open_in_memory().expect("open");
        crate::db::migrations::migrate(&mut conn).expect("migrate");
        assert_eq!(get(&conn, "k").expect("get"), None);
        set(&conn, "k", Some("a"), "me", 1).expect("set");
        set(&conn, "k", Some("b"), "me", 2).expect("replace");
        assert_eq!(get(&conn, "k").expect("get").as_deref(), Some("b"));
        set(&conn, "k", None, "me", 3).expect("clear");
        assert_eq!(get(&conn, "k").expect("get"), None);
    }
}
