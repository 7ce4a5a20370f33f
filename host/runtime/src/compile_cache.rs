//! Precompiled components on disk, keyed by the wasm's hash and the engine's compatibility
//! hash (wasmtime version, settings and features), so a restart loads a module in about a
//! millisecond instead of recompiling it for hundreds.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

/// Whether a component came from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheOutcome {
    Hit,
    Miss,
}

/// Compiles `wasm`, or loads its cached artifact from `dir`.
pub fn load(engine: &Engine, dir: &Path, wasm: &[u8]) -> anyhow::Result<(Component, CacheOutcome)> {
    let path = artifact_path(engine, dir, wasm);
    if path.is_file() {
        match deserialize(engine, &path) {
            Ok(c) => return Ok((c, CacheOutcome::Hit)),
            Err(e) => {
                tracing::warn!(error = %e, path = %path.display(), "discarding an unusable compiled module")
            }
        }
    }
    let bytes = compile_apart(wasm)?;
    if let Err(e) = store(dir, &path, &bytes) {
        tracing::warn!(error = %e, "cannot cache a compiled module; it will be compiled again next start");
    }
    // Deserialize what was just produced so hits and misses run the same code.
    let component = match deserialize(engine, &path) {
        Ok(c) => c,
        Err(_) => Component::new(engine, wasm)?,
    };
    Ok((component, CacheOutcome::Miss))
}

/// Compiles with an engine of its own ([`crate::engine::compiler`]), dropped with the compile's
/// working memory; `malloc_trim` can then hand that memory back to the system.
fn compile_apart(wasm: &[u8]) -> anyhow::Result<Vec<u8>> {
    let compiler = crate::engine::compiler().map_err(|e| anyhow::anyhow!("{e:#}"))?;
    compiler.precompile_component(wasm).map_err(|e| anyhow::anyhow!("{e:#}"))
}

fn artifact_path(engine: &Engine, dir: &Path, wasm: &[u8]) -> PathBuf {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut h);
    let wasm_hash = hex::encode(&Sha256::digest(wasm)[..12]);
    dir.join(format!("{wasm_hash}-{:016x}.cwasm", h.finish()))
}

fn store(dir: &Path, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir)?;
    // Only Buddy may write here: artifacts are trusted native code (see `deserialize`).
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    // A unique temp name, then a rename: a reader never sees half an artifact.
    let tmp = dir.join(format!(".{}.{}.tmp", std::process::id(), rand_suffix()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(())
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    nanos ^ NEXT.fetch_add(1, Ordering::Relaxed)
}

#[allow(unsafe_code)]
fn deserialize(engine: &Engine, path: &Path) -> anyhow::Result<Component> {
    // SAFETY: the file was produced by `Engine::precompile_component` of an engine with the same
    // compatibility hash (part of its name) and lives in Buddy's private cache dir (mode 0700),
    // which nothing but Buddy writes.
    unsafe { Component::deserialize_file(engine, path) }.map_err(|e| anyhow::anyhow!("{e:#}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash_of(engine: &Engine) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut h);
        h.finish()
    }

    #[test]
    fn a_component_compiled_apart_loads_into_the_serving_engine_from_the_cache() {
        let serving = crate::engine::build().expect("engine");
        let compiler = crate::engine::compiler().expect("compile engine");
        assert_eq!(hash_of(&serving), hash_of(&compiler), "artifacts of one load in the other");
        // The smallest component: the preamble alone.
        let wasm = b"\0asm\x0d\0\x01\0";
        let dir = std::env::temp_dir().join(format!("buddy-compile-cache-{}-{}", std::process::id(), rand_suffix()));
        let (_, first) = load(&serving, &dir, wasm).expect("compiled and loaded");
        let (_, second) = load(&serving, &dir, wasm).expect("loaded from the cache");
        std::fs::remove_dir_all(&dir).expect("clean up");
        assert_eq!((first, second), (CacheOutcome::Miss, CacheOutcome::Hit));
    }
}
