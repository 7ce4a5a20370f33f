//! Auth on every route: enumerated from the router's own table and the loaded modules' routes,
//! never hand-listed.

use buddy_tests::{TestApp, assert_envelope};
use openclaw_buddy::router::route_table;
use reqwest::Method;
use serde_json::json;

fn concrete(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') || s.starts_with(':') { "x" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_protected_route_refuses_without_a_valid_token() {
    let app = TestApp::start().await;
    let (_, modules) = app.get("/v1/modules").await;
    let mut routes: Vec<(Method, String)> =
        route_table().iter().filter(|r| !r.is_public()).map(|r| (r.method.clone(), concrete(r.path))).collect();
    for m in modules["data"].as_array().expect("modules") {
        for r in m["routes"].as_array().expect("routes") {
            let method = Method::from_bytes(r["method"].as_str().expect("method").as_bytes()).expect("method");
            routes.push((method, concrete(r["path"].as_str().expect("path"))));
        }
    }
    assert!(routes.len() >= 10, "the router and modules expose routes: {routes:?}");
    for (method, path) in &routes {
        for token in [None, Some("wrong-token-0123456789")] {
            let mut req = app.anonymous(method.clone(), path);
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            let resp = req.json(&json!({})).send().await.expect("send");
            assert_eq!(resp.status().as_u16(), 401, "{method} {path} with {token:?}");
            let body: serde_json::Value = resp.json().await.expect("json");
            assert_envelope(401, &body);
        }
    }
    // Public routes answer without a token.
    let resp = app.anonymous(Method::GET, "/health").send().await.expect("health");
    assert_eq!(resp.status(), 200);
    app.stop().await;
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_that_authenticates() {
    let app = TestApp::start().await;
    let resp = app.anonymous(Method::POST, "/login").json(&json!({"token": app.token})).send().await.expect("login");
    assert_eq!(resp.status(), 200);
    let cookie = resp.headers().get("set-cookie").expect("cookie").to_str().expect("ascii").to_string();
    assert!(cookie.starts_with("guardian_token="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let pair = cookie.split(';').next().expect("pair");
    let resp = app.anonymous(Method::GET, "/v1/system/info").header("cookie", pair).send().await.expect("info");
    assert_eq!(resp.status(), 200);
    let resp = app
        .anonymous(Method::GET, "/v1/system/info")
        .header("cookie", "guardian_token=nope")
        .send()
        .await
        .expect("bad");
    assert_eq!(resp.status(), 401);
    let resp = app.anonymous(Method::POST, "/logout").header("cookie", pair).send().await.expect("logout");
    assert_eq!(resp.status(), 200);
    let expired = resp.headers().get("set-cookie").expect("cookie").to_str().expect("ascii").to_string();
    assert!(expired.starts_with("guardian_token=;") && expired.contains("Max-Age=0"), "{expired}");
    app.stop().await;
}

#[tokio::test]
async fn repeated_failed_logins_are_rate_limited() {
    let app = TestApp::start().await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let resp = app
            .anonymous(Method::POST, "/login")
            .json(&json!({"token": "wrong-token-0123456789"}))
            .send()
            .await
            .expect("login");
        statuses.push(resp.status().as_u16());
    }
    assert_eq!(&statuses[..5], &[401; 5], "{statuses:?}");
    assert_eq!(&statuses[5..], &[429, 429], "{statuses:?}");
    // Even the right token is refused while the client is blocked.
    let resp = app.anonymous(Method::POST, "/login").json(&json!({"token": app.token})).send().await.expect("login");
    assert_eq!(resp.status(), 429);
    assert!(resp.headers().get("retry-after").is_some());
    let body: serde_json::Value = resp.json().await.expect("json");
    assert!(assert_envelope(429, &body).contains("too many"), "{body}");
    app.stop().await;
}
