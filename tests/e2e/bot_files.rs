//! E16/E17: workspace files are read and written where OpenClaw reads them, atomically with a
//! backup, and nothing can leave the workspace.

use buddy_tests::{OpenClawHome, Options, TestApp, assert_envelope};
use serde_json::json;

#[tokio::test]
async fn e16_e17_read_and_write_workspace_files_where_openclaw_reads_them() {
    let home = OpenClawHome::new();
    let mut config = home.minimal_config();
    config["agents"]["ownership"] = json!("explicit");
    config["agents"]["defaults"]["systemAgent"] = json!({"agentId": "main"});
    config["agents"]["entries"]["writer"] = json!({"name": "writer"});
    home.write_config(&config);
    let app = TestApp::start_with(home, Options::default()).await;
    let before = app.home.config_hash();

    // The workspace is the one the real CLI reports for the bot.
    let agents = app.home.openclaw_json(&["agents", "list", "--json"]).await;
    let writer = agents.as_array().expect("agents").iter().find(|a| a["id"] == "writer").expect("writer");
    let ws = std::path::PathBuf::from(writer["workspace"].as_str().expect("workspace"));

    let (status, body) =
        app.post("/v1/openclaw/bots/file", json!({"id": "writer", "name": "SOUL.md", "content": "v1"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(std::fs::read_to_string(ws.join("SOUL.md")).expect("SOUL.md"), "v1");
    let (status, body) =
        app.post("/v1/openclaw/bots/file", json!({"id": "writer", "name": "SOUL.md", "content": "v2 ✓"})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.get("/v1/openclaw/bots/file?id=writer&name=SOUL.md").await;
    assert_eq!((status, &body["data"]["content"]), (200, &json!("v2 ✓")), "{body}");
    let kept: Vec<String> = std::fs::read_dir(app.data_dir.join("workspace-backups/writer"))
        .expect("backups")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("backup"))
        .collect();
    assert_eq!(kept, vec!["v1".to_string()], "the previous version is kept");
    let leftovers = std::fs::read_dir(&ws).expect("ls").filter_map(|e| e.ok()?.file_name().into_string().ok());
    assert!(leftovers.into_iter().all(|n| !n.ends_with(".tmp")), "no temp file left behind");

    // A symlink out of the workspace is refused both ways, and its target is untouched.
    let outside = app.home.dir.path().join("outside.txt");
    std::fs::write(&outside, "outside").expect("outside");
    std::os::unix::fs::symlink(&outside, ws.join("USER.md")).expect("symlink");
    let big = "x".repeat(600 * 1024);
    let posts = [
        (json!({"id": "writer", "name": "USER.md", "content": "pwned"}), 400, "symbolic link"),
        (json!({"id": "writer", "name": "../SOUL.md", "content": "x"}), 400, "name"),
        (json!({"id": "writer", "name": "/etc/passwd", "content": "x"}), 400, "name"),
        (json!({"id": "writer", "name": "notes.txt", "content": "x"}), 400, "name"),
        (json!({"id": "../x", "name": "SOUL.md", "content": "x"}), 400, "id"),
        (json!({"id": "ghost", "name": "SOUL.md", "content": "x"}), 404, "ghost"),
        (json!({"id": "writer", "name": "SOUL.md"}), 400, "content"),
        (json!({"id": "writer", "name": "SOUL.md", "content": 1}), 400, "content"),
        (json!({"id": "writer", "name": "SOUL.md", "content": big}), 400, "content"),
        (json!({"id": "writer", "name": "SOUL.md", "content": "x".repeat(1100 * 1024)}), 413, "too large"),
    ];
    for (i, (req, want, needle)) in posts.into_iter().enumerate() {
        let (status, body) = app.post("/v1/openclaw/bots/file", req).await;
        assert_eq!(status, want, "case {i}: {body}");
        assert!(assert_envelope(want, &body).contains(needle), "case {i}: {body}");
    }
    assert_eq!(std::fs::read_to_string(&outside).expect("outside"), "outside");
    assert_eq!(std::fs::read_to_string(ws.join("SOUL.md")).expect("SOUL.md"), "v2 ✓", "refusals wrote nothing");
    for (query, want, needle) in [
        ("id=writer&name=USER.md", 400, "symbolic link"),
        ("id=writer&name=..%2FSOUL.md", 400, "name"),
        ("id=writer&name=TOOLS.md", 404, "TOOLS.md"),
        ("id=ghost&name=SOUL.md", 404, "ghost"),
        ("id=--help&name=SOUL.md", 400, "id"),
        ("id=writer&name=", 400, "name"),
    ] {
        let (status, body) = app.get(&format!("/v1/openclaw/bots/file?{query}")).await;
        assert_eq!(status, want, "{query}: {body}");
        assert!(assert_envelope(want, &body).contains(needle), "{query}: {body}");
    }
    // Without a name, the reference's form: the bot's SOUL.md.
    let (status, body) = app.get("/v1/openclaw/bots/file?id=writer").await;
    assert_eq!((status, &body["data"]["name"], &body["data"]["content"]), (200, &json!("SOUL.md"), &json!("v2 ✓")));
    assert_eq!(app.home.config_hash(), before, "files never touch openclaw.json");
    let events = app.events("target=writer%2FSOUL.md").await;
    assert!(events.total >= 2, "{events:?}");
    app.stop().await;
}
