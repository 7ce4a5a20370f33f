//! The `quick_commands` table (E38): saved prompt shortcuts for the chat UI.

use rusqlite::{Connection, Row};
use serde::Serialize;

/// One shortcut.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct QuickCommand {
    pub id: i64,
    pub name: String,
    pub content: String,
    /// RFC 3339 in UTC.
    pub created_at: String,
}

fn view(r: &Row<'_>) -> rusqlite::Result<QuickCommand> {
    Ok(QuickCommand {
        id: r.get(0)?,
        name: r.get(1)?,
        content: r.get(2)?,
        created_at: buddy_openclaw::time::rfc3339_ms(r.get(3)?),
    })
}

/// Every shortcut, oldest first (the order they were saved in).
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<QuickCommand>> {
    let mut stmt = conn.prepare("SELECT id, name, content, created_ms FROM quick_commands ORDER BY id")?;
    stmt.query_map([], view)?.collect()
}

/// Saves a shortcut and returns it.
pub fn insert(conn: &Connection, name: &str, content: &str, now_ms: i64) -> rusqlite::Result<QuickCommand> {
    super::returning(
        conn,
        "INSERT INTO quick_commands (name, content, created_ms) VALUES (?1, ?2, ?3)
         RETURNING id, name, content, created_ms",
        (name, content, now_ms),
        view,
    )?
    .ok_or(rusqlite::Error::QueryReturnedNoRows)
}

/// Deletes a shortcut; `None` when there was no such id.
pub fn delete(conn: &Connection, id: i64) -> rusqlite::Result<Option<QuickCommand>> {
    super::returning(
        conn,
        "DELETE FROM quick_commands WHERE id = ?1 RETURNING id, name, content, created_ms",
        [id],
        view,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_list_delete() {
        let mut conn = Connection::open_in_memory().expect("open");
        crate::db::migrations::migrate(&mut conn).expect("migrate");
        let a = insert(&conn, "greet", "Say hello", 1_000).expect("insert");
        let b = insert(&conn, "sum", "Summarise", 2_000).expect("insert");
        assert_eq!(list(&conn).expect("list"), vec![a.clone(), b.clone()]);
        assert_eq!(a.created_at, "1970-01-01T00:00:01.000Z");
        assert_eq!(delete(&conn, a.id).expect("delete"), Some(a.clone()));
        assert_eq!(delete(&conn, a.id).expect("again"), None);
        assert_eq!(list(&conn).expect("list"), vec![b]);
    }
}
