//! Calling a module: a fresh store per call (isolation) with the module's memory cap and CPU
//! budget, the call itself through [`Linked`], and failures classified into a
//! [`ModuleError`] that names the module and the cause. Every call is counted for `/metrics`
//! by module and outcome, with the limit that stopped it, so an operator sees a module that
//! fails or outgrows its manifest before its users do.

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

/// The limit a call was stopped at, as `buddy_module_limit_hits_total` counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    Cpu,
    Memory,
    Wall,
    Concurrency,
    ReplySize,
}

impl Limit {
    const ALL: [Self; 5] = [Self::Cpu, Self::Memory, Self::Wall, Self::Concurrency, Self::ReplySize];

    fn as_str(self) -> &'static str {
        match self {
            Self::Cpu => "cpu",
            Self::Memory => "memory",
            Self::Wall => "wall",
            Self::Concurrency => "concurrency",
            Self::ReplySize => "reply_size",
        }
    }
}

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
        let (result, counted) = match tokio::time::timeout(CALL_WALL_LIMIT, run).await {
            Ok(Ok(reply)) => match invalid_reply(&reply) {
                None => (Ok(reply), (Outcome::Ok, None)),
                Some(problem) => {
                    (Err(ModuleError::Failed(format!("module {name:?} {problem}"))), (Outcome::InvalidReply, None))
                }
            },
            Ok(failed) => {
                let counted = classify_outcome(&failed);
                (failed, counted)
            }
            Err(_) => (
                Err(ModuleError::Timeout(format!(
                    "module {name:?} did not finish within {} s",
                    CALL_WALL_LIMIT.as_secs()
                ))),
                (Outcome::Timeout, Some(Limit::Wall)),
            ),
        };
        count_call(&name, counted, started);
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

impl LoadedModule {
    /// The `route` label the API's metrics count this module's requests under: its prefix plus
    /// `/*`, one series per module whatever paths callers try.
    pub fn route_label(&self) -> String {
        format!("{}/*", self.identity.manifest.prefix.as_deref().unwrap_or_default().trim_end_matches('/'))
    }
}

/// The outcome, and the limit hit if any, of a call as [`ModuleHost::run`] classified it: a
/// timeout there is the CPU budget (the wall-clock cap is told apart where it is enforced), a
/// refusal for lack of a free instance is the concurrency cap.
fn classify_outcome<T>(result: &Result<T, ModuleError>) -> (Outcome, Option<Limit>) {
    match result {
        Ok(_) => (Outcome::Ok, None),
        Err(ModuleError::Timeout(_)) => (Outcome::Timeout, Some(Limit::Cpu)),
        Err(ModuleError::OutOfMemory(_)) => (Outcome::Oom, Some(Limit::Memory)),
        Err(ModuleError::Unavailable(_)) => (Outcome::Busy, Some(Limit::Concurrency)),
        Err(_) => (Outcome::Trap, None),
    }
}

/// What breaks the reply contract (a status the envelope cannot carry, data that is not
/// JSON), said after the module's name; `None` for a valid reply.
fn invalid_reply(reply: &Reply) -> Option<String> {
    if !(200..=999).contains(&reply.status) {
        return Some(format!("answered with an invalid status {}", reply.status));
    }
    let data = reply.data_json.as_deref()?;
    serde_json::from_str::<serde::de::IgnoredAny>(data).err().map(|e| format!("returned invalid JSON: {e}"))
}

/// Counts a module call for `/metrics`.
fn count_call(name: &str, (outcome, limit): (Outcome, Option<Limit>), started: Instant) {
    metrics::counter!("buddy_module_calls_total", "module" => name.to_string(), "outcome" => outcome.as_str())
        .increment(1);
    if let Some(limit) = limit {
        metrics::counter!("buddy_module_limit_hits_total", "module" => name.to_string(), "limit" => limit.as_str())
            .increment(1);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_classified_with_the_limit_they_hit() {
        let err = |e: ModuleError| classify_outcome::<()>(&Err(e));
        assert_eq!(classify_outcome(&Ok(())), (Outcome::Ok, None));
        assert_eq!(err(ModuleError::Timeout("t".into())), (Outcome::Timeout, Some(Limit::Cpu)));
        assert_eq!(err(ModuleError::OutOfMemory("m".into())), (Outcome::Oom, Some(Limit::Memory)));
        assert_eq!(err(ModuleError::Unavailable("u".into())), (Outcome::Busy, Some(Limit::Concurrency)));
        assert_eq!(err(ModuleError::Failed("f".into())), (Outcome::Trap, None));
        let labels: Vec<&str> = Outcome::ALL.iter().map(|o| o.as_str()).collect();
        assert_eq!(labels, ["ok", "trap", "timeout", "oom", "busy", "invalid_reply"]);
        let labels: Vec<&str> = Limit::ALL.iter().map(|l| l.as_str()).collect();
        assert_eq!(labels, ["cpu", "memory", "wall", "concurrency", "reply_size"]);
    }

    #[test]
    fn a_reply_must_carry_an_envelope_status_and_json_data() {
        let reply =
            |status: u16, data: Option<&str>| Reply { status, message: None, data_json: data.map(str::to_string) };
        assert_eq!(invalid_reply(&reply(200, Some(r#"{"a":[1,2]}"#))), None);
        assert_eq!(invalid_reply(&reply(404, None)), None);
        assert_eq!(invalid_reply(&reply(999, Some("null"))), None);
        assert!(invalid_reply(&reply(42, None)).is_some_and(|p| p.contains("invalid status 42")));
        assert!(invalid_reply(&reply(199, None)).is_some());
        assert!(invalid_reply(&reply(1000, None)).is_some());
        assert!(invalid_reply(&reply(200, Some("{nope"))).is_some_and(|p| p.contains("invalid JSON")));
        assert!(invalid_reply(&reply(200, Some("1 2"))).is_some(), "one JSON value, nothing after it");
    }
}
