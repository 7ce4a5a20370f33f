//! Loading one module: read its manifest and wasm, check every rule (all problems reported
//! together), compile (or load the cached artifact), link it to its world, and ask it to
//! describe itself — routes checked against the host's reserved routes and other modules.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Instant;

use crate::compile_cache;
use crate::ctx::ModuleIdentity;
use crate::host::{DISABLED, LoadedModule, ModuleHost, Slot, Source};
use crate::linked::Linked;
use crate::manifest::Manifest;
use crate::report::{ModuleRoute, SourceKind};
use crate::route_match;
use crate::types::{ChannelInfo, ModuleInfo};

impl ModuleHost {
    pub(crate) async fn load(&self, name: &str) -> Slot {
        let user_dir = self.settings.user_dir.join(name);
        let (source, manifest_text, wasm) = if user_dir.join("module.toml").is_file() {
            let source = Source { kind: SourceKind::User, dir: Some(user_dir.clone()) };
            let text = match std::fs::read_to_string(user_dir.join("module.toml")) {
                Ok(t) => t,
                Err(e) => return Slot::Failed { manifest: None, source, error: format!("module.toml: {e}") },
            };
            match std::fs::read(user_dir.join("module.wasm")) {
                Ok(w) => (source, text, Cow::Owned(w)),
                Err(e) => {
                    let manifest = Manifest::parse(&text).ok().map(Box::new);
                    return Slot::Failed { manifest, source, error: format!("module.wasm: {e}") };
                }
            }
        } else if let Some(b) = self.settings.builtins.iter().find(|b| b.name == name) {
            (Source { kind: SourceKind::Builtin, dir: None }, b.manifest.to_string(), Cow::Borrowed(b.wasm))
        } else {
            let source = Source { kind: SourceKind::User, dir: Some(user_dir) };
            return Slot::Failed { manifest: None, source, error: "module not found".into() };
        };
        let manifest = match Manifest::parse(&manifest_text) {
            Ok(m) => m,
            Err(e) => return Slot::Failed { manifest: None, source, error: e },
        };
        if self.settings.disabled.iter().any(|d| d == name) {
            return Slot::Failed { manifest: Some(Box::new(manifest)), source, error: DISABLED.into() };
        }
        match self.load_checked(name, manifest.clone(), source.clone(), &wasm).await {
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
        name: &str,
        manifest: Manifest,
        source: Source,
        wasm: &[u8],
    ) -> Result<LoadedModule, Vec<String>> {
        let started = Instant::now();
        let mut problems = manifest.check().err().unwrap_or_default();
        if manifest.name != name {
            problems.push(format!("manifest name {:?} differs from the module's folder {name:?}", manifest.name));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let grants = manifest.check()?;
        let (engine, dir, bytes) = (self.engine.clone(), self.settings.cache_dir.clone(), wasm.to_vec());
        // Compiling is CPU-bound (hundreds of ms): keep it off the async workers.
        let (component, cache) = tokio::task::spawn_blocking(move || compile_cache::load(&engine, &dir, &bytes))
            .await
            .map_err(|e| vec![e.to_string()])?
            .map_err(|e| vec![format!("not a valid component: {e:#}")])?;
        self.check_imports(&component)?;
        let pre = self.linker.instantiate_pre(&component).map_err(|e| vec![format!("cannot link: {e:#}")])?;
        let linked = Linked::new(&manifest.wit, &manifest.world, pre).map_err(|e| vec![e])?;
        let identity = Arc::new(ModuleIdentity { manifest, grants });
        let (routes, channel) = match identity.manifest.world.as_str() {
            "domain" => {
                let info = self.describe(&identity, &linked).await.map_err(|e| vec![e.to_string()])?;
                (self.check_routes(&identity.manifest, &info).await?, None)
            }
            "channel-module" => {
                let info = self.channel_info(&identity, &linked).await.map_err(|e| vec![e.to_string()])?;
                self.check_channel(&identity.manifest.name, &info).await?;
                (Vec::new(), Some(info))
            }
            _ => (Vec::new(), None),
        };
        Ok(LoadedModule {
            identity,
            linked,
            channel,
            routes,
            source,
            loaded_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            cache,
            load_ms: started.elapsed().as_millis() as u64,
        })
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
            routes.push(ModuleRoute { method, path: full, summary: r.summary.clone() });
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
}
