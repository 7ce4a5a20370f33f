//! E25: Buddy probes a configured provider itself (a fake OpenAI-compatible server here) and
//! reports every failure of the provider as a result, never as a Buddy error.

use std::time::Duration;

use buddy_tests::fake_provider::{FakeProvider, Reply};
use buddy_tests::{OpenClawHome, Options, TestApp, assert_envelope, free_port};
use serde_json::{Value, json};

const KEY: &str = "sk-probe-secret-0123456789";

async fn probe(app: &TestApp, provider: &str) -> Value {
    let (status, body) =
        app.post("/v1/openclaw/models/test-direct", json!({"providerName": provider, "modelId": "fake-model"})).await;
    assert_eq!(status, 200, "{body}");
    assert!(!body.to_string().contains(KEY), "the API key never appears: {body}");
    body["data"].clone()
}

#[tokio::test]
async fn e25_measures_a_stream_and_reports_provider_failures_as_results() {
    let fake = FakeProvider::start().await;
    let home = OpenClawHome::new();
    let mut config = home.minimal_config();
    let provider = &mut config["models"]["providers"]["fakeai"];
    provider["baseUrl"] = json!(fake.base_url());
    provider["apiKey"] = json!(KEY);
    provider["timeoutSeconds"] = json!(2);
    config["models"]["providers"]["down"] = json!({"baseUrl": format!("http://127.0.0.1:{}/v1", free_port()),
        "api": "openai-completions", "models": [{"id": "fake-model", "name": "Down"}]});
    home.write_config(&config);
    let app = TestApp::start_with(home, Options::default()).await;

    fake.set_reply(Reply::Stream { chunks: vec!["po".into(), "ng".into()], delay: Duration::from_millis(60) });
    let r = probe(&app, "fakeai").await;
    assert_eq!(
        (r["status"].as_str(), r["reply"].as_str(), r["http_status"].as_u64()),
        (Some("success"), Some("pong"), Some(200)),
        "{r}"
    );
    let (latency, total) = (r["latency"].as_u64().expect("latency"), r["total_ms"].as_u64().expect("total"));
    assert!(latency >= 50 && latency <= total && total >= 100, "TTFT after the first delay, total after both: {r}");
    let sent = fake.chat_requests().pop().expect("the fake was called");
    assert_eq!(sent.path, "/v1/chat/completions");
    assert_eq!(sent.authorization.as_deref(), Some(format!("Bearer {KEY}").as_str()));
    assert_eq!((&sent.body["model"], &sent.body["stream"]), (&json!("fake-model"), &json!(true)));

    fake.set_reply(Reply::Json("plain json".into()));
    let r = probe(&app, "fakeai").await;
    assert_eq!((r["status"].as_str(), r["reply"].as_str()), (Some("success"), Some("plain json")), "{r}");

    let failures = [
        (Reply::Status(401, json!({"error": {"message": "Invalid API key", "type": "auth"}})), "Invalid API key"),
        (Reply::Garbage, "not an OpenAI-compatible"),
        (Reply::Hang, "within 2 s"),
    ];
    for (reply, needle) in failures {
        fake.set_reply(reply.clone());
        let r = probe(&app, "fakeai").await;
        assert_eq!(r["status"], "failed", "{reply:?}: {r}");
        assert!(r["error"].as_str().is_some_and(|e| e.contains(needle)), "{reply:?}: {r}");
    }
    let r = probe(&app, "down").await;
    assert!(r["status"] == "failed" && r["error"].as_str().is_some_and(|e| e.contains("cannot connect")), "{r}");
    assert!(r.get("http_status").is_none(), "{r}");

    let cases = [
        (json!({"providerName": "ghost", "modelId": "fake-model"}), 404, "ghost"),
        (json!({"providerName": "fakeai", "modelId": "nope"}), 404, "nope"),
        (json!({"providerName": "--help", "modelId": "m"}), 400, "providerName"),
        (json!({"providerName": "fakeai"}), 400, "modelId"),
        (json!({"providerName": "fakeai", "modelId": 3}), 400, "modelId"),
        // Only URLs already in openclaw.json are contacted: a request cannot name one.
        (json!({"providerName": "fakeai", "modelId": "fake-model", "url": "http://169.254.169.254/"}), 400, "url"),
    ];
    let calls = fake.requests().len();
    for (req, want, needle) in cases {
        let (status, body) = app.post("/v1/openclaw/models/test-direct", req.clone()).await;
        assert_eq!(status, want, "{req}: {body}");
        assert!(assert_envelope(want, &body).contains(needle), "{req}: {body}");
    }
    assert_eq!(fake.requests().len(), calls, "refused requests contact nobody");
    app.stop().await;
}
