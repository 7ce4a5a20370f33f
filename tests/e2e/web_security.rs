//! Issue 11, the attacks a page on another origin could make with the operator's browser:
//! each is refused, while the same request from Buddy's own origin (the dashboard) and from a
//! bearer client still works.

use buddy_tests::{OpenClawHome, Options, TestApp, assert_envelope};
use reqwest::Method;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// Logs in; returns the `guardian_token=<session id>` pair.
async fn session(app: &TestApp) -> String {
    let resp = app.anonymous(Method::POST, "/login").json(&json!({"token": app.token})).send().await.expect("login");
    assert_eq!(resp.status(), 200);
    let cookie = resp.headers().get("set-cookie").expect("cookie").to_str().expect("ascii");
    cookie.split(';').next().expect("pair").to_string()
}

/// Opens a WebSocket on `path` with `headers`; the handshake's HTTP status.
async fn upgrade(app: &TestApp, path: &str, headers: &[(&'static str, &str)]) -> u16 {
    let mut request = format!("{}{path}", app.base.replace("http://", "ws://")).into_client_request().expect("request");
    for (name, value) in headers {
        request.headers_mut().insert(*name, value.parse().expect("header"));
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok(_) => 101,
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => resp.status().as_u16(),
        Err(e) => panic!("{path}: {e}"),
    }
}

async fn send(request: reqwest::RequestBuilder) -> (u16, Value) {
    let resp = request.send().await.expect("send");
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// Origins a page could send from: the gateway's port on the same host, a sandboxed or file
/// page, another site.
const FOREIGN: [&str; 3] = ["http://127.0.0.1:18789", "null", "https://evil.example"];

#[tokio::test]
async fn cookie_changes_and_websockets_from_another_origin_are_refused() {
    let app = TestApp::start().await;
    let cookie = session(&app).await;
    for origin in FOREIGN {
        for path in ["/v1/gateway/stop", "/v1/gateway/restart", "/v1/ws/ticket"] {
            let (status, body) =
                send(app.anonymous(Method::POST, path).header("cookie", &cookie).header("origin", origin)).await;
            assert_eq!(status, 403, "{origin} {path}: {body}");
            assert!(assert_envelope(403, &body).starts_with("origin:"), "{body}");
        }
        let (status, body) = send(
            app.anonymous(Method::POST, "/v1/openclaw/chat/completions")
                .header("cookie", &cookie)
                .header("origin", origin)
                .header("content-type", "text/plain")
                .body(r#"{"model":"openclaw","messages":[{"role":"user","content":"hi"}]}"#),
        )
        .await;
        assert_eq!(status, 403, "{origin} chat: {body}");
        for path in ["/v1/ws/shell", "/v1/ws/logs", "/v1/ws/tui", "/v1/proxy/"] {
            assert_eq!(upgrade(&app, path, &[("cookie", &cookie), ("origin", origin)]).await, 403, "{origin} {path}");
        }
    }
    // Without Origin, the browser's Sec-Fetch-Site decides; with neither it is no trusted page.
    for site in ["same-site", "cross-site"] {
        let (status, body) =
            send(app.anonymous(Method::POST, "/v1/ws/ticket").header("cookie", &cookie).header("sec-fetch-site", site))
                .await;
        assert_eq!(status, 403, "{site}: {body}");
    }
    let (status, _) = send(app.anonymous(Method::POST, "/v1/ws/ticket").header("cookie", &cookie)).await;
    assert_eq!(status, 403, "a cookie without Origin or Sec-Fetch-Site");
    // A ticket is ambient too: it does not open a socket for another origin.
    let (_, body) = app.post("/v1/ws/ticket", json!({})).await;
    let ticket = body["data"]["ticket"].as_str().expect("ticket");
    let path = format!("/v1/ws/logs?ticket={ticket}");
    assert_eq!(upgrade(&app, &path, &[("origin", "http://127.0.0.1:18789")]).await, 403);
    let (_, events) = app.get("/v1/tasks/status").await;
    assert_eq!(events["data"].as_array().map(Vec::len), Some(0), "no lifecycle task was started: {events}");
    app.stop().await;
}

#[tokio::test]
async fn the_dashboards_own_origin_allowed_origins_and_bearer_clients_still_work() {
    let options = Options {
        configure: Some(Box::new(|c| c.http.allowed_origins = vec!["https://buddy.example".into()])),
        ..Default::default()
    };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let cookie = session(&app).await;
    let own = app.base.clone();
    for origin in [own.as_str(), "https://buddy.example"] {
        let (status, body) =
            send(app.anonymous(Method::POST, "/v1/ws/ticket").header("cookie", &cookie).header("origin", origin)).await;
        assert_eq!(status, 200, "{origin}: {body}");
        assert_eq!(upgrade(&app, "/v1/ws/logs", &[("cookie", &cookie), ("origin", origin)]).await, 101, "{origin}");
    }
    for site in ["same-origin", "none"] {
        let (status, body) =
            send(app.anonymous(Method::POST, "/v1/ws/ticket").header("cookie", &cookie).header("sec-fetch-site", site))
                .await;
        assert_eq!(status, 200, "{site}: {body}");
    }
    let (_, body) = app.post("/v1/ws/ticket", json!({})).await;
    let ticket = body["data"]["ticket"].as_str().expect("ticket");
    assert_eq!(upgrade(&app, &format!("/v1/ws/logs?ticket={ticket}"), &[("origin", &own)]).await, 101);
    // Reads with the cookie need no Origin (a cross-origin page cannot read the reply).
    let (status, _) = send(app.anonymous(Method::GET, "/v1/system/info").header("cookie", &cookie)).await;
    assert_eq!(status, 200);
    // Bearer clients hold the token itself: no origin rule applies.
    let bearer = format!("Bearer {}", app.token);
    let (status, body) = send(
        app.anonymous(Method::POST, "/v1/ws/ticket")
            .header("authorization", &bearer)
            .header("origin", "https://evil.example"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(upgrade(&app, "/v1/ws/logs", &[("authorization", &bearer)]).await, 101);
    app.stop().await;
}

#[tokio::test]
async fn allowed_origins_must_be_origins() {
    let mut config = openclaw_buddy::config::BuddyConfig::default();
    config.http.allowed_origins = vec!["https://buddy.example/path".into()];
    let err = config.check().expect_err("a path is no origin");
    assert!(err.to_string().contains("http.allowed_origins"), "{err}");
}

#[tokio::test]
async fn json_endpoints_refuse_other_content_types_and_oversized_bodies_with_the_envelope() {
    let app = TestApp::start().await;
    let bearer = format!("Bearer {}", app.token);
    let chat = r#"{"model":"openclaw","messages":[{"role":"user","content":"hi"}]}"#;
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
        let (status, body) = send(
            app.anonymous(Method::POST, "/v1/openclaw/chat/completions")
                .header("authorization", &bearer)
                .header("content-type", content_type)
                .body(chat),
        )
        .await;
        assert_eq!(status, 415, "{content_type}: {body}");
        assert!(assert_envelope(415, &body).starts_with("body:"), "{body}");
    }
    let big = format!(r#"{{"messages":[],"pad":"{}"}}"#, "x".repeat(2 * 1024 * 1024));
    let (status, body) = send(
        app.anonymous(Method::POST, "/v1/openclaw/chat/completions")
            .header("authorization", &bearer)
            .header("content-type", "application/json")
            .body(big),
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert!(assert_envelope(413, &body).starts_with("body:"), "{body}");
    app.stop().await;
}
