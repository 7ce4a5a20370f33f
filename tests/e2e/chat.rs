//! E36/E37 (the gateway's chat-completions switch, read back with the CLI) and E38 (quick
//! commands in Buddy's database, kept across restarts).

use buddy_tests::{Options, TestApp, assert_envelope};
use serde_json::json;

#[tokio::test]
async fn e36_e37_turn_the_chat_endpoint_on_without_a_restart() {
    let app = TestApp::start().await;
    let (status, body) = app.get("/v1/openclaw/chat/status").await;
    assert_eq!((status, &body["data"]["enabled"]), (200, &json!(false)), "{body}");
    let (status, body) = app.post("/v1/openclaw/chat/enable", json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((&body["data"]["changed"], &body["data"]["restartRequired"]), (&json!(true), &json!(false)));
    assert_eq!(assert_envelope(200, &body), "success");
    assert_eq!(body["data"]["status"], "success", "{body}");
    assert!(body["data"]["message"].as_str().is_some_and(|m| m.contains("without a gateway restart")), "{body}");
    let (_, body) = app.get("/v1/openclaw/chat/status").await;
    assert_eq!(body["data"]["enabled"], true);
    let (code, out, err) =
        app.home.openclaw(&["config", "get", "gateway.http.endpoints.chatCompletions.enabled"]).await;
    assert_eq!((code, out.trim()), (0, "true"), "{err}");
    app.home.assert_valid().await;
    let before = app.home.config_hash();
    let (status, body) = app.post("/v1/openclaw/chat/enable", json!({})).await;
    assert_eq!((status, &body["data"]["changed"]), (200, &json!(false)), "{body}");
    assert_eq!(app.home.config_hash(), before, "enabling twice writes nothing");
    app.stop().await;
}

#[tokio::test]
async fn e38_quick_commands_are_validated_and_kept_across_restarts() {
    let app = TestApp::start().await;
    let before = app.home.config_hash();
    let (status, body) = app.get("/v1/openclaw/chat/quick-commands").await;
    assert_eq!((status, &body["data"]), (200, &json!([])), "{body}");
    let (status, first) =
        app.post("/v1/openclaw/chat/quick-commands", json!({"name": "greet", "content": "Say hello"})).await;
    assert_eq!((status, &first["data"]["status"]), (200, &json!("success")), "{first}");
    assert!(first["data"]["id"].is_i64(), "{first}");
    let name64: String = "名".repeat(64);
    let (status, second) =
        app.post("/v1/openclaw/chat/quick-commands", json!({"name": name64, "content": "c".repeat(8192)})).await;
    assert_eq!(status, 200, "64 characters (not bytes) is the limit: {second}");
    let cases = [
        (json!({"name": "", "content": "x"}), "name"),
        (json!({"name": "n".repeat(65), "content": "x"}), "name"),
        (json!({"name": "n", "content": ""}), "content"),
        (json!({"name": "n", "content": "c".repeat(8193)}), "content"),
        (json!({"name": "n"}), "content"),
        (json!({"name": 1, "content": "x"}), "name"),
        (json!({"name": "n", "content": "x", "id": 9}), "id"),
    ];
    for (req, needle) in cases {
        let (status, body) = app.post("/v1/openclaw/chat/quick-commands", req.clone()).await;
        assert!(status == 400 && assert_envelope(400, &body).contains(needle), "{req}: {body}");
    }
    let first_id = first["data"]["id"].as_i64().expect("id");
    let home = app.stop_keeping_home().await;
    let app = TestApp::start_with(home, Options::default()).await;
    let (_, body) = app.get("/v1/openclaw/chat/quick-commands").await;
    let list = body["data"].as_array().expect("list");
    assert_eq!(list.len(), 2, "{body}");
    assert_eq!((&list[0]["name"], &list[0]["content"]), (&json!("greet"), &json!("Say hello")));
    assert!(list[0]["created_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{body}");
    let (status, body) = app.delete(&format!("/v1/openclaw/chat/quick-commands/{first_id}")).await;
    assert_eq!((status, &body["data"]["name"]), (200, &json!("greet")), "{body}");
    for (path, want) in [(format!("{first_id}"), 404), ("abc".into(), 400), ("-1".into(), 400), ("0".into(), 400)] {
        let (status, body) = app.delete(&format!("/v1/openclaw/chat/quick-commands/{path}")).await;
        assert_eq!(status, want, "{path}: {body}");
        assert_envelope(want, &body);
    }
    let (_, body) = app.get("/v1/openclaw/chat/quick-commands").await;
    assert_eq!(body["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(app.home.config_hash(), before, "quick commands live in Buddy's database, not openclaw.json");
    app.stop().await;
}
