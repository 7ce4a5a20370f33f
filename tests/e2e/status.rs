//! E03, E04 and E08, with the gateway down and with a real gateway running.

use std::time::{Duration, Instant};

use buddy_tests::gateway::TestGateway;
use buddy_tests::{TestApp, wait_for};
use serde_json::json;

#[tokio::test]
async fn status_with_the_gateway_down_is_a_quick_valid_answer() {
    let app = TestApp::start().await;
    let started = Instant::now();
    let (status, body) = app.get("/v1/openclaw/status").await;
    assert_eq!(status, 200, "{body}");
    assert!(started.elapsed() < Duration::from_secs(20), "no 60-70 s CLI wait when the gateway is down");
    let d = &body["data"];
    assert_eq!((d["status"].as_str(), d["health"].as_str()), (Some("Stopped"), Some("Down")), "{body}");
    assert_eq!(d["version"], "2026.9.6", "version comes from the CLI when the gateway is down");
    assert!(d["diskUsagePercent"].as_f64().is_some_and(|p| (0.0..=100.0).contains(&p)));
    // The reference's `YYYY-MM-DD hh:mm:ss` (UTC), with RFC 3339 beside it; a stopped gateway
    // has been up for no time and uses no CPU or memory.
    let installed = d["installedAt"].as_str().expect("installedAt");
    let iso = d["installedAtIso"].as_str().expect("installedAtIso");
    assert!(installed.len() == 19 && iso.ends_with('Z') && iso.starts_with(&installed.replace(' ', "T")), "{body}");
    assert_eq!((&d["uptime"], &d["cpuPercent"], &d["memoryMB"]), (&json!("0s"), &json!(0.0), &json!(0.0)), "{body}");

    let (status, body) = app.get("/v1/openclaw/dashboard-url").await;
    assert_eq!(status, 200);
    let url = body["data"]["url"].as_str().expect("url");
    assert_eq!(url, format!("http://127.0.0.1:{}/#token={}", app.home.gateway_port, app.home.gateway_token));
    assert_eq!(body["data"]["proxyUrl"], format!("/v1/proxy/#token={}", app.home.gateway_token));

    let (status, body) = app.get("/v1/system/info").await;
    assert_eq!(status, 200);
    let d = &body["data"];
    assert!(d["cpu"]["cores"].as_u64().is_some_and(|c| c >= 1), "{body}");
    assert!(d["memory"]["total"].as_u64().is_some_and(|m| m > 0) && d["memory"]["used"].as_u64().is_some());
    assert!(d["disk"]["path"].is_string(), "{body}");
    assert_eq!((d["os"].as_str(), d["machine"].as_str()), (Some(std::env::consts::OS), Some(std::env::consts::ARCH)));
    let go_arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    assert_eq!(d["arch"], go_arch, "{body}");
    assert!(d["osVersion"].as_str().is_some_and(|v| !v.is_empty()), "{body}");
    app.stop().await;
}

#[tokio::test]
async fn status_reports_a_real_running_gateway() {
    let app = TestApp::start().await;
    let gateway = TestGateway::start(&app.home).await;
    let body = wait_for("Buddy to see the gateway ready", Duration::from_secs(60), || async {
        let (_, body) = app.get("/v1/openclaw/status").await;
        (body["data"]["health"] == "Healthy").then_some(body)
    })
    .await;
    let d = &body["data"];
    assert_eq!(d["status"], "Running", "{body}");
    assert_eq!(d["version"], "2026.9.6");
    let pid = d["pid"].as_u64().expect("the listener's pid is found") as u32;
    let gateway_pid = gateway.pid();
    // The CLI launcher may exec or fork the gateway process: either it or a descendant listens.
    assert!(pid == gateway_pid || is_descendant(pid, gateway_pid), "listener {pid} belongs to gateway {gateway_pid}");
    // Threads share their process's memory: counting them as processes gave 11-14 GB here.
    assert!(d["memoryMB"].as_f64().is_some_and(|m| m > 50.0 && m < 6_000.0), "{body}");
    assert!(d["uptimeSeconds"].as_u64().is_some() && d["responseTimeMs"].as_u64().is_some(), "{body}");
    gateway.stop().await;
    app.stop().await;
}

fn is_descendant(mut pid: u32, ancestor: u32) -> bool {
    for _ in 0..16 {
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            return false;
        };
        let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse::<u32>().ok()) else {
            return false;
        };
        if ppid == ancestor {
            return true;
        }
        if ppid <= 1 {
            return false;
        }
        pid = ppid;
    }
    false
}
