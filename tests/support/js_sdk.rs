//! JavaScript modules built with the JavaScript SDK (`sdk/js`): its two examples and the
//! `js-hog` fixture. `tests/run.sh` installs the SDK's locked dependencies (`npm ci`) and
//! builds them into `target/js-guests/<name>/`; a test asks for one and gets that folder
//! (`module.wasm` + `module.toml`). The build runs here too, so a stale or missing component is
//! rebuilt; the SDK's build skips inputs it built before, which takes well under a second.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::{OpenClawInstall, root};

/// The JavaScript modules the tests load, by module name, and their source folders.
pub const JS_MODULES: &[(&str, &str)] = &[
    ("hello-js", "sdk/js/examples/hello-js"),
    ("channel-template-js", "sdk/js/examples/channel-template-js"),
    ("analyzer-template-js", "sdk/js/examples/analyzer-template-js"),
    ("js-hog", "tests/guests/js-hog"),
];

/// Where the built components live.
pub fn out_dir(name: &str) -> PathBuf {
    root().join("target/js-guests").join(name)
}

/// The folder of the built JavaScript module `name` (one of [`JS_MODULES`]), built on first
/// use in this process. Panics, naming the fix, when the SDK's dependencies are missing or a
/// build fails.
pub fn built(name: &str) -> PathBuf {
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    assert!(JS_MODULES.iter().any(|(n, _)| *n == name), "{name} is not one of the JS modules");
    if let Err(e) = BUILT.get_or_init(build_all) {
        panic!("{e}");
    }
    let dir = out_dir(name);
    assert!(dir.join("module.wasm").is_file() && dir.join("module.toml").is_file(), "{} was not built", dir.display());
    dir
}

fn build_all() -> Result<(), String> {
    let sdk = root().join("sdk/js");
    if !sdk.join("node_modules/@bytecodealliance/componentize-js").is_dir() {
        return Err(format!(
            "the JavaScript SDK's dependencies are not installed in {}: run tests/run.sh, or `npm ci` there with Node 24",
            sdk.join("node_modules").display()
        ));
    }
    let install = OpenClawInstall::find();
    for (name, src) in JS_MODULES {
        build_one(&install, &sdk, &root().join(src), &out_dir(name))?;
    }
    Ok(())
}

fn build_one(install: &OpenClawInstall, sdk: &Path, src: &Path, out: &Path) -> Result<(), String> {
    let output = Command::new("node")
        .arg(sdk.join("bin/buddy-module.js"))
        .arg("build")
        .arg(src)
        .arg("--out")
        .arg(out)
        .env("PATH", &install.path_env)
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "building the JS module {} failed:\n{}{}",
            src.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Which way [`share_compile_cache`] copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    /// Into a Buddy's cache before it starts.
    Seed,
    /// From a Buddy's cache once it has loaded its modules.
    Keep,
}

/// Compiling a JavaScript component takes a minute or two in a debug build, and every test
/// starts Buddy on a fresh data dir. Tests that are not about the first compile share Buddy's
/// compiled artifacts through `target/js-guests/compiled/`: they are Buddy's own output
/// (`<wasm hash>-<engine compatibility hash>.cwasm`), so an artifact of another engine build
/// is never picked, and one Buddy cannot use is discarded and compiled again by Buddy itself.
pub fn share_compile_cache(direction: Share, buddy_cache: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let shared = root().join("target/js-guests/compiled");
    let (from, to) = match direction {
        Share::Seed => (shared.as_path(), buddy_cache),
        Share::Keep => (buddy_cache, shared.as_path()),
    };
    let Ok(entries) = std::fs::read_dir(from) else { return };
    std::fs::create_dir_all(to).expect("cache dir");
    // Buddy keeps its cache private (0700) and checks nothing else; do the same.
    std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o700)).expect("cache dir mode");
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().ends_with(".cwasm") || to.join(&name).exists() {
            continue;
        }
        // Copied under a temporary name, then renamed: a concurrent reader never sees half.
        let tmp = to.join(format!(".{}.{}", name.to_string_lossy(), std::process::id()));
        if std::fs::copy(entry.path(), &tmp).is_ok() {
            let _ = std::fs::rename(&tmp, to.join(&name));
        }
    }
}
