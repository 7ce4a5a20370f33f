//! The audit log (`system_events`): who did what to which target, with what result.

use rusqlite::{Connection, params_from_iter, types::Value};
use serde::Serialize;

/// One audited action.
#[derive(Debug, Clone, Serialize)]
pub struct SystemEvent {
    pub id: i64,
    /// RFC 3339 time in UTC with milliseconds.
    pub time: String,
    pub user: String,
    pub action: String,
    pub target: String,
    pub status: u16,
    pub duration_ms: u64,
    pub detail: String,
}

/// A new row, before it has an id.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub ts_ms: i64,
    pub user: String,
    pub action: String,
    pub target: String,
    pub status: u16,
    pub duration_ms: u64,
    pub detail: String,
}

/// Filters and page of an E09 query.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    pub action: Option<String>,
    pub user: Option<String>,
    pub target: Option<String>,
    /// Only rows with this status; `failed` rows are those with status >= 400.
    pub status: Option<StatusFilter>,
    pub since_ms: Option<i64>,
    pub until_ms: Option<i64>,
    pub page: u32,
    pub page_size: u32,
}

/// How to filter on status.
#[derive(Debug, Clone, Copy)]
pub enum StatusFilter {
    Exact(u16),
    Ok,
    Failed,
}

/// Appends one row.
pub fn insert(conn: &Connection, e: &NewEvent) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO system_events (ts_ms, user, action, target, status, duration_ms, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![e.ts_ms, e.user, e.action, e.target, e.status, e.duration_ms as i64, e.detail],
    )?;
    Ok(())
}

/// Appends one row; returns its id.
pub fn insert_returning_id(conn: &Connection, e: &NewEvent) -> rusqlite::Result<i64> {
    insert(conn, e)?;
    Ok(conn.last_insert_rowid())
}

/// Replaces one row's detail (a lockout's running count).
pub fn set_detail(conn: &Connection, id: i64, detail: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE system_events SET detail = ?2 WHERE id = ?1", rusqlite::params![id, detail])?;
    Ok(())
}

/// Newest first; returns the page and the total count matching the filters.
pub fn query(conn: &Connection, q: &EventQuery) -> rusqlite::Result<(Vec<SystemEvent>, u64)> {
    let mut clauses: Vec<&str> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(a) = &q.action {
        clauses.push("action = ?");
        args.push(Value::Text(a.clone()));
    }
    if let Some(u) = &q.user {
        clauses.push("user = ?");
        args.push(Value::Text(u.clone()));
    }
    if let Some(t) = &q.target {
        clauses.push("target = ?");
        args.push(Value::Text(t.clone()));
    }
    match q.status {
        Some(StatusFilter::Exact(s)) => {
            clauses.push("status = ?");
            args.push(Value::Integer(i64::from(s)));
        }
        Some(StatusFilter::Ok) => clauses.push("status < 400"),
        Some(StatusFilter::Failed) => clauses.push("status >= 400"),
        None => {}
    }
    if let Some(s) = q.since_ms {
        clauses.push("ts_ms >= ?");
        args.push(Value::Integer(s));
    }
    if let Some(u) = q.until_ms {
        clauses.push("ts_ms < ?");
        args.push(Value::Integer(u));
    }
    let filter = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
    let total: i64 =
        conn.query_row(&format!("SELECT COUNT(*) FROM system_events {filter}"), params_from_iter(args.iter()), |r| {
            r.get(0)
        })?;
    let offset = i64::from(q.page.saturating_sub(1)) * i64::from(q.page_size);
    args.push(Value::Integer(i64::from(q.page_size)));
    args.push(Value::Integer(offset));
    let mut stmt = conn.prepare(&format!(
        "SELECT id, ts_ms, user, action, target, status, duration_ms, detail FROM system_events
         {filter} ORDER BY ts_ms DESC, id DESC LIMIT ? OFFSET ?"
    ))?;
    let rows = stmt
        .query_map(params_from_iter(args.iter()), |r| {
            let ts: i64 = r.get(1)?;
            Ok(SystemEvent {
                id: r.get(0)?,
                time: buddy_openclaw::time::rfc3339_ms(ts),
                user: r.get(2)?,
                action: r.get(3)?,
                target: r.get(4)?,
                status: r.get(5)?,
                duration_ms: r.get::<_, i64>(6)?.max(0) as u64,
                detail: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, total.max(0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(ts: i64, action: &str, status: u16) -> NewEvent {
        NewEvent {
            ts_ms: ts,
            user: "bearer@127.0.0.1".into(),
            action: action.into(),
            target: "t".into(),
            status,
            duration_ms: 3,
            detail: String::new(),
        }
    }

    #[test]
    fn filters_paginates_and_orders_newest_first() {
        let mut conn = Connection::open_in_memory().expect("open");
        crate::db::migrations::migrate(&mut conn).expect("migrate");
        for i in 0..25 {
            insert(
                &conn,
                &event(1_000 + i, if i % 2 == 0 { "POST /a" } else { "POST /b" }, if i % 5 == 0 { 500 } else { 200 }),
            )
            .expect("insert");
        }
        let q = EventQuery { page: 1, page_size: 10, ..Default::default() };
        let (rows, total) = query(&conn, &q).expect("query");
        assert_eq!(total, 25);
        assert_eq!(rows.len(), 10);
        assert_eq!(rows[0].time, buddy_openclaw::time::rfc3339_ms(1_024));
        let q = EventQuery { page: 3, page_size: 10, ..Default::default() };
        assert_eq!(query(&conn, &q).expect("page 3").0.len(), 5);
        let q = EventQuery {
            action: Some("POST /a".into()),
            status: Some(StatusFilter::Failed),
            page: 1,
            page_size: 50,
            ..Default::default()
        };
        let (rows, total) = query(&conn, &q).expect("filtered");
        assert_eq!(total, 3, "i = 0, 10, 20");
        assert!(rows.iter().all(|r| r.action == "POST /a" && r.status == 500));
        let q = EventQuery { since_ms: Some(1_020), page: 1, page_size: 50, ..Default::default() };
        assert_eq!(query(&conn, &q).expect("since").1, 5);
    }
}
