//! The protected fallback: routes a request to the module that serves it (behind the same
//! auth, audit and envelope as native routes), else answers 404 / 405 in the envelope. A
//! module's response names the module's route (its prefix plus `/*`) for the metrics layer,
//! which sees no route pattern for the fallback.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use buddy_runtime::types::{Header, Request as ModuleRequest};
use buddy_runtime::{LoadedModule, Lookup};

use crate::api::limits::MAX_BODY_BYTES;
use crate::api::middleware::metrics::RouteLabel;
use crate::app_state::AppState;
use crate::error::{ApiError, ErrorDetail};

/// Headers a module never sees: the caller's credentials are Buddy's business only.
const HIDDEN_HEADERS: &[header::HeaderName] = &[header::AUTHORIZATION, header::COOKIE, header::PROXY_AUTHORIZATION];

/// The fallback handler of the protected router.
pub async fn module_fallback(State(app): State<AppState>, request: Request) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let (module, rel) = match app.modules.lookup(method.as_str(), &path).await {
        Lookup::Found(module, rel) => (module, rel),
        Lookup::WrongMethod => {
            return ApiError::MethodNotAllowed(format!("{method} is not allowed on {path}")).into_response();
        }
        Lookup::Missing => {
            return ApiError::NotFound(format!("no route for {method} {path}")).into_response();
        }
    };
    let mut response = serve(&app, &module, rel, request).await;
    response.extensions_mut().insert(RouteLabel(module.route_label()));
    response
}

/// Calls `module` with the request (`rel` is its path below the module's prefix).
async fn serve(app: &AppState, module: &LoadedModule, rel: String, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path();
    let body = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::PayloadTooLarge(format!("request body is larger than {MAX_BODY_BYTES} bytes"))
                .into_response();
        }
    };
    let query = super::extract::query_pairs(&parts.uri);
    let headers = parts
        .headers
        .iter()
        .filter(|(k, _)| !HIDDEN_HEADERS.contains(k))
        .filter_map(|(k, v)| Some(Header { name: k.to_string(), value: v.to_str().ok()?.to_string() }))
        .collect();
    let request = ModuleRequest { method: parts.method.to_string(), path: rel, query, headers, body: body.to_vec() };
    match app.modules.call(module, request).await {
        Ok(reply) => envelope(path, reply.status, reply.message, reply.data_json),
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// Wraps a module's reply in Buddy's envelope. The runtime has refused replies that break the
/// contract (and counted them); what still cannot be wrapped is an internal error.
fn envelope(path: &str, status: u16, message: Option<String>, data_json: Option<String>) -> Response {
    let Some(status) = StatusCode::from_u16(status).ok().filter(|s| s.as_u16() >= 200) else {
        return ApiError::Internal(format!("the module serving {path} answered with an invalid status {status}"))
            .into_response();
    };
    let data: Value = match data_json.as_deref().map(serde_json::from_str).transpose() {
        Ok(d) => d.unwrap_or(Value::Null),
        Err(e) => {
            return ApiError::Internal(format!("the module serving {path} returned invalid JSON: {e}")).into_response();
        }
    };
    let message = message.unwrap_or_else(|| {
        if status.is_success() {
            "success".to_string()
        } else {
            status.canonical_reason().unwrap_or("error").to_string()
        }
    });
    let mut response = super::envelope::respond(status, &message, &data);
    if !status.is_success() {
        response.extensions_mut().insert(ErrorDetail(message));
    }
    response
}
