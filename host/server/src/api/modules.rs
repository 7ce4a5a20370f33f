//! Module management: list loaded modules (with grants and load errors) and reload one.

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::envelope::{ApiResult, ok};
use super::extract::Path;
use super::middleware::audit::AuditTarget;
use crate::app_state::AppState;
use crate::error::ApiError;
use buddy_runtime::ModuleReport;

/// `GET /v1/modules`.
pub async fn get_modules(State(app): State<AppState>) -> ApiResult<Vec<ModuleReport>> {
    Ok(ok(app.modules.reports().await))
}

/// `POST /v1/modules/{name}/reload`: re-reads the module's manifest and component from disk.
pub async fn post_reload(State(app): State<AppState>, Path(name): Path<String>) -> Result<Response, ApiError> {
    super::validate::id("name", &name)?;
    let report = app.modules.reload(&name).await?;
    crate::metrics::modules::publish(std::slice::from_ref(&report));
    let mut response = ok(report).into_response();
    response.extensions_mut().insert(AuditTarget(name));
    Ok(response)
}
