//! A fake OpenAI-compatible model provider on 127.0.0.1 for the gateway to call: streamed (SSE)
//! or plain JSON replies, optionally slow, counting what it sent and noticing when the caller
//! goes away — so tests can prove streaming and cancellation end to end.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

/// How the provider answers.
#[derive(Debug, Clone)]
pub struct Behaviour {
    /// Words of the reply (one streamed chunk each).
    pub words: Vec<String>,
    /// Pause before each streamed chunk.
    pub every: Duration,
}

impl Default for Behaviour {
    fn default() -> Self {
        Self { words: "Hello from fake model".split(' ').map(str::to_string).collect(), every: Duration::ZERO }
    }
}

/// Shared counters.
#[derive(Default)]
pub struct Counters {
    pub requests: AtomicUsize,
    /// Streamed content chunks written so far.
    pub chunks_sent: AtomicUsize,
    /// Streams the caller abandoned before the end.
    pub abandoned: AtomicUsize,
    /// Streams that ran to `[DONE]`.
    pub completed: AtomicUsize,
}

/// A running fake provider.
pub struct ModelServer {
    /// `http://127.0.0.1:<port>/v1`, the provider's `baseUrl`.
    pub base_url: String,
    pub counters: Arc<Counters>,
    behaviour: Arc<std::sync::Mutex<Behaviour>>,
    task: tokio::task::JoinHandle<()>,
}

impl ModelServer {
    /// Starts the provider.
    pub async fn start() -> Self {
        let counters = Arc::new(Counters::default());
        let behaviour = Arc::new(std::sync::Mutex::new(Behaviour::default()));
        let (c, b) = (counters.clone(), behaviour.clone());
        let app = axum::Router::new().route(
            "/v1/chat/completions",
            post(move |body: Bytes| {
                let (c, b) = (c.clone(), b.clone());
                async move { reply(c, b, body) }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base_url = format!("http://{}/v1", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { base_url, counters, behaviour, task }
    }

    /// Changes how the next requests are answered.
    pub fn set(&self, behaviour: Behaviour) {
        *self.behaviour.lock().expect("lock") = behaviour;
    }
}

impl Drop for ModelServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn chunk(delta: Value, finish: Option<&str>) -> Bytes {
    let event = json!({
        "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": "fake-model",
        "choices": [{ "index": 0, "delta": delta, "finish_reason": finish }]
    });
    Bytes::from(format!("data: {event}\n\n"))
}

/// Counts an abandoned stream when dropped before it finished.
struct Watch {
    counters: Arc<Counters>,
    finished: bool,
}

impl Drop for Watch {
    fn drop(&mut self) {
        if self.finished {
            self.counters.completed.fetch_add(1, Ordering::SeqCst);
        } else {
            self.counters.abandoned.fetch_add(1, Ordering::SeqCst);
        }
    }
}

fn reply(counters: Arc<Counters>, behaviour: Arc<std::sync::Mutex<Behaviour>>, body: Bytes) -> Response {
    counters.requests.fetch_add(1, Ordering::SeqCst);
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let b = behaviour.lock().expect("lock").clone();
    if request["stream"] != true {
        let text = b.words.join(" ");
        return axum::Json(json!({
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "fake-model",
            "choices": [{ "index": 0, "message": { "role": "assistant", "content": text }, "finish_reason": "stop" }],
            "usage": { "prompt_tokens": 1, "completion_tokens": b.words.len(), "total_tokens": 1 + b.words.len() }
        }))
        .into_response();
    }
    let stream = futures_util::stream::unfold(
        (0usize, Watch { counters: counters.clone(), finished: false }),
        move |(i, mut watch)| {
            let b = b.clone();
            let counters = counters.clone();
            async move {
                let n = b.words.len();
                let out = match i {
                    0 => chunk(json!({"role": "assistant"}), None),
                    i if i <= n => {
                        tokio::time::sleep(b.every).await;
                        counters.chunks_sent.fetch_add(1, Ordering::SeqCst);
                        let sep = if i == 1 { "" } else { " " };
                        chunk(json!({"content": format!("{sep}{}", b.words[i - 1])}), None)
                    }
                    i if i == n + 1 => chunk(json!({}), Some("stop")),
                    i if i == n + 2 => {
                        watch.finished = true;
                        Bytes::from_static(b"data: [DONE]\n\n")
                    }
                    _ => return None,
                };
                Some((Ok::<_, std::io::Error>(out), (i + 1, watch)))
            }
        },
    );
    Response::builder()
        .header("content-type", "text/event-stream")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}
