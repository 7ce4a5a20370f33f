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
    // Reads are not audited.
    let _ = app.get("/v1/system/info").await;

    let (s, body) = app.get("/v1/system/events").await;
    assert_eq!(s, 200, "{body}");
    let items = body["data"]["items"].as_array().expect("items");
    let actions: Vec<&str> = items.iter().map(|e| e["action"].as_str().expect("action")).collect();
    assert_eq!(
        actions,
        vec!["POST /login", "POST /v1/modules/{name}/reload", "POST /v1/modules/{name}/reload"],
        "newest first"
    );
    let reload = &items[2];
    assert_eq!(reload["target"], "skills");
    assert_eq!(reload["status"], 200);
    assert!(reload["user"].as_str().expect("user").starts_with("bearer@127.0.0.1"));
    assert!(reload["duration_ms"].is_u64() && reload["time"].as_str().expect("time").ends_with('Z'));
    let failed = &items[1];
    assert_eq!(
        (failed["status"].as_u64(), failed["detail"].as_str().map(|d| d.contains("nosuch"))),
        (Some(404), Some(true))
    );
    assert_eq!(items[0]["status"], 401);

    let (_, body) = app.get("/v1/system/events?status=failed").await;
    assert_eq!(body["data"]["total"], 2);
    let (_, body) = app.get("/v1/system/events?action=POST%20/login").await;
    assert_eq!(body["data"]["total"], 1);
    let (_, body) = app.get("/v1/system/events?page=2&page_size=2").await;
    assert_eq!((body["data"]["items"].as_array().map(Vec::len), body["data"]["total"].as_u64()), (Some(1), Some(3)));
    let (s, body) = app.get("/v1/system/events?since=2999-01-01T00:00:00Z").await;
    assert_eq!((s, body["data"]["total"].as_u64()), (200, Some(0)));
    assert_envelope(200, &body);
    app.stop().await;
}
