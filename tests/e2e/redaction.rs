//! One redaction policy everywhere a config leaves Buddy: a config filled with secrets (provider
//! key and header values, the gateway token, an environment value, a channel token) is walked
//! through every route that returns config-derived data, and none of the secrets comes back.
//! And a stored API key does not follow a provider's `baseUrl` to another host.

use buddy_tests::{OpenClawHome, Options, TestApp};
use serde_json::{Value, json};

const SECRETS: [&str; 4] =
    ["sk-provider-key-7f3a9c", "hdr-bearer-secret-51d2e8", "env-secret-value-0b7e44", "gw-secret-token-9a1f3c"];

#[tokio::test]
async fn no_route_that_returns_config_data_shows_a_secret() {
    let home = OpenClawHome::new();
    let mut config = home.minimal_config();
    config["gateway"]["auth"]["token"] = json!(SECRETS[3]);
    let fakeai = &mut config["models"]["providers"]["fakeai"];
    fakeai["apiKey"] = json!(SECRETS[0]);
    fakeai["headers"] = json!({"Authorization": format!("Bearer {}", SECRETS[1]), "X-Trace": SECRETS[1]});
    config["env"] = json!({"vars": {"SOME_SERVICE": SECRETS[2]}});
    home.write_config(&config);
    home.assert_valid().await;
    let app = TestApp::start_with(home, Options::default()).await;

    // A change through Buddy leaves a backup holding every secret, and an audit row.
    let (status, body) = app
        .post(
            "/v1/openclaw/models/provider",
            json!({"name": "fakeai", "baseUrl": "http://127.0.0.1:18999/v2", "apiKey": "sk-rotated-key-c0ffee11"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, backups) = app.get("/v1/heal/backups").await;
    let backup = backups["data"][0]["name"].as_str().expect("a backup").to_string();

    let mut seen = vec![("E21 reply".to_string(), body)];
    for path in [
        "/v1/openclaw/models/config".to_string(),
        "/v1/openclaw/bots-models?refresh=true".into(),
        "/v1/openclaw/status".into(),
        "/v1/openclaw/chat/status".into(),
        "/v1/heal/backups".into(),
        format!("/v1/heal/backups/{backup}/diff"),
        "/v1/heal/reports".into(),
        "/v1/heal/events".into(),
        "/v1/system/events".into(),
        "/v1/channels".into(),
        "/v1/wechat/config/status".into(),
        "/v1/openapi.json".into(),
    ] {
        let (status, body) = app.get(&path).await;
        assert!(status < 500, "{path}: {body}");
        seen.push((path, body));
    }
    let (_, diff) = app.get(&format!("/v1/heal/backups/{backup}/diff")).await;
    assert!(
        diff["data"]["changes"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["path"] == "/models/providers/fakeai/apiKey")),
        "the diff does show that the key changed: {diff}"
    );
    for (path, body) in seen {
        let text = body.to_string();
        for secret in SECRETS.iter().chain(&["sk-rotated-key-c0ffee11"]) {
            assert!(!text.contains(secret), "{path} shows {secret}: {text}");
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn moving_a_providers_base_url_to_another_host_drops_its_key_unless_told_otherwise() {
    let app = TestApp::start().await;
    let key = |app: &TestApp| app.home.read_config()["models"]["providers"]["fakeai"]["apiKey"].clone();
    let cases = [
        (json!({"baseUrl": "http://127.0.0.1:18999/v2"}), "kept", json!("sk-fake-test-key")),
        (json!({"baseUrl": "http://attacker.example/v1", "keepApiKey": true}), "kept", json!("sk-fake-test-key")),
        (json!({"baseUrl": "http://127.0.0.1:18999/v1"}), "dropped", Value::Null),
        (json!({"baseUrl": "http://127.0.0.1:18999/v1"}), "none", Value::Null),
        (
            json!({"baseUrl": "http://other.example/v1", "apiKey": "sk-new-key-123456"}),
            "set",
            json!("sk-new-key-123456"),
        ),
    ];
    for (i, (mut body, action, stored)) in cases.into_iter().enumerate() {
        body["name"] = json!("fakeai");
        let (status, reply) = app.post("/v1/openclaw/models/provider", body).await;
        assert_eq!(status, 200, "case {i}: {reply}");
        assert_eq!(reply["data"]["apiKeyAction"], action, "case {i}: {reply}");
        assert_eq!(key(&app), stored, "case {i}");
    }
    app.stop().await;
}

#[tokio::test]
async fn audit_details_and_the_log_stream_mask_the_configs_secrets() {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    let home = OpenClawHome::new();
    let mut config = home.minimal_config();
    config["gateway"]["auth"]["token"] = json!(SECRETS[3]);
    config["models"]["providers"]["fakeai"]["apiKey"] = json!(SECRETS[0]);
    home.write_config(&config);
    let app = TestApp::start_with(home, Options::default()).await;

    // An audit row whose detail quotes secrets (an error message repeating a CLI's output).
    let event = openclaw_buddy::db::system_events::NewEvent {
        ts_ms: buddy_openclaw::time::now_ms(),
        user: "bearer@127.0.0.1".into(),
        action: "POST /v1/test/secret-detail".into(),
        target: format!("token {}", SECRETS[3]),
        status: 502,
        duration_ms: 1,
        detail: format!("openclaw said: invalid key {} for gateway {}", SECRETS[0], SECRETS[3]),
    };
    openclaw_buddy::api::middleware::audit::record(app.state(), event).await;
    let (status, body) = app.get("/v1/system/events?action=POST%20/v1/test/secret-detail").await;
    assert_eq!(status, 200, "{body}");
    let row = body["data"][0].to_string();
    assert!(row.contains("openclaw said: invalid key"), "the row is there: {body}");
    assert!(!row.contains(SECRETS[0]) && !row.contains(SECRETS[3]), "masked: {row}");

    // A log line quoting them reaches the log socket masked. (Tests run Buddy in process,
    // without its file log: the file is made here.)
    let log = openclaw_buddy::logging::buddy_log_path(&app.data_dir);
    std::fs::create_dir_all(log.parent().expect("dir")).expect("logs dir");
    std::fs::write(&log, "").expect("log file");
    let mut request = format!("{}/v1/ws/logs?source=buddy&tail=0", app.base.replace("http://", "ws://"))
        .into_client_request()
        .expect("url");
    request.headers_mut().insert("authorization", format!("Bearer {}", app.token).parse().expect("header"));
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.expect("logs socket");
    let marker = "secret-bearing-line-4e1d";
    // The socket follows from its start: append until a frame shows the line (no fixed wait).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let line = loop {
        assert!(std::time::Instant::now() < deadline, "the line never reached the log socket");
        {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&log).expect("log");
            writeln!(file, "{marker} apiKey={} token={}", SECRETS[0], SECRETS[3]).expect("append");
        }
        let frame = tokio::time::timeout(std::time::Duration::from_secs(2), socket.next()).await;
        if let Ok(Some(Ok(frame))) = frame
            && let Ok(text) = frame.into_text()
            && text.contains(marker)
        {
            break text.to_string();
        }
    };
    assert!(!line.contains(SECRETS[0]) && !line.contains(SECRETS[3]), "masked: {line}");
    app.stop().await;
}
