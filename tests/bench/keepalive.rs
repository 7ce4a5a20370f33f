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

/// Rates of `routes` measured in turns (`rounds` rounds, each route for `window` per round, each
/// round starting with the next route), as
/// the median over rounds of each route's rate, and of its rate relative to the first route
/// in the same round. Routes measured one right after the other share the machine's
/// conditions of that moment; the median keeps one disturbed round from moving the figure.
pub async fn side_by_side(addr: &str, routes: &[(&str, Option<&str>)], rounds: usize, window: Duration) -> InTurns {
    let mut rates = vec![Vec::new(); routes.len()];
    let mut ratios = vec![Vec::new(); routes.len()];
    for done in 0..rounds {
        // Each round starts with the next route, so no route always runs first or last.
        let mut round = vec![0.0; routes.len()];
        for k in 0..routes.len() {
            let i = (k + done) % routes.len();
            let (path, token) = routes[i];
            round[i] = rps(addr, path, token, window).await;
        }
        for (i, rate) in round.iter().enumerate() {
            rates[i].push(*rate);
            ratios[i].push(rate / round[0]);
        }
    }
    InTurns { rates: rates.into_iter().map(median).collect(), ratios: ratios.into_iter().map(median).collect() }
}

/// What [`side_by_side`] measured, one entry per route.
pub struct InTurns {
    /// Median requests per second.
    pub rates: Vec<f64>,
    /// Median of the rate relative to the first route's in the same round.
    pub ratios: Vec<f64>,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
    if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
}
