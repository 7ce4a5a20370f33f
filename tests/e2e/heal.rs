//! Self-healing against the real gateway: a killed gateway is restarted, a broken config is
//! replaced by the last backup OpenClaw accepts, a gateway that cannot start is given up on
//! with backoff — each with a verified heal event and a report. And the analyzer is swapped by
//! configuration alone.

use std::time::Duration;

use buddy_tests::{OpenClawHome, Options, TestApp, wait_for};
use openclaw_buddy::config::BuddyConfig;
use serde_json::{Value, json};

const DEADLINE: Duration = Duration::from_secs(300);

fn monitored(extra: impl FnOnce(&mut BuddyConfig) + 'static) -> Options {
    Options {
        configure: Some(Box::new(move |c: &mut BuddyConfig| {
            c.monitor.enabled = true;
            c.monitor.interval_ms = 300;
            c.heal.down_threshold = 2;
            c.heal.backoff_base_secs = 1;
            c.heal.backoff_max_secs = 2;
            extra(c);
        })),
        ..Default::default()
    }
}

async fn start_gateway(app: &TestApp) -> u32 {
    let (status, body) = app.post("/v1/gateway/start", json!({})).await;
    assert_eq!(status, 202, "{body}");
    let task = app.wait_task(body["data"]["taskID"].as_str().expect("id"), DEADLINE).await;
    assert_eq!(task["state"], "succeeded", "{task}");
    task["result"]["pid"].as_u64().expect("pid") as u32
}

async fn heal_event(app: &TestApp, outcome: &str) -> Value {
    wait_for(&format!("a heal event with outcome {outcome}"), DEADLINE, || async {
        let (_, body) = app.get("/v1/heal/events").await;
        body["data"].as_array()?.iter().find(|e| e["outcome"] == outcome).cloned()
    })
    .await
}

#[tokio::test]
async fn a_killed_gateway_is_detected_restarted_and_the_heal_is_recorded() {
    let app = TestApp::start_with(OpenClawHome::new(), monitored(|_| {})).await;
    let pid = start_gateway(&app).await;
    buddy_openclaw::signal::kill_group(pid, buddy_openclaw::signal::Signal::Kill);

    let event = heal_event(&app, "healed").await;
    assert_eq!(event["verified"], true);
    assert!(event["trigger"].as_str().is_some_and(|t| t.contains("down")), "{event}");
    let actions = event["actions"].to_string();
    assert!(actions.contains("restarted the gateway"), "{event}");
    let (_, status) = app.get("/v1/openclaw/status").await;
    assert_eq!(status["data"]["health"], "Healthy", "{status}");
    assert_ne!(status["data"]["pid"].as_u64(), Some(u64::from(pid)), "a new gateway process");

    let (_, reports) = app.get(&format!("/v1/heal/reports?id={}", event["id"])).await;
    let report = reports["data"][0]["report"].as_str().expect("report");
    assert!(report.contains("# Heal report") && report.contains("healed"), "{report}");

    let (_, history) = app.get("/v1/stats/health?range=1h&bucket=raw").await;
    let statuses: Vec<&str> =
        history["data"].as_array().expect("points").iter().filter_map(|p| p["status"].as_str()).collect();
    assert!(statuses.contains(&"down") && statuses.contains(&"ok"), "every sample is recorded: {statuses:?}");
    let (_, tasks) = app.get("/v1/tasks/status?kind=heal").await;
    assert!(tasks["data"].as_array().is_some_and(|t| t.iter().any(|t| t["state"] == "succeeded")), "{tasks}");
    app.stop().await;
}

#[tokio::test]
async fn a_broken_config_is_replaced_by_the_last_valid_backup() {
    let app = TestApp::start_with(OpenClawHome::new(), monitored(|_| {})).await;
    start_gateway(&app).await;
    // The monitor backs up the config once OpenClaw has accepted it.
    let backup = wait_for("a validated backup", DEADLINE, || async {
        let (_, body) = app.get("/v1/heal/backups").await;
        body["data"].as_array()?.first().cloned()
    })
    .await;
    assert_eq!(backup["valid"], true);
    let good = app.home.read_config();

    let mut broken = good.clone();
    broken["gateway"]["bogusKey"] = json!(true);
    broken["models"]["providers"]["fakeai"]["models"][0].as_object_mut().expect("model").remove("name");
    app.home.write_config(&broken);

    let event = heal_event(&app, "healed").await;
    assert!(event["trigger"].as_str().is_some_and(|t| t.contains("rejected")), "{event}");
    assert!(event["actions"].to_string().contains("restored backup"), "{event}");
    assert_eq!(app.home.read_config(), good, "the last valid config is back");
    app.home.assert_valid().await;
    let aside: Vec<_> = std::fs::read_dir(app.data_dir.join("broken")).expect("broken dir").collect();
    assert_eq!(aside.len(), 1, "the broken config was kept aside");

    let (_, reports) = app.get(&format!("/v1/heal/reports?id={}", event["id"])).await;
    let report = reports["data"][0]["report"].as_str().expect("report");
    assert!(report.contains("bogusKey"), "the report's diff names the broken key: {report}");
    let (_, status) = app.get("/v1/openclaw/status").await;
    assert_eq!(status["data"]["health"], "Healthy");
    app.stop().await;
}

/// A gateway killed again as soon as its heal brought it back is healed again at once: the
/// backoff is set so long (10 min) that a first heal judged failed would hold the second one
/// past the deadline.
#[tokio::test]
async fn a_gateway_killed_again_right_after_its_heal_is_healed_without_backoff() {
    let options = monitored(|c| {
        c.heal.backoff_base_secs = 600;
        c.heal.backoff_max_secs = 600;
    });
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let first = start_gateway(&app).await;
    let mut pid = first;
    for round in 1..=2 {
        buddy_openclaw::signal::kill_group(pid, buddy_openclaw::signal::Signal::Kill);
        // The next kill comes as soon as this heal is over (its event recorded) and the new
        // gateway answers: the death right after a heal.
        wait_for(&format!("heal {round} to be recorded"), DEADLINE, || async {
            let (_, body) = app.get("/v1/heal/events").await;
            (body["data"].as_array()?.len() >= round).then_some(())
        })
        .await;
        pid = wait_for(&format!("heal {round} to bring a new gateway up"), DEADLINE, || async {
            let (_, s) = app.get("/v1/openclaw/status").await;
            let now = s["data"]["pid"].as_u64().map(|p| p as u32)?;
            (s["data"]["health"] == "Healthy" && now != pid).then_some(now)
        })
        .await;
    }
    let events = wait_for("two heal events", DEADLINE, || async {
        let (_, body) = app.get("/v1/heal/events").await;
        let events = body["data"].as_array()?.clone();
        (events.len() >= 2).then_some(events)
    })
    .await;
    assert!(events.iter().all(|e| e["outcome"] == "healed"), "{events:#?}");
    assert!(!events.iter().any(|e| e["evidence"].to_string().contains("waited")), "no heal waited: {events:#?}");
    app.stop().await;
}

/// A Buddy that has no backup of its own heals from OpenClaw's: the `.bak` its CLI leaves
/// beside openclaw.json on every write, listed by E43 as OpenClaw's and checked by OpenClaw's
/// validator before it is restored.
#[tokio::test]
async fn a_broken_config_heals_from_openclaws_own_backup_when_buddy_has_none() {
    let app = TestApp::start_with(OpenClawHome::new(), monitored(|_| {})).await;
    // A real OpenClaw write: the previous (valid) config becomes openclaw.json.bak.
    let good = app.home.read_config();
    let (code, _, err) = app.home.openclaw(&["config", "set", "agents.defaults.thinkingDefault", "low"]).await;
    assert_eq!(code, 0, "{err}");
    start_gateway(&app).await;
    let listed = wait_for("OpenClaw's backup in E43", DEADLINE, || async {
        let (_, body) = app.get("/v1/heal/backups").await;
        body["data"].as_array()?.iter().find(|b| b["name"] == "openclaw.json.bak").cloned()
    })
    .await;
    assert_eq!((&listed["source"], &listed["valid"]), (&json!("openclaw"), &json!(true)), "{listed}");
    let (status, diff) = app.get("/v1/heal/backups/openclaw.json.bak/diff").await;
    assert_eq!(status, 200, "E44 diffs OpenClaw's backups too: {diff}");
    // As on a host where Buddy arrives after the config broke: none of Buddy's own backups.
    let own = app.data_dir.join("backups");
    wait_for("Buddy's own backup of the valid config", DEADLINE, || async {
        std::fs::read_dir(&own).ok()?.next().map(|_| ())
    })
    .await;
    std::fs::remove_dir_all(&own).expect("remove Buddy's backups");

    let mut broken = app.home.read_config();
    broken["gateway"]["bogusKey"] = json!(true);
    app.home.write_config(&broken);

    let event = heal_event(&app, "healed").await;
    let actions = event["actions"].to_string();
    let restored = app.home.read_config();
    // The newest of OpenClaw's copies wins: `.bak` (the config before its last write) or, once
    // the gateway has written it, `.last-good` (the config the gateway last started with, after
    // that write). Which one exists by now depends on the gateway, not on Buddy.
    if actions.contains("restored backup openclaw.json.bak (OpenClaw's own copy)") {
        assert_eq!(restored, good, "OpenClaw's copy of the config before its last write is back");
    } else {
        assert!(actions.contains("restored backup openclaw.json.last-good (OpenClaw's own copy)"), "{event}");
        assert_eq!(restored["agents"]["defaults"]["thinkingDefault"], "low", "the config the gateway started with");
        assert!(restored["gateway"].get("bogusKey").is_none(), "{restored}");
    }
    app.home.assert_valid().await;
    app.stop().await;
}

#[tokio::test]
async fn a_gateway_that_cannot_start_is_given_up_on_with_backoff() {
    let app = TestApp::start_with(OpenClawHome::new(), monitored(|c| c.heal.give_up_after = 2)).await;
    // Something that accepts connections but is not a gateway holds the port.
    let squatter = std::net::TcpListener::bind(("127.0.0.1", app.home.gateway_port)).expect("bind");
    let (status, _) = app.post("/v1/gateway/start", json!({})).await;
    assert_eq!(status, 202);

    let gave_up = heal_event(&app, "gave-up").await;
    assert!(gave_up["actions"].to_string().contains("stopped healing"), "{gave_up}");
    let (_, events) = app.get("/v1/heal/events").await;
    let events = events["data"].as_array().expect("events").clone();
    let failed: Vec<&Value> = events.iter().filter(|e| e["outcome"] == "failed").collect();
    assert_eq!(failed.len(), 2, "exactly give_up_after attempts: {events:#?}");
    assert!(failed.iter().all(|e| e["actions"].to_string().contains("backing off")), "{failed:#?}");
    assert!(failed.iter().all(|e| e["actions"].to_string().contains("taken")), "{failed:#?}");

    // No restart storm: the monitor keeps sampling, but no further heal runs.
    let samples = |body: &Value| body["data"].as_array().map(Vec::len).unwrap_or(0);
    let (_, before) = app.get("/v1/stats/health?range=1h&bucket=raw").await;
    wait_for("more samples", DEADLINE, || async {
        let (_, now) = app.get("/v1/stats/health?range=1h&bucket=raw").await;
        (samples(&now) >= samples(&before) + 5).then_some(())
    })
    .await;
    let (_, after) = app.get("/v1/heal/events").await;
    assert_eq!(after["data"].as_array().map(Vec::len), Some(events.len()), "no heal after giving up");
    drop(squatter);
    app.stop().await;
}

#[tokio::test]
async fn the_analyzer_is_swapped_by_configuration_alone() {
    let app = TestApp::start_with(OpenClawHome::new(), monitored(|_| {})).await;
    let backup = wait_for("a validated backup", DEADLINE, || async {
        let (_, body) = app.get("/v1/heal/backups").await;
        body["data"].as_array()?.first()?["name"].as_str().map(str::to_string)
    })
    .await;
    let mut edited = app.home.read_config();
    edited["agents"]["entries"]["main"]["identity"] = json!({"name": "Renamed"});
    edited["models"]["providers"]["fakeai"]["apiKey"] = json!("sk-rotated-secret-value");
    app.home.write_config(&edited);

    let (status, diff) = app.get(&format!("/v1/heal/backups/{backup}/diff")).await;
    assert_eq!(status, 200, "{diff}");
    assert_eq!(diff["data"]["analyzer"], "heal-analyzer");
    let changes = diff["data"]["changes"].as_array().expect("changes");
    let paths: Vec<&str> = changes.iter().filter_map(|c| c["path"].as_str()).collect();
    assert!(paths.contains(&"/agents/entries/main/identity"), "{paths:?}");
    assert!(paths.contains(&"/models/providers/fakeai/apiKey"), "{paths:?}");
    assert!(
        !diff.to_string().contains("sk-rotated-secret-value") && !diff.to_string().contains("sk-fake-test-key"),
        "secrets are masked: {diff}"
    );

    let (status, body) = app.get("/v1/heal/backups/..%2F..%2Fetc%2Fpasswd/diff").await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = app.get("/v1/heal/backups/openclaw-19700101T000000.000Z-000000000000.json/diff").await;
    assert_eq!(status, 404);

    // Another analyzer, picked through the API: at once, audited, and it sees masked configs
    // too (line-diff shows whole lines, so a secret it received would show).
    let (status, body) = app.post("/v1/heal/analyzer", json!({"name": "line-diff"})).await;
    assert_eq!((status, body["data"]["active"].as_str()), (200, Some("line-diff")), "{body}");
    let (status, diff) = app.get(&format!("/v1/heal/backups/{backup}/diff")).await;
    assert_eq!((status, diff["data"]["analyzer"].as_str()), (200, Some("line-diff")), "{diff}");
    let text = diff.to_string();
    assert!(text.contains("Renamed") && text.contains("***"), "{diff}");
    assert!(!text.contains("sk-rotated-secret-value") && !text.contains("sk-fake-test-key"), "masked: {diff}");
    assert!(!text.contains(&app.home.gateway_token), "masked: {diff}");
    let (status, body) = app.post("/v1/heal/analyzer", json!({"name": "no-such-analyzer"})).await;
    assert_eq!(status, 400, "{body}");
    let (_, list) = app.get("/v1/modules").await;
    assert_eq!(list["runtime"]["analyzer"]["active"], "line-diff", "{list}");
    let (status, _) = app.post("/v1/heal/analyzer", json!({"name": null})).await;
    assert_eq!(status, 200);
    let events = app.events("action=POST%20/v1/heal/analyzer").await;
    assert_eq!(events.total, 3, "every pick is audited: {:?}", events.body);

    // Same install, another analyzer, chosen by configuration only.
    let home = app.stop_keeping_home().await;
    let options = Options {
        configure: Some(Box::new(|c: &mut BuddyConfig| c.heal.analyzer = "line-diff".into())),
        ..Default::default()
    };
    let app = TestApp::start_with(home, options).await;
    let (status, diff) = app.get(&format!("/v1/heal/backups/{backup}/diff")).await;
    assert_eq!(status, 200, "{diff}");
    assert_eq!(diff["data"]["analyzer"], "line-diff");
    let changes = diff["data"]["changes"].as_array().expect("changes");
    assert!(
        !changes.is_empty() && changes.iter().all(|c| c["path"].as_str().is_some_and(|p| p.starts_with("line:"))),
        "{diff}"
    );
    app.stop().await;
}
