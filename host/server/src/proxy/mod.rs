//! Passthrough to the gateway: the HTTP client, header rules and error bodies shared by the chat
//! proxy (E35) and the Control UI proxy (E51). Only the configured gateway address is contacted.

pub mod headers;
pub mod websocket;

use std::sync::OnceLock;
use std::time::Duration;

use axum::http::{HeaderValue, header};
use axum::response::Response;
use serde_json::Value;

use crate::app_state::App;

/// The client for proxied requests: no overall timeout (a stream may last minutes), no
/// redirects followed, no proxy from the environment.
pub fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .unwrap_or_else(|_| reqwest::Client::new())
    })
}

/// The gateway's own credential from openclaw.json (token, else password), for the
/// `Authorization` header Buddy adds. The client never sees it.
pub async fn gateway_secret(app: &App) -> Option<String> {
    let snap = app.openclaw.snapshot.get().await.ok()?;
    ["/gateway/auth/token", "/gateway/auth/password"]
        .iter()
        .find_map(|p| snap.config.pointer(p).and_then(Value::as_str).map(str::to_string))
}

/// `base` + `path` + `query`, built so that nothing in the path or query can change the
/// scheme, host or port.
pub fn upstream_url(base: &str, path: &str, query: Option<&str>) -> Option<reqwest::Url> {
    let base_url = reqwest::Url::parse(base).ok()?;
    let mut url = base_url.clone();
    url.set_path(&format!("/{}", path.trim_start_matches('/')));
    url.set_query(query);
    let same = url.scheme() == base_url.scheme()
        && url.host_str() == base_url.host_str()
        && url.port_or_known_default() == base_url.port_or_known_default();
    same.then_some(url)
}

/// Marks a streamed response so intermediaries do not buffer it.
pub fn no_buffering(response: &mut Response) {
    response.headers_mut().insert("x-accel-buffering", HeaderValue::from_static("no"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_urls_cannot_change_host() {
        let base = "http://127.0.0.1:18789";
        assert_eq!(
            upstream_url(base, "assets/app.js", Some("v=1")).expect("url").as_str(),
            "http://127.0.0.1:18789/assets/app.js?v=1"
        );
        for path in ["//evil.example/x", "@evil.example/x", "http://evil.example/", "..%2F..%2Fx"] {
            let url = upstream_url(base, path, None).expect("url");
            assert_eq!((url.host_str(), url.port()), (Some("127.0.0.1"), Some(18789)), "{path}");
        }
    }
}
