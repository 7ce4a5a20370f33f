//! E11–E15 against the real CLI: every change is read back with `openclaw` itself, every
//! refusal leaves openclaw.json byte for byte as it was.

use buddy_tests::{TestApp, assert_envelope};
use serde_json::{Value, json};

fn agent(list: &Value, id: &str) -> Option<Value> {
    list.as_array().expect("agents").iter().find(|a| a["id"] == id).cloned()
}

#[tokio::test]
async fn e11_to_e15_manage_a_bot_and_the_cli_sees_every_change() {
    let app = TestApp::start().await;

    // E11: a real `agents add`, in the default workspace.
    let (status, body) =
        app.post("/v1/openclaw/bots/add", json!({"id": "helper", "model": "fakeai/other-model"})).await;
    assert_eq!((status, &body["data"]["status"]), (200, &json!("success")), "{body}");
    assert_eq!(body["data"]["message"], "bot helper created", "{body}");
    let workspace = app.home.state.join("workspace-helper");
    assert_eq!(body["data"]["workspace"].as_str(), workspace.to_str(), "{body}");
    assert!(workspace.join("AGENTS.md").is_file(), "OpenClaw created the workspace from its templates");
    let (status, body) = app.post("/v1/openclaw/bots/add", json!({"id": "helper"})).await;
    assert!(status == 409 && assert_envelope(409, &body).contains("already exists"), "{body}");

    // E12–E14: config edits, milliseconds each.
    let identity = json!({"id": "helper", "name": "Helper Two", "emoji": "🤖", "theme": "calm helper"});
    let (status, body) = app.post("/v1/openclaw/bots/set-identity", identity).await;
    assert_eq!((status, &body["data"]["identity"]["name"]), (200, &json!("Helper Two")), "{body}");
    let (status, body) =
        app.post("/v1/openclaw/bots/set-model", json!({"id": "helper", "model": "fakeai/fake-model"})).await;
    assert_eq!((status, &body["data"]["model"]), (200, &json!("fakeai/fake-model")), "{body}");
    let patch = json!({"id": "helper", "config": {"description": "Answers questions", "thinkingDefault": "low",
        "identity": {"avatar": "avatar.png"}, "heartbeat": {}}});
    let (status, body) = app.post("/v1/openclaw/bots/update", patch).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["config"]["identity"]["name"], "Helper Two", "a patch merges: {body}");

    // Read back with the real CLI.
    let listed = app.home.openclaw_json(&["agents", "list", "--json"]).await;
    let helper = agent(&listed, "helper").expect("the CLI lists helper");
    assert_eq!(helper["model"], "fakeai/fake-model");
    assert_eq!((&helper["identityName"], &helper["identityEmoji"]), (&json!("Helper Two"), &json!("🤖")));
    assert_eq!(helper["workspace"].as_str(), workspace.to_str());
    let entry = app.home.openclaw_json(&["config", "get", "agents.entries.helper", "--json"]).await;
    assert_eq!(entry["description"], "Answers questions");
    assert_eq!(entry["thinkingDefault"], "low");
    assert_eq!(
        entry["identity"],
        json!({"name": "Helper Two", "emoji": "🤖", "theme": "calm helper", "avatar": "avatar.png"})
    );
    app.home.assert_valid().await;

    // Refusals: the right 4xx, naming the field, and openclaw.json untouched.
    let before = app.home.config_hash();
    let cases = [
        ("add", json!({"id": "--help"}), 400, "id"),
        ("add", json!({"id": "../x"}), 400, "id"),
        ("add", json!({"id": "Helper"}), 400, "id"),
        ("add", json!({}), 400, "id"),
        ("add", json!({"id": 5}), 400, "id"),
        ("add", json!({"id": "x1", "bogus": 1}), 400, "bogus"),
        ("add", json!({"id": "x1", "model": "no-slash"}), 400, "model"),
        ("add", json!({"id": "x1", "model": "fakeai/missing"}), 422, "fakeai/missing"),
        ("add", json!({"id": "x1", "workspace": "relative/dir"}), 400, "workspace"),
        ("update", json!({"id": "ghost", "config": {"name": "x"}}), 404, "ghost"),
        ("update", json!({"id": "helper", "config": {"colour": "red"}}), 400, "config.colour"),
        ("update", json!({"id": "helper", "config": {"thinkingDefault": "loud"}}), 400, "config.thinkingDefault"),
        ("update", json!({"id": "helper", "config": {"identity": {"color": "red"}}}), 400, "config.identity"),
        ("update", json!({"id": "helper", "config": {}}), 400, "config"),
        ("update", json!({"id": "helper", "config": "name"}), 400, "config"),
        ("update", json!({"id": "helper", "config": {"model": "fakeai/missing"}}), 422, "fakeai/missing"),
        // Only OpenClaw knows the inside of `tools`: it is asked, and refuses.
        ("update", json!({"id": "helper", "config": {"tools": {"bogusKey": 1}}}), 400, "bogusKey"),
        ("set-identity", json!({"id": "helper"}), 400, "name"),
        ("set-identity", json!({"id": "helper", "name": ""}), 400, "name"),
        ("set-identity", json!({"id": "ghost", "name": "x"}), 404, "ghost"),
        ("set-model", json!({"id": "ghost", "model": "fakeai/fake-model"}), 404, "ghost"),
        ("set-model", json!({"id": "helper", "model": "fakeai/nope"}), 422, "fakeai/nope"),
        ("set-model", json!({"id": "helper", "model": "--help"}), 400, "model"),
        ("set-model", json!({"id": "helper", "model": 7}), 400, "model"),
        ("delete", json!({"id": "main"}), 409, "default agent"),
        ("delete", json!({"id": "ghost"}), 404, "ghost"),
        ("delete", json!({"id": "../x"}), 400, "id"),
    ];
    for (i, (verb, req, want, needle)) in cases.into_iter().enumerate() {
        let (status, body) = app.post(&format!("/v1/openclaw/bots/{verb}"), req).await;
        assert_eq!(status, want, "case {i} ({verb}): {body}");
        assert!(assert_envelope(want, &body).contains(needle), "case {i} ({verb}): {body}");
    }
    let huge = json!({"id": "helper", "config": {"description": "x".repeat(2 * 1024 * 1024)}});
    let (status, body) = app.post("/v1/openclaw/bots/update", huge).await;
    assert_eq!(status, 413, "{body}");
    assert_envelope(413, &body);
    assert_eq!(app.home.config_hash(), before, "no refused request touched openclaw.json");

    // E15: a real `agents delete`.
    let (status, body) = app.post("/v1/openclaw/bots/delete", json!({"id": "helper"})).await;
    assert_eq!(status, 200, "{body}");
    let listed = app.home.openclaw_json(&["agents", "list", "--json"]).await;
    assert!(agent(&listed, "helper").is_none(), "{listed}");
    assert!(agent(&listed, "main").is_some());
    app.home.assert_valid().await;

    // Every mutation is audited with the bot as its target, failures included.
    let events = app.events("target=helper&page_size=100").await;
    let actions: Vec<&str> = events.items.iter().filter_map(|e| e["action"].as_str()).collect();
    for action in ["add", "set-identity", "set-model", "update", "delete"] {
        assert!(actions.iter().any(|a| a.ends_with(&format!("/bots/{action}"))), "{action} audited: {actions:?}");
    }
    app.stop().await;
}
