//! The state of one module call's store: which module, what it was granted, the host's
//! services, its WASI context (preopens only: no env, no args, no sockets), memory limits and
//! CPU accounting.

use std::path::PathBuf;
use std::sync::Arc;

use wasmtime::component::ResourceTable;
use wasmtime::{StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::grants::Grants;
use crate::grants::files::{DirVars, Mode, Protected};
use crate::manifest::{Limits, Manifest};
use crate::services::HostServices;

/// What a call needs to know about its module.
#[derive(Debug)]
pub struct ModuleIdentity {
    pub manifest: Manifest,
    /// What the module runs with: the manifest's grants as the operator narrowed them.
    pub grants: Grants,
    /// The manifest's limits as the host capped them.
    pub limits: Limits,
}

/// Store data of one call.
pub struct ModuleCtx {
    pub module: Arc<ModuleIdentity>,
    pub(crate) services: Arc<dyn HostServices>,
    pub limits: StoreLimits,
    wasi: WasiCtx,
    table: ResourceTable,
    /// Epoch ticks during which the module's own code was running: its CPU time, in ticks. A
    /// tick spent waiting in a host call or asleep is not one of them.
    pub cpu_ticks: u64,
}

impl ModuleCtx {
    /// Builds the context, opening the module's granted directories (created when missing),
    /// each checked again against the protected paths (a symlink may have appeared since load).
    pub fn new(
        module: Arc<ModuleIdentity>,
        services: Arc<dyn HostServices>,
        vars: &DirVars,
        protected: &[Protected],
    ) -> anyhow::Result<Self> {
        let mut wasi = WasiCtxBuilder::new();
        wasi.allow_tcp(false).allow_udp(false).allow_ip_name_lookup(false);
        for grant in &module.grants.files {
            grant.check_protected(vars, protected).map_err(anyhow::Error::msg)?;
            let host: PathBuf = grant.resolve(vars);
            std::fs::create_dir_all(&host)?;
            let perms = match grant.mode {
                Mode::Ro => FsPerms::ReadOnly,
                Mode::Rw => FsPerms::ReadWrite,
            };
            wasi.preopened_dir(&host, &grant.guest, perms)?;
        }
        let limits = StoreLimitsBuilder::new()
            .memory_size(module.limits.memory_mb as usize * 1024 * 1024)
            // A failed grow traps with a recognisable error instead of letting the guest's
            // allocator abort with an opaque `unreachable`.
            .trap_on_grow_failure(true)
            .instances(64)
            .tables(64)
            .memories(8)
            .build();
        Ok(Self { module, services, limits, wasi: wasi.build(), table: ResourceTable::new(), cpu_ticks: 0 })
    }

    /// The module's name.
    pub fn name(&self) -> &str {
        &self.module.manifest.name
    }
}

impl WasiView for ModuleCtx {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}
