//! Module management, every change audited: the list (status, grants requested and approved,
//! digest, the active analyzer, the memory budget), install, approve, disable, enable, delete
//! and reload. The runtime does the work and refuses what breaks its rules; these handlers
//! check the request's fields and name who acted.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::envelope::{ApiResult, ok, respond, respond_with};
use super::extract::{Json, Path};
use super::middleware::audit::AuditTarget;
use super::middleware::auth::Caller;
use crate::app_state::AppState;
use crate::error::ApiError;
use crate::state::analyzer::AnalyzerView;
use buddy_runtime::ModuleReport;
use buddy_runtime::manifest::is_module_name;
use buddy_runtime::trust::is_digest;

/// Largest component `POST /v1/modules` accepts (before base64).
pub const MAX_MODULE_BYTES: usize = 24 * 1024 * 1024;
/// Largest body of `POST /v1/modules`: the component in base64 and its manifest.
pub const MAX_INSTALL_BODY: usize = MAX_MODULE_BYTES / 3 * 4 + 256 * 1024;

/// What `GET /v1/modules` tells beside the list (in the envelope's `runtime` field, so `data`
/// stays the list of module reports).
#[derive(Debug, Serialize, schemars::JsonSchema)]
struct RuntimeView {
    /// Modules found at start-up are still loading.
    loading: bool,
    /// The analyzer heals and E44 call.
    analyzer: AnalyzerView,
    memory: MemoryView,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
struct MemoryView {
    #[serde(rename = "budgetMb")]
    budget_mb: u32,
    #[serde(rename = "inUseMb")]
    in_use_mb: u64,
}

/// `GET /v1/modules`: every module's report as `data`; the runtime's state (loading, the active
/// analyzer, the memory budget in use) as `runtime`.
pub async fn get_modules(State(app): State<AppState>) -> Response {
    let runtime = RuntimeView {
        loading: app.modules.is_loading(),
        analyzer: app.analyzer.view(),
        memory: MemoryView {
            budget_mb: app.config.modules.memory_budget_mb,
            in_use_mb: app.modules.memory_in_use_mb(),
        },
    };
    let reports: Vec<ModuleReport> = app.modules.reports().await;
    respond_with(StatusCode::OK, "success", &reports, Some(&serde_json::json!({ "runtime": runtime })))
}

/// Who acted, as the audit log names them.
fn who(caller: Option<axum::Extension<Caller>>) -> String {
    caller.map(|c| c.label()).unwrap_or_else(|| "anonymous".into())
}

fn check_name(name: &str) -> Result<(), ApiError> {
    if is_module_name(name) { Ok(()) } else { Err(ApiError::field("name", "must match ^[a-z][a-z0-9-]{0,31}$")) }
}

/// `report`, after `/metrics` learnt the module's new status.
fn published(report: ModuleReport) -> ModuleReport {
    crate::metrics::modules::publish(std::slice::from_ref(&report));
    report
}

/// `result` as a response whose audit row names module `name`.
fn audited<T: Serialize>(name: &str, result: ApiResult<T>) -> Response {
    crate::api::middleware::audit::targeted(name, result)
}

/// `POST /v1/modules`'s body.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstallBody {
    /// `module.toml`'s text.
    manifest: String,
    /// `module.wasm`, base64 (standard alphabet, padded).
    wasm: String,
    /// Replace an installed module of the same name (it is then pending approval again).
    #[serde(default)]
    replace: bool,
}

/// `POST /v1/modules`: checks and compiles the module before anything is written; 201 with its
/// report (pending approval, unless this exact module was approved before).
pub async fn post_module(State(app): State<AppState>, Json(body): Json<InstallBody>) -> Result<Response, ApiError> {
    if body.manifest.trim().is_empty() {
        return Err(ApiError::field("manifest", "must be the text of module.toml"));
    }
    let wasm = base64::engine::general_purpose::STANDARD
        .decode(body.wasm.as_bytes())
        .map_err(|e| ApiError::field("wasm", format!("must be the component in base64: {e}")))?;
    if wasm.is_empty() || wasm.len() > MAX_MODULE_BYTES {
        return Err(ApiError::field("wasm", format!("must be 1..={MAX_MODULE_BYTES} bytes")));
    }
    let report = published(app.modules.install_module(&body.manifest, &wasm, body.replace).await?);
    let mut response = respond(StatusCode::CREATED, "created", &report);
    if let Some(name) = manifest_name(&body.manifest) {
        response.extensions_mut().insert(AuditTarget(name));
    }
    Ok(response)
}

fn manifest_name(text: &str) -> Option<String> {
    buddy_runtime::manifest::Manifest::parse(text).ok().map(|m| m.name)
}

/// `POST /v1/modules/{name}/approve`'s body.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveBody {
    /// The digest the operator reviewed (from `GET /v1/modules`); refused when the module
    /// changed since.
    digest: Option<String>,
}

/// `POST /v1/modules/{name}/approve`: pins the module's digest and grants, and starts it.
pub async fn post_approve(
    State(app): State<AppState>,
    caller: Option<axum::Extension<Caller>>,
    Path(name): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let result = async {
        check_name(&name)?;
        // The body is optional: `{}` or nothing approves the module as it is now.
        let ApproveBody { digest } = if body.iter().all(u8::is_ascii_whitespace) {
            ApproveBody::default()
        } else {
            serde_json::from_slice(&body).map_err(|e| ApiError::BadRequest(format!("body: {e}")))?
        };
        if let Some(d) = &digest
            && !is_digest(d)
        {
            return Err(ApiError::field("digest", "must be sha256:<64 lower-case hex digits>"));
        }
        Ok(ok(published(app.modules.approve(&name, digest.as_deref(), &who(caller)).await?)))
    }
    .await;
    audited(&name, result)
}

/// `POST /v1/modules/{name}/disable`: stops serving at once, kept across restarts.
pub async fn post_disable(
    State(app): State<AppState>,
    caller: Option<axum::Extension<Caller>>,
    Path(name): Path<String>,
) -> Response {
    let result = async {
        check_name(&name)?;
        Ok(ok(published(app.modules.disable(&name, &who(caller)).await?)))
    }
    .await;
    audited(&name, result)
}

/// `POST /v1/modules/{name}/enable`: loads it again (pending, if it needs approval).
pub async fn post_enable(State(app): State<AppState>, Path(name): Path<String>) -> Response {
    let result = async {
        check_name(&name)?;
        Ok(ok(published(app.modules.enable(&name).await?)))
    }
    .await;
    audited(&name, result)
}

/// The reply to a deletion.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Deleted {
    name: String,
    deleted: bool,
}

/// `DELETE /v1/modules/{name}`: a third-party module's routes stop at once; its folder, data and
/// approval are removed.
pub async fn delete_module(State(app): State<AppState>, Path(name): Path<String>) -> Response {
    let result = async {
        check_name(&name)?;
        app.modules.remove(&name).await?;
        Ok(ok(Deleted { name: name.clone(), deleted: true }))
    }
    .await;
    audited(&name, result)
}

/// `POST /v1/modules/{name}/reload`: re-reads the module's files; a module that fails to load is
/// an error naming why, one whose folder is gone is unloaded (404).
pub async fn post_reload(State(app): State<AppState>, Path(name): Path<String>) -> Response {
    let result = async {
        check_name(&name)?;
        Ok(ok(published(app.modules.reload(&name).await?)))
    }
    .await;
    audited(&name, result)
}
