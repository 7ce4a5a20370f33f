//! [`Router`]: maps a method and a path (with `:param` segments) to a handler.
//!
//! Deliberately tiny: literal segments and `:name` parameters, first match wins, 404 for an
//! unknown path and 405 for a known path with the wrong method. Empty segments are ignored,
//! so `/skills/` matches `/skills` and `` matches `/`.

use crate::{IntoResponse, Request, Response, Route};

type Handler = Box<dyn Fn(Request) -> Response>;

enum Segment {
    Literal(String),
    Param(String),
}

struct Entry {
    route: Route,
    pattern: Vec<Segment>,
    handler: Handler,
}

/// A list of routes; build one in [`Module::router`](crate::Module::router).
///
/// ```no_run
/// use buddy_sdk::{Request, Response, Router, json};
///
/// fn show(req: Request) -> Response {
///     Response::ok(json!({ "name": req.param("name") }))
/// }
///
/// let router = Router::new()
///     .get("/", "Lists the things", |_req| Response::ok(json!([])))
///     .get("/:name", "Shows one thing", show);
/// ```
#[derive(Default)]
pub struct Router {
    entries: Vec<Entry>,
}

impl Router {
    /// An empty router: every request gets a 404.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a route. `path` is below the module's prefix; `:name` segments capture a
    /// parameter. `summary` is shown in Buddy's module list and API document.
    #[must_use]
    pub fn route<H, R>(mut self, method: &str, path: &str, summary: &str, handler: H) -> Self
    where
        H: Fn(Request) -> R + 'static,
        R: IntoResponse,
    {
        let pattern = segments(path)
            .map(|s| match s.strip_prefix(':') {
                Some(name) => Segment::Param(name.to_owned()),
                None => Segment::Literal(s.to_owned()),
            })
            .collect();
        self.entries.push(Entry {
            route: Route { method: method.to_ascii_uppercase(), path: path.to_owned(), summary: summary.to_owned() },
            pattern,
            handler: Box::new(move |req| handler(req).into_response()),
        });
        self
    }

    /// Adds a `GET` route.
    #[must_use]
    pub fn get<H, R>(self, path: &str, summary: &str, handler: H) -> Self
    where
        H: Fn(Request) -> R + 'static,
        R: IntoResponse,
    {
        self.route("GET", path, summary, handler)
    }

    /// Adds a `POST` route.
    #[must_use]
    pub fn post<H, R>(self, path: &str, summary: &str, handler: H) -> Self
    where
        H: Fn(Request) -> R + 'static,
        R: IntoResponse,
    {
        self.route("POST", path, summary, handler)
    }

    /// Adds a `PUT` route.
    #[must_use]
    pub fn put<H, R>(self, path: &str, summary: &str, handler: H) -> Self
    where
        H: Fn(Request) -> R + 'static,
        R: IntoResponse,
    {
        self.route("PUT", path, summary, handler)
    }

    /// Adds a `DELETE` route.
    #[must_use]
    pub fn delete<H, R>(self, path: &str, summary: &str, handler: H) -> Self
    where
        H: Fn(Request) -> R + 'static,
        R: IntoResponse,
    {
        self.route("DELETE", path, summary, handler)
    }

    /// The routes, in the order they were added (what `describe()` reports).
    pub fn routes(&self) -> Vec<Route> {
        self.entries.iter().map(|e| e.route.clone()).collect()
    }

    /// Dispatches `req` to the first matching route.
    pub fn handle(&self, mut req: Request) -> Response {
        let mut allowed: Vec<&str> = Vec::new();
        for entry in &self.entries {
            let Some(params) = match_path(&entry.pattern, req.path()) else {
                continue;
            };
            if entry.route.method != req.method() {
                allowed.push(&entry.route.method);
                continue;
            }
            req.set_params(params);
            return (entry.handler)(req);
        }
        if allowed.is_empty() {
            Response::error(404, format!("no route for {} {}", req.method(), req.path()))
        } else {
            Response::error(
                405,
                format!("method {} is not allowed on {}; allowed: {}", req.method(), req.path(), allowed.join(", ")),
            )
        }
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// The captured parameters when `path` matches `pattern`.
fn match_path(pattern: &[Segment], path: &str) -> Option<Vec<(String, String)>> {
    let mut params = Vec::new();
    let mut parts = segments(path);
    for segment in pattern {
        let part = parts.next()?;
        match segment {
            Segment::Literal(lit) if lit == part => {}
            Segment::Literal(_) => return None,
            Segment::Param(name) => params.push((name.clone(), percent_decode(part))),
        }
    }
    // Every segment of the path must be consumed: `/a/b` does not match `/a`.
    parts.next().is_none().then_some(params)
}

/// Decodes `%XX` escapes; malformed escapes are kept as written, invalid UTF-8 is replaced.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match decoded {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router() -> Router {
        Router::new()
            .get("/", "root", |_req| Response::ok("root"))
            .get("/items/:id", "one", |req: Request| Response::ok(req.param("id").unwrap_or_default().to_owned()))
            .delete("/items/:id", "delete", |_req| Response::empty(204))
    }

    fn data(r: &Response) -> Option<&str> {
        r.data_json()
    }

    #[test]
    fn matches_literals_and_params() {
        let r = router();
        assert_eq!(data(&r.handle(Request::new("GET", "/"))), Some("\"root\""));
        assert_eq!(data(&r.handle(Request::new("GET", ""))), Some("\"root\""));
        let one = r.handle(Request::new("GET", "/items/a%20b/"));
        assert_eq!(data(&one), Some("\"a b\""));
        assert_eq!(r.handle(Request::new("DELETE", "/items/x")).status(), 204);
    }

    #[test]
    fn unknown_path_is_404_and_wrong_method_is_405() {
        let r = router();
        assert_eq!(r.handle(Request::new("GET", "/items")).status(), 404);
        assert_eq!(r.handle(Request::new("GET", "/items/a/b")).status(), 404);
        let wrong = r.handle(Request::new("POST", "/items/x"));
        assert_eq!(wrong.status(), 405);
        assert!(wrong.message().is_some_and(|m| m.contains("GET, DELETE")));
    }

    #[test]
    fn routes_are_described_in_order() {
        let routes = router().routes();
        let paths: Vec<_> = routes.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
        assert_eq!(paths, [("GET", "/"), ("GET", "/items/:id"), ("DELETE", "/items/:id")]);
    }

    #[test]
    fn percent_decoding_keeps_malformed_escapes() {
        assert_eq!(percent_decode("a%2Fb"), "a/b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
