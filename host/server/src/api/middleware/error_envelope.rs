//! The envelope for every 405, 413 and 415, whoever produced it (a handler, an extractor, a
//! body limit, the router): a client that reads `code` and `message` never meets a bare
//! `text/plain` refusal. Gateway passthroughs (`/v1/proxy/*`) keep the gateway's own answer.

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::security_headers::is_proxied;
use crate::error::ApiError;

/// Rewrites a non-JSON 405/413/415 as the envelope, keeping its `Allow` header.
pub async fn envelope_refusals(request: Request, next: Next) -> Response {
    let proxied = is_proxied(request.uri().path());
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    if proxied || is_json {
        return response;
    }
    let error = match response.status() {
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed(format!("{method} is not allowed on {path}")),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge("body: request body is too large".into()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ApiError::UnsupportedMediaType("body: expected a JSON body with Content-Type: application/json".into())
        }
        _ => return response,
    };
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut enveloped = error.into_response();
    if let Some(allow) = allow {
        enveloped.headers_mut().insert(header::ALLOW, allow);
    }
    enveloped
}
