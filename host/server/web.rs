//! Builds the web dashboard (`host/web`, a Vite project with a lockfile) when its sources
//! changed, and embeds `host/web/dist` into the binary. Without a dashboard project, or with
//! `BUDDY_SKIP_WEB_BUILD=1` and no `dist`, an empty asset list is embedded and Buddy serves a
//! short page saying so.

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

/// Builds (if needed) and writes `$OUT_DIR/web_assets.rs`.
pub fn embed(web: &Path, out: &Path) {
    println!("cargo:rerun-if-env-changed=BUDDY_SKIP_WEB_BUILD");
    for watched in ["src", "index.html", "package.json", "package-lock.json", "vite.config.ts", "tsconfig.json"] {
        println!("cargo:rerun-if-changed={}", web.join(watched).display());
    }
    let skip = std::env::var_os("BUDDY_SKIP_WEB_BUILD").is_some_and(|v| v == "1");
    if web.join("package.json").is_file() && !skip {
        if !web.join("node_modules").is_dir() {
            npm(web, &["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
        }
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
