//! The success side of Buddy's envelope: `{"code": 200, "message": "success", "data": …}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

use crate::error::ApiError;

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

/// 201 with `data`.
pub fn created<T: Serialize>(data: T) -> Envelope<T> {
    Envelope { status: StatusCode::CREATED, message: "created", data }
}

/// 202 with `data` (usually a task id).
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
        match serde_json::to_value(&self.data) {
            Ok(data) => {
                let body = json!({ "code": self.status.as_u16(), "message": self.message, "data": data });
                (self.status, axum::Json(body)).into_response()
            }
            Err(e) => ApiError::Opaque(e.into()).into_response(),
        }
    }
}

/// What handlers return.
pub type ApiResult<T> = Result<Envelope<T>, ApiError>;
