//! Auth on every route: enumerated from the router's own table and the loaded modules' routes,
//! never hand-listed.

use buddy_tests::{OpenClawHome, Options, TestApp, assert_envelope};
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
    // Every route gets a wrong token: lift the lockout that would otherwise answer 429.
    let options = Options { configure: Some(Box::new(|c| c.http.max_auth_failures = 100_000)), ..Default::default() };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
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

async fn status_with_cookie(app: &TestApp, pair: &str) -> u16 {
    let resp = app.anonymous(Method::GET, "/v1/system/info").header("cookie", pair).send().await.expect("info");
    resp.status().as_u16()
}

#[tokio::test]
async fn login_opens_a_session_whose_cookie_is_not_the_token_and_logout_revokes_it() {
    let app = TestApp::start().await;
    let (pair, cookie) = app.login().await;
    assert!(cookie.starts_with("guardian_token="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP unless http.secure_cookies: {cookie}");
    let value = pair.trim_start_matches("guardian_token=");
    assert!(!value.contains(&app.token) && value.len() == 64, "the cookie holds a session id, not the token");
    assert_eq!(status_with_cookie(&app, &pair).await, 200);
    assert_eq!(status_with_cookie(&app, "guardian_token=nope").await, 401);
    assert_eq!(status_with_cookie(&app, &format!("guardian_token={}", app.token)).await, 401, "the token is no cookie");

    let resp = app.anonymous(Method::POST, "/logout").header("cookie", &pair).send().await.expect("logout");
    assert_eq!(resp.status(), 200);
    let expired = resp.headers().get("set-cookie").expect("cookie").to_str().expect("ascii").to_string();
    assert!(expired.starts_with("guardian_token=;") && expired.contains("Max-Age=0"), "{expired}");
    let body: serde_json::Value = resp.json().await.expect("json");
    assert_eq!(body["data"]["revoked"], true, "{body}");
    assert_eq!(status_with_cookie(&app, &pair).await, 401, "a cookie kept after logout opens nothing");
    app.stop().await;
}

#[tokio::test]
async fn secure_cookies_are_marked_secure() {
    let options = Options { configure: Some(Box::new(|c| c.http.secure_cookies = true)), ..Default::default() };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let (_, cookie) = app.login().await;
    assert!(cookie.contains("; Secure"), "{cookie}");
    app.stop().await;
}

#[tokio::test]
async fn sessions_are_listed_revoked_by_handle_and_survive_a_restart_with_the_same_token() {
    let app = TestApp::start().await;
    let (first, _) = app.login().await;
    let (second, _) = app.login().await;
    let resp = app.anonymous(Method::GET, "/v1/auth/sessions").header("cookie", &first).send().await.expect("list");
    assert_eq!(resp.status(), 200);
    let text = resp.text().await.expect("body");
    for secret in [&first, &second] {
        assert!(!text.contains(secret.trim_start_matches("guardian_token=")), "the list never shows a session id");
    }
    let list: serde_json::Value = serde_json::from_str(&text).expect("json");
    let sessions = list["data"].as_array().expect("list");
    assert_eq!(sessions.len(), 2, "{list}");
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1, "{list}");
    let other = sessions.iter().find(|s| s["current"] == false).expect("the other session");
    let handle = other["id"].as_str().expect("handle");
    assert_eq!(other["ip"], "127.0.0.1");

    let (status, body) = app.delete(&format!("/v1/auth/sessions/{handle}")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(status_with_cookie(&app, &second).await, 401, "revoked at once");
    assert_eq!(status_with_cookie(&app, &first).await, 200, "the other one lives on");
    let (status, body) = app.delete(&format!("/v1/auth/sessions/{handle}")).await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = app.delete("/v1/auth/sessions/not-a-handle").await;
    assert_eq!(status, 400, "{body}");
    assert!(assert_envelope(400, &body).starts_with("id:"), "{body}");
    let (_, events) = app.get("/v1/system/events?action=DELETE%20/v1/auth/sessions/%7Bid%7D").await;
    assert_eq!(events["data"].as_array().map(Vec::len), Some(3), "revocations are audited: {events}");

    // Only hashes are stored.
    let token = app.token.clone();
    let db = app.data_dir.join("buddy.sqlite");
    let home = app.stop_keeping_home().await;
    let stored: Vec<String> = {
        let conn = rusqlite::Connection::open(&db).expect("db");
        let mut stmt = conn.prepare("SELECT id_hash || handle || ip || user_agent FROM sessions").expect("select");
        stmt.query_map([], |r| r.get(0)).expect("rows").collect::<Result<_, _>>().expect("rows")
    };
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(first.trim_start_matches("guardian_token=")), "the session id is not stored");

    // A restart with the same token keeps the session; a new token ends it.
    let app = TestApp::start_with(home, Options { token: Some(token), ..Default::default() }).await;
    assert_eq!(status_with_cookie(&app, &first).await, 200, "sessions survive a restart");
    let home = app.stop_keeping_home().await;
    let app = TestApp::start_with(home, Options::default()).await;
    assert_eq!(status_with_cookie(&app, &first).await, 401, "rotating the token ends its sessions");
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
