//! `module check`: Buddy's load checks on a module, offline. The runtime is built from the same
//! configuration `serve` reads (protected paths, narrowing, caps, built-in prefixes, Buddy's own
//! routes), compiles into a throwaway cache and describes the module with nothing reachable, so
//! the messages are the ones an install would answer, and nothing is written.

use std::sync::Arc;

use anyhow::{Context, bail};
use buddy_runtime::ModuleHost;

use super::offline::{NoDecisions, OfflineServices};
use super::{CheckArgs, files};
use crate::config::{BuddyConfig, Overrides};

pub async fn run(args: &CheckArgs) -> anyhow::Result<()> {
    let module = files::read(&args.paths)?;
    let config = BuddyConfig::load(args.config.as_deref(), &|k| std::env::var(k).ok(), Overrides::default())?;
    let paths = config.openclaw_paths();
    let scratch = tempfile::tempdir().context("creating a scratch folder")?;
    let mut settings = crate::server::runtime_settings(&config, &paths, &crate::router::route_table());
    settings.cache_dir = args.cache_dir.clone().unwrap_or_else(|| scratch.path().join("cache"));
    settings.module_data_root = scratch.path().join("module-data");
    let host = ModuleHost::new(settings, Arc::new(OfflineServices), Arc::new(NoDecisions))?;
    eprintln!("checking {} and {}", module.manifest_path.display(), module.wasm_path.display());
    match host.inspect(&module.manifest, &module.wasm).await {
        Ok(found) => {
            let mut out = format!(
                "ok: module {} {} (world {}, WIT {}), {} KiB\ndigest {}\n",
                found.name,
                found.version,
                found.world,
                found.wit,
                module.wasm.len() / 1024,
                found.digest
            );
            for r in &found.routes {
                out.push_str(&format!("route {} {}  {}\n", r.method, r.path, r.summary));
            }
            if let Some(c) = &found.channel {
                out.push_str(&format!(
                    "channel {} ({}), OpenClaw plugin {} from {}\n",
                    c.id, c.display_name, c.plugin_id, c.plugin_package
                ));
            }
            for w in &found.warnings {
                out.push_str(&format!("warning: {w}\n"));
            }
            super::print(&out);
            Ok(())
        }
        Err(problems) => bail!("{} cannot be loaded:\n  {}", module.manifest_path.display(), problems.join("\n  ")),
    }
}
