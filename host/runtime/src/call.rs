//! Calling a module: admission first (the module's concurrency and the memory budget, see
//! `admission.rs`), then a fresh store per call (isolation) with the module's memory cap and
//! CPU budget, the call itself through [`Linked`] under a wall-clock limit, and failures
//! classified into a [`ModuleError`] that names the module, the call and the limit hit. Every
//! call made for a request or a hook is counted for `/metrics` by module and outcome, with the
//! limit that stopped it, so an operator sees a module that fails or outgrows its manifest
//! before its users do.

use std::sync::Arc;
use std::time::{Duration, Instant};

use wasmtime::{Store, Trap, UpdateDeadline};

use crate::ctx::{ModuleCtx, ModuleIdentity};
use crate::engine::TICK;
use crate::error::{Limit, ModuleError};
use crate::host::ModuleHost;
use crate::limits::{HOOK_WALL_CAP, LOAD_CALL_WALL, Limits};
use crate::linked::Linked;
use crate::reply::ReplyError;
use crate::slot::LoadedModule;
use crate::types::{CapError, Change, ChannelInfo, Evidence, LoginState, ModuleInfo, Reply, Request};

/// Which export is called: it decides the wall-clock limit.
#[derive(Debug, Clone, Copy)]
enum Export {
    /// Calls made while loading: [`LOAD_CALL_WALL`] at most.
    Describe,
    Info,
    /// Calls that do a request's or a task's work: the manifest's `wall_ms`.
    Handle,
    Install,
    /// Hooks the host waits on for listings and heals: [`HOOK_WALL_CAP`] at most.
    ConfigStatus,
    LoginCommand,
    ReadLogin,
    Diff,
    Analyze,
}

impl Export {
    fn name(self) -> &'static str {
        match self {
            Self::Describe => "describe",
            Self::Info => "info",
            Self::Handle => "handle",
            Self::Install => "install",
            Self::ConfigStatus => "config-status",
            Self::LoginCommand => "login-command",
            Self::ReadLogin => "read-login",
            Self::Diff => "diff",
            Self::Analyze => "analyze",
        }
    }

    fn wall(self, limits: &Limits) -> Duration {
        match self {
            Self::Describe | Self::Info => limits.wall().min(LOAD_CALL_WALL),
            Self::Handle | Self::Install => limits.wall(),
            _ => limits.wall().min(HOOK_WALL_CAP),
        }
    }
}

/// How a call ended, as `buddy_module_calls_total` counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    Trap,
    Timeout,
    Oom,
    Busy,
    InvalidReply,
}

impl Outcome {
    const ALL: [Self; 6] = [Self::Ok, Self::Trap, Self::Timeout, Self::Oom, Self::Busy, Self::InvalidReply];

    fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Trap => "trap",
            Self::Timeout => "timeout",
            Self::Oom => "oom",
            Self::Busy => "busy",
            Self::InvalidReply => "invalid_reply",
        }
    }
}

impl ModuleHost {
    fn store(&self, identity: &Arc<ModuleIdentity>) -> Result<Store<ModuleCtx>, ModuleError> {
        let vars = self.dir_vars(&identity.manifest.name);
        let ctx = ModuleCtx::new(identity.clone(), self.services.clone(), &vars, &self.settings.protected)
            .map_err(|e| ModuleError::Failed(format!("module {:?}: {e:#}", identity.manifest.name)))?;
        let budget_ticks = identity.limits.cpu_ms.div_ceil(TICK.as_millis() as u64).max(1);
        let mut store = Store::new(&self.engine, ctx);
        store.limiter(|ctx| &mut ctx.limits);
        store.set_epoch_deadline(1);
        // Called once per epoch tick while the module's own code runs (never while it waits in
        // a host call or sleeps): count the tick, stop a module past its budget, otherwise
        // yield so one busy module never holds an async worker for long.
        store.epoch_deadline_callback(move |mut ctx| {
            let ticks = &mut ctx.data_mut().cpu_ticks;
            *ticks += 1;
            if *ticks > budget_ticks { Ok(UpdateDeadline::Interrupt) } else { Ok(UpdateDeadline::Yield(1)) }
        });
        Ok(store)
    }

    /// Runs `work` in a fresh store of the module under the export's wall-clock limit, failures
    /// classified and named. No admission: load-time calls run one at a time.
    async fn run<T>(
        &self,
        identity: &Arc<ModuleIdentity>,
        export: Export,
        work: impl AsyncFnOnce(&mut Store<ModuleCtx>) -> wasmtime::Result<T>,
    ) -> Result<T, ModuleError> {
        let name = &identity.manifest.name;
        let wall = export.wall(&identity.limits);
        let mut store = self.store(identity)?;
        match tokio::time::timeout(wall, work(&mut store)).await {
            Ok(result) => result.map_err(|e| classify(name, &identity.limits, e, export.name())),
            Err(_) => Err(ModuleError::Stopped {
                limit: Limit::Wall,
                message: format!(
                    "module {name:?} ran past its wall-clock limit of {} ms in {}() (waiting and sleeping count) and was stopped",
                    wall.as_millis(),
                    export.name()
                ),
            }),
        }
    }

    /// [`Self::run`] for a loaded module: admitted first (its own concurrency, the memory
    /// budget), and counted for `/metrics`.
    async fn admitted<T>(
        &self,
        module: &LoadedModule,
        export: Export,
        work: impl AsyncFnOnce(&mut Store<ModuleCtx>) -> wasmtime::Result<T>,
    ) -> Result<T, ModuleError> {
        let started = Instant::now();
        let limits = &module.identity.limits;
        let result = match self.budget.admit(
            module.name(),
            &module.permits,
            limits.concurrency,
            &module.share,
            limits.memory_mb,
        ) {
            Ok(_admitted) => self.run(&module.identity, export, work).await,
            Err(busy) => Err(busy),
        };
        count_call(module.name(), classify_outcome(&result), started);
        result
    }

    /// Creates `module`'s call and limit-hit counters at zero for every outcome and limit, so
    /// the first failure shows in `increase()`; a counter that already counted keeps its value.
    pub fn start_call_series(module: &str) {
        for outcome in Outcome::ALL {
            let labels = [("module", module.to_string()), ("outcome", outcome.as_str().to_string())];
            metrics::counter!("buddy_module_calls_total", &labels).increment(0);
        }
        for limit in Limit::ALL {
            let labels = [("module", module.to_string()), ("limit", limit.as_str().to_string())];
            metrics::counter!("buddy_module_limit_hits_total", &labels).increment(0);
        }
    }

    pub(crate) async fn describe(
        &self,
        identity: &Arc<ModuleIdentity>,
        linked: &Linked,
    ) -> Result<ModuleInfo, ModuleError> {
        self.run(identity, Export::Describe, async |store| linked.describe(store).await).await
    }

    pub(crate) async fn channel_info(
        &self,
        identity: &Arc<ModuleIdentity>,
        linked: &Linked,
    ) -> Result<ChannelInfo, ModuleError> {
        self.run(identity, Export::Info, async |store| linked.channel_info(store).await).await
    }

    /// Calls a domain module's handler in a fresh instance, or answers from the replies its
    /// manifest lets the host keep (`reply_cache.rs`).
    pub async fn call(&self, module: &LoadedModule, request: Request) -> Result<Reply, ModuleError> {
        let Some(cache) = &module.reply_cache else { return self.handle(module, &request).await };
        if cache.covers(&request) {
            let miss = match cache.get(&request) {
                Ok(reply) => return Ok(reply),
                Err(miss) => miss,
            };
            let reply = self.handle(module, &request).await?;
            cache.keep(&request, miss, &reply);
            return Ok(reply);
        }
        if !cache.is_write(&request) {
            return self.handle(module, &request).await;
        }
        // Before (a GET running meanwhile is not kept) and after (nor is one that read
        // what the write left half done).
        cache.invalidate();
        let result = self.handle(module, &request).await;
        cache.invalidate();
        result
    }

    async fn handle(&self, module: &LoadedModule, request: &Request) -> Result<Reply, ModuleError> {
        let cap = module.identity.limits.reply_bytes();
        self.admitted(module, Export::Handle, async |store| module.linked.handle(store, request, cap).await).await
    }

    /// A channel module's `config-status()`: its JSON text, or the module's refusal.
    pub async fn config_status(&self, module: &LoadedModule) -> Result<Result<String, CapError>, ModuleError> {
        self.admitted(module, Export::ConfigStatus, async |store| module.linked.config_status(store).await).await
    }

    /// A channel module's `install()`.
    pub async fn install(&self, module: &LoadedModule) -> Result<Result<String, CapError>, ModuleError> {
        self.admitted(module, Export::Install, async |store| module.linked.install(store).await).await
    }

    /// A channel module's `login-command()`: the argv of its login process.
    pub async fn login_command(&self, module: &LoadedModule) -> Result<Result<Vec<String>, CapError>, ModuleError> {
        self.admitted(module, Export::LoginCommand, async |store| module.linked.login_command(store).await).await
    }

    /// A channel module's reading of its login process's output so far.
    pub async fn read_login(
        &self,
        module: &LoadedModule,
        output: &str,
        exit: Option<i32>,
    ) -> Result<LoginState, ModuleError> {
        self.admitted(module, Export::ReadLogin, async |store| module.linked.read_login(store, output, exit).await)
            .await
    }

    /// The analyzer's structured diff of two JSON documents (the caller masks their secrets).
    pub async fn diff(&self, module: &LoadedModule, old: &str, new: &str) -> Result<Vec<Change>, ModuleError> {
        let name = module.name().to_string();
        self.admitted(module, Export::Diff, async |store| module.linked.diff(store, old, new).await)
            .await?
            .map_err(|e| ModuleError::Refused(format!("analyzer {name:?} could not diff: {e}")))
    }

    /// The analyzer's markdown report of one heal (the caller masks the configs in it).
    pub async fn analyze(&self, module: &LoadedModule, evidence: &Evidence) -> Result<String, ModuleError> {
        self.admitted(module, Export::Analyze, async |store| module.linked.analyze(store, evidence).await).await
    }
}

/// The outcome and the limit hit, as `/metrics` counts a call.
fn classify_outcome<T>(result: &Result<T, ModuleError>) -> (Outcome, Option<Limit>) {
    match result {
        Ok(_) => (Outcome::Ok, None),
        Err(ModuleError::Busy { limit, .. }) => (Outcome::Busy, Some(*limit)),
        Err(ModuleError::Stopped { limit: limit @ (Limit::Cpu | Limit::Wall), .. }) => (Outcome::Timeout, Some(*limit)),
        Err(ModuleError::Stopped { limit: Limit::Memory, .. }) => (Outcome::Oom, Some(Limit::Memory)),
        Err(ModuleError::Stopped { limit: Limit::ReplySize, .. }) => (Outcome::InvalidReply, Some(Limit::ReplySize)),
        Err(ModuleError::Stopped { limit: Limit::Concurrency, .. }) => (Outcome::Busy, Some(Limit::Concurrency)),
        Err(ModuleError::InvalidReply(_)) => (Outcome::InvalidReply, None),
        Err(_) => (Outcome::Trap, None),
    }
}

fn count_call(name: &str, (outcome, limit): (Outcome, Option<Limit>), started: Instant) {
    metrics::counter!("buddy_module_calls_total", "module" => name.to_string(), "outcome" => outcome.as_str())
        .increment(1);
    if let Some(limit) = limit {
        metrics::counter!("buddy_module_limit_hits_total", "module" => name.to_string(), "limit" => limit.as_str())
            .increment(1);
    }
    metrics::histogram!("buddy_module_call_duration_seconds", "module" => name.to_string()).record(started.elapsed());
}

/// Turns a failed call into an error that names the module, the call and the cause.
fn classify(name: &str, limits: &Limits, err: wasmtime::Error, what: &str) -> ModuleError {
    if let Some(reply) = err.downcast_ref::<ReplyError>() {
        let message = format!("module {name:?} in {what}(): {reply}");
        return match reply {
            ReplyError::TooLarge { .. } => ModuleError::Stopped { limit: Limit::ReplySize, message },
            _ => ModuleError::InvalidReply(message),
        };
    }
    if err.downcast_ref::<Trap>() == Some(&Trap::Interrupt) {
        return ModuleError::Stopped {
            limit: Limit::Cpu,
            message: format!(
                "module {name:?} ran past its CPU budget of {} ms in {what}() and was stopped",
                limits.cpu_ms
            ),
        };
    }
    // The trap reason may sit at the root of the chain, under wasm backtrace contexts.
    let text = format!("{err:?}: {}", err.root_cause());
    if text.contains("growing memory")
        || text.contains("memory growth failure")
        || text.contains("exceeds memory limits")
    {
        return ModuleError::Stopped {
            limit: Limit::Memory,
            message: format!("module {name:?} ran out of memory (limit {} MiB) in {what}()", limits.memory_mb),
        };
    }
    if text.contains("maximum concurrent") || text.contains("concurrency limit") {
        return ModuleError::Busy {
            limit: Limit::Concurrency,
            message: format!("module {name:?}: every module instance slot of this host is in use; retry later"),
        };
    }
    tracing::warn!(module = name, error = ?err, "module call failed");
    let cause = err.root_cause().to_string();
    ModuleError::Failed(format!("module {name:?} failed in {what}(): {}", cause.lines().next().unwrap_or("trap")))
}

impl LoadedModule {
    /// The `route` label the API's metrics count this module's requests under: its prefix plus
    /// `/*`, one series per module whatever paths callers try.
    pub fn route_label(&self) -> String {
        format!("{}/*", self.identity.manifest.prefix.as_deref().unwrap_or_default().trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_classified_with_the_limit_they_hit() {
        let err = |e: ModuleError| classify_outcome::<()>(&Err(e));
        let stopped = |limit| ModuleError::Stopped { limit, message: String::new() };
        assert_eq!(classify_outcome(&Ok(())), (Outcome::Ok, None));
        assert_eq!(err(stopped(Limit::Cpu)), (Outcome::Timeout, Some(Limit::Cpu)));
        assert_eq!(err(stopped(Limit::Wall)), (Outcome::Timeout, Some(Limit::Wall)));
        assert_eq!(err(stopped(Limit::Memory)), (Outcome::Oom, Some(Limit::Memory)));
        assert_eq!(err(stopped(Limit::ReplySize)), (Outcome::InvalidReply, Some(Limit::ReplySize)));
        let busy = |limit| ModuleError::Busy { limit, message: String::new() };
        assert_eq!(err(busy(Limit::Concurrency)), (Outcome::Busy, Some(Limit::Concurrency)));
        assert_eq!(err(busy(Limit::Memory)), (Outcome::Busy, Some(Limit::Memory)));
        assert_eq!(err(ModuleError::InvalidReply("j".into())), (Outcome::InvalidReply, None));
        assert_eq!(err(ModuleError::Failed("f".into())), (Outcome::Trap, None));
        let labels: Vec<&str> = Outcome::ALL.iter().map(|o| o.as_str()).collect();
        assert_eq!(labels, ["ok", "trap", "timeout", "oom", "busy", "invalid_reply"]);
        let labels: Vec<&str> = Limit::ALL.iter().map(|l| l.as_str()).collect();
        assert_eq!(labels, ["cpu", "memory", "wall", "concurrency", "reply_size"]);
    }
}
