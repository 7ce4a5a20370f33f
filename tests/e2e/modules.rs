//! Module management and a module written only against the SDK.

use buddy_tests::{OpenClawHome, Options, TestApp, fixtures};
use serde_json::json;

#[tokio::test]
async fn builtins_are_listed_with_their_grants_and_the_sdk_example_works() {
    let app = TestApp::start_with(OpenClawHome::new(), Options { modules: vec!["hello"], ..Default::default() }).await;
    let (status, body) = app.get("/v1/modules").await;
    assert_eq!(status, 200);
    let list = body["data"].as_array().expect("list");
    let find = |name: &str| list.iter().find(|m| m["name"] == name).cloned().expect(name);
    let experts = find("experts");
    assert_eq!(
        (experts["status"].as_str(), experts["source"].as_str(), experts["world"].as_str()),
        (Some("loaded"), Some("builtin"), Some("domain"))
    );
    assert_eq!(experts["witVersion"], "0.1.0");
    for cap in ["openclaw-cli", "openclaw-config", "files", "workspace-files"] {
        assert!(experts["capabilities"].as_array().expect("caps").contains(&json!(cap)), "{cap}: {experts}");
    }
    let paths: Vec<&str> =
        experts["routes"].as_array().expect("routes").iter().filter_map(|r| r["path"].as_str()).collect();
    assert!(paths.contains(&"/v1/openclaw/experts") && paths.contains(&"/v1/openclaw/bots/template"), "{paths:?}");
    assert_eq!(find("skills")["status"], "loaded");
    let hello = find("hello");
    assert_eq!((hello["source"].as_str(), hello["capabilities"].clone()), (Some("user"), json!(["log", "kv"])));

    for n in 1..=3 {
        let (status, body) = app.get("/v1/hello/greet?name=Ada").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"], json!({"greeting": "Hello, Ada!", "count": n}), "kv persists between fresh instances");
    }
    let (status, _) = app.post("/v1/hello/greet", json!({})).await;
    assert_eq!(status, 405);
    app.stop().await;
}

#[tokio::test]
async fn reload_picks_up_a_changed_module_and_a_restart_uses_the_compile_cache() {
    let home = OpenClawHome::new();
    let app = TestApp::start_with(home, Options { modules: vec!["hello"], ..Default::default() }).await;
    let modules_dir = app.data_dir.join("modules");
    let (_, before) = app.get("/v1/modules").await;
    let hello = before["data"].as_array().expect("list").iter().find(|m| m["name"] == "hello").cloned().expect("hello");
    assert_eq!(hello["compileCache"], "miss");

    // A manifest change (new version, narrower grants) takes effect on reload.
    let manifest = fixtures::manifest("hello")
        .replace("version = \"0.1.0\"", "version = \"0.2.0\"")
        .replace("kv = true", "kv = false");
    std::fs::write(modules_dir.join("hello/module.toml"), manifest).expect("edit manifest");
    let (status, body) = app.post("/v1/modules/hello/reload", json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["status"], "pending", "another manifest needs another approval: {body}");
    let (status, body) = app.post("/v1/modules/hello/approve", json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["data"]["version"].as_str(), body["data"]["compileCache"].as_str()), (Some("0.2.0"), Some("hit")));
    let (status, body) = app.get("/v1/hello/greet?name=x").await;
    assert_eq!(status, 500, "kv is no longer granted: {body}");
    assert!(body["message"].as_str().is_some_and(|m| m.contains("denied")), "{body}");

    // A restart on the same data dir loads every module from the compile cache.
    let home = app.stop_keeping_home().await;
    let app = TestApp::start_with(home, Options { modules: vec![], ..Default::default() }).await;
    let (_, after) = app.get("/v1/modules").await;
    for m in after["data"].as_array().expect("list") {
        assert_eq!((m["name"].as_str(), m["compileCache"].as_str()), (m["name"].as_str(), Some("hit")), "{m}");
    }
    app.stop().await;
}
