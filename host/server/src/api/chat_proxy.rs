//! E35: OpenAI-compatible chat completions, passed through to the gateway's own endpoint with
//! the gateway's credential added. A streamed reply is forwarded chunk by chunk as it arrives;
//! when the client goes away the upstream request is dropped with it. Only a JSON body is
//! passed on (another `Content-Type` is a 415, as everywhere in the API): a page cannot turn a
//! simple `text/plain` form post into an agent turn.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde_json::Value;

use super::extract::JsonBytes;
use super::proxy_errors;
use crate::app_state::AppState;
use crate::proxy::{self, headers};

/// `POST /v1/openclaw/chat/completions`.
pub async fn post_chat_completions(
    State(app): State<AppState>,
    incoming: HeaderMap,
    JsonBytes(body): JsonBytes,
) -> Response {
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(o)) if o.contains_key("messages") => {}
        Ok(_) => {
            return proxy_errors::error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "body: expected a JSON object with `messages`",
            );
        }
        Err(e) => {
            return proxy_errors::error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                format!("body: invalid JSON: {e}"),
            );
        }
    }
    let base = app.openclaw.gateway_url().await;
    let Some(url) = proxy::upstream_url(&base, "v1/chat/completions", None) else {
        return proxy_errors::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "configuration_error",
            format!("bad gateway URL {base}"),
        );
    };
    let mut request =
        proxy::client().post(url).headers(headers::request(&incoming)).header(header::CONTENT_TYPE, "application/json");
    if let Some(secret) = proxy::gateway_secret(&app).await {
        request = request.bearer_auth(secret);
    }
    let upstream = match request.body(body).send().await {
        Ok(r) => r,
        Err(e) => return proxy_errors::unreachable(&base, &e),
    };
    let status = upstream.status();
    if status == reqwest::StatusCode::NOT_FOUND {
        // While the endpoint is disabled every /v1/* path of the gateway answers a bare 404.
        return proxy_errors::error(
            StatusCode::NOT_FOUND,
            "endpoint_disabled",
            "the gateway's chat-completions endpoint is disabled; enable it with POST /v1/openclaw/chat/enable",
        );
    }
    let streaming = upstream
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/event-stream"));
    let mut response = Response::builder().status(status.as_u16());
    if let Some(h) = response.headers_mut() {
        h.extend(headers::response(upstream.headers()));
    }
    let mut response = match response.body(Body::from_stream(upstream.bytes_stream())) {
        Ok(r) => r,
        Err(e) => return proxy_errors::error(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", e.to_string()),
    };
    if streaming {
        proxy::no_buffering(&mut response);
    }
    response
}
