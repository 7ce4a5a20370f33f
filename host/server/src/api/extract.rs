//! Extractors whose rejections go through [`ApiError`], so a bad body, query or path gets the
//! envelope with a message that names the field, never axum's plain-text rejection.

use axum::extract::FromRequest;
use axum::extract::FromRequestParts;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;

use crate::error::ApiError;

/// `axum::Json` with enveloped rejections.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

/// `axum::extract::Query` with enveloped rejections.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// `axum::extract::Path` with enveloped rejections.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let text = rejection.body_text();
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge("request body is too large".into()),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ApiError::UnsupportedMediaType("body: expected a JSON body with Content-Type: application/json".into())
            }
            _ => match rejection {
                JsonRejection::JsonDataError(_) => ApiError::BadRequest(format!("body: {}", strip_prefix(&text))),
                _ => ApiError::BadRequest(format!("body: invalid JSON: {}", strip_prefix(&text))),
            },
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadRequest(format!("query: {}", strip_prefix(&rejection.body_text())))
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::BadRequest(format!("path: {}", strip_prefix(&rejection.body_text())))
    }
}

/// A request's query as decoded name/value pairs, in order: for the few places that pass a
/// query on rather than parse it into a type (module requests, the WebSocket ticket).
pub fn query_pairs(uri: &axum::http::Uri) -> Vec<(String, String)> {
    uri.query().map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default()
}

/// axum prefixes serde's precise message ("missing field `id` at line 1…") with a generic
/// sentence; keep only the precise part.
fn strip_prefix(text: &str) -> &str {
    text.split_once(": ").map(|(_, rest)| rest).unwrap_or(text)
}

/// A JSON request body kept as bytes, for handlers that pass it on (the chat proxy) rather
/// than parse it into a type: the same 415 for another `Content-Type` and the same 413 past
/// [`MAX_BODY_BYTES`](super::limits::MAX_BODY_BYTES) as [`Json`], both in the envelope.
#[derive(Debug)]
pub struct JsonBytes(pub axum::body::Bytes);

/// Whether `headers` declare a JSON body (`application/json` or `application/<x>+json`).
pub fn is_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .is_some_and(|m| m == "application/json" || (m.starts_with("application/") && m.ends_with("+json")))
}

impl<S: Send + Sync> FromRequest<S> for JsonBytes {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, _state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(request.headers()) {
            return Err(ApiError::UnsupportedMediaType(
                "body: expected a JSON body with Content-Type: application/json".into(),
            ));
        }
        let limit = super::limits::MAX_BODY_BYTES;
        axum::body::to_bytes(request.into_body(), limit)
            .await
            .map(JsonBytes)
            .map_err(|_| ApiError::PayloadTooLarge(format!("body: larger than {limit} bytes")))
    }
}
