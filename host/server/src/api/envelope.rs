//! Buddy's envelope, `{"code": <HTTP status>, "message": "...", "data": ...}`, built here and
//! nowhere else: successes ([`Envelope`]), errors ([`ApiError`], answered with the status it
//! maps to) and module replies (their data embedded as the module's JSON text, never parsed
//! into a tree) all go through [`respond`] or [`respond_raw`].

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::{ApiError, ErrorDetail};

#[derive(Serialize)]
struct Body<'a, T: Serialize, X: Serialize> {
    code: u16,
    message: &'a str,
    data: &'a T,
    /// Fields beside the envelope's own (an OpenAI-style `error` on passthrough routes).
    #[serde(flatten)]
    extra: Option<&'a X>,
}

/// The envelope as a response: `status`, `message` and `data` (`()` for `null`).
pub fn respond<T: Serialize>(status: StatusCode, message: &str, data: &T) -> Response {
    respond_with::<T, ()>(status, message, data, None)
}

/// [`respond`] with more top-level fields beside `code`, `message` and `data` (`extra` must
/// serialize as a map).
pub fn respond_with<T: Serialize, X: Serialize>(
    status: StatusCode,
    message: &str,
    data: &T,
    extra: Option<&X>,
) -> Response {
    match serde_json::to_vec(&Body { code: status.as_u16(), message, data, extra }) {
        Ok(bytes) => json_response(status, bytes),
        Err(e) => ApiError::Opaque(e.into()).into_response(),
    }
}

/// The envelope around `data_json`, JSON text the caller checked is one JSON value (a module's
/// reply): it is copied in as it is.
pub fn respond_raw(status: StatusCode, message: &str, data_json: &str) -> Response {
    let message = match serde_json::to_string(message) {
        Ok(m) => m,
        Err(e) => return ApiError::Opaque(e.into()).into_response(),
    };
    let mut bytes = Vec::with_capacity(data_json.len() + message.len() + 32);
    bytes.extend_from_slice(format!("{{\"code\":{},\"message\":{message},\"data\":", status.as_u16()).as_bytes());
    bytes.extend_from_slice(data_json.as_bytes());
    bytes.push(b'}');
    json_response(status, bytes)
}

/// An enveloped reply serialized once and served many times (a reply that only changes with
/// the state it is computed from keeps its bytes; each request clones a reference to them).
#[derive(Debug, Clone)]
pub struct Rendered(bytes::Bytes);

impl Rendered {
    /// `data` as a 200 `success` envelope.
    pub fn ok<T: Serialize>(data: &T) -> Result<Self, ApiError> {
        let body = serde_json::to_vec(&Body::<T, ()> { code: 200, message: "success", data, extra: None })
            .map_err(|e| ApiError::Opaque(e.into()))?;
        Ok(Self(body.into()))
    }
}

impl IntoResponse for Rendered {
    fn into_response(self) -> Response {
        json_response(StatusCode::OK, self.0)
    }
}

fn json_response(status: StatusCode, bytes: impl Into<bytes::Bytes>) -> Response {
    let mut response = (status, bytes.into()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let Self::Opaque(err) = &self {
            tracing::error!(error = ?err, "internal error");
        } else if status.is_server_error() {
            tracing::warn!(%status, error = %self, "request failed");
        }
        let message = self.to_string();
        let mut response = respond(status, &message, &());
        if let Self::TooManyRequests { retry_after_secs, .. } = &self
            && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response.extensions_mut().insert(ErrorDetail(message));
        response
    }
}

/// A successful reply carrying `data`.
#[derive(Debug)]
pub struct Envelope<T> {
    status: StatusCode,
    message: &'static str,
    data: T,
}

/// 200 with `data`.
pub fn ok<T: Serialize>(data: T) -> Envelope<T> {
    Envelope { status: StatusCode::OK, message: "success", data }
}

/// 202 with `data` (usually a task id). Creations answer 200 (`ok`), as the reference does
/// for every success.
pub fn accepted<T: Serialize>(data: T) -> Envelope<T> {
    Envelope { status: StatusCode::ACCEPTED, message: "accepted", data }
}

impl<T> Envelope<T> {
    /// Replaces the default message (e.g. to say a restart is needed).
    pub fn with_message(mut self, message: &'static str) -> Self {
        self.message = message;
        self
    }
}

impl<T: Serialize> IntoResponse for Envelope<T> {
    fn into_response(self) -> Response {
        respond(self.status, self.message, &self.data)
    }
}

/// What handlers return.
pub type ApiResult<T> = Result<Envelope<T>, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_raw_envelope_is_the_same_json_as_a_built_one() {
        let raw = respond_raw(StatusCode::OK, "say \"hi\"", r#"{"a": [1, 2]}"#);
        let built = respond(StatusCode::OK, "say \"hi\"", &serde_json::json!({"a": [1, 2]}));
        let body = |r: Response| async move {
            let bytes = axum::body::to_bytes(r.into_body(), 1 << 20).await.expect("body");
            serde_json::from_slice::<serde_json::Value>(&bytes).expect("json")
        };
        assert_eq!(body(raw).await, body(built).await);
    }

    #[tokio::test]
    async fn a_rendered_envelope_is_the_same_reply_as_a_built_one() {
        let data = serde_json::json!({"a": [1, 2], "b": "c"});
        let rendered = Rendered::ok(&data).expect("renders").into_response();
        let built = ok(data).into_response();
        assert_eq!(rendered.headers().get(header::CONTENT_TYPE), built.headers().get(header::CONTENT_TYPE));
        assert_eq!(rendered.status(), built.status());
        let bytes = |r: Response| async move { axum::body::to_bytes(r.into_body(), 1 << 20).await.expect("body") };
        assert_eq!(bytes(rendered).await, bytes(built).await);
    }
}
