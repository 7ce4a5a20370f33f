//! The state of one module call's store: which module, what it was granted, the host's
//! services, its WASI context (preopens only: no env, no args, no sockets), memory limits and
//! time accounting.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use wasmtime::component::ResourceTable;
use wasmtime::{StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::grants::Grants;
use crate::grants::files::{DirVars, Mode};
use crate::manifest::Manifest;
use crate::services::HostServices;

/// What a call needs to know about its module.
#[derive(Debug)]
pub struct ModuleIdentity {
    pub manifest: Manifest,
    pub grants: Grants,
}

/// Store data of one call.
pub struct ModuleCtx {
    pub module: Arc<ModuleIdentity>,
    pub(crate) services: Arc<dyn HostServices>,
    pub limits: StoreLimits,
    wasi: WasiCtx,
    table: ResourceTable,
    started: Instant,
    /// Time spent inside host calls (a CLI run, an HTTP request), which the CPU budget excludes.
    pub host_time: Duration,
}

impl ModuleCtx {
    /// Builds the context, opening the module's granted directories (created when missing).
    pub fn new(module: Arc<ModuleIdentity>, services: Arc<dyn HostServices>, vars: &DirVars) -> anyhow::Result<Self> {
        let mut wasi = WasiCtxBuilder::new();
        wasi.allow_tcp(false).allow_udp(false).allow_ip_name_lookup(false);
        for grant in &module.grants.files {
            let host: PathBuf = grant.resolve(vars);
            std::fs::create_dir_all(&host)?;
            let perms = match grant.mode {
                Mode::Ro => FsPerms::ReadOnly,
                Mode::Rw => FsPerms::ReadWrite,
            };
            wasi.preopened_dir(&host, &grant.guest, perms)?;
        }
        let limits = StoreLimitsBuilder::new()
            .memory_size(module.manifest.limits.memory_mb as usize * 1024 * 1024)
            // A failed grow traps with a recognisable error instead of letting the guest's
            // allocator abort with an opaque `unreachable`.
            .trap_on_grow_failure(true)
            .instances(64)
            .tables(64)
            .memories(8)
            .build();
        Ok(Self {
            module,
            services,
            limits,
            wasi: wasi.build(),
            table: ResourceTable::new(),
            started: Instant::now(),
            host_time: Duration::ZERO,
        })
    }

    /// Time the module's own code has run (wall time minus host calls).
    pub fn guest_time(&self) -> Duration {
        self.started.elapsed().saturating_sub(self.host_time)
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
