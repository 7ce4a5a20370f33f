//! [`ModuleHost`]: discovers, loads, reloads and reports modules, and finds the one that
//! serves a route, a channel or an analysis. Loading is in `load.rs`, calling in `call.rs`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::RwLock;
use wasmtime::Engine;
use wasmtime::component::Linker;

use crate::compile_cache::CacheOutcome;
use crate::ctx::{ModuleCtx, ModuleIdentity};
use crate::error::ModuleError;
use crate::linked::Linked;
use crate::manifest::Manifest;
use crate::report::{ModuleReport, ModuleRoute, SourceKind};
use crate::services::HostServices;
use crate::types::ChannelInfo;
use crate::{imports, route_match};

/// A module shipped inside the binary.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    pub name: &'static str,
    pub manifest: &'static str,
    pub wasm: &'static [u8],
}

/// A route the host serves itself, which no module may take.
#[derive(Debug, Clone)]
pub struct ReservedRoute {
    pub method: String,
    pub path: String,
}

/// Where modules come from and what they may reach.
#[derive(Debug, Clone)]
pub struct RuntimeSettings {
    /// Folders `<name>/{module.toml,module.wasm}` of user modules.
    pub user_dir: PathBuf,
    /// Compiled artifacts.
    pub cache_dir: PathBuf,
    /// `$MODULE_DATA` of each module is `<module_data_root>/<name>`.
    pub module_data_root: PathBuf,
    /// `$EXPERTS`.
    pub experts_dir: PathBuf,
    /// `$OPENCLAW_STATE`.
    pub state_dir: PathBuf,
    /// Modules built into the binary (an empty list loads none).
    pub builtins: Vec<Builtin>,
    /// Modules that must not load.
    pub disabled: Vec<String>,
    /// The host's own routes.
    pub reserved: Vec<ReservedRoute>,
}

/// The error of a module the configuration disables.
pub(crate) const DISABLED: &str = "disabled by configuration";

#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub kind: SourceKind,
    /// The module's folder (user modules).
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
}

pub(crate) enum Slot {
    Loaded(Arc<LoadedModule>),
    Failed { manifest: Option<Box<Manifest>>, source: Source, error: String },
}

/// A route lookup's result.
pub enum Lookup {
    /// The module and the path relative to its prefix.
    Found(Arc<LoadedModule>, String),
    WrongMethod,
    Missing,
}

/// The runtime.
pub struct ModuleHost {
    pub(crate) engine: Engine,
    pub(crate) linker: Linker<ModuleCtx>,
    pub(crate) settings: RuntimeSettings,
    pub(crate) services: Arc<dyn HostServices>,
    pub(crate) slots: RwLock<BTreeMap<String, Slot>>,
}

impl ModuleHost {
    /// Builds the engine and linker; nothing is loaded yet.
    pub fn new(settings: RuntimeSettings, services: Arc<dyn HostServices>) -> anyhow::Result<Self> {
        let engine = crate::engine::build()?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        Linked::add_to_linker(&mut linker)?;
        Ok(Self { engine, linker, settings, services, slots: RwLock::new(BTreeMap::new()) })
    }

    /// Loads every built-in and user module (user modules replace built-ins of the same name).
    pub async fn load_all(&self) {
        let mut names: Vec<String> = self.settings.builtins.iter().map(|b| b.name.to_string()).collect();
        names.extend(self.user_module_names());
        names.sort();
        names.dedup();
        for name in names {
            let slot = self.load(&name).await;
            self.slots.write().await.insert(name, slot);
        }
    }

    fn user_module_names(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.settings.user_dir) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter(|e| e.path().join("module.toml").is_file())
            .filter_map(|e| e.file_name().into_string().ok())
            .collect()
    }

    /// Reloads one module from its source; the new version replaces the old atomically.
    pub async fn reload(&self, name: &str) -> Result<ModuleReport, ModuleError> {
        let known_user = self.settings.user_dir.join(name).join("module.toml").is_file();
        let known_builtin = self.settings.builtins.iter().any(|b| b.name == name);
        if !known_user && !known_builtin {
            return Err(ModuleError::NotFound(format!("no module named {name:?}")));
        }
        let slot = self.load(name).await;
        let report = slot.report(name);
        self.slots.write().await.insert(name.to_string(), slot);
        Ok(report)
    }

    /// Reports of all modules, by name.
    pub async fn reports(&self) -> Vec<ModuleReport> {
        self.slots.read().await.iter().map(|(name, slot)| slot.report(name)).collect()
    }

    /// Finds the module route for a request.
    pub async fn lookup(&self, method: &str, path: &str) -> Lookup {
        let slots = self.slots.read().await;
        let mut wrong_method = false;
        for slot in slots.values() {
            let Slot::Loaded(m) = slot else { continue };
            for r in &m.routes {
                if route_match::matches(&r.path, path) {
                    if r.method == method {
                        let prefix = m.identity.manifest.prefix.as_deref().unwrap_or_default();
                        let rel = path.strip_prefix(prefix).unwrap_or(path);
                        let rel = if rel.is_empty() { "/".to_string() } else { rel.to_string() };
                        return Lookup::Found(m.clone(), rel);
                    }
                    wrong_method = true;
                }
            }
        }
        if wrong_method { Lookup::WrongMethod } else { Lookup::Missing }
    }

    /// Loaded channel modules with their info.
    pub async fn channels(&self) -> Vec<(Arc<LoadedModule>, ChannelInfo)> {
        self.slots
            .read()
            .await
            .values()
            .filter_map(|slot| match slot {
                Slot::Loaded(m) => m.channel.clone().map(|info| (m.clone(), info)),
                Slot::Failed { .. } => None,
            })
            .collect()
    }

    /// The module serving channel `id`.
    pub async fn channel(&self, id: &str) -> Result<(Arc<LoadedModule>, ChannelInfo), ModuleError> {
        self.channels().await.into_iter().find(|(_, info)| info.id == id).ok_or_else(|| {
            ModuleError::NotFound(format!("no loaded channel module serves channel {id:?} (see GET /v1/modules)"))
        })
    }

    /// The loaded analyzer module called `name`.
    pub async fn analyzer(&self, name: &str) -> Result<Arc<LoadedModule>, ModuleError> {
        match self.slots.read().await.get(name) {
            Some(Slot::Loaded(m)) if m.identity.manifest.world == "analyzer-module" => Ok(m.clone()),
            Some(Slot::Loaded(_)) => Err(ModuleError::Unavailable(format!("module {name:?} is not an analyzer"))),
            Some(Slot::Failed { error, .. }) => {
                Err(ModuleError::Unavailable(format!("analyzer module {name:?} is not loaded: {error}")))
            }
            None => Err(ModuleError::Unavailable(format!("no analyzer module named {name:?}"))),
        }
    }

    /// The directory of user modules.
    pub fn user_dir(&self) -> &std::path::Path {
        &self.settings.user_dir
    }

    /// Refuses a component that imports an interface this host does not offer.
    pub(crate) fn check_imports(&self, component: &wasmtime::component::Component) -> Result<(), Vec<String>> {
        let unknown = imports::unknown_imports(&self.engine, component);
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(vec![format!("imports {} which this host does not offer", unknown.join(", "))])
        }
    }
}

impl Slot {
    fn report(&self, name: &str) -> ModuleReport {
        match self {
            Slot::Loaded(m) => {
                let man = &m.identity.manifest;
                ModuleReport {
                    name: name.to_string(),
                    status: "loaded",
                    version: Some(man.version.clone()),
                    world: Some(man.world.clone()),
                    wit_version: Some(man.wit.clone()),
                    source: m.source.kind.clone(),
                    path: m.source.dir.as_ref().map(|d| d.display().to_string()),
                    prefix: man.prefix.clone(),
                    routes: m.routes.clone(),
                    capabilities: m.identity.grants.capability_names(),
                    grants: Some(m.identity.grants.clone()),
                    limits: Some(man.limits.clone()),
                    error: None,
                    loaded_at: Some(m.loaded_at.clone()),
                    compile_cache: Some(if m.cache == CacheOutcome::Hit { "hit" } else { "miss" }),
                    load_ms: Some(m.load_ms),
                }
            }
            Slot::Failed { manifest, source, error } => ModuleReport {
                name: name.to_string(),
                status: if error == DISABLED { "disabled" } else { "failed" },
                version: manifest.as_ref().map(|m| m.version.clone()),
                world: manifest.as_ref().map(|m| m.world.clone()),
                wit_version: manifest.as_ref().map(|m| m.wit.clone()),
                source: source.kind.clone(),
                path: source.dir.as_ref().map(|d| d.display().to_string()),
                prefix: manifest.as_ref().and_then(|m| m.prefix.clone()),
                routes: Vec::new(),
                capabilities: Vec::new(),
                grants: None,
                limits: manifest.as_ref().map(|m| m.limits.clone()),
                error: Some(error.clone()),
                loaded_at: None,
                compile_cache: None,
                load_ms: None,
            },
        }
    }
}

impl LoadedModule {
    /// The module's name.
    pub fn name(&self) -> &str {
        &self.identity.manifest.name
    }

    /// Whether the module's cli grant allows `args`.
    pub fn allows_cli(&self, args: &[String]) -> bool {
        crate::grants::cli::any_allows(&self.identity.grants.cli, args)
    }
}
