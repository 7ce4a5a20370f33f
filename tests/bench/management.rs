//! Management endpoints side by side with their alternatives:
//! E20 models/config and E16 file read through Buddy vs reading the file directly, and one
//! audited, validated, backed-up config write (E14 set-model) vs `openclaw config set`.

use std::time::Instant;

use buddy_tests::TestApp;
use serde_json::json;

use crate::stats::Summary;

/// Runs the section against `app` (whose home has the `main` agent and the fake provider).
pub async fn run(app: &TestApp) {
    reads(app).await;
    write(app).await;
}

async fn reads(app: &TestApp) {
    let config = app.home.config.clone();
    let (status, _) = app.get("/v1/openclaw/models/config").await;
    assert_eq!(status, 200);
    let buddy = Summary::measure(500, || async {
        let (s, _) = app.get("/v1/openclaw/models/config").await;
        assert_eq!(s, 200);
    })
    .await;
    let direct = Summary::measure(500, || async {
        let bytes = tokio::fs::read(&config).await.expect("read openclaw.json");
        let v: serde_json::Value = serde_json::from_slice(&bytes).expect("parse");
        assert!(v.get("models").is_some());
    })
    .await;
    println!("E20 models/config");
    println!("  through Buddy (auth, snapshot, masking, envelope): {buddy}");
    println!("  read + parse openclaw.json in process:             {direct}");
    println!("  ratio (Buddy / direct, p50): {:.1}x\n", buddy.p50.as_secs_f64() / direct.p50.as_secs_f64());

    let soul = "# Soul\n\nA helpful assistant.\n".repeat(40);
    let (status, body) =
        app.post("/v1/openclaw/bots/file", json!({"id": "main", "name": "SOUL.md", "content": soul})).await;
    assert_eq!(status, 200, "{body}");
    let path = app.home.state.join("workspace/SOUL.md");
    let buddy = Summary::measure(500, || async {
        let (s, _) = app.get("/v1/openclaw/bots/file?id=main&name=SOUL.md").await;
        assert_eq!(s, 200);
    })
    .await;
    let direct = Summary::measure(500, || async {
        let text = tokio::fs::read_to_string(&path).await.expect("read SOUL.md");
        assert!(!text.is_empty());
    })
    .await;
    println!("E16 bots/file (SOUL.md, {} bytes)", soul.len());
    println!("  through Buddy (auth, id + name checks, symlink check): {buddy}");
    println!("  tokio::fs::read_to_string:                             {direct}");
    println!("  ratio (Buddy / direct, p50): {:.1}x\n", buddy.p50.as_secs_f64() / direct.p50.as_secs_f64());
}

async fn write(app: &TestApp) {
    let models = ["fakeai/other-model", "fakeai/fake-model"];
    let mut turn = 0usize;
    let buddy = Summary::measure(100, || {
        turn += 1;
        let model = models[turn % 2];
        async move {
            let (s, body) = app.post("/v1/openclaw/bots/set-model", json!({"id": "main", "model": model})).await;
            assert_eq!(s, 200, "{body}");
        }
    })
    .await;
    let mut turn = 0usize;
    let cli = Summary::measure(3, || {
        turn += 1;
        let model = models[turn % 2];
        async move {
            let (code, out, err) = app.home.openclaw(&["config", "set", "agents.entries.main.model", model]).await;
            assert_eq!(code, 0, "{out}\n{err}");
        }
    })
    .await;
    let started = Instant::now();
    app.home.assert_valid().await;
    println!("E14 set-model: one audited, validated, backed-up config write");
    println!("  through Buddy (validate, backup, temp + fsync + rename, audit row): {buddy}");
    println!("  openclaw config set agents.entries.main.model <ref>:               {cli}");
    println!(
        "  ratio (CLI / Buddy, p50): {:.0}x (goal ≥ 100x); the file still validates ({:.1} s to check)\n",
        cli.p50.as_secs_f64() / buddy.p50.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
