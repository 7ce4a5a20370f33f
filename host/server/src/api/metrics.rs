//! `GET /metrics`: Prometheus exposition text.

use axum::http::header;
use axum::response::IntoResponse;

/// Prometheus' text format.
pub async fn get_metrics() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], crate::metrics::render())
}
