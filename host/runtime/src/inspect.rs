//! Checking a module without installing or serving it (`openclaw-buddy module check`): the
//! very checks of an install and a load — manifest, narrowed and forbidden grants, limits,
//! reserved prefixes, compilation, imports, world, then the routes or channel the module
//! describes — so an author meets the messages an operator would, before anything is written.

use serde::Serialize;

use crate::host::ModuleHost;
use crate::manifest::{Manifest, is_module_name};
use crate::report::{ModuleRoute, SourceKind};
use crate::slot::Source;
use crate::trust::{self, Trust};
use crate::types::ChannelInfo;

/// What a module that passed every check would serve.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    pub name: String,
    pub version: String,
    pub world: String,
    pub wit: String,
    /// What an operator approves (`sha256:…` of the component, then the manifest).
    pub digest: String,
    /// Full paths (prefix + route) of a domain module.
    pub routes: Vec<ModuleRoute>,
    /// What a channel module says about its channel.
    pub channel: Option<ChannelInfo>,
    /// Accepted with a change (a concurrency above the host's cap, narrowed grants…).
    pub warnings: Vec<String>,
}

impl ModuleHost {
    /// Runs every check of [`Self::install_module`] and of the load that follows it on a module
    /// given as its manifest text and component, and drops it: nothing is written or served.
    /// Describing runs the module (under a load's wall-clock limit), reaching only what this
    /// host's services offer.
    pub async fn inspect(&self, manifest_text: &str, wasm: &[u8]) -> Result<Inspection, Vec<String>> {
        let manifest = Manifest::parse(manifest_text).map_err(|e| vec![e])?;
        let name = manifest.name.clone();
        if is_module_name(&name) && self.is_builtin(&name) {
            return Err(vec![format!("the name {name:?} belongs to a built-in module")]);
        }
        let digest = trust::digest(wasm, manifest_text);
        let source = Source { kind: SourceKind::User, dir: None };
        let candidate = self.prepare(&name, manifest, source, wasm, digest).await?;
        let loaded = self.start(candidate, Trust::Declared).await?;
        let m = &loaded.identity.manifest;
        Ok(Inspection {
            name: m.name.clone(),
            version: m.version.clone(),
            world: m.world.clone(),
            wit: m.wit.clone(),
            digest: loaded.digest.clone(),
            routes: loaded.routes.clone(),
            channel: loaded.channel.clone(),
            warnings: loaded.warnings.clone(),
        })
    }
}
