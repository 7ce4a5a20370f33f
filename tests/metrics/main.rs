//! Buddy's `/metrics` against a real Buddy and the real OpenClaw: the exposition Prometheus'
//! own `promtool` and `deploy/prometheus/METRICS.md` accept, the families that follow modules,
//! config writes and validations, and labels no caller can multiply.
//!
//! A test binary of its own because the metrics recorder is process-wide: here one Buddy
//! records at a time (the tests take turns), so a test can count exactly what it caused.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use buddy_tests::{OpenClawHome, Options, TestApp, wait_for};
use openclaw_buddy::router::route_table;
use serde_json::json;

/// One test at a time: each counts what its own Buddy recorded.
static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// How long the monitor may take to finish its first round (OpenClaw's validator runs 2–8 s).
const MONITOR_DEADLINE: Duration = Duration::from_secs(180);

async fn scrape(app: &TestApp) -> String {
    let r = app.anonymous(reqwest::Method::GET, "/metrics").bearer_auth(&app.token).send().await.expect("scrape");
    assert_eq!(r.status(), 200);
    r.text().await.expect("text")
}

/// The value of one series (`name{labels}` exactly as exported), if exported.
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

/// Every series of an exposition, a histogram's buckets, sum and count as one.
fn series(text: &str) -> BTreeSet<String> {
    let histograms: Vec<&str> =
        text.lines().filter_map(|l| l.strip_prefix("# TYPE ")?.strip_suffix(" histogram")).collect();
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let key = l.rsplit_once(' ').map_or(l, |(k, _)| k);
            let (name, labels) = key.split_once('{').unwrap_or((key, ""));
            let family = histograms
                .iter()
                .find(|h| ["_bucket", "_sum", "_count"].iter().any(|s| name == format!("{h}{s}")))
                .map_or(name, |h| *h);
            let labels: Vec<&str> = labels.trim_end_matches('}').split(',').filter(|p| !p.starts_with("le=")).collect();
            format!("{family}{{{}}}", labels.join(","))
        })
        .collect()
}

/// The values a label takes anywhere in an exposition.
fn label_values(text: &str, label: &str) -> BTreeSet<String> {
    let needle = format!("{label}=\"");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| l.split(needle.as_str()).skip(1))
        .filter_map(|rest| rest.split('"').next().map(str::to_string))
        .collect()
}

/// Runs `program args` with `input` on stdin; returns (success, stdout and stderr).
fn run_with_input(program: &str, args: &[&str], input: &str) -> (bool, String) {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(buddy_tests::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program} (tests/run.sh installs it): {e}"));
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// `promtool check metrics` (Prometheus' own parser and linter) and METRICS.md's checker, with
/// nothing pending: every family, type, label, closed value, bucket and zero-started series.
fn assert_conforms(text: &str) {
    let (ok, out) = run_with_input("promtool", &["check", "metrics"], text);
    assert!(ok, "promtool check metrics refuses /metrics:\n{out}");
    let (ok, out) = run_with_input("python3", &["deploy/tools/metrics_spec.py", "check", "-"], text);
    assert!(ok, "/metrics does not match deploy/prometheus/METRICS.md:\n{out}");
}

/// Runs of OpenClaw's validator with `result` counted in `text` since `baseline`.
fn validations_since(baseline: &str, text: &str, result: &str) -> f64 {
    let series = format!("buddy_config_validations_total{{result=\"{result}\"}}");
    value(text, &series).unwrap_or(0.0) - value(baseline, &series).unwrap_or(0.0)
}

/// A Buddy whose monitor probes every `interval_ms`, without healing, serving `modules`, and
/// the exposition as it was just before it started.
async fn start(modules: Vec<&'static str>, interval_ms: u64) -> (TestApp, String) {
    openclaw_buddy::metrics::install();
    let baseline = openclaw_buddy::metrics::render();
    let options = Options {
        modules,
        configure: Some(Box::new(move |c| {
            c.monitor.enabled = true;
            c.monitor.interval_ms = interval_ms;
            c.heal.enabled = false;
        })),
        unchecked_replies: true,
        ..Default::default()
    };
    (TestApp::start_with(OpenClawHome::new(), options).await, baseline)
}

/// Waits for the monitor's first round, whose last step is OpenClaw's verdict on the config:
/// counted, and exported as `buddy_config_valid`.
async fn first_round(app: &TestApp, baseline: &str) -> String {
    wait_for("the monitor's first verdict on openclaw.json", MONITOR_DEADLINE, || async {
        let text = scrape(app).await;
        let verdict = match (validations_since(baseline, &text, "valid"), validations_since(baseline, &text, "invalid"))
        {
            (v, _) if v > 0.0 => 1.0,
            (_, i) if i > 0.0 => 0.0,
            _ => return None,
        };
        (value(&text, "buddy_config_valid") == Some(verdict)).then_some(text)
    })
    .await
}

/// Replaces openclaw.json at once (a rename), as an editor that saves safely does: the monitor
/// never reads half a file.
fn replace_config(home: &OpenClawHome, config: &serde_json::Value) {
    let tmp = home.config.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(config).expect("json")).expect("write");
    std::fs::rename(&tmp, &home.config).expect("rename");
}

#[tokio::test]
async fn the_exposition_passes_promtool_and_metrics_md_from_start_up() {
    let _turn = TURN.lock().await;
    let (app, baseline) = start(vec!["stranger"], 3_600_000).await;
    let text = first_round(&app, &baseline).await;
    assert_conforms(&text);
    assert_eq!(value(&text, "buddy_config_valid"), Some(1.0), "the minimal config is valid");
    assert_eq!(value(&text, "buddy_gateway_up"), Some(0.0), "no gateway runs");
    assert_eq!(value(&text, r#"buddy_openclaw_sessions{agent="main"}"#), Some(0.0), "{text}");
    assert_eq!(value(&text, r#"buddy_module_up{module="experts"}"#), Some(1.0));
    assert_eq!(value(&text, r#"buddy_module_up{module="stranger"}"#), Some(0.0), "it imports what Buddy lacks");
    assert_eq!(validations_since(&baseline, &text, "valid"), 1.0, "{text}");
    let version = label_values(&text, "version");
    let (_, out, _) = app.home.openclaw(&["--version"]).await;
    let openclaw = out.split_whitespace().nth(1).expect("OpenClaw <version>").to_string();
    assert_eq!(value(&text, &format!("openclaw_info{{version=\"{openclaw}\"}}")), Some(1.0), "{version:?}");
    app.stop().await;
}

#[tokio::test]
async fn module_calls_count_outcomes_and_limits_under_the_module_route() {
    let _turn = TURN.lock().await;
    let (app, _) = start(vec!["hello", "spin", "hog"], 3_600_000).await;
    let before = scrape(&app).await;
    let (status, _) = app.get("/v1/hello/greet?name=metrics").await;
    assert_eq!(status, 200);
    let (status, _) = app.get("/v1/fixture/spin/run").await;
    assert_eq!(status, 504, "stopped at its CPU budget");
    let (status, _) = app.get("/v1/fixture/hog/run?mb=64").await;
    assert_eq!(status, 500, "stopped at its memory cap");
    let after = scrape(&app).await;
    let moved = |series: &str| value(&after, series).unwrap_or(0.0) - value(&before, series).unwrap_or(0.0);
    for (series, by) in [
        (r#"buddy_module_calls_total{module="hello",outcome="ok"}"#, 1.0),
        (r#"buddy_module_calls_total{module="spin",outcome="timeout"}"#, 1.0),
        (r#"buddy_module_limit_hits_total{module="spin",limit="cpu"}"#, 1.0),
        (r#"buddy_module_calls_total{module="hog",outcome="oom"}"#, 1.0),
        (r#"buddy_module_limit_hits_total{module="hog",limit="memory"}"#, 1.0),
        (r#"buddy_module_limit_hits_total{module="hog",limit="cpu"}"#, 0.0),
        (r#"buddy_http_requests_total{method="GET",route="/v1/hello/*",status="200"}"#, 1.0),
        (r#"buddy_http_requests_total{method="GET",route="/v1/fixture/spin/*",status="504"}"#, 1.0),
    ] {
        assert_eq!(moved(series), by, "{series}:\n{after}");
    }
    let routes = label_values(&after, "route");
    assert!(!routes.iter().any(|r| r.contains("greet") || r.contains("run")), "no raw module path: {routes:?}");
    assert_conforms(&after);
    app.stop().await;
}

#[tokio::test]
async fn config_writes_validations_and_validity_are_counted() {
    let _turn = TURN.lock().await;
    let (app, baseline) = start(Vec::new(), 200).await;
    let before = first_round(&app, &baseline).await;
    let (status, body) =
        app.post("/v1/openclaw/bots/set-model", json!({"id": "main", "model": "fakeai/other-model"})).await;
    assert_eq!(status, 200, "{body}");
    let written = scrape(&app).await;
    let moved = |text: &str, series: &str| value(text, series).unwrap_or(0.0) - value(&before, series).unwrap_or(0.0);
    assert_eq!(moved(&written, r#"buddy_config_writes_total{outcome="ok"}"#), 1.0, "{written}");
    // The monitor sees the file change and asks OpenClaw about it.
    let judged = wait_for("the monitor to validate the written config", MONITOR_DEADLINE, || async {
        let text = scrape(&app).await;
        (moved(&text, r#"buddy_config_validations_total{result="valid"}"#) >= 1.0).then_some(text)
    })
    .await;
    assert_eq!(value(&judged, "buddy_config_valid"), Some(1.0));
    // A config OpenClaw rejects, written behind Buddy's back.
    let mut config = app.home.read_config();
    config["gateway"]["notAKnownKey"] = json!(true);
    replace_config(&app.home, &config);
    let rejected = wait_for("the monitor to find the config invalid", MONITOR_DEADLINE, || async {
        let text = scrape(&app).await;
        (value(&text, "buddy_config_valid") == Some(0.0)).then_some(text)
    })
    .await;
    assert_eq!(moved(&rejected, r#"buddy_config_validations_total{result="invalid"}"#), 1.0, "{rejected}");
    assert_eq!(moved(&rejected, r#"buddy_config_writes_total{outcome="error"}"#), 0.0);
    app.stop().await;
}

/// A small deterministic generator: the same requests on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn word(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len).map(|_| alphabet[self.below(alphabet.len())] as char).collect()
    }
}

/// 2,000 requests without a token, each with a random method (the seven known ones, odd
/// standard ones, made-up ones) and a random path (some under real prefixes, of native and
/// module routes), the way a scanner tries an address.
fn scanner_requests() -> Vec<(reqwest::Method, String)> {
    const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"];
    const PREFIXES: &[&str] = &["", "", "", "/v1", "/v1/openclaw", "/v1/hello", "/v1/heal/backups", "/v1/wechat"];
    let path_chars = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    (0..2000)
        .map(|_| {
            let method = match rng.below(METHODS.len() + 3) {
                i if i < METHODS.len() => METHODS[i].to_string(),
                _ => {
                    let len = 3 + rng.below(8);
                    rng.word(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", len)
                }
            };
            let mut path = PREFIXES[rng.below(PREFIXES.len())].to_string();
            for _ in 0..1 + rng.below(5) {
                let len = 1 + rng.below(16);
                path.push('/');
                path.push_str(&rng.word(path_chars, len));
            }
            if rng.below(4) == 0 {
                let len = 1 + rng.below(20);
                path.push_str(&format!("?{}={}", rng.word(path_chars, 4), rng.word(path_chars, len)));
            }
            (reqwest::Method::from_bytes(method.as_bytes()).expect("a method token"), path)
        })
        .collect()
}

#[tokio::test]
async fn unauthenticated_requests_with_random_methods_and_paths_add_only_a_handful_of_series() {
    use futures_util::StreamExt;

    let _turn = TURN.lock().await;
    let (app, baseline) = start(vec!["hello"], 3_600_000).await;
    first_round(&app, &baseline).await;
    let _ = scrape(&app).await; // the scrape itself is counted from the next one on
    let before = scrape(&app).await;
    let requests = scanner_requests();
    let statuses: Vec<u16> = futures_util::stream::iter(requests)
        .map(|(method, path)| {
            let request = app.anonymous(method, &path);
            async move { request.send().await.map(|r| r.status().as_u16()).unwrap_or(0) }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    assert_eq!(statuses.len(), 2000);
    let refused = statuses.iter().filter(|s| **s == 401).count();
    assert_eq!(refused, 2000, "every request is refused for lack of the token: {statuses:?}");
    let after = scrape(&app).await;

    let new: Vec<String> = series(&after).difference(&series(&before)).cloned().collect();
    let growth = after.lines().count().saturating_sub(before.lines().count());
    // Every path is `unmatched` (nothing was authenticated, so no module was even looked up),
    // every refusal a 401, the method one of 8: 2 families × 8 methods, and in lines a counter
    // and a histogram (13 buckets, +Inf, sum and count) per method.
    assert!(new.len() <= 16, "{} new series (of {} before):\n{}", new.len(), series(&before).len(), new.join("\n"));
    assert!(
        growth <= 8 * 17,
        "/metrics grew by {growth} lines, from {} to {}",
        before.lines().count(),
        after.lines().count()
    );

    // What the new series say, joined as one text for the label helpers.
    let added = new.join("\n");
    let (_, modules) = app.get("/v1/modules").await;
    let mut allowed: BTreeSet<String> = route_table().iter().map(|r| r.path.to_string()).collect();
    allowed.extend(
        modules["data"]
            .as_array()
            .expect("modules")
            .iter()
            .filter_map(|m| Some(format!("{}/*", m["prefix"].as_str()?))),
    );
    allowed.insert("unmatched".into());
    let routes = label_values(&added, "route");
    let outside: Vec<&String> = routes.difference(&allowed).collect();
    assert!(outside.is_empty(), "routes outside the table and the modules: {outside:?}");
    let methods: BTreeSet<String> =
        ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"].iter().map(|m| m.to_string()).collect();
    let seen = label_values(&added, "method");
    assert!(seen.is_subset(&methods) && seen.contains("other"), "methods: {seen:?}");
    assert_conforms(&after);
    app.stop().await;
}
