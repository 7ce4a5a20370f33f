//! The original API reference's documented request forms and reply shapes
//! (`docs/seed-contract.md`), asserted against a real Buddy and the real OpenClaw.
//!
//! Every check names the row of `docs/seed-contract.md` it enforces. A test collects all the
//! deviations of its routes before it fails, so one run lists every row Buddy breaks. Routes
//! that need slow CLI runs share one Buddy (the bot lifecycle, the running gateway).

use std::fmt::Display;
use std::time::Duration;

use buddy_tests::fake_provider::FakeProvider;
use buddy_tests::{OpenClawHome, Options, TestApp, fake_login, wait_for};
use futures_util::StreamExt;
use openclaw_buddy::config::BuddyConfig;
use reqwest::Method;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const DOC: &str = "docs/seed-contract.md";
const DEADLINE: Duration = Duration::from_secs(300);

/// A JSON type as the reference shows it.
#[derive(Debug, Clone, Copy)]
enum Ty {
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
}

impl Ty {
    fn matches(self, v: &Value) -> bool {
        match self {
            Self::String => v.is_string(),
            Self::Number => v.is_number(),
            // `45`, not `45.0`: a client that parses an integer refuses a float.
            Self::Integer => v.is_i64() || v.is_u64(),
            Self::Boolean => v.is_boolean(),
            Self::Object => v.is_object(),
            Self::Array => v.is_array(),
        }
    }
}

/// Text in the reference's time format, `2026-03-20 10:00:00`.
fn is_seed_time(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        s.len() == 19
            && s.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                10 => b == b' ',
                13 | 16 => b == b':',
                _ => b.is_ascii_digit(),
            })
    })
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 400 { format!("{}…", text.chars().take(400).collect::<String>()) } else { text }
}

/// What a value holds, briefly: an object's keys, else the value.
fn keys_of(v: &Value) -> String {
    match v.as_object() {
        Some(map) => format!("it has {}", map.keys().map(String::as_str).collect::<Vec<_>>().join(", ")),
        None => format!("in {}", short(v)),
    }
}

/// The values at `path`: dot-separated keys, `key[]` for every element of an array (which
/// must not be empty, or nothing would be checked). Each comes with its concrete path.
fn values_at<'a>(body: &'a Value, path: &str) -> Result<Vec<(String, &'a Value)>, String> {
    let mut current = vec![(String::new(), body)];
    for segment in path.split('.') {
        let (key, each) = match segment.strip_suffix("[]") {
            Some(k) => (k, true),
            None => (segment, false),
        };
        let mut next = Vec::new();
        for (at, value) in current {
            let join = |k: &str| if at.is_empty() { k.to_string() } else { format!("{at}.{k}") };
            let (at, value) = if key.is_empty() {
                (at, value)
            } else {
                match value.get(key) {
                    Some(v) => (join(key), v),
                    None => return Err(format!("`{}` is missing ({})", join(key), keys_of(value))),
                }
            };
            if each {
                match value.as_array() {
                    Some(items) if !items.is_empty() => {
                        next.extend(items.iter().enumerate().map(|(i, v)| (format!("{at}[{i}]"), v)));
                    }
                    Some(_) => return Err(format!("`{at}` is an empty array: nothing to check")),
                    None => return Err(format!("`{at}` must be an array, got {}", short(value))),
                }
            } else {
                next.push((at, value));
            }
        }
        current = next;
    }
    Ok(current)
}

/// Collects deviations from `docs/seed-contract.md`, each naming its row.
#[derive(Default)]
struct Contract {
    failures: Vec<String>,
}

impl Contract {
    fn fail(&mut self, row: &str, what: impl Display) {
        self.failures.push(format!("{DOC} row {row}: {what}"));
    }

    fn check(&mut self, row: &str, ok: bool, what: impl Display) {
        if !ok {
            self.fail(row, what);
        }
    }

    /// Every value at `path` satisfies `pred` (described by `want`).
    fn each(&mut self, row: &str, body: &Value, path: &str, want: &str, pred: impl Fn(&Value) -> bool) {
        match values_at(body, path) {
            Ok(values) => {
                for (at, v) in values {
                    self.check(row, pred(v), format_args!("`{at}` must be {want}, got {}", short(v)));
                }
            }
            Err(e) => self.fail(row, format_args!("{path} ({want}): {e}")),
        }
    }

    fn ty(&mut self, row: &str, body: &Value, path: &str, ty: Ty) {
        self.each(row, body, path, &format!("{ty:?}").to_lowercase(), |v| ty.matches(v));
    }

    fn ty_or_null(&mut self, row: &str, body: &Value, path: &str, ty: Ty) {
        let want = format!("{} or null", format!("{ty:?}").to_lowercase());
        self.each(row, body, path, &want, |v| v.is_null() || ty.matches(v));
    }

    fn eq(&mut self, row: &str, body: &Value, path: &str, expected: Value) {
        let want = format!("{expected}");
        self.each(row, body, path, &want, |v| *v == expected);
    }

    /// `{code, message, data}` with `code` equal to the HTTP status the reference documents.
    fn envelope(&mut self, row: &str, status: u16, body: &Value, code: u16, message: Option<&str>) {
        self.check(row, status == code, format_args!("HTTP status must be {code}, got {status}: {}", short(body)));
        self.eq(row, body, "code", json!(code));
        match message {
            Some(m) => self.eq(row, body, "message", json!(m)),
            None => self.ty(row, body, "message", Ty::String),
        }
    }

    /// Panics with every deviation found.
    fn finish(self) {
        assert!(
            self.failures.is_empty(),
            "{} deviation(s) from the original reference:\n  - {}",
            self.failures.len(),
            self.failures.join("\n  - ")
        );
    }
}

/// The architecture names the reference uses (Go's `GOARCH`: `amd64`, `arm64`...).
fn seed_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64",
        "loongarch64" => "loong64",
        other => other,
    }
}

/// The full response of an authenticated request: status, headers, JSON body (checked against
/// the served API document).
async fn fetch(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut req = app.anonymous(method.clone(), path).bearer_auth(&app.token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    // The reference's shape, and the shape Buddy's own document gives for the reply.
    let json = headers.get("content-type").is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if json {
        app.check_reply(method.as_str(), path, status, &body).await;
    }
    (status, headers, body)
}

/// Whether Buddy's router knows the route (its fallback answers 404 "no route for …" and
/// 405 for a wrong method).
fn routed(status: u16, body: &Value) -> bool {
    status != 405 && !(status == 404 && body["message"].as_str().is_some_and(|m| m.starts_with("no route for")))
}

fn with(configure: impl FnOnce(&mut BuddyConfig) + 'static) -> Options {
    Options { configure: Some(Box::new(configure)), ..Default::default() }
}

// ---------------------------------------------------------------------------------------------
// §1 conventions, E01, E02

#[tokio::test]
async fn seed_e01_e02_health_login_cookie_and_envelope() {
    let app = TestApp::start().await;
    let mut c = Contract::default();

    // E01: public, wrapped in the envelope.
    let resp = app.anonymous(Method::GET, "/health").send().await.expect("health");
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    c.envelope("E01.1", status, &body, 200, Some("success"));
    c.eq("E01.1", &body, "data.status", json!("ok"));

    // E02: the token for a cookie.
    let resp = app.anonymous(Method::POST, "/login").json(&json!({"token": app.token})).send().await.expect("login");
    let status = resp.status().as_u16();
    let cookie = resp.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    c.envelope("E02.1", status, &body, 200, Some("success"));
    c.check(
        "E02.2",
        cookie.starts_with("guardian_token="),
        format_args!("Set-Cookie must set guardian_token: {cookie:?}"),
    );
    let pair = cookie.split(';').next().unwrap_or("").to_string();

    // C.1 / C.2: the header and the cookie both authenticate.
    let resp = app.anonymous(Method::GET, "/v1/system/info").header("cookie", &pair).send().await.expect("cookie");
    c.check(
        "C.2",
        resp.status() == 200,
        format_args!("the guardian_token cookie must authenticate: {}", resp.status()),
    );
    let (status, body) = app.get("/v1/system/info").await;
    c.envelope("C.1", status, &body, 200, Some("success"));

    // C.5: a refusal is the envelope with code = HTTP status and the reason in message.
    let resp = app.anonymous(Method::GET, "/v1/system/info").send().await.expect("anonymous");
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    c.envelope("C.5", status, &body, 401, None);

    // E02: a wrong token.
    let resp =
        app.anonymous(Method::POST, "/login").json(&json!({"token": "wrong-token"})).send().await.expect("login");
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    c.envelope("E02.3", status, &body, 401, Some("Invalid token"));

    app.stop().await;
    c.finish();
}

// ---------------------------------------------------------------------------------------------
// E03, E04, E08 with the gateway down

#[tokio::test]
async fn seed_e03_e04_e08_status_and_host_with_the_gateway_down() {
    let app = TestApp::start().await;
    let mut c = Contract::default();

    let (status, body) = app.get("/v1/openclaw/status").await;
    c.envelope("E03", status, &body, 200, Some("success"));
    c.ty("E03.1", &body, "data.version", Ty::String);
    c.eq("E03.2", &body, "data.status", json!("Stopped"));
    c.ty("E03.3", &body, "data.uptime", Ty::String);
    c.ty("E03.4", &body, "data.cpuPercent", Ty::Number);
    c.ty("E03.5", &body, "data.memoryMB", Ty::Number);
    c.ty("E03.6", &body, "data.diskUsagePercent", Ty::Number);
    c.each("E03.7", &body, "data.installedAt", "\"YYYY-MM-DD hh:mm:ss\"", is_seed_time);
    c.eq("E03.8", &body, "data.health", json!("Down"));

    let (status, body) = app.get("/v1/openclaw/dashboard-url").await;
    c.envelope("E04", status, &body, 200, Some("success"));
    c.ty("E04.1", &body, "data.url", Ty::String);

    let (status, body) = app.get("/v1/system/info").await;
    c.envelope("E08", status, &body, 200, Some("success"));
    c.ty("E08.1", &body, "data.cpu.usage", Ty::Number);
    c.ty("E08.1", &body, "data.cpu.cores", Ty::Integer);
    c.ty("E08.2", &body, "data.memory.total", Ty::Integer);
    c.ty("E08.2", &body, "data.memory.used", Ty::Integer);
    c.ty("E08.2", &body, "data.memory.percent", Ty::Number);
    c.ty("E08.3", &body, "data.disk.path", Ty::String);
    c.ty("E08.3", &body, "data.disk.percent", Ty::Number);
    c.eq("E08.4", &body, "data.os", json!(std::env::consts::OS));
    c.eq("E08.5", &body, "data.arch", json!(seed_arch()));

    app.stop().await;
    c.finish();
}

// ---------------------------------------------------------------------------------------------
// E05 and E09: arrays, with what does not fit in headers or on each item

#[tokio::test]
async fn seed_e05_e09_health_history_and_audit_log_are_arrays() {
    let options = with(|c| {
        c.monitor.enabled = true;
        c.monitor.interval_ms = 200;
        c.heal.enabled = false;
    });
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let mut c = Contract::default();

    // E05: the monitor records a sample (the gateway is down) every 200 ms.
    let body = wait_for("a health sample", DEADLINE, || async {
        let (_, body) = app.get("/v1/stats/health?bucket=raw").await;
        let samples = body["data"].as_array().or(body["data"]["points"].as_array()).map_or(0, Vec::len);
        (samples > 0).then_some(body)
    })
    .await;
    c.envelope("E05", 200, &body, 200, Some("success"));
    c.ty("E05.1", &body, "data", Ty::Array);
    if body["data"].is_array() {
        c.ty("E05.2", &body, "data[].timestamp", Ty::String);
        c.each("E05.3", &body, "data[].status", "\"ok\", \"degraded\" or \"down\"", |v| {
            matches!(v.as_str(), Some("ok" | "degraded" | "down"))
        });
        // A probe that got no answer has no response time (row E05.4).
        c.ty_or_null("E05.4", &body, "data[].response_time_ms", Ty::Integer);
    }

    // E09: three audited requests, read two at a time.
    for name in ["one", "two", "three"] {
        let (status, body) = app.post("/v1/openclaw/chat/quick-commands", json!({"name": name, "content": "x"})).await;
        assert!((200..300).contains(&status), "setup: saving a quick command: {body}");
    }
    let (status, headers, body) = fetch(&app, Method::GET, "/v1/system/events?page_size=2", None).await;
    c.envelope("E09", status, &body, 200, Some("success"));
    c.ty("E09.1", &body, "data", Ty::Array);
    if body["data"].is_array() {
        c.check(
            "E09.1",
            body["data"].as_array().map(Vec::len) == Some(2),
            format_args!("page_size=2: {}", short(&body)),
        );
        c.ty("E09.2", &body, "data[].time", Ty::String);
        c.ty("E09.3", &body, "data[].user", Ty::String);
        c.ty("E09.4", &body, "data[].action", Ty::String);
        c.eq("E09.5", &body, "data[].status", json!("success"));
    }
    let total = headers.get("x-total-count").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    c.check("E09.6", total.is_some_and(|t| t >= 3), format_args!("X-Total-Count must count the events: {total:?}"));
    let link = headers.get("link").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    c.check("E09.6", link.contains("rel=\"next\""), format_args!("Link must point at the next page: {link:?}"));

    app.stop().await;
    c.finish();
}

// ---------------------------------------------------------------------------------------------
// E10

#[tokio::test]
async fn seed_e10_bots_and_models_are_nested_in_an_inner_data() {
    let app = TestApp::start().await;
    let mut c = Contract::default();
    let (status, body) = app.get("/v1/openclaw/bots-models").await;
    c.envelope("E10", status, &body, 200, Some("success"));
    c.ty("E10.1", &body, "data.data", Ty::Object);
    c.ty("E10.2", &body, "data.data.bots[].id", Ty::String);
    c.ty("E10.3", &body, "data.data.bots[].name", Ty::String);
    c.ty("E10.4", &body, "data.data.bots[].model", Ty::String);
    c.ty("E10.5", &body, "data.data.bots[].workspace", Ty::String);
    c.ty("E10.6", &body, "data.data.models[].id", Ty::String);
    c.ty("E10.6", &body, "data.data.models[].name", Ty::String);
    c.ty("E10.7", &body, "data.data.models[].isDefault", Ty::Boolean);
    if let Ok(models) = values_at(&body, "data.data.models[]") {
        let default = models.into_iter().find(|(_, m)| m["id"] == "fakeai/fake-model").map(|(_, m)| &m["isDefault"]);
        c.check("E10.7", default == Some(&json!(true)), "the default model fakeai/fake-model must say isDefault: true");
    }
    c.each("E10.8", &body, "data.updated_at", "\"YYYY-MM-DD hh:mm:ss\"", is_seed_time);

    let (status, body) = app.get("/v1/openclaw/bots-models?refresh=true").await;
    c.envelope("E10.9", status, &body, 200, Some("success"));
    c.ty("E10.9", &body, "data.data.bots[].id", Ty::String);
    app.stop().await;
    c.finish();
}

// ---------------------------------------------------------------------------------------------
// E11–E15 and E19: one bot's lifecycle through the real CLI (add and delete take 15–25 s each)

/// `{code: 200, message: "success", data: {status: "success", message: "…"}}`.
fn bot_operation(c: &mut Contract, row: &str, status: u16, body: &Value) {
    c.envelope("C.4", status, body, 200, Some("success"));
    c.eq(row, body, "data.status", json!("success"));
    c.ty(row, body, "data.message", Ty::String);
}

#[tokio::test]
async fn seed_e11_to_e15_e19_bot_operations_answer_status_success() {
    let app = TestApp::start().await;
    let mut c = Contract::default();

    // The reference's own example ids: `bot_1`, `my_dev_lead`.
    let (status, body) = app.post("/v1/openclaw/bots/add", json!({"id": "bot_1", "model": "fakeai/other-model"})).await;
    assert!((200..300).contains(&status), "E11.1: the documented request {{id, model}} must create the bot: {body}");
    bot_operation(&mut c, "E11.2", status, &body);

    let (status, body) =
        app.post("/v1/openclaw/bots/update", json!({"id": "bot_1", "config": {"description": "Seed contract"}})).await;
    c.check("E12.1", (200..300).contains(&status), format_args!("{{id, config}} must be accepted: {}", short(&body)));
    bot_operation(&mut c, "E12.2", status, &body);

    let (status, body) = app.post("/v1/openclaw/bots/set-identity", json!({"id": "bot_1", "name": "New Name"})).await;
    c.check("E13.1", (200..300).contains(&status), format_args!("{{id, name}} must be accepted: {}", short(&body)));
    bot_operation(&mut c, "E13.2", status, &body);

    let (status, body) =
        app.post("/v1/openclaw/bots/set-model", json!({"id": "bot_1", "model": "fakeai/fake-model"})).await;
    c.check("E14.1", (200..300).contains(&status), format_args!("{{id, model}} must be accepted: {}", short(&body)));
    bot_operation(&mut c, "E14.2", status, &body);

    // E19: a template cloned into a new bot (`architect` is not one of Buddy's templates).
    let (status, body) =
        app.post("/v1/openclaw/bots/template", json!({"expertId": "code-reviewer", "newBotId": "my_dev_lead"})).await;
    c.check(
        "E19.1",
        (200..300).contains(&status),
        format_args!("{{expertId, newBotId}} must be accepted: {}", short(&body)),
    );
    c.envelope("C.4", status, &body, 200, Some("success"));

    let (status, body) = app.post("/v1/openclaw/bots/delete", json!({"id": "bot_1"})).await;
    c.check("E15.1", (200..300).contains(&status), format_args!("{{id}} must be accepted: {}", short(&body)));
    bot_operation(&mut c, "E15.2", status, &body);

    // Read back: bot_1 is gone, my_dev_lead is there.
    let listed = app.home.openclaw_json(&["agents", "list", "--json"]).await;
    let ids: Vec<&str> = listed.as_array().expect("agents").iter().filter_map(|a| a["id"].as_str()).collect();
    c.check("E15.1", !ids.contains(&"bot_1"), format_args!("OpenClaw still lists bot_1: {ids:?}"));
    c.check("E19.1", ids.contains(&"my_dev_lead"), format_args!("OpenClaw does not list my_dev_lead: {ids:?}"));

    app.stop().await;
    c.finish();
}

#[tokio::test]
async fn seed_curl_example_set_model_answers_as_documented() {
    let app = TestApp::start().await;
    let mut c = Contract::default();
    // The curl example at the end of the reference, with a model this install has.
    let resp = app
        .anonymous(Method::POST, "/v1/openclaw/bots/set-model")
        .header("Authorization", format!("Bearer {}", app.token))
        .header("Content-Type", "application/json")
        .body(
            r#"{
    "id": "main",
    "model": "fakeai/other-model"
  }"#,
        )
        .send()
        .await
        .expect("curl example");
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    c.envelope("X.1", status, &body, 200, Some("success"));
    c.eq("X.1", &body, "data.status", json!("success"));
    c.ty("X.1", &body, "data.message", Ty::String);
    app.stop().await;
    c.finish();
}

// ---------------------------------------------------------------------------------------------
// E16, E17

#[tokio::test]
async fn seed_e16_e17_workspace_files_default_to_soul_md() {
    let home = OpenClawHome::new();
    // The single `main` agent's workspace is OpenClaw's default one.
    let soul = home.state.join("workspace/SOUL.md");
    std::fs::create_dir_all(soul.parent().expect("workspace")).expect("workspace");
    std::fs::write(&soul, "# Soul\nseed contract").expect("SOUL.md");
    let app = TestApp::start_with(home, Options::default()).await;
    let mut c = Contract::default();

    let (status, body) = app.get("/v1/openclaw/bots/file?id=main").await;
    c.envelope("E16.1", status, &body, 200, Some("success"));
    c.eq("E16.2", &body, "data.content", json!("# Soul\nseed contract"));

    let (status, body) =
        app.post("/v1/openclaw/bots/file", json!({"id": "main", "content": "# Soul\nrewritten"})).await;
    c.envelope("E17.1", status, &body, 200, Some("success"));
    c.eq("E17.2", &body, "data.status", json!("success"));
    let on_disk = std::fs::read_to_string(&soul).unwrap_or_default();
    c.check("E17.1", on_disk == "# Soul\nrewritten", format_args!("{{id, content}} must write SOUL.md: {on_disk:?}"));

    app.stop().await;
    c.finish();
}

// ---------------------------------------------------------------------------------------------
// E25

#[tokio::test]
async fn seed_e25_test_direct_reports_latency_and_success() {
    let provider = FakeProvider::start().await;
    let home = OpenClawHome::new();
    let mut config = home.read_config();
    config["models"]["providers"]["fakeai"]["baseUrl"] = json!(provider.base_url());
    home.write_config(&config);
    let app = TestApp::start_with(home, Options::default()).await;
    let mut c = Contract::default();

    let (status, body) =
        app.post("/v1/openclaw/models/test-direct", json!({"providerName": "fakeai", "modelId": "fake-model"})).await;
    c.envelope("E25.1", status, &body, 200, Some("success"));
    c.ty("E25.2", &body, "data.latency", Ty::Integer);
    c.eq("E25.3", &body, "data.status", json!("success"));
    c.check(
        "E25.1",
        !provider.chat_requests().is_empty(),
        "Buddy itself must call the provider's baseUrl/chat/completions",
    );

    app.stop().await;
    c.finish();
}

// ---------------------------------------------------------------------------------------------
// E36, E37, E38

#[tokio::test]
async fn seed_e36_e37_e38_chat_switch_and_quick_commands() {
    let app = TestApp::start().await;
    let mut c = Contract::default();

    let (status, body) = app.get("/v1/openclaw/chat/status").await;
    c.envelope("E36", status, &body, 200, Some("success"));
    c.ty("E36.1", &body, "data.enabled", Ty::Boolean);

    let (status, body) = app.post("/v1/openclaw/chat/enable", json!({})).await;
    c.envelope("E37", status, &body, 200, None);
    c.eq("E37.1", &body, "data.status", json!("success"));
    c.ty("E37.1", &body, "data.message", Ty::String);
    let (_, after) = app.get("/v1/openclaw/chat/status").await;
    c.eq("E37.2", &after, "data.enabled", json!(true));

    let (status, body) = app.get("/v1/openclaw/chat/quick-commands").await;
    c.envelope("E38", status, &body, 200, Some("success"));
    c.ty("E38.1", &body, "data", Ty::Array);

    let (status, body) =
        app.post("/v1/openclaw/chat/quick-commands", json!({"name": "greet", "content": "Say hello"})).await;
    assert!((200..300).contains(&status), "E38.2: {{name, content}} must save a quick command: {body}");
    c.envelope("C.4", status, &body, 200, Some("success"));
    c.ty("E38.2", &body, "data.id", Ty::Integer);
    c.eq("E38.2", &body, "data.status", json!("success"));

    let id = body["data"]["id"].as_i64().unwrap_or(0);
    let (status, body) = app.delete(&format!("/v1/openclaw/chat/quick-commands/{id}")).await;
    c.envelope("E38.3", status, &body, 200, Some("success"));
    let (_, listed) = app.get("/v1/openclaw/chat/quick-commands").await;
    c.check("E38.3", listed["data"].as_array().is_some_and(Vec::is_empty), format_args!("deleted: {}", short(&listed)));

    app.stop().await;
    c.finish();
}

// ---------------------------------------------------------------------------------------------
// The overview table's methods and paths (rows without a documented reply shape)

#[tokio::test]
async fn seed_documented_methods_and_paths_are_served() {
    let app = TestApp::start().await;
    let mut c = Contract::default();
    // Harmless requests: reads, refusals of empty bodies, unknown ids. What matters is that the
    // route exists for the documented method (not the router's 404 or a 405).
    let cases: Vec<(&str, Method, &str, Option<Value>)> = vec![
        ("E06.1", Method::GET, "/v1/openclaw/bots/top", None),
        ("E07.1", Method::GET, "/v1/tasks/status", None),
        ("E18.1", Method::GET, "/v1/openclaw/experts", None),
        ("E20.1", Method::GET, "/v1/openclaw/models/config", None),
        ("E21.1", Method::POST, "/v1/openclaw/models/provider", Some(json!({}))),
        ("E22.1", Method::POST, "/v1/openclaw/models/provider/model", Some(json!({}))),
        ("E23.1", Method::DELETE, "/v1/openclaw/models/provider/nosuchprovider/model/nosuchmodel", None),
        ("E24.1", Method::POST, "/v1/openclaw/models/set-default", Some(json!({}))),
        ("E26.1", Method::GET, "/v1/openclaw/skills", None),
        ("E27.1", Method::DELETE, "/v1/openclaw/skills/no-such-skill", None),
        ("E28.1", Method::POST, "/v1/openclaw/skills/reload", Some(json!({}))),
        ("E29.1", Method::GET, "/v1/openclaw/plugins", None),
        ("E30.1", Method::POST, "/v1/openclaw/plugins/enable", Some(json!({"id": "wechat-control"}))),
        ("E31.1", Method::POST, "/v1/openclaw/plugins/disable", Some(json!({"id": "wechat-control"}))),
        ("E32.1", Method::POST, "/v1/openclaw/plugins/reload", Some(json!({}))),
        ("E34.1", Method::DELETE, "/v1/openclaw/plugins/no-such-plugin", None),
        ("E39.1", Method::GET, "/v1/openclaw/sessions", None),
        ("E41.1", Method::GET, "/v1/heal/events", None),
        ("E42.1", Method::GET, "/v1/heal/reports", None),
        ("E43.1", Method::GET, "/v1/heal/backups", None),
        ("E44.1", Method::GET, "/v1/heal/backups/openclaw.json.bak/diff", None),
    ];
    for (row, method, path, body) in cases {
        let (status, _, reply) = fetch(&app, method.clone(), path, body).await;
        c.check(row, routed(status, &reply), format_args!("{method} {path} is not served: {status} {}", short(&reply)));
        c.check(
            row,
            reply["code"].as_u64() == Some(u64::from(status)),
            format_args!("{method} {path}: not the envelope: {}", short(&reply)),
        );
    }
    // E30: the documented body {id} is the form Buddy reads: an unknown plugin is "not found",
    // not a malformed request.
    let (status, _, reply) =
        fetch(&app, Method::POST, "/v1/openclaw/plugins/enable", Some(json!({"id": "wechat-control"}))).await;
    c.check(
        "E30.1",
        status == 404,
        format_args!("{{id: \"wechat-control\"}} must be read as an unknown plugin: {status} {}", short(&reply)),
    );
    // E33: update every plugin, as a task.
    let (status, _, reply) = fetch(&app, Method::POST, "/v1/openclaw/plugins/update", Some(json!({}))).await;
    c.envelope("E33.1", status, &reply, 202, None);
    if let Some(id) = reply["data"]["taskID"].as_str() {
        app.wait_task(id, DEADLINE).await;
    }
    app.stop().await;
    c.finish();
}

// ---------------------------------------------------------------------------------------------
// E45, E46

#[tokio::test]
async fn seed_e45_e46_wechat_qr_login_and_binding_status() {
    let home = OpenClawHome::new();
    // `channels login` replays a recording of the real plugin; every other command is real.
    let wrapper = fake_login::write(home.dir.path(), &home.install.bin, &fake_login::fixture("login-qr.txt"));
    let app = TestApp::start_with(home, with(move |c| c.openclaw.bin = wrapper)).await;
    let mut c = Contract::default();

    let (status, body) = app.get("/v1/wechat/config/status").await;
    c.envelope("E46", status, &body, 200, Some("success"));
    c.ty_or_null("E46.1", &body, "data.appId", Ty::String);
    c.each("E46.2", &body, "data.lastSyncAt", "\"YYYY-MM-DD hh:mm:ss\" or null", |v| v.is_null() || is_seed_time(v));
    c.ty("E46.3", &body, "data.plugin.installed", Ty::Boolean);
    c.ty("E46.3", &body, "data.plugin.enabled", Ty::Boolean);

    // E45: one JSON reply…
    let (status, body) = app.get("/v1/wechat/qrcode").await;
    c.envelope("E45.1", status, &body, 200, Some("success"));
    c.ty("E45.1", &body, "data.status", Ty::String);
    // …or SSE on request.
    let resp = app
        .anonymous(Method::GET, "/v1/wechat/qrcode")
        .bearer_auth(&app.token)
        .header("accept", "text/event-stream")
        .send()
        .await
        .expect("sse");
    let content_type = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    c.check(
        "E45.2",
        resp.status() == 200 && content_type.starts_with("text/event-stream"),
        format_args!("SSE: {} {content_type}", resp.status()),
    );
    // Keep-alive comments (`:`) may come first; an event with the login's state follows.
    let mut stream = resp.bytes_stream();
    let mut text = String::new();
    let started = std::time::Instant::now();
    while !text.contains("data:") && started.elapsed() < Duration::from_secs(30) {
        match tokio::time::timeout(Duration::from_secs(30), stream.next()).await {
            Ok(Some(Ok(chunk))) => text.push_str(&String::from_utf8_lossy(&chunk)),
            _ => break,
        }
    }
    c.check("E45.2", text.contains("data:"), format_args!("an SSE event with the login's state: {text:?}"));
    drop(stream);
    let _ = app.delete("/v1/channels/openclaw-weixin/login").await;

    app.stop().await;
    c.finish();
}

// ---------------------------------------------------------------------------------------------
// E48–E50: the WebSockets accept the documented credentials (header or cookie)

#[tokio::test]
async fn seed_e48_e49_e50_websockets_accept_the_bearer_header_and_the_cookie() {
    let app = TestApp::start().await;
    let mut c = Contract::default();
    // The login cookie (a session POST /login opens for the token, never the token itself), sent
    // as the dashboard's browser sends it: with Buddy's own origin.
    let (pair, _) = app.login().await;
    for (row, path) in [("E48.1", "/v1/ws/logs"), ("E49.1", "/v1/ws/tui?cols=80&rows=24"), ("E50.1", "/v1/ws/shell")] {
        for (how, header, value) in
            [("C.1", "authorization", format!("Bearer {}", app.token)), ("C.2", "cookie", pair.clone())]
        {
            let mut request =
                format!("{}{path}", app.base.replace("http://", "ws://")).into_client_request().expect("request");
            request.headers_mut().insert(header, value.parse().expect("header"));
            if how == "C.2" {
                request.headers_mut().insert("origin", app.base.parse().expect("origin"));
            }
            let outcome =
                tokio::time::timeout(Duration::from_secs(60), tokio_tungstenite::connect_async(request)).await;
            let answer = match outcome {
                Ok(Ok((ws, resp))) => {
                    drop(ws);
                    resp.status().as_u16().to_string()
                }
                Ok(Err(tokio_tungstenite::tungstenite::Error::Http(resp))) => resp.status().as_u16().to_string(),
                Ok(Err(e)) => e.to_string(),
                Err(_) => "no answer in 60 s".into(),
            };
            c.check(row, answer == "101", format_args!("{path} with the {header} ({how}) must upgrade: {answer}"));
        }
    }
    app.stop().await;
    c.finish();
}

// ---------------------------------------------------------------------------------------------
// E40 start/restart/stop around a real gateway: E03 running, E05 samples, E35, E51, E06, E07, E39

async fn lifecycle(c: &mut Contract, app: &TestApp, action: &str, message: &str) -> Value {
    let (status, body) = app.post(&format!("/v1/gateway/{action}"), json!({})).await;
    c.envelope("E40.1", status, &body, 202, Some(message));
    c.ty("E40.2", &body, "data.taskID", Ty::String);
    let id = body["data"]["taskID"].as_str().unwrap_or_else(|| panic!("E40.2: no taskID for {action}: {body}"));
    app.wait_task(id, DEADLINE).await
}

#[tokio::test]
async fn seed_e40_gateway_lifecycle_and_the_routes_that_need_it_running() {
    let provider = FakeProvider::start().await;
    let home = OpenClawHome::new();
    let mut config = home.read_config();
    config["models"]["providers"]["fakeai"]["baseUrl"] = json!(provider.base_url());
    config["gateway"]["http"] = json!({"endpoints": {"chatCompletions": {"enabled": true}}});
    home.write_config(&config);
    let options = with(|c| {
        c.monitor.enabled = true;
        c.monitor.interval_ms = 1000;
        c.heal.enabled = false;
    });
    let app = TestApp::start_with(home, options).await;
    let mut c = Contract::default();

    let task = lifecycle(&mut c, &app, "start", "Start command initiated").await;
    assert_eq!(task["state"], "succeeded", "setup: the gateway must start: {task}");
    let (status, body) = app.get(&format!("/v1/tasks/status?id={}", task["id"].as_str().unwrap_or(""))).await;
    c.envelope("E07.1", status, &body, 200, Some("success"));

    // E03 with a running gateway: every documented field with its documented type.
    let body = wait_for("Buddy to see the gateway healthy", DEADLINE, || async {
        let (_, body) = app.get("/v1/openclaw/status").await;
        (body["data"]["health"] == "Healthy").then_some(body)
    })
    .await;
    c.ty("E03.1", &body, "data.version", Ty::String);
    c.eq("E03.2", &body, "data.status", json!("Running"));
    c.ty("E03.3", &body, "data.uptime", Ty::String);
    c.ty("E03.4", &body, "data.cpuPercent", Ty::Number);
    c.ty("E03.5", &body, "data.memoryMB", Ty::Number);
    c.ty("E03.6", &body, "data.diskUsagePercent", Ty::Number);
    c.each("E03.7", &body, "data.installedAt", "\"YYYY-MM-DD hh:mm:ss\"", is_seed_time);
    c.eq("E03.8", &body, "data.health", json!("Healthy"));

    // E35: a standard OpenAI request; Buddy adds the gateway's token.
    let chat = json!({"model": "openclaw/default", "messages": [{"role": "user", "content": "hi"}]});
    let (status, body) = app.post("/v1/openclaw/chat/completions", chat).await;
    c.check("E35.1", status == 200, format_args!("an OpenAI chat completion must succeed: {status} {}", short(&body)));
    c.eq("E35.1", &body, "object", json!("chat.completion"));
    c.ty("E35.1", &body, "choices[].message.content", Ty::String);
    c.check(
        "E35.2",
        !body.to_string().contains(&app.home.gateway_token),
        "the gateway token must not reach the client",
    );

    // E05: an "ok" sample has a whole number of milliseconds.
    let sample = wait_for("an ok health sample", DEADLINE, || async {
        let (_, body) = app.get("/v1/stats/health?bucket=raw").await;
        let points = body["data"].as_array().or(body["data"]["points"].as_array())?.clone();
        points.into_iter().rev().find(|p| p["status"] == "ok")
    })
    .await;
    c.ty("E05.4", &json!({"sample": sample}), "sample.response_time_ms", Ty::Integer);

    // E51: the Control UI through Buddy, embeddable.
    let resp = app.anonymous(Method::GET, "/v1/proxy/").bearer_auth(&app.token).send().await.expect("proxy");
    let frame = resp.headers().get("x-frame-options").map(|v| v.to_str().unwrap_or("").to_string());
    let csp = resp.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    c.check("E51.1", resp.status() == 200, format_args!("the Control UI through /v1/proxy/: {}", resp.status()));
    c.check(
        "E51.1",
        frame.is_none() && !csp.contains("frame-ancestors"),
        format_args!("X-Frame-Options {frame:?}, CSP {csp:?}"),
    );

    for (row, path) in [("E06.1", "/v1/openclaw/bots/top"), ("E39.1", "/v1/openclaw/sessions")] {
        let (status, body) = app.get(path).await;
        c.envelope(row, status, &body, 200, Some("success"));
    }

    let task = lifecycle(&mut c, &app, "restart", "Restart command initiated").await;
    c.check("E40.2", task["state"] == "succeeded", format_args!("restart: {}", short(&task)));
    let task = lifecycle(&mut c, &app, "stop", "Stop command initiated").await;
    c.check("E40.2", task["state"] == "succeeded", format_args!("stop: {}", short(&task)));

    app.stop().await;
    c.finish();
}
