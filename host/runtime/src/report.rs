//! What `GET /v1/modules` shows of each module: loaded or why not, version, world, WIT
//! version, routes, grants, limits and how it was loaded.

use serde::Serialize;

use crate::grants::Grants;
use crate::manifest::Limits;

/// Where a module came from.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Builtin,
    User,
}

/// One route of a loaded module.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleRoute {
    pub method: String,
    /// Full path pattern (prefix + route).
    pub path: String,
    pub summary: String,
}

/// The report of one module.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleReport {
    pub name: String,
    /// `loaded`, `failed` or `disabled`.
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
    /// Capability interfaces the module is granted.
    pub capabilities: Vec<&'static str>,
    /// The grants in detail.
    pub grants: Option<Grants>,
    pub limits: Option<Limits>,
    pub error: Option<String>,
    #[serde(rename = "loadedAt")]
    pub loaded_at: Option<String>,
    /// `hit` when the compiled artifact came from the cache.
    #[serde(rename = "compileCache")]
    pub compile_cache: Option<&'static str>,
    #[serde(rename = "loadMs")]
    pub load_ms: Option<u64>,
}
