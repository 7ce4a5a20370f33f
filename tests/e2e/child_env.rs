//! What Buddy's children inherit: read from `/proc/<pid>/environ` of a real CLI run, the real
//! TUI and a real gateway (with its workers) that the Buddy binary started while its own
//! environment held the API token and another secret.

use std::path::Path;
use std::time::{Duration, Instant};

use buddy_tests::process::{BuddyProcess, ProcessIdentity, cmdline, descendants, environ};
use buddy_tests::{OpenClawHome, wait_for};
use reqwest::Method;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const BIN: &str = env!("CARGO_BIN_EXE_buddy-e2e");
const CANARY: &str = "canary-secret-for-buddy-only-0123456789";

/// Asserts `pid`'s environment holds none of Buddy's secrets; returns it.
fn assert_clean(pid: u32, what: &str, token: &str) -> Vec<String> {
    let env = environ(pid);
    assert!(!env.is_empty(), "{what} (pid {pid}) is running and has an environment");
    for var in &env {
        assert!(
            !var.starts_with("BUDDY_") && !var.contains(token) && !var.contains(CANARY),
            "{what} (pid {pid}: {}) inherited {var}",
            cmdline(pid)
        );
    }
    env
}

async fn find_descendant(buddy: &BuddyProcess, what: &str, needle: &str) -> u32 {
    let root = buddy.pid();
    wait_for(what, Duration::from_secs(120), || async {
        descendants(root).into_iter().skip(1).find(|p| cmdline(*p).contains(needle))
    })
    .await
}

#[tokio::test]
async fn children_get_an_allow_listed_environment_without_buddys_secrets() {
    let home = OpenClawHome::new();
    let mut buddy = BuddyProcess::start(
        Path::new(BIN),
        &home,
        "[gateway]\nstop_on_exit = true\n",
        &[("BUDDY_CANARY", CANARY), ("AWS_SECRET_ACCESS_KEY", CANARY), ("OPENCLAW_PASSED_ON", "yes")],
    );
    let token = buddy.token.clone();

    // A CLI run (E29 runs `openclaw plugins list --json`, a few seconds).
    let listing = tokio::spawn(buddy.request(Method::GET, "/v1/openclaw/plugins?refresh=true").send());
    let cli = find_descendant(&buddy, "the CLI run of E29", "plugins list").await;
    let env = assert_clean(cli, "a CLI run", &token);
    assert!(env.iter().any(|v| v == "OPENCLAW_PASSED_ON=yes"), "OpenClaw's own variables pass: {env:?}");
    assert!(env.iter().any(|v| v.starts_with("OPENCLAW_CONFIG_PATH=")), "the install's paths are set: {env:?}");
    assert!(env.iter().any(|v| v.starts_with("PATH=")), "{env:?}");
    assert!(!env.iter().any(|v| v.starts_with("AWS_SECRET_ACCESS_KEY")), "{env:?}");
    assert_eq!(listing.await.expect("join").expect("E29").status(), 200);

    // The TUI in its PTY.
    let mut request =
        format!("{}/v1/ws/tui", buddy.base.replace("http://", "ws://")).into_client_request().expect("url");
    request.headers_mut().insert("authorization", format!("Bearer {token}").parse().expect("header"));
    let (socket, _) = tokio_tungstenite::connect_async(request).await.expect("the TUI socket opens");
    let tui = find_descendant(&buddy, "the TUI process", " tui").await;
    assert_clean(tui, "the TUI", &token);
    drop(socket);

    // A real gateway and every worker it started.
    let (status, body) = {
        let resp =
            buddy.request(Method::POST, "/v1/gateway/start").json(&serde_json::json!({})).send().await.expect("E40");
        (resp.status().as_u16(), resp.json::<serde_json::Value>().await.expect("json"))
    };
    assert_eq!(status, 202, "{body}");
    let task = body["data"]["taskID"].as_str().expect("task id").to_string();
    let done = wait_for("the gateway start", buddy_tests::gateway::READY_DEADLINE, || async {
        let resp = buddy.request(Method::GET, &format!("/v1/tasks/status?id={task}")).send().await.ok()?;
        let body: serde_json::Value = resp.json().await.ok()?;
        let state = body["data"]["state"].as_str()?.to_string();
        (state != "queued" && state != "running").then_some(body["data"].clone())
    })
    .await;
    assert_eq!(done["state"], "succeeded", "{done}");
    let gateway = done["result"]["pid"].as_u64().expect("the task names the gateway's pid") as u32;
    let identity = ProcessIdentity::of(gateway).expect("the gateway runs");
    let _guard = buddy_tests::process::KillGroupOnDrop(gateway);
    for pid in descendants(gateway) {
        assert_clean(pid, "the gateway", &token);
    }
    buddy.terminate(Duration::from_secs(30));
    let exited = Instant::now();
    while identity.running() {
        assert!(
            exited.elapsed() < Duration::from_secs(60),
            "the gateway outlived Buddy by 60 s: {}\nthe start: {done}\nBuddy's output:\n{}",
            identity.describe(),
            buddy.output()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
