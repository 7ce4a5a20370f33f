//! The audit log (E09) records mutating requests with who, what, target, status and duration.

use buddy_tests::{TestApp, assert_envelope};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn mutating_requests_are_audited_and_filterable() {
    let app = TestApp::start().await;
    let (s, _) = app.post("/v1/modules/skills/reload", json!({})).await;
    assert_eq!(s, 200);
    let (s, _) = app.post("/v1/modules/nosuch/reload", json!({})).await;
    assert_eq!(s, 404);
    let _ = app
        .anonymous(Method::POST, "/login")
        .json(&json!({"token": "wrong-token-0123456789"}))
        .send()
        .await
        .expect("login");
    // Reads are not audited, and neither is one refused login: refusals are audited once per
    // lockout window, with their count (see web_security).
    let _ = app.get("/v1/system/info").await;

    let log = app.events("").await;
    assert_eq!(log.status, 200, "{:?}", log.body);
    let items = &log.items;
    let actions: Vec<&str> = items.iter().map(|e| e["action"].as_str().expect("action")).collect();
    assert_eq!(actions, vec!["POST /v1/modules/{name}/reload", "POST /v1/modules/{name}/reload"], "newest first");
    let reload = &items[1];
    assert_eq!(reload["target"], "skills");
    assert_eq!((reload["status"].as_str(), reload["code"].as_u64()), (Some("success"), Some(200)));
    assert!(reload["user"].as_str().expect("user").starts_with("bearer@127.0.0.1"));
    assert!(reload["duration_ms"].is_u64() && reload["time"].as_str().expect("time").ends_with('Z'));
    let failed = &items[0];
    assert_eq!(
        (failed["status"].as_str(), failed["code"].as_u64(), failed["detail"].as_str().map(|d| d.contains("nosuch"))),
        (Some("failed"), Some(404), Some(true))
    );

    assert_eq!(app.events("status=failed").await.total, 1);
    assert_eq!(app.events("status=success").await.total, 1);
    assert_eq!(app.events("action=POST%20/login").await.total, 0);
    let page = app.events("page=2&page_size=1").await;
    assert_eq!((page.items.len(), page.total), (1, 2));
    assert!(
        page.link.contains("</v1/system/events?page=1&page_size=1>; rel=\"prev\"")
            && page.link.contains("rel=\"first\"")
            && page.link.contains("</v1/system/events?page=2&page_size=1>; rel=\"last\"")
            && !page.link.contains("rel=\"next\""),
        "{}",
        page.link
    );
    let none = app.events("since=2999-01-01T00:00:00Z").await;
    assert_eq!((none.status, none.total, none.items.len()), (200, 0, 0));
    assert_envelope(200, &none.body);
    app.stop().await;
}
