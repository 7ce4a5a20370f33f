//! Idle resident memory of the real binary after start with the built-in modules loaded, and
//! where it goes: the binary's own pages, the heap, the wasmtime pools and compiled code, and
//! the rest, from `/proc/<pid>/smaps`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use buddy_tests::OpenClawHome;
use buddy_tests::process::BuddyProcess;

const BIN: &str = env!("CARGO_BIN_EXE_buddy-e2e");

/// The target, MiB.
const TARGET_MB: f64 = 40.0;

pub async fn idle() {
    let home = OpenClawHome::new();
    // The first start compiles the built-in modules (a cold compile cache); a restart loads
    // them from the cache, as every start after the first does.
    let (cold_idle, cold_served) = measure(&home).await;
    let (warm_idle, warm_served) = measure(&home).await;
    let total = |b: &BTreeMap<&'static str, u64>| b.values().sum::<u64>() as f64 / 1024.0;
    println!("Idle RSS of the binary with the built-in modules loaded (target {TARGET_MB:.0} MiB)");
    for (when, idle, served) in
        [("first start (compiles)", &cold_idle, &cold_served), ("restart (compile cache)", &warm_idle, &warm_served)]
    {
        println!(
            "  {when}: {:.1} MiB idle = {:.2}x of the target; after 400 requests: {:.1} MiB",
            total(idle),
            total(idle) / TARGET_MB,
            total(served)
        );
    }
    println!("  where it goes, first start / restart (idle):");
    for (what, kib) in &cold_idle {
        println!(
            "    {what:<44} {:>6.1} MiB / {:>6.1} MiB",
            *kib as f64 / 1024.0,
            warm_idle.get(what).copied().unwrap_or(0) as f64 / 1024.0
        );
    }
    println!();
}

/// Starts the binary, waits until its modules are loaded and it is idle, and returns where its
/// resident memory goes then and after serving 400 requests.
async fn measure(home: &OpenClawHome) -> (BTreeMap<&'static str, u64>, BTreeMap<&'static str, u64>) {
    let mut buddy = BuddyProcess::start(Path::new(BIN), home, "", &[]);
    let started = Instant::now();
    loop {
        let reply: serde_json::Value = buddy
            .request(reqwest::Method::GET, "/v1/modules")
            .send()
            .await
            .expect("modules")
            .json()
            .await
            .expect("json");
        if reply["runtime"]["loading"] == false {
            let loaded = reply["data"].as_array().map_or(0, |m| m.iter().filter(|m| m["status"] == "loaded").count());
            assert!(loaded >= 5, "the built-in modules load: {reply}");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "modules never finished loading");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Idle: whatever start-up left behind settles.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let pid = buddy.pid();
    let idle = breakdown(pid);
    // The same process after serving: the first calls of each module fault in their pools.
    for _ in 0..200 {
        let r = buddy.request(reqwest::Method::GET, "/v1/openclaw/experts?lang=en").send().await.expect("experts");
        assert_eq!(r.status(), 200);
        let r = buddy.request(reqwest::Method::GET, "/v1/openclaw/bots-models").send().await.expect("e10");
        assert_eq!(r.status(), 200);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let served = breakdown(pid);
    buddy.terminate(Duration::from_secs(30));
    (idle, served)
}

/// Resident KiB by kind of mapping.
fn breakdown(pid: u32) -> BTreeMap<&'static str, u64> {
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps")).expect("smaps");
    let mut out = BTreeMap::new();
    let mut kind = "other";
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let first = fields.next().unwrap_or_default();
        if first.contains('-') && first.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            let (perms, path) = (fields.next().unwrap_or_default(), fields.nth(3).unwrap_or_default());
            kind = classify(perms, path);
        } else if first == "Rss:" {
            *out.entry(kind).or_insert(0) += fields.next().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        }
    }
    out
}

fn classify(perms: &str, path: &str) -> &'static str {
    match path {
        p if p.contains("buddy-e2e") && perms.contains('x') => "binary code",
        p if p.contains("buddy-e2e") => "binary data (read-only and relocated)",
        "[heap]" => "heap (brk)",
        "[stack]" => "main thread stack",
        p if p.starts_with('/') && p.contains(".so") => "shared libraries",
        p if p.starts_with("/memfd") || p.contains("wasmtime") => "wasmtime (memfd images)",
        p if p.starts_with('/') => "other mapped files (compiled modules...)",
        "" if perms.contains('x') => "anonymous executable (JIT code)",
        _ => "anonymous (allocator arenas, pools, stacks)",
    }
}
