//! Builds the built-in WASM modules (`modules/`, a separate guest workspace, for wasm32-wasip2)
//! and embeds them and the expert templates (`experts/*.json`) into the binary, so
//! `cargo build --release` yields one self-contained `openclaw-buddy`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

mod build_guests;
mod web;

use build_guests::build_guests;

fn main() {
    let server_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let host_dir = server_dir.parent().expect("host dir").to_path_buf();
    let root = host_dir.parent().expect("workspace root").to_path_buf();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    for watched in ["modules", "sdk/src", "sdk/Cargo.toml", "wit", "experts", "host/rules/src"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    let target_dir = root.join("target").join("guests");
    // For work on the host while a guest crate is mid-edit: embed the guest artifacts already
    // built instead of building them (missing ones are left out, with a warning).
    println!("cargo:rerun-if-env-changed=BUDDY_SKIP_GUEST_BUILD");
    let skip = std::env::var_os("BUDDY_SKIP_GUEST_BUILD").is_some_and(|v| v == "1");
    if !skip {
        build_guests(&root.join("modules").join("Cargo.toml"), &target_dir);
    }
    let mut code = String::from("/// Modules built into this binary.\npub static BUILTINS: &[Builtin] = &[\n");
    for dir in sorted_dirs(&root.join("modules")) {
        let manifest = dir.join("module.toml");
        if !manifest.is_file() {
            continue;
        }
        let name = dir.file_name().and_then(|n| n.to_str()).expect("utf-8 module name").to_string();
        let wasm = target_dir.join("wasm32-wasip2").join("release").join(format!("{}.wasm", name.replace('-', "_")));
        if skip && !wasm.is_file() {
            println!("cargo:warning=BUDDY_SKIP_GUEST_BUILD: built-in module {name} has no artifact and is left out");
            continue;
        }
        assert!(wasm.is_file(), "built-in module {name}: {} is missing after the guest build", wasm.display());
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
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect())
        .unwrap_or_default();
    experts.sort();
    for path in experts {
        let file = path.file_name().and_then(|n| n.to_str()).expect("utf-8 file name");
        writeln!(code, "    ({file:?}, include_str!({:?})),", path.display().to_string()).expect("write");
    }
    code.push_str("];\n");
    std::fs::write(out.join("builtins.rs"), code).expect("write builtins.rs");
    web::embed(&host_dir.join("web"), &out);
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}
