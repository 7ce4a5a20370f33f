//! E40 against the real gateway: verified start / restart / stop, serialized requests, and a
//! Buddy restart that adopts the running gateway instead of starting a second one.

use std::time::Duration;

use buddy_tests::{OpenClawHome, Options, TestApp, assert_envelope};
use serde_json::{Value, json};

const TASK_DEADLINE: Duration = Duration::from_secs(300);

async fn post_action(app: &TestApp, action: &str) -> String {
    let (status, body) = app.post(&format!("/v1/gateway/{action}"), json!({})).await;
    assert_eq!(status, 202, "{body}");
    body["data"]["taskID"].as_str().expect("taskID").to_string()
}

fn listener_pid(port: u16) -> Option<u32> {
    buddy_openclaw::process::listener_pid(port)
}

#[tokio::test]
async fn start_restart_stop_are_verified_serialized_and_survive_a_buddy_restart() {
    let options = Options { configure: Some(Box::new(|c| c.gateway.stop_on_exit = false)), ..Default::default() };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let port = app.home.gateway_port;

    let (status, body) = app.post("/v1/gateway/fly", json!({})).await;
    assert!(status == 400 && assert_envelope(400, &body).contains("action"), "{body}");

    // A start and a restart fired together run one after the other.
    let start = post_action(&app, "start").await;
    let restart = post_action(&app, "restart").await;
    let started = app.wait_task(&start, TASK_DEADLINE).await;
    assert_eq!(started["state"], "succeeded", "{started}");
    assert_eq!(started["result"]["verified"], true);
    let restarted = app.wait_task(&restart, TASK_DEADLINE).await;
    assert_eq!(restarted["state"], "succeeded", "{restarted}");
    assert!(
        restarted["startedAt"].as_str() >= started["endedAt"].as_str(),
        "the restart waited for the start: {started} {restarted}"
    );
    let first_pid = started["result"]["pid"].as_u64();
    let pid = restarted["result"]["pid"].as_u64().expect("pid") as u32;
    assert_ne!(first_pid, Some(u64::from(pid)), "a restart runs a new process");
    let (_, status) = app.get("/v1/openclaw/status").await;
    assert_eq!(
        (status["data"]["status"].as_str(), status["data"]["health"].as_str()),
        (Some("Running"), Some("Healthy"))
    );
    let progress = restarted["progress"].as_array().expect("progress");
    assert!(progress.iter().any(|p| p["message"].as_str().is_some_and(|m| m.contains("SIGTERM"))), "{restarted}");

    // Buddy restarts; the gateway keeps serving and is adopted, not duplicated.
    let home = app.stop_keeping_home().await;
    assert!(listener_pid(port).is_some(), "the gateway outlives Buddy");
    let app = TestApp::start_with(home, Options::default()).await;
    let again = post_action(&app, "start").await;
    let again = app.wait_task(&again, TASK_DEADLINE).await;
    assert_eq!(again["state"], "succeeded", "{again}");
    assert!(
        again["progress"]
            .as_array()
            .expect("progress")
            .iter()
            .any(|p| p["message"].as_str().is_some_and(|m| m.contains("adopting"))),
        "{again}"
    );
    let listener = listener_pid(port).expect("listener");
    assert!(openclaw_buddy::gateway::proc_info::alive(pid), "the same gateway process still runs");
    assert_eq!(
        openclaw_buddy::gateway::proc_info::process_group(listener),
        openclaw_buddy::gateway::proc_info::process_group(pid),
        "no second gateway was started"
    );

    let stop = post_action(&app, "stop").await;
    let stopped = app.wait_task(&stop, TASK_DEADLINE).await;
    assert_eq!(stopped["state"], "succeeded", "{stopped}");
    assert!(listener_pid(port).is_none(), "nothing listens after a verified stop");
    let (_, status) = app.get("/v1/openclaw/status").await;
    assert_eq!(status["data"]["status"], "Stopped", "{status}");
    let events = app.events("target=gateway:stop").await;
    assert_eq!(events.total, 1, "lifecycle requests are audited: {events:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_gateway_that_cannot_start_fails_its_task_with_the_reason() {
    let app = TestApp::start().await;
    // Something else holds the gateway's port.
    let squatter = std::net::TcpListener::bind(("127.0.0.1", app.home.gateway_port)).expect("bind");
    let id = post_action(&app, "start").await;
    let task: Value = app.wait_task(&id, TASK_DEADLINE).await;
    assert_eq!(task["state"], "failed", "{task}");
    assert!(task["error"].as_str().is_some_and(|e| e.contains("port") && e.contains("taken")), "{task}");
    drop(squatter);
    app.stop().await;
}
