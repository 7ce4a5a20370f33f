//! The Rust SDK as a published crate: `cargo package` yields a crate that carries its WIT, and
//! modules built in a folder outside this repository against that crate alone (the channel
//! template and the analyzer template, depending on the SDK by version) load into Buddy and
//! work: the channel through the channel routes, the analyzer selected by configuration.

use std::fs;
use std::path::{Path, PathBuf};

use buddy_tests::cargo_guest::{build_component, cargo, run};
use buddy_tests::{OpenClawHome, Options, TestApp, root, wait_for};
use serde_json::json;

/// The crates a module author depends on: the SDK and the rules it shares with the host.
struct Packaged {
    sdk: PathBuf,
    rules: PathBuf,
}

/// Packages one crate (`manifest`) into `target/package` and unpacks it into `dir/registry`;
/// returns the unpacked crate's folder.
fn package_crate(manifest: &Path, name: &str, dir: &Path, extra: &[String]) -> PathBuf {
    let target = dir.join("package-target");
    run(
        cargo()
            .args(["package", "--no-verify", "--allow-dirty", "--manifest-path"])
            .arg(manifest)
            .arg("--target-dir")
            .arg(&target)
            .args(extra),
        &format!("cargo package of {name}"),
    );
    let version = fs::read_to_string(root().join("sdk/Cargo.toml"))
        .expect("sdk manifest")
        .lines()
        .find_map(|l| l.strip_prefix("version = \"").and_then(|v| v.strip_suffix('"')).map(str::to_owned))
        .expect("sdk version");
    let krate = target.join("package").join(format!("{name}-{version}.crate"));
    let unpacked = dir.join("registry");
    fs::create_dir_all(&unpacked).expect("dir");
    let status =
        std::process::Command::new("tar").arg("xzf").arg(&krate).arg("-C").arg(&unpacked).status().expect("tar");
    assert!(status.success(), "unpacking {}", krate.display());
    unpacked.join(format!("{name}-{version}"))
}

/// Packages the rules crate and the SDK (which depends on the rules by version: until both
/// are published, the packaging resolves that version to the rules' folder) and unpacks both
/// into `dir`.
fn package_sdk(dir: &Path) -> Packaged {
    let rules_dir = root().join("host/rules");
    let rules = package_crate(&rules_dir.join("Cargo.toml"), "buddy-rules", dir, &[]);
    let patch = format!("patch.crates-io.buddy-rules.path={:?}", rules_dir.display().to_string());
    let sdk = package_crate(&root().join("sdk/Cargo.toml"), "openclaw-buddy-sdk", dir, &["--config".into(), patch]);
    let manifest = fs::read_to_string(sdk.join("Cargo.toml")).expect("packaged manifest");
    assert!(
        manifest.contains("[dependencies.buddy-rules]") && !manifest.contains("host/rules"),
        "the packaged SDK depends on the rules by version: {manifest}"
    );
    Packaged { sdk, rules }
}

/// Copies an example crate to `to` as a crate called `crate_name` that depends on the SDK by
/// version only, with `[patch.crates-io]` pointing that version (and the rules' it depends on)
/// at the unpacked crates.
fn copy_example(example: &str, to: &Path, crate_name: &str, packaged: &Packaged) {
    copy_dir(&root().join("sdk/examples").join(example), to);
    let manifest = to.join("Cargo.toml");
    let text = fs::read_to_string(&manifest).expect("manifest");
    let text = text.replacen(&format!("name = \"{example}\""), &format!("name = \"{crate_name}\""), 1);
    let text = text.replacen(", path = \"../..\"", "", 1);
    let text = format!(
        "{text}\n[patch.crates-io]\nopenclaw-buddy-sdk = {{ path = {:?} }}\nbuddy-rules = {{ path = {:?} }}\n",
        packaged.sdk.display().to_string(),
        packaged.rules.display().to_string()
    );
    assert!(text.contains("version = \"0.1.0\" }") && !text.contains("../.."), "depends on the SDK by version: {text}");
    fs::write(&manifest, text).expect("write manifest");
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("dir");
    for entry in fs::read_dir(from).expect("read dir").flatten() {
        let (name, path) = (entry.file_name(), entry.path());
        if name == "target" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(&name))
        } else {
            fs::copy(&path, to.join(&name)).map(drop).expect("copy")
        }
    }
}

#[tokio::test]
async fn the_packaged_sdk_builds_modules_outside_the_repository_that_load_into_buddy() {
    let tmp = tempfile::tempdir().expect("tempdir");
    assert!(!tmp.path().starts_with(root()), "the build happens outside the repository");
    let packaged = package_sdk(tmp.path());
    let sdk = &packaged.sdk;

    // The crate carries exactly the WIT package it binds to, and nothing of the repository.
    for entry in fs::read_dir(root().join("wit/v0.1.0")).expect("wit").flatten() {
        let packaged = fs::read(sdk.join("wit").join(entry.file_name())).expect("the crate carries every WIT file");
        assert_eq!(packaged, fs::read(entry.path()).expect("wit"), "{:?}", entry.file_name());
    }
    assert!(fs::read_to_string(sdk.join("src/lib.rs")).expect("lib").contains("path: \"wit\""));
    assert!(!sdk.join("examples").exists() && !sdk.join("tests").exists(), "only the library is published");

    let guests = root().join("target/guests");
    let mut built = Vec::new();
    for (example, module) in [("channel-template", "channel-template"), ("analyzer-template", "analyzer-template")] {
        let crate_name = format!("packaged-{example}");
        let dir = tmp.path().join(&crate_name);
        copy_example(example, &dir, &crate_name, &packaged);
        build_component(&dir.join("Cargo.toml"), &guests);
        let wasm = guests.join("wasm32-wasip2/release").join(format!("{}.wasm", crate_name.replace('-', "_")));
        let out = tmp.path().join("built").join(module);
        fs::create_dir_all(&out).expect("dir");
        fs::rename(&wasm, out.join("module.wasm")).unwrap_or_else(|e| panic!("{}: {e}", wasm.display()));
        fs::copy(dir.join("module.toml"), out.join("module.toml")).expect("manifest");
        built.push((module.to_string(), out));
    }

    let options = Options {
        built_modules: built,
        configure: Some(Box::new(|c| c.heal.analyzer = "analyzer-template".into())),
        ..Default::default()
    };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let (_, list) = app.get("/v1/modules").await;
    for name in ["channel-template", "analyzer-template"] {
        let m = list["data"].as_array().expect("modules").iter().find(|m| m["name"] == name).cloned().expect(name);
        assert_eq!((m["status"].as_str(), m["source"].as_str()), (Some("loaded"), Some("user")), "{m}");
    }

    // The channel, through the channel routes and the real CLI.
    let (status, body) = app.get("/v1/channels/acme-chat/status").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["plugin"]["installed"], false, "{body}");

    // The analyzer, selected by configuration: a config write through Buddy makes a backup,
    // OpenClaw's own bookkeeping (`/meta`) is left out of the diff.
    let (status, body) =
        app.post("/v1/openclaw/bots/set-model", json!({"id": "main", "model": "fakeai/other-model"})).await;
    assert_eq!(status, 200, "{body}");
    let backup = wait_for("a backup", std::time::Duration::from_secs(30), || async {
        let (_, body) = app.get("/v1/heal/backups").await;
        body["data"].as_array()?.first()?["name"].as_str().map(str::to_string)
    })
    .await;
    let mut config = app.home.read_config();
    config["meta"] = json!({"lastTouchedAt": "2026-01-01T00:00:00Z"});
    app.home.write_config(&config);
    let (status, diff) = app.get(&format!("/v1/heal/backups/{backup}/diff")).await;
    assert_eq!(status, 200, "{diff}");
    assert_eq!(diff["data"]["analyzer"], "analyzer-template");
    let paths: Vec<&str> =
        diff["data"]["changes"].as_array().expect("changes").iter().filter_map(|c| c["path"].as_str()).collect();
    assert!(paths.iter().any(|p| p.starts_with("/agents/")), "the model change: {paths:?}");
    assert!(!paths.iter().any(|p| p.starts_with("/meta")), "bookkeeping is not shown: {paths:?}");
    app.stop().await;
}
