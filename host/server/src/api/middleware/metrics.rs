//! Counts every request and its latency by method, route and status, with labels a caller
//! cannot multiply: the route is the route table's pattern (never the raw path, which would
//! make one series per bot id, or per path a scanner tries before it has even authenticated),
//! a module's prefix plus `/*`, or `unmatched`; the method is one of seven or `other`.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

/// The `route` of a request no route pattern matched: an unknown path, or one refused before
/// it reached the module serving it.
pub const UNMATCHED: &str = "unmatched";

/// Set on a response by a handler that serves many paths under one name (the module
/// dispatcher: a module's prefix plus `/*`), to be counted under that name.
#[derive(Debug, Clone)]
pub struct RouteLabel(pub String);

/// The bounded `method` label.
pub fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The metrics middleware.
pub async fn track(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let pattern = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string());
    let response = next.run(request).await;
    let route = pattern
        .or_else(|| response.extensions().get::<RouteLabel>().map(|r| r.0.clone()))
        .unwrap_or_else(|| UNMATCHED.to_string());
    let status = response.status().as_u16().to_string();
    metrics::counter!("buddy_http_requests_total", "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("buddy_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_outside_the_seven_are_other() {
        for (method, label) in [("GET", "GET"), ("HEAD", "HEAD"), ("DELETE", "DELETE"), ("OPTIONS", "OPTIONS")] {
            assert_eq!(method_label(&Method::from_bytes(method.as_bytes()).expect("method")), label);
        }
        for odd in ["TRACE", "CONNECT", "PROPFIND", "X7QZ", "get"] {
            assert_eq!(method_label(&Method::from_bytes(odd.as_bytes()).expect("method")), "other", "{odd}");
        }
    }
}
