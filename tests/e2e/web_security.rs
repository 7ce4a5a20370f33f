//! Issue 11, the attacks a page on another origin could make with the operator's browser:
//! each is refused, while the same request from Buddy's own origin (the dashboard) and from a
//! bearer client still works.

use buddy_tests::{OpenClawHome, Options, TestApp, assert_envelope};
use reqwest::Method;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

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
    let cookie = app.login().await.0;
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
    let cookie = app.login().await.0;
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

fn configured(edit: fn(&mut openclaw_buddy::config::BuddyConfig)) -> Options {
    Options { configure: Some(Box::new(edit)), ..Default::default() }
}

/// The audit rows of `action` (newest first).
async fn audit_rows(app: &TestApp, action: &str) -> Vec<Value> {
    let (_, events) = app.get(&format!("/v1/system/events?action={}", action.replace(' ', "%20"))).await;
    events["data"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn failed_bearer_cookie_and_ticket_authentications_lock_the_client_out_with_one_audit_row() {
    let app = TestApp::start_with(OpenClawHome::new(), configured(|c| c.http.max_auth_failures = 3)).await;
    let bad = [
        app.anonymous(Method::GET, "/v1/system/info").bearer_auth("wrong-token-0123456789"),
        app.anonymous(Method::GET, "/v1/system/info").header("cookie", format!("guardian_token={}", "0".repeat(64))),
        app.anonymous(Method::GET, "/v1/ws/logs?ticket=not-a-ticket"),
    ];
    for request in bad {
        assert_eq!(send(request).await.0, 401);
    }
    for _ in 0..40 {
        let (status, body) = send(app.anonymous(Method::GET, "/v1/system/info").bearer_auth("wrong")).await;
        assert_eq!(status, 429, "{body}");
        assert!(assert_envelope(429, &body).contains("too many failed authentications"), "{body}");
    }
    let resp = app.anonymous(Method::GET, "/v1/system/info").bearer_auth(&app.token).send().await.expect("send");
    assert_eq!(resp.status(), 429, "even the right token, or guessing would go on");
    assert!(resp.headers().get("retry-after").is_some());
    // A login (limited on its own) proves the token again and lifts the lockout.
    let resp = app.anonymous(Method::POST, "/login").json(&json!({"token": app.token})).send().await.expect("login");
    assert_eq!(resp.status(), 200);
    let (status, _) = app.get("/v1/system/info").await;
    assert_eq!(status, 200);
    let rows = audit_rows(&app, "authenticate").await;
    assert_eq!(rows.len(), 1, "one row for the lockout, none per attempt: {rows:?}");
    assert_eq!(rows[0]["target"], "lockout");
    assert!(rows[0]["detail"].as_str().unwrap_or_default().starts_with("3 failed attempts"), "{rows:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_flood_of_bad_logins_writes_one_audit_row_with_the_count() {
    let app = TestApp::start().await;
    let mut statuses = Vec::new();
    for _ in 0..300 {
        let resp = app
            .anonymous(Method::POST, "/login")
            .json(&json!({"token": "wrong-token-0123456789"}))
            .send()
            .await
            .expect("login");
        statuses.push(resp.status().as_u16());
    }
    assert_eq!(&statuses[..5], &[401; 5]);
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    let rows = buddy_tests::wait_for("the lockout's count reaches 256", std::time::Duration::from_secs(30), || async {
        let rows = audit_rows(&app, "POST /login").await;
        rows.first()
            .and_then(|r| r["detail"].as_str())
            .is_some_and(|d| d.contains("256 attempts refused"))
            .then_some(rows)
    })
    .await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0]["target"].as_str(), rows[0]["code"].as_u64()), (Some("lockout"), Some(429)), "{rows:?}");
    app.stop().await;
}

#[tokio::test]
async fn the_dashboard_and_the_api_carry_security_headers_and_gateway_content_is_sandboxed() {
    let app = TestApp::start().await;
    let bearer = format!("Bearer {}", app.token);
    for path in ["/", "/assets/nothing.js", "/v1/system/info", "/health", "/v1/nope"] {
        let resp = app.anonymous(Method::GET, path).header("authorization", &bearer).send().await.expect("send");
        let h = resp.headers();
        let csp = h.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), "{path}: {csp}");
        assert_eq!(h.get("x-content-type-options").map(|v| v.as_bytes()), Some(&b"nosniff"[..]), "{path}");
        assert_eq!(h.get("referrer-policy").map(|v| v.as_bytes()), Some(&b"no-referrer"[..]), "{path}");
        assert_eq!(h.get("x-frame-options").map(|v| v.as_bytes()), Some(&b"DENY"[..]), "{path}");
    }
    // Whatever comes back through the gateway passthrough gets an opaque origin.
    for path in ["/v1/proxy/", "/v1/proxy/__openclaw__/canvas/documents/x/index.html"] {
        let resp = app.anonymous(Method::GET, path).header("authorization", &bearer).send().await.expect("send");
        let h = resp.headers();
        assert_eq!(h.get("content-security-policy").map(|v| v.as_bytes()), Some(&b"sandbox"[..]), "{path}");
        assert_eq!(h.get("x-content-type-options").map(|v| v.as_bytes()), Some(&b"nosniff"[..]), "{path}");
    }
    app.stop().await;
}

#[tokio::test]
async fn proxy_bodies_websocket_messages_and_terminal_sessions_are_bounded() {
    let app = TestApp::start_with(
        OpenClawHome::new(),
        configured(|c| {
            c.http.proxy_max_body_bytes = 1000;
            c.http.ws_max_message_bytes = 4096;
            c.http.max_shell_sessions = 1;
        }),
    )
    .await;
    let bearer = format!("Bearer {}", app.token);
    let (status, body) =
        send(app.anonymous(Method::POST, "/v1/proxy/upload").header("authorization", &bearer).body("x".repeat(2000)))
            .await;
    assert_eq!(status, 413, "{body}");
    assert!(assert_envelope(413, &body).contains("http.proxy_max_body_bytes"), "{body}");

    use futures_util::{SinkExt, StreamExt};
    let url = format!("{}/v1/ws/shell", app.base.replace("http://", "ws://"));
    let open = || async {
        let mut request = url.as_str().into_client_request().expect("request");
        request.headers_mut().insert("authorization", bearer.parse().expect("header"));
        tokio_tungstenite::connect_async(request).await
    };
    let (mut first, _) = open().await.expect("the first shell");
    match open().await {
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => assert_eq!(resp.status(), 429),
        other => panic!("a second shell past http.max_shell_sessions: {:?}", other.map(|_| ())),
    }
    // A message past the limit ends the socket (and frees its slot).
    first.send(tokio_tungstenite::tungstenite::Message::text("x".repeat(10_000))).await.expect("send");
    loop {
        match tokio::time::timeout(std::time::Duration::from_secs(60), first.next()).await.expect("an answer") {
            None | Some(Err(_)) | Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_))) => break,
            Some(Ok(_)) => continue,
        }
    }
    buddy_tests::wait_for("the slot is free again", std::time::Duration::from_secs(30), || async {
        open().await.ok().map(|_| ())
    })
    .await;
    app.stop().await;
}
