//! [`Linked`]: a loaded component, whatever WIT version it was built against. The rest of the
//! runtime calls modules through it with version-neutral types; each variant forwards to its
//! version's folder. A new WIT version adds a variant and a folder here.

use wasmtime::Store;
use wasmtime::component::{InstancePre, Linker};

use crate::ctx::ModuleCtx;
use crate::types::{CapError, Change, ChannelInfo, Evidence, LoginState, ModuleInfo, Reply, Request};
use crate::v0_1_0;

pub use crate::manifest::SUPPORTED_WIT;

/// A component ready to instantiate, by WIT version.
#[derive(Clone)]
pub enum Linked {
    V0_1_0(v0_1_0::Linked),
}

macro_rules! forward {
    ($self:ident, $linked:ident => $call:expr) => {
        match $self {
            Linked::V0_1_0($linked) => $call,
        }
    };
}

impl Linked {
    /// Adds every version's capability interfaces to `linker`.
    pub fn add_to_linker(linker: &mut Linker<ModuleCtx>) -> wasmtime::Result<()> {
        v0_1_0::add_to_linker(linker)
    }

    /// Whether this host offers `interface` of `openclaw:buddy@version`.
    pub fn offers(version: &str, interface: &str) -> bool {
        match version {
            "0.1.0" => v0_1_0::OFFERED.contains(&interface),
            _ => false,
        }
    }

    /// Links `pre` as `world` of WIT `wit`.
    pub fn new(wit: &str, world: &str, pre: InstancePre<ModuleCtx>) -> Result<Self, String> {
        match wit {
            "0.1.0" => v0_1_0::Linked::new(world, pre).map(Self::V0_1_0),
            other => Err(format!("wit {other:?} is not offered by this host (offered: {})", SUPPORTED_WIT.join(", "))),
        }
    }

    /// `describe()` of a domain module.
    pub async fn describe(&self, store: &mut Store<ModuleCtx>) -> wasmtime::Result<ModuleInfo> {
        forward!(self, l => l.describe(store).await)
    }

    /// `handle()` of a domain module; a reply past `cap` bytes, with an invalid status or with
    /// data that is not JSON is an error ([`crate::reply::ReplyError`]).
    pub async fn handle(&self, store: &mut Store<ModuleCtx>, request: &Request, cap: usize) -> wasmtime::Result<Reply> {
        forward!(self, l => l.handle(store, request, cap).await)
    }

    /// A channel's `info()`.
    pub async fn channel_info(&self, store: &mut Store<ModuleCtx>) -> wasmtime::Result<ChannelInfo> {
        forward!(self, l => l.channel_info(store).await)
    }

    /// A channel's `config-status()`.
    pub async fn config_status(&self, store: &mut Store<ModuleCtx>) -> wasmtime::Result<Result<String, CapError>> {
        forward!(self, l => l.config_status(store).await)
    }

    /// A channel's `install()`.
    pub async fn install(&self, store: &mut Store<ModuleCtx>) -> wasmtime::Result<Result<String, CapError>> {
        forward!(self, l => l.install(store).await)
    }

    /// A channel's `login-command()`.
    pub async fn login_command(&self, store: &mut Store<ModuleCtx>) -> wasmtime::Result<Result<Vec<String>, CapError>> {
        forward!(self, l => l.login_command(store).await)
    }

    /// A channel's `read-login()`.
    pub async fn read_login(
        &self,
        store: &mut Store<ModuleCtx>,
        output: &str,
        exit: Option<i32>,
    ) -> wasmtime::Result<LoginState> {
        forward!(self, l => l.read_login(store, output, exit).await)
    }

    /// An analyzer's `diff()`.
    pub async fn diff(
        &self,
        store: &mut Store<ModuleCtx>,
        old: &str,
        new: &str,
    ) -> wasmtime::Result<Result<Vec<Change>, String>> {
        forward!(self, l => l.diff(store, old, new).await)
    }

    /// An analyzer's `analyze()`.
    pub async fn analyze(&self, store: &mut Store<ModuleCtx>, evidence: &Evidence) -> wasmtime::Result<String> {
        forward!(self, l => l.analyze(store, evidence).await)
    }
}
