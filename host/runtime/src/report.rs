//! What `GET /v1/modules` shows of each module: loaded, pending approval, disabled or why it
//! failed; version, world, WIT version, routes; the grants it asks for, runs with and was
//! approved with; its digest and why it is trusted; limits and how it was loaded.

use serde::Serialize;

use crate::grants::Grants;
use crate::manifest::{GrantSpec, Limits};
use crate::route_api::RouteApi;
use crate::trust::Trust;

/// Where a module came from.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Builtin,
    User,
}

/// One route of a loaded module.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ModuleRoute {
    pub method: String,
    /// Full path pattern (prefix + route).
    pub path: String,
    pub summary: String,
    /// Request and reply shapes from the manifest's `[api]`, for the OpenAPI document; not
    /// part of the module report's JSON.
    #[serde(skip)]
    pub api: Option<RouteApi>,
}

/// The report of one module.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ModuleReport {
    pub name: String,
    /// `loaded`, `pending` (awaiting an operator's approval), `failed` or `disabled`.
    pub status: &'static str,
    pub version: Option<String>,
    pub world: Option<String>,
    #[serde(rename = "witVersion")]
    pub wit_version: Option<String>,
    pub source: SourceKind,
    /// Folder of a user module.
    pub path: Option<String>,
    pub prefix: Option<String>,
    pub routes: Vec<ModuleRoute>,
    /// Capability interfaces the module is granted (or would be, once approved).
    pub capabilities: Vec<&'static str>,
    /// The grants it runs with (or would run with, once approved): the requested ones as
    /// buddy.toml narrowed them.
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub grants: Option<Grants>,
    /// The grants its manifest asks for.
    #[serde(rename = "requestedGrants")]
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub requested_grants: Option<GrantSpec>,
    /// SHA-256 of `module.wasm` followed by `module.toml`, as approvals pin it.
    pub digest: Option<String>,
    /// Why it may run (built-in, approved by whom and when, or approved in buddy.toml).
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub trust: Option<Trust>,
    /// The approval on record, if any: for a pending module, what an operator approved before
    /// the module or its grants changed.
    pub approval: Option<ApprovalReport>,
    /// Who disabled it (`buddy.toml`, or the API's user).
    #[serde(rename = "disabledBy")]
    pub disabled_by: Option<String>,
    /// Limits as the host applies them (concurrency capped).
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub limits: Option<Limits>,
    pub error: Option<String>,
    /// What an operator should know: a grant narrowed, a limit capped, a folder ignored.
    pub warnings: Vec<String>,
    #[serde(rename = "loadedAt")]
    pub loaded_at: Option<String>,
    /// `hit` when the compiled artifact came from the cache.
    #[serde(rename = "compileCache")]
    pub compile_cache: Option<&'static str>,
    #[serde(rename = "loadMs")]
    pub load_ms: Option<u64>,
}

/// An approval on record.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ApprovalReport {
    pub digest: String,
    /// The grants approved.
    pub grants: serde_json::Value,
    pub by: String,
    pub at: String,
}
