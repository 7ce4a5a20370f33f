//! Outbound HTTP, to granted hosts only.
//!
//! Grant: `http = ["127.0.0.1:8080", "api.example.com:443"]`, a list of `host:port` the
//! module may call. Anything else is a [`CapError::Denied`]; a network or protocol failure
//! is a [`CapError::Failed`] and a slow server a [`CapError::Timeout`]. Any status the
//! server answers with (including 4xx/5xx) is a successful fetch.
//!
//! ```no_run
//! # fn demo() -> Result<(), buddy_sdk::CapError> {
//! use buddy_sdk::http::{self, HttpRequest};
//! let res = http::fetch(&HttpRequest::get("http://127.0.0.1:8080/health").with_timeout_ms(2_000))?;
//! let ok = res.status == 200;
//! # Ok(()) }
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::CapError;
use crate::bindings::openclaw::buddy::http as wit_http;
use crate::bindings::openclaw::buddy::types::Header;

/// An outbound request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Upper-case method.
    pub method: String,
    /// Absolute `http://` or `https://` URL.
    pub url: String,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// Timeout in milliseconds; the host caps it with its own limit.
    pub timeout_ms: Option<u32>,
}

impl HttpRequest {
    /// A request with `method` to `url`, no headers and no body.
    pub fn new(method: &str, url: &str) -> Self {
        Self {
            method: method.to_ascii_uppercase(),
            url: url.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
            timeout_ms: None,
        }
    }

    /// A `GET` request.
    pub fn get(url: &str) -> Self {
        Self::new("GET", url)
    }

    /// A `POST` request.
    pub fn post(url: &str) -> Self {
        Self::new("POST", url)
    }

    /// Adds a header.
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the body.
    #[must_use]
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets a JSON body and the `content-type` header.
    pub fn with_json<T: Serialize + ?Sized>(self, value: &T) -> Result<Self, CapError> {
        let body =
            serde_json::to_vec(value).map_err(|e| CapError::Invalid(format!("request body is not JSON: {e}")))?;
        Ok(self.with_header("content-type", "application/json").with_body(body))
    }

    /// Sets the timeout.
    #[must_use]
    pub fn with_timeout_ms(mut self, timeout_ms: u32) -> Self {
        self.timeout_ms = Some(timeout_ms);
        self
    }
}

/// The server's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// Body bytes (possibly capped by the host).
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

/// Sends `request` and waits for the answer.
pub fn fetch(request: &HttpRequest) -> Result<HttpResponse, CapError> {
    let wit_request = wit_http::HttpRequest {
        method: request.method.clone(),
        url: request.url.clone(),
        headers: request
            .headers
            .iter()
            .map(|(name, value)| Header { name: name.clone(), value: value.clone() })
            .collect(),
        body: request.body.clone(),
        timeout_ms: request.timeout_ms,
    };
    let res = wit_http::fetch(&wit_request)?;
    Ok(HttpResponse {
        status: res.status,
        headers: res.headers.into_iter().map(|h| (h.name, h.value)).collect(),
        body: res.body,
    })
}

/// Shorthand for `fetch(&HttpRequest::get(url))`.
pub fn get(url: &str) -> Result<HttpResponse, CapError> {
    fetch(&HttpRequest::get(url))
}
