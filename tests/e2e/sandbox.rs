//! The sandbox, proven by fixtures that misbehave on purpose: each gets the documented clear
//! error and Buddy keeps serving.

use buddy_tests::{OpenClawHome, Options, TestApp, assert_envelope, fixtures};

async fn app_with(modules: Vec<&'static str>) -> TestApp {
    TestApp::start_with(OpenClawHome::new(), Options { modules, ..Default::default() }).await
}

#[tokio::test]
async fn a_module_that_loops_forever_is_stopped_at_its_cpu_budget() {
    let app = app_with(vec!["spin", "hello"]).await;
    let (status, body) = app.get("/v1/fixture/spin/run").await;
    assert_eq!(status, 504, "{body}");
    let message = assert_envelope(504, &body);
    assert!(message.contains("\"spin\"") && message.contains("CPU budget"), "{message}");
    let (status, body) = app.get("/v1/hello/greet?name=after").await;
    assert_eq!(status, 200, "Buddy keeps serving: {body}");
    let (status, _) = app.get("/health").await;
    assert_eq!(status, 200);
    app.stop().await;
}

#[tokio::test]
async fn a_module_that_allocates_past_its_limit_fails_cleanly_and_the_next_call_works() {
    let app = app_with(vec!["hog"]).await;
    let (status, body) = app.get("/v1/fixture/hog/run?mb=4").await;
    assert_eq!(status, 200, "within the limit: {body}");
    let (status, body) = app.get("/v1/fixture/hog/run?mb=64").await;
    assert_eq!(status, 500, "{body}");
    let message = assert_envelope(500, &body);
    assert!(
        message.contains("\"hog\"") && message.contains("out of memory") && message.contains("16 MiB"),
        "{message}"
    );
    let (status, body) = app.get("/v1/fixture/hog/ok").await;
    assert_eq!((status, &body["data"]["ok"]), (200, &serde_json::json!(true)));
    app.stop().await;
}

#[tokio::test]
async fn capabilities_without_a_grant_are_denied_as_values() {
    let app = app_with(vec!["greedy"]).await;
    let before = app.home.config_hash();
    let (status, body) = app.get("/v1/fixture/greedy/run").await;
    assert_eq!(status, 200, "a denial is a value the module handles, not a trap: {body}");
    for cap in ["kv", "cli", "config", "http", "events"] {
        let text = body["data"][cap].as_str().unwrap_or_default();
        assert!(text.contains("denied") && text.contains("greedy"), "{cap}: {text}");
    }
    assert_eq!(app.home.config_hash(), before);
    let events = app.events("user=module:greedy").await;
    assert_eq!(events.total, 0, "the denied event was not written");
    app.stop().await;
}

#[tokio::test]
async fn cli_and_config_calls_just_outside_the_grant_are_denied() {
    let app = app_with(vec!["sneaky"]).await;
    let (status, body) = app.get("/v1/fixture/sneaky/run").await;
    assert_eq!(status, 200, "{body}");
    for (label, text) in body["data"]["cli"].as_object().expect("cli") {
        assert!(text.as_str().is_some_and(|t| t.contains("denied")), "cli {label}: {text}");
    }
    for (label, text) in body["data"]["config"].as_object().expect("config") {
        assert!(text.as_str().is_some_and(|t| t.contains("denied")), "config {label}: {text}");
    }
    let (status, body) = app.get("/v1/fixture/sneaky/allowed").await;
    assert_eq!((status, &body["data"]["status"]), (200, &serde_json::json!(0)), "the granted command runs: {body}");
    app.stop().await;
}

#[tokio::test]
async fn files_outside_the_preopen_are_unreachable_and_ro_is_read_only() {
    let home = OpenClawHome::new();
    let data = home.dir.path().join("buddy-data/module-data/escape");
    std::fs::create_dir_all(&data).expect("module data");
    std::fs::write(data.join("seed.txt"), "seeded").expect("seed");
    let app = TestApp::start_with(home, Options { modules: vec!["escape"], ..Default::default() }).await;
    let (status, body) = app.get("/v1/fixture/escape/run").await;
    assert_eq!(status, 200, "{body}");
    let d = &body["data"];
    assert_eq!(d["seed"], "ok: seeded", "the preopen itself is readable: {body}");
    for key in ["dotdot", "absolute", "write"] {
        assert!(d[key].as_str().is_some_and(|t| t.starts_with("error")), "{key}: {}", d[key]);
    }
    assert!(!data.join("x.txt").exists());
    app.stop().await;
}

#[tokio::test]
async fn modules_that_cannot_load_are_reported_and_buddy_keeps_serving() {
    let bad_manifest = fixtures::manifest("hello")
        .replace("name = \"hello\"", "name = \"badgrants\"")
        .replace("[grants]", "[grants]\ncli = [[\"*\"]]\nfiles = [{ host = \"/etc\", guest = \"/etc\", mode = \"ro\" }]\nhttp = [\"anywhere\"]");
    let unknown_key = format!(
        "{}\nsuperpowers = true\n",
        fixtures::manifest("hello").replace("name = \"hello\"", "name = \"unknownkey\"")
    );
    let home = OpenClawHome::new();
    let options = Options {
        modules: vec!["stranger", "hello"],
        raw_modules: vec![("badgrants".into(), bad_manifest, "hello"), ("unknownkey".into(), unknown_key, "hello")],
        ..Default::default()
    };
    let app = TestApp::start_with(home, options).await;
    let (status, body) = app.get("/v1/modules").await;
    assert_eq!(status, 200);
    let find =
        |name: &str| body["data"].as_array().expect("list").iter().find(|m| m["name"] == name).cloned().expect(name);
    let stranger = find("stranger");
    assert_eq!(stranger["status"], "failed");
    assert!(
        stranger["error"].as_str().is_some_and(|e| e.contains("evil:extras/secrets") && e.contains("does not offer")),
        "{stranger}"
    );
    let bad = find("badgrants");
    let error = bad["error"].as_str().expect("error");
    assert!(
        error.contains("cli pattern") && error.contains("/etc") && error.contains("anywhere"),
        "every problem in one error: {error}"
    );
    assert!(find("unknownkey")["error"].as_str().is_some_and(|e| e.contains("superpowers")));
    assert_eq!(find("hello")["status"], "loaded");
    let (status, _) = app.get("/v1/fixture/stranger/run").await;
    assert_eq!(status, 404, "a failed module serves nothing");
    let (status, _) = app.get("/v1/hello/greet?name=x").await;
    assert_eq!(status, 200);
    app.stop().await;
}

#[tokio::test]
async fn a_reply_cache_is_refused_unless_it_names_the_module_s_own_get_routes_and_what_it_watches() {
    let hello = fixtures::manifest("hello");
    let unlisted = format!("{hello}\n[cache]\nroutes = [\"/nope\"]\ninvalidate = [\"writes\"]\n");
    let unwatched = format!(
        "{}\n[cache]\nroutes = [\"greet\"]\ninvalidate = [\"files\", \"clock\"]\n",
        hello.replace("name = \"hello\"", "name = \"cachebad\"")
    );
    let unfiled = format!(
        "{}\n[cache]\nroutes = [\"greet\"]\ninvalidate = [\"files\"]\n",
        hello.replace("name = \"hello\"", "name = \"cachenofiles\"")
    );
    let options = Options {
        raw_modules: vec![
            ("hello".into(), unlisted, "hello"),
            ("cachebad".into(), unwatched, "hello"),
            ("cachenofiles".into(), unfiled, "hello"),
        ],
        ..Default::default()
    };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let (_, body) = app.get("/v1/modules").await;
    let error = |name: &str| {
        let m = body["data"].as_array().expect("list").iter().find(|m| m["name"] == name).cloned().expect(name);
        assert_eq!(m["status"], "failed", "{m}");
        m["error"].as_str().expect("error").to_string()
    };
    let e = error("hello");
    assert!(e.contains("cache.routes") && e.contains("/nope") && e.contains("/greet"), "{e}");
    let e = error("cachebad");
    assert!(e.contains("clock") && e.contains("files") && e.contains("writes"), "{e}");
    let e = error("cachenofiles");
    assert!(e.contains("cache.routes") && e.contains("\"greet\"") && e.contains("needs a files grant"), "{e}");
    let (status, _) = app.get("/v1/hello/greet?name=x").await;
    assert_eq!(status, 404, "a refused module serves nothing");
    app.stop().await;
}
