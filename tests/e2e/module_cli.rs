//! `openclaw-buddy module …` as an author uses it, in a folder outside this repository: `new`
//! scaffolds a module (Rust, and TypeScript), the language's own build makes the component,
//! `check` passes it offline (and refuses a broken manifest with the load's own message),
//! `install --approve` puts it into a running Buddy through the API, where it answers, and
//! `list` shows it. These are the steps of the SDK README's five-minute paths.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use buddy_tests::cargo_guest::{cargo, run};
use buddy_tests::{OpenClawHome, OpenClawInstall, Options, TestApp, js_sdk, root};

const BIN: &str = env!("CARGO_BIN_EXE_buddy-e2e");

/// Runs a command off the async workers (the Buddy it talks to runs on them).
async fn output(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("run")).await.expect("join")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// `openclaw-buddy module <args>` run in `cwd` (no buddy.toml there).
fn module_cmd(cwd: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(cwd).arg("module").args(args).env_remove("BUDDY_TOKEN").env_remove("BUDDY_CONFIG");
    cmd
}

async fn module_ok(cwd: &Path, args: &[&str]) -> String {
    let out = output(module_cmd(cwd, args)).await;
    assert!(out.status.success(), "module {args:?} failed:\n{}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Installs `dir` into `app` with --approve, checks the command's report, and lists it.
async fn install_and_list(app: &TestApp, tmp: &Path, dir: &Path, name: &str) {
    let token_file = tmp.join("token");
    std::fs::write(&token_file, &app.token).expect("token file");
    let api = ["--url", app.base.as_str(), "--token-file", token_file.to_str().expect("utf-8")];
    let mut args = vec!["install", dir.to_str().expect("utf-8"), "--approve"];
    args.extend(api);
    let installed = module_ok(tmp, &args).await;
    assert!(installed.starts_with(&format!("module {name}: loaded (sha256:")), "{installed}");
    assert!(installed.contains(&format!("route GET /v1/{name}/greet")), "{installed}");

    let mut args = vec!["list"];
    args.extend(api);
    let listed = module_ok(tmp, &args).await;
    let row: Vec<&str> =
        listed.lines().find(|l| l.starts_with(&format!("{name} "))).expect(&listed).split_whitespace().collect();
    assert_eq!(row, [name, "0.1.0", "loaded", "user", &format!("/v1/{name}"), "1"], "{listed}");
    assert!(listed.lines().any(|l| l.starts_with("experts ") && l.contains(" builtin ")), "{listed}");

    // A wrong token is the API's 401, said plainly.
    std::fs::write(&token_file, "not-the-token-of-this-buddy").expect("token file");
    let mut args = vec!["list"];
    args.extend(api);
    let out = output(module_cmd(tmp, &args)).await;
    assert!(!out.status.success() && text(&out).contains("GET /v1/modules: 401"), "{}", text(&out));
}

async fn greets(app: &TestApp, name: &str) {
    for count in 1..=2 {
        let (status, body) = app.get(&format!("/v1/{name}/greet?name=Ada")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["greeting"], "Hello, Ada!", "{body}");
        assert_eq!(body["data"]["count"], count, "{body}");
    }
}

fn outside_repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    assert!(!tmp.path().starts_with(root()), "the module lives outside the repository");
    tmp
}

#[tokio::test]
async fn a_rust_module_scaffolded_by_module_new_builds_checks_installs_and_answers_through_buddy() {
    let tmp = outside_repo();
    let sdk = root().join("sdk");
    let out = output(module_cmd(
        tmp.path(),
        &["new", "greeter", "--kind", "domain", "--dir", ".", "--sdk", sdk.to_str().expect("utf-8")],
    ))
    .await;
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("cargo build --release --target wasm32-wasip2"), "names the next step: {}", text(&out));
    let dir = tmp.path().join("greeter");
    let manifest = std::fs::read_to_string(dir.join("module.toml")).expect("module.toml");
    assert!(manifest.contains("name = \"greeter\"") && manifest.contains("prefix = \"/v1/greeter\""), "{manifest}");

    // Scaffolding again into the same folder changes nothing and says why; a bad name is refused.
    let again = output(module_cmd(tmp.path(), &["new", "greeter", "--kind", "domain"])).await;
    assert!(!again.status.success() && text(&again).contains("exists and is not empty"), "{}", text(&again));
    for (bad, why) in [("Greeter", "must match ^[a-z][a-z0-9-]{0,31}$"), ("skills", "belongs to a built-in module")] {
        let out = output(module_cmd(tmp.path(), &["new", bad, "--kind", "domain"])).await;
        assert!(!out.status.success() && text(&out).contains(why), "{bad}: {}", text(&out));
    }

    // The author's build, with cargo's target folder shared with the other guests (warm deps).
    let guests = root().join("target/guests");
    run(
        cargo()
            .args(["build", "--release", "--target", "wasm32-wasip2"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &guests),
        "building the scaffolded module",
    );
    let mut check = module_cmd(tmp.path(), &["check", dir.to_str().expect("utf-8")]);
    check.env("CARGO_TARGET_DIR", &guests);
    let out = output(check).await;
    assert!(out.status.success(), "{}", text(&out));
    let checked = String::from_utf8_lossy(&out.stdout);
    assert!(checked.starts_with("ok: module greeter 0.1.0 (world domain, WIT 0.1.0)"), "{checked}");
    assert!(checked.contains("route GET /v1/greeter/greet"), "{checked}");

    // The same component under a manifest that breaks the rules: the load's own messages.
    let wasm = guests.join("wasm32-wasip2/release/greeter.wasm");
    let bad = tmp.path().join("bad.toml");
    std::fs::write(
        &bad,
        manifest.replace("memory_mb = 32", "memory_mb = 9999").replace("/v1/greeter", "/v1/openclaw/skills/mine")
            + "files = [{ host = \"$OPENCLAW_STATE\", guest = \"/state\", mode = \"rw\" }]\n",
    )
    .expect("bad manifest");
    assert!(manifest.contains("memory_mb = 32"), "the template's limit: {manifest}");
    let out =
        output(module_cmd(tmp.path(), &["check", bad.to_str().expect("utf-8"), wasm.to_str().expect("utf-8")])).await;
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    for why in [
        "limits.memory_mb must be 1..=512",
        "collides with the built-in module \"skills\"",
        "files grant \"$OPENCLAW_STATE\" would open",
    ] {
        assert!(said.contains(why), "{why:?} in {said}");
    }

    // The other two kinds scaffold, build and pass the check as well.
    for (name, kind, says) in [
        ("my-chat", "channel", "channel acme-chat (Acme Chat), OpenClaw plugin acme-chat"),
        ("my-runbook", "analyzer", "(world analyzer-module, WIT 0.1.0)"),
    ] {
        module_ok(tmp.path(), &["new", name, "--kind", kind, "--sdk", sdk.to_str().expect("utf-8")]).await;
        let dir = tmp.path().join(name);
        run(
            cargo()
                .args(["build", "--release", "--target", "wasm32-wasip2"])
                .current_dir(&dir)
                .env("CARGO_TARGET_DIR", &guests),
            &format!("building the scaffolded {kind} module"),
        );
        let mut check = module_cmd(tmp.path(), &["check", dir.to_str().expect("utf-8")]);
        check.env("CARGO_TARGET_DIR", &guests);
        let out = output(check).await;
        let checked = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && checked.starts_with(&format!("ok: module {name} 0.1.0")), "{}", text(&out));
        assert!(checked.contains(says), "{checked}");
    }

    let app = TestApp::start().await;
    std::fs::copy(&wasm, dir.join("module.wasm")).expect("component next to its manifest");
    install_and_list(&app, tmp.path(), &dir, "greeter").await;
    greets(&app, "greeter").await;
    app.stop().await;
}

#[tokio::test]
async fn a_typescript_module_scaffolded_by_module_new_builds_checks_installs_and_answers_through_buddy() {
    let tmp = outside_repo();
    let install = OpenClawInstall::find();
    let sdk: PathBuf = root().join("sdk/js");
    assert!(js_sdk::built("hello-js").is_dir(), "the JS SDK is installed and builds");
    let out = output(module_cmd(
        tmp.path(),
        &["new", "greeter-js", "--kind", "domain", "--lang", "js", "--sdk", sdk.to_str().expect("utf-8")],
    ))
    .await;
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("npm install && npm run build"), "names the next step: {}", text(&out));
    let dir = tmp.path().join("greeter-js");

    // The author's build: npm links the SDK folder, its `buddy-module build` makes the component.
    for args in [&["install", "--no-audit", "--no-fund", "--loglevel=error"][..], &["run", "build"][..]] {
        let mut npm = Command::new("npm");
        npm.current_dir(&dir).args(args).env("PATH", &install.path_env);
        let out = output(npm).await;
        assert!(out.status.success(), "npm {args:?}:\n{}", text(&out));
    }
    assert!(dir.join("dist/module.wasm").is_file());

    // Compiled artifacts go where the tests share them, so Buddy's install below (and a rerun)
    // finds this component compiled.
    let compiled = root().join("target/js-guests/compiled");
    let out = output(module_cmd(
        tmp.path(),
        &["check", dir.to_str().expect("utf-8"), "--cache-dir", compiled.to_str().expect("utf-8")],
    ))
    .await;
    assert!(out.status.success(), "{}", text(&out));
    let checked = String::from_utf8_lossy(&out.stdout);
    assert!(checked.starts_with("ok: module greeter-js 0.1.0 (world domain, WIT 0.1.0)"), "{checked}");

    let app =
        TestApp::start_with(OpenClawHome::new(), Options { shared_compile_cache: true, ..Default::default() }).await;
    install_and_list(&app, tmp.path(), &dir, "greeter-js").await;
    greets(&app, "greeter-js").await;
    app.stop().await;
}

#[test]
fn the_sdk_readme_names_every_built_in_module_an_author_may_not_take() {
    let readme = std::fs::read_to_string(root().join("sdk/README.md")).expect("sdk/README.md");
    let rule = readme
        .split("### Naming rules")
        .nth(1)
        .and_then(|s| s.split("\n- ").nth(1))
        .expect("the naming rules' first item");
    let named: std::collections::BTreeSet<String> =
        rule.split('`').skip(1).step_by(2).filter(|w| !w.contains(['^', ':'])).map(str::to_owned).collect();
    let builtins: std::collections::BTreeSet<String> =
        openclaw_buddy::builtins::BUILTINS.iter().map(|b| b.name.to_string()).collect();
    let named: std::collections::BTreeSet<String> =
        named.into_iter().filter(|w| !matches!(w.as_str(), "name" | "modules/")).collect();
    assert_eq!(named, builtins, "the first naming rule lists exactly the built-in modules: {rule}");
}
