//! E48–E50 and WebSocket auth: tickets are single-use, logs follow across rotation, the
//! restricted shell refuses what is not allow-listed (and argument injection) and audits
//! everything, and the TUI runs in a PTY that ends with the socket.

use std::time::Duration;

use buddy_tests::{OpenClawHome, Options, TestApp, wait_for};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(app: &TestApp, path: &str, token: bool) -> Result<Socket, u16> {
    let mut request = format!("{}{path}", app.base.replace("http://", "ws://")).into_client_request().expect("request");
    if token {
        request.headers_mut().insert("authorization", format!("Bearer {}", app.token).parse().expect("header"));
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((ws, _)) => Ok(ws),
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => Err(resp.status().as_u16()),
        Err(e) => panic!("{e}"),
    }
}

async fn next_text(ws: &mut Socket) -> String {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(60), ws.next())
            .await
            .expect("a frame in time")
            .expect("open")
            .expect("frame");
        match m {
            Message::Text(t) => return t.to_string(),
            Message::Binary(b) => return String::from_utf8_lossy(&b).into_owned(),
            _ => continue,
        }
    }
}

async fn text_until(ws: &mut Socket, needle: &str) -> String {
    let mut all = String::new();
    while !all.contains(needle) {
        all.push_str(&next_text(ws).await);
    }
    all
}

#[tokio::test]
async fn tickets_are_single_use_and_logs_follow_across_rotation() {
    let home = OpenClawHome::new();
    let log = home.dir.path().join("logs/openclaw.log");
    std::fs::create_dir_all(log.parent().expect("dir")).expect("dir");
    std::fs::write(&log, "old 1\nold 2\nold 3\n").expect("seed");
    let mut config = home.read_config();
    config["logging"] = json!({"file": log.display().to_string()});
    home.write_config(&config);
    let app = TestApp::start_with(home, Options::default()).await;

    assert_eq!(connect(&app, "/v1/ws/logs", false).await.err(), Some(401), "no token, no ticket");
    let (_, body) = app.post("/v1/ws/ticket", json!({})).await;
    let ticket = body["data"]["ticket"].as_str().expect("ticket").to_string();
    let mut ws = connect(&app, &format!("/v1/ws/logs?tail=2&ticket={ticket}"), false).await.expect("ticket works once");
    assert_eq!(connect(&app, &format!("/v1/ws/logs?ticket={ticket}"), false).await.err(), Some(401), "and only once");

    assert_eq!(next_text(&mut ws).await, "old 2\r\n", "the tail comes first");
    assert_eq!(next_text(&mut ws).await, "old 3\r\n");
    std::fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"new line\n"))
        .expect("append");
    assert_eq!(next_text(&mut ws).await, "new line\r\n");
    std::fs::rename(&log, log.with_extension("log.1")).expect("rotate");
    std::fs::write(&log, "after rotation\n").expect("new file");
    let seen = text_until(&mut ws, "after rotation").await;
    assert!(seen.contains("rotated"), "{seen}");

    assert_eq!(connect(&app, "/v1/ws/logs?source=nowhere", true).await.err(), Some(400));
    assert_eq!(app.events("action=POST%20/v1/ws/ticket").await.total, 0, "issuing a ticket is not an audited change");
    app.stop().await;
}

#[tokio::test]
async fn the_shell_runs_only_allow_listed_commands_and_audits_each() {
    let app = TestApp::start().await;
    let mut ws = connect(&app, "/v1/ws/shell", true).await.expect("shell");
    let banner = next_text(&mut ws).await;
    assert!(banner.contains("openclaw --version"), "{banner}");
    let attempts = [
        ("status; rm -rf /", "refused: ';' is shell syntax"),
        ("--version $(touch /tmp/pwned)", "refused"),
        ("agents delete main --force", "not an allowed maintenance command"),
        ("logs --limit --help", "not an allowed maintenance command"),
        ("openclaw --version", "OpenClaw 2026.9.6"),
    ];
    for (line, expect) in attempts {
        ws.send(Message::text(line)).await.expect("send");
        let reply = next_text(&mut ws).await;
        assert!(reply.contains(expect), "{line:?} → {reply:?}");
    }
    assert!(!std::path::Path::new("/tmp/pwned").exists());
    drop(ws);
    let events = wait_for("five audited shell commands", Duration::from_secs(30), || async {
        let log = app.events("action=WS%20/v1/ws/shell").await;
        (log.total == 5).then_some(log)
    })
    .await;
    let statuses: Vec<u64> = events.items.iter().filter_map(|e| e["code"].as_u64()).collect();
    assert_eq!(statuses, vec![200, 403, 403, 403, 403], "newest first");
    app.stop().await;
}

fn tui_pids(state_dir: &std::path::Path) -> Vec<u32> {
    let needle = format!("OPENCLAW_STATE_DIR={}", state_dir.display());
    std::fs::read_dir("/proc")
        .expect("proc")
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let env = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            String::from_utf8_lossy(&env).split('\0').any(|v| v == needle)
                && openclaw_buddy::gateway::proc_info::alive(*pid)
        })
        .collect()
}

#[tokio::test]
async fn the_tui_runs_in_a_pty_echoes_and_ends_with_the_socket() {
    let app = TestApp::start().await;
    assert_eq!(connect(&app, "/v1/ws/tui?cols=5", true).await.err(), Some(400), "bad sizes are refused");
    let mut ws = connect(&app, "/v1/ws/tui?cols=100&rows=30", true).await.expect("tui");
    // The UI draws something on the terminal.
    let first = next_text(&mut ws).await;
    assert!(!first.is_empty());
    assert!(!tui_pids(&app.home.state).is_empty(), "`openclaw tui` runs for this home");
    ws.send(Message::text(json!({"type": "resize", "cols": 90, "rows": 25}).to_string())).await.expect("resize");
    ws.send(Message::text("echo-me-please")).await.expect("type");
    text_until(&mut ws, "echo-me-please").await;
    ws.close(None).await.expect("close");
    drop(ws);
    wait_for("the TUI process to end with the socket", Duration::from_secs(30), || async {
        tui_pids(&app.home.state).is_empty().then_some(())
    })
    .await;
    app.stop().await;
}
