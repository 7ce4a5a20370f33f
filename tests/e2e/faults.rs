//! Faults Buddy must survive: kill -9 in the middle of concurrent config writes, a full disk
//! under Buddy's data directory and under OpenClaw's state directory, a database another
//! process keeps locked, and an OpenClaw CLI that hangs. Each is answered with an envelope
//! that names the cause, leaves no file half-written and loses no acknowledged write, and
//! Buddy keeps serving afterwards.
//!
//! The full-disk cases mount a small tmpfs (as root). On a machine that cannot, they say so
//! on the terminal, uncaptured, and skip only themselves.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use buddy_tests::process::BuddyProcess;
use buddy_tests::{OpenClawHome, Options, TestApp, assert_envelope, wait_for};
use reqwest::Method;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_buddy-e2e");

/// Concurrent writers, one bot each.
const WRITERS: usize = 8;
/// Buddy processes killed in the middle of the writes.
const ROUNDS: usize = 4;
/// Models the writers cycle through (consecutive writes of one writer always differ).
const MODELS: usize = 5;

/// A home with the bots `b0`…`b7` (an explicit roster) and the models `fakeai/m0`…`m4` besides the minimal config.
fn home_for_writers() -> OpenClawHome {
    let home = OpenClawHome::new();
    let mut config = home.read_config();
    // More than one agent: OpenClaw wants the roster's ownership spelled out.
    config["agents"]["ownership"] = json!("explicit");
    config["agents"]["defaults"]["systemAgent"] = json!({"agentId": "main"});
    for i in 0..WRITERS {
        config["agents"]["entries"][format!("b{i}")] = json!({"name": format!("b{i}")});
    }
    let models = config["models"]["providers"]["fakeai"]["models"].as_array_mut().expect("models");
    for m in 0..MODELS {
        models.push(json!({"id": format!("m{m}"), "name": format!("Model {m}")}));
    }
    home.write_config(&config);
    home
}

fn model_of(config: &Value, bot: &str) -> Option<String> {
    config["agents"]["entries"][bot]["model"].as_str().map(str::to_string)
}

/// Buddy's temp files beside openclaw.json (`.openclaw.json.buddy-<pid>-<ms>.tmp`).
fn buddy_temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.contains(".buddy-") && n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn kill_9_during_concurrent_config_writes_loses_no_acknowledged_write() {
    let home = home_for_writers();
    // What each bot's model may be on disk: the last acknowledged value, or the value of the
    // write in flight when Buddy died (it may or may not have reached the disk).
    let allowed: Arc<Mutex<Vec<Vec<Option<String>>>>> = Arc::new(Mutex::new(vec![vec![None]; WRITERS]));
    let mut acknowledged_total = 0usize;
    for round in 0..ROUNDS {
        let mut buddy = BuddyProcess::start(Path::new(BIN), &home, "[modules]\nbuiltins = false\n", &[]);
        let acks = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let refused = Arc::new(Mutex::new(Vec::new()));
        let client = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(120)).build().expect("client");
        let mut writers = Vec::new();
        for i in 0..WRITERS {
            let (client, url, token) =
                (client.clone(), format!("{}/v1/openclaw/bots/set-model", buddy.base), buddy.token.clone());
            let (allowed, acks, refused) = (allowed.clone(), acks.clone(), refused.clone());
            writers.push(tokio::spawn(async move {
                for n in 0.. {
                    let model = format!("fakeai/m{}", (n + i + round) % MODELS);
                    allowed.lock().expect("allowed")[i].push(Some(model.clone()));
                    let body = json!({"id": format!("b{i}"), "model": model});
                    let Ok(resp) = client.post(&url).bearer_auth(&token).json(&body).send().await else {
                        return; // Buddy is gone.
                    };
                    let status = resp.status();
                    let Ok(text) = resp.text().await else { return };
                    if status.is_success() {
                        allowed.lock().expect("allowed")[i] = vec![Some(model)];
                        acks.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    } else {
                        refused.lock().expect("refused").push(format!("{status}: {text}"));
                        return;
                    }
                }
            }));
        }
        // Kill at a different point of each round, once writes are being acknowledged.
        let target = 12 + 9 * round;
        wait_for("config writes to be acknowledged", Duration::from_secs(180), || async {
            (acks.load(std::sync::atomic::Ordering::SeqCst) >= target).then_some(())
        })
        .await;
        buddy.kill();
        for w in writers {
            tokio::time::timeout(Duration::from_secs(120), w)
                .await
                .expect("a writer ends once Buddy is gone")
                .expect("writer");
        }
        acknowledged_total += acks.load(std::sync::atomic::Ordering::SeqCst);
        assert!(refused.lock().expect("refused").is_empty(), "writes refused: {:?}", refused.lock());

        let text = std::fs::read_to_string(&home.config).expect("openclaw.json is still there");
        let config: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("round {round}: openclaw.json is not valid JSON after kill -9 ({e}):\n{text}"));
        for (i, allowed) in allowed.lock().expect("allowed").iter_mut().enumerate() {
            let on_disk = model_of(&config, &format!("b{i}"));
            assert!(
                allowed.contains(&on_disk),
                "round {round}: bot b{i} has {on_disk:?} on disk, but the last acknowledged write or the one in flight was one of {allowed:?}"
            );
            // What is on disk now is where the next round starts from.
            *allowed = vec![on_disk];
        }
    }
    assert!(acknowledged_total >= ROUNDS * 12, "writes were made: {acknowledged_total}");

    // A Buddy started on what the kills left serves, reads the same values and writes again.
    let buddy = BuddyProcess::start(Path::new(BIN), &home, "[modules]\nbuiltins = false\n", &[]);
    let leftovers = buddy_temp_files(&home.state);
    assert!(leftovers.is_empty(), "temp files of killed Buddies are cleared at start: {leftovers:?}");
    assert_serving(&buddy.client, &buddy.base, &buddy.token).await;
    let resp = buddy
        .request(Method::POST, "/v1/openclaw/bots/set-model")
        .json(&json!({"id": "b0", "model": "fakeai/fake-model"}))
        .send()
        .await
        .expect("E14");
    assert_eq!(resp.status(), 200, "{:?}", resp.text().await);
    drop(buddy);
    home.assert_valid().await;
}

/// `GET /health` and an authenticated read answer.
async fn assert_serving(client: &reqwest::Client, base: &str, token: &str) {
    let health = client.get(format!("{base}/health")).send().await.expect("GET /health");
    assert_eq!(health.status(), 200, "Buddy still serves /health");
    let resp = client.get(format!("{base}/v1/openclaw/bots-models")).bearer_auth(token).send().await.expect("E10");
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.expect("E10 JSON");
    assert_eq!(status, 200, "Buddy still serves authenticated reads: {body}");
}

/// A tmpfs mounted over a directory, unmounted (lazily) when dropped.
struct Tmpfs(PathBuf);

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Mounts a tmpfs of `size` over `dir`. When this machine cannot (not root, no permission in a
/// container), says so loudly on the terminal — past the test harness's output capture — and
/// returns `None`: the caller skips only its own case.
fn mount_tmpfs(dir: &Path, size: &str, case: &str) -> Option<Tmpfs> {
    std::fs::create_dir_all(dir).expect("mount point");
    let out = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
        .arg(dir)
        .output();
    let why = match out {
        Ok(o) if o.status.success() => return Some(Tmpfs(dir.to_path_buf())),
        Ok(o) => format!("mount exited with {}: {}", o.status, String::from_utf8_lossy(&o.stderr).trim()),
        Err(e) => format!("cannot run mount: {e}"),
    };
    let banner = "!".repeat(100);
    let _ = writeln!(
        std::io::stderr(),
        "\n{banner}\nSKIPPED: {case}.\nThis machine cannot mount a tmpfs ({why}).\nRun the tests as root where `mount -t tmpfs` is allowed to cover this case.\n{banner}\n"
    );
    None
}

/// Fills the file system holding `dir` to the last byte; returns the filler file.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).expect("filler");
    for chunk in [64 * 1024, 4096, 512, 1] {
        let bytes = vec![0u8; chunk];
        loop {
            match file.write_all(&bytes) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::StorageFull => break,
                Err(e) => panic!("filling {}: {e}", dir.display()),
            }
        }
    }
    path
}

/// 503 whose message names the full disk.
fn assert_disk_full(what: &str, status: u16, body: &Value) {
    assert_eq!(status, 503, "{what} on a full disk: {body}");
    let message = assert_envelope(503, body);
    assert!(message.contains("no space left on device"), "{what}: the message names the cause: {message}");
}

fn no_builtins() -> Options {
    Options { configure: Some(Box::new(|c| c.modules.builtins = false)), ..Default::default() }
}

fn set_model(model: &str) -> Value {
    json!({"id": "main", "model": model})
}

fn soul(content: &str) -> Value {
    json!({"id": "main", "name": "SOUL.md", "content": content})
}

/// The audit log's rows for `action` answered with `code`.
async fn audited(app: &TestApp, action: &str, code: u16) -> usize {
    let log = app.events("page_size=100").await;
    log.items.iter().filter(|e| e["action"] == action && e["code"] == code).count()
}

#[tokio::test]
async fn a_full_data_directory_refuses_writes_by_name_and_half_writes_nothing() {
    let home = OpenClawHome::new();
    let data = home.dir.path().join("buddy-data");
    let Some(tmpfs) = mount_tmpfs(&data, "16m", "ENOSPC on Buddy's data directory") else { return };
    let app = TestApp::start_with(home, no_builtins()).await;
    let soul_path = app.home.state.join("workspace/SOUL.md");
    for (path, body) in [
        ("/v1/openclaw/bots/set-model", set_model("fakeai/other-model")),
        ("/v1/openclaw/bots/file", soul("first")),
        ("/v1/openclaw/bots/file", soul("second")),
        ("/v1/openclaw/chat/quick-commands", json!({"name": "before", "content": "hi"})),
    ] {
        let (status, reply) = app.post(path, body).await;
        assert_eq!(status, 200, "{path} before the fault: {reply}");
    }
    let config_before = app.home.config_hash();

    let filler = fill(&data);
    // E14 backs the current openclaw.json up into the data directory before replacing it.
    let (status, body) = app.post("/v1/openclaw/bots/set-model", set_model("fakeai/fake-model")).await;
    assert_disk_full("E14 set-model", status, &body);
    // E17 keeps the previous SOUL.md in the data directory before replacing it.
    let (status, body) = app.post("/v1/openclaw/bots/file", soul("third")).await;
    assert_disk_full("E17 bot file", status, &body);
    // E38 is a row in SQLite: refused by name, or taken when the write-ahead log still had room.
    let (status, body) = app.post("/v1/openclaw/chat/quick-commands", json!({"name": "during", "content": "hi"})).await;
    if status != 200 {
        assert_disk_full("E38 quick command", status, &body);
    }
    let quick_during_taken = status == 200;

    assert_eq!(app.home.config_hash(), config_before, "openclaw.json is untouched");
    assert_eq!(std::fs::read_to_string(&soul_path).expect("SOUL.md"), "second", "SOUL.md is untouched");
    for entry in std::fs::read_dir(data.join("backups")).expect("backups").flatten() {
        let text = std::fs::read_to_string(entry.path()).expect("backup");
        serde_json::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{:?} is a whole backup: {e}", entry.path()));
    }
    for entry in std::fs::read_dir(data.join("workspace-backups/main")).expect("workspace backups").flatten() {
        let text = std::fs::read_to_string(entry.path()).expect("backup");
        assert_eq!(text, "first", "{:?}: only whole earlier versions are kept", entry.path());
    }
    assert!(buddy_temp_files(&app.home.state).is_empty(), "no temp file is left beside openclaw.json");
    assert_serving(&app.client, &app.base, &app.token).await;

    // Space again: the same writes succeed, and the audit rows that waited are written.
    std::fs::remove_file(&filler).expect("free the space");
    let (status, body) = app.post("/v1/openclaw/bots/set-model", set_model("fakeai/fake-model")).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.post("/v1/openclaw/bots/file", soul("third")).await;
    assert_eq!(status, 200, "{body}");
    let (_, body) = app.get("/v1/openclaw/chat/quick-commands").await;
    let names: Vec<&str> = body["data"].as_array().expect("list").iter().filter_map(|q| q["name"].as_str()).collect();
    assert_eq!(names.contains(&"during"), quick_during_taken, "a refused row is not there, a taken one is: {names:?}");
    wait_for("the refused E14 call's audit row", Duration::from_secs(120), || async {
        (audited(&app, "POST /v1/openclaw/bots/set-model", 503).await == 1).then_some(())
    })
    .await;
    let home = app.stop_keeping_home().await;
    drop(tmpfs);
    drop(home);
}

#[tokio::test]
async fn a_full_openclaw_state_directory_refuses_writes_by_name_and_half_writes_nothing() {
    let home = OpenClawHome::new();
    let config = home.read_config();
    let Some(tmpfs) = mount_tmpfs(&home.state, "16m", "ENOSPC on OpenClaw's state directory") else { return };
    home.write_config(&config);
    let app = TestApp::start_with(home, no_builtins()).await;
    let soul_path = app.home.state.join("workspace/SOUL.md");
    let (status, body) = app.post("/v1/openclaw/bots/file", soul("first")).await;
    assert_eq!(status, 200, "{body}");
    let config_before = app.home.config_hash();

    let filler = fill(&app.home.state);
    let (status, body) = app.post("/v1/openclaw/bots/set-model", set_model("fakeai/other-model")).await;
    assert_disk_full("E14 set-model", status, &body);
    let (status, body) = app.post("/v1/openclaw/bots/file", soul("second")).await;
    assert_disk_full("E17 bot file", status, &body);
    // E11 is OpenClaw's own write (`openclaw agents add`): its failure is a 502/504.
    let (status, body) = app.post("/v1/openclaw/bots/add", json!({"id": "spare"})).await;
    assert!(status == 502 || status == 504, "E11 on a full state directory: {body}");
    let message = assert_envelope(status, &body).to_lowercase();
    assert!(
        ["full", "no space", "enospc"].iter().any(|w| message.contains(w)),
        "OpenClaw's reason is passed on: {message}"
    );

    assert_eq!(app.home.config_hash(), config_before, "openclaw.json is untouched");
    assert_eq!(std::fs::read_to_string(&soul_path).expect("SOUL.md"), "first", "SOUL.md is untouched");
    assert!(buddy_temp_files(&app.home.state).is_empty(), "no temp file is left beside openclaw.json");
    assert!(buddy_temp_files(&app.home.state.join("workspace")).is_empty(), "no temp file is left in the workspace");
    assert_serving(&app.client, &app.base, &app.token).await;

    std::fs::remove_file(&filler).expect("free the space");
    let (status, body) = app.post("/v1/openclaw/bots/set-model", set_model("fakeai/other-model")).await;
    assert_eq!(status, 200, "{body}");
    assert!(app.home.read_config()["agents"]["entries"].get("spare").is_none(), "no half-made bot");
    app.home.assert_valid().await;
    let home = app.stop_keeping_home().await;
    drop(tmpfs);
    drop(home);
}

#[tokio::test]
async fn a_database_locked_by_another_process_is_a_named_503_and_loses_no_audit_row() {
    let app = TestApp::start_with(OpenClawHome::new(), no_builtins()).await;
    let holder = rusqlite::Connection::open(app.data_dir.join("buddy.sqlite")).expect("open Buddy's database");
    holder.busy_timeout(Duration::from_secs(30)).expect("busy timeout");
    holder.execute_batch("BEGIN EXCLUSIVE;").expect("take the write lock");

    let (status, body) = app.post("/v1/openclaw/chat/quick-commands", json!({"name": "busy", "content": "hi"})).await;
    assert_eq!(status, 503, "{body}");
    let message = assert_envelope(503, &body);
    assert!(message.contains("locked by another process"), "the message names the cause: {message}");
    // A config write needs no database: it is done; its audit row waits for the lock.
    let (status, body) = app.post("/v1/openclaw/bots/set-model", set_model("fakeai/other-model")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.home.read_config()["agents"]["entries"]["main"]["model"], "fakeai/other-model");
    assert_serving(&app.client, &app.base, &app.token).await;

    holder.execute_batch("COMMIT;").expect("release the lock");
    drop(holder);
    let (status, body) = app.get("/v1/openclaw/chat/quick-commands").await;
    assert_eq!(status, 200, "{body}");
    assert!(!body["data"].to_string().contains("busy"), "the refused row was not written: {body}");
    let (status, body) = app.post("/v1/openclaw/chat/quick-commands", json!({"name": "busy", "content": "hi"})).await;
    assert_eq!(status, 200, "a retry succeeds: {body}");
    wait_for("the audit rows written while the lock was held", Duration::from_secs(120), || async {
        let config = audited(&app, "POST /v1/openclaw/bots/set-model", 200).await;
        let refused = audited(&app, "POST /v1/openclaw/chat/quick-commands", 503).await;
        (config == 1 && refused == 1).then_some(())
    })
    .await;
    app.stop().await;
}

/// A stand-in for the `openclaw` CLI that hangs: used ONLY for this fault, because the real
/// CLI cannot be made to hang on demand. It records its pid, then sleeps forever.
const HANGING_CLI: &str = "#!/bin/sh\n# Stand-in for openclaw, used ONLY by the hanging-CLI fault test: the real CLI cannot\n# hang on demand. Records its pid, then sleeps forever.\necho $$ >> \"$0.pids\"\nexec sleep 1000000\n";

#[tokio::test]
async fn a_hanging_cli_is_a_504_its_process_is_killed_and_buddy_keeps_serving() {
    use std::os::unix::fs::PermissionsExt;
    let home = OpenClawHome::new();
    let cli = home.dir.path().join("hanging-openclaw");
    std::fs::write(&cli, HANGING_CLI).expect("write the hanging CLI");
    std::fs::set_permissions(&cli, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let bin = cli.clone();
    let app = TestApp::start_with(
        home,
        Options {
            configure: Some(Box::new(move |c| {
                c.modules.builtins = false;
                c.openclaw.bin = bin;
                c.openclaw.cli_timeout_secs = 3;
            })),
            ..Default::default()
        },
    )
    .await;
    let config_before = app.home.config_hash();

    let call = app.post("/v1/openclaw/bots/add", json!({"id": "spare"}));
    let (status, body) =
        tokio::time::timeout(Duration::from_secs(120), call).await.expect("a hanging CLI never hangs the request");
    assert_eq!(status, 504, "{body}");
    let message = assert_envelope(504, &body);
    assert!(message.contains("timed out") || message.contains("timeout"), "the message names the cause: {message}");
    assert_eq!(app.home.config_hash(), config_before, "openclaw.json is untouched");

    let pids: Vec<u32> = std::fs::read_to_string(format!("{}.pids", cli.display()))
        .expect("the CLI ran")
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect();
    assert!(!pids.is_empty());
    wait_for("the hung CLI processes to be killed", Duration::from_secs(30), || async {
        pids.iter()
            .all(|pid| {
                let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok();
                stat.is_none_or(|s| s.split_whitespace().nth(2) == Some("Z"))
            })
            .then_some(())
    })
    .await;

    // The writer lock the CLI held is free again, and everything else still answers.
    let (status, body) = app.post("/v1/openclaw/bots/set-model", set_model("fakeai/other-model")).await;
    assert_eq!(status, 200, "{body}");
    assert_serving(&app.client, &app.base, &app.token).await;
    app.stop().await;
}
