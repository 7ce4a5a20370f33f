//! Calling a module: a fresh store per call (isolation) with the module's memory cap and CPU
//! budget, the call itself through [`Linked`], and failures classified into a
//! [`ModuleError`] that names the module and the cause. Every call is counted for `/metrics`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use wasmtime::{Store, Trap, UpdateDeadline};

use crate::ctx::{ModuleCtx, ModuleIdentity};
use crate::error::ModuleError;
use crate::grants::files::DirVars;
use crate::host::{LoadedModule, ModuleHost};
use crate::linked::Linked;
use crate::manifest::Limits;
use crate::types::{CapError, Change, ChannelInfo, Evidence, LoginState, ModuleInfo, Reply, Request};

/// The largest wall-clock time one request may take, host calls included.
const CALL_WALL_LIMIT: Duration = Duration::from_secs(900);

impl ModuleHost {
    fn store(&self, identity: &Arc<ModuleIdentity>) -> Result<Store<ModuleCtx>, ModuleError> {
        let vars = DirVars {
            experts: self.settings.experts_dir.clone(),
            openclaw_state: self.settings.state_dir.clone(),
            module_data: self.settings.module_data_root.join(&identity.manifest.name),
        };
        let ctx = ModuleCtx::new(identity.clone(), self.services.clone(), &vars)
            .map_err(|e| ModuleError::Failed(format!("module {:?}: {e:#}", identity.manifest.name)))?;
        let budget = Duration::from_millis(identity.manifest.limits.cpu_ms);
        let mut store = Store::new(&self.engine, ctx);
        store.limiter(|ctx| &mut ctx.limits);
        store.set_epoch_deadline(1);
        // Each tick: stop a module that used its budget, otherwise yield so one busy module
        // never holds an async worker for long.
        store.epoch_deadline_callback(move |ctx| {
            if ctx.data().guest_time() >= budget { Ok(UpdateDeadline::Interrupt) } else { Ok(UpdateDeadline::Yield(1)) }
        });
        Ok(store)
    }

    /// Runs `work` in a fresh store of the module: limits applied, failures classified and
    /// named. Calls made at load time are not counted.
    async fn run<T>(
        &self,
        identity: &Arc<ModuleIdentity>,
        what: &'static str,
        work: impl AsyncFnOnce(&mut Store<ModuleCtx>) -> wasmtime::Result<T>,
    ) -> Result<T, ModuleError> {
        let mut store = self.store(identity)?;
        work(&mut store).await.map_err(|e| classify(&identity.manifest.name, &identity.manifest.limits, e, what))
    }

    /// [`Self::run`], counted for `/metrics`.
    async fn counted<T>(
        &self,
        module: &LoadedModule,
        what: &'static str,
        work: impl AsyncFnOnce(&mut Store<ModuleCtx>) -> wasmtime::Result<T>,
    ) -> Result<T, ModuleError> {
        let started = Instant::now();
        let result = self.run(&module.identity, what, work).await;
        count_call(module.name(), &result, started);
        result
    }

    pub(crate) async fn describe(
        &self,
        identity: &Arc<ModuleIdentity>,
        linked: &Linked,
    ) -> Result<ModuleInfo, ModuleError> {
        self.run(identity, "describe", async |store| linked.describe(store).await).await
    }

    pub(crate) async fn channel_info(
        &self,
        identity: &Arc<ModuleIdentity>,
        linked: &Linked,
    ) -> Result<ChannelInfo, ModuleError> {
        self.run(identity, "info", async |store| linked.channel_info(store).await).await
    }

    /// Calls a domain module's handler in a fresh instance.
    pub async fn call(&self, module: &LoadedModule, request: Request) -> Result<Reply, ModuleError> {
        let name = module.name().to_string();
        let started = Instant::now();
        let run = self.run(&module.identity, "handle", async |store| module.linked.handle(store, &request).await);
        let result = match tokio::time::timeout(CALL_WALL_LIMIT, run).await {
            Ok(result) => result,
            Err(_) => Err(ModuleError::Timeout(format!(
                "module {name:?} did not finish within {} s",
                CALL_WALL_LIMIT.as_secs()
            ))),
        };
        count_call(&name, &result, started);
        result
    }

    /// A channel module's `config-status()`: its JSON text, or the module's refusal.
    pub async fn config_status(&self, module: &LoadedModule) -> Result<Result<String, CapError>, ModuleError> {
        self.counted(module, "config-status", async |store| module.linked.config_status(store).await).await
    }

    /// A channel module's `install()`.
    pub async fn install(&self, module: &LoadedModule) -> Result<Result<String, CapError>, ModuleError> {
        self.counted(module, "install", async |store| module.linked.install(store).await).await
    }

    /// A channel module's `login-command()`: the argv of its login process.
    pub async fn login_command(&self, module: &LoadedModule) -> Result<Result<Vec<String>, CapError>, ModuleError> {
        self.counted(module, "login-command", async |store| module.linked.login_command(store).await).await
    }

    /// A channel module's reading of its login process's output so far.
    pub async fn read_login(
        &self,
        module: &LoadedModule,
        output: &str,
        exit: Option<i32>,
    ) -> Result<LoginState, ModuleError> {
        self.counted(module, "read-login", async |store| module.linked.read_login(store, output, exit).await).await
    }

    /// The analyzer's structured diff of two JSON documents.
    pub async fn diff(&self, module: &LoadedModule, old: &str, new: &str) -> Result<Vec<Change>, ModuleError> {
        let name = module.name().to_string();
        self.counted(module, "diff", async |store| module.linked.diff(store, old, new).await)
            .await?
            .map_err(|e| ModuleError::Refused(format!("analyzer {name:?} could not diff: {e}")))
    }

    /// The analyzer's markdown report of one heal.
    pub async fn analyze(&self, module: &LoadedModule, evidence: &Evidence) -> Result<String, ModuleError> {
        self.counted(module, "analyze", async |store| module.linked.analyze(store, evidence).await).await
    }
}

/// Counts a module call for `/metrics`.
fn count_call<T>(name: &str, result: &Result<T, ModuleError>, started: Instant) {
    let outcome = match result {
        Ok(_) => "ok",
        Err(ModuleError::Timeout(_)) => "timeout",
        Err(ModuleError::OutOfMemory(_)) => "oom",
        Err(_) => "trap",
    };
    metrics::counter!("buddy_module_calls_total", "module" => name.to_string(), "outcome" => outcome).increment(1);
    metrics::histogram!("buddy_module_call_duration_seconds", "module" => name.to_string()).record(started.elapsed());
}

/// Turns a failed call into an error that names the module and the cause.
fn classify(name: &str, limits: &Limits, err: wasmtime::Error, what: &str) -> ModuleError {
    // The trap reason may sit at the root of the chain, under wasm backtrace contexts.
    let text = format!("{err:?}: {}", err.root_cause());
    if err.downcast_ref::<Trap>() == Some(&Trap::Interrupt) {
        return ModuleError::Timeout(format!(
            "module {name:?} ran past its CPU budget of {} ms in {what}() and was stopped",
            limits.cpu_ms
        ));
    }
    if text.contains("growing memory")
        || text.contains("memory growth failure")
        || text.contains("exceeds memory limits")
    {
        return ModuleError::OutOfMemory(format!(
            "module {name:?} ran out of memory (limit {} MiB) in {what}()",
            limits.memory_mb
        ));
    }
    if text.contains("maximum concurrent") || text.contains("concurrency limit") {
        return ModuleError::Unavailable(format!("module {name:?}: too many concurrent calls; retry"));
    }
    tracing::warn!(module = name, error = ?err, "module call failed");
    let cause = err.root_cause().to_string();
    ModuleError::Failed(format!("module {name:?} failed in {what}(): {}", cause.lines().next().unwrap_or("trap")))
}
