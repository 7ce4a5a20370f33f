//! What a client may hold before it authenticates: a half-sent request (or an idle keep-alive
//! connection) is dropped after the header-read timeout, and connections beyond the cap wait
//! until one ends instead of piling up.

use std::time::Duration;

use buddy_tests::{OpenClawHome, Options, TestApp};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn app_with(configure: impl FnOnce(&mut openclaw_buddy::config::BuddyConfig) + 'static) -> TestApp {
    TestApp::start_with(OpenClawHome::new(), Options { configure: Some(Box::new(configure)), ..Default::default() })
        .await
}

fn addr(app: &TestApp) -> String {
    app.base.trim_start_matches("http://").to_string()
}

/// Reads until the server closes the connection; returns everything it sent.
async fn until_closed(socket: &mut TcpStream, deadline: Duration) -> Vec<u8> {
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(deadline, socket.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return all,
            Ok(Ok(n)) => all.extend_from_slice(&buf[..n]),
            Err(_) => panic!("the connection was still open after {deadline:?}"),
        }
    }
}

#[tokio::test]
async fn half_sent_requests_and_idle_connections_are_dropped_after_the_header_read_timeout() {
    let app = app_with(|c| c.http.header_read_timeout_secs = 1).await;
    // Half a request line, never finished.
    let mut slow = TcpStream::connect(addr(&app)).await.expect("connect");
    slow.write_all(b"GET /health HT").await.expect("write");
    // Nothing at all.
    let mut silent = TcpStream::connect(addr(&app)).await.expect("connect");
    // One full request, then an idle keep-alive connection.
    let mut idle = TcpStream::connect(addr(&app)).await.expect("connect");
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: buddy\r\n\r\n").await.expect("write");

    until_closed(&mut slow, Duration::from_secs(30)).await;
    until_closed(&mut silent, Duration::from_secs(30)).await;
    let answered = String::from_utf8_lossy(&until_closed(&mut idle, Duration::from_secs(30)).await).into_owned();
    assert!(answered.starts_with("HTTP/1.1 200"), "the full request was answered first: {answered}");
    app.stop().await;
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_one_ends() {
    let app = app_with(|c| c.http.max_connections = 4).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut socket = TcpStream::connect(addr(&app)).await.expect("connect");
        socket.write_all(b"GET /health HTTP/1.1\r\n").await.expect("write");
        held.push(socket);
    }
    let fresh = || reqwest::Client::builder().no_proxy().build().expect("client");
    let waiting = fresh().get(format!("{}/health", app.base)).timeout(Duration::from_secs(2)).send().await;
    assert!(waiting.is_err_and(|e| e.is_timeout()), "a fifth connection is not served while four are held");
    drop(held.pop());
    let served = fresh().get(format!("{}/health", app.base)).timeout(Duration::from_secs(60)).send().await;
    assert_eq!(served.expect("served once a slot is free").status(), 200);
    drop(held);
    app.stop().await;
}
