//! Chat passthrough cost: a streamed completion's time to first byte and total time, and
//! non-streamed requests per second, direct to the gateway vs through Buddy.

use std::time::{Duration, Instant};

use buddy_tests::TestApp;
use buddy_tests::fake_provider::FakeProvider;
use futures_util::StreamExt;
use serde_json::json;

use crate::stats::{Summary, rate};

/// Runs the section (starts a real gateway with a fake provider).
pub async fn direct_vs_buddy() {
    let provider = FakeProvider::start().await;
    let app = TestApp::start_with_gateway(&provider.base_url()).await;

    let client = reqwest::Client::builder().no_proxy().build().expect("client");
    let direct = format!("http://127.0.0.1:{}/v1/chat/completions", app.home.gateway_port);
    let buddy = format!("{}/v1/openclaw/chat/completions", app.base);
    let (gateway_token, buddy_token) = (app.home.gateway_token.clone(), app.token.clone());
    let body = |stream: bool| json!({"model": "openclaw/main", "stream": stream, "messages": [{"role": "user", "content": "hi"}]});
    let send = |url: String, token: String, stream: bool| {
        let client = client.clone();
        async move { client.post(url).bearer_auth(token).json(&body(stream)).send().await.expect("send") }
    };
    // Warm both paths (the first call to an agent is slow inside OpenClaw).
    for _ in 0..3 {
        send(direct.clone(), gateway_token.clone(), false).await.bytes().await.expect("warm");
        send(buddy.clone(), buddy_token.clone(), false).await.bytes().await.expect("warm");
    }
    let streamed = |url: String, token: String| async move {
        let started = Instant::now();
        let mut stream = send(url, token, true).await.bytes_stream();
        let mut ttfb = None;
        while let Some(chunk) = stream.next().await {
            chunk.expect("chunk");
            ttfb.get_or_insert(started.elapsed());
        }
        (ttfb.unwrap_or_default(), started.elapsed())
    };
    let (mut d_ttfb, mut d_total, mut b_ttfb, mut b_total) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..30 {
        let (t, total) = streamed(direct.clone(), gateway_token.clone()).await;
        d_ttfb.push(t);
        d_total.push(total);
        let (t, total) = streamed(buddy.clone(), buddy_token.clone()).await;
        b_ttfb.push(t);
        b_total.push(total);
    }
    let med = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1e3
    };
    let (dt, dtot, bt, btot) = (med(&mut d_ttfb), med(&mut d_total), med(&mut b_ttfb), med(&mut b_total));
    println!("Streamed chat completion (30 each, interleaved; fake provider behind the real gateway)");
    println!("  direct to the gateway: first byte {dt:.1} ms, total {dtot:.1} ms (medians)");
    println!("  through Buddy:         first byte {bt:.1} ms, total {btot:.1} ms (medians)");
    println!("  ratio (Buddy / direct): first byte {:.3}x, total {:.3}x", bt / dt, btot / dtot);
    let one = |url: String, token: String| async move {
        let r = send(url, token, false).await;
        assert_eq!(r.status(), 200);
        let _ = r.bytes().await;
    };
    let d_rps = rate(Duration::from_secs(5), || one(direct.clone(), gateway_token.clone())).await;
    let b_rps = rate(Duration::from_secs(5), || one(buddy.clone(), buddy_token.clone())).await;
    let single = Summary::measure(20, || one(buddy.clone(), buddy_token.clone())).await;
    println!(
        "  non-streamed, 8 clients: direct {d_rps:.1} req/s, through Buddy {b_rps:.1} req/s (ratio {:.3}x); Buddy latency {single}\n",
        b_rps / d_rps
    );
    let (_, body) = app.post("/v1/gateway/stop", json!({})).await;
    app.wait_task(body["data"]["taskID"].as_str().expect("task"), Duration::from_secs(120)).await;
    app.stop().await;
}
