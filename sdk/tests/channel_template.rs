//! Proves a channel module can be made from `examples/channel-template`: copies it to a
//! temporary directory as a crate of another name, points its SDK dependency at this
//! checkout, and builds it for `wasm32-wasip2`. The result must be a component.
//!
//! It shells out to the same `cargo` that runs the tests, with the release profile and the
//! repository's guest target dir (`target/guests`), so the dependencies the guest builds
//! already compiled are reused. Needs the `wasm32-wasip2` target
//! (`rustup target add wasm32-wasip2`); set `BUDDY_SKIP_TEMPLATE_BUILD=1` to skip it.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

/// The name the copy is given, as a crate and as a module.
const NEW_NAME: &str = "template-copy-check";
/// The first bytes of a WebAssembly component (magic, then version 0x0d and layer 1); a core
/// module would have version 1, layer 0.
const COMPONENT_HEADER: [u8; 8] = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

/// A temporary directory removed when dropped, also when the test fails.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("buddy-channel-template-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_module_builds_from_the_channel_template() {
    if std::env::var_os("BUDDY_SKIP_TEMPLATE_BUILD").is_some_and(|v| v == "1") {
        return;
    }
    let sdk = Path::new(env!("CARGO_MANIFEST_DIR")).canonicalize().unwrap();
    let template = sdk.join("examples/channel-template");
    let target_dir = sdk.parent().unwrap().join("target/guests");
    let tmp = TempDir::new();
    let krate = tmp.0.join(NEW_NAME);

    copy_crate(&template, &krate);
    rewrite(&krate.join("Cargo.toml"), |text| {
        let text = text.replacen("name = \"channel-template\"", &format!("name = \"{NEW_NAME}\""), 1);
        // The copy lives elsewhere: the SDK by absolute path (forward slashes are valid TOML
        // on every platform).
        text.replacen("path = \"../..\"", &format!("path = \"{}\"", sdk.display().to_string().replace('\\', "/")), 1)
    });
    rewrite(&krate.join("module.toml"), |text| {
        text.replacen("name = \"channel-template\"", &format!("name = \"{NEW_NAME}\""), 1)
    });
    let manifest = fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    assert!(manifest.contains(&format!("name = \"{NEW_NAME}\"")) && !manifest.contains("\"../..\""), "{manifest}");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--release", "--target", "wasm32-wasip2", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir)
        .current_dir(&tmp.0);
    // The outer `cargo test` sets CARGO_* variables (target dir, manifest dir, package data,
    // build target...) that would steer the inner build; only the cargo home may stay.
    for (key, _) in std::env::vars_os() {
        let key_text = key.to_string_lossy();
        let leaks = (key_text.starts_with("CARGO") && key_text != "CARGO_HOME")
            || matches!(key_text.as_ref(), "RUSTFLAGS" | "RUSTDOCFLAGS" | "RUSTC_WRAPPER" | "RUSTC_WORKSPACE_WRAPPER");
        if leaks {
            cmd.env_remove(&key);
        }
    }
    let out = cmd.output().expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "building the template copy failed (is the target installed? `rustup target add wasm32-wasip2`):\n{stderr}"
    );

    let wasm = target_dir.join("wasm32-wasip2/release").join(format!("{}.wasm", NEW_NAME.replace('-', "_")));
    let bytes = fs::read(&wasm).unwrap_or_else(|e| panic!("{} missing: {e}", wasm.display()));
    assert!(bytes.starts_with(&COMPONENT_HEADER), "{} is not a WebAssembly component", wasm.display());
    let _ = fs::remove_file(&wasm);
}

/// Copies the crate's sources and manifests, not a `target/` it may have.
fn copy_crate(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" {
            continue;
        }
        let dest = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_crate(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// Rewrites a text file in place.
fn rewrite(path: &Path, edit: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, edit(text)).unwrap();
}
