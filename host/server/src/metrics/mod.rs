//! Prometheus metrics, on the `metrics` facade: the adapter (CLI runs, config writes and
//! validations), the module runtime (module calls and limit hits) and the server (requests,
//! gateway, heals, tasks, sessions) record through it without knowing the exporter; this
//! folder installs the process-wide Prometheus recorder once, with each family's help text and
//! buckets ([`families`]), and renders the text exposition format for `/metrics` (behind the
//! token, or on `metrics.listen` for a scraper on a private address).

pub mod families;
pub mod modules;

use std::sync::OnceLock;
use std::time::Duration;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use families::{FAMILIES, Kind};

/// How often histogram samples are folded into their buckets when nobody scrapes.
const UPKEEP: Duration = Duration::from_secs(5);

fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        // Explicit buckets per histogram family: without them the exporter renders summaries,
        // which cannot be aggregated across a fleet.
        let builder = FAMILIES.iter().filter(|f| f.kind == Kind::Histogram).fold(PrometheusBuilder::new(), |b, f| {
            b.set_buckets_for_metric(Matcher::Full(f.name.to_string()), f.buckets)
                .expect("every histogram family has buckets")
        });
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics shows none of its values");
        }
        families::describe();
        metrics::gauge!("buddy_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
        let upkeep = handle.clone();
        let _ = std::thread::Builder::new().name("metrics-upkeep".into()).spawn(move || {
            loop {
                std::thread::sleep(UPKEEP);
                upkeep.run_upkeep();
            }
        });
        handle
    })
}

/// Installs the recorder (once per process; later calls do nothing).
pub fn install() {
    handle();
}

/// The exposition text.
pub fn render() -> String {
    handle().render()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cells of METRICS.md's table under `heading`, header row excluded.
    fn spec_table(heading: &str) -> Vec<Vec<String>> {
        let text = include_str!("../../../../deploy/prometheus/METRICS.md");
        let section = text.split(&format!("\n## {heading}\n")).nth(1).expect("the section exists");
        let section = section.split("\n## ").next().unwrap_or(section);
        section
            .lines()
            .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
            .skip(1)
            .map(|l| l.trim().trim_matches('|').split('|').map(|c| c.trim().to_string()).collect())
            .collect()
    }

    fn ticked(cell: &str) -> String {
        cell.trim_matches('`').to_string()
    }

    #[test]
    fn the_families_are_those_of_metrics_md_with_its_types_help_and_buckets() {
        let spec = spec_table("Families");
        let names: Vec<String> = spec.iter().map(|row| ticked(&row[0])).collect();
        let ours: Vec<&str> = FAMILIES.iter().map(|f| f.name).collect();
        assert_eq!(names, ours, "the same families, in the same order");
        for (row, f) in spec.iter().zip(FAMILIES) {
            assert_eq!(row[1], f.kind.as_str(), "{}'s type", f.name);
            assert_eq!(row[3], f.help, "{}'s help", f.name);
        }
        let buckets = spec_table("Histogram buckets");
        for f in FAMILIES.iter().filter(|f| f.kind == Kind::Histogram) {
            let row = buckets.iter().find(|r| ticked(&r[0]) == f.name).expect("buckets in METRICS.md");
            let spec: Vec<f64> = row[1].split(',').map(|b| b.trim().parse().expect("a number")).collect();
            assert_eq!(spec, f.buckets, "{}'s buckets", f.name);
        }
        assert!(FAMILIES.iter().all(|f| (f.kind == Kind::Histogram) != f.buckets.is_empty()));
    }

    /// The sample lines of `family` in an exposition.
    fn samples<'a>(text: &'a str, series: &str) -> Vec<&'a str> {
        text.lines().filter(|l| l.starts_with(series)).collect()
    }

    #[test]
    fn renders_help_types_per_family_buckets_and_escaped_labels() {
        install();
        metrics::histogram!("buddy_cli_run_duration_seconds", "command" => "unit-test").record(0.3);
        metrics::histogram!("buddy_http_request_duration_seconds", "method" => "GET", "route" => "/unit-test")
            .record(0.003);
        metrics::counter!("buddy_heal_events_total", "outcome" => "unit-test-\"q\"").increment(1);
        let text = render();
        for f in FAMILIES.iter().filter(|f| matches!(f.name, "buddy_build_info" | "buddy_cli_run_duration_seconds")) {
            assert!(text.contains(&format!("# HELP {} {}\n", f.name, f.help)), "{}: {text}", f.name);
            assert!(text.contains(&format!("# TYPE {} {}\n", f.name, f.kind.as_str())), "{}: {text}", f.name);
        }
        assert!(text.contains(&format!("buddy_build_info{{version=\"{}\"}} 1\n", env!("CARGO_PKG_VERSION"))), "{text}");
        assert!(text.contains(r#"buddy_heal_events_total{outcome="unit-test-\"q\""} 1"#), "{text}");
        // Each histogram has its own buckets: a CLI run of 0.3 s is in 0.5 but not in 0.25.
        let cli = samples(&text, "buddy_cli_run_duration_seconds_bucket{command=\"unit-test\"");
        let les: Vec<&str> = cli.iter().filter_map(|l| l.split("le=\"").nth(1)?.split('"').next()).collect();
        assert_eq!(les.len(), 15, "14 bounds and +Inf: {cli:?}");
        assert_eq!((les[0], les[13], les[14]), ("0.25", "300", "+Inf"));
        assert!(cli.iter().any(|l| l.contains("le=\"0.25\"} 0")) && cli.iter().any(|l| l.contains("le=\"0.5\"} 1")));
        let http = samples(&text, "buddy_http_request_duration_seconds_bucket{method=\"GET\",route=\"/unit-test\"");
        assert_eq!(http.len(), 14, "13 bounds and +Inf: {http:?}");
        assert!(http[0].contains("le=\"0.005\"} 1"), "{http:?}");
    }
}
