//! A module's place in the host: loaded, pending approval (checked and compiled, never run),
//! disabled, or failed with the reason; and its report for `GET /v1/modules`.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::admission::Share;

use crate::compile_cache::CacheOutcome;
use crate::ctx::ModuleIdentity;
use crate::linked::Linked;
use crate::manifest::Manifest;
use crate::reply_cache::ReplyCache;
use crate::report::{ApprovalReport, ModuleReport, ModuleRoute, SourceKind};
use crate::trust::Approval;
use crate::trust::Trust;
use crate::types::ChannelInfo;

#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub kind: SourceKind,
    /// The module's folder (third-party modules).
    pub dir: Option<PathBuf>,
}

/// A module ready to serve.
pub struct LoadedModule {
    pub(crate) identity: Arc<ModuleIdentity>,
    pub(crate) linked: Linked,
    /// What a channel module's `info()` said at load.
    pub(crate) channel: Option<ChannelInfo>,
    pub(crate) routes: Vec<ModuleRoute>,
    pub(crate) source: Source,
    pub(crate) loaded_at: String,
    pub(crate) cache: CacheOutcome,
    pub(crate) load_ms: u64,
    pub(crate) trust: Trust,
    pub(crate) digest: String,
    pub(crate) warnings: Vec<String>,
    /// One permit per call the module may run at once.
    pub(crate) permits: Semaphore,
    /// Its part of the memory budget.
    pub(crate) share: Arc<Share>,
    /// Replies kept for the routes its manifest's `[cache]` names.
    pub(crate) reply_cache: Option<ReplyCache>,
}

/// A module that passed every check that does not run it: manifest, grants (narrowed, none
/// forbidden), limits, prefix, compilation, imports and world.
#[derive(Clone)]
pub(crate) struct Candidate {
    pub identity: Arc<ModuleIdentity>,
    pub linked: Linked,
    pub source: Source,
    pub digest: String,
    pub cache: CacheOutcome,
    pub warnings: Vec<String>,
    /// How long the checks, compiling and linking took.
    pub prepare_ms: u64,
}

pub(crate) enum Slot {
    Loaded(Arc<LoadedModule>),
    /// Awaiting an operator's approval; `previous` is an approval of other code or grants,
    /// `error` why the last approval could not load it.
    Pending {
        candidate: Box<Candidate>,
        previous: Option<Approval>,
        error: Option<String>,
    },
    Disabled {
        manifest: Option<Box<Manifest>>,
        source: Source,
        by: String,
    },
    Failed {
        manifest: Option<Box<Manifest>>,
        source: Source,
        error: String,
        digest: Option<String>,
    },
}

impl Slot {
    /// The route prefix of a module that does not serve now (pending or disabled).
    pub fn idle_prefix(&self) -> Option<&str> {
        match self {
            Self::Pending { candidate, .. } => candidate.identity.manifest.prefix.as_deref(),
            Self::Disabled { manifest: Some(m), .. } => m.prefix.as_deref(),
            _ => None,
        }
    }

    /// Why module `name` does not serve, for a 503.
    pub fn unavailable(&self, name: &str) -> String {
        match self {
            Self::Loaded(_) => format!("module {name:?} is loaded"),
            Self::Pending { .. } => format!(
                "module {name:?} is pending approval: an operator must approve it (POST /v1/modules/{name}/approve) before it serves"
            ),
            Self::Disabled { by, .. } => format!("module {name:?} is disabled (by {by})"),
            Self::Failed { error, .. } => format!("module {name:?} is not loaded: {error}"),
        }
    }

    pub fn report(&self, name: &str) -> ModuleReport {
        let blank = |status: &'static str, manifest: Option<&Manifest>, source: &Source| ModuleReport {
            name: name.to_string(),
            status,
            version: manifest.map(|m| m.version.clone()),
            world: manifest.map(|m| m.world.clone()),
            wit_version: manifest.map(|m| m.wit.clone()),
            source: source.kind.clone(),
            path: source.dir.as_ref().map(|d| d.display().to_string()),
            prefix: manifest.and_then(|m| m.prefix.clone()),
            routes: Vec::new(),
            capabilities: Vec::new(),
            grants: None,
            requested_grants: manifest.map(|m| m.grants.clone()),
            digest: None,
            trust: None,
            approval: None,
            disabled_by: None,
            limits: manifest.map(|m| m.limits.clone()),
            error: None,
            warnings: Vec::new(),
            loaded_at: None,
            compile_cache: None,
            load_ms: None,
        };
        match self {
            Self::Loaded(m) => {
                let id = &m.identity;
                ModuleReport {
                    routes: m.routes.clone(),
                    capabilities: id.grants.capability_names(),
                    grants: Some(id.grants.clone()),
                    digest: Some(m.digest.clone()),
                    trust: Some(m.trust.clone()),
                    limits: Some(id.limits.clone()),
                    warnings: m.warnings.clone(),
                    loaded_at: Some(m.loaded_at.clone()),
                    compile_cache: Some(if m.cache == CacheOutcome::Hit { "hit" } else { "miss" }),
                    load_ms: Some(m.load_ms),
                    ..blank("loaded", Some(&id.manifest), &m.source)
                }
            }
            Self::Pending { candidate, previous, error } => {
                let id = &candidate.identity;
                ModuleReport {
                    capabilities: id.grants.capability_names(),
                    grants: Some(id.grants.clone()),
                    digest: Some(candidate.digest.clone()),
                    approval: previous.as_ref().map(approval_report),
                    limits: Some(id.limits.clone()),
                    error: error.clone(),
                    warnings: candidate.warnings.clone(),
                    ..blank("pending", Some(&id.manifest), &candidate.source)
                }
            }
            Self::Disabled { manifest, source, by } => {
                ModuleReport { disabled_by: Some(by.clone()), ..blank("disabled", manifest.as_deref(), source) }
            }
            Self::Failed { manifest, source, error, digest } => ModuleReport {
                error: Some(error.clone()),
                digest: digest.clone(),
                ..blank("failed", manifest.as_deref(), source)
            },
        }
    }
}

fn approval_report(a: &Approval) -> ApprovalReport {
    ApprovalReport {
        digest: a.digest.clone(),
        grants: serde_json::from_str(&a.grants).unwrap_or(serde_json::Value::Null),
        by: a.by.clone(),
        at: chrono::DateTime::from_timestamp_millis(a.at_ms)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .unwrap_or_default(),
    }
}
