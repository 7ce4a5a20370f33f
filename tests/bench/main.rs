//! `cargo bench -p buddy-tests`: side-by-side measurements printed as ratios.
//!
//! 1. E10 through Buddy (warm snapshot) vs `openclaw agents list --json` + `models list --json`.
//! 2. Authenticated `GET /v1/system/events` vs public `GET /health`: auth + envelope + SQLite.
//! 3. A module-backed route vs the same work as a native handler behind the same middleware,
//!    over HTTP, the bare dispatch (fresh instance + call + drop) in process, and what
//!    admission (approval and fair sharing) adds to each call.
//! 4. Start-up with every module from a cold vs a warm compile cache.
//!
//! 5. Management: E20 and E16 reads vs reading the files directly, and an E14 config write vs
//!    `openclaw config set` (`management.rs`).
//!
//! 6. A JavaScript module (ComponentizeJS, ~12 MiB) next to a Rust module: load with a cold and
//!    a warm compile cache, per-call cost and memory (`js.rs`).
//!
//! 7. Load: 32 clients for 60 s of mixed authenticated reads and config writes against the
//!    Buddy binary: errors, p50/p99, lost writes, RSS before/after (`load.rs`).
//!
//! 8. `auth`: authenticated, enveloped in-memory routes (E10, E36) vs `GET /health`, driven
//!    by a light keep-alive load generator (`keepalive.rs`) so the server's cost is what is
//!    compared.
//!
//! 9. `module-cache`: the experts module's template list from its reply cache vs the same
//!    list computed by the module on every request, both vs `GET /health` (`keepalive.rs`).
//!
//! 10. `rss`: the idle resident memory of the real binary after start with the built-in
//!     modules loaded, and where it goes (`rss.rs`).
//!
//! `cargo bench -p buddy-tests -- <name>` runs only the cases whose name contains `<name>`
//! (`e10`, `events`, `module`, `heal`, `management`, `startup`, `chat`, `js`, `load`, `auth`,
//! `module-cache`, `rss`).
//!
//! Needs the OpenClaw install of `tests/run.sh`. Figures vary with the machine; the ratios are
//! what to compare.

// Printing the figures is this program's output.
#![allow(clippy::print_stdout)]

mod chat;
mod heal;
mod js;
mod keepalive;
mod load;
mod management;
mod rss;
mod stats;

use std::time::{Duration, Instant};

use axum::routing::get;
use buddy_tests::{OpenClawHome, Options, TestApp};
use openclaw_buddy::api::middleware::auth::require_auth;
use stats::{Summary, rate};

fn main() {
    // The server runs in this process: the allocator as the binary sets it up, before any
    // thread starts.
    openclaw_buddy::memory::limit_arenas();
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime").block_on(run());
}

async fn run() {
    println!("OpenClaw Buddy benchmark (release build; one run, side by side)\n");
    // Cargo passes `--bench`; any other argument picks cases by name.
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let wants = |case: &str| filters.is_empty() || filters.iter().any(|f| case.contains(f.as_str()));
    if ["e10", "events", "module", "heal", "management", "auth", "module-cache"].iter().any(|c| wants(c)) {
        let app =
            TestApp::start_with(OpenClawHome::new(), Options { modules: vec!["hog"], ..Default::default() }).await;
        if wants("e10") {
            e10_vs_cli(&app).await;
        }
        if wants("events") {
            events_vs_health(&app).await;
        }
        if wants("module") {
            module_vs_native(&app).await;
        }
        if wants("heal") {
            heal::history_query(&app).await;
        }
        if wants("management") {
            management::run(&app).await;
        }
        if wants("auth") {
            auth_vs_health(&app).await;
        }
        if wants("module-cache") {
            module_cache_vs_health(&app).await;
        }
        app.stop().await;
    }
    if wants("rss") {
        rss::idle().await;
    }
    if wants("startup") {
        startup_cold_vs_warm().await;
    }
    if wants("heal") {
        heal::death_to_healthy(3).await;
    }
    if wants("chat") {
        chat::direct_vs_buddy().await;
    }
    if wants("js") {
        js::run().await;
    }
    if wants("load") {
        load::run().await;
    }
}

/// The server's `host:port`.
fn addr(app: &TestApp) -> String {
    app.base.trim_start_matches("http://").to_string()
}

async fn auth_vs_health(app: &TestApp) {
    let (s, _) = app.get("/v1/openclaw/bots-models").await;
    assert_eq!(s, 200);
    let token = Some(app.token.as_str());
    let routes = [("/health", None), ("/v1/openclaw/bots-models", token), ("/v1/openclaw/chat/status", token)];
    let addr = addr(app);
    keepalive::side_by_side(&addr, &routes, 1, Duration::from_secs(1)).await;
    let rounds = 9;
    let turns = keepalive::side_by_side(&addr, &routes, rounds, Duration::from_secs(1)).await;
    let (rates, ratios) = (&turns.rates, &turns.ratios);
    println!(
        "Authenticated in-memory routes vs /health ({} keep-alive connections, in turns, median of {rounds} rounds)",
        keepalive::CONNECTIONS
    );
    println!("  GET /health (public):                         {:.0} req/s", rates[0]);
    println!("  GET /v1/openclaw/bots-models (bearer, E10):   {:.0} req/s = {:.2}x of /health", rates[1], ratios[1]);
    println!("  GET /v1/openclaw/chat/status (bearer, E36):   {:.0} req/s = {:.2}x of /health\n", rates[2], ratios[2]);
}

async fn module_cache_vs_health(app: &TestApp) {
    let (s, body) = app.get("/v1/openclaw/experts?lang=en").await;
    assert_eq!(s, 200, "{body}");
    let token = Some(app.token.as_str());
    let addr = addr(app);
    // A query no other request has asked for misses the cache: the module runs (a fresh
    // instance reading and parsing every template), as every request did before the cache.
    let routes = [("/health", None), ("/v1/openclaw/experts?lang=en", token)];
    let turns = keepalive::side_by_side(&addr, &routes, 5, Duration::from_secs(1)).await;
    let uncached = keepalive::rps_unique(&addr, "/v1/openclaw/experts?lang=en&n=", token, Duration::from_secs(3)).await;
    let (health, cached) = (turns.rates[0], turns.rates[1]);
    println!("Experts template list (module route) vs /health ({} keep-alive connections)", keepalive::CONNECTIONS);
    println!("  GET /health (public):                               {health:.0} req/s");
    println!(
        "  experts?lang=en, module run each time (before):     {uncached:.0} req/s = {:.3}x of /health",
        uncached / health
    );
    println!(
        "  experts?lang=en, from the module's reply cache:     {cached:.0} req/s = {:.2}x of /health",
        turns.ratios[1]
    );
    println!("  before / after: {uncached:.0} -> {cached:.0} req/s ({:.0}x)\n", cached / uncached);
}

async fn e10_vs_cli(app: &TestApp) {
    let _ = app.get("/v1/openclaw/bots-models").await;
    let buddy = Summary::measure(500, || async {
        let (s, _) = app.get("/v1/openclaw/bots-models").await;
        assert_eq!(s, 200);
    })
    .await;
    let cli = Summary::measure(3, || async {
        app.home.openclaw_json(&["agents", "list", "--json"]).await;
        app.home.openclaw_json(&["models", "list", "--json"]).await;
    })
    .await;
    println!("E10 bots-models");
    println!("  through Buddy (warm):        {buddy}");
    println!("  openclaw agents+models list: {cli}");
    println!("  ratio (CLI / Buddy, p50):    {:.0}x\n", cli.p50.as_secs_f64() / buddy.p50.as_secs_f64());
}

async fn events_vs_health(app: &TestApp) {
    // Give the audit log some rows so the query does real work.
    let db = app.state().db.clone();
    db.call(|conn| {
        let tx = conn.transaction()?;
        for i in 0..5_000i64 {
            tx.execute(
                "INSERT INTO system_events (ts_ms, user, action, target, status, duration_ms, detail) VALUES (?1, 'bench', 'POST /x', 't', 200, 1, '')",
                [i],
            )?;
        }
        tx.commit()
    })
    .await
    .expect("seed events");
    let events = rate(Duration::from_secs(3), || async {
        let (s, _) = app.get("/v1/system/events?page_size=20").await;
        assert_eq!(s, 200);
    })
    .await;
    let health = rate(Duration::from_secs(3), || async {
        let r = app.anonymous(reqwest::Method::GET, "/health").send().await.expect("health");
        assert_eq!(r.status(), 200);
    })
    .await;
    println!("Throughput, 8 concurrent clients");
    println!("  GET /v1/system/events (auth + SQLite page of 20 from 5k rows): {events:.0} req/s");
    println!("  GET /health (public, no I/O):                                  {health:.0} req/s");
    println!("  ratio (health / events): {:.2}x\n", health / events);
}

async fn module_vs_native(app: &TestApp) {
    // The native twin of the `hog` fixture's GET /ok, behind the same auth middleware.
    let state = app.state().clone();
    let native = axum::Router::new()
        .route(
            "/v1/native/ok",
            get(|| async { axum::Json(serde_json::json!({"code": 200, "message": "success", "data": {"ok": true}})) }),
        )
        .layer(axum::middleware::from_fn_with_state(state.clone(), require_auth))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let native_base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, native).await });
    let client = reqwest::Client::builder().no_proxy().build().expect("client");
    let native_call = || {
        let (client, url, token) = (client.clone(), format!("{native_base}/v1/native/ok"), app.token.clone());
        async move {
            let r = client.get(url).bearer_auth(token).send().await.expect("native");
            assert_eq!(r.status(), 200);
            let _ = r.bytes().await;
        }
    };
    let module_call = || async {
        let (s, _) = app.get("/v1/fixture/hog/ok").await;
        assert_eq!(s, 200);
    };
    for _ in 0..50 {
        native_call().await;
        module_call().await;
    }
    let health_call = || async {
        let r = app.anonymous(reqwest::Method::GET, "/health").send().await.expect("health");
        assert_eq!(r.status(), 200);
        let _ = r.bytes().await;
    };
    let module = Summary::measure(2_000, module_call).await;
    let native = Summary::measure(2_000, native_call).await;
    let health = Summary::measure(2_000, health_call).await;
    let module_rps = rate(Duration::from_secs(3), module_call).await;
    let native_rps = rate(Duration::from_secs(3), native_call).await;
    let (bare_module, bare_native) = bare_dispatch(app).await;
    println!("Module route vs native handler (same JSON), over HTTP");
    println!("  module (fresh instance per request): {module}  {module_rps:.0} req/s (8 clients)");
    println!("  native handler:                      {native}  {native_rps:.0} req/s (8 clients)");
    println!("  native GET /health in the same app:  {health}  (public: no auth)");
    println!(
        "  added by module dispatch: p50 {:+.0} µs, p99 {:+.0} µs; throughput ratio {:.2}x\n",
        (module.p50.as_secs_f64() - native.p50.as_secs_f64()) * 1e6,
        (module.p99.as_secs_f64() - native.p99.as_secs_f64()) * 1e6,
        native_rps / module_rps
    );
    println!("  in process, no HTTP: module call {bare_module}");
    println!("                       native fn   {bare_native}");
    println!(
        "  module dispatch itself (fresh store + instantiate + call + drop): p50 {:+.0} µs over native\n",
        (bare_module.p50.as_secs_f64() - bare_native.p50.as_secs_f64()) * 1e6
    );
}

/// The module call without HTTP: a fresh instance + call + drop, against building the same
/// envelope natively.
async fn bare_dispatch(app: &TestApp) -> (Summary, Summary) {
    use buddy_runtime::Lookup;
    use buddy_runtime::types::Request;
    let state = app.state().clone();
    let Lookup::Found(module, path) = state.modules.lookup("GET", "/v1/fixture/hog/ok").await else {
        panic!("the hog fixture is loaded")
    };
    let request = || Request {
        method: "GET".into(),
        path: path.clone(),
        query: Vec::new(),
        headers: Vec::new(),
        body: Vec::new(),
    };
    let module_run = Summary::measure(5_000, || async {
        let reply = state.modules.call(&module, request()).await.expect("call");
        let data: serde_json::Value = serde_json::from_str(reply.data_json.as_deref().unwrap_or("null")).expect("json");
        std::hint::black_box(serde_json::json!({"code": reply.status, "message": "success", "data": data}).to_string());
    })
    .await;
    // What module trust adds to each call: admission (a concurrency permit and a memory
    // reservation, given back when the call ends). Approval is decided at load: nothing per call.
    let admission = Summary::measure(5_000, || async {
        state.modules.admission_probe(&module).expect("admitted");
    })
    .await;
    println!(
        "  approval and fair-sharing checks per call (admission + release): p50 {:.2} µs, p99 {:.2} µs",
        admission.p50.as_secs_f64() * 1e6,
        admission.p99.as_secs_f64() * 1e6
    );
    let native_run = Summary::measure(5_000, || async {
        let data = serde_json::json!({"ok": true});
        std::hint::black_box(serde_json::json!({"code": 200, "message": "success", "data": data}).to_string());
    })
    .await;
    (module_run, native_run)
}

async fn startup_cold_vs_warm() {
    let home = OpenClawHome::new();
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for round in 0..3 {
        let data = home.dir.path().join(format!("startup-{round}"));
        for label in ["cold", "warm", "warm"] {
            let config = openclaw_buddy::config::BuddyConfig {
                listen: "127.0.0.1:0".parse().expect("addr"),
                data_dir: data.clone(),
                token: Some("bench-token-0123456789".into()),
                openclaw: openclaw_buddy::config::OpenClawSettings {
                    bin: home.install.bin.clone(),
                    state_dir: Some(home.state.clone()),
                    config_path: Some(home.config.clone()),
                    env: home.cli_env(),
                    ..Default::default()
                },
                ..Default::default()
            };
            let started = Instant::now();
            let state = openclaw_buddy::server::build_state(config).await.expect("start");
            state.modules.load_all().await;
            let elapsed = started.elapsed();
            let reports = state.modules.reports().await;
            assert!(reports.iter().all(|r| r.status == "loaded"), "{reports:?}");
            let expected = if label == "cold" { "miss" } else { "hit" };
            assert!(reports.iter().all(|r| r.compile_cache == Some(expected)), "{label}: {reports:?}");
            if label == "cold" { cold.push(elapsed) } else { warm.push(elapsed) }
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (c, w) = (median(&mut cold), median(&mut warm));
    println!("Start-up with the built-in modules (database, token, snapshot, modules)");
    println!("  cold compile cache: {:.1} ms (median of {})", c.as_secs_f64() * 1e3, cold.len());
    println!("  warm compile cache: {:.1} ms (median of {})", w.as_secs_f64() * 1e3, warm.len());
    println!("  ratio (cold / warm): {:.1}x", c.as_secs_f64() / w.as_secs_f64());
}
