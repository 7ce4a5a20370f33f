//! Runs `cargo` for guest crates from inside a test: the variables the outer `cargo test` set
//! (target dir, package data, build flags) are removed so they cannot steer the inner build.

use std::path::Path;
use std::process::{Command, Output};

/// A `cargo` command with a clean environment (only `CARGO_HOME` and the offline switch kept).
pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        let keep = key == "CARGO_HOME" || key == "CARGO_NET_OFFLINE";
        if (key.starts_with("CARGO") && !keep)
            || matches!(
                key.as_str(),
                "RUSTFLAGS" | "RUSTDOCFLAGS" | "RUSTC" | "RUSTC_WRAPPER" | "RUSTC_WORKSPACE_WRAPPER"
            )
        {
            cmd.env_remove(&key);
        }
    }
    cmd
}

/// Runs `cmd`, panicking with its output when it fails.
pub fn run(cmd: &mut Command, what: &str) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: cannot run cargo: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `cargo build --release --target wasm32-wasip2` of the crate at `manifest` into `target_dir`.
pub fn build_component(manifest: &Path, target_dir: &Path) {
    run(
        cargo()
            .args(["build", "--release", "--target", "wasm32-wasip2", "--manifest-path"])
            .arg(manifest)
            .arg("--target-dir")
            .arg(target_dir),
        &format!("building {}", manifest.display()),
    );
}
