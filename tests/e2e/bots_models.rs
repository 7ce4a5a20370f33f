//! E10 against the real CLI: Buddy's view of openclaw.json agrees with `openclaw agents list`
//! and `openclaw models list`, sees bots the CLI creates, and sees edits made on disk.

use std::collections::BTreeMap;

use buddy_tests::{OpenClawHome, Options, TestApp};
use serde_json::{Value, json};

fn by_id(list: &Value, key: &str) -> BTreeMap<String, Value> {
    list.as_array().expect("array").iter().map(|v| (v[key].as_str().expect("id").to_string(), v.clone())).collect()
}

#[tokio::test]
async fn e10_agrees_with_the_real_cli_and_follows_cli_and_disk_changes() {
    let home = OpenClawHome::new();
    let mut config = home.minimal_config();
    config["agents"]["ownership"] = json!("explicit");
    config["agents"]["defaults"]["systemAgent"] = json!({"agentId": "main"});
    config["agents"]["entries"]["helper"] =
        json!({"name": "helper", "model": "fakeai/other-model", "identity": {"name": "Helper Two", "emoji": "🤖"}});
    config["agents"]["entries"]["elsewhere"] =
        json!({"workspace": home.dir.path().join("ws-elsewhere").display().to_string()});
    home.write_config(&config);
    let app = TestApp::start_with(home, Options::default()).await;

    let (status, body) = app.get("/v1/openclaw/bots-models").await;
    assert_eq!(status, 200, "{body}");
    let bots = by_id(&body["data"]["data"]["bots"], "id");
    let models = by_id(&body["data"]["data"]["models"], "id");
    let cli_agents = by_id(&app.home.openclaw_json(&["agents", "list", "--json"]).await, "id");
    let cli_models = app.home.openclaw_json(&["models", "list", "--json"]).await;
    let cli_models = by_id(&cli_models["models"], "key");

    assert_eq!(bots.keys().collect::<Vec<_>>(), cli_agents.keys().collect::<Vec<_>>());
    for (id, cli) in &cli_agents {
        let bot = &bots[id];
        assert_eq!(bot["workspace"], cli["workspace"], "workspace of {id}");
        assert_eq!(bot["model"], cli["model"], "model of {id}");
        assert_eq!(bot["isDefault"], cli["isDefault"], "default flag of {id}");
        let cli_name = cli.get("identityName").or(cli.get("name")).cloned().unwrap_or(json!(id));
        assert_eq!(bot["name"], cli_name, "name of {id}");
        assert_eq!(bot["emoji"], cli.get("identityEmoji").cloned().unwrap_or(Value::Null), "emoji of {id}");
    }
    assert_eq!(models.keys().collect::<Vec<_>>(), cli_models.keys().collect::<Vec<_>>());
    for (id, cli) in &cli_models {
        assert_eq!(models[id]["name"], cli["name"], "name of {id}");
        let cli_default = cli["tags"].as_array().is_some_and(|t| t.contains(&json!("default")));
        assert_eq!(models[id]["isDefault"], json!(cli_default), "default of {id}");
    }

    // A bot created by the real CLI shows up on the next read.
    let ws = app.home.dir.path().join("ws-cli-made");
    let added = app
        .home
        .openclaw_json(&[
            "agents",
            "add",
            "cli-made",
            "--non-interactive",
            "--workspace",
            ws.to_str().expect("utf-8"),
            "--json",
        ])
        .await;
    assert_eq!(added["agentId"], "cli-made");
    let (_, body) = app.get("/v1/openclaw/bots-models").await;
    assert!(by_id(&body["data"]["data"]["bots"], "id").contains_key("cli-made"), "{body}");

    // An edit on disk is visible on the next read, without refresh=true.
    let mut edited = app.home.read_config();
    edited["agents"]["entries"]["helper"]["identity"]["name"] = json!("Renamed On Disk");
    app.home.write_config(&edited);
    let (_, body) = app.get("/v1/openclaw/bots-models").await;
    assert_eq!(by_id(&body["data"]["data"]["bots"], "id")["helper"]["name"], "Renamed On Disk");

    let (status, body) = app.get("/v1/openclaw/bots-models?refresh=true").await;
    assert_eq!((status, body["data"]["data"]["bots"].as_array().map(Vec::len)), (200, Some(4)));
    app.stop().await;
}

#[tokio::test]
async fn e10_without_a_config_says_openclaw_is_not_set_up() {
    let home = OpenClawHome::new();
    std::fs::remove_file(&home.config).expect("remove config");
    let app = TestApp::start_with(home, Options::default()).await;
    let (status, body) = app.get("/v1/openclaw/bots-models").await;
    assert_eq!(status, 503, "{body}");
    assert!(buddy_tests::assert_envelope(503, &body).contains("not found"), "{body}");
    app.stop().await;
}
