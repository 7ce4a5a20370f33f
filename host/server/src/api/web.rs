//! The web dashboard: the built assets embedded in the binary, served publicly (they hold no
//! data; the app logs in with the token and calls the API). Any other non-API path gets
//! `index.html`, so the app's own routes survive a reload; an unknown `/assets/` file is a 404
//! (a script or style sheet must never be answered with a page).

use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

include!(concat!(env!("OUT_DIR"), "/web_assets.rs"));

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "map" => "application/json",
        _ => "application/octet-stream",
    }
}

fn asset(path: &str) -> Option<&'static [u8]> {
    WEB_ASSETS.iter().find(|(p, _)| *p == path).map(|(_, b)| *b)
}

/// `GET /` and every path that is not an API route.
pub async fn get_web(uri: Uri) -> Response {
    let path = uri.path();
    let (path, bytes) = match asset(path) {
        Some(b) => (path, b),
        None if path.starts_with("/assets/") => {
            return crate::error::ApiError::NotFound(format!("no dashboard asset {path}")).into_response();
        }
        None => match asset("/index.html") {
            Some(b) => ("/index.html", b),
            None => {
                let note = "<!doctype html><title>OpenClaw Buddy</title><p>The dashboard was not built into this binary. The API is at <code>/v1</code>.</p>";
                return (StatusCode::OK, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], note).into_response();
            }
        },
    };
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    // Hashed asset names never change; index.html must always be fresh.
    let cache = if path.starts_with("/assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
