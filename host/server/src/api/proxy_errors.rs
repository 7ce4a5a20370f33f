//! The errors Buddy itself answers on its passthrough routes (E35 chat, E51 Control UI): the
//! envelope's fields and an OpenAI-style `error` object side by side, so either kind of client
//! can read them. Here, beside the envelope, so the proxy plumbing below never reaches up into
//! the API layer.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

/// An error Buddy itself answers on a passthrough route: the envelope's fields and an
/// OpenAI-style `error` object side by side, so either kind of client can read it.
pub fn error(status: StatusCode, kind: &str, message: impl Into<String>) -> Response {
    let message = message.into();
    let openai = json!({ "error": { "message": message, "type": kind, "code": status.as_u16() } });
    let mut response = super::envelope::respond_with(status, &message, &(), Some(&openai));
    response.extensions_mut().insert(crate::error::ErrorDetail(message));
    response
}

/// Maps a failure to reach the gateway to 502 (refused) or 504 (timed out).
pub fn unreachable(url: &str, e: &reqwest::Error) -> Response {
    if e.is_timeout() {
        error(StatusCode::GATEWAY_TIMEOUT, "gateway_timeout", format!("the gateway at {url} did not answer in time"))
    } else {
        error(
            StatusCode::BAD_GATEWAY,
            "gateway_unreachable",
            format!("the gateway at {url} is not reachable ({}); start it with POST /v1/gateway/start", root_cause(e)),
        )
    }
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
