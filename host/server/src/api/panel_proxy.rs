//! E51: the gateway's Control UI through Buddy — HTTP and WebSocket upgrades — with the
//! gateway's credential added and the headers that forbid embedding removed. Only the
//! configured gateway address is contacted. A request body past `http.proxy_max_body_bytes`
//! gets the 413 envelope (announced by `Content-Length`) or is cut off (streamed without one).

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State, WebSocketUpgrade};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use super::proxy_errors;
use crate::app_state::AppState;
use crate::error::ApiError;
use crate::proxy::{self, headers, websocket};

/// `ANY /v1/proxy/{*path}` (and `/v1/proxy/` for the root).
pub async fn any_proxy(State(app): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().strip_prefix("/v1/proxy").unwrap_or("/").to_string();
    let query = request.uri().query().map(str::to_string);
    forward(&app, request, Upstream { path, query, vouch_origin: false }).await
}

/// Where one client's request goes on the gateway.
pub struct Upstream {
    /// The gateway path (`/…`) and query.
    pub path: String,
    pub query: Option<String>,
    /// Present WebSocket upgrades to the gateway with the gateway's own origin instead of the
    /// browser's (Buddy vouches for a client it admitted).
    pub vouch_origin: bool,
}

/// Sends `request` to the gateway (HTTP with a bounded body, or a WebSocket relayed frame by
/// frame) with the gateway's credential, and answers what it answered; also the Control UI
/// listener's whole work (`crate::control_ui`).
pub async fn forward(app: &AppState, request: Request, target: Upstream) -> Response {
    let (mut parts, body) = request.into_parts();
    let base = app.openclaw.gateway_url().await;
    let Some(url) = proxy::upstream_url(&base, &target.path, target.query.as_deref()) else {
        return proxy_errors::error(StatusCode::BAD_REQUEST, "invalid_request_error", "path: cannot be proxied");
    };
    let secret = proxy::gateway_secret(app).await;
    let wants_ws = parts
        .headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if wants_ws {
        let max = app.config.http.ws_max_message_bytes;
        let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
            Ok(u) => u.max_message_size(max).max_frame_size(max),
            Err(e) => return e.into_response(),
        };
        if target.vouch_origin
            && let Some(origin) = url.origin().ascii_serialization().parse().ok()
        {
            parts.headers.insert(header::ORIGIN, origin);
        }
        return websocket_proxy(upgrade, url, &parts.headers, secret).await;
    }
    let limit = app.config.http.proxy_max_body_bytes;
    let announced = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit) {
        return ApiError::PayloadTooLarge(format!("body: larger than http.proxy_max_body_bytes ({limit} bytes)"))
            .into_response();
    }
    let mut seen = 0u64;
    let limited = body.into_data_stream().map_err(std::io::Error::other).and_then(move |chunk| {
        seen += chunk.len() as u64;
        let result = if seen > limit {
            Err(std::io::Error::other(format!("request body larger than {limit} bytes")))
        } else {
            Ok(chunk)
        };
        std::future::ready(result)
    });
    let mut upstream = proxy::client()
        .request(parts.method.clone(), url)
        .headers(headers::request(&parts.headers))
        .body(reqwest::Body::wrap_stream(limited));
    if let Some(s) = &secret {
        upstream = upstream.bearer_auth(s);
    }
    let upstream = match upstream.send().await {
        Ok(r) => r,
        Err(e) => return proxy_errors::unreachable(&base, &e),
    };
    let mut response = Response::builder().status(upstream.status().as_u16());
    if let Some(h) = response.headers_mut() {
        h.extend(headers::response(upstream.headers()));
    }
    response
        .body(Body::from_stream(upstream.bytes_stream()))
        .unwrap_or_else(|e| proxy_errors::error(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", e.to_string()))
}

async fn websocket_proxy(
    upgrade: WebSocketUpgrade,
    mut url: reqwest::Url,
    incoming: &axum::http::HeaderMap,
    secret: Option<String>,
) -> Response {
    let ws_scheme = if url.scheme() == "https" { "wss" } else { "ws" };
    if url.set_scheme(ws_scheme).is_err() {
        return proxy_errors::error(
            StatusCode::BAD_GATEWAY,
            "gateway_unreachable",
            "cannot build the gateway's WebSocket URL",
        );
    }
    let mut request = match url.as_str().into_client_request() {
        Ok(r) => r,
        Err(e) => return proxy_errors::error(StatusCode::BAD_GATEWAY, "gateway_unreachable", e.to_string()),
    };
    for name in [header::SEC_WEBSOCKET_PROTOCOL, header::ORIGIN, header::USER_AGENT] {
        if let Some(v) = incoming.get(&name) {
            request.headers_mut().insert(name, v.clone());
        }
    }
    if let Some(s) = secret.and_then(|s| format!("Bearer {s}").parse().ok()) {
        request.headers_mut().insert(header::AUTHORIZATION, s);
    }
    let (upstream, answer) = match tokio_tungstenite::connect_async(request).await {
        Ok(pair) => pair,
        Err(e) => {
            return proxy_errors::error(
                StatusCode::BAD_GATEWAY,
                "gateway_unreachable",
                format!("the gateway refused the WebSocket: {e}"),
            );
        }
    };
    let protocol =
        answer.headers().get(header::SEC_WEBSOCKET_PROTOCOL).and_then(|v| v.to_str().ok()).map(str::to_string);
    let upgrade = match protocol {
        Some(p) => upgrade.protocols([p]),
        None => upgrade,
    };
    upgrade.on_upgrade(move |socket| websocket::relay(socket, upstream)).into_response()
}
