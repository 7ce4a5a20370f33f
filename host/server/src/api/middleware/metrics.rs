//! Counts every request and its latency by method and route pattern (not raw path, which would
//! make one series per bot id).

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;

/// The metrics middleware.
pub async fn track(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string()).unwrap_or_else(|| {
        // Module routes and unknown paths share the fallback: keep the first two segments.
        let path = request.uri().path();
        let head: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).take(3).collect();
        format!("/{}", head.join("/"))
    });
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("buddy_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("buddy_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed());
    response
}
