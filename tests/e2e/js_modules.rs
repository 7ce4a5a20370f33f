//! Modules written in JavaScript/TypeScript with the JS SDK (`sdk/js`), built into components
//! by its `buddy-module build` (ComponentizeJS): the domain example `hello-js`, the channel
//! example `channel-template-js`, the analyzer example `analyzer-template-js` and the
//! misbehaving fixture `js-hog`, loaded into a real Buddy and held to the same grants and
//! limits as Rust modules.

use std::time::Duration;

use buddy_tests::{OpenClawHome, Options, TestApp, assert_envelope, fake_login, js_sdk};
use futures_util::StreamExt;
use serde_json::{Value, json};

/// Options installing the JS modules `names`; compiled artifacts are shared between runs
/// unless `first_compile` is what the test is about.
fn with(names: &[&str], first_compile: bool) -> Options {
    Options {
        built_modules: names.iter().map(|n| (n.to_string(), js_sdk::built(n))).collect(),
        shared_compile_cache: !first_compile,
        ..Default::default()
    }
}

fn module(list: &Value, name: &str) -> Value {
    list["data"]
        .as_array()
        .expect("modules")
        .iter()
        .find(|m| m["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("{name} in {list}"))
}

#[tokio::test]
async fn a_typescript_domain_module_answers_through_buddy_and_loads_from_the_compile_cache_on_restart() {
    let wasm = std::fs::metadata(js_sdk::built("hello-js").join("module.wasm")).expect("wasm").len();
    assert!(wasm > 10 * 1024 * 1024, "a JS component carries its engine: {wasm} bytes");
    let app = TestApp::start_with(OpenClawHome::new(), with(&["hello-js"], true)).await;
    let (status, list) = app.get("/v1/modules").await;
    assert_eq!(status, 200, "{list}");
    let hello = module(&list, "hello-js");
    assert_eq!(
        (hello["status"].as_str(), hello["world"].as_str(), hello["source"].as_str(), hello["compileCache"].as_str()),
        (Some("loaded"), Some("domain"), Some("user"), Some("miss")),
        "{hello}"
    );
    assert_eq!(hello["capabilities"], json!(["log", "kv"]));
    let cold_ms = hello["loadMs"].as_u64().expect("loadMs");
    assert_eq!(
        hello["routes"],
        json!([{"method": "GET", "path": "/v1/hello-js/greet", "summary": "Greets someone and counts the greetings"}])
    );

    for n in 1..=3 {
        let (status, body) = app.get("/v1/hello-js/greet?name=Ada").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body, json!({"code": 200, "message": "success", "data": {"greeting": "Hello, Ada!", "count": n}}));
    }
    let (status, body) = app.get(&format!("/v1/hello-js/greet?name={}", "x".repeat(65))).await;
    assert_eq!((status, assert_envelope(400, &body)), (400, "name: at most 64 characters".to_string()));
    let (status, _) = app.post("/v1/hello-js/greet", json!({})).await;
    assert_eq!(status, 405);
    let (status, _) = app.get("/v1/hello-js/nothing").await;
    assert_eq!(status, 404);

    // A restart on the same data dir compiles nothing: the 12 MB component comes from the cache.
    let home = app.stop_keeping_home().await;
    let app = TestApp::start_with(home, Options::default()).await;
    let (_, list) = app.get("/v1/modules").await;
    let hello = module(&list, "hello-js");
    assert_eq!((hello["status"].as_str(), hello["compileCache"].as_str()), (Some("loaded"), Some("hit")), "{hello}");
    let warm_ms = hello["loadMs"].as_u64().expect("loadMs");
    eprintln!("hello-js ({wasm} bytes) loaded in {cold_ms} ms compiling, {warm_ms} ms from the compile cache");
    let (status, body) = app.get("/v1/hello-js/greet?name=Bo").await;
    assert_eq!((status, &body["data"]["count"]), (200, &json!(4)), "kv survived the restart: {body}");
    app.stop().await;
}

#[tokio::test]
async fn a_js_module_is_held_to_its_grants_and_limits_like_a_rust_module() {
    let mut options = with(&["js-hog"], false);
    options.modules = vec!["hello"];
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let (_, list) = app.get("/v1/modules").await;
    assert_eq!(module(&list, "js-hog")["capabilities"], json!(["log"]), "no grants, only the log");
    let before = app.home.config_hash();

    // Every capability without a grant is a typed denial the module receives as a value.
    let (status, body) = app.get("/v1/fixture/js-hog/greedy").await;
    assert_eq!(status, 200, "a denial is a value the module handles, not a trap: {body}");
    for cap in ["kv", "cli", "config", "http", "events"] {
        let err = &body["data"][cap];
        assert_eq!(err["kind"], "denied", "{cap}: {body}");
        assert!(err["message"].as_str().is_some_and(|m| m.contains("js-hog")), "{cap} names the module: {err}");
    }
    assert_eq!(app.home.config_hash(), before);
    let events = app.events("user=module:js-hog").await;
    assert_eq!(events.total, 0, "the denied event was not written");
    // Left unhandled, the denial answers as the Rust SDK's `?` does.
    let (status, body) = app.get("/v1/fixture/js-hog/unwrap").await;
    assert_eq!(status, 500, "{body}");
    assert!(assert_envelope(500, &body).starts_with("denied: "), "{body}");

    // The engine: clocks and randomness work, no `Intl`; the global `fetch` has no HTTP support
    // behind it (left out of the engine: Buddy links no wasi:http), so calling it ends the call.
    let (status, body) = app.get("/v1/fixture/js-hog/engine").await;
    assert_eq!(status, 200, "{body}");
    let d = &body["data"];
    assert!(d["now"].as_f64().is_some_and(|ms| ms > 1.7e12), "Date.now() is the wall clock: {body}");
    assert!(d["random"].as_f64().is_some_and(|r| (0.0..1.0).contains(&r)) && d["randomValues"] == 4, "{body}");
    assert_eq!(d["intl"], "undefined", "{body}");
    let (status, body) = app.get("/v1/fixture/js-hog/async").await;
    assert_eq!((status, &body["data"]["n"]), (200, &json!(42)), "an async handler's promise is awaited: {body}");
    let (status, body) = app.get("/v1/fixture/js-hog/fetch").await;
    assert_eq!(status, 500, "{body}");
    assert!(assert_envelope(500, &body).contains("\"js-hog\" failed in handle()"), "{body}");

    // Memory: within the cap fine, past it a clean out-of-memory naming the limit.
    let (status, body) = app.get("/v1/fixture/js-hog/run?mb=8").await;
    assert_eq!((status, &body["data"]["mb"]), (200, &json!(8)), "{body}");
    let (status, body) = app.get("/v1/fixture/js-hog/run?mb=200").await;
    assert_eq!(status, 500, "{body}");
    let message = assert_envelope(500, &body);
    assert!(
        message.contains("\"js-hog\"") && message.contains("out of memory") && message.contains("64 MiB"),
        "{message}"
    );
    let (status, body) = app.get("/v1/fixture/js-hog/ok").await;
    assert_eq!((status, &body["data"]["ok"]), (200, &json!(true)), "the next call works: {body}");

    // CPU: an endless loop is stopped at the budget; Buddy and the other modules keep serving.
    let (status, body) = app.get("/v1/fixture/js-hog/spin").await;
    assert_eq!(status, 504, "{body}");
    let message = assert_envelope(504, &body);
    assert!(message.contains("\"js-hog\"") && message.contains("CPU budget of 1000 ms"), "{message}");
    let (status, _) = app.get("/health").await;
    assert_eq!(status, 200);
    let (status, body) = app.get("/v1/hello/greet?name=after").await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = app.get("/v1/fixture/js-hog/ok").await;
    assert_eq!(status, 200);
    app.stop().await;
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
    let mut stream = resp.bytes_stream();
    let (mut text, mut events) = (String::new(), Vec::new());
    while let Ok(Some(chunk)) = tokio::time::timeout(Duration::from_secs(120), stream.next()).await {
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
async fn a_typescript_channel_module_reports_its_status_and_reads_a_qr_login() {
    let home = OpenClawHome::new();
    let recording = fake_login::fixture_of("acme", "login-confirmed.txt");
    let wrapper = fake_login::write(home.dir.path(), &home.install.bin, &recording);
    let mut options = with(&["channel-template-js"], false);
    options.configure = Some(Box::new(move |c| c.openclaw.bin = wrapper));
    let app = TestApp::start_with(home, options).await;

    let (status, body) = app.get("/v1/channels").await;
    assert_eq!(status, 200, "{body}");
    let acme =
        body["data"].as_array().expect("channels").iter().find(|c| c["id"] == "acme-chat").cloned().expect("acme-chat");
    assert_eq!(
        (acme["module"].as_str(), acme["qrLogin"].as_bool(), acme["pluginPackage"].as_str()),
        (Some("channel-template-js"), Some(true), Some("@acme/openclaw-acme-chat@1.0.0")),
        "{acme}"
    );

    // config-status through the real CLI (plugins list) and the config grant.
    let mut config = app.home.read_config();
    config["channels"] =
        json!({"acme-chat": {"enabled": true, "botToken": "secret-123", "accounts": {"work": {"appSecret": "s"}}}});
    app.home.write_config(&config);
    let (status, body) = app.get("/v1/channels/acme-chat/status").await;
    assert_eq!(status, 200, "{body}");
    let text = body.to_string();
    assert!(text.contains("\"installed\":false") && text.contains("\"configured\":true"), "{body}");
    assert!(
        text.contains("\"work\"") && !text.contains("secret-123") && !text.contains("\"s\""),
        "accounts listed, secrets masked: {body}"
    );

    // The login: Buddy runs the granted command, the module reads its output.
    let (status, body) = app.get("/v1/channels/acme-chat/login").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["data"]["status"].as_str(), body["data"]["qrData"].as_str()),
        (Some("qr"), Some("https://login.acme.example/q/t-42")),
        "{body}"
    );
    assert!(body["data"]["qrText"].as_str().is_some_and(|art| art.lines().count() == 7 && art.contains('█')), "{body}");
    let events = sse_statuses(&app, "/v1/channels/acme-chat/login").await;
    let statuses: Vec<&str> = events.iter().filter_map(|e| e["status"].as_str()).collect();
    assert_eq!(statuses.last(), Some(&"confirmed"), "{events:?}");
    assert!(statuses.contains(&"scanned"), "{statuses:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_typescript_analyzer_picked_through_the_api_writes_the_config_diffs() {
    let app = TestApp::start_with(OpenClawHome::new(), with(&["analyzer-template-js"], false)).await;
    let (_, list) = app.get("/v1/modules").await;
    let analyzer = module(&list, "analyzer-template-js");
    assert_eq!(
        (analyzer["status"].as_str(), analyzer["world"].as_str()),
        (Some("loaded"), Some("analyzer-module")),
        "{analyzer}"
    );
    let (status, body) = app.post("/v1/heal/analyzer", json!({"name": "analyzer-template-js"})).await;
    assert_eq!(status, 200, "{body}");

    // A config write through Buddy leaves a backup; the diff against it is the JS analyzer's.
    let (status, body) =
        app.post("/v1/openclaw/bots/set-model", json!({"id": "main", "model": "fakeai/other-model"})).await;
    assert_eq!(status, 200, "{body}");
    let backup = buddy_tests::wait_for("a backup", Duration::from_secs(60), || async {
        let (_, body) = app.get("/v1/heal/backups").await;
        body["data"].as_array()?.first()?["name"].as_str().map(str::to_string)
    })
    .await;
    let mut config = app.home.read_config();
    config["meta"] = json!({"lastTouchedAt": "2026-01-01T00:00:00Z"});
    config["models"]["providers"]["fakeai"]["apiKey"] = json!("sk-rotated-secret-value");
    app.home.write_config(&config);
    let (status, diff) = app.get(&format!("/v1/heal/backups/{backup}/diff")).await;
    assert_eq!(status, 200, "{diff}");
    assert_eq!(diff["data"]["analyzer"], "analyzer-template-js", "{diff}");
    let paths: Vec<&str> =
        diff["data"]["changes"].as_array().expect("changes").iter().filter_map(|c| c["path"].as_str()).collect();
    assert!(paths.contains(&"/models/providers/fakeai/apiKey"), "{paths:?}");
    assert!(!paths.iter().any(|p| p.starts_with("/meta")), "bookkeeping is left out: {paths:?}");
    assert!(!diff.to_string().contains("sk-rotated-secret-value"), "secrets are masked: {diff}");
    app.stop().await;
}
