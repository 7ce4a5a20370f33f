//! Loading one module: read its manifest and wasm, check every rule without running it (all
//! problems reported together: manifest, narrowed grants, forbidden grants, limits, reserved
//! prefixes), compile (or load the cached artifact) and link it — a [`Candidate`]. A built-in or
//! approved candidate is then started: asked to describe itself under a short wall-clock limit,
//! its routes checked against Buddy's own and every loaded module's. Any other candidate waits
//! for approval without ever running.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::Semaphore;

use crate::compile_cache;
use crate::ctx::ModuleIdentity;
use crate::grants::files::DirVars;
use crate::host::{ModuleHost, under};
use crate::linked::Linked;
use crate::manifest::Manifest;
use crate::reply_cache::ReplyCache;
use crate::report::{ModuleRoute, SourceKind};
use crate::route_api;
use crate::route_match;
use crate::slot::{Candidate, LoadedModule, Slot, Source};
use crate::trust::{self, Decision, Trust};
use crate::types::{ChannelInfo, ModuleInfo};

/// Who disabled a module listed in buddy.toml's `[modules] disabled`.
pub(crate) const BY_CONFIG: &str = "buddy.toml";

/// A module's files as read.
pub(crate) struct Files<'a> {
    pub source: Source,
    pub manifest: String,
    pub wasm: Cow<'a, [u8]>,
}

impl ModuleHost {
    /// Reads a module's files: a built-in, else the folder in the modules directory.
    pub(crate) fn read(&self, name: &str) -> Result<Files<'static>, Slot> {
        if let Some(b) = self.settings.builtins.iter().find(|b| b.name == name) {
            let source = Source { kind: SourceKind::Builtin, dir: None };
            return Ok(Files { source, manifest: b.manifest.to_string(), wasm: Cow::Borrowed(b.wasm) });
        }
        let dir = self.settings.user_dir.join(name);
        let source = Source { kind: SourceKind::User, dir: Some(dir.clone()) };
        let failed = |manifest: Option<Box<Manifest>>, error: String| Slot::Failed {
            manifest,
            source: source.clone(),
            error,
            digest: None,
        };
        let manifest =
            std::fs::read_to_string(dir.join("module.toml")).map_err(|e| failed(None, format!("module.toml: {e}")))?;
        let wasm = std::fs::read(dir.join("module.wasm"))
            .map_err(|e| failed(Manifest::parse(&manifest).ok().map(Box::new), format!("module.wasm: {e}")))?;
        Ok(Files { source, manifest, wasm: Cow::Owned(wasm) })
    }

    /// Loads module `name` from its files into a slot (not inserted).
    pub(crate) async fn load(&self, name: &str) -> Slot {
        let files = match self.read(name) {
            Ok(f) => f,
            Err(slot) => return slot,
        };
        let slot = self.load_files(name, files).await;
        match &slot {
            Slot::Loaded(m) => {
                tracing::info!(module = name, routes = m.routes.len(), cache = ?m.cache, ms = m.load_ms, "module loaded")
            }
            Slot::Pending { .. } => tracing::warn!(module = name, "module is pending an operator's approval"),
            Slot::Failed { error, .. } => tracing::warn!(module = name, %error, "module failed to load"),
            Slot::Disabled { by, .. } => tracing::info!(module = name, %by, "module is disabled"),
        }
        slot
    }

    pub(crate) async fn load_files(&self, name: &str, files: Files<'_>) -> Slot {
        let Files { source, manifest: text, wasm } = files;
        let manifest = match Manifest::parse(&text) {
            Ok(m) => m,
            Err(e) => return Slot::Failed { manifest: None, source, error: e, digest: None },
        };
        let digest = trust::digest(&wasm, &text);
        if self.settings.disabled.iter().any(|d| d == name) {
            return Slot::Disabled { manifest: Some(Box::new(manifest)), source, by: BY_CONFIG.into() };
        }
        let decision = match self.trust.decision(name).await {
            Ok(d) => d,
            Err(e) => {
                let error = format!("cannot read operators' decisions: {e}");
                return Slot::Failed { manifest: Some(Box::new(manifest)), source, error, digest: Some(digest) };
            }
        };
        if let Some(by) = decision.disabled_by.clone() {
            return Slot::Disabled { manifest: Some(Box::new(manifest)), source, by };
        }
        let candidate = match self.prepare(name, manifest.clone(), source.clone(), &wasm, digest.clone()).await {
            Ok(mut c) => {
                let shadow = self.settings.user_dir.join(name);
                if matches!(source.kind, SourceKind::Builtin) && shadow.join("module.toml").is_file() {
                    c.warnings.push(format!(
                        "the folder {} is ignored: a third-party module cannot take a built-in module's name",
                        shadow.display()
                    ));
                }
                c
            }
            Err(problems) => {
                let error = problems.join("; ");
                return Slot::Failed { manifest: Some(Box::new(manifest)), source, error, digest: Some(digest) };
            }
        };
        match self.trust_of(name, &candidate, &decision) {
            Some(trust) => self.start_slot(candidate, trust).await,
            None => Slot::Pending { candidate: Box::new(candidate), previous: decision.approval, error: None },
        }
    }

    /// Why a candidate may run, if it may: built-in, approved for exactly this digest and
    /// these grants, or approved by digest in buddy.toml.
    fn trust_of(&self, name: &str, candidate: &Candidate, decision: &Decision) -> Option<Trust> {
        if matches!(candidate.source.kind, SourceKind::Builtin) {
            return Some(Trust::Builtin);
        }
        if let Some(a) = &decision.approval
            && a.digest == candidate.digest
            && a.grants == trust::pinned(&candidate.identity.grants)
        {
            let at = chrono::DateTime::from_timestamp_millis(a.at_ms)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
                .unwrap_or_default();
            return Some(Trust::Approved { by: a.by.clone(), at });
        }
        (self.settings.approved.get(name) == Some(&candidate.digest)).then_some(Trust::Declared)
    }

    /// Starts a candidate, or reports why it cannot.
    pub(crate) async fn start_slot(&self, candidate: Candidate, trust: Trust) -> Slot {
        let (manifest, source, digest) =
            (candidate.identity.manifest.clone(), candidate.source.clone(), candidate.digest.clone());
        match self.start(candidate, trust).await {
            Ok(m) => Slot::Loaded(Arc::new(m)),
            Err(problems) => Slot::Failed {
                manifest: Some(Box::new(manifest)),
                source,
                error: problems.join("; "),
                digest: Some(digest),
            },
        }
    }

    /// Every check that does not run the module, then compilation and linking.
    pub(crate) async fn prepare(
        &self,
        name: &str,
        manifest: Manifest,
        source: Source,
        wasm: &[u8],
        digest: String,
    ) -> Result<Candidate, Vec<String>> {
        let started = Instant::now();
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        if manifest.name != name {
            problems.push(format!("manifest name {:?} differs from the module's folder {name:?}", manifest.name));
        }
        if let Err(more) = manifest.check() {
            problems.extend(more);
        }
        let builtin = matches!(source.kind, SourceKind::Builtin);
        let spec = match self.settings.narrowing.get(name) {
            Some(n) => match n.apply(&manifest.grants) {
                Ok(spec) => {
                    if spec != manifest.grants {
                        warnings.push("grants narrowed by buddy.toml".to_string());
                    }
                    spec
                }
                Err(more) => {
                    problems.extend(more);
                    manifest.grants.clone()
                }
            },
            None => manifest.grants.clone(),
        };
        let grants = match spec.compile() {
            Ok(g) => g,
            Err(more) => {
                problems.extend(more);
                return Err(dedup(problems));
            }
        };
        let vars = self.dir_vars(name);
        for f in &grants.files {
            if let Err(e) = f.check_protected(&vars, &self.settings.protected) {
                problems.push(e);
            }
        }
        let mut limits = manifest.limits.clone();
        if limits.concurrency > self.settings.max_concurrency {
            warnings.push(format!(
                "limits.concurrency {} lowered to this host's cap of {}",
                limits.concurrency, self.settings.max_concurrency
            ));
            limits.concurrency = self.settings.max_concurrency;
        }
        if u64::from(limits.memory_mb) > self.budget.share_cap_mb() {
            problems.push(format!(
                "limits.memory_mb {} is more than one module may hold of this host's memory budget ({} MiB)",
                limits.memory_mb,
                self.budget.share_cap_mb()
            ));
        }
        if !builtin && let Some(prefix) = &manifest.prefix {
            // The most specific owner names the collision best.
            let owner = self
                .reserved_prefixes
                .iter()
                .filter(|(reserved, _)| under(reserved, prefix) || under(prefix, reserved))
                .max_by_key(|(reserved, _)| reserved.len());
            if let Some((reserved, owner)) = owner {
                problems.push(format!(
                    "prefix {prefix} collides with {owner} ({reserved}): that namespace is reserved whatever the load order"
                ));
            }
        }
        if !problems.is_empty() {
            return Err(dedup(problems));
        }
        let (engine, dir, bytes) = (self.engine.clone(), self.settings.cache_dir.clone(), wasm.to_vec());
        // Compiling is CPU-bound (hundreds of ms): keep it off the async workers.
        let (component, cache) = tokio::task::spawn_blocking(move || compile_cache::load(&engine, &dir, &bytes))
            .await
            .map_err(|e| vec![e.to_string()])?
            .map_err(|e| vec![format!("not a valid component: {e:#}")])?;
        self.check_imports(&component)?;
        let pre = self.linker.instantiate_pre(&component).map_err(|e| vec![format!("cannot link: {e:#}")])?;
        let linked = Linked::new(&manifest.wit, &manifest.world, pre).map_err(|e| vec![e])?;
        let identity = Arc::new(ModuleIdentity { manifest, grants, limits });
        let prepare_ms = started.elapsed().as_millis() as u64;
        Ok(Candidate { identity, linked, source, digest, cache, warnings, prepare_ms })
    }

    /// Runs a trusted candidate for the first time: describe it and check what it claims.
    pub(crate) async fn start(&self, candidate: Candidate, trust: Trust) -> Result<LoadedModule, Vec<String>> {
        let started = Instant::now();
        let Candidate { identity, linked, source, digest, cache, warnings, prepare_ms } = candidate;
        let third_party = !matches!(source.kind, SourceKind::Builtin);
        if third_party && let Some(prefix) = &identity.manifest.prefix {
            self.check_prefix_free(&identity.manifest.name, prefix).await?;
        }
        let mut reply_cache = None;
        let (routes, channel) = match identity.manifest.world.as_str() {
            "domain" => {
                let info = self.describe(&identity, &linked).await.map_err(|e| vec![e.to_string()])?;
                let routes = self.check_routes(&identity.manifest, &info).await?;
                reply_cache = self.reply_cache(&identity, &info)?;
                (routes, None)
            }
            "channel-module" => {
                let info = self.channel_info(&identity, &linked).await.map_err(|e| vec![e.to_string()])?;
                self.check_channel(&identity.manifest.name, &info).await?;
                (Vec::new(), Some(info))
            }
            _ => (Vec::new(), None),
        };
        let name = &identity.manifest.name;
        Ok(LoadedModule {
            permits: Semaphore::new(identity.limits.concurrency as usize),
            share: self.budget.share(name),
            channel,
            routes,
            source,
            loaded_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            cache,
            // Checking and compiling, then describing.
            load_ms: prepare_ms + started.elapsed().as_millis() as u64,
            trust,
            digest,
            warnings,
            linked,
            identity,
            reply_cache,
        })
    }

    /// The module's reply cache when its manifest asks for one, every cached route being one
    /// of the GET routes `describe()` lists.
    fn reply_cache(&self, identity: &ModuleIdentity, info: &ModuleInfo) -> Result<Option<ReplyCache>, Vec<String>> {
        let Some(spec) = &identity.manifest.cache else { return Ok(None) };
        let gets: Vec<&str> =
            info.routes.iter().filter(|r| r.method.eq_ignore_ascii_case("GET")).map(|r| r.path.as_str()).collect();
        let unlisted = spec.unlisted(&gets);
        if !unlisted.is_empty() {
            return Err(vec![format!(
                "cache.routes: {} not among the GET routes describe() lists ({})",
                unlisted.join(", "),
                gets.join(", ")
            )]);
        }
        let vars = self.dir_vars(&identity.manifest.name);
        let dirs = identity.grants.files.iter().map(|f| f.resolve(&vars)).collect();
        Ok(Some(ReplyCache::new(spec.clone(), dirs)))
    }

    /// What `$EXPERTS`, `$OPENCLAW_STATE` and `$MODULE_DATA` stand for in module `name`'s grants.
    pub(crate) fn dir_vars(&self, name: &str) -> DirVars {
        DirVars {
            experts: self.settings.experts_dir.clone(),
            openclaw_state: self.settings.state_dir.clone(),
            module_data: self.settings.module_data_root.join(name),
        }
    }

    /// A third-party prefix may not overlap another loaded third-party module's: modules load
    /// in name order, so the first by name keeps it, and an approval never takes it over.
    async fn check_prefix_free(&self, name: &str, prefix: &str) -> Result<(), Vec<String>> {
        for (other, slot) in self.slots.read().await.iter() {
            if let Slot::Loaded(m) = slot
                && other != name
                && let Some(theirs) = &m.identity.manifest.prefix
                && (under(theirs, prefix) || under(prefix, theirs))
            {
                return Err(vec![format!("prefix {prefix} collides with the prefix {theirs} of module {other:?}")]);
            }
        }
        Ok(())
    }

    async fn check_routes(&self, manifest: &Manifest, info: &ModuleInfo) -> Result<Vec<ModuleRoute>, Vec<String>> {
        let mut problems = Vec::new();
        if info.name != manifest.name {
            problems.push(format!("describe() says name {:?} but the manifest says {:?}", info.name, manifest.name));
        }
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
            if self.settings.reserved.iter().any(|n| n.method == method && route_match::overlaps(&n.path, &full)) {
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
            let api = route_api::find(&manifest.api, &method, &r.path);
            routes.push(ModuleRoute { method, path: full, summary: r.summary.clone(), api });
        }
        let listed: Vec<(&str, &str)> = info.routes.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
        let unlisted = route_api::unlisted(&manifest.api, &listed);
        if !unlisted.is_empty() {
            let described: Vec<String> =
                info.routes.iter().map(|r| format!("{} {}", r.method.to_ascii_uppercase(), r.path)).collect();
            problems.push(format!(
                "api: {} not among the routes describe() lists ({})",
                unlisted.iter().map(|k| format!("{k:?}")).collect::<Vec<_>>().join(", "),
                described.join(", ")
            ));
        }
        if routes.is_empty() && problems.is_empty() {
            problems.push("describe() lists no routes".into());
        }
        if problems.is_empty() { Ok(routes) } else { Err(problems) }
    }

    /// A channel id must be valid and served by one module only.
    async fn check_channel(&self, name: &str, info: &ChannelInfo) -> Result<(), Vec<String>> {
        if !buddy_rules::is_id(&info.id) {
            return Err(vec![format!("info() names channel id {:?}, which is not a valid id", info.id)]);
        }
        for (other, slot) in self.slots.read().await.iter() {
            if let Slot::Loaded(m) = slot
                && let Some(i) = &m.channel
                && other != name
                && i.id == info.id
            {
                return Err(vec![format!("channel {:?} is already served by module {other:?}", info.id)]);
            }
        }
        Ok(())
    }

    /// Refuses a component that imports an interface this host does not offer.
    pub(crate) fn check_imports(&self, component: &wasmtime::component::Component) -> Result<(), Vec<String>> {
        let unknown = crate::imports::unknown_imports(&self.engine, component);
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(vec![format!("imports {} which this host does not offer", unknown.join(", "))])
        }
    }
}

fn dedup(mut problems: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    problems.retain(|p| seen.insert(p.clone()));
    problems
}
