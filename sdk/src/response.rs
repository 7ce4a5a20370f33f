//! [`Response`]: what a handler returns. The host wraps it in Buddy's envelope
//! `{"code": status, "message": ..., "data": ...}`.

use serde::Serialize;

use crate::CapError;

/// A reply to one request: a status, an optional message and optional JSON data.
///
/// The host turns it into the envelope `{code, message, data}` with `code = status`; when no
/// message is set it uses `"success"` (2xx) or the status text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    status: u16,
    message: Option<String>,
    data_json: Option<String>,
}

impl Response {
    /// `200 OK` with `data` as the envelope's `data`.
    pub fn ok(data: impl Serialize) -> Self {
        Self::with_data(200, data)
    }

    /// `201 Created` with `data` as the envelope's `data`. Buddy's own routes answer 200 for
    /// creations, as the original API reference does for every success; prefer [`Response::ok`]
    /// unless your clients expect a 201.
    pub fn created(data: impl Serialize) -> Self {
        Self::with_data(201, data)
    }

    /// Any status with `data`. If `data` cannot be serialised (a map with non-string keys,
    /// a failing `Serialize` impl) the reply becomes a 500 saying so.
    pub fn with_data(status: u16, data: impl Serialize) -> Self {
        match serde_json::to_string(&data) {
            Ok(json) => Self { status, message: None, data_json: Some(json) },
            Err(e) => Self::error(500, format!("could not serialise the reply: {e}")),
        }
    }

    /// An error reply: `status` with `message` and no data.
    pub fn error(status: u16, message: impl Into<String>) -> Self {
        Self { status, message: Some(message.into()), data_json: None }
    }

    /// A reply with a status and nothing else (e.g. `204`).
    pub fn empty(status: u16) -> Self {
        Self { status, message: None, data_json: None }
    }

    /// Sets the envelope's message.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// The HTTP status (also the envelope's `code`).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The envelope's message, if set.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The envelope's data as JSON text, if any.
    pub fn data_json(&self) -> Option<&str> {
        self.data_json.as_deref()
    }

    /// True when the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub(crate) fn into_parts(self) -> (u16, Option<String>, Option<String>) {
        (self.status, self.message, self.data_json)
    }
}

/// A failed capability call ends the request with [`CapError::http_status`] and the error's
/// text, so handlers can use `?` on capability results.
impl From<CapError> for Response {
    fn from(e: CapError) -> Self {
        Self::error(e.http_status(), e.to_string())
    }
}

/// Anything a route handler may return.
///
/// Implemented for [`Response`], [`CapError`] and `Result<A, B>` where both sides convert,
/// so a handler can be `fn(Request) -> Result<Response, Response>` and use `?`.
pub trait IntoResponse {
    /// Converts `self` into the reply.
    fn into_response(self) -> Response;
}

impl IntoResponse for Response {
    fn into_response(self) -> Response {
        self
    }
}

impl IntoResponse for CapError {
    fn into_response(self) -> Response {
        self.into()
    }
}

impl<T: IntoResponse, E: IntoResponse> IntoResponse for Result<T, E> {
    fn into_response(self) -> Response {
        match self {
            Ok(r) => r.into_response(),
            Err(e) => e.into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ok_carries_json_data() {
        let r = Response::ok(json!({ "a": 1 }));
        assert_eq!(r.status(), 200);
        assert_eq!(r.data_json(), Some(r#"{"a":1}"#));
        assert_eq!(r.message(), None);
    }

    #[test]
    fn cap_errors_become_error_replies() {
        let r: Response = CapError::Failed("openclaw exited 1".into()).into();
        assert_eq!(r.status(), 502);
        assert_eq!(r.message(), Some("failed: openclaw exited 1"));
        let r = Err::<Response, CapError>(CapError::Denied("kv".into())).into_response();
        assert_eq!(r.status(), 500);
    }

    #[test]
    fn unserialisable_data_is_a_500() {
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1u8], 1);
        assert_eq!(Response::ok(map).status(), 500);
    }
}
