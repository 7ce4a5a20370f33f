//! E20–E24 against the real CLI, and concurrent edits through the API: every change read
//! back with `openclaw models list` / `agents list` / `config validate`, API keys never shown.

use std::collections::BTreeMap;

use buddy_tests::{OpenClawHome, Options, TestApp, assert_envelope};
use serde_json::{Value, json};

const SECRET: &str = "sk-local-secret-0123456789";

fn cli_models(list: &Value) -> BTreeMap<String, Value> {
    list["models"]
        .as_array()
        .expect("models")
        .iter()
        .map(|m| (m["key"].as_str().expect("key").to_string(), m.clone()))
        .collect()
}

#[tokio::test]
async fn e20_to_e24_edit_providers_and_the_default_model() {
    let app = TestApp::start().await;
    let mut replies = String::new();

    let (status, body) = app.get("/v1/openclaw/models/config").await;
    assert_eq!(status, 200, "{body}");
    let fake = &body["data"]["providers"][0];
    assert_eq!((fake["name"].as_str(), fake["hasApiKey"].as_bool()), (Some("fakeai"), Some(true)), "{body}");
    assert!(!body.to_string().contains("sk-fake-test-key"), "the key is masked: {body}");
    assert_eq!(body["data"]["defaultModel"], "fakeai/fake-model");

    // E21 add, then update (models merge by id), E22 add and update one model.
    let provider = json!({"name": "local", "baseUrl": "http://127.0.0.1:11434/v1", "apiKey": SECRET,
        "api": "openai-completions", "timeoutSeconds": 30,
        "models": [{"id": "llama3", "name": "Llama 3", "contextWindow": 8192, "maxTokens": 2048, "input": ["text"], "reasoning": false}]});
    let (status, body) = app.post("/v1/openclaw/models/provider", provider).await;
    assert_eq!((status, &body["data"]["created"]), (200, &json!(true)), "{body}");
    replies.push_str(&body.to_string());
    let update =
        json!({"name": "local", "baseUrl": "http://127.0.0.1:11435/v1", "models": [{"id": "qwen", "name": "Qwen"}]});
    let (status, body) = app.post("/v1/openclaw/models/provider", update).await;
    assert_eq!((status, &body["data"]["created"]), (200, &json!(false)), "{body}");
    assert_eq!(body["data"]["models"].as_array().map(Vec::len), Some(2), "llama3 is kept: {body}");
    replies.push_str(&body.to_string());
    let model = json!({"provider": "local", "id": "mistral", "name": "Mistral", "cost": {"input": 0.1, "output": 0.2}});
    let (status, body) = app.post("/v1/openclaw/models/provider/model", model).await;
    assert_eq!((status, &body["data"]["created"]), (200, &json!(true)), "{body}");
    let (status, body) = app
        .post("/v1/openclaw/models/provider/model", json!({"provider": "local", "id": "mistral", "name": "Mistral 2"}))
        .await;
    assert_eq!((status, &body["data"]["model"]["name"]), (200, &json!("Mistral 2")), "{body}");
    replies.push_str(&body.to_string());
    // E24, and a bot on one of the new models.
    let (status, body) = app.post("/v1/openclaw/models/set-default", json!({"model": "local/llama3"})).await;
    assert_eq!((status, &body["data"]["previous"]), (200, &json!("fakeai/fake-model")), "{body}");
    let (status, body) = app.post("/v1/openclaw/bots/set-model", json!({"id": "main", "model": "local/qwen"})).await;
    assert_eq!(status, 200, "{body}");

    let listed = cli_models(&app.home.openclaw_json(&["models", "list", "--json"]).await);
    for (key, name) in [("local/llama3", "Llama 3"), ("local/qwen", "Qwen"), ("local/mistral", "Mistral 2")] {
        assert_eq!(listed.get(key).map(|m| m["name"].clone()), Some(json!(name)), "{key}: {listed:?}");
    }
    // `models list` tags the default *agent's* model; `models status` reports the default model.
    let status = app.home.openclaw_json(&["models", "status", "--json"]).await;
    assert_eq!(status["defaultModel"], "local/llama3", "the CLI sees the new default: {status}");
    assert!(
        listed["local/qwen"]["tags"].as_array().is_some_and(|t| t.contains(&json!("default"))),
        "main runs on qwen"
    );
    let config = app.home.read_config();
    assert_eq!(config["models"]["providers"]["local"]["baseUrl"], "http://127.0.0.1:11435/v1");
    assert_eq!(config["models"]["providers"]["local"]["apiKey"], SECRET, "an update without apiKey keeps the key");
    app.home.assert_valid().await;

    // E23: in use → 409; force clears the bot's override; the default is never removed.
    let (status, body) = app.delete("/v1/openclaw/models/provider/local/model/qwen").await;
    assert!(status == 409 && assert_envelope(409, &body).contains("bot main"), "{body}");
    let (status, body) = app.delete("/v1/openclaw/models/provider/local/model/qwen?force=true").await;
    assert_eq!((status, &body["data"]["removed"]), (200, &json!(["local/qwen"])), "{body}");
    let (status, body) = app.delete("/v1/openclaw/models/provider/local/model/llama3?force=true").await;
    assert!(status == 409 && assert_envelope(409, &body).contains("default model"), "{body}");
    let (status, _) = app.post("/v1/openclaw/models/set-default", json!({"model": "fakeai/fake-model"})).await;
    assert_eq!(status, 200);
    let (status, body) = app.delete("/v1/openclaw/models/provider/local/model/mistral").await;
    assert_eq!((status, &body["data"]["providerRemoved"]), (200, &json!(false)), "{body}");
    let (status, body) = app.delete("/v1/openclaw/models/provider/local/model/llama3").await;
    assert_eq!(
        (status, &body["data"]["providerRemoved"]),
        (200, &json!(true)),
        "the last model takes the provider: {body}"
    );
    let spare = json!({"name": "spare", "baseUrl": "http://127.0.0.1:9/v1", "models": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]});
    assert_eq!(app.post("/v1/openclaw/models/provider", spare).await.0, 200);
    let (status, body) = app.delete("/v1/openclaw/models/provider/spare/model/*").await;
    assert_eq!((status, &body["data"]["removed"]), (200, &json!(["spare/a", "spare/b"])), "{body}");

    let listed = cli_models(&app.home.openclaw_json(&["models", "list", "--json"]).await);
    assert!(listed.keys().all(|k| k.starts_with("fakeai/")), "{listed:?}");
    let agents = app.home.openclaw_json(&["agents", "list", "--json"]).await;
    assert_eq!(agents[0]["model"], "fakeai/fake-model", "main runs on the default again: {agents}");
    app.home.assert_valid().await;

    // Refusals change nothing.
    let before = app.home.config_hash();
    let url = "http://127.0.0.1:1/v1";
    let posts = [
        ("provider", json!({}), 400, "name"),
        ("provider", json!({"name": "--help", "baseUrl": url}), 400, "name"),
        ("provider", json!({"name": "x", "baseUrl": "ftp://x"}), 400, "baseUrl"),
        ("provider", json!({"name": "x", "baseUrl": 5}), 400, "baseUrl"),
        ("provider", json!({"name": "x", "baseUrl": url, "api": "soap"}), 400, "api"),
        ("provider", json!({"name": "x", "baseUrl": url, "apiKey": "has space"}), 400, "apiKey"),
        ("provider", json!({"name": "x", "baseUrl": url, "models": [{"id": "m"}]}), 400, "name"),
        (
            "provider",
            json!({"name": "x", "baseUrl": url, "models": [{"id": "m", "name": "M", "input": ["smell"]}]}),
            400,
            "input",
        ),
        ("provider", json!({"name": "x", "baseUrl": url, "headers": {"a": "b"}}), 400, "headers"),
        ("provider/model", json!({"provider": "ghost", "id": "m", "name": "M"}), 404, "ghost"),
        ("provider/model", json!({"provider": "fakeai", "id": "--x", "name": "M"}), 400, "id"),
        ("provider/model", json!({"provider": "fakeai", "id": "m"}), 400, "name"),
        (
            "provider/model",
            json!({"provider": "fakeai", "id": "m", "name": "M", "contextWindow": -1}),
            400,
            "contextWindow",
        ),
        ("provider/model", json!({"provider": "fakeai", "id": "m", "name": "M", "cost": {"bogus": 1}}), 400, "bogus"),
        ("set-default", json!({"model": "nope/x"}), 422, "nope/x"),
        ("set-default", json!({"model": "x"}), 400, "model"),
        ("set-default", json!({}), 400, "model"),
    ];
    for (i, (path, req, want, needle)) in posts.into_iter().enumerate() {
        let (status, body) = app.post(&format!("/v1/openclaw/models/{path}"), req).await;
        assert_eq!(status, want, "case {i} ({path}): {body}");
        assert!(assert_envelope(want, &body).contains(needle), "case {i} ({path}): {body}");
    }
    let deletes = [
        ("ghost/model/m", 404, "ghost"),
        ("fakeai/model/nope", 404, "nope"),
        ("fakeai/model/other-model?force=maybe", 400, "force"),
        ("fakeai/model/fake-model?force=true", 409, "default model"),
        ("..%2Fx/model/m", 400, "provider"),
    ];
    for (path, want, needle) in deletes {
        let (status, body) = app.delete(&format!("/v1/openclaw/models/provider/{path}")).await;
        assert_eq!(status, want, "{path}: {body}");
        assert!(assert_envelope(want, &body).contains(needle), "{path}: {body}");
    }
    assert_eq!(app.home.config_hash(), before, "no refused request touched openclaw.json");
    assert!(!replies.contains(SECRET), "an API key was shown");
    app.stop().await;
}

/// Even bots get the other model, odd ones the default.
fn model_for(i: usize) -> &'static str {
    if i.is_multiple_of(2) { "fakeai/other-model" } else { "fakeai/fake-model" }
}

#[tokio::test]
async fn concurrent_set_model_and_provider_edits_are_serialized_and_all_kept() {
    let home = OpenClawHome::new();
    let mut config = home.minimal_config();
    config["agents"]["ownership"] = json!("explicit");
    config["agents"]["defaults"]["systemAgent"] = json!({"agentId": "main"});
    let bots: Vec<String> = (0..8).map(|i| format!("bot{i}")).collect();
    for id in &bots {
        config["agents"]["entries"][id] = json!({"name": id});
    }
    home.write_config(&config);
    let app = TestApp::start_with(home, Options::default()).await;

    let edits = (0..8).map(|i| {
        let app = &app;
        async move {
            let model = model_for(i);
            let set = app.post("/v1/openclaw/bots/set-model", json!({"id": format!("bot{i}"), "model": model}));
            let provider = json!({"name": format!("prov{i}"), "baseUrl": format!("http://127.0.0.1:{}/v1", 20000 + i),
                "apiKey": format!("sk-concurrent-{i}-0123456789"), "models": [{"id": "m", "name": "M"}]});
            let add = app.post("/v1/openclaw/models/provider", provider);
            let model = app.post(
                "/v1/openclaw/models/provider/model",
                json!({"provider": "fakeai", "id": format!("extra{i}"), "name": format!("Extra {i}")}),
            );
            let (a, b, c) = tokio::join!(set, add, model);
            assert_eq!((a.0, b.0, c.0), (200, 200, 200), "{a:?} {b:?} {c:?}");
            assert_eq!((&b.1["data"]["created"], &c.1["data"]["created"]), (&json!(true), &json!(true)));
        }
    });
    futures_util::future::join_all(edits).await;

    let config = app.home.read_config();
    for i in 0..8 {
        let want = model_for(i);
        assert_eq!(config["agents"]["entries"][format!("bot{i}")]["model"], want, "bot{i}");
        assert_eq!(config["models"]["providers"][format!("prov{i}")]["models"][0]["id"], "m", "prov{i}");
    }
    let extras = config["models"]["providers"]["fakeai"]["models"].as_array().expect("models").len();
    assert_eq!(extras, 2 + 8, "every concurrently added model is kept");
    app.home.assert_valid().await;
    let agents = app.home.openclaw_json(&["agents", "list", "--json"]).await;
    for a in agents.as_array().expect("agents").iter().filter(|a| a["id"] != "main") {
        let i: usize =
            a["id"].as_str().and_then(|s| s.strip_prefix("bot")).and_then(|n| n.parse().ok()).expect("bot id");
        let want = model_for(i);
        assert_eq!(a["model"], want, "{a}");
    }
    let events = app.events("page_size=100").await;
    assert_eq!(events.total, 24, "every edit is audited");
    app.stop().await;
}
