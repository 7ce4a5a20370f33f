//! E06 with real session data: a running gateway, a fake model provider, chats sent to two
//! agents a different number of times, then Buddy's ranking (and E39's session list) checked.
//! Also proves E37's claim: the chat endpoint is switched on with no gateway restart.

use std::time::Duration;

use buddy_tests::fake_provider::FakeProvider;
use buddy_tests::gateway::TestGateway;
use buddy_tests::{OpenClawHome, Options, TestApp, wait_for};
use serde_json::{Value, json};

async fn chat(client: &reqwest::Client, gw: &TestGateway, agent: &str, text: &str) -> (u16, Value) {
    let resp = client
        .post(format!("{}/v1/chat/completions", gw.url))
        .bearer_auth(&gw.token)
        .json(&json!({"model": format!("openclaw/{agent}"), "messages": [{"role": "user", "content": text}]}))
        .timeout(Duration::from_secs(180))
        .send()
        .await
        .expect("chat request");
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn e06_ranks_bots_by_real_chats_through_a_running_gateway() {
    let fake = FakeProvider::start().await;
    let home = OpenClawHome::new();
    let mut config = home.minimal_config();
    config["models"]["providers"]["fakeai"]["baseUrl"] = json!(fake.base_url());
    config["agents"]["ownership"] = json!("explicit");
    config["agents"]["defaults"]["systemAgent"] = json!({"agentId": "main"});
    config["agents"]["entries"]["helper"] = json!({"name": "helper", "identity": {"name": "Helper", "emoji": "🤖"}});
    home.write_config(&config);
    let app = TestApp::start_with(home, Options::default()).await;
    let gateway = TestGateway::start(&app.home).await;
    let client = reqwest::Client::builder().no_proxy().build().expect("client");

    // No chats yet: every bot ranks with zeros.
    let (status, body) = app.get("/v1/openclaw/bots/top").await;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"].as_array().expect("bots").iter().all(|b| b["userMessages"] == 0), "{body}");

    // E37 on a running gateway: its chat endpoint answers without a restart.
    assert_eq!(chat(&client, &gateway, "helper", "hi").await.0, 404, "off by default");
    let (status, body) = app.post("/v1/openclaw/chat/enable", json!({})).await;
    assert_eq!(status, 200, "{body}");
    wait_for("the gateway to hot-apply the chat switch", Duration::from_secs(60), || async {
        let (status, body) = chat(&client, &gateway, "helper", "first question").await;
        (status != 404).then(|| assert_eq!(status, 200, "{body}\n{}", gateway.log_tail()))
    })
    .await;

    // helper is asked three times (once with a message large enough to be stored compressed),
    // main once.
    let long = format!("please summarise: {}", "lorem ipsum ".repeat(200));
    for (agent, text) in [("helper", "second question"), ("helper", long.as_str()), ("main", "hello")] {
        let (status, body) = chat(&client, &gateway, agent, text).await;
        assert_eq!(status, 200, "{agent}: {body}");
        assert_eq!(body["choices"][0]["message"]["content"], "Hello from fake", "{body}");
    }
    assert!(fake.chat_requests().len() >= 4, "OpenClaw called the fake provider");

    let ranking = wait_for("E06 to count every chat", Duration::from_secs(60), || async {
        let (_, body) = app.get("/v1/openclaw/bots/top").await;
        let bots = body["data"].as_array().cloned().unwrap_or_default();
        let asked = |id: &str| bots.iter().find(|b| b["id"] == id).map(|b| b["userMessages"].clone());
        (asked("helper") == Some(json!(3)) && asked("main") == Some(json!(1))).then_some(bots)
    })
    .await;
    assert_eq!((&ranking[0]["id"], &ranking[0]["rank"]), (&json!("helper"), &json!(1)), "{ranking:?}");
    assert_eq!((&ranking[1]["id"], &ranking[1]["rank"]), (&json!("main"), &json!(2)), "{ranking:?}");
    assert_eq!((&ranking[0]["name"], &ranking[0]["emoji"]), (&json!("Helper"), &json!("🤖")));
    assert_eq!((&ranking[0]["sessions"], &ranking[1]["sessions"]), (&json!(3), &json!(1)), "one session per HTTP chat");
    assert!(ranking[0]["assistantMessages"].as_u64().is_some_and(|n| n >= 3), "{ranking:?}");
    assert!(ranking[0]["lastActiveAt"].as_str().is_some_and(|t| t.ends_with('Z')), "{ranking:?}");
    let (_, body) = app.get("/v1/openclaw/bots/top?limit=1").await;
    assert_eq!(body["data"].as_array().map(Vec::len), Some(1));
    for query in ["limit=0", "limit=101", "limit=x", "top=3"] {
        let (status, body) = app.get(&format!("/v1/openclaw/bots/top?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
    }

    // The long message really was stored zstd-compressed, so the count above decoded it.
    let db = app.home.state.join("agents/helper/agent/openclaw-agent.sqlite");
    let conn = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("store");
    let packed: i64 = conn
        .query_row("SELECT count(*) FROM transcript_events WHERE event_zstd IS NOT NULL", [], |r| r.get(0))
        .expect("count");
    assert!(packed >= 1, "no compressed event in {}", db.display());

    // E39 with real sessions: the same sessions the CLI lists.
    let (status, body) = app.get("/v1/openclaw/sessions").await;
    assert_eq!(status, 200, "{body}");
    let cli = app.home.openclaw_json(&["sessions", "--json", "--all-agents"]).await;
    let keys = |v: &Value| {
        let mut k: Vec<String> = v["sessions"]
            .as_array()
            .expect("sessions")
            .iter()
            .map(|s| s["key"].as_str().expect("key").to_string())
            .collect();
        k.sort();
        k
    };
    assert_eq!(keys(&body["data"]), keys(&cli));
    assert_eq!(keys(&cli).len(), 4, "{cli}");
    let (_, body) = app.get("/v1/openclaw/sessions?agent=helper").await;
    assert_eq!(body["data"]["count"], 3, "{body}");
    gateway.stop().await;
    app.stop().await;
}
