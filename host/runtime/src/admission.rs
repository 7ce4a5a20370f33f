//! Fair sharing: who may start a call now. Each module runs at most `limits.concurrency` calls
//! at once (capped by the host), so a flood of calls to one module fills its own share and is
//! refused there (503), while every other module keeps its instances. Each call reserves its
//! module's `limits.memory_mb` from one memory budget for all live instances; a call that would
//! go past the budget, or past the half of it one module may hold, is refused with 503 before
//! any instance exists. Reserving the cap (not what the call ends up using) makes the budget a
//! promise: instances together can never grow past it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::{Limit, ModuleError};

/// One module's part of the shared budget, kept across reloads of the module.
#[derive(Debug, Default)]
pub(crate) struct Share {
    held_mb: std::sync::atomic::AtomicU64,
}

/// The memory budget of all live instances.
#[derive(Debug)]
pub(crate) struct MemoryBudget {
    total_mb: u64,
    used_mb: Mutex<u64>,
    shares: Mutex<HashMap<String, Arc<Share>>>,
}

/// A call's place: its concurrency permit and its memory, both given back when dropped.
pub(crate) struct Admitted<'a> {
    _permit: SemaphorePermit<'a>,
    budget: &'a MemoryBudget,
    share: &'a Share,
    mb: u64,
}

impl MemoryBudget {
    pub fn new(total_mb: u32) -> Self {
        Self { total_mb: u64::from(total_mb), used_mb: Mutex::new(0), shares: Mutex::new(HashMap::new()) }
    }

    /// The most one module may hold at once.
    pub fn share_cap_mb(&self) -> u64 {
        self.total_mb / 2
    }

    /// The module's share (the same one for every load of the module).
    pub fn share(&self, module: &str) -> Arc<Share> {
        let mut shares = self.shares.lock().unwrap_or_else(|p| p.into_inner());
        shares.entry(module.to_string()).or_default().clone()
    }

    /// Megabytes in use by live instances.
    pub fn used_mb(&self) -> u64 {
        *self.used_mb.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Admits a call of `module`: a permit of its own, then `mb` of the budget.
    pub fn admit<'a>(
        &'a self,
        module: &str,
        permits: &'a Semaphore,
        concurrency: u32,
        share: &'a Share,
        mb: u32,
    ) -> Result<Admitted<'a>, ModuleError> {
        use std::sync::atomic::Ordering::Relaxed;
        let permit = permits.try_acquire().map_err(|_| ModuleError::Busy {
            limit: Limit::Concurrency,
            message: format!(
                "module {module:?} is already running its limit of {concurrency} calls at once; retry later"
            ),
        })?;
        let mb = u64::from(mb);
        let mut used = self.used_mb.lock().unwrap_or_else(|p| p.into_inner());
        let held = share.held_mb.load(Relaxed);
        if held + mb > self.share_cap_mb() {
            return Err(ModuleError::Busy {
                limit: Limit::Memory,
                message: format!(
                    "module {module:?} already holds {held} MiB of the module memory budget and may hold at most {} MiB (half of {} MiB); retry later",
                    self.share_cap_mb(),
                    self.total_mb
                ),
            });
        }
        if *used + mb > self.total_mb {
            return Err(ModuleError::Busy {
                limit: Limit::Memory,
                message: format!(
                    "module {module:?} needs {mb} MiB but the memory budget of all module instances ({} MiB) has {} MiB left; retry later",
                    self.total_mb,
                    self.total_mb - *used
                ),
            });
        }
        *used += mb;
        share.held_mb.fetch_add(mb, Relaxed);
        Ok(Admitted { _permit: permit, budget: self, share, mb })
    }
}

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        let mut used = self.budget.used_mb.lock().unwrap_or_else(|p| p.into_inner());
        *used = used.saturating_sub(self.mb);
        self.share.held_mb.fetch_sub(self.mb, std::sync::atomic::Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_fills_only_its_own_share() {
        let budget = MemoryBudget::new(256);
        let (greedy, other) = (budget.share("greedy"), budget.share("other"));
        let permits = Semaphore::new(8);
        let first = budget.admit("greedy", &permits, 8, &greedy, 64).expect("first");
        let _second = budget.admit("greedy", &permits, 8, &greedy, 64).expect("second");
        let refused = budget.admit("greedy", &permits, 8, &greedy, 64).err().expect("past its half");
        assert_eq!(refused.limit(), Some(Limit::Memory));
        let other_permits = Semaphore::new(1);
        let held = budget.admit("other", &other_permits, 1, &other, 64).expect("another module still runs");
        assert_eq!(
            budget.admit("other", &other_permits, 1, &other, 1).err().and_then(|e| e.limit()),
            Some(Limit::Concurrency)
        );
        drop(held);
        drop(first);
        assert_eq!(budget.used_mb(), 64, "given back when dropped");
    }

    #[test]
    fn the_whole_budget_is_never_exceeded() {
        let budget = MemoryBudget::new(100);
        let permits = Semaphore::new(8);
        let (a, b, c) = (budget.share("a"), budget.share("b"), budget.share("c"));
        let _a = budget.admit("a", &permits, 8, &a, 40).expect("a");
        let _b = budget.admit("b", &permits, 8, &b, 40).expect("b");
        let err = budget.admit("c", &permits, 8, &c, 40).err().expect("over the budget");
        assert!(err.to_string().contains("100 MiB") && err.to_string().contains("20 MiB left"), "{err}");
    }
}
