//! A JavaScript module next to a Rust module: the same route (`GET /ok` answering
//! `{"ok": true}`) served by the Rust fixture `hog` and the JS fixture `js-hog`, and the hello
//! examples (`hello`, `hello-js`, a kv read and write per call).
//!
//! - load: compiling the component (cold compile cache) vs loading the cached artifact (warm),
//!   by reloading the module with and without its artifact;
//! - per call: over HTTP, and in process (fresh instance + call + drop);
//! - memory: component and compiled artifact sizes, the smallest `memory_mb` a call fits in,
//!   and the process's resident memory while 8 clients call the module.

use std::path::Path;
use std::time::{Duration, Instant};

use buddy_tests::{OpenClawHome, Options, TestApp, js_sdk};

use crate::stats::{Summary, rate};

/// One side of the comparison.
struct Side {
    label: &'static str,
    module: &'static str,
    ok_path: &'static str,
    hello: &'static str,
    hello_path: &'static str,
}

const RUST: Side = Side {
    label: "Rust",
    module: "hog",
    ok_path: "/v1/fixture/hog/ok",
    hello: "hello",
    hello_path: "/v1/hello/greet?name=b",
};
const JS: Side = Side {
    label: "JS",
    module: "js-hog",
    ok_path: "/v1/fixture/js-hog/ok",
    hello: "hello-js",
    hello_path: "/v1/hello-js/greet?name=b",
};

pub async fn run() {
    let options = Options {
        modules: vec!["hog", "hello"],
        built_modules: ["js-hog", "hello-js"].iter().map(|n| (n.to_string(), js_sdk::built(n))).collect(),
        shared_compile_cache: true,
        ..Default::default()
    };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    println!("JavaScript module (ComponentizeJS) vs Rust module, same routes");
    for side in [&RUST, &JS] {
        let wasm = app.data_dir.join("modules").join(side.module).join("module.wasm");
        let (cold, warm, artifact) = load_times(&app, side.module).await;
        println!(
            "  {:<4} {:<7} component {:>8}  compiled {:>8}  load cold {}  warm {}",
            side.label,
            side.module,
            size(std::fs::metadata(&wasm).map(|m| m.len()).unwrap_or(0)),
            size(artifact),
            ms(cold),
            ms(warm)
        );
    }
    for side in [&RUST, &JS] {
        for _ in 0..50 {
            call(&app, side.ok_path).await;
        }
        let http = Summary::measure(1_000, || call(&app, side.ok_path)).await;
        let hello = Summary::measure(300, || call(&app, side.hello_path)).await;
        let bare = bare_calls(&app, side.ok_path, 2_000).await;
        println!("  {:<4} GET /ok over HTTP:      {http}", side.label);
        println!("  {:<4} GET /ok in process:     {bare}   (fresh instance + call + drop)", side.label);
        println!("  {:<4} GET {} (kv get+set): {hello}", side.label, side.hello);
    }
    for side in [&RUST, &JS] {
        let fits = smallest_memory_limit(&app, side).await;
        let idle = rss_kib();
        let peak = std::sync::Mutex::new(idle);
        let rps = rate(Duration::from_secs(3), || async {
            call(&app, side.ok_path).await;
            let now = rss_kib();
            let mut p = peak.lock().expect("peak");
            *p = (*p).max(now);
        })
        .await;
        let peak = *peak.lock().expect("peak");
        println!(
            "  {:<4} smallest memory_mb for GET /ok: {fits} MiB; process RSS {} idle, {} peak with 8 clients ({rps:.0} req/s)",
            side.label,
            size(idle * 1024),
            size(peak * 1024)
        );
    }
    println!();
    app.stop().await;
}

async fn call(app: &TestApp, path: &str) {
    let (status, body) = app.get(path).await;
    assert_eq!(status, 200, "{path}: {body}");
}

/// Median cold and warm reload times and the compiled artifact's size.
async fn load_times(app: &TestApp, name: &str) -> (Duration, Duration, u64) {
    let state = app.state().clone();
    let cache = app.data_dir.join("cache/modules");
    let (mut cold, mut warm) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(&cache);
        let started = Instant::now();
        let report = state.modules.reload(name).await.expect("reload");
        cold.push(started.elapsed());
        assert_eq!((report.status, report.compile_cache), ("loaded", Some("miss")), "{name}: {report:?}");
        for _ in 0..3 {
            let started = Instant::now();
            let report = state.modules.reload(name).await.expect("reload");
            warm.push(started.elapsed());
            assert_eq!(report.compile_cache, Some("hit"), "{name}");
        }
    }
    (median(cold), median(warm), dir_size(&cache))
}

/// The module call without HTTP, as `bare_dispatch` in main.rs measures it.
async fn bare_calls(app: &TestApp, path: &str, n: usize) -> Summary {
    use buddy_runtime::Lookup;
    use buddy_runtime::types::Request;
    let state = app.state().clone();
    let Lookup::Found(module, rel) = state.modules.lookup("GET", path).await else { panic!("{path} is served") };
    Summary::measure(n, || async {
        let request = Request {
            method: "GET".into(),
            path: rel.clone(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Vec::new(),
        };
        let reply = state.modules.call(&module, request).await.expect("call");
        std::hint::black_box(reply);
    })
    .await
}

/// The smallest `memory_mb` (of 1, 2, 4, ... 64) with which GET /ok still answers; the manifest
/// is restored afterwards.
async fn smallest_memory_limit(app: &TestApp, side: &Side) -> u32 {
    let state = app.state().clone();
    let manifest = app.data_dir.join("modules").join(side.module).join("module.toml");
    let original = std::fs::read_to_string(&manifest).expect("manifest");
    let line = original.lines().find(|l| l.starts_with("memory_mb")).expect("memory_mb").to_string();
    let mut found = 0;
    for mb in [1, 2, 4, 8, 16, 32, 64] {
        std::fs::write(&manifest, original.replace(&line, &format!("memory_mb = {mb}"))).expect("write");
        // Another manifest is another module: it needs an approval, which starts it (or
        // fails, when the limit is too small to start).
        let report = match state.modules.reload(side.module).await {
            Ok(r) if r.status == "pending" => state.modules.approve(side.module, None, "bench").await,
            other => other,
        };
        if !report.is_ok_and(|r| r.status == "loaded") {
            continue;
        }
        let (status, _) = app.get(side.ok_path).await;
        if status == 200 {
            found = mb;
            break;
        }
    }
    std::fs::write(&manifest, original).expect("restore");
    state.modules.reload(side.module).await.expect("reload");
    assert!(found > 0, "{}: no limit up to 64 MiB fits", side.module);
    found
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map(|it| it.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum()).unwrap_or(0)
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:").map(|v| v.trim().trim_end_matches(" kB").trim().to_string()))
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / 1048576.0)
    } else {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}
