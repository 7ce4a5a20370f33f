//! SIGTERM to the Buddy binary: it exits within 10 s even while requests are stuck, and with
//! `gateway.stop_on_exit` it takes down a gateway whose start is still in progress.

use std::path::Path;
use std::time::Duration;

use buddy_tests::process::{BuddyProcess, KillGroupOnDrop};
use buddy_tests::{OpenClawHome, wait_for};
use reqwest::Method;
use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const BIN: &str = env!("CARGO_BIN_EXE_buddy-e2e");

#[tokio::test]
async fn sigterm_ends_buddy_within_ten_seconds_while_requests_are_stuck() {
    // A "gateway" that accepts connections and never answers: proxied requests hang on it.
    let hole = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let hole_url = format!("http://{}", hole.local_addr().expect("addr"));
    let (accepted_tx, mut accepted) = tokio::sync::mpsc::unbounded_channel();
    let held = tokio::spawn(async move {
        let mut sockets = Vec::new();
        while let Ok((s, _)) = hole.accept().await {
            sockets.push(s);
            let _ = accepted_tx.send(());
        }
    });
    let home = OpenClawHome::new();
    let mut buddy = BuddyProcess::start(Path::new(BIN), &home, &format!("gateway_url = {hole_url:?}\n"), &[]);

    // A chat completion stuck on the silent gateway.
    let chat = buddy
        .request(Method::POST, "/v1/openclaw/chat/completions")
        .json(&json!({"model": "openclaw", "messages": [{"role": "user", "content": "hi"}]}))
        .send();
    let chat = tokio::spawn(chat);
    // A client that never finishes its request head.
    let mut slow = tokio::net::TcpStream::connect(buddy.base.trim_start_matches("http://")).await.expect("connect");
    slow.write_all(b"POST /login HTTP/1.1\r\nContent-Length: 100\r\n").await.expect("write");
    // A log socket that follows forever.
    let mut request = format!("{}/v1/ws/logs?source=buddy", buddy.base.replace("http://", "ws://"))
        .into_client_request()
        .expect("url");
    request.headers_mut().insert("authorization", format!("Bearer {}", buddy.token).parse().expect("header"));
    let (_logs, _) = tokio_tungstenite::connect_async(request).await.expect("logs socket");
    // Buddy has the chat request in hand once the silent gateway accepted its connection.
    accepted.recv().await.expect("Buddy connects to the gateway");

    let took = tokio::task::spawn_blocking(move || buddy.terminate(Duration::from_secs(60))).await.expect("join");
    assert!(took < Duration::from_secs(10), "Buddy took {took:?} to exit after SIGTERM");
    assert!(chat.await.expect("join").is_err(), "the stuck request ended with Buddy");
    held.abort();
}

#[tokio::test]
async fn sigterm_during_a_gateway_start_stops_that_gateway_with_stop_on_exit() {
    let home = OpenClawHome::new();
    let mut buddy = BuddyProcess::start(Path::new(BIN), &home, "[gateway]\nstop_on_exit = true\n", &[]);
    let resp = buddy.request(Method::POST, "/v1/gateway/start").json(&json!({})).send().await.expect("E40");
    assert_eq!(resp.status(), 202);
    let record = buddy.data_dir.join("gateway.json");
    // The gateway needs 20-50 s to be ready: its start is in progress when Buddy gets SIGTERM.
    let pid = wait_for("the gateway to be spawned", Duration::from_secs(60), || async {
        let text = std::fs::read_to_string(&record).ok()?;
        serde_json::from_str::<serde_json::Value>(&text).ok()?["pid"].as_u64().map(|p| p as u32)
    })
    .await;
    let _guard = KillGroupOnDrop(pid);
    // Its workers too (one runs in a session of its own).
    let started = buddy_tests::process::descendants(pid);
    let took = tokio::task::spawn_blocking(move || buddy.terminate(Duration::from_secs(60))).await.expect("join");
    assert!(took < Duration::from_secs(10), "Buddy took {took:?} to exit");
    wait_for("the gateway's processes to be gone", Duration::from_secs(10), || async {
        let alive = openclaw_buddy::gateway::proc_info::alive;
        let left: Vec<u32> = std::fs::read_dir("/proc")
            .expect("proc")
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
            .filter(|p| openclaw_buddy::gateway::proc_info::process_group(*p) == Some(pid) && alive(*p))
            .chain(started.iter().copied().filter(|p| alive(*p)))
            .collect();
        left.is_empty().then_some(())
    })
    .await;
}
