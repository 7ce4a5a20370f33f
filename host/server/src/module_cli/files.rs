//! Finding a module's two files from what the author names: a folder (its module.toml, and the
//! component its build left: `module.wasm`, the JS SDK's `dist/module.wasm`, or cargo's
//! `target/wasm32-wasip2/release/<crate>.wasm`), or the two files themselves.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// A module as its manifest text and component bytes.
pub struct ModuleFiles {
    pub manifest_path: PathBuf,
    pub manifest: String,
    pub wasm_path: PathBuf,
    pub wasm: Vec<u8>,
}

/// Reads the module named by `paths` (one folder, or a `.toml` and a `.wasm` file).
pub fn read(paths: &[PathBuf]) -> anyhow::Result<ModuleFiles> {
    let (manifest_path, wasm_path) = match paths {
        [dir] if dir.is_dir() => (dir.join("module.toml"), component_in(dir)?),
        [one] => bail!("{} is not a folder: name a module's folder, or its module.toml and .wasm files", one.display()),
        [a, b] => match (extension(a), extension(b)) {
            (Some("toml"), Some("wasm")) => (a.clone(), b.clone()),
            (Some("wasm"), Some("toml")) => (b.clone(), a.clone()),
            _ => bail!("name a module's folder, or its module.toml and its .wasm file"),
        },
        _ => bail!("name a module's folder, or its module.toml and its .wasm file"),
    };
    let manifest =
        std::fs::read_to_string(&manifest_path).with_context(|| format!("reading {}", manifest_path.display()))?;
    let wasm = std::fs::read(&wasm_path).with_context(|| format!("reading {}", wasm_path.display()))?;
    Ok(ModuleFiles { manifest_path, manifest, wasm_path, wasm })
}

fn extension(path: &Path) -> Option<&str> {
    path.extension().and_then(|e| e.to_str())
}

/// The component a module folder's build left, the first found of the places builds write.
fn component_in(dir: &Path) -> anyhow::Result<PathBuf> {
    let mut candidates = vec![dir.join("module.wasm"), dir.join("dist/module.wasm")];
    if let Some(krate) = crate_name(dir) {
        let file = format!("{}.wasm", krate.replace('-', "_"));
        if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
            candidates.push(PathBuf::from(target).join("wasm32-wasip2/release").join(&file));
        }
        candidates.push(dir.join("target/wasm32-wasip2/release").join(&file));
    }
    match candidates.iter().find(|c| c.is_file()) {
        Some(found) => Ok(found.clone()),
        None => bail!(
            "no component in {}: build the module first (Rust: cargo build --release --target wasm32-wasip2; \
             JavaScript: npm run build); looked for {}",
            dir.display(),
            candidates.iter().map(|c| c.display().to_string()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The package name in the folder's Cargo.toml, if it has one.
fn crate_name(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let doc: toml::Table = toml::from_str(&text).ok()?;
    Some(doc.get("package")?.get("name")?.as_str()?.to_string())
}
