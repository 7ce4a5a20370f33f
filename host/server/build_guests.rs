//! Shared by the build scripts of the host (built-in modules) and of the tests (fixtures):
//! builds a guest workspace for wasm32-wasip2.

use std::path::Path;
use std::process::Command;

/// Runs `cargo build --release --target wasm32-wasip2` on a guest workspace. The nested cargo
/// uses its own target dir (no lock contention with this build) and none of the variables the
/// outer cargo set for this script, which would otherwise leak host flags into the guest build.
pub fn build_guests(manifest: &Path, target_dir: &Path) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--release", "--target", "wasm32-wasip2", "--manifest-path"])
        .arg(manifest)
        .arg("--target-dir")
        .arg(target_dir);
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        let keep = key == "CARGO_HOME" || key == "CARGO_MAKEFLAGS" || key == "CARGO_NET_OFFLINE";
        if (key.starts_with("CARGO_") && !keep)
            || matches!(
                key.as_str(),
                "RUSTFLAGS"
                    | "RUSTC"
                    | "RUSTC_WRAPPER"
                    | "RUSTC_WORKSPACE_WRAPPER"
                    | "RUSTDOC"
                    | "TARGET"
                    | "HOST"
                    | "OUT_DIR"
                    | "OPT_LEVEL"
                    | "PROFILE"
                    | "DEBUG"
                    | "NUM_JOBS"
            )
        {
            cmd.env_remove(&key);
        }
    }
    let output = cmd.output().expect("running cargo for the guest modules");
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let hint = if stderr.contains("wasm32-wasip2")
            && (stderr.contains("not installed")
                || stderr.contains("can't find crate for `core`")
                || stderr.contains("target may not be installed"))
        {
            "\n\nThe wasm32-wasip2 target is missing: run `rustup target add wasm32-wasip2`.\n"
        } else {
            ""
        };
        panic!("building the guest modules ({}) failed:\n{stderr}{hint}", manifest.display());
    }
}
