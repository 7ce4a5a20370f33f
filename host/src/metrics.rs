//! Prometheus metrics: a small registry of counters, gauges and histograms, rendered in the
//! text exposition format at `/metrics` (behind the token, or on `metrics.listen` for a
//! scraper on a private address). Process-wide, so the CLI runner and module runtime can count
//! without reaching for the application state.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};

/// Histogram buckets in seconds: from sub-millisecond module calls to minute-long CLI writes.
const BUCKETS: &[f64] =
    &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];

type Labels = Vec<(&'static str, String)>;

#[derive(Default)]
struct Histogram {
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

#[derive(Default)]
struct Registry {
    counters: BTreeMap<(&'static str, Labels), f64>,
    gauges: BTreeMap<(&'static str, Labels), f64>,
    histograms: BTreeMap<(&'static str, Labels), Histogram>,
}

fn registry() -> &'static Mutex<Registry> {
    static R: OnceLock<Mutex<Registry>> = OnceLock::new();
    R.get_or_init(Default::default)
}

fn with<T>(f: impl FnOnce(&mut Registry) -> T) -> T {
    f(&mut registry().lock().unwrap_or_else(|p| p.into_inner()))
}

/// What each metric means (`# HELP`), and its type.
const HELP: &[(&str, &str, &str)] = &[
    ("buddy_http_requests_total", "counter", "HTTP requests by method, route and status"),
    ("buddy_http_request_duration_seconds", "histogram", "HTTP request latency by method and route"),
    ("buddy_gateway_up", "gauge", "1 when the gateway answered /readyz at the last probe"),
    ("buddy_gateway_response_time_seconds", "gauge", "Round trip of the last gateway probe"),
    ("buddy_health_samples_total", "counter", "Gateway probes by status"),
    ("buddy_heal_events_total", "counter", "Self-heals by outcome"),
    ("buddy_module_calls_total", "counter", "WASM module calls by module and outcome (ok, trap, timeout, oom)"),
    ("buddy_module_call_duration_seconds", "histogram", "WASM module call latency by module"),
    ("buddy_cli_runs_total", "counter", "openclaw CLI runs by subcommand and outcome"),
    ("buddy_cli_run_duration_seconds", "histogram", "openclaw CLI run time by subcommand"),
];

/// Adds `by` to a counter.
pub fn add(name: &'static str, labels: Labels, by: f64) {
    with(|r| *r.counters.entry((name, labels)).or_default() += by);
}

/// Adds one to a counter.
pub fn inc(name: &'static str, labels: Labels) {
    add(name, labels, 1.0);
}

/// Sets a gauge.
pub fn set(name: &'static str, labels: Labels, value: f64) {
    with(|r| {
        r.gauges.insert((name, labels), value);
    });
}

/// Records one observation in a histogram.
pub fn observe(name: &'static str, labels: Labels, seconds: f64) {
    with(|r| {
        let h = r.histograms.entry((name, labels)).or_default();
        if h.counts.is_empty() {
            h.counts = vec![0; BUCKETS.len()];
        }
        for (i, b) in BUCKETS.iter().enumerate() {
            if seconds <= *b {
                h.counts[i] += 1;
            }
        }
        h.sum += seconds;
        h.count += 1;
    });
}

fn escape(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn label_text(labels: &Labels, extra: Option<(&str, String)>) -> String {
    let mut parts: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{}\"", escape(v))).collect();
    if let Some((k, v)) = extra {
        parts.push(format!("{k}=\"{v}\""));
    }
    if parts.is_empty() { String::new() } else { format!("{{{}}}", parts.join(",")) }
}

/// The exposition text.
pub fn render() -> String {
    with(|r| {
        let mut out = String::new();
        for (name, kind, help) in HELP {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
            for ((n, labels), v) in r.counters.iter().chain(r.gauges.iter()) {
                if n == name {
                    let _ = writeln!(out, "{name}{} {v}", label_text(labels, None));
                }
            }
            for ((n, labels), h) in &r.histograms {
                if n != name {
                    continue;
                }
                for (i, b) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "{name}_bucket{} {}",
                        label_text(labels, Some(("le", b.to_string()))),
                        h.counts[i]
                    );
                }
                let _ = writeln!(out, "{name}_bucket{} {}", label_text(labels, Some(("le", "+Inf".into()))), h.count);
                let _ = writeln!(out, "{name}_sum{} {}", label_text(labels, None), h.sum);
                let _ = writeln!(out, "{name}_count{} {}", label_text(labels, None), h.count);
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_exposition_format() {
        inc("buddy_heal_events_total", vec![("outcome", "test-\"q\"".into())]);
        observe("buddy_cli_run_duration_seconds", vec![("command", "unit-test".into())], 0.003);
        let text = render();
        assert!(text.contains("# TYPE buddy_heal_events_total counter"), "{text}");
        assert!(text.contains(r#"buddy_heal_events_total{outcome="test-\"q\""} 1"#), "{text}");
        assert!(text.contains(r#"buddy_cli_run_duration_seconds_bucket{command="unit-test",le="0.0025"} 0"#), "{text}");
        assert!(text.contains(r#"buddy_cli_run_duration_seconds_bucket{command="unit-test",le="0.005"} 1"#), "{text}");
        assert!(text.contains(r#"buddy_cli_run_duration_seconds_count{command="unit-test"} 1"#), "{text}");
    }
}
