//! Self-healing figures: how long from a gateway's death until Buddy notices and until it is
//! healthy again (median of several kills), and E05's query time over 30 days of samples.

use std::time::{Duration, Instant};

use buddy_tests::{OpenClawHome, Options, TestApp, wait_for};
use serde_json::json;

use crate::stats::Summary;

/// Kills the gateway `runs` times and reports the medians.
pub async fn death_to_healthy(runs: usize) {
    let options = Options {
        configure: Some(Box::new(|c: &mut openclaw_buddy::config::BuddyConfig| {
            c.monitor.enabled = true;
            c.monitor.interval_ms = 1_000;
            c.heal.down_threshold = 2;
        })),
        ..Default::default()
    };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let (_, body) = app.post("/v1/gateway/start", json!({})).await;
    let task = app.wait_task(body["data"]["taskID"].as_str().expect("task"), Duration::from_secs(300)).await;
    assert_eq!(task["state"], "succeeded", "{task}");
    let (mut detected, mut healthy) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let (_, status) = app.get("/v1/openclaw/status").await;
        let pid = status["data"]["pid"].as_u64().expect("pid") as u32;
        let heals_before = heal_tasks(&app).await;
        let killed = Instant::now();
        buddy_openclaw::signal::kill_group(
            openclaw_buddy::gateway::proc_info::process_group(pid).unwrap_or(pid),
            buddy_openclaw::signal::Signal::Kill,
        );
        wait_for("the heal to start", Duration::from_secs(120), || async {
            (heal_tasks(&app).await > heals_before).then_some(())
        })
        .await;
        detected.push(killed.elapsed());
        wait_for("the gateway to be healthy", Duration::from_secs(300), || async {
            let (_, s) = app.get("/v1/openclaw/status").await;
            (s["data"]["health"] == "Healthy" && s["data"]["pid"].as_u64() != Some(u64::from(pid))).then_some(())
        })
        .await;
        healthy.push(killed.elapsed());
        println!(
            "  run {}: detected after {:.1} s, healthy after {:.1} s",
            run + 1,
            detected[run].as_secs_f64(),
            healthy[run].as_secs_f64()
        );
    }
    detected.sort();
    healthy.sort();
    println!("Gateway death (SIGKILL) → heal, monitor interval 1 s, down threshold 2 probes");
    println!("  detected (heal started): median {:.1} s", detected[runs / 2].as_secs_f64());
    println!("  healthy again (/readyz): median {:.1} s\n", healthy[runs / 2].as_secs_f64());
    let (_, body) = app.post("/v1/gateway/stop", json!({})).await;
    app.wait_task(body["data"]["taskID"].as_str().expect("task"), Duration::from_secs(120)).await;
    app.stop().await;
}

async fn heal_tasks(app: &TestApp) -> usize {
    let (_, body) = app.get("/v1/tasks/status?kind=heal&limit=500").await;
    body["data"].as_array().map(Vec::len).unwrap_or(0)
}

/// E05 over 30 days of samples taken every 15 s (172,800 rows), recorded the way the monitor
/// records them (each insert keeps the minute and hour rollups), against the same 30-day
/// question answered from the samples alone (E05's query before rollups), side by side.
pub async fn history_query(app: &TestApp) {
    use openclaw_buddy::db::health_checks::{self, Sample};
    let now = buddy_openclaw::time::now_ms();
    app.state()
        .db
        .call(move |conn| {
            for i in 0..172_800i64 {
                let status = if i % 500 == 0 { "down" } else { "ok" };
                let sample = Sample {
                    ts_ms: now - i * 15_000,
                    status,
                    response_time_ms: Some(3 + (i % 7) as u64),
                    cpu: Some(1.5),
                    memory_mb: Some(850.0),
                };
                health_checks::insert(conn, &sample)?;
            }
            Ok(())
        })
        .await
        .expect("seed samples");
    let day = Summary::measure(200, || async {
        let (s, body) = app.get("/v1/stats/health?range=24h").await;
        assert!(s == 200 && body["data"].as_array().is_some_and(|p| !p.is_empty()));
    })
    .await;
    let month = Summary::measure(50, || async {
        let (s, body) = app.get("/v1/stats/health?range=30d").await;
        assert!(s == 200 && body["data"].as_array().is_some_and(|p| !p.is_empty()));
    })
    .await;
    let db = app.state().db.clone();
    let month_raw = Summary::measure(20, || {
        let db = db.clone();
        async move {
            let bucket = 3 * 3_600_000i64;
            let rows = db
                .call(move |c| {
                    let mut stmt = c.prepare_cached(
                        "SELECT (ts_ms / ?3) * ?3, MAX(CASE status WHEN 'down' THEN 2 WHEN 'degraded' THEN 1 ELSE 0 END),
                                AVG(response_time_ms), AVG(cpu), AVG(memory_mb), COUNT(*), SUM(status = 'ok')
                         FROM health_checks WHERE ts_ms >= ?1 AND ts_ms < ?2 GROUP BY 1",
                    )?;
                    let n = stmt.query_map((now - 30 * 86_400_000, now, bucket), |_| Ok(()))?.count();
                    Ok(n)
                })
                .await
                .expect("raw query");
            assert!(rows > 0);
        }
    })
    .await;
    println!("E05 health history over 30 days of 15 s samples (172,800 rows)");
    println!("  last 24 h over HTTP (5-minute buckets from rollups): {day}");
    println!("  last 30 d over HTTP (3-hour buckets from rollups):   {month}");
    println!("  last 30 d from the samples alone, in process:        {month_raw}");
    println!(
        "  30 d: rollups over HTTP / samples alone = {:.3} (p50)\n",
        month.p50.as_secs_f64() / month_raw.p50.as_secs_f64()
    );
}
