//! `health_checks`: one row per probe of the gateway; E05 reads ranges of them, bucketed.

use rusqlite::Connection;
use serde::Serialize;

/// One probe result.
#[derive(Debug, Clone)]
pub struct Sample {
    pub ts_ms: i64,
    /// `ok`, `degraded` or `down`.
    pub status: &'static str,
    pub response_time_ms: Option<u64>,
    pub cpu: Option<f64>,
    pub memory_mb: Option<f64>,
}

/// One point of E05: a raw sample or a bucket's aggregate.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub timestamp: String,
    /// The worst status in the bucket.
    pub status: String,
    pub response_time_ms: Option<f64>,
    pub cpu: Option<f64>,
    pub memory: Option<f64>,
    pub samples: u64,
    /// Share of samples in the bucket whose status was `ok`.
    pub up_ratio: f64,
}

/// Appends a sample.
pub fn insert(conn: &Connection, s: &Sample) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO health_checks (ts_ms, status, response_time_ms, cpu, memory_mb) VALUES (?1, ?2, ?3, ?4, ?5)",
        (s.ts_ms, s.status, s.response_time_ms.map(|v| v as i64), s.cpu, s.memory_mb),
    )?;
    Ok(())
}

/// Deletes samples older than `before_ms`; returns how many.
pub fn prune(conn: &Connection, before_ms: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM health_checks WHERE ts_ms < ?1", [before_ms])
}

/// Points in `[since, until)`, aggregated into buckets of `bucket_ms` (0 = raw samples),
/// oldest first. The range scan uses the timestamp index.
pub fn range(conn: &Connection, since: i64, until: i64, bucket_ms: i64) -> rusqlite::Result<Vec<Point>> {
    let bucket = bucket_ms.max(1);
    let mut stmt = conn.prepare_cached(
        "SELECT (ts_ms / ?3) * ?3 AS b,
                MAX(CASE status WHEN 'down' THEN 2 WHEN 'degraded' THEN 1 ELSE 0 END),
                AVG(response_time_ms), AVG(cpu), AVG(memory_mb), COUNT(*),
                SUM(CASE status WHEN 'ok' THEN 1 ELSE 0 END)
         FROM health_checks WHERE ts_ms >= ?1 AND ts_ms < ?2
         GROUP BY b ORDER BY b",
    )?;
    let rows = stmt.query_map((since, until, bucket), |r| {
        let count: i64 = r.get(5)?;
        let ok: i64 = r.get(6)?;
        Ok(Point {
            timestamp: buddy_openclaw::time::rfc3339_ms(r.get(0)?),
            status: match r.get::<_, i64>(1)? {
                2 => "down",
                1 => "degraded",
                _ => "ok",
            }
            .to_string(),
            response_time_ms: r.get::<_, Option<f64>>(2)?.map(round1),
            cpu: r.get::<_, Option<f64>>(3)?.map(round1),
            memory: r.get::<_, Option<f64>>(4)?.map(round1),
            samples: count.max(0) as u64,
            up_ratio: if count > 0 { round1(ok as f64 * 100.0 / count as f64) / 100.0 } else { 0.0 },
        })
    })?;
    rows.collect()
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_take_the_worst_status_and_averages() {
        let mut conn = Connection::open_in_memory().expect("open");
        crate::db::migrations::migrate(&mut conn).expect("migrate");
        let sample =
            |ts, status, rt| Sample { ts_ms: ts, status, response_time_ms: rt, cpu: Some(1.0), memory_mb: Some(100.0) };
        for s in [
            sample(0, "ok", Some(10)),
            sample(500, "down", None),
            sample(1_000, "ok", Some(30)),
            sample(1_500, "ok", Some(50)),
        ] {
            insert(&conn, &s).expect("insert");
        }
        let raw = range(&conn, 0, 2_000, 0).expect("raw");
        assert_eq!(raw.len(), 4);
        let buckets = range(&conn, 0, 2_000, 1_000).expect("buckets");
        assert_eq!(buckets.len(), 2);
        assert_eq!((buckets[0].status.as_str(), buckets[0].samples, buckets[0].up_ratio), ("down", 2, 0.5));
        assert_eq!((buckets[1].status.as_str(), buckets[1].response_time_ms), ("ok", Some(40.0)));
        assert_eq!(prune(&conn, 1_000).expect("prune"), 2);
    }
}
