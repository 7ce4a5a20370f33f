//! E29–E34 against the real CLI, with a small local plugin installed for the occasion (a local
//! path install works offline; bundled plugins cannot be uninstalled).

use std::path::Path;
use std::time::Duration;

use buddy_tests::{TestApp, assert_envelope, wait_for};
use serde_json::{Value, json};

/// Writes a minimal native OpenClaw plugin (manifest, package, entry) into `dir`.
fn write_plugin(dir: &Path) {
    std::fs::create_dir_all(dir).expect("plugin dir");
    let manifest = json!({"id": "buddy-probe", "name": "Buddy Probe", "description": "A plugin for tests", "version": "1.0.0",
        "configSchema": {"type": "object", "additionalProperties": false, "properties": {}}});
    std::fs::write(dir.join("openclaw.plugin.json"), manifest.to_string()).expect("manifest");
    let package = json!({"name": "buddy-probe", "version": "1.0.0", "type": "module", "main": "index.js",
        "openclaw": {"extensions": ["./index.js"]}});
    std::fs::write(dir.join("package.json"), package.to_string()).expect("package");
    std::fs::write(
        dir.join("index.js"),
        "export default { id: \"buddy-probe\", name: \"Buddy Probe\", register() {} };\n",
    )
    .expect("entry");
}

fn find(list: &Value, id: &str) -> Option<Value> {
    list.as_array().expect("plugins").iter().find(|p| p["id"] == id).cloned()
}

#[tokio::test]
async fn e29_to_e34_list_toggle_update_and_uninstall_plugins() {
    let app = TestApp::start().await;
    let (status, body) = app.get("/v1/openclaw/plugins").await;
    assert_eq!(status, 200, "{body}");
    let cli = app.home.openclaw_json(&["plugins", "list", "--json"]).await;
    let ids = |list: &Value| {
        let mut v: Vec<String> =
            list.as_array().expect("list").iter().map(|p| p["id"].as_str().expect("id").to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&body["data"]["plugins"]), ids(&cli["plugins"]), "Buddy lists what the CLI lists");
    let a2a = find(&body["data"]["plugins"], "a2a").expect("a bundled plugin");
    assert_eq!(a2a["origin"], "bundled");

    let src = app.home.dir.path().join("plugin-src/buddy-probe");
    write_plugin(&src);
    let (code, out, err) = app
        .home
        .openclaw(&["plugins", "install", src.to_str().expect("utf-8"), "--force", "--accept-capabilities"])
        .await;
    assert_eq!(code, 0, "install the test plugin: {out}\n{err}");
    let (_, body) = app.get("/v1/openclaw/plugins?refresh=true").await;
    let probe = find(&body["data"]["plugins"], "buddy-probe").expect("refresh sees the new plugin");
    assert_eq!((&probe["origin"], &probe["enabled"]), (&json!("global"), &json!(true)), "{probe}");

    // E31 / E30, read back with the CLI.
    let (status, body) = app.post("/v1/openclaw/plugins/disable", json!({"id": "buddy-probe"})).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"]["message"].as_str().is_some_and(|m| m.contains("Disabled plugin")), "{body}");
    let cli = app.home.openclaw_json(&["plugins", "list", "--json"]).await;
    assert_eq!(find(&cli["plugins"], "buddy-probe").expect("listed")["enabled"], false);
    let (_, body) = app.get("/v1/openclaw/plugins").await;
    assert_eq!(
        find(&body["data"]["plugins"], "buddy-probe").expect("listed")["enabled"],
        false,
        "the cache was invalidated"
    );
    let (status, body) = app.post("/v1/openclaw/plugins/enable", json!({"id": "buddy-probe"})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.post("/v1/openclaw/plugins/enable", json!({"id": "nope-plugin"})).await;
    assert!(status == 404 && assert_envelope(404, &body).contains("Plugin not found: nope-plugin"), "{body}");

    // E33: a task; its outcome is in E07.
    let (status, body) = app.post("/v1/openclaw/plugins/update", json!({})).await;
    assert_eq!(status, 202, "{body}");
    let task_id = body["data"]["taskID"].as_str().expect("taskID").to_string();
    let task = wait_for("the update task", Duration::from_secs(240), || async {
        let (_, t) = app.get(&format!("/v1/tasks/status?id={task_id}")).await;
        matches!(t["data"]["state"].as_str(), Some("succeeded" | "failed")).then_some(t)
    })
    .await;
    assert_eq!(task["data"]["state"], "succeeded", "{task}");
    assert_eq!(task["data"]["kind"], "plugins-update");
    assert!(task["data"]["result"].to_string().contains("buddy-probe"), "{task}");

    // E32: re-read; with no gateway running nothing needs a restart.
    let (status, body) = app.post("/v1/openclaw/plugins/reload", json!({})).await;
    assert_eq!((status, &body["data"]["restartRequired"]), (200, &json!(false)), "{body}");
    assert!(find(&body["data"]["plugins"], "buddy-probe").is_some_and(|p| p["enabled"] == true), "{body}");

    // E34: bundled → 409; the installed one goes; unknown → 404.
    let (status, body) = app.delete("/v1/openclaw/plugins/a2a").await;
    assert!(status == 409 && assert_envelope(409, &body).contains("bundled"), "{body}");
    let (status, body) = app.delete("/v1/openclaw/plugins/buddy-probe").await;
    assert_eq!(status, 200, "{body}");
    let cli = app.home.openclaw_json(&["plugins", "list", "--json"]).await;
    assert!(find(&cli["plugins"], "buddy-probe").is_none(), "uninstalled");
    let (status, body) = app.delete("/v1/openclaw/plugins/buddy-probe").await;
    assert_eq!(status, 404, "{body}");
    app.home.assert_valid().await;

    // Bad ids never reach the CLI, and change nothing.
    let before = app.home.config_hash();
    for (req, needle) in
        [(json!({}), "id"), (json!({"id": "--help"}), "id"), (json!({"id": "../x"}), "id"), (json!({"id": 1}), "id")]
    {
        for verb in ["enable", "disable"] {
            let (status, body) = app.post(&format!("/v1/openclaw/plugins/{verb}"), req.clone()).await;
            assert!(status == 400 && assert_envelope(400, &body).contains(needle), "{verb} {req}: {body}");
        }
    }
    let (status, body) = app.delete("/v1/openclaw/plugins/..%2Fx").await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = app.get("/v1/openclaw/plugins?refresh=maybe").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(app.home.config_hash(), before);

    let events = app.events("target=buddy-probe").await;
    assert!(events.total >= 4, "{events:?}");
    app.stop().await;
}
