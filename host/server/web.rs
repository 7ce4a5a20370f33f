//! Builds the web dashboard (`host/web`, a Vite project with a lockfile) when its sources
//! changed, and embeds `host/web/dist` into the binary. Without a dashboard project, or with
//! `BUDDY_SKIP_WEB_BUILD=1` and no `dist`, an empty asset list is embedded and Buddy serves a
//! short page saying so.
//!
//! Before the type check, the dashboard's API types (`generated/api-schema.d.ts`) are generated from
//! `docs/openapi.json` (the document Buddy serves, kept equal to it by a test) with the tool
//! package in `host/web/codegen`: a reply whose shape changes fails this build where the
//! dashboard reads it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn npm(dir: &Path, args: &[&str]) {
    let status =
        Command::new("npm").args(args).current_dir(dir).env_remove("NODE_OPTIONS").status().unwrap_or_else(|e| {
            panic!("running npm {args:?} in {} failed: {e}; install Node.js and npm", dir.display())
        });
    assert!(status.success(), "npm {args:?} in {} failed", dir.display());
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// `npm ci` in `dir` unless its `node_modules` was installed from the same lockfile (a copy of
/// it is kept there as the stamp).
fn install(dir: &Path) {
    let lock = std::fs::read(dir.join("package-lock.json")).unwrap_or_default();
    let stamp = dir.join("node_modules").join(".buddy-installed-lock");
    if std::fs::read(&stamp).is_ok_and(|s| s == lock) {
        return;
    }
    npm(dir, &["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
    std::fs::write(&stamp, &lock).expect("write the install stamp");
}

/// Builds (if needed) and writes `$OUT_DIR/web_assets.rs`.
pub fn embed(web: &Path, out: &Path) {
    println!("cargo:rerun-if-env-changed=BUDDY_SKIP_WEB_BUILD");
    for watched in [
        "src",
        "index.html",
        "package.json",
        "package-lock.json",
        "vite.config.ts",
        "tsconfig.json",
        "codegen/package.json",
        "codegen/package-lock.json",
        "../../docs/openapi.json",
    ] {
        println!("cargo:rerun-if-changed={}", web.join(watched).display());
    }
    let skip = std::env::var_os("BUDDY_SKIP_WEB_BUILD").is_some_and(|v| v == "1");
    if web.join("package.json").is_file() && !skip {
        let codegen = web.join("codegen");
        install(&codegen);
        npm(&codegen, &["run", "generate", "--silent"]);
        install(web);
        npm(web, &["run", "build", "--silent"]);
    }
    let dist = web.join("dist");
    let mut list = Vec::new();
    files(&dist, &mut list);
    list.sort();
    let mut code = String::from(
        "/// The dashboard's built files: (URL path, bytes).\npub static WEB_ASSETS: &[(&str, &[u8])] = &[\n",
    );
    for path in list {
        let rel = path.strip_prefix(&dist).expect("inside dist").to_string_lossy().replace('\\', "/");
        writeln!(code, "    (\"/{rel}\", include_bytes!({:?})),", path.display().to_string()).expect("write");
    }
    code.push_str("];\n");
    std::fs::write(out.join("web_assets.rs"), code).expect("write web_assets.rs");
}
