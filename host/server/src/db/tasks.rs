//! The `tasks` table: one row per long-running task, updated as it progresses.

use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;
use serde_json::Value;

/// A task as E07 shows it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TaskView {
    pub id: String,
    pub kind: String,
    pub target: String,
    /// `queued`, `running`, `succeeded`, `failed` or `interrupted`.
    pub state: String,
    /// `[{time, message}]`, oldest first.
    pub progress: Vec<ProgressStep>,
    pub result: Option<Value>,
    pub error: Option<String>,
    #[serde(rename = "createdAt")]
    pub created_at: String,
    #[serde(rename = "startedAt")]
    pub started_at: Option<String>,
    #[serde(rename = "endedAt")]
    pub ended_at: Option<String>,
    #[serde(rename = "durationMs")]
    pub duration_ms: Option<i64>,
}

/// One progress message of a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ProgressStep {
    /// RFC 3339.
    pub time: String,
    pub message: String,
}

const COLUMNS: &str = "id, kind, target, state, progress, result, error, created_ms, started_ms, ended_ms";

fn view(r: &Row<'_>) -> rusqlite::Result<TaskView> {
    let (created, started, ended): (i64, Option<i64>, Option<i64>) = (r.get(7)?, r.get(8)?, r.get(9)?);
    let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    Ok(TaskView {
        id: r.get(0)?,
        kind: r.get(1)?,
        target: r.get(2)?,
        state: r.get(3)?,
        progress: r.get::<_, Option<String>>(4)?.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default(),
        result: json(r.get(5)?),
        error: r.get(6)?,
        created_at: buddy_openclaw::time::rfc3339_ms(created),
        started_at: started.map(buddy_openclaw::time::rfc3339_ms),
        ended_at: ended.map(buddy_openclaw::time::rfc3339_ms),
        duration_ms: started.zip(ended).map(|(s, e)| e - s),
    })
}

/// Inserts a queued task.
pub fn insert(conn: &Connection, id: &str, kind: &str, target: &str, now: i64) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO tasks (id, kind, target, state, created_ms) VALUES (?1, ?2, ?3, 'queued', ?4)",
        (id, kind, target, now),
    )?;
    Ok(())
}

/// Marks a task running.
pub fn start(conn: &Connection, id: &str, now: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE tasks SET state = 'running', started_ms = ?2 WHERE id = ?1", (id, now))?;
    Ok(())
}

/// Appends a progress message.
pub fn progress(conn: &Connection, id: &str, now: i64, message: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE tasks SET progress = json_insert(progress, '$[#]', json_object('time', ?2, 'message', ?3)) WHERE id = ?1",
        (id, buddy_openclaw::time::rfc3339_ms(now), message),
    )?;
    Ok(())
}

/// Records the outcome.
pub fn finish(conn: &Connection, id: &str, now: i64, outcome: &Result<Value, String>) -> rusqlite::Result<()> {
    match outcome {
        Ok(result) => conn.execute(
            "UPDATE tasks SET state = 'succeeded', result = ?2, ended_ms = ?3 WHERE id = ?1",
            (id, result.to_string(), now),
        )?,
        Err(error) => conn
            .execute("UPDATE tasks SET state = 'failed', error = ?2, ended_ms = ?3 WHERE id = ?1", (id, error, now))?,
    };
    Ok(())
}

/// Marks every queued or running task interrupted (Buddy restarted under them).
pub fn interrupt_unfinished(conn: &Connection, now: i64) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE tasks SET state = 'interrupted', ended_ms = ?1,
                error = COALESCE(error, 'Buddy restarted while the task was ' || state)
         WHERE state IN ('queued', 'running')",
        [now],
    )
}

/// One task.
pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<TaskView>> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM tasks WHERE id = ?1"), [id], view).optional()
}

/// Newest first, optionally filtered.
pub fn list(conn: &Connection, kind: Option<&str>, state: Option<&str>, limit: u32) -> rusqlite::Result<Vec<TaskView>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM tasks WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR state = ?2)
         ORDER BY created_ms DESC, rowid DESC LIMIT ?3"
    ))?;
    stmt.query_map((kind, state, limit), view)?.collect()
}
