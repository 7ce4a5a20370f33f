//! The protected fallback: routes a request to the module that serves it (behind the same
//! auth, audit and envelope as native routes), else answers in the envelope: 404 / 405, or 503
//! while modules load and for a module pending approval or disabled. A module's response names
//! the module's route (its prefix plus `/*`) for the metrics layer, which sees no route pattern
//! for the fallback.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

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
        Lookup::Loading => {
            return ApiError::Unavailable(format!("modules are loading; {path} may be served by one of them: retry"))
                .into_response();
        }
        Lookup::Unavailable(why) => return ApiError::Unavailable(why).into_response(),
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

/// Wraps a module's reply in Buddy's envelope; the runtime has checked its status, its size
/// and that its data is one JSON value, which is embedded as it is.
fn envelope(path: &str, status: u16, message: Option<String>, data_json: Option<String>) -> Response {
    let Ok(status) = StatusCode::from_u16(status) else {
        return ApiError::Upstream(format!("the module serving {path} answered with an invalid status {status}"))
            .into_response();
    };
    let message = message.unwrap_or_else(|| {
        if status.is_success() {
            "success".to_string()
        } else {
            status.canonical_reason().unwrap_or("error").to_string()
        }
    });
    let mut response = super::envelope::respond_raw(status, &message, data_json.as_deref().unwrap_or("null"));
    if !status.is_success() {
        response.extensions_mut().insert(ErrorDetail(message));
    }
    response
}
