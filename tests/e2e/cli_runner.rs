//! The CLI runner's error cases (fault-injecting fake CLI) and its happy path (real CLI).

use std::time::{Duration, Instant};

use buddy_openclaw::cli::{CliError, CliRunner};
use buddy_tests::{OpenClawHome, fake_cli};
use openclaw_buddy::error::ApiError;

fn runner(bin: std::path::PathBuf, timeout: Duration) -> CliRunner {
    CliRunner::new(bin, Vec::new(), timeout)
}

#[tokio::test]
async fn hang_is_killed_with_its_whole_process_group() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cli = runner(fake_cli::write(dir.path()), Duration::from_secs(2));
    let pid_file = dir.path().join("child.pid");
    let started = Instant::now();
    let err = cli.run(&["hang", pid_file.to_str().expect("utf-8")], None).await.unwrap_err();
    assert!(matches!(err, CliError::Timeout { .. }), "{err}");
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(ApiError::from(err).status().as_u16(), 504);
    let child: i32 = std::fs::read_to_string(&pid_file).expect("pid").trim().parse().expect("number");
    buddy_tests::wait_for("the hung CLI's child to be killed", Duration::from_secs(10), || async {
        let state = std::fs::read_to_string(format!("/proc/{child}/stat")).ok();
        // Gone, or a zombie waiting for its reaper: either way no longer running.
        state.is_none_or(|s| s.split_whitespace().nth(2) == Some("Z")).then_some(())
    })
    .await;
}

#[tokio::test]
async fn garbage_crash_and_failure_json_give_clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cli = runner(fake_cli::write(dir.path()), Duration::from_secs(20));
    cli.set_secrets(vec!["sk-secret-123456789".into()]);

    let err = cli.run_json(&["garbage"], None).await.unwrap_err();
    assert!(matches!(err, CliError::Unparsable { .. }) && err.to_string().contains("not json"), "{err}");
    assert_eq!(ApiError::from(err).status().as_u16(), 502);

    let err = cli.run_json(&["crash"], None).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, CliError::Failed { code: 3, .. }) && text.contains("config exploded"), "{text}");
    assert!(!text.contains("sk-secret-123456789"), "secrets are redacted: {text}");

    let err = cli.run_json(&["fail-json"], None).await.unwrap_err();
    assert!(err.to_string().contains("plugin not installed: nope"), "OpenClaw's own message is used: {err}");

    let v = cli.run_json(&["logs-then-json"], None).await.expect("json after log lines");
    assert_eq!(v["items"], serde_json::json!([1, 2, 3]));

    let out = cli.clone().with_output_cap(1000).run(&["big"], None).await.expect("big output");
    assert_eq!(out.stdout.len(), 1000, "output is capped and the child still finishes");
}

#[tokio::test]
async fn a_missing_cli_says_it_is_not_installed() {
    let cli = runner("/nonexistent/openclaw".into(), Duration::from_secs(5));
    let err = cli.run(&["--version"], None).await.unwrap_err();
    assert!(matches!(err, CliError::NotInstalled { .. }), "{err}");
    assert!(err.to_string().contains("not installed"), "{err}");
    assert_eq!(ApiError::from(err).status().as_u16(), 502);
}

#[tokio::test]
async fn the_real_cli_runs_and_reports_its_failures() {
    let home = OpenClawHome::new();
    let env = home.cli_env().into_iter().map(|(k, v)| (k, v.into())).collect();
    let cli = CliRunner::new(home.install.bin.clone(), env, Duration::from_secs(120));
    let out = cli.run_ok(&["--version"], None).await.expect("version");
    assert!(out.stdout.starts_with("OpenClaw 2026.9.6"), "{}", out.stdout);
    let err = cli.run_json(&["plugins", "enable", "no-such-plugin-xyz"], None).await.unwrap_err();
    assert!(matches!(err, CliError::Failed { .. }), "{err}");
    assert!(err.to_string().to_lowercase().contains("not"), "OpenClaw's reason is kept: {err}");
}
