//! Module trust (issue 12): each attack is a fixture module in `tests/guests/` run against a
//! real Buddy, refused while Buddy keeps serving: `/health`, a built-in module route and an
//! approved third-party module (`hello`) answer within 1 s during every attack.

use std::time::{Duration, Instant};

use buddy_tests::{OpenClawHome, Options, TestApp, assert_envelope, fixtures};
use serde_json::{Value, json};

/// The one timing bound of these tests, and a generous one: Buddy must keep answering.
const SERVING: Duration = Duration::from_secs(1);

/// The report of module `name` in `GET /v1/modules`.
async fn report(app: &TestApp, name: &str) -> Value {
    let (status, body) = app.get("/v1/modules").await;
    assert_eq!(status, 200, "{body}");
    body["data"].as_array().expect("list").iter().find(|m| m["name"] == name).cloned().unwrap_or(Value::Null)
}

/// `/health`, the built-in experts module and the approved `hello` answer 200 within [`SERVING`].
async fn assert_serving(app: &TestApp, during: &str) {
    for path in ["/health", "/v1/openclaw/experts?lang=en", "/v1/hello/greet?name=during"] {
        let started = Instant::now();
        let (status, body) = app.get(path).await;
        let took = started.elapsed();
        assert_eq!(status, 200, "{path} during {during}: {body}");
        assert!(took < SERVING, "{path} took {took:?} during {during}");
    }
}

fn with_hello(mut modules: Vec<&'static str>) -> Vec<&'static str> {
    modules.push("hello");
    modules
}

#[tokio::test]
async fn a_third_party_module_serves_only_once_approved_and_a_change_needs_approval_again() {
    let options = Options { modules: with_hello(vec!["peek"]), unapproved: vec!["peek"], ..Default::default() };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let peek = report(&app, "peek").await;
    assert_eq!(peek["status"], "pending", "{peek}");
    let digest = peek["digest"].as_str().expect("digest").to_string();
    assert!(digest.starts_with("sha256:") && digest.len() == 71, "{digest}");
    assert_eq!(peek["requestedGrants"]["config"][0]["pointer"], "/models/providers", "{peek}");
    let (status, body) = app.get("/v1/fixture/peek/get?pointer=/gateway").await;
    assert_eq!(status, 503, "{body}");
    assert!(assert_envelope(503, &body).contains("pending approval"), "{body}");
    assert_serving(&app, "a pending module").await;

    // What the operator reviewed must be what is approved.
    let (status, body) = app.post("/v1/modules/peek/approve", json!({"digest": "sha256:nope"})).await;
    assert_eq!(status, 400, "{body}");
    assert!(assert_envelope(400, &body).contains("digest"), "{body}");
    let other = format!("sha256:{}", "0".repeat(64));
    let (status, body) = app.post("/v1/modules/peek/approve", json!({ "digest": other })).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(report(&app, "peek").await["status"], "pending");
    let (status, body) = app.post("/v1/modules/peek/approve", json!({ "digest": digest })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["data"]["status"].as_str(), body["data"]["trust"]["kind"].as_str()),
        (Some("loaded"), Some("approved"))
    );
    let (status, body) = app.get("/v1/fixture/peek/get?pointer=/gateway/mode").await;
    assert_eq!((status, &body["data"]["value"]), (200, &json!("local")), "{body}");
    let (status, body) = app.post("/v1/modules/skills/approve", json!({})).await;
    assert_eq!(status, 409, "a built-in needs no approval: {body}");

    // Other grants are another module: pending again, with the old approval shown.
    let manifest = app.data_dir.join("modules/peek/module.toml");
    let widened = fixtures::manifest("peek").replace("pointer = \"/gateway\"", "pointer = \"/channels\"");
    std::fs::write(&manifest, &widened).expect("edit manifest");
    let (status, body) = app.post("/v1/modules/peek/reload", json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["status"], "pending", "{body}");
    assert_eq!(body["data"]["approval"]["digest"], json!(digest), "{body}");
    let (status, _) = app.get("/v1/fixture/peek/get?pointer=/gateway").await;
    assert_eq!(status, 503, "routes stop until approved again");
    let (status, body) = app.post("/v1/modules/peek/approve", json!({})).await;
    assert_eq!((status, body["data"]["status"].as_str()), (200, Some("loaded")), "{body}");

    // Disabled: its routes stop at once, and stay stopped across a reload; enabled: serving.
    let (status, body) = app.post("/v1/modules/peek/disable", json!({})).await;
    assert_eq!((status, body["data"]["status"].as_str()), (200, Some("disabled")), "{body}");
    let (status, body) = app.get("/v1/fixture/peek/get?pointer=/channels").await;
    assert_eq!(status, 503, "{body}");
    assert!(assert_envelope(503, &body).contains("disabled"), "{body}");
    let (_, body) = app.post("/v1/modules/peek/reload", json!({})).await;
    assert_eq!(body["data"]["status"], "disabled", "{body}");
    let (status, body) = app.post("/v1/modules/peek/enable", json!({})).await;
    assert_eq!((status, body["data"]["status"].as_str()), (200, Some("loaded")), "{body}");

    // A load that fails is an error naming why, never 200.
    std::fs::write(&manifest, format!("{widened}\nsuperpowers = true\n")).expect("break manifest");
    let (status, body) = app.post("/v1/modules/peek/reload", json!({})).await;
    assert_eq!(status, 422, "{body}");
    assert!(assert_envelope(422, &body).contains("superpowers"), "{body}");
    std::fs::write(&manifest, &widened).expect("repair manifest");
    let (status, body) = app.post("/v1/modules/peek/reload", json!({})).await;
    assert_eq!((status, body["data"]["status"].as_str()), (200, Some("loaded")), "the approval still holds: {body}");

    // Deleted: routes stop at once, files and approval are gone.
    let (status, body) = app.delete("/v1/modules/peek").await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = app.get("/v1/fixture/peek/get?pointer=/channels").await;
    assert_eq!(status, 404);
    assert!(!app.data_dir.join("modules/peek").exists());
    assert_eq!(report(&app, "peek").await, Value::Null);
    let (status, _) = app.delete("/v1/modules/skills").await;
    assert_eq!(status, 409, "a built-in is disabled, never deleted");

    let events = app.events("target=peek&page_size=50").await;
    let actions: Vec<&str> = events.items.iter().filter_map(|e| e["action"].as_str()).collect();
    for action in [
        "POST /v1/modules/{name}/approve",
        "POST /v1/modules/{name}/disable",
        "POST /v1/modules/{name}/enable",
        "DELETE /v1/modules/{name}",
    ] {
        assert!(actions.contains(&action), "{action} audited: {actions:?}");
    }
    assert_serving(&app, "the lifecycle").await;
    app.stop().await;
}

#[tokio::test]
async fn a_module_folder_deleted_then_reloaded_stops_serving_and_approvals_outlive_a_restart() {
    let options = Options { modules: with_hello(vec!["sleeper"]), unapproved: vec!["sleeper"], ..Default::default() };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let (status, body) = app.post("/v1/modules/sleeper/approve", json!({})).await;
    assert_eq!(status, 200, "{body}");
    let home = app.stop_keeping_home().await;
    let app = TestApp::start_with(home, Options { unapproved: vec!["sleeper"], ..Default::default() }).await;
    let (status, body) = app.get("/v1/fixture/sleeper/ok").await;
    assert_eq!(status, 200, "the approval is kept in the database: {body}");
    std::fs::remove_dir_all(app.data_dir.join("modules/sleeper")).expect("delete folder");
    let (status, body) = app.post("/v1/modules/sleeper/reload", json!({})).await;
    assert_eq!(status, 404, "{body}");
    let (status, _) = app.get("/v1/fixture/sleeper/ok").await;
    assert_eq!(status, 404, "its routes stopped");
    app.stop().await;
}

#[tokio::test]
async fn modules_installed_through_the_api_are_checked_and_compiled_first_then_pending() {
    let app = TestApp::start_with(OpenClawHome::new(), Options { modules: vec!["hello"], ..Default::default() }).await;
    let wasm = base64_encode(&std::fs::read(fixtures::wasm("peek")).expect("wasm"));
    let manifest = fixtures::manifest("peek");

    let (status, body) = app.post("/v1/modules", json!({"manifest": manifest, "wasm": "not base64!"})).await;
    assert_eq!(status, 400, "{body}");
    assert!(assert_envelope(400, &body).contains("wasm"), "{body}");
    let (status, body) =
        app.post("/v1/modules", json!({"manifest": manifest, "wasm": base64_encode(b"\0asm junk")})).await;
    assert_eq!(status, 422, "{body}");
    let forbidden = manifest.replace("pointer = \"/gateway\"", "pointer = \"/\"");
    let (status, body) = app.post("/v1/modules", json!({"manifest": forbidden, "wasm": wasm})).await;
    assert_eq!(status, 422, "{body}");
    assert!(assert_envelope(422, &body).contains("whole of openclaw.json"), "{body}");
    assert!(!app.data_dir.join("modules/peek").exists(), "nothing written for a refused module");

    let (status, body) = app.post("/v1/modules", json!({"manifest": manifest, "wasm": wasm})).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["data"]["status"], "pending", "{body}");
    assert!(app.data_dir.join("modules/peek/module.wasm").is_file());
    let (status, _) = app.post("/v1/modules", json!({"manifest": manifest, "wasm": wasm})).await;
    assert_eq!(status, 409, "already installed");
    let (status, body) = app.post("/v1/modules/peek/approve", json!({})).await;
    assert_eq!((status, body["data"]["status"].as_str()), (200, Some("loaded")), "{body}");
    let (status, _) = app.get("/v1/fixture/peek/get?pointer=/gateway/mode").await;
    assert_eq!(status, 200);
    app.stop().await;
}

fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[tokio::test]
async fn grants_that_defeat_the_sandbox_are_refused_at_load_naming_why() {
    let peek = fixtures::manifest("peek");
    let variant = |name: &str, pointer: &str| {
        peek.replace("name = \"peek\"", &format!("name = \"{name}\""))
            .replace("\"/gateway\"", &format!("\"{pointer}\""))
    };
    let agents = fixtures::manifest("state-grab")
        .replace("name = \"state-grab\"", "name = \"agents-grab\"")
        .replace("\"$OPENCLAW_STATE\"", "\"$OPENCLAW_STATE/agents\"");
    let options = Options {
        modules: with_hello(vec!["state-grab"]),
        raw_modules: vec![
            ("peek-root".into(), variant("peek-root", "/"), "peek"),
            ("peek-all".into(), variant("peek-all", ""), "peek"),
            ("agents-grab".into(), agents, "state-grab"),
        ],
        ..Default::default()
    };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let before = app.home.config_hash();
    let grab = report(&app, "state-grab").await;
    assert_eq!(grab["status"], "failed", "refused even though approved by digest: {grab}");
    let error = grab["error"].as_str().expect("error");
    assert!(error.contains("$OPENCLAW_STATE") && error.contains("no module may reach"), "{error}");
    let agents = report(&app, "agents-grab").await;
    assert!(agents["error"].as_str().is_some_and(|e| e.contains("agents' stores")), "{agents}");
    for name in ["peek-root", "peek-all"] {
        let r = report(&app, name).await;
        assert_eq!(r["status"], "failed", "{r}");
        assert!(r["error"].as_str().is_some_and(|e| e.contains("whole of openclaw.json")), "{r}");
    }
    let (status, _) = app.get("/v1/fixture/state-grab/run").await;
    assert_eq!(status, 404, "a refused module serves nothing");
    assert_eq!(app.home.config_hash(), before);
    assert_serving(&app, "refused grants").await;
    app.stop().await;
}

#[tokio::test]
async fn config_reads_are_masked_unless_an_approved_secrets_grant_names_the_pointer() {
    let app =
        TestApp::start_with(OpenClawHome::new(), Options { modules: with_hello(vec!["peek"]), ..Default::default() })
            .await;
    let (status, body) = app.get("/v1/fixture/peek/get?pointer=/models/providers").await;
    assert_eq!(status, 200, "{body}");
    let text = body["data"]["value"].to_string();
    assert!(!text.contains("sk-fake-test-key") && text.contains("***") && text.contains("127.0.0.1:18999"), "{text}");
    let (_, body) = app.get("/v1/fixture/peek/get?pointer=/gateway/auth/token").await;
    assert_eq!(body["data"]["value"], "***", "masked by where it sits: {body}");

    // A secrets grant is a change of grants: pending until approved, then exactly that pointer.
    let granted = format!("{}secrets = [\"/models/providers/fakeai/apiKey\"]\n", fixtures::manifest("peek"));
    std::fs::write(app.data_dir.join("modules/peek/module.toml"), granted).expect("manifest");
    let (_, body) = app.post("/v1/modules/peek/reload", json!({})).await;
    assert_eq!(body["data"]["status"], "pending", "{body}");
    let (status, body) = app.post("/v1/modules/peek/approve", json!({})).await;
    assert_eq!(status, 200, "{body}");
    let (_, body) = app.get("/v1/fixture/peek/get?pointer=/models/providers/fakeai").await;
    assert_eq!(body["data"]["value"]["apiKey"], "sk-fake-test-key", "{body}");
    let (_, body) = app.get("/v1/fixture/peek/get?pointer=/gateway/auth/token").await;
    assert_eq!(body["data"]["value"], "***", "{body}");
    app.stop().await;
}

#[tokio::test]
async fn a_module_that_sleeps_while_describing_itself_cannot_delay_start_up() {
    let options = Options { modules: with_hello(vec!["slow-start"]), no_wait_for_modules: true, ..Default::default() };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let started = Instant::now();
    let (status, _) = app.get("/health").await;
    assert!(status == 200 && started.elapsed() < SERVING, "Buddy listens at once");
    // While modules load, a route that may be a module's answers 503 "loading", never 404.
    let (status, body) = app.get("/v1/fixture/slow-start/ok").await;
    let (_, list) = app.get("/v1/modules").await;
    if status == 503 {
        assert!(assert_envelope(503, &body).contains("loading"), "{body}");
    } else {
        assert_eq!((status, &list["runtime"]["loading"]), (404, &json!(false)), "{body}");
    }
    // hello sorts before slow-start: it serves while slow-start is being described.
    buddy_tests::wait_for("hello loaded", Duration::from_secs(120), || async {
        (report(&app, "hello").await["status"] == "loaded").then_some(())
    })
    .await;
    assert_serving(&app, "start-up").await;
    app.state().modules.wait_ready().await;
    let slow = report(&app, "slow-start").await;
    assert_eq!(slow["status"], "failed", "{slow}");
    let error = slow["error"].as_str().expect("error");
    assert!(error.contains("wall-clock") && error.contains("describe()"), "{error}");
    let (status, _) = app.get("/v1/fixture/slow-start/ok").await;
    assert_eq!(status, 404);
    assert_serving(&app, "after start-up").await;
    app.stop().await;
}

#[tokio::test]
async fn a_sleeping_call_is_cut_off_at_its_wall_clock_limit_while_buddy_keeps_serving() {
    let app = TestApp::start_with(
        OpenClawHome::new(),
        Options { modules: with_hello(vec!["sleeper"]), ..Default::default() },
    )
    .await;
    let sleeping = {
        let (client, url, token) =
            (app.client.clone(), format!("{}/v1/fixture/sleeper/sleep?ms=600000", app.base), app.token.clone());
        tokio::spawn(async move {
            let response = client.get(url).bearer_auth(token).send().await.expect("request");
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.expect("json"))
        })
    };
    // The attack is running once it holds its share of the memory budget.
    buddy_tests::wait_for("the sleeping call", Duration::from_secs(30), || async {
        let (_, body) = app.get("/v1/modules").await;
        (body["runtime"]["memory"]["inUseMb"].as_u64() > Some(0)).then_some(())
    })
    .await;
    assert_serving(&app, "a sleeping call").await;
    let (status, body) = sleeping.await.expect("join");
    assert_eq!(status, 504, "{body}");
    let message = assert_envelope(504, &body);
    assert!(message.contains("wall-clock limit of 3000 ms") && message.contains("sleeping count"), "{message}");
    app.stop().await;
}

#[tokio::test]
async fn one_module_can_exhaust_only_its_own_share_of_calls_and_memory() {
    // Calls end at 15 s (not 3 s), so the held calls surely outlast the checks made meanwhile.
    let manifest = fixtures::manifest("sleeper").replace("wall_ms = 3000", "wall_ms = 15000");
    let app = TestApp::start_with(
        OpenClawHome::new(),
        Options {
            modules: vec!["hello"],
            raw_modules: vec![("sleeper".into(), manifest, "sleeper")],
            configure: Some(Box::new(|c| c.modules.memory_budget_mb = 256)),
            ..Default::default()
        },
    )
    .await;
    // Four calls (its concurrency) hold 4 × 32 MiB: exactly the half of the budget one module
    // may hold.
    let mut held = Vec::new();
    for _ in 0..4 {
        let (client, url, token) =
            (app.client.clone(), format!("{}/v1/fixture/sleeper/hold?mb=8&ms=600000", app.base), app.token.clone());
        held.push(tokio::spawn(async move {
            client.get(url).bearer_auth(token).send().await.expect("request").status().as_u16()
        }));
    }
    buddy_tests::wait_for("four calls admitted", Duration::from_secs(30), || async {
        let (_, body) = app.get("/v1/modules").await;
        (body["runtime"]["memory"]["inUseMb"].as_u64() == Some(128)).then_some(())
    })
    .await;
    for n in 0..5 {
        let (status, body) = app.get("/v1/fixture/sleeper/ok").await;
        assert_eq!(status, 503, "call {n} past its share: {body}");
        let message = assert_envelope(503, &body);
        assert!(message.contains("\"sleeper\"") && message.contains("4 calls at once"), "{message}");
    }
    assert_serving(&app, "a module using all its calls").await;
    for call in held {
        assert_eq!(call.await.expect("join"), 504, "each held call ends at the wall-clock limit");
    }
    let (status, _) = app.get("/v1/fixture/sleeper/ok").await;
    assert_eq!(status, 200, "its share is given back");
    app.stop().await;
}

#[tokio::test]
async fn the_memory_budget_refuses_the_module_that_would_exceed_it() {
    let manifest = fixtures::manifest("sleeper")
        .replace("memory_mb = 32", "memory_mb = 60")
        .replace("wall_ms = 3000", "wall_ms = 15000");
    let app = TestApp::start_with(
        OpenClawHome::new(),
        Options {
            modules: vec!["hello"],
            raw_modules: vec![("sleeper".into(), manifest, "sleeper")],
            configure: Some(Box::new(|c| c.modules.memory_budget_mb = 128)),
            ..Default::default()
        },
    )
    .await;
    // 60 MiB per call, at most half of 128 MiB per module: one call at a time.
    let (client, url, token) =
        (app.client.clone(), format!("{}/v1/fixture/sleeper/hold?mb=40&ms=600000", app.base), app.token.clone());
    let holding =
        tokio::spawn(async move { client.get(url).bearer_auth(token).send().await.expect("request").status() });
    buddy_tests::wait_for("the holding call", Duration::from_secs(30), || async {
        let (_, body) = app.get("/v1/modules").await;
        (body["runtime"]["memory"]["inUseMb"].as_u64() == Some(60)).then_some(())
    })
    .await;
    let (status, body) = app.get("/v1/fixture/sleeper/ok").await;
    assert_eq!(status, 503, "{body}");
    let message = assert_envelope(503, &body);
    assert!(message.contains("memory budget") && message.contains("128 MiB"), "{message}");
    assert_serving(&app, "a module holding its memory").await;
    assert_eq!(holding.await.expect("join").as_u16(), 504);
    app.stop().await;
}

#[tokio::test]
async fn a_reply_larger_than_the_cap_is_refused_before_it_is_copied() {
    let app = TestApp::start_with(
        OpenClawHome::new(),
        Options { modules: with_hello(vec!["sleeper"]), ..Default::default() },
    )
    .await;
    let (status, body) = app.get("/v1/fixture/sleeper/big?kb=32").await;
    assert_eq!(status, 200, "within the cap");
    assert_eq!(body["data"]["filler"].as_str().map(str::len), Some(32 * 1024));
    let (status, body) = app.get("/v1/fixture/sleeper/big?kb=4096").await;
    assert_eq!(status, 502, "{}", &body.to_string()[..body.to_string().len().min(400)]);
    let message = assert_envelope(502, &body);
    assert!(message.contains("reply_kb") && message.contains("65536"), "{message}");
    assert_serving(&app, "an oversized reply").await;
    app.stop().await;
}

#[tokio::test]
async fn a_module_cannot_squat_a_built_in_prefix_whatever_the_load_order() {
    let app = TestApp::start_with(
        OpenClawHome::new(),
        Options { modules: with_hello(vec!["aaa-squat"]), ..Default::default() },
    )
    .await;
    let squat = report(&app, "aaa-squat").await;
    assert_eq!(squat["status"], "failed", "{squat}");
    let error = squat["error"].as_str().expect("error");
    assert!(error.contains("/v1/openclaw/skills") && error.contains("built-in module \"skills\""), "{error}");
    assert_eq!(report(&app, "skills").await["status"], "loaded");
    let paths: Vec<String> = report(&app, "skills").await["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .filter_map(|r| r["path"].as_str().map(str::to_string))
        .collect();
    assert!(paths.iter().any(|p| p.starts_with("/v1/openclaw/skills")), "{paths:?}");
    assert_serving(&app, "a squatter").await;
    app.stop().await;
}

#[tokio::test]
async fn a_module_built_against_wit_0_1_0_before_this_change_still_loads_once_approved() {
    // The component as built before this change, kept in the repository.
    let fixture = buddy_tests::root().join("tests/fixtures/wit-0.1.0");
    let home = OpenClawHome::new();
    let dir = home.dir.path().join("buddy-data/modules/hello");
    std::fs::create_dir_all(&dir).expect("module dir");
    std::fs::copy(fixture.join("module.toml"), dir.join("module.toml")).expect("manifest");
    std::fs::copy(fixture.join("hello.wasm"), dir.join("module.wasm")).expect("wasm");
    let app = TestApp::start_with(home, Options { unapproved: vec!["hello"], ..Default::default() }).await;
    assert_eq!(report(&app, "hello").await["status"], "pending");
    let (status, body) = app.post("/v1/modules/hello/approve", json!({})).await;
    assert_eq!((status, body["data"]["witVersion"].as_str()), (200, Some("0.1.0")), "{body}");
    let (status, body) = app.get("/v1/hello/greet?name=Ada").await;
    assert_eq!((status, &body["data"]["greeting"]), (200, &json!("Hello, Ada!")), "{body}");
    app.stop().await;
}
