//! The operators' side of modules, one change at a time: load everything at start-up, reload
//! one, approve, disable, enable, delete and install.
//!
//! Load order is deterministic: built-in modules first, then third-party modules, each group by
//! name. Built-ins thus always hold their routes and channels before any third-party module is
//! looked at, and between two third-party modules the first by name keeps a contested prefix.

use std::path::Path;

use crate::error::ModuleError;
use crate::host::ModuleHost;
use crate::load::{BY_CONFIG, Files};
use crate::manifest::{Manifest, is_module_name};
use crate::report::{ModuleReport, SourceKind};
use crate::slot::{Slot, Source};
use crate::trust::{self, Approval, Trust};

impl ModuleHost {
    /// Loads every built-in and third-party module, then marks the host ready.
    pub async fn load_all(&self) {
        let _one_at_a_time = self.lifecycle.lock().await;
        let mut builtins: Vec<&str> = self.settings.builtins.iter().map(|b| b.name).collect();
        builtins.sort_unstable();
        for name in builtins {
            let slot = self.load(name).await;
            self.slots.write().await.insert(name.to_string(), slot);
        }
        for name in self.user_module_names() {
            if self.is_builtin(&name) {
                tracing::warn!(module = %name, "ignoring a third-party module folder named like a built-in module");
                continue;
            }
            let slot = self.load(&name).await;
            self.slots.write().await.insert(name, slot);
        }
        self.ready.send_replace(true);
    }

    /// Folders of the modules directory that hold a manifest, by name.
    fn user_module_names(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.settings.user_dir) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .flatten()
            .filter(|e| e.path().join("module.toml").is_file())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| is_module_name(n))
            .collect();
        names.sort();
        names
    }

    /// Reports of all modules, by name.
    pub async fn reports(&self) -> Vec<ModuleReport> {
        self.slots.read().await.iter().map(|(name, slot)| slot.report(name)).collect()
    }

    /// The report of one module.
    pub async fn report(&self, name: &str) -> Result<ModuleReport, ModuleError> {
        self.slots.read().await.get(name).map(|s| s.report(name)).ok_or_else(|| not_found(name))
    }

    /// Reloads one module from its files; the new slot replaces the old at once. A module
    /// whose folder is gone is removed (its routes stop); one that fails to load is an error
    /// naming why.
    pub async fn reload(&self, name: &str) -> Result<ModuleReport, ModuleError> {
        let _one_at_a_time = self.lifecycle.lock().await;
        self.reload_locked(name).await
    }

    async fn reload_locked(&self, name: &str) -> Result<ModuleReport, ModuleError> {
        let on_disk = self.is_builtin(name) || self.settings.user_dir.join(name).join("module.toml").is_file();
        if !on_disk {
            return match self.slots.write().await.remove(name) {
                Some(_) => Err(ModuleError::NotFound(format!(
                    "module {name:?} is no longer in the modules directory; it was unloaded and its routes removed"
                ))),
                None => Err(not_found(name)),
            };
        }
        let slot = self.load(name).await;
        let report = slot.report(name);
        let failure = match &slot {
            Slot::Failed { error, .. } => Some(error.clone()),
            _ => None,
        };
        self.slots.write().await.insert(name.to_string(), slot);
        match failure {
            Some(error) => Err(ModuleError::Rejected(format!("module {name:?} failed to load: {error}"))),
            None => Ok(report),
        }
    }

    /// Approves a pending module as it is now (`expected`, when given, must be its digest: what
    /// the operator reviewed) and starts it. The approval is kept only if the module starts.
    pub async fn approve(&self, name: &str, expected: Option<&str>, by: &str) -> Result<ModuleReport, ModuleError> {
        let _one_at_a_time = self.lifecycle.lock().await;
        let candidate = match self.slots.read().await.get(name) {
            None => return Err(not_found(name)),
            Some(Slot::Pending { candidate, .. }) => (**candidate).clone(),
            Some(Slot::Loaded(m)) if matches!(m.trust, Trust::Builtin) => {
                return Err(ModuleError::Conflict(format!(
                    "module {name:?} is built in and trusted; it needs no approval"
                )));
            }
            Some(slot @ Slot::Loaded(m)) => {
                return match expected {
                    Some(d) if d != m.digest => Err(digest_changed(name, &m.digest, d)),
                    _ => Ok(slot.report(name)),
                };
            }
            Some(Slot::Disabled { .. }) => {
                return Err(ModuleError::Conflict(format!("module {name:?} is disabled; enable it first")));
            }
            Some(Slot::Failed { error, .. }) => {
                return Err(ModuleError::Conflict(format!(
                    "module {name:?} failed to load ({error}); fix it and reload it before approving"
                )));
            }
        };
        if let Some(d) = expected
            && d != candidate.digest
        {
            return Err(digest_changed(name, &candidate.digest, d));
        }
        let at_ms = chrono::Utc::now().timestamp_millis();
        let approval = Approval {
            digest: candidate.digest.clone(),
            grants: trust::pinned(&candidate.identity.grants),
            by: by.to_string(),
            at_ms,
        };
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let started = self.start(candidate.clone(), Trust::Approved { by: by.to_string(), at }).await;
        let module = match started {
            Ok(m) => m,
            Err(problems) => {
                let error = problems.join("; ");
                if let Some(Slot::Pending { error: e, .. }) = self.slots.write().await.get_mut(name) {
                    *e = Some(format!("the last approval could not start it: {error}"));
                }
                return Err(ModuleError::Rejected(format!(
                    "module {name:?} was not approved: it cannot start: {error}"
                )));
            }
        };
        self.trust
            .approve(name, &approval)
            .await
            .map_err(|e| ModuleError::Failed(format!("cannot record the approval: {e}")))?;
        let slot = Slot::Loaded(std::sync::Arc::new(module));
        let report = slot.report(name);
        self.slots.write().await.insert(name.to_string(), slot);
        tracing::info!(module = name, by, digest = %approval.digest, "module approved");
        Ok(report)
    }

    /// Disables a module (kept across restarts); its routes stop at once.
    pub async fn disable(&self, name: &str, by: &str) -> Result<ModuleReport, ModuleError> {
        let _one_at_a_time = self.lifecycle.lock().await;
        let (manifest, source) = match self.slots.read().await.get(name) {
            None => return Err(not_found(name)),
            Some(slot @ Slot::Disabled { .. }) => return Ok(slot.report(name)),
            Some(slot) => slot_origin(slot),
        };
        self.trust
            .set_disabled(name, Some(by))
            .await
            .map_err(|e| ModuleError::Failed(format!("cannot record it: {e}")))?;
        let slot = Slot::Disabled { manifest, source, by: by.to_string() };
        let report = slot.report(name);
        self.slots.write().await.insert(name.to_string(), slot);
        Ok(report)
    }

    /// Enables a module disabled through the API and loads it (pending, if it needs approval).
    pub async fn enable(&self, name: &str) -> Result<ModuleReport, ModuleError> {
        let _one_at_a_time = self.lifecycle.lock().await;
        if !self.slots.read().await.contains_key(name) {
            return Err(not_found(name));
        }
        if self.settings.disabled.iter().any(|d| d == name) {
            return Err(ModuleError::Conflict(format!(
                "module {name:?} is disabled in {BY_CONFIG} ([modules] disabled); enable it there"
            )));
        }
        self.trust.set_disabled(name, None).await.map_err(|e| ModuleError::Failed(format!("cannot record it: {e}")))?;
        self.reload_locked(name).await
    }

    /// Deletes a third-party module: its routes stop at once, then its folder, its data and
    /// operators' decisions about it are removed.
    pub async fn remove(&self, name: &str) -> Result<(), ModuleError> {
        let _one_at_a_time = self.lifecycle.lock().await;
        if self.is_builtin(name) {
            return Err(ModuleError::Conflict(format!(
                "module {name:?} is built in; disable it instead (POST /v1/modules/{name}/disable)"
            )));
        }
        let dir = self.settings.user_dir.join(name);
        let known = self.slots.write().await.remove(name).is_some();
        if !known && !dir.exists() {
            return Err(not_found(name));
        }
        let failed =
            |what: &str, e: std::io::Error| ModuleError::Failed(format!("cannot remove {what} of {name:?}: {e}"));
        remove_dir(&dir).map_err(|e| failed("the folder", e))?;
        remove_dir(&self.settings.module_data_root.join(name)).map_err(|e| failed("the data", e))?;
        self.trust.forget(name).await.map_err(|e| ModuleError::Failed(format!("cannot forget {name:?}: {e}")))?;
        tracing::info!(module = name, "module deleted");
        Ok(())
    }

    /// Installs (or, with `replace`, updates) a third-party module from its manifest and
    /// component: every check that does not run it and a compilation happen first, then the
    /// files are written atomically and the module is loaded, pending approval unless this
    /// exact module and grants were approved already.
    pub async fn install_module(
        &self,
        manifest_text: &str,
        wasm: &[u8],
        replace: bool,
    ) -> Result<ModuleReport, ModuleError> {
        let _one_at_a_time = self.lifecycle.lock().await;
        let manifest = Manifest::parse(manifest_text).map_err(ModuleError::Rejected)?;
        let name = manifest.name.clone();
        if !is_module_name(&name) {
            return Err(ModuleError::Rejected(format!("manifest name {name:?} must match ^[a-z][a-z0-9-]{{0,31}}$")));
        }
        if self.is_builtin(&name) {
            return Err(ModuleError::Conflict(format!("the name {name:?} belongs to a built-in module")));
        }
        let dir = self.settings.user_dir.join(&name);
        if dir.exists() && !replace {
            return Err(ModuleError::Conflict(format!(
                "module {name:?} is already installed; send \"replace\": true to update it (it will need approval again)"
            )));
        }
        let source = Source { kind: SourceKind::User, dir: Some(dir.clone()) };
        let files = Files { source: source.clone(), manifest: manifest_text.to_string(), wasm: wasm.into() };
        let digest = trust::digest(&files.wasm, &files.manifest);
        self.prepare(&name, manifest, source, wasm, digest)
            .await
            .map_err(|p| ModuleError::Rejected(format!("module {name:?} cannot be installed: {}", p.join("; "))))?;
        write_atomically(&self.settings.user_dir, &name, &files.manifest, wasm)
            .map_err(|e| ModuleError::Failed(format!("cannot write module {name:?}: {e}")))?;
        tracing::info!(module = %name, "module installed");
        self.reload_locked(&name).await
    }
}

fn not_found(name: &str) -> ModuleError {
    ModuleError::NotFound(format!("no module named {name:?}"))
}

fn digest_changed(name: &str, now: &str, expected: &str) -> ModuleError {
    ModuleError::Conflict(format!("module {name:?} is now {now}, not {expected}: review it again before approving"))
}

/// The manifest and source a slot was loaded from.
fn slot_origin(slot: &Slot) -> (Option<Box<Manifest>>, Source) {
    match slot {
        Slot::Loaded(m) => (Some(Box::new(m.identity.manifest.clone())), m.source.clone()),
        Slot::Pending { candidate, .. } => {
            (Some(Box::new(candidate.identity.manifest.clone())), candidate.source.clone())
        }
        Slot::Disabled { manifest, source, .. } | Slot::Failed { manifest, source, .. } => {
            (manifest.clone(), source.clone())
        }
    }
}

fn remove_dir(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Writes `<root>/<name>/{module.toml,module.wasm}` so a reader sees the old module or the new
/// one, never half of either: both files go into a fresh folder, which replaces the old by
/// renames.
fn write_atomically(root: &Path, name: &str, manifest: &str, wasm: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(root)?;
    let stamp = format!("{}-{}", std::process::id(), chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default());
    let fresh = root.join(format!(".install-{name}-{stamp}"));
    std::fs::create_dir(&fresh)?;
    let written = std::fs::write(fresh.join("module.wasm"), wasm)
        .and_then(|_| std::fs::write(fresh.join("module.toml"), manifest))
        .and_then(|_| std::fs::File::open(fresh.join("module.wasm"))?.sync_all())
        .and_then(|_| std::fs::File::open(fresh.join("module.toml"))?.sync_all());
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(e);
    }
    let target = root.join(name);
    let old = root.join(format!(".old-{name}-{stamp}"));
    let had_old = target.exists();
    if had_old {
        std::fs::rename(&target, &old)?;
    }
    if let Err(e) = std::fs::rename(&fresh, &target) {
        if had_old {
            let _ = std::fs::rename(&old, &target);
        }
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(e);
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}
