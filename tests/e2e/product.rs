//! The OpenAPI document covers every served route, and Prometheus metrics can be scraped and
//! move with traffic.

use buddy_tests::{OpenClawHome, Options, TestApp, free_port};
use openclaw_buddy::router::route_table;
use serde_json::Value;

fn normalize(path: &str) -> String {
    path.split('/')
        .map(|s| match s.strip_prefix(':').or_else(|| s.strip_prefix("{*").and_then(|r| r.strip_suffix('}'))) {
            Some(n) => format!("{{{n}}}"),
            None => s.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn the_openapi_document_lists_every_native_and_module_route() {
    let app = TestApp::start_with(OpenClawHome::new(), Options { modules: vec!["hello"], ..Default::default() }).await;
    let (status, doc) = app.get("/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    let has = |method: &str, path: &str| doc["paths"][normalize(path)][method.to_ascii_lowercase()].is_object();
    let mut checked = 0;
    for r in route_table() {
        assert!(has(r.method.as_str(), r.path), "{} {} is missing from the document", r.method, r.path);
        if r.is_public() {
            assert_eq!(
                doc["paths"][normalize(r.path)][r.method.as_str().to_ascii_lowercase()]["security"],
                serde_json::json!([])
            );
        }
        checked += 1;
    }
    let (_, modules) = app.get("/v1/modules").await;
    for m in modules["data"].as_array().expect("modules") {
        for r in m["routes"].as_array().expect("routes") {
            let (method, path) = (r["method"].as_str().expect("method"), r["path"].as_str().expect("path"));
            assert!(has(method, path), "module route {method} {path} is missing from the document");
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked} routes checked");
    assert!(has("GET", "/v1/hello/greet"), "a user module's routes are documented too");
    let page = app.anonymous(reqwest::Method::GET, "/v1/docs").bearer_auth(&app.token).send().await.expect("docs");
    assert!(page.text().await.expect("html").contains("/v1/openapi.json"));
    app.stop().await;
}

/// `docs/openapi.json` is the document a Buddy with its built-in modules serves: the dashboard's
/// API types are generated from that file, so a reply whose shape changes must change it too.
/// `BUDDY_UPDATE_OPENAPI=1` rewrites it from the served document.
#[tokio::test]
async fn the_committed_api_document_is_the_one_buddy_serves() {
    let app = TestApp::start().await;
    let (status, mut served) = app.get("/v1/openapi.json").await;
    assert_eq!(status, 200);
    // The version is the build's, not the contract's.
    served["info"]["version"] = Value::String("(version)".into());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/openapi.json");
    let text = format!("{}\n", serde_json::to_string_pretty(&served).expect("renders"));
    if std::env::var_os("BUDDY_UPDATE_OPENAPI").is_some_and(|v| v == "1") {
        std::fs::write(&path, &text).expect("write docs/openapi.json");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let committed: Value = serde_json::from_str(&committed).unwrap_or(Value::Null);
    app.stop().await;
    assert!(
        committed == served,
        "docs/openapi.json is not the document Buddy serves; run \
         `BUDDY_UPDATE_OPENAPI=1 cargo test --workspace --test e2e -- the_committed_api_document` \
         and rebuild (the dashboard's types are generated from it)"
    );
}

fn value(text: &str, series: &str) -> f64 {
    text.lines()
        .find(|l| l.starts_with(series))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test]
async fn prometheus_scrapes_metrics_that_move() {
    let port = free_port();
    let options = Options {
        configure: Some(Box::new(move |c| c.metrics.listen = Some(format!("127.0.0.1:{port}").parse().expect("addr")))),
        ..Default::default()
    };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let anonymous = app.anonymous(reqwest::Method::GET, "/metrics").send().await.expect("metrics");
    assert_eq!(anonymous.status(), 401, "the main address needs the token");
    let scrape = || async {
        let r = app.anonymous(reqwest::Method::GET, "/metrics").bearer_auth(&app.token).send().await.expect("scrape");
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"].to_str().expect("ascii").starts_with("text/plain"));
        r.text().await.expect("text")
    };
    let before = scrape().await;
    // Series of every loaded module, every known CLI subcommand, every heal outcome and the
    // gateway's gauges exist from start-up on (what the monitor, off here, measures is tested
    // in tests/metrics).
    for name in [
        "buddy_http_requests_total",
        "buddy_module_calls_total",
        "buddy_cli_runs_total",
        "buddy_gateway_up",
        "buddy_heal_events_total",
    ] {
        assert!(before.contains(&format!("# TYPE {name} ")), "{name} is declared");
    }
    let info = r#"buddy_http_requests_total{method="GET",route="/v1/system/info",status="200"}"#;
    let module = r#"buddy_module_calls_total{module="experts",outcome="ok"}"#;
    let cli = r#"buddy_cli_runs_total{command="--version",outcome="ok"}"#;
    let (_, _) = app.get("/v1/system/info").await;
    let (s, _): (u16, Value) = app.get("/v1/openclaw/experts").await;
    assert_eq!(s, 200);
    let (_, _) = app.get("/v1/openclaw/status").await;
    let after = scrape().await;
    assert!(value(&after, info) >= value(&before, info) + 1.0, "requests are counted");
    assert!(value(&after, module) >= value(&before, module) + 1.0, "module calls are counted");
    assert!(value(&after, cli) >= 1.0, "CLI runs are counted:\n{after}");
    assert!(
        after.contains(
            "buddy_http_request_duration_seconds_bucket{method=\"GET\",route=\"/v1/system/info\",le=\"+Inf\"}"
        )
    );

    let separate = reqwest::get(format!("http://127.0.0.1:{port}/metrics")).await.expect("separate address");
    assert_eq!(separate.status(), 200, "the scrape address needs no token");
    assert!(separate.text().await.expect("text").contains("buddy_http_requests_total"));
    app.stop().await;
}

/// The README's endpoint index: `(E-number, "METHOD path…", the files named)` per row.
fn readme_index() -> Vec<(String, String, Vec<String>)> {
    let readme = std::fs::read_to_string(buddy_tests::root().join("README.md")).expect("README.md");
    readme
        .lines()
        .filter(|l| l.len() > 6 && l.starts_with("| E") && l[3..5].bytes().all(|b| b.is_ascii_digit()))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            let files =
                cells[2].split('`').skip(1).step_by(2).filter(|f| f.ends_with(".rs")).map(str::to_string).collect();
            (cells[0].to_string(), cells[1].trim_matches('`').to_string(), files)
        })
        .collect()
}

#[test]
fn the_readme_indexes_every_numbered_route_and_the_files_that_serve_it() {
    let index = readme_index();
    let numbers: Vec<&str> = index.iter().map(|(e, _, _)| e.as_str()).collect();
    let expected: Vec<String> = (1..=51).map(|n| format!("E{n:02}")).collect();
    assert_eq!(numbers, expected, "one row per endpoint, E01 to E51, in order");
    for r in route_table() {
        let Some(number) = r.summary.split_whitespace().next().filter(|w| w.starts_with('E')) else { continue };
        let (_, method_path, _) = index.iter().find(|(e, _, _)| e == number).expect("numbered route indexed");
        let path_head = r.path.split("/{*").next().unwrap_or(r.path).trim_end_matches('/');
        assert!(
            method_path.contains(path_head),
            "README row {number} ({method_path}) does not name the route {} {}",
            r.method,
            r.path
        );
    }
    for (number, _, files) in &index {
        assert!(!files.is_empty(), "README row {number} names no file");
        for file in files {
            let path = if file.starts_with("modules/") {
                buddy_tests::root().join(file)
            } else {
                buddy_tests::root().join("host/server/src").join(file)
            };
            assert!(path.is_file(), "README row {number} names {file}, which does not exist");
        }
    }
}
