//! Builds the built-in WASM modules (`modules/`, a separate guest workspace, for wasm32-wasip2)
//! and embeds them and the expert templates (`experts/*.json`) into the binary, so
//! `cargo build --release` yields one self-contained `openclaw-buddy`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let host_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let root = host_dir.parent().expect("workspace root").to_path_buf();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    for watched in ["modules", "sdk/src", "sdk/Cargo.toml", "wit", "experts"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    let target_dir = root.join("target").join("guests");
    build_guests(&root.join("modules").join("Cargo.toml"), &target_dir);
    let mut code =
        String::from("/// Modules built into this binary.\npub static BUILTINS: &[Builtin] = &[\n");
    for dir in sorted_dirs(&root.join("modules")) {
        let manifest = dir.join("module.toml");
        if !manifest.is_file() {
            continue;
        }
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 module name")
            .to_string();
        let wasm = target_dir
            .join("wasm32-wasip2")
            .join("release")
            .join(format!("{}.wasm", name.replace('-', "_")));
        assert!(
            wasm.is_file(),
            "built-in module {name}: {} is missing after the guest build",
            wasm.display()
        );
        writeln!(
            code,
            "    Builtin {{ name: {name:?}, manifest: include_str!({:?}), wasm: include_bytes!({:?}) }},",
            manifest.display().to_string(),
            wasm.display().to_string()
        )
        .expect("write");
    }
    code.push_str("];\n\n/// Expert templates built into this binary: (file name, JSON text).\npub static EXPERTS: &[(&str, &str)] = &[\n");
    let mut experts: Vec<PathBuf> = std::fs::read_dir(root.join("experts"))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    experts.sort();
    for path in experts {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 file name");
        writeln!(
            code,
            "    ({file:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("write");
    }
    code.push_str("];\n");
    std::fs::write(out.join("builtins.rs"), code).expect("write builtins.rs");
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// Runs `cargo build --release --target wasm32-wasip2` on a guest workspace. The nested cargo
/// uses its own target dir (no lock contention with this build) and none of the variables the
/// outer cargo set for this script, which would otherwise leak host flags into the guest build.
pub fn build_guests(manifest: &Path, target_dir: &Path) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args([
        "build",
        "--release",
        "--target",
        "wasm32-wasip2",
        "--manifest-path",
    ])
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
        panic!(
            "building the guest modules ({}) failed:\n{stderr}{hint}",
            manifest.display()
        );
    }
}
