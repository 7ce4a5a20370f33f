//! E05 against a real Buddy: `data` is the array of points the original reference documents,
//! the range travels in headers, and 30 days of samples are answered from the rollups the
//! monitor keeps as it records.

use buddy_tests::{OpenClawHome, Options, TestApp};
use openclaw_buddy::db::health_checks::{self, Sample};

/// Thirty days of samples every five minutes, with a down hour every day.
async fn seed_thirty_days(app: &TestApp) -> i64 {
    let now = buddy_openclaw::time::now_ms();
    app.state()
        .db
        .call(move |conn| {
            for i in 0..(30 * 288) {
                let ts = now - i * 300_000;
                let down = (ts / 3_600_000) % 24 == 3;
                let sample = Sample {
                    ts_ms: ts,
                    status: if down { "down" } else { "ok" },
                    response_time_ms: (!down).then_some(20 + (i % 5) as u64),
                    cpu: Some(2.0),
                    memory_mb: Some(300.0),
                };
                health_checks::insert(conn, &sample)?;
            }
            Ok(())
        })
        .await
        .expect("seed");
    now
}

#[tokio::test]
async fn e05_answers_an_array_of_points_with_the_range_in_headers() {
    let app = TestApp::start_with(OpenClawHome::new(), Options::default()).await;
    let now = seed_thirty_days(&app).await;

    let response = app
        .anonymous(reqwest::Method::GET, "/v1/stats/health?range=30d")
        .bearer_auth(&app.token)
        .send()
        .await
        .expect("E05");
    assert_eq!(response.status(), 200);
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    assert_eq!(header("x-bucket").as_deref(), Some("3h"), "30 days at most ~300 points, read from hourly rollups");
    assert!(header("x-range-since").is_some() && header("x-range-until").is_some());
    let body: serde_json::Value = response.json().await.expect("json");
    let points = body["data"].as_array().expect("data is an array");
    assert!((230..=241).contains(&points.len()), "{} points", points.len());
    let samples: u64 = points.iter().map(|p| p["samples"].as_u64().expect("samples")).sum();
    assert!((8_600..=8_640).contains(&samples), "every seeded sample counted once: {samples}");
    for p in points {
        assert!(p["timestamp"].is_string() && p["status"].is_string(), "{p}");
        assert_eq!(p["bucket_ms"], 3 * 3_600_000);
        assert!(p["response_time_ms"].is_u64() || p["response_time_ms"].is_null(), "whole milliseconds: {p}");
    }
    assert!(points.iter().any(|p| p["status"] == "down"), "the daily down hour shows");
    assert!(points.iter().any(|p| p["status"] == "ok"));

    // The default is the last 24 hours, and raw points are the samples themselves.
    let (status, day) = app.get("/v1/stats/health").await;
    assert_eq!(status, 200);
    assert!(day["data"].as_array().is_some_and(|p| (280..=289).contains(&p.len())), "{}", day["data"]);
    let since = now - 3_600_000;
    let (_, raw) = app.get(&format!("/v1/stats/health?since={since}&until={now}&bucket=raw")).await;
    let raw = raw["data"].as_array().expect("raw");
    assert_eq!(raw.len(), 12, "one point per sample in the last hour");
    assert!(raw.iter().all(|p| p["bucket_ms"] == 0 && p["samples"] == 1));

    let (status, bad) = app.get("/v1/stats/health?range=30x").await;
    assert_eq!(status, 400);
    assert!(bad["message"].as_str().is_some_and(|m| m.starts_with("range")), "{bad}");
    app.stop().await;
}
