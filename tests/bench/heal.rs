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

/// E05 over 30 days of samples taken every 15 s (172,800 rows).
pub async fn history_query(app: &TestApp) {
    let now = buddy_openclaw::time::now_ms();
    app.state()
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            {
                let mut stmt = tx.prepare(
                    "INSERT INTO health_checks (ts_ms, status, response_time_ms, cpu, memory_mb) VALUES (?1, ?2, ?3, 1.5, 850.0)",
                )?;
                for i in 0..172_800i64 {
                    let status = if i % 500 == 0 { "down" } else { "ok" };
                    stmt.execute((now - i * 15_000, status, 3 + i % 7))?;
                }
            }
            tx.commit()
        })
        .await
        .expect("seed samples");
    let day = Summary::measure(200, || async {
        let (s, body) = app.get("/v1/stats/health?range=24h").await;
        assert!(s == 200 && body["data"]["points"].as_array().is_some_and(|p| !p.is_empty()));
    })
    .await;
    let month = Summary::measure(50, || async {
        let (s, _) = app.get("/v1/stats/health?range=30d").await;
        assert_eq!(s, 200);
    })
    .await;
    println!("E05 health history over 30 days of 15 s samples (172,800 rows)");
    println!("  last 24 h (5,760 samples → ~300 buckets): {day}");
    println!("  last 30 d (all rows → ~300 buckets):      {month}\n");
}
