//! The one wasmtime engine: component model, async host calls, the pooling allocator (fast
//! fresh instances per request) and epoch interruption (a cheap CPU deadline; fuel measured
//! 20–50 % slower here), driven by a ticker thread.

use std::time::Duration;

use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use crate::limits::MAX_MEMORY_MB;

/// How often the epoch advances; the granularity of CPU deadlines.
pub const TICK: Duration = Duration::from_millis(10);
/// Concurrent module instances the pool holds.
pub const POOL_INSTANCES: u32 = 128;

/// Builds the engine and starts its ticker.
pub fn build() -> anyhow::Result<Engine> {
    let engine = Engine::new(&config())?;
    let weak = engine.weak();
    std::thread::Builder::new().name("wasm-epoch".into()).spawn(move || {
        while let Some(engine) = weak.upgrade() {
            engine.increment_epoch();
            drop(engine);
            std::thread::sleep(TICK);
        }
    })?;
    Ok(engine)
}

/// An engine for one compile, dropped right after. Its code is what the serving engine would
/// produce (same settings, so the same compatibility hash); only instances are allocated on
/// demand, as it never runs any. An engine keeps the compiler's working memory (several MiB
/// per compiling thread) for reuse as long as it lives: the serving engine never compiling
/// means that memory goes away with the compile instead of staying resident for good.
pub fn compiler() -> anyhow::Result<Engine> {
    let mut config = config();
    config.allocation_strategy(InstanceAllocationStrategy::OnDemand);
    Ok(Engine::new(&config)?)
}

fn config() -> Config {
    let mut pool = PoolingAllocationConfig::default();
    pool.total_component_instances(POOL_INSTANCES)
        .total_core_instances(POOL_INSTANCES * 8)
        .total_memories(POOL_INSTANCES * 2)
        .total_tables(POOL_INSTANCES * 8)
        .max_memories_per_component(4)
        .max_tables_per_component(16)
        .max_core_instances_per_component(16)
        .max_memory_size(MAX_MEMORY_MB as usize * 1024 * 1024)
        // Instances are recycled per request: resetting the first pages of a slot with memset
        // (and scanning for dirty pages where the kernel supports it) is cheaper than returning
        // them to the kernel and faulting them back in on the next request.
        .linear_memory_keep_resident(1024 * 1024)
        .table_keep_resident(64 * 1024)
        .async_stack_keep_resident(128 * 1024)
        .pagemap_scan(wasmtime::Enabled::Auto);
    let mut config = Config::new();
    config
        .wasm_component_model(true)
        .epoch_interruption(true)
        .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    config
}
