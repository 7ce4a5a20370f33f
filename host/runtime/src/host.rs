//! [`ModuleHost`]: holds every module's slot (loaded, pending approval, disabled or failed) and
//! finds the module that serves a route, a channel or an analysis. Loading one module is in
//! `load.rs`, the operators' lifecycle (approve, disable, delete, install…) in `lifecycle.rs`,
//! calling in `call.rs`, what `GET /v1/modules` shows in `slot.rs`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::{Mutex, RwLock, watch};
use wasmtime::Engine;
use wasmtime::component::Linker;

use crate::admission::MemoryBudget;
use crate::ctx::ModuleCtx;
use crate::error::ModuleError;
use crate::grants::files::Protected;
use crate::linked::Linked;
use crate::narrowing::Narrowing;
use crate::route_match;
use crate::services::HostServices;
use crate::slot::{LoadedModule, Slot};
use crate::trust::TrustStore;
use crate::types::ChannelInfo;

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

/// Where modules come from, what they may reach, and what operators decided in buddy.toml.
#[derive(Debug, Clone)]
pub struct RuntimeSettings {
    /// Folders `<name>/{module.toml,module.wasm}` of third-party modules.
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
    /// Directories no files grant may open.
    pub protected: Vec<Protected>,
    /// The operator's narrowing of each module's grants.
    pub narrowing: BTreeMap<String, Narrowing>,
    /// Digests the operator approved in buddy.toml, by module.
    pub approved: BTreeMap<String, String>,
    /// Memory all live instances may reserve together, MiB.
    pub memory_budget_mb: u32,
    /// The host's cap on a module's `limits.concurrency`.
    pub max_concurrency: u32,
}

/// A route lookup's result.
pub enum Lookup {
    /// The module and the path relative to its prefix.
    Found(Arc<LoadedModule>, String),
    WrongMethod,
    Missing,
    /// Modules are still loading; the route may be theirs.
    Loading,
    /// The path is under the prefix of a module that does not serve now (pending approval,
    /// disabled): why.
    Unavailable(String),
}

/// The runtime.
pub struct ModuleHost {
    pub(crate) engine: Engine,
    pub(crate) linker: Linker<ModuleCtx>,
    pub(crate) settings: RuntimeSettings,
    pub(crate) services: Arc<dyn HostServices>,
    pub(crate) trust: Arc<dyn TrustStore>,
    pub(crate) budget: MemoryBudget,
    pub(crate) slots: RwLock<BTreeMap<String, Slot>>,
    /// Route prefixes no third-party module may use, each with its owner.
    pub(crate) reserved_prefixes: Vec<(String, String)>,
    /// Serializes the lifecycle (loading, approving, installing, deleting…).
    pub(crate) lifecycle: Mutex<()>,
    /// `true` once every module found at start-up has been loaded.
    pub(crate) ready: watch::Sender<bool>,
}

impl ModuleHost {
    /// Builds the engine and linker; nothing is loaded yet ([`Self::load_all`]).
    pub fn new(
        settings: RuntimeSettings,
        services: Arc<dyn HostServices>,
        trust: Arc<dyn TrustStore>,
    ) -> anyhow::Result<Self> {
        let engine = crate::engine::build()?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        Linked::add_to_linker(&mut linker)?;
        let reserved_prefixes = reserved_prefixes(&settings);
        Ok(Self {
            engine,
            linker,
            budget: MemoryBudget::new(settings.memory_budget_mb),
            settings,
            services,
            trust,
            slots: RwLock::new(BTreeMap::new()),
            reserved_prefixes,
            lifecycle: Mutex::new(()),
            ready: watch::Sender::new(false),
        })
    }

    /// Whether the modules found at start-up are still loading.
    pub fn is_loading(&self) -> bool {
        !*self.ready.borrow()
    }

    /// Waits until the modules found at start-up are loaded (or failed, or pending).
    pub async fn wait_ready(&self) {
        let mut rx = self.ready.subscribe();
        let _ = rx.wait_for(|ready| *ready).await;
    }

    /// Admits one call of `module` and gives its place back at once: all that fair sharing adds
    /// to a call (approval adds nothing: it is decided at load). The benchmark times it.
    pub fn admission_probe(&self, module: &LoadedModule) -> Result<(), ModuleError> {
        let limits = &module.identity.limits;
        self.budget.admit(module.name(), &module.permits, limits.concurrency, &module.share, limits.memory_mb).map(drop)
    }

    /// Megabytes of the memory budget reserved by running calls.
    pub fn memory_in_use_mb(&self) -> u64 {
        self.budget.used_mb()
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
        if wrong_method {
            return Lookup::WrongMethod;
        }
        for (name, slot) in slots.iter() {
            if let Some(prefix) = slot.idle_prefix()
                && under(prefix, path)
            {
                return Lookup::Unavailable(slot.unavailable(name));
            }
        }
        if self.is_loading() { Lookup::Loading } else { Lookup::Missing }
    }

    /// Loaded channel modules with their info.
    pub async fn channels(&self) -> Vec<(Arc<LoadedModule>, ChannelInfo)> {
        self.slots
            .read()
            .await
            .values()
            .filter_map(|slot| match slot {
                Slot::Loaded(m) => m.channel.clone().map(|info| (m.clone(), info)),
                _ => None,
            })
            .collect()
    }

    /// The module serving channel `id`.
    pub async fn channel(&self, id: &str) -> Result<(Arc<LoadedModule>, ChannelInfo), ModuleError> {
        if let Some(found) = self.channels().await.into_iter().find(|(_, info)| info.id == id) {
            return Ok(found);
        }
        if self.is_loading() {
            return Err(ModuleError::Unavailable(format!(
                "modules are still loading; channel {id:?} may be one of them"
            )));
        }
        Err(ModuleError::NotFound(format!("no loaded channel module serves channel {id:?} (see GET /v1/modules)")))
    }

    /// The loaded analyzer module called `name`.
    pub async fn analyzer(&self, name: &str) -> Result<Arc<LoadedModule>, ModuleError> {
        match self.slots.read().await.get(name) {
            Some(Slot::Loaded(m)) if m.identity.manifest.world == "analyzer-module" => Ok(m.clone()),
            Some(Slot::Loaded(_)) => Err(ModuleError::Unavailable(format!("module {name:?} is not an analyzer"))),
            Some(slot) => Err(ModuleError::Unavailable(format!("analyzer {}", slot.unavailable(name)))),
            None if self.is_loading() => {
                Err(ModuleError::Unavailable(format!("modules are still loading; analyzer {name:?} is not ready yet")))
            }
            None => Err(ModuleError::Unavailable(format!("no analyzer module named {name:?}"))),
        }
    }

    /// The directory of third-party modules.
    pub fn user_dir(&self) -> &std::path::Path {
        &self.settings.user_dir
    }

    /// Whether `name` is a module built into this binary.
    pub fn is_builtin(&self, name: &str) -> bool {
        self.settings.builtins.iter().any(|b| b.name == name)
    }
}

/// Whether `path` is `prefix` or below it.
pub(crate) fn under(prefix: &str, path: &str) -> bool {
    path == prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'))
}

/// The namespaces of Buddy's own routes (`/v1/<segment>` of each) and of the built-in
/// modules' prefixes, which third-party modules cannot enter.
fn reserved_prefixes(settings: &RuntimeSettings) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for b in &settings.builtins {
        if let Ok(m) = crate::manifest::Manifest::parse(b.manifest)
            && let Some(prefix) = m.prefix
        {
            out.push((prefix, format!("the built-in module {:?}", b.name)));
        }
    }
    for r in &settings.reserved {
        let mut segments = r.path.split('/').filter(|s| !s.is_empty());
        if let (Some("v1"), Some(first)) = (segments.next(), segments.next())
            && !first.starts_with('{')
        {
            let prefix = format!("/v1/{first}");
            if !out.iter().any(|(p, _)| *p == prefix) {
                out.push((prefix, "Buddy's own routes".into()));
            }
        }
    }
    out
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
