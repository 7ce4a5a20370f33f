//! Channel modules: the WeChat (wechat module) and Telegram (written only against the SDK)
//! channels through the generic channel routes and E45–E47; status and install against the
//! real CLI, the QR login (JSON and SSE) against a recording of the real plugin's output, and
//! channel modules held to their grants.

use std::time::Duration;

use buddy_tests::{OpenClawHome, Options, TestApp, fake_login, fixtures};
use futures_util::StreamExt;
use serde_json::{Value, json};

const DEADLINE: Duration = Duration::from_secs(400);

fn find<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array().expect("list").iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("channel {id} in {list}"))
}

async fn plugin(app: &TestApp, id: &str) -> Option<Value> {
    let list = app.home.openclaw_json(&["plugins", "list", "--json"]).await;
    list["plugins"].as_array().expect("plugins").iter().find(|p| p["id"] == id).cloned()
}

#[tokio::test]
async fn channels_report_status_and_install_with_the_real_cli() {
    let app = TestApp::start().await;
    let (status, body) = app.get("/v1/channels").await;
    assert_eq!(status, 200, "{body}");
    let wechat = find(&body["data"], "openclaw-weixin");
    assert_eq!((wechat["module"].as_str(), wechat["qrLogin"].as_bool()), (Some("wechat"), Some(true)));
    assert_eq!(wechat["pluginPackage"], "@tencent-weixin/openclaw-weixin@2.4.9");
    let telegram = find(&body["data"], "telegram");
    assert_eq!((telegram["module"].as_str(), telegram["qrLogin"].as_bool()), (Some("telegram"), Some(false)));

    // Telegram (bundled plugin) enabled through its module; checked with the real CLI.
    let (status, body) = app.post("/v1/channels/telegram/install", json!({})).await;
    assert_eq!(status, 202, "{body}");
    let task = app.wait_task(body["data"]["taskID"].as_str().expect("task"), DEADLINE).await;
    assert_eq!(task["state"], "succeeded", "{task}");
    assert_eq!(plugin(&app, "telegram").await.expect("telegram")["enabled"], true);
    let (status, body) = app.get("/v1/channels/telegram/status").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.get("/v1/channels/telegram/login").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| m.to_lowercase().contains("token")),
        "the module says how Telegram logs in: {body}"
    );

    // WeChat: E46 before, E47 installs the npm plugin (a task), E46 after.
    let (status, before) = app.get("/v1/wechat/config/status").await;
    assert_eq!(status, 200, "{before}");
    assert!(!before.to_string().contains("\"installed\":true"), "{before}");
    let (status, body) = app.post("/v1/wechat/install", json!({})).await;
    assert_eq!(status, 202, "{body}");
    let task = app.wait_task(body["data"]["taskID"].as_str().expect("task"), DEADLINE).await;
    assert_eq!(task["state"], "succeeded", "{task}");
    let installed = plugin(&app, "openclaw-weixin").await.expect("the real CLI lists the WeChat plugin");
    assert_eq!(installed["enabled"], true, "{installed}");
    let (_, after) = app.get("/v1/wechat/config/status").await;
    assert!(after.to_string().contains("\"installed\":true"), "{after}");
    app.home.assert_valid().await;
    app.stop().await;
}

async fn app_replaying(fixture: &str) -> TestApp {
    let home = OpenClawHome::new();
    let wrapper = fake_login::write(home.dir.path(), &home.install.bin, &fake_login::fixture(fixture));
    let options = Options { configure: Some(Box::new(move |c| c.openclaw.bin = wrapper)), ..Default::default() };
    TestApp::start_with(home, options).await
}

async fn sse_statuses(app: &TestApp, path: &str) -> Vec<Value> {
    let resp = app
        .anonymous(reqwest::Method::GET, path)
        .bearer_auth(&app.token)
        .header("accept", "text/event-stream")
        .send()
        .await
        .expect("sse");
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"].to_str().expect("ascii").starts_with("text/event-stream"));
    let mut stream = resp.bytes_stream();
    let (mut text, mut events) = (String::new(), Vec::new());
    while let Ok(Some(chunk)) = tokio::time::timeout(DEADLINE, stream.next()).await {
        text.push_str(&String::from_utf8_lossy(&chunk.expect("chunk")));
        while let Some(end) = text.find("\n\n") {
            let event: String = text.drain(..end + 2).collect();
            if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data:")) {
                events.push(serde_json::from_str::<Value>(data.trim()).expect("json"));
            }
        }
        if events.last().is_some_and(|e| e["done"] == true) {
            break;
        }
    }
    events
}

#[tokio::test]
async fn the_wechat_qr_login_follows_the_login_process_as_json_and_sse() {
    let app = app_replaying("login-confirmed.txt").await;
    // JSON: the QR code as soon as the plugin drew it; the process lives on.
    let (status, body) = app.get("/v1/wechat/qrcode").await;
    assert_eq!(status, 200, "{body}");
    let d = &body["data"];
    assert_eq!(d["status"], "qr", "{body}");
    assert!(d["qrData"].as_str().is_some_and(|u| u.starts_with("https://liteapp.weixin.qq.com/")), "{body}");
    let art = d["qrText"].as_str().expect("QR art");
    assert!(
        art.lines().count() >= 15 && art.contains('█') && !art.contains('\u{fffd}'),
        "whole, undamaged QR art:\n{art}"
    );
    // SSE on the same login: every change until it ends.
    let events = sse_statuses(&app, "/v1/channels/openclaw-weixin/login").await;
    let statuses: Vec<&str> = events.iter().filter_map(|e| e["status"].as_str()).collect();
    assert_eq!(statuses.last(), Some(&"confirmed"), "{statuses:?}");
    assert!(statuses.contains(&"scanned"), "{statuses:?}");
    assert!(events.iter().all(|e| e["session"] == d["session"]), "one login, one session");
    let last = events.last().expect("last");
    assert!(last["qrData"].is_null(), "a used code is not shown again: {last}");
    app.stop().await;

    let app = app_replaying("login-expired.txt").await;
    let events = sse_statuses(&app, "/v1/wechat/qrcode").await;
    let last = events.last().expect("events");
    assert!(matches!(last["status"].as_str(), Some("expired" | "failed")) && last["done"] == true, "{events:?}");
    app.stop().await;

    let app = app_replaying("login-qr.txt").await;
    let (_, body) = app.get("/v1/wechat/qrcode").await;
    assert_eq!(body["data"]["status"], "qr");
    let (status, body) = app.delete("/v1/channels/openclaw-weixin/login").await;
    assert_eq!((status, &body["data"]["cancelled"]), (200, &json!(true)), "{body}");
    let (status, _) = app.delete("/v1/channels/openclaw-weixin/login").await;
    assert_eq!(status, 404, "nothing left to cancel");
    app.stop().await;
}

#[tokio::test]
async fn channel_modules_are_held_to_their_grants() {
    let template = fixtures::manifest("channel-template");
    let no_login = template.replace("    [\"channels\", \"login\", \"--channel\", \"acme-chat\"],\n", "");
    assert_ne!(no_login, template, "the template grants its login command");
    let bad = template
        .replace("name = \"channel-template\"", "name = \"greedy-channel\"")
        .replace("events = true", "events = true\nfiles = [{ host = \"/etc\", guest = \"/etc\", mode = \"ro\" }]");
    let options = Options {
        raw_modules: vec![
            ("channel-template".into(), no_login, "channel-template"),
            ("greedy-channel".into(), bad, "channel-template"),
        ],
        ..Default::default()
    };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let (_, modules) = app.get("/v1/modules").await;
    let greedy = modules["data"]
        .as_array()
        .expect("modules")
        .iter()
        .find(|m| m["name"] == "greedy-channel")
        .cloned()
        .expect("listed");
    assert_eq!(greedy["status"], "failed");
    assert!(
        greedy["error"].as_str().is_some_and(|e| e.contains("/etc")),
        "refused at load, naming the grant: {greedy}"
    );
    // Loaded, but its login command is outside its grant: refused, never run.
    let (status, body) = app.get("/v1/channels/acme-chat/login").await;
    assert_eq!(status, 403, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| m.contains("channels login") && m.contains("grant")), "{body}");
    app.stop().await;
}
