//! [`Request`]: one HTTP request routed to the module, plus the path parameters the
//! [`Router`](crate::Router) matched.

use serde::de::DeserializeOwned;

use crate::Response;

/// One request, as the host hands it over.
///
/// `path` is relative to the module's prefix (`/v1/hello/greet` arrives as `/greet`); query
/// parameters arrive decoded. Build one by hand in unit tests with [`Request::new`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    params: Vec<(String, String)>,
}

impl Request {
    /// A request with the given method and path and nothing else; for tests.
    pub fn new(method: &str, path: &str) -> Self {
        Self { method: method.to_ascii_uppercase(), path: path.to_owned(), ..Self::default() }
    }

    /// Adds a query parameter.
    #[must_use]
    pub fn with_query(mut self, name: &str, value: &str) -> Self {
        self.query.push((name.to_owned(), value.to_owned()));
        self
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

    /// Upper-case method: `GET`, `POST`, `DELETE`...
    pub fn method(&self) -> &str {
        &self.method
    }

    /// Path below the module's prefix, starting with `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// A path parameter matched by the router (`/skills/:name` → `param("name")`),
    /// percent-decoded.
    pub fn param(&self, name: &str) -> Option<&str> {
        find(&self.params, name)
    }

    /// The first query parameter called `name`.
    pub fn query(&self, name: &str) -> Option<&str> {
        find(&self.query, name)
    }

    /// Every query parameter, in order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Parses the body as JSON into `T`.
    ///
    /// The error is a ready `400` reply naming the problem (serde's text names a missing
    /// field), so a handler returning `Result<Response, Response>` can just use `?`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Response> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(Response::error(400, "request body is empty; expected JSON"));
        }
        serde_json::from_slice(&self.body).map_err(|e| Response::error(400, format!("invalid JSON body: {e}")))
    }

    pub(crate) fn set_params(&mut self, params: Vec<(String, String)>) {
        self.params = params;
    }
}

impl From<crate::bindings::openclaw::buddy::http_types::Request> for Request {
    fn from(r: crate::bindings::openclaw::buddy::http_types::Request) -> Self {
        Self {
            method: r.method.to_ascii_uppercase(),
            path: r.path,
            query: r.query,
            headers: r.headers.into_iter().map(|h| (h.name, h.value)).collect(),
            body: r.body,
            params: Vec::new(),
        }
    }
}

fn find<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Body {
        name: String,
    }

    #[test]
    fn json_body_errors_are_400_and_name_the_field() {
        let ok = Request::new("POST", "/").with_body(r#"{"name":"x"}"#);
        assert_eq!(ok.json::<Body>().map(|b| b.name), Ok("x".to_owned()));

        let missing = Request::new("POST", "/").with_body("{}");
        let err = missing.json::<Body>().err().map(|r| (r.status(), r.message().map(str::to_owned)));
        assert!(matches!(err, Some((400, Some(m))) if m.contains("`name`")));

        let empty = Request::new("POST", "/");
        assert_eq!(empty.json::<Body>().err().map(|r| r.status()), Some(400));
    }

    #[test]
    fn headers_are_case_insensitive() {
        let r = Request::new("get", "/").with_header("Content-Type", "application/json");
        assert_eq!(r.method(), "GET");
        assert_eq!(r.header("content-type"), Some("application/json"));
    }
}
