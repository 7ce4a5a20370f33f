//! Security headers on every response. The dashboard and the API get a content security policy
//! that lets the dashboard (a Vite build: its own scripts and styles, inline style attributes,
//! requests and WebSockets to its own origin) run and nothing else, may not be framed, are
//! never MIME-sniffed and send no referrer. What the gateway serves through `/v1/proxy/*` is
//! not Buddy's: it gets `Content-Security-Policy: sandbox` (no `allow-same-origin`), so the
//! browser gives it an opaque origin and no script in it — the gateway's, a plugin's or an
//! agent-written canvas page — can act on Buddy's origin with the operator's session.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The dashboard's and the API's policy.
const BUDDY_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// Gateway content: an opaque origin, no scripts, no forms, no plugins.
const PROXY_CSP: &str = "sandbox";

/// Whether `path` is the gateway passthrough (E51).
pub fn is_proxied(path: &str) -> bool {
    path == "/v1/proxy" || path.starts_with("/v1/proxy/")
}

/// Adds the headers after the handler has answered.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let proxied = is_proxied(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if proxied {
        gateway_content(headers);
    } else {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(BUDDY_CSP));
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// Replaces whatever policy the gateway sent with the sandbox.
pub fn gateway_content(headers: &mut HeaderMap) {
    headers.remove(header::CONTENT_SECURITY_POLICY_REPORT_ONLY);
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(PROXY_CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
}
