//! A small keep-alive HTTP/1.1 load generator, in the spirit of `wrk`: 8 connections, each
//! sending one fixed request after another and reading each response by its
//! `Content-Length`. It costs far less than a full HTTP client per request, so the figures
//! it gives are the server's, not the client's, and routes compare as they would from outside.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Connections, as in the issue's `wrk` runs.
pub const CONNECTIONS: usize = 8;

/// Requests per second over `window` for `GET path` (with `token` as a bearer when given);
/// every answer must be a 200.
pub async fn rps(addr: &str, path: &str, token: Option<&str>, window: Duration) -> f64 {
    run(addr, path, false, token, window).await
}

/// [`rps`] with a number no request used before appended to `path`, so no answer can come
/// from a cache.
pub async fn rps_unique(addr: &str, path: &str, token: Option<&str>, window: Duration) -> f64 {
    run(addr, path, true, token, window).await
}

async fn run(addr: &str, path: &str, unique: bool, token: Option<&str>, window: Duration) -> f64 {
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let started = Instant::now();
    let deadline = started + window;
    let mut loops = Vec::new();
    for conn in 0..CONNECTIONS {
        let (addr, path, auth) = (addr.to_string(), path.to_string(), auth.clone());
        loops.push(tokio::spawn(async move {
            let request = |n: u64| {
                let path = if unique { format!("{path}{conn}-{n}") } else { path.clone() };
                format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Accept: */*\r\n\r\n").into_bytes()
            };
            let fixed = request(0);
            let mut stream = TcpStream::connect(&addr).await.expect("connect");
            stream.set_nodelay(true).expect("nodelay");
            let mut buf = Vec::with_capacity(64 * 1024);
            let mut n = 0u64;
            while Instant::now() < deadline {
                if unique {
                    stream.write_all(&request(n)).await.expect("write");
                } else {
                    stream.write_all(&fixed).await.expect("write");
                }
                read_response(&mut stream, &mut buf).await;
                n += 1;
            }
            n
        }));
    }
    let mut total = 0;
    for l in loops {
        total += l.await.expect("load loop");
    }
    total as f64 / started.elapsed().as_secs_f64()
}

/// Reads one response (status 200 expected) into `buf`, leaving no bytes of it behind.
async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) {
    buf.clear();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = std::str::from_utf8(&buf[..end]).expect("head");
            assert!(head.starts_with("HTTP/1.1 200"), "{head}");
            let length: usize = head
                .lines()
                .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("content-length")))
                .map(|(_, v)| v.trim().parse().expect("length"))
                .expect("a Content-Length");
            while buf.len() < end + 4 + length {
                let got = stream.read(&mut chunk).await.expect("read");
                assert!(got > 0, "connection closed");
                buf.extend_from_slice(&chunk[..got]);
            }
            return;
        }
        let got = stream.read(&mut chunk).await.expect("read");
        assert!(got > 0, "connection closed");
        buf.extend_from_slice(&chunk[..got]);
    }
}

/// Rates of several routes measured in turns (`rounds` rounds of `window` each), so slow
/// drifts of the machine hit every route alike; the mean of each route's rounds.
pub async fn side_by_side(addr: &str, routes: &[(&str, Option<&str>)], rounds: usize, window: Duration) -> Vec<f64> {
    let mut sums = vec![0.0; routes.len()];
    for _ in 0..rounds {
        for (i, (path, token)) in routes.iter().enumerate() {
            sums[i] += rps(addr, path, *token, window).await;
        }
    }
    sums.into_iter().map(|s| s / rounds as f64).collect()
}
