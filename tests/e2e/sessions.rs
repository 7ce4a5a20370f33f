//! E39 with the gateway down (OpenClaw reads its SQLite stores directly); sessions with real
//! chats are checked with a running gateway in `bots_top.rs`.

use buddy_tests::{OpenClawHome, Options, TestApp, assert_envelope};
use serde_json::json;

#[tokio::test]
async fn e39_lists_sessions_like_the_cli_and_checks_its_query() {
    let home = OpenClawHome::new();
    let mut config = home.minimal_config();
    config["agents"]["ownership"] = json!("explicit");
    config["agents"]["entries"]["helper"] = json!({"name": "helper"});
    home.write_config(&config);
    let app = TestApp::start_with(home, Options::default()).await;
    let (status, body) = app.get("/v1/openclaw/sessions").await;
    assert_eq!(status, 200, "{body}");
    let cli = app.home.openclaw_json(&["sessions", "--json", "--all-agents"]).await;
    assert_eq!(body["data"]["count"], cli["count"], "{body}");
    assert_eq!(body["data"]["allAgents"], true);
    let (status, body) = app.get("/v1/openclaw/sessions?agent=helper&limit=all&active=60").await;
    assert_eq!(status, 200, "{body}");
    for (query, want, needle) in [
        ("agent=ghost", 404, "ghost"),
        ("agent=--help", 400, "agent"),
        ("limit=0", 400, "limit"),
        ("limit=1001", 400, "limit"),
        ("active=soon", 400, "active"),
        ("bogus=1", 400, "bogus"),
    ] {
        let (status, body) = app.get(&format!("/v1/openclaw/sessions?{query}")).await;
        assert_eq!(status, want, "{query}: {body}");
        assert!(assert_envelope(want, &body).contains(needle), "{query}: {body}");
    }
    app.stop().await;
}
