//! Buddy's envelope, `{"code": <HTTP status>, "message": "...", "data": ...}`, built here and
//! nowhere else: successes ([`Envelope`]), errors (`ApiError`) and module replies all go
//! through [`respond`].

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
        Ok(bytes) => {
            let mut response = (status, bytes).into_response();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }
        Err(e) => ApiError::Opaque(e.into()).into_response(),
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

/// An error as the envelope: its status, its message, the `Retry-After` of a 429, and the
/// message kept for the audit log.
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
