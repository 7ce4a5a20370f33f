//! [`ModuleHost`]: discovers, loads, reloads, reports and calls modules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::RwLock;
use wasmtime::component::Linker;
use wasmtime::{Engine, Store, Trap, UpdateDeadline};

use super::bindings::v0_1_0::analyzer::AnalyzerModulePre;
use super::bindings::v0_1_0::analyzer::exports::openclaw::buddy::analyzer::{Change, Evidence};
use super::bindings::v0_1_0::channel::exports::openclaw::buddy::channel::ChannelInfo;
use super::bindings::v0_1_0::channel::{ChannelModule, ChannelModulePre};
use super::bindings::v0_1_0::exports::openclaw::buddy::handler::{ModuleInfo, Request, Response};
use super::bindings::v0_1_0::{Domain, DomainPre};
use super::compile_cache::{self, CacheOutcome};
use super::ctx::{ModuleCtx, ModuleIdentity};
use super::grants::files::DirVars;
use super::manifest::{Limits, Manifest};
use super::{builtins, imports, route_match};
use crate::app_state::AppState;
use crate::config::BuddyConfig;
use crate::db::Db;
use crate::error::ApiError;

/// Where a module came from.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Builtin,
    User,
}

#[derive(Debug, Clone)]
struct Source {
    kind: SourceKind,
    /// The module's folder (user modules).
    dir: Option<PathBuf>,
}

/// One route of a loaded module.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleRoute {
    pub method: String,
    /// Full path pattern (prefix + route).
    pub path: String,
    pub summary: String,
}

/// A linked module, by world.
enum Kind {
    Domain(DomainPre<ModuleCtx>),
    Analyzer(AnalyzerModulePre<ModuleCtx>),
    /// A channel, with what its `info()` said at load.
    Channel(ChannelModulePre<ModuleCtx>, ChannelInfo),
}

/// A module ready to serve.
pub struct LoadedModule {
    identity: Arc<ModuleIdentity>,
    kind: Kind,
    routes: Vec<ModuleRoute>,
    source: Source,
    loaded_at: String,
    cache: CacheOutcome,
    load_ms: u64,
}

enum Slot {
    Loaded(Arc<LoadedModule>),
    Failed { manifest: Option<Box<Manifest>>, source: Source, error: String },
}

/// What `GET /v1/modules` shows of one module.
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
    pub grants: Option<super::grants::Grants>,
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

/// The runtime.
pub struct ModuleHost {
    engine: Engine,
    linker: Linker<ModuleCtx>,
    user_dir: PathBuf,
    cache_dir: PathBuf,
    module_data_root: PathBuf,
    experts_dir: PathBuf,
    load_builtins: bool,
    disabled: Vec<String>,
    slots: RwLock<BTreeMap<String, Slot>>,
}

/// A route lookup's result.
pub enum Lookup {
    Found(Arc<LoadedModule>, String),
    WrongMethod,
    Missing,
}

/// The largest wall-clock time one call may take, host calls included.
const CALL_WALL_LIMIT: Duration = Duration::from_secs(900);

impl ModuleHost {
    /// Builds the engine and linker; nothing is loaded yet.
    pub fn new(config: &BuddyConfig, _db: Db) -> anyhow::Result<Self> {
        let engine = super::engine::build()?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        Domain::add_to_linker::<_, wasmtime::component::HasSelf<_>>(&mut linker, |ctx| ctx)?;
        Ok(Self {
            engine,
            linker,
            user_dir: config.modules_dir(),
            cache_dir: config.data_dir.join("cache").join("modules"),
            module_data_root: config.data_dir.join("module-data"),
            experts_dir: config.experts_dir(),
            load_builtins: config.modules.builtins,
            disabled: config.modules.disabled.clone(),
            slots: RwLock::new(BTreeMap::new()),
        })
    }

    /// Loads every built-in and user module (user modules replace built-ins of the same name).
    pub async fn load_all(&self, app: &AppState) {
        if self.load_builtins
            && self.modules_dir_is_default(app)
            && let Err(e) = builtins::seed_experts(&self.experts_dir)
        {
            tracing::warn!(error = %e, "cannot write the built-in expert templates");
        }
        let mut names: Vec<String> = Vec::new();
        if self.load_builtins {
            names.extend(builtins::BUILTINS.iter().map(|b| b.name.to_string()));
        }
        names.extend(self.user_module_names());
        names.sort();
        names.dedup();
        for name in names {
            let slot = self.load(app, &name).await;
            self.slots.write().await.insert(name, slot);
        }
    }

    fn modules_dir_is_default(&self, app: &AppState) -> bool {
        app.config.modules.experts_dir.is_none()
    }

    fn user_module_names(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.user_dir) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter(|e| e.path().join("module.toml").is_file())
            .filter_map(|e| e.file_name().into_string().ok())
            .collect()
    }

    /// Reloads one module from its source; the new version replaces the old atomically.
    pub async fn reload(&self, app: &AppState, name: &str) -> Result<ModuleReport, ApiError> {
        let known_user = self.user_dir.join(name).join("module.toml").is_file();
        let known_builtin = self.load_builtins && builtins::BUILTINS.iter().any(|b| b.name == name);
        if !known_user && !known_builtin {
            return Err(ApiError::NotFound(format!("no module named {name:?}")));
        }
        let slot = self.load(app, name).await;
        let report = report(name, &slot);
        self.slots.write().await.insert(name.to_string(), slot);
        Ok(report)
    }

    /// Reports of all modules, by name.
    pub async fn reports(&self) -> Vec<ModuleReport> {
        self.slots.read().await.iter().map(|(name, slot)| report(name, slot)).collect()
    }

    async fn load(&self, app: &AppState, name: &str) -> Slot {
        let user_dir = self.user_dir.join(name);
        let (source, manifest_text, wasm) = if user_dir.join("module.toml").is_file() {
            let source = Source { kind: SourceKind::User, dir: Some(user_dir.clone()) };
            let text = match std::fs::read_to_string(user_dir.join("module.toml")) {
                Ok(t) => t,
                Err(e) => {
                    return Slot::Failed { manifest: None, source, error: format!("module.toml: {e}") };
                }
            };
            match std::fs::read(user_dir.join("module.wasm")) {
                Ok(w) => (source, text, std::borrow::Cow::Owned(w)),
                Err(e) => {
                    return Slot::Failed {
                        manifest: Manifest::parse(&text).ok().map(Box::new),
                        source,
                        error: format!("module.wasm: {e}"),
                    };
                }
            }
        } else if let Some(b) = builtins::BUILTINS.iter().find(|b| b.name == name) {
            (
                Source { kind: SourceKind::Builtin, dir: None },
                b.manifest.to_string(),
                std::borrow::Cow::Borrowed(b.wasm),
            )
        } else {
            return Slot::Failed {
                manifest: None,
                source: Source { kind: SourceKind::User, dir: Some(user_dir) },
                error: "module not found".into(),
            };
        };
        let manifest = match Manifest::parse(&manifest_text) {
            Ok(m) => m,
            Err(e) => {
                return Slot::Failed { manifest: None, source, error: e };
            }
        };
        if self.disabled.iter().any(|d| d == name) {
            return Slot::Failed {
                manifest: Some(Box::new(manifest)),
                source,
                error: "disabled by configuration".into(),
            };
        }
        match self.load_checked(app, name, manifest.clone(), source.clone(), &wasm).await {
            Ok(loaded) => {
                tracing::info!(module = name, routes = loaded.routes.len(), cache = ?loaded.cache, ms = loaded.load_ms, "module loaded");
                Slot::Loaded(Arc::new(loaded))
            }
            Err(problems) => {
                let error = problems.join("; ");
                tracing::warn!(module = name, %error, "module failed to load");
                Slot::Failed { manifest: Some(Box::new(manifest)), source, error }
            }
        }
    }

    async fn load_checked(
        &self,
        app: &AppState,
        name: &str,
        manifest: Manifest,
        source: Source,
        wasm: &[u8],
    ) -> Result<LoadedModule, Vec<String>> {
        let started = Instant::now();
        let mut problems = match manifest.check() {
            Ok(_) => Vec::new(),
            Err(p) => p,
        };
        if manifest.name != name {
            problems.push(format!("manifest name {:?} differs from the module's folder {name:?}", manifest.name));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let grants = manifest.check()?;
        let (engine, dir, bytes) = (self.engine.clone(), self.cache_dir.clone(), wasm.to_vec());
        // Compiling is CPU-bound (hundreds of ms): keep it off the async workers.
        let (component, cache) = tokio::task::spawn_blocking(move || compile_cache::load(&engine, &dir, &bytes))
            .await
            .map_err(|e| vec![e.to_string()])?
            .map_err(|e| vec![format!("not a valid component: {e:#}")])?;
        let unknown = imports::unknown_imports(&self.engine, &component);
        if !unknown.is_empty() {
            return Err(vec![format!("imports {} which this host does not offer", unknown.join(", "))]);
        }
        let pre = self.linker.instantiate_pre(&component).map_err(|e| vec![format!("cannot link: {e:#}")])?;
        let identity = Arc::new(ModuleIdentity { manifest, grants });
        let (kind, routes) = if identity.manifest.world == "domain" {
            let pre = DomainPre::new(pre).map_err(|e| vec![format!("does not implement the domain world: {e:#}")])?;
            let info = self.describe(app, &identity, &pre).await.map_err(|e| vec![e.to_string()])?;
            let routes = self.check_routes(&identity.manifest, &info).await?;
            (Kind::Domain(pre), routes)
        } else if identity.manifest.world == "channel-module" {
            let pre = ChannelModulePre::new(pre)
                .map_err(|e| vec![format!("does not implement the channel-module world: {e:#}")])?;
            let info = self.channel_info(app, &identity, &pre).await.map_err(|e| vec![e.to_string()])?;
            self.check_channel(&identity.manifest.name, &info).await?;
            (Kind::Channel(pre, info), Vec::new())
        } else {
            let pre = AnalyzerModulePre::new(pre)
                .map_err(|e| vec![format!("does not implement the analyzer-module world: {e:#}")])?;
            (Kind::Analyzer(pre), Vec::new())
        };
        Ok(LoadedModule {
            identity,
            kind,
            routes,
            source,
            loaded_at: crate::time::rfc3339_ms(crate::time::now_ms()),
            cache,
            load_ms: started.elapsed().as_millis() as u64,
        })
    }

    async fn check_routes(&self, manifest: &Manifest, info: &ModuleInfo) -> Result<Vec<ModuleRoute>, Vec<String>> {
        let mut problems = Vec::new();
        if info.name != manifest.name {
            problems.push(format!("describe() says name {:?} but the manifest says {:?}", info.name, manifest.name));
        }
        let native = crate::api::router::route_table();
        let slots = self.slots.read().await;
        let mut routes = Vec::new();
        for r in &info.routes {
            let method = r.method.to_ascii_uppercase();
            if !matches!(method.as_str(), "GET" | "POST" | "PUT" | "PATCH" | "DELETE") {
                problems.push(format!("route {} {}: unsupported method", r.method, r.path));
                continue;
            }
            if !r.path.starts_with('/') {
                problems.push(format!("route {} {}: path must start with /", r.method, r.path));
                continue;
            }
            let full = route_match::join(manifest.prefix.as_deref().unwrap_or_default(), &r.path);
            if native.iter().any(|n| n.method.as_str() == method && route_match::overlaps(n.path, &full)) {
                problems.push(format!("route {method} {full} collides with a built-in route"));
            }
            for (other, slot) in slots.iter() {
                if let Slot::Loaded(m) = slot
                    && other != &manifest.name
                    && m.routes.iter().any(|o| o.method == method && route_match::overlaps(&o.path, &full))
                {
                    problems.push(format!("route {method} {full} collides with module {other:?}"));
                }
            }
            routes.push(ModuleRoute { method, path: full, summary: r.summary.clone() });
        }
        if routes.is_empty() && problems.is_empty() {
            problems.push("describe() lists no routes".into());
        }
        if problems.is_empty() { Ok(routes) } else { Err(problems) }
    }

    fn store(&self, app: &AppState, identity: &Arc<ModuleIdentity>) -> anyhow::Result<Store<ModuleCtx>> {
        let vars = DirVars {
            experts: self.experts_dir.clone(),
            openclaw_state: app.paths.state_dir.clone(),
            module_data: self.module_data_root.join(&identity.manifest.name),
        };
        let ctx = ModuleCtx::new(identity.clone(), app.clone(), &vars)?;
        let budget = Duration::from_millis(identity.manifest.limits.cpu_ms);
        let mut store = Store::new(&self.engine, ctx);
        store.limiter(|ctx| &mut ctx.limits);
        store.set_epoch_deadline(1);
        // Each tick: stop a module that used its budget, otherwise yield so one busy module
        // never holds an async worker for long.
        store.epoch_deadline_callback(move |ctx| {
            if ctx.data().guest_time() >= budget { Ok(UpdateDeadline::Interrupt) } else { Ok(UpdateDeadline::Yield(1)) }
        });
        Ok(store)
    }

    async fn describe(
        &self,
        app: &AppState,
        identity: &Arc<ModuleIdentity>,
        pre: &DomainPre<ModuleCtx>,
    ) -> Result<ModuleInfo, ApiError> {
        let mut store = self
            .store(app, identity)
            .map_err(|e| ApiError::Internal(format!("module {:?}: {e:#}", identity.manifest.name)))?;
        let name = identity.manifest.name.clone();
        let limits = identity.manifest.limits.clone();
        let run = async {
            let instance = pre.instantiate_async(&mut store).await?;
            instance.openclaw_buddy_handler().call_describe(&mut store).await
        };
        run.await.map_err(|e| classify(&name, &limits, e, "describe"))
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

    /// Calls a module's handler in a fresh instance.
    pub async fn call(&self, app: &AppState, module: &LoadedModule, request: Request) -> Result<Response, ApiError> {
        let identity = &module.identity;
        let name = identity.manifest.name.clone();
        let Kind::Domain(pre) = &module.kind else {
            return Err(ApiError::Internal(format!("module {name:?} serves no routes")));
        };
        let mut store = self.store(app, identity).map_err(|e| ApiError::Internal(format!("module {name:?}: {e:#}")))?;
        let run = async {
            let instance = pre.instantiate_async(&mut store).await?;
            instance.openclaw_buddy_handler().call_handle(&mut store, &request).await
        };
        let started = Instant::now();
        let result = match tokio::time::timeout(CALL_WALL_LIMIT, run).await {
            Ok(result) => result.map_err(|e| classify(&name, &identity.manifest.limits, e, "handle")),
            Err(_) => Err(ApiError::UpstreamTimeout(format!(
                "module {name:?} did not finish within {} s",
                CALL_WALL_LIMIT.as_secs()
            ))),
        };
        count_call(&name, &result, started);
        result
    }

    async fn channel_info(
        &self,
        app: &AppState,
        identity: &Arc<ModuleIdentity>,
        pre: &ChannelModulePre<ModuleCtx>,
    ) -> Result<ChannelInfo, ApiError> {
        let mut store = self
            .store(app, identity)
            .map_err(|e| ApiError::Internal(format!("module {:?}: {e:#}", identity.manifest.name)))?;
        let run = async {
            let instance = pre.instantiate_async(&mut store).await?;
            instance.openclaw_buddy_channel().call_info(&mut store).await
        };
        run.await.map_err(|e| classify(&identity.manifest.name, &identity.manifest.limits, e, "info"))
    }

    /// A channel id must be valid and served by one module only.
    async fn check_channel(&self, name: &str, info: &ChannelInfo) -> Result<(), Vec<String>> {
        if !crate::api::validate::is_id(&info.id) {
            return Err(vec![format!("info() names channel id {:?}, which is not a valid id", info.id)]);
        }
        for (other, slot) in self.slots.read().await.iter() {
            if let Slot::Loaded(m) = slot
                && let Kind::Channel(_, i) = &m.kind
                && other != name
                && i.id == info.id
            {
                return Err(vec![format!("channel {:?} is already served by module {other:?}", info.id)]);
            }
        }
        Ok(())
    }

    /// Loaded channel modules with their info, by module name.
    pub async fn channels(&self) -> Vec<(Arc<LoadedModule>, ChannelInfo)> {
        self.slots
            .read()
            .await
            .values()
            .filter_map(|slot| match slot {
                Slot::Loaded(m) => match &m.kind {
                    Kind::Channel(_, info) => Some((m.clone(), info.clone())),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    /// The module serving channel `id`.
    pub async fn channel(&self, id: &str) -> Result<(Arc<LoadedModule>, ChannelInfo), ApiError> {
        self.channels().await.into_iter().find(|(_, info)| info.id == id).ok_or_else(|| {
            ApiError::NotFound(format!("no loaded channel module serves channel {id:?} (see GET /v1/modules)"))
        })
    }

    /// Calls one of a channel module's hooks in a fresh instance.
    pub async fn channel_call<T>(
        &self,
        app: &AppState,
        module: &LoadedModule,
        what: &'static str,
        call: impl AsyncFnOnce(&ChannelModule, &mut Store<ModuleCtx>) -> wasmtime::Result<T>,
    ) -> Result<T, ApiError> {
        let Kind::Channel(pre, _) = &module.kind else {
            return Err(ApiError::Internal(format!("module {:?} is not a channel", module.name())));
        };
        self.fresh_call(app, module, what, async |store| {
            let instance = pre.instantiate_async(&mut *store).await?;
            call(&instance, store).await
        })
        .await
    }

    /// Runs `work` in a fresh store of `module`: limits applied, failures classified and named,
    /// the call counted for `/metrics`.
    async fn fresh_call<T>(
        &self,
        app: &AppState,
        module: &LoadedModule,
        what: &'static str,
        work: impl AsyncFnOnce(&mut Store<ModuleCtx>) -> wasmtime::Result<T>,
    ) -> Result<T, ApiError> {
        let name = module.name();
        let mut store =
            self.store(app, &module.identity).map_err(|e| ApiError::Internal(format!("module {name:?}: {e:#}")))?;
        let started = Instant::now();
        let result = work(&mut store).await.map_err(|e| classify(name, &module.identity.manifest.limits, e, what));
        count_call(name, &result, started);
        result
    }

    /// The loaded analyzer module called `name`.
    pub async fn analyzer(&self, name: &str) -> Result<Arc<LoadedModule>, ApiError> {
        match self.slots.read().await.get(name) {
            Some(Slot::Loaded(m)) if matches!(m.kind, Kind::Analyzer(_)) => Ok(m.clone()),
            Some(Slot::Loaded(_)) => Err(ApiError::Unavailable(format!("module {name:?} is not an analyzer"))),
            Some(Slot::Failed { error, .. }) => {
                Err(ApiError::Unavailable(format!("analyzer module {name:?} is not loaded: {error}")))
            }
            None => Err(ApiError::Unavailable(format!("no analyzer module named {name:?}"))),
        }
    }

    async fn analyzer_call<T>(
        &self,
        app: &AppState,
        module: &LoadedModule,
        what: &'static str,
        call: impl AsyncFnOnce(
            &super::bindings::v0_1_0::analyzer::AnalyzerModule,
            &mut Store<ModuleCtx>,
        ) -> wasmtime::Result<T>,
    ) -> Result<T, ApiError> {
        let Kind::Analyzer(pre) = &module.kind else {
            return Err(ApiError::Internal(format!("module {:?} is not an analyzer", module.name())));
        };
        self.fresh_call(app, module, what, async |store| {
            let instance = pre.instantiate_async(&mut *store).await?;
            call(&instance, store).await
        })
        .await
    }

    /// The analyzer's structured diff of two JSON documents.
    pub async fn diff(
        &self,
        app: &AppState,
        module: &LoadedModule,
        old: &str,
        new: &str,
    ) -> Result<Vec<Change>, ApiError> {
        let name = module.identity.manifest.name.clone();
        self.analyzer_call(app, module, "diff", async |i, store| {
            i.openclaw_buddy_analyzer().call_diff(store, old, new).await
        })
        .await?
        .map_err(|e| ApiError::Unprocessable(format!("analyzer {name:?} could not diff: {e}")))
    }

    /// The analyzer's markdown report of one heal.
    pub async fn analyze(
        &self,
        app: &AppState,
        module: &LoadedModule,
        evidence: &Evidence,
    ) -> Result<String, ApiError> {
        self.analyzer_call(app, module, "analyze", async |i, store| {
            i.openclaw_buddy_analyzer().call_analyze(store, evidence).await
        })
        .await
    }

    /// The directory of user modules.
    pub fn user_dir(&self) -> &Path {
        &self.user_dir
    }
}

/// Counts a module call for `/metrics`.
fn count_call<T>(name: &str, result: &Result<T, ApiError>, started: Instant) {
    let outcome = match result {
        Ok(_) => "ok",
        Err(ApiError::UpstreamTimeout(_)) => "timeout",
        Err(ApiError::Internal(m)) if m.contains("out of memory") => "oom",
        Err(_) => "trap",
    };
    crate::metrics::inc("buddy_module_calls_total", vec![("module", name.to_string()), ("outcome", outcome.into())]);
    crate::metrics::observe(
        "buddy_module_call_duration_seconds",
        vec![("module", name.to_string())],
        started.elapsed().as_secs_f64(),
    );
}

/// Turns a failed call into an envelope error that names the module and the cause.
fn classify(name: &str, limits: &Limits, err: wasmtime::Error, what: &str) -> ApiError {
    // The trap reason may sit at the root of the chain, under wasm backtrace contexts.
    let text = format!("{err:?}: {}", err.root_cause());
    if err.downcast_ref::<Trap>() == Some(&Trap::Interrupt) {
        return ApiError::UpstreamTimeout(format!(
            "module {name:?} ran past its CPU budget of {} ms in {what}() and was stopped",
            limits.cpu_ms
        ));
    }
    if text.contains("growing memory")
        || text.contains("memory growth failure")
        || text.contains("exceeds memory limits")
    {
        return ApiError::Internal(format!(
            "module {name:?} ran out of memory (limit {} MiB) in {what}()",
            limits.memory_mb
        ));
    }
    if text.contains("maximum concurrent") || text.contains("concurrency limit") {
        return ApiError::Unavailable(format!("module {name:?}: too many concurrent calls; retry"));
    }
    tracing::warn!(module = name, error = ?err, "module call failed");
    let cause = err.root_cause().to_string();
    ApiError::Internal(format!("module {name:?} failed in {what}(): {}", cause.lines().next().unwrap_or("trap")))
}

fn report(name: &str, slot: &Slot) -> ModuleReport {
    match slot {
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
            status: if error == "disabled by configuration" { "disabled" } else { "failed" },
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

impl LoadedModule {
    /// The module's name.
    pub fn name(&self) -> &str {
        &self.identity.manifest.name
    }

    /// Whether the module's cli grant allows `args`.
    pub fn allows_cli(&self, args: &[String]) -> bool {
        super::grants::cli::any_allows(&self.identity.grants.cli, args)
    }
}
