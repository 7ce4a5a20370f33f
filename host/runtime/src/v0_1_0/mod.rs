//! WIT `openclaw:buddy@0.1.0` (frozen in `wit/v0.1.0/`): its bindings, its capability
//! interfaces and the calls into its three worlds. This folder is the only place that names
//! 0.1.0's generated types; a new WIT version gets a folder of its own beside it.

mod bindings;
mod convert;
mod imports;
mod lazy_reply;

use wasmtime::Store;
use wasmtime::component::{InstancePre, Linker};

use crate::ctx::ModuleCtx;
use crate::types::{CapError, Change, ChannelInfo, Evidence, LoginState, ModuleInfo, Reply, Request};
use bindings::analyzer::AnalyzerModulePre;
use bindings::channel::ChannelModulePre;
use bindings::{Domain, DomainPre};

/// The interfaces of 0.1.0 this host links, by name.
pub const OFFERED: &[&str] =
    &["types", "log", "openclaw-cli", "openclaw-config", "workspace-files", "http", "kv", "events", "http-types"];

/// Adds 0.1.0's capability interfaces to `linker`.
pub fn add_to_linker(linker: &mut Linker<ModuleCtx>) -> wasmtime::Result<()> {
    Domain::add_to_linker::<_, wasmtime::component::HasSelf<_>>(linker, |ctx| ctx)
}

/// A component linked against one of 0.1.0's worlds.
#[derive(Clone)]
pub enum Linked {
    /// A domain module, with its `handle` export found once so a reply can be read lazily.
    Domain(DomainPre<ModuleCtx>, lazy_reply::Handle),
    Channel(ChannelModulePre<ModuleCtx>),
    Analyzer(AnalyzerModulePre<ModuleCtx>),
}

fn not(what: &str) -> wasmtime::Error {
    wasmtime::Error::msg(format!("the module is not {what}"))
}

impl Linked {
    /// Checks that `pre` implements `world` and keeps it ready to instantiate.
    pub fn new(world: &str, pre: InstancePre<ModuleCtx>) -> Result<Self, String> {
        let wrong = |e: wasmtime::Error| format!("does not implement the {world} world: {e:#}");
        match world {
            "domain" => {
                let handle = lazy_reply::Handle::find(&pre).map_err(wrong)?;
                DomainPre::new(pre).map(|p| Self::Domain(p, handle)).map_err(wrong)
            }
            "channel-module" => ChannelModulePre::new(pre).map(Self::Channel).map_err(wrong),
            "analyzer-module" => AnalyzerModulePre::new(pre).map(Self::Analyzer).map_err(wrong),
            other => Err(format!("world {other:?} is not part of WIT 0.1.0")),
        }
    }

    pub async fn describe(&self, store: &mut Store<ModuleCtx>) -> wasmtime::Result<ModuleInfo> {
        let Self::Domain(pre, _) = self else { return Err(not("a domain module")) };
        let instance = pre.instantiate_async(&mut *store).await?;
        Ok(convert::module_info(instance.openclaw_buddy_handler().call_describe(store).await?))
    }

    /// `handle()`, its reply checked (size first) before it leaves the module's memory.
    pub async fn handle(&self, store: &mut Store<ModuleCtx>, request: &Request, cap: usize) -> wasmtime::Result<Reply> {
        let Self::Domain(pre, handle) = self else { return Err(not("a domain module")) };
        handle.call(pre.instance_pre(), store, &convert::request(request), cap).await
    }

    pub async fn channel_info(&self, store: &mut Store<ModuleCtx>) -> wasmtime::Result<ChannelInfo> {
        let Self::Channel(pre) = self else { return Err(not("a channel")) };
        let instance = pre.instantiate_async(&mut *store).await?;
        Ok(convert::channel_info(instance.openclaw_buddy_channel().call_info(store).await?))
    }

    pub async fn config_status(&self, store: &mut Store<ModuleCtx>) -> wasmtime::Result<Result<String, CapError>> {
        let Self::Channel(pre) = self else { return Err(not("a channel")) };
        let instance = pre.instantiate_async(&mut *store).await?;
        Ok(instance.openclaw_buddy_channel().call_config_status(store).await?.map_err(Into::into))
    }

    pub async fn install(&self, store: &mut Store<ModuleCtx>) -> wasmtime::Result<Result<String, CapError>> {
        let Self::Channel(pre) = self else { return Err(not("a channel")) };
        let instance = pre.instantiate_async(&mut *store).await?;
        Ok(instance.openclaw_buddy_channel().call_install(store).await?.map_err(Into::into))
    }

    pub async fn login_command(&self, store: &mut Store<ModuleCtx>) -> wasmtime::Result<Result<Vec<String>, CapError>> {
        let Self::Channel(pre) = self else { return Err(not("a channel")) };
        let instance = pre.instantiate_async(&mut *store).await?;
        Ok(instance.openclaw_buddy_channel().call_login_command(store).await?.map_err(Into::into))
    }

    pub async fn read_login(
        &self,
        store: &mut Store<ModuleCtx>,
        output: &str,
        exit: Option<i32>,
    ) -> wasmtime::Result<LoginState> {
        let Self::Channel(pre) = self else { return Err(not("a channel")) };
        let instance = pre.instantiate_async(&mut *store).await?;
        Ok(convert::login_state(instance.openclaw_buddy_channel().call_read_login(store, output, exit).await?))
    }

    pub async fn diff(
        &self,
        store: &mut Store<ModuleCtx>,
        old: &str,
        new: &str,
    ) -> wasmtime::Result<Result<Vec<Change>, String>> {
        let Self::Analyzer(pre) = self else { return Err(not("an analyzer")) };
        let instance = pre.instantiate_async(&mut *store).await?;
        let changes = instance.openclaw_buddy_analyzer().call_diff(store, old, new).await?;
        Ok(changes.map(|c| c.into_iter().map(convert::change).collect()))
    }

    pub async fn analyze(&self, store: &mut Store<ModuleCtx>, evidence: &Evidence) -> wasmtime::Result<String> {
        let Self::Analyzer(pre) = self else { return Err(not("an analyzer")) };
        let instance = pre.instantiate_async(&mut *store).await?;
        instance.openclaw_buddy_analyzer().call_analyze(store, &convert::evidence(evidence)).await
    }
}
