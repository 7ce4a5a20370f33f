//! Prometheus metrics, on the `metrics` facade: the adapter (CLI runs), the module runtime
//! (module calls) and the server (requests, gateway, heals) record through it without knowing
//! the exporter; this file installs the process-wide Prometheus recorder once, describes the
//! families, and renders the text exposition format for `/metrics` (behind the token, or on
//! `metrics.listen` for a scraper on a private address).

use std::sync::OnceLock;
use std::time::Duration;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// Histogram buckets in seconds: from sub-millisecond module calls to minute-long CLI writes.
const BUCKETS: &[f64] =
    &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];

/// How often histogram samples are folded into their buckets when nobody scrapes.
const UPKEEP: Duration = Duration::from_secs(5);

fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new().set_buckets(BUCKETS).expect("the bucket list is not empty");
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics shows none of its values");
        }
        describe();
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

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_counter!("buddy_http_requests_total", "HTTP requests by method, route and status");
    describe_histogram!("buddy_http_request_duration_seconds", "HTTP request latency by method and route");
    describe_gauge!("buddy_gateway_up", "1 when the gateway answered /readyz at the last probe");
    describe_gauge!("buddy_gateway_response_time_seconds", "Round trip of the last gateway probe");
    describe_counter!("buddy_health_samples_total", "Gateway probes by status");
    describe_counter!("buddy_heal_events_total", "Self-heals by outcome");
    describe_counter!("buddy_module_calls_total", "WASM module calls by module and outcome (ok, trap, timeout, oom)");
    describe_histogram!("buddy_module_call_duration_seconds", "WASM module call latency by module");
    describe_counter!("buddy_cli_runs_total", "openclaw CLI runs by subcommand and outcome");
    describe_histogram!("buddy_cli_run_duration_seconds", "openclaw CLI run time by subcommand");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_exposition_format() {
        install();
        metrics::counter!("buddy_heal_events_total", "outcome" => "test-\"q\"").increment(1);
        metrics::histogram!("buddy_cli_run_duration_seconds", "command" => "unit-test").record(0.003);
        let text = render();
        assert!(text.contains("# TYPE buddy_heal_events_total counter"), "{text}");
        assert!(text.contains(r#"buddy_heal_events_total{outcome="test-\"q\""} 1"#), "{text}");
        assert!(text.contains(r#"buddy_cli_run_duration_seconds_bucket{command="unit-test",le="0.0025"} 0"#), "{text}");
        assert!(text.contains(r#"buddy_cli_run_duration_seconds_bucket{command="unit-test",le="0.005"} 1"#), "{text}");
        assert!(text.contains(r#"buddy_cli_run_duration_seconds_count{command="unit-test"} 1"#), "{text}");
    }
}
