//! E18 and E19 (experts module) end to end against the real CLI.

use buddy_tests::{TestApp, assert_envelope};
use serde_json::{Value, json};

fn template(id: &str) -> Value {
    let path = buddy_tests::root().join("experts").join(format!("{id}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("template")).expect("json")
}

#[tokio::test]
async fn e18_lists_the_bilingual_templates() {
    let app = TestApp::start().await;
    let (status, en) = app.get("/v1/openclaw/experts?lang=en").await;
    assert_eq!(status, 200, "{en}");
    let (_, zh) = app.get("/v1/openclaw/experts").await;
    let (en, zh) = (en["data"].as_array().expect("en").clone(), zh["data"].as_array().expect("zh").clone());
    assert!(en.len() >= 12, "{} templates", en.len());
    assert_eq!(en.len(), zh.len());
    let reviewer_en = en.iter().find(|e| e["id"] == "code-reviewer").expect("code-reviewer");
    let reviewer_zh = zh.iter().find(|e| e["id"] == "code-reviewer").expect("code-reviewer");
    let t = template("code-reviewer");
    assert_eq!((&reviewer_en["name"], &reviewer_zh["name"]), (&t["name_en"], &t["name"]), "zh is the default");
    assert_eq!(reviewer_en["skills"], t["skills"]);
    let (status, body) = app.get("/v1/openclaw/experts?lang=fr").await;
    assert!(status == 400 && assert_envelope(400, &body).contains("lang"), "{body}");
    app.stop().await;
}

#[tokio::test]
async fn e18_a_kept_template_list_follows_every_edit_of_the_templates() {
    let app = TestApp::start().await;
    let list = |query: &'static str| {
        let app = &app;
        async move {
            let (status, body) = app.get(&format!("/v1/openclaw/experts{query}")).await;
            assert_eq!(status, 200, "{body}");
            body["data"].as_array().expect("list").clone()
        }
    };
    let name_of = |list: &[Value], id: &str| list.iter().find(|e| e["id"] == id).map(|e| e["name"].clone());
    let first = list("?lang=en").await;
    assert_eq!(list("?lang=en").await, first, "a kept reply is the reply");
    let zh = list("?lang=zh").await;
    assert_ne!(zh, first, "each query has its own reply");

    // An edit of one template shows at once, in every language.
    let dir = app.state().config.experts_dir();
    let path = dir.join("code-reviewer.json");
    let mut t: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("template")).expect("json");
    t["name_en"] = json!("Edited Reviewer");
    t["name"] = json!("改过的审查员");
    std::fs::write(&path, serde_json::to_string_pretty(&t).expect("text")).expect("edit");
    assert_eq!(name_of(&list("?lang=en").await, "code-reviewer"), Some(json!("Edited Reviewer")));
    assert_eq!(name_of(&list("?lang=zh").await, "code-reviewer"), Some(json!("改过的审查员")));

    // A new template, then its removal.
    let mut added = t.clone();
    added["id"] = json!("added-expert");
    std::fs::write(dir.join("added-expert.json"), added.to_string()).expect("add");
    assert!(name_of(&list("?lang=en").await, "added-expert").is_some(), "a new template is listed");
    std::fs::remove_file(dir.join("added-expert.json")).expect("remove");
    let after = list("?lang=en").await;
    assert!(name_of(&after, "added-expert").is_none(), "a removed template is gone");
    assert_eq!(after.len(), first.len());

    // Refusals are never kept, and do not stop the list being kept.
    let (status, _) = app.get("/v1/openclaw/experts?lang=fr").await;
    assert_eq!(status, 400);
    let (status, _) = app.get("/v1/openclaw/experts?lang=fr").await;
    assert_eq!(status, 400);
    app.stop().await;
}

#[tokio::test]
async fn e19_creates_a_real_agent_from_a_template_and_refuses_bad_requests() {
    let app = TestApp::start().await;
    let body =
        json!({"expertId": "code-reviewer", "newBotId": "reviewer1", "model": "fakeai/other-model", "lang": "en"});
    let (status, reply) = app.post("/v1/openclaw/bots/template", body.clone()).await;
    assert_eq!(status, 200, "{reply}");
    let t = template("code-reviewer");

    // Read back with the real CLI, not only through Buddy.
    let agents = app.home.openclaw_json(&["agents", "list", "--json"]).await;
    let agent =
        agents.as_array().expect("agents").iter().find(|a| a["id"] == "reviewer1").cloned().expect("reviewer1 exists");
    assert_eq!(agent["model"], "fakeai/other-model");
    assert_eq!(agent["identityName"], t["name_en"]);
    assert_eq!(agent["identityEmoji"], t["emoji"]);
    let ws = std::path::PathBuf::from(agent["workspace"].as_str().expect("workspace"));
    assert_eq!(reply["data"]["workspace"].as_str(), ws.to_str());
    assert_eq!(std::fs::read_to_string(ws.join("SOUL.md")).expect("SOUL.md"), t["soul_en"].as_str().expect("soul_en"));
    assert_eq!(
        std::fs::read_to_string(ws.join("IDENTITY.md")).expect("IDENTITY.md"),
        t["identity_md_en"].as_str().expect("identity")
    );
    app.home.assert_valid().await;

    // Refusals change nothing on disk.
    let before = app.home.config_hash();
    let cases = [
        (body.clone(), 409, "reviewer1"),
        (json!({"expertId": "no-such-expert", "newBotId": "x1"}), 404, "no-such-expert"),
        (json!({"expertId": "code-reviewer", "newBotId": "../x"}), 400, "newBotId"),
        (json!({"expertId": "code-reviewer", "newBotId": "--help"}), 400, "newBotId"),
        (json!({"expertId": "code-reviewer"}), 400, "newBotId"),
        (json!({"expertId": 7, "newBotId": "x2"}), 400, "expertId"),
        (json!({"expertId": "code-reviewer", "newBotId": "x3", "model": "no-slash"}), 400, "model"),
    ];
    for (i, (req, want, needle)) in cases.into_iter().enumerate() {
        let (status, reply) = app.post("/v1/openclaw/bots/template", req).await;
        assert_eq!(status, want, "case {i}: {reply}");
        assert!(assert_envelope(want, &reply).contains(needle), "case {i}: {reply}");
    }
    assert_eq!(app.home.config_hash(), before, "no refused request touched openclaw.json");

    let events = app.events("user=module:experts").await;
    assert!(events.total >= 1, "the module audited its work: {events:?}");
    app.stop().await;
}

#[tokio::test]
async fn e19_leaves_nothing_half_made_when_a_step_fails() {
    let app = TestApp::start().await;
    // A SOUL.md that is a symlink out of the workspace makes the file step fail after the
    // agent was created: the module must roll the agent back.
    let ws = app.home.state.join("workspace-halfmade");
    std::fs::create_dir_all(&ws).expect("workspace");
    std::os::unix::fs::symlink("/etc/hostname", ws.join("SOUL.md")).expect("symlink");
    let (status, reply) =
        app.post("/v1/openclaw/bots/template", json!({"expertId": "tutor-math", "newBotId": "halfmade"})).await;
    assert!(status >= 500, "{reply}");
    let config = app.home.read_config();
    assert!(config.pointer("/agents/entries/halfmade").is_none(), "the agent was rolled back: {config}");
    let agents = app.home.openclaw_json(&["agents", "list", "--json"]).await;
    assert!(!agents.as_array().expect("agents").iter().any(|a| a["id"] == "halfmade"));
    app.home.assert_valid().await;
    app.stop().await;
}
