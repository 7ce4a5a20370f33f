//! E26–E28 (skills module) end to end against the real CLI.

use buddy_tests::{TestApp, assert_envelope};

#[tokio::test]
async fn e26_to_e28_list_remove_disable_and_reload() {
    let app = TestApp::start().await;
    let (status, body) = app.get("/v1/openclaw/skills").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["agent"], "main");
    let skills = body["data"]["skills"].as_array().expect("skills").clone();
    assert!(skills.len() > 10, "a fresh install lists its bundled skills: {}", skills.len());
    let bundled =
        skills.iter().find(|s| s["bundled"] == true && s["disabled"] == false).expect("a bundled skill")["name"]
            .as_str()
            .expect("name")
            .to_string();

    // A managed skill is removed by deleting its folder (OpenClaw has no uninstall verb).
    let folder = app.home.state.join("skills/buddy-test-skill");
    std::fs::create_dir_all(&folder).expect("skill dir");
    std::fs::write(
        folder.join("SKILL.md"),
        "---\nname: buddy-test-skill\ndescription: A skill for tests.\n---\n\nDo nothing.\n",
    )
    .expect("SKILL.md");
    let (_, body) = app.get("/v1/openclaw/skills?refresh=true").await;
    assert!(
        body["data"]["skills"].as_array().expect("skills").iter().any(|s| s["name"] == "buddy-test-skill"),
        "{body}"
    );
    let (status, body) = app.delete("/v1/openclaw/skills/buddy-test-skill").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["action"], "removed");
    assert!(!folder.exists());
    let listed = app.home.openclaw_json(&["skills", "list", "--json", "--agent", "main"]).await;
    assert!(!listed["skills"].as_array().expect("skills").iter().any(|s| s["name"] == "buddy-test-skill"));

    // A bundled skill cannot be removed: it is disabled in openclaw.json.
    let (status, body) = app.delete(&format!("/v1/openclaw/skills/{bundled}")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["action"], "disabled");
    let listed = app.home.openclaw_json(&["skills", "list", "--json", "--agent", "main"]).await;
    let skill = listed["skills"]
        .as_array()
        .expect("skills")
        .iter()
        .find(|s| s["name"] == bundled.as_str())
        .cloned()
        .expect("still listed");
    assert_eq!(skill["disabled"], true, "{skill}");
    app.home.assert_valid().await;

    // Bad input.
    let before = app.home.config_hash();
    let (status, body) = app.delete("/v1/openclaw/skills/no-such-skill-xyz").await;
    assert_eq!(status, 404, "{body}");
    assert_envelope(404, &body);
    let (status, body) = app.delete("/v1/openclaw/skills/..%2Fetc").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(app.home.config_hash(), before);

    let (status, body) = app.post("/v1/openclaw/skills/reload", serde_json::json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["reloaded"], true);
    app.stop().await;
}
