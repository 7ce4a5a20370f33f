//! A bounded loopback load test of the Buddy binary: 32 clients for 60 s (or
//! `BUDDY_BENCH_LOAD_SECS`), each sending authenticated reads (E10, E20, E09) and, one request
//! in five, an E14 config write to a bot of its own. It reports requests, errors, p50/p99
//! latency of reads and writes, whether every acknowledged write is in the final openclaw.json
//! (and OpenClaw still validates it), and Buddy's resident memory before and after.
//!
//! Buddy runs as its own process (the `buddy-e2e` binary with the built-in modules) so its
//! memory is its own and not the load generator's.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use buddy_tests::OpenClawHome;
use buddy_tests::process::BuddyProcess;
use serde_json::{Value, json};

use crate::stats::Summary;

const BIN: &str = env!("CARGO_BIN_EXE_buddy-e2e");
const CLIENTS: usize = 32;
/// One request in `WRITE_EVERY` is a config write.
const WRITE_EVERY: usize = 5;
const MODELS: [&str; 2] = ["fakeai/fake-model", "fakeai/other-model"];
const READS: [&str; 3] = ["/v1/openclaw/bots-models", "/v1/openclaw/models/config", "/v1/system/events?page_size=20"];

/// What one client did.
#[derive(Default)]
struct ClientRun {
    reads: Vec<Duration>,
    writes: Vec<Duration>,
    errors: Vec<String>,
    /// The model of the client's last acknowledged write.
    acked: Option<&'static str>,
}

/// A home whose roster has one bot per client (`load0`…`load31`).
fn home() -> OpenClawHome {
    let home = OpenClawHome::new();
    let mut config = home.read_config();
    config["agents"]["ownership"] = json!("explicit");
    config["agents"]["defaults"]["systemAgent"] = json!({"agentId": "main"});
    for i in 0..CLIENTS {
        config["agents"]["entries"][format!("load{i}")] = json!({"name": format!("load{i}")});
    }
    home.write_config(&config);
    home
}

/// VmRSS and VmHWM (peak) of a process, in MiB.
fn rss_mib(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(0.0, |kib| kib / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

async fn client(i: usize, http: reqwest::Client, base: String, token: String, stop: Arc<AtomicBool>) -> ClientRun {
    let mut run = ClientRun::default();
    let bot = format!("load{i}");
    let mut n = i;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let started = Instant::now();
        if n.is_multiple_of(WRITE_EVERY) {
            let model = MODELS[(n / WRITE_EVERY) % MODELS.len()];
            let sent = http
                .post(format!("{base}/v1/openclaw/bots/set-model"))
                .bearer_auth(&token)
                .json(&json!({"id": bot, "model": model}))
                .send()
                .await;
            match sent {
                Ok(r) if r.status().is_success() => {
                    let _ = r.bytes().await;
                    run.writes.push(started.elapsed());
                    run.acked = Some(model);
                }
                Ok(r) => run.errors.push(format!("E14 {}: {}", r.status(), r.text().await.unwrap_or_default())),
                Err(e) => run.errors.push(format!("E14: {e}")),
            }
        } else {
            let path = READS[n % READS.len()];
            match http.get(format!("{base}{path}")).bearer_auth(&token).send().await {
                Ok(r) if r.status().is_success() => {
                    let _ = r.bytes().await;
                    run.reads.push(started.elapsed());
                }
                Ok(r) => run.errors.push(format!("GET {path} {}: {}", r.status(), r.text().await.unwrap_or_default())),
                Err(e) => run.errors.push(format!("GET {path}: {e}")),
            }
        }
    }
    run
}

/// Runs the case and prints its figures.
pub async fn run() {
    let window = std::env::var("BUDDY_BENCH_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(Duration::from_secs(60), Duration::from_secs);
    let home = home();
    let buddy = BuddyProcess::start(Path::new(BIN), &home, "", &[]);
    let http = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(60)).build().expect("client");
    // Modules loaded and every route answering before the "before" figure.
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let r = http.get(format!("{}/v1/modules", buddy.base)).bearer_auth(&buddy.token).send().await;
        let body: Value = match r {
            Ok(r) => r.json().await.unwrap_or(Value::Null),
            Err(_) => Value::Null,
        };
        if body["runtime"]["loading"] == false || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for path in READS {
        let r = http.get(format!("{}{path}", buddy.base)).bearer_auth(&buddy.token).send().await.expect("warm-up");
        assert!(r.status().is_success(), "{path}: {}", r.status());
    }
    let (rss_before, _) = rss_mib(buddy.pid());

    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| tokio::spawn(client(i, http.clone(), buddy.base.clone(), buddy.token.clone(), stop.clone())))
        .collect();
    tokio::time::sleep(window).await;
    stop.store(true, Ordering::Relaxed);
    let mut runs = Vec::new();
    for c in clients {
        runs.push(c.await.expect("client"));
    }
    let elapsed = started.elapsed();
    let (rss_after, rss_peak) = rss_mib(buddy.pid());

    let config = home.read_config();
    let lost: Vec<String> = runs
        .iter()
        .enumerate()
        .filter_map(|(i, run)| {
            let on_disk = config["agents"]["entries"][format!("load{i}")]["model"].as_str();
            (run.acked.is_some() && on_disk != run.acked)
                .then(|| format!("load{i}: acknowledged {:?}, on disk {on_disk:?}", run.acked))
        })
        .collect();
    let reads: Vec<Duration> = runs.iter().flat_map(|r| r.reads.iter().copied()).collect();
    let writes: Vec<Duration> = runs.iter().flat_map(|r| r.writes.iter().copied()).collect();
    let errors: Vec<&String> = runs.iter().flat_map(|r| r.errors.iter()).collect();
    let all: Vec<Duration> = reads.iter().chain(writes.iter()).copied().collect();
    let requests = all.len() + errors.len();
    let validated = Instant::now();
    let (code, out, err) = home.openclaw(&["config", "validate", "--json"]).await;
    let valid = code == 0 && buddy_rules::extract_json(&out).is_some_and(|v| v["valid"] == true);
    let validate_secs = validated.elapsed().as_secs_f64();
    drop(buddy);

    println!(
        "Load: {CLIENTS} clients for {:.0} s on loopback against the Buddy binary (reads: E10, E20, E09; one request in {WRITE_EVERY} an E14 config write)",
        elapsed.as_secs_f64()
    );
    println!("  requests: {requests} ({:.0} req/s); errors: {}", requests as f64 / elapsed.as_secs_f64(), errors.len());
    for e in errors.iter().take(5) {
        println!("    error: {e}");
    }
    if !all.is_empty() {
        println!("  all:    {}", Summary::of(all));
    }
    if !reads.is_empty() {
        println!("  reads:  {}", Summary::of(reads));
    }
    if !writes.is_empty() {
        println!("  writes: {}", Summary::of(writes));
    }
    println!("  lost writes (acknowledged but not in the final openclaw.json): {}", lost.len());
    for l in lost.iter().take(5) {
        println!("    lost: {l}");
    }
    println!(
        "  openclaw config validate on the final file: {} ({validate_secs:.1} s)",
        if valid { "valid".to_string() } else { format!("REFUSED: {out}{err}") }
    );
    println!("  Buddy RSS: before {rss_before:.1} MiB, after {rss_after:.1} MiB (peak {rss_peak:.1} MiB)\n");
}
