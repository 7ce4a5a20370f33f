//! E35 and E51 against the real gateway, with a fake model provider behind it: passthrough,
//! streaming chunk by chunk, cancellation reaching upstream, upstream errors kept, the disabled
//! endpoint explained, many concurrent streams, and the Control UI proxy (HTTP and WebSocket).

use std::time::Duration;

use buddy_tests::fake_provider::{FakeProvider, Reply};
use buddy_tests::{TestApp, wait_for};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const DEADLINE: Duration = Duration::from_secs(300);

fn chat(stream: bool) -> Value {
    json!({"model": "openclaw/main", "stream": stream, "messages": [{"role": "user", "content": "hi"}]})
}

/// Sends a streamed completion and returns the response, unread.
async fn open_stream(app: &TestApp) -> reqwest::Response {
    let resp = app
        .anonymous(reqwest::Method::POST, "/v1/openclaw/chat/completions")
        .bearer_auth(&app.token)
        .json(&chat(true))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"].to_str().expect("ascii").starts_with("text/event-stream"));
    resp
}

/// SSE `data:` payloads from a stream, in order.
async fn read_events(resp: reqwest::Response) -> Vec<String> {
    let body = resp.text().await.expect("body");
    body.split("\n\n").filter_map(|e| e.lines().find_map(|l| l.strip_prefix("data: ")).map(str::to_string)).collect()
}

#[tokio::test]
async fn chat_completions_and_the_control_ui_go_through_buddy() {
    let provider = FakeProvider::start().await;
    let app = TestApp::start_with_gateway(&provider.base_url()).await;

    // Non-streamed: the gateway's own reply, and the gateway's token never reaches the client.
    let (status, body) = app.post("/v1/openclaw/chat/completions", chat(false)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["object"], "chat.completion");
    assert!(body["choices"][0]["message"]["content"].as_str().is_some_and(|c| c.contains("Hello from fake")), "{body}");
    assert!(!body.to_string().contains(&app.home.gateway_token));

    // Streamed: proper SSE in order, ending with [DONE].
    let events = read_events(open_stream(&app).await).await;
    assert_eq!(events.last().map(String::as_str), Some("[DONE]"), "{events:?}");
    let text: String = events
        .iter()
        .filter_map(|e| serde_json::from_str::<Value>(e).ok())
        .filter_map(|v| v["choices"][0]["delta"]["content"].as_str().map(str::to_string))
        .collect();
    assert!(text.contains("Hello from fake"), "{text:?} from {events:?}");

    // Not buffered: with a slow provider the first content reaches the client while the
    // provider has not yet sent its last chunk.
    provider.set_reply(Reply::Stream {
        chunks: (0..12).map(|i| format!(" w{i}")).collect(),
        delay: Duration::from_millis(300),
    });
    let before = provider.chunks_sent();
    let mut stream = open_stream(&app).await.bytes_stream();
    let mut seen = String::new();
    while !seen.contains("w0") {
        let chunk =
            tokio::time::timeout(DEADLINE, stream.next()).await.expect("a chunk").expect("open").expect("bytes");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    let sent_when_first_arrived = provider.chunks_sent() - before;
    assert!(
        sent_when_first_arrived < 12,
        "the first chunk arrived before the provider finished ({sent_when_first_arrived}/12)"
    );

    // Cancellation: dropping the stream reaches the provider, which stops before the end.
    let abandoned = provider.abandoned();
    drop(stream);
    wait_for("the upstream stream to be abandoned", DEADLINE, || async {
        (provider.abandoned() > abandoned).then_some(())
    })
    .await;

    // Many concurrent streams all complete.
    provider.set_reply(Reply::stream(&["Hello", " from", " fake"]));
    let results =
        futures_util::future::join_all((0..6).map(|_| async { read_events(open_stream(&app).await).await })).await;
    assert!(results.iter().all(|e| e.last().map(String::as_str) == Some("[DONE]")), "{results:?}");

    // Upstream errors keep their status and OpenAI-style body.
    let (status, body) = app
        .post(
            "/v1/openclaw/chat/completions",
            json!({"model": "openclaw/nosuch", "messages": [{"role": "user", "content": "x"}]}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("nosuch")), "{body}");
    let (status, body) = app.post("/v1/openclaw/chat/completions", json!({"model": "openclaw/main"})).await;
    assert!(status == 400 && body["message"].as_str().is_some_and(|m| m.contains("messages")), "{body}");

    // The Control UI through Buddy: HTTP with framing allowed.
    let proxied =
        app.anonymous(reqwest::Method::GET, "/v1/proxy/").bearer_auth(&app.token).send().await.expect("proxy");
    assert_eq!(proxied.status(), 200);
    assert!(proxied.headers().get("x-frame-options").is_none());
    let csp = proxied.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert!(!csp.contains("frame-ancestors"), "{csp}");
    assert!(proxied.text().await.expect("html").to_lowercase().contains("<html"), "the gateway's UI came through");
    let escaped = app
        .anonymous(reqwest::Method::GET, "/v1/proxy//example.com/x")
        .bearer_auth(&app.token)
        .send()
        .await
        .expect("proxy");
    assert!(escaped.status() != 502, "a path cannot redirect the proxy to another host");

    // A WebSocket upgrade through the panel proxy reaches the gateway's WebSocket server.
    let url = format!("{}/v1/proxy/", app.base.replace("http://", "ws://"));
    let mut request = url.into_client_request().expect("request");
    request.headers_mut().insert("authorization", format!("Bearer {}", app.token).parse().expect("header"));
    let (mut ws, answer) = tokio_tungstenite::connect_async(request).await.expect("upgrade through the proxy");
    assert_eq!(answer.status().as_u16(), 101);
    ws.send(tokio_tungstenite::tungstenite::Message::text(
        json!({"type": "req", "id": "1", "method": "health", "params": {}}).to_string(),
    ))
    .await
    .expect("send");
    let first = tokio::time::timeout(Duration::from_secs(30), ws.next())
        .await
        .expect("the gateway answers")
        .expect("open")
        .expect("frame");
    assert!(first.is_text() || first.is_binary() || first.is_close(), "{first:?}");
    drop(ws);

    // With the endpoint disabled (OpenClaw applies it without a restart) the reply says how to enable it.
    let mut config = app.home.read_config();
    config["gateway"]["http"]["endpoints"]["chatCompletions"]["enabled"] = json!(false);
    app.home.write_config(&config);
    let body = wait_for("the endpoint to be disabled", DEADLINE, || async {
        let (status, body) = app.post("/v1/openclaw/chat/completions", chat(false)).await;
        (status == 404).then_some(body)
    })
    .await;
    assert!(body["message"].as_str().is_some_and(|m| m.contains("/v1/openclaw/chat/enable")), "{body}");
    assert!(body["error"]["message"].is_string(), "OpenAI clients can read it too: {body}");

    let (_, stop) = app.post("/v1/gateway/stop", json!({})).await;
    app.wait_task(stop["data"]["taskID"].as_str().expect("task"), DEADLINE).await;
    let (status, body) = app.post("/v1/openclaw/chat/completions", chat(false)).await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(body["code"], 502);
    app.stop().await;
}
