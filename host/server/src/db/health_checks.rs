//! `health_checks`: one row per probe of the gateway, and `health_rollups`: the same samples
//! summed per minute and per hour, updated in the same transaction as each insert. E05 reads a
//! range as buckets: whole rollup rows where the bucket size allows, raw samples only for the
//! range's unaligned edges, so a 30-day chart reads hundreds of rows, not 172,800.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;

/// Rollup resolutions, finest first.
pub const ROLLUPS_MS: [i64; 2] = [60_000, 3_600_000];

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
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Point {
    /// Start of the bucket (the sample's time for raw points), RFC 3339.
    pub timestamp: String,
    /// The worst status in the bucket: `ok`, `degraded` or `down`.
    pub status: &'static str,
    /// Mean round trip of the answered probes, whole milliseconds; `null` when none answered.
    pub response_time_ms: Option<u64>,
    /// Mean CPU of the gateway's processes, percent.
    pub cpu: Option<f64>,
    /// Mean resident memory of the gateway's processes, MB.
    pub memory: Option<f64>,
    pub samples: u64,
    /// Share of samples in the bucket whose status was `ok`.
    pub up_ratio: f64,
    /// The bucket's length (0 for raw samples).
    pub bucket_ms: i64,
}

/// Sums over some samples; what rollups store and buckets merge.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Acc {
    worst: i64,
    samples: i64,
    ok: i64,
    rt_sum: f64,
    rt_count: i64,
    cpu_sum: f64,
    cpu_count: i64,
    mem_sum: f64,
    mem_count: i64,
}

impl Acc {
    fn merge(&mut self, o: &Acc) {
        self.worst = self.worst.max(o.worst);
        self.samples += o.samples;
        self.ok += o.ok;
        self.rt_sum += o.rt_sum;
        self.rt_count += o.rt_count;
        self.cpu_sum += o.cpu_sum;
        self.cpu_count += o.cpu_count;
        self.mem_sum += o.mem_sum;
        self.mem_count += o.mem_count;
    }

    fn from_row(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Self> {
        Ok(Acc {
            worst: r.get(first)?,
            samples: r.get(first + 1)?,
            ok: r.get(first + 2)?,
            rt_sum: r.get(first + 3)?,
            rt_count: r.get(first + 4)?,
            cpu_sum: r.get(first + 5)?,
            cpu_count: r.get(first + 6)?,
            mem_sum: r.get(first + 7)?,
            mem_count: r.get(first + 8)?,
        })
    }

    fn point(&self, start_ms: i64, bucket_ms: i64) -> Point {
        let mean = |sum: f64, n: i64| (n > 0).then(|| round1(sum / n as f64));
        Point {
            timestamp: buddy_openclaw::time::rfc3339_ms(start_ms),
            status: match self.worst {
                2 => "down",
                1 => "degraded",
                _ => "ok",
            },
            response_time_ms: (self.rt_count > 0).then(|| (self.rt_sum / self.rt_count as f64).round() as u64),
            cpu: mean(self.cpu_sum, self.cpu_count),
            memory: mean(self.mem_sum, self.mem_count),
            samples: self.samples.max(0) as u64,
            up_ratio: if self.samples > 0 {
                (self.ok as f64 * 1000.0 / self.samples as f64).round() / 1000.0
            } else {
                0.0
            },
            bucket_ms,
        }
    }
}

/// The sums columns of a raw-sample aggregate, in [`Acc::from_row`]'s order.
const RAW_SUMS: &str = "MAX(CASE status WHEN 'down' THEN 2 WHEN 'degraded' THEN 1 ELSE 0 END), COUNT(*),
    SUM(status = 'ok'), TOTAL(response_time_ms), COUNT(response_time_ms), TOTAL(cpu), COUNT(cpu),
    TOTAL(memory_mb), COUNT(memory_mb)";

/// Appends a sample and adds it to its minute and hour rollups, in one transaction.
pub fn insert(conn: &Connection, s: &Sample) -> rusqlite::Result<()> {
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "INSERT INTO health_checks (ts_ms, status, response_time_ms, cpu, memory_mb) VALUES (?1, ?2, ?3, ?4, ?5)",
        (s.ts_ms, s.status, s.response_time_ms.map(|v| v as i64), s.cpu, s.memory_mb),
    )?;
    let worst = match s.status {
        "down" => 2,
        "degraded" => 1,
        _ => 0,
    };
    let rt = s.response_time_ms.map(|v| v as f64);
    for res in ROLLUPS_MS {
        tx.prepare_cached(
            "INSERT INTO health_rollups VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (resolution_ms, bucket_ms) DO UPDATE SET
                worst = MAX(worst, excluded.worst), samples = samples + 1, ok_count = ok_count + excluded.ok_count,
                rt_sum = rt_sum + excluded.rt_sum, rt_count = rt_count + excluded.rt_count,
                cpu_sum = cpu_sum + excluded.cpu_sum, cpu_count = cpu_count + excluded.cpu_count,
                mem_sum = mem_sum + excluded.mem_sum, mem_count = mem_count + excluded.mem_count",
        )?
        .execute((
            res,
            s.ts_ms.div_euclid(res) * res,
            worst,
            i64::from(s.status == "ok"),
            rt.unwrap_or(0.0),
            i64::from(rt.is_some()),
            s.cpu.unwrap_or(0.0),
            i64::from(s.cpu.is_some()),
            s.memory_mb.unwrap_or(0.0),
            i64::from(s.memory_mb.is_some()),
        ))?;
    }
    tx.commit()
}

/// Deletes samples and minute rollups older than `raw_before_ms` and hour rollups older than
/// `hourly_before_ms`; returns how many rows went.
pub fn prune(conn: &Connection, raw_before_ms: i64, hourly_before_ms: i64) -> rusqlite::Result<usize> {
    Ok(conn.execute("DELETE FROM health_checks WHERE ts_ms < ?1", [raw_before_ms])?
        + conn.execute(
            "DELETE FROM health_rollups WHERE resolution_ms = ?1 AND bucket_ms + ?1 <= ?2",
            (ROLLUPS_MS[0], raw_before_ms),
        )?
        + conn.execute(
            "DELETE FROM health_rollups WHERE resolution_ms = ?1 AND bucket_ms + ?1 <= ?2",
            (ROLLUPS_MS[1], hourly_before_ms),
        )?)
}

/// The coarsest rollup a bucket of `bucket_ms` is made of whole, if any.
pub fn rollup_for(bucket_ms: i64) -> Option<i64> {
    ROLLUPS_MS.iter().rev().copied().find(|r| bucket_ms >= *r && bucket_ms % r == 0)
}

/// Points in `[since, until)`, aggregated into buckets of `bucket_ms` aligned to the epoch (0 =
/// raw samples), oldest first.
pub fn range(conn: &Connection, since: i64, until: i64, bucket_ms: i64) -> rusqlite::Result<Vec<Point>> {
    if bucket_ms <= 0 {
        return raw(conn, since, until);
    }
    let mut buckets: BTreeMap<i64, Acc> = BTreeMap::new();
    let add_raw = |conn: &Connection, from: i64, to: i64, buckets: &mut BTreeMap<i64, Acc>| {
        if from >= to {
            return Ok(());
        }
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT (ts_ms / ?3) * ?3, {RAW_SUMS} FROM health_checks WHERE ts_ms >= ?1 AND ts_ms < ?2 GROUP BY 1"
        ))?;
        let rows = stmt.query_map((from, to, bucket_ms), |r| Ok((r.get::<_, i64>(0)?, Acc::from_row(r, 1)?)))?;
        for row in rows {
            let (b, acc) = row?;
            buckets.entry(b).or_default().merge(&acc);
        }
        Ok::<_, rusqlite::Error>(())
    };
    match rollup_for(bucket_ms) {
        Some(res) => {
            // Whole rollup rows for the aligned middle, raw samples for the edges.
            let (inner_from, inner_to) = (ceil_to(since, res), until.div_euclid(res) * res);
            if inner_from >= inner_to {
                add_raw(conn, since, until, &mut buckets)?;
            } else {
                add_raw(conn, since, inner_from, &mut buckets)?;
                let mut stmt = conn.prepare_cached(
                    "SELECT (bucket_ms / ?4) * ?4, MAX(worst), SUM(samples), SUM(ok_count), TOTAL(rt_sum),
                            SUM(rt_count), TOTAL(cpu_sum), SUM(cpu_count), TOTAL(mem_sum), SUM(mem_count)
                     FROM health_rollups WHERE resolution_ms = ?1 AND bucket_ms >= ?2 AND bucket_ms < ?3
                     GROUP BY 1",
                )?;
                let rows = stmt.query_map((res, inner_from, inner_to, bucket_ms), |r| {
                    Ok((r.get::<_, i64>(0)?, Acc::from_row(r, 1)?))
                })?;
                for row in rows {
                    let (b, acc) = row?;
                    buckets.entry(b).or_default().merge(&acc);
                }
                add_raw(conn, inner_to, until, &mut buckets)?;
            }
        }
        None => add_raw(conn, since, until, &mut buckets)?,
    }
    Ok(buckets.iter().filter(|(_, a)| a.samples > 0).map(|(b, a)| a.point(*b, bucket_ms)).collect())
}

fn raw(conn: &Connection, since: i64, until: i64) -> rusqlite::Result<Vec<Point>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ts_ms, status, response_time_ms, cpu, memory_mb FROM health_checks
         WHERE ts_ms >= ?1 AND ts_ms < ?2 ORDER BY ts_ms",
    )?;
    let rows = stmt.query_map((since, until), |r| {
        let status: String = r.get(1)?;
        let rt: Option<i64> = r.get(2)?;
        let (cpu, mem): (Option<f64>, Option<f64>) = (r.get(3)?, r.get(4)?);
        let acc = Acc {
            worst: match status.as_str() {
                "down" => 2,
                "degraded" => 1,
                _ => 0,
            },
            samples: 1,
            ok: i64::from(status == "ok"),
            rt_sum: rt.unwrap_or(0) as f64,
            rt_count: i64::from(rt.is_some()),
            cpu_sum: cpu.unwrap_or(0.0),
            cpu_count: i64::from(cpu.is_some()),
            mem_sum: mem.unwrap_or(0.0),
            mem_count: i64::from(mem.is_some()),
        };
        Ok(acc.point(r.get(0)?, 0))
    })?;
    rows.collect()
}

fn ceil_to(v: i64, step: i64) -> i64 {
    (v + step - 1).div_euclid(step) * step
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().expect("open");
        crate::db::migrations::migrate(&mut conn).expect("migrate");
        conn
    }

    fn sample(ts: i64, status: &'static str, rt: Option<u64>) -> Sample {
        Sample { ts_ms: ts, status, response_time_ms: rt, cpu: Some(1.0), memory_mb: Some(100.0) }
    }

    #[test]
    fn buckets_take_the_worst_status_and_averages() {
        let conn = db();
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
        assert_eq!(raw[1].response_time_ms, None, "an unanswered probe has no response time");
        let buckets = range(&conn, 0, 2_000, 1_000).expect("buckets");
        assert_eq!(buckets.len(), 2);
        assert_eq!((buckets[0].status, buckets[0].samples, buckets[0].up_ratio), ("down", 2, 0.5));
        assert_eq!((buckets[1].status, buckets[1].response_time_ms), ("ok", Some(40)));
        assert_eq!(prune(&conn, 1_000, 0).expect("prune"), 2);
    }

    /// Every answer read through the rollups equals the same question asked of the raw
    /// samples alone, whatever the range's alignment.
    #[test]
    fn rollups_answer_exactly_what_the_samples_would() {
        let conn = db();
        let mut ts = 1_700_000_000_000i64;
        for i in 0..3_000 {
            let status = match i % 97 {
                0 => "down",
                1 => "degraded",
                _ => "ok",
            };
            let rt = (status != "down").then_some(3 + (i as u64 * 7) % 40);
            insert(
                &conn,
                &Sample { ts_ms: ts, status, response_time_ms: rt, cpu: Some((i % 9) as f64), memory_mb: None },
            )
            .expect("insert");
            ts += 15_000 + (i % 5) * 1_000;
        }
        let start = 1_700_000_000_000i64;
        for (since, until, bucket) in [
            (start, ts, 3_600_000),
            (start + 123_457, ts - 98_765, 3_600_000),
            (start + 7_000, start + 3 * 3_600_000 + 11, 60_000),
            (start + 600_000, ts, 3 * 3_600_000),
            (start + 61_000, start + 119_000, 60_000),
        ] {
            let via_rollups = range(&conn, since, until, bucket).expect("rollups");
            let only_raw = {
                let mut buckets: BTreeMap<i64, Acc> = BTreeMap::new();
                let mut stmt = conn
                    .prepare(&format!(
                        "SELECT (ts_ms / ?3) * ?3, {RAW_SUMS} FROM health_checks WHERE ts_ms >= ?1 AND ts_ms < ?2 GROUP BY 1"
                    ))
                    .expect("prepare");
                for row in stmt
                    .query_map((since, until, bucket), |r| Ok((r.get::<_, i64>(0)?, Acc::from_row(r, 1)?)))
                    .expect("query")
                {
                    let (b, acc) = row.expect("row");
                    buckets.entry(b).or_default().merge(&acc);
                }
                buckets.iter().map(|(b, a)| a.point(*b, bucket)).collect::<Vec<_>>()
            };
            assert!(!only_raw.is_empty());
            assert_eq!(via_rollups, only_raw, "range {since}..{until} by {bucket}");
        }
    }

    #[test]
    fn the_migration_rolls_up_samples_stored_before_it() {
        let mut old = Connection::open_in_memory().expect("open");
        crate::db::migrations::migrate_to(&mut old, 5).expect("schema 5");
        let new = db();
        for i in 0..50i64 {
            let status = if i % 7 == 0 { "down" } else { "ok" };
            let s = sample(i * 97_000, status, (status == "ok").then_some(i as u64));
            old.execute(
                "INSERT INTO health_checks (ts_ms, status, response_time_ms, cpu, memory_mb) VALUES (?1, ?2, ?3, ?4, ?5)",
                (s.ts_ms, s.status, s.response_time_ms.map(|v| v as i64), s.cpu, s.memory_mb),
            )
            .expect("old insert");
            insert(&new, &s).expect("insert");
        }
        crate::db::migrations::migrate(&mut old).expect("upgrade");
        let dump = |c: &Connection| {
            let mut stmt = c.prepare("SELECT * FROM health_rollups ORDER BY 1, 2").expect("prepare");
            let rows = stmt
                .query_map([], |r| {
                    (0..11).map(|i| r.get::<_, rusqlite::types::Value>(i)).collect::<Result<Vec<_>, _>>()
                })
                .expect("query");
            rows.collect::<Result<Vec<_>, _>>().expect("rows")
        };
        assert!(!dump(&new).is_empty());
        assert_eq!(dump(&old), dump(&new), "backfilled rollups equal the ones kept up to date");
    }

    #[test]
    fn insert_keeps_rollups_and_prune_bounds_them() {
        let conn = db();
        for i in 0..10 {
            insert(&conn, &sample(i * 30_000, "ok", Some(5))).expect("insert");
        }
        let rows: i64 = conn.query_row("SELECT COUNT(*) FROM health_rollups", [], |r| r.get(0)).expect("count");
        assert_eq!(rows, 5 + 1, "five minutes and one hour");
        prune(&conn, 10 * 30_000, 0).expect("prune");
        let left: i64 = conn.query_row("SELECT COUNT(*) FROM health_rollups", [], |r| r.get(0)).expect("count");
        assert_eq!(left, 1, "the hour stays while hourly rollups are kept longer");
    }

    #[test]
    fn only_whole_rollups_serve_a_bucket() {
        assert_eq!(rollup_for(60_000), Some(60_000));
        assert_eq!(rollup_for(7_200_000), Some(3_600_000));
        assert_eq!(rollup_for(90_000), None);
        assert_eq!(rollup_for(1_000), None);
    }
}
