//! `heal_events`: what each self-heal saw, did and achieved (verified), with its report.

use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;
use serde_json::Value;

/// A heal to record.
#[derive(Debug, Clone)]
pub struct NewHeal {
    pub ts_ms: i64,
    pub trigger: String,
    pub evidence: Vec<String>,
    pub actions: Vec<String>,
    /// `healed`, `failed` or `gave-up`.
    pub outcome: String,
    /// The outcome was checked by probing the gateway afterwards.
    pub verified: bool,
    pub report: Option<String>,
    pub duration_ms: u64,
}

/// E41's row.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct HealEvent {
    pub id: i64,
    pub time: String,
    pub trigger: String,
    pub evidence: Value,
    pub actions: Value,
    pub outcome: String,
    pub verified: bool,
    pub duration_ms: u64,
    #[serde(rename = "hasReport")]
    pub has_report: bool,
}

/// E42's row.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct HealReport {
    pub id: i64,
    pub time: String,
    pub outcome: String,
    pub report: String,
}

/// Appends a heal; returns its id.
pub fn insert(conn: &Connection, h: &NewHeal) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO heal_events (ts_ms, trigger, evidence, actions, outcome, verified, report, duration_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        (
            h.ts_ms,
            &h.trigger,
            Value::from(h.evidence.clone()).to_string(),
            Value::from(h.actions.clone()).to_string(),
            &h.outcome,
            h.verified,
            &h.report,
            h.duration_ms as i64,
        ),
    )?;
    Ok(conn.last_insert_rowid())
}

fn event(r: &Row<'_>) -> rusqlite::Result<HealEvent> {
    let json = |s: String| serde_json::from_str(&s).unwrap_or(Value::Array(Vec::new()));
    Ok(HealEvent {
        id: r.get(0)?,
        time: buddy_openclaw::time::rfc3339_ms(r.get(1)?),
        trigger: r.get(2)?,
        evidence: json(r.get(3)?),
        actions: json(r.get(4)?),
        outcome: r.get(5)?,
        verified: r.get(6)?,
        duration_ms: r.get::<_, i64>(7)?.max(0) as u64,
        has_report: r.get::<_, Option<String>>(8)?.is_some(),
    })
}

/// Newest first.
pub fn list(conn: &Connection, since_ms: Option<i64>, limit: u32) -> rusqlite::Result<Vec<HealEvent>> {
    let mut stmt = conn.prepare(
        "SELECT id, ts_ms, trigger, evidence, actions, outcome, verified, duration_ms, report FROM heal_events
         WHERE ts_ms >= ?1 ORDER BY ts_ms DESC, id DESC LIMIT ?2",
    )?;
    stmt.query_map((since_ms.unwrap_or(i64::MIN), limit), event)?.collect()
}

/// Reports, newest first (or one by id).
pub fn reports(conn: &Connection, id: Option<i64>, limit: u32) -> rusqlite::Result<Vec<HealReport>> {
    let map = |r: &Row<'_>| {
        Ok(HealReport {
            id: r.get(0)?,
            time: buddy_openclaw::time::rfc3339_ms(r.get(1)?),
            outcome: r.get(2)?,
            report: r.get(3)?,
        })
    };
    if let Some(id) = id {
        return Ok(conn
            .query_row(
                "SELECT id, ts_ms, outcome, report FROM heal_events WHERE id = ?1 AND report IS NOT NULL",
                [id],
                map,
            )
            .optional()?
            .into_iter()
            .collect());
    }
    let mut stmt = conn.prepare(
        "SELECT id, ts_ms, outcome, report FROM heal_events WHERE report IS NOT NULL ORDER BY ts_ms DESC, id DESC LIMIT ?1",
    )?;
    stmt.query_map([limit], map)?.collect()
}
