//! A fake OpenAI-compatible model provider on 127.0.0.1: OpenClaw (through a provider's
//! `baseUrl`) and Buddy's own probe (E25) talk to it like to a real one. The test chooses the
//! reply ([`Reply`]) and can read back every request it received ([`Recorded`]), how many
//! streamed chunks it wrote, and how many streams its caller abandoned before the end — which
//! is how tests prove streaming is not buffered and cancellation reaches upstream.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// How the fake answers `POST …/chat/completions`.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Server-sent events: a role delta, one content delta per chunk (`delay` apart), a usage
    /// chunk and `data: [DONE]` — whether or not the request asked for a stream.
    Stream { chunks: Vec<String>, delay: Duration },
    /// A plain `chat.completion` JSON body with this content.
    Json(String),
    /// This status with this JSON body (e.g. 401 with an OpenAI-style error).
    Status(u16, Value),
    /// Accepts the request and never answers.
    Hang,
    /// 200 with a body that is neither JSON nor SSE.
    Garbage,
}

impl Reply {
    /// A stream of `chunks` with no delay.
    pub fn stream(chunks: &[&str]) -> Self {
        Self::Stream { chunks: chunks.iter().map(|c| c.to_string()).collect(), delay: Duration::ZERO }
    }
}

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// The `Authorization` header, as sent.
    pub authorization: Option<String>,
    /// The JSON body (Null when it was not JSON).
    pub body: Value,
}

struct Shared {
    reply: Mutex<Reply>,
    requests: Mutex<Vec<Recorded>>,
    /// Streamed content chunks written so far.
    chunks_sent: AtomicUsize,
    /// Streams dropped by the caller before `[DONE]`.
    abandoned: AtomicUsize,
}

/// The running fake; stops when dropped.
pub struct FakeProvider {
    pub addr: std::net::SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeProvider {
    /// Starts on an ephemeral port, answering with a three-chunk stream ("Hello from fake").
    pub async fn start() -> Self {
        let shared = Arc::new(Shared {
            reply: Mutex::new(Reply::stream(&["Hello", " from", " fake"])),
            requests: Mutex::new(Vec::new()),
            chunks_sent: AtomicUsize::new(0),
            abandoned: AtomicUsize::new(0),
        });
        let router = axum::Router::new().fallback(handle).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind fake provider");
        let addr = listener.local_addr().expect("addr");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Self { addr, shared, task }
    }

    /// The `baseUrl` to configure: `http://127.0.0.1:<port>/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Chooses the reply to the next requests.
    pub fn set_reply(&self, reply: Reply) {
        *self.shared.reply.lock().expect("reply lock") = reply;
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().expect("requests lock").clone()
    }

    /// Streamed content chunks written so far.
    pub fn chunks_sent(&self) -> usize {
        self.shared.chunks_sent.load(Ordering::SeqCst)
    }

    /// Streams the caller abandoned before the end.
    pub fn abandoned(&self) -> usize {
        self.shared.abandoned.load(Ordering::SeqCst)
    }

    /// The chat-completion requests received so far.
    pub fn chat_requests(&self) -> Vec<Recorded> {
        self.requests().into_iter().filter(|r| r.path.ends_with("/chat/completions")).collect()
    }
}

impl Drop for FakeProvider {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: axum::http::Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let model = body.get("model").and_then(Value::as_str).unwrap_or("fake-model").to_string();
    shared.requests.lock().expect("requests lock").push(Recorded {
        method: method.to_string(),
        path: path.clone(),
        authorization: headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::to_string),
        body,
    });
    if path.ends_with("/models") {
        return axum::Json(json!({"object": "list", "data": [{"id": model, "object": "model"}]})).into_response();
    }
    if !path.ends_with("/chat/completions") {
        return (StatusCode::NOT_FOUND, axum::Json(json!({"error": {"message": "no such path"}}))).into_response();
    }
    let reply = shared.reply.lock().expect("reply lock").clone();
    match reply {
        Reply::Stream { chunks, delay } => sse(shared.clone(), model, chunks, delay),
        Reply::Json(content) => axum::Json(json!({
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 1, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
        }))
        .into_response(),
        Reply::Status(code, body) => {
            (StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), axum::Json(body)).into_response()
        }
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
        Reply::Garbage => ([(header::CONTENT_TYPE, "text/plain")], "<html>this is not json").into_response(),
    }
}

/// Counts the stream as abandoned if it is dropped before its last event.
struct Abandonment {
    shared: Arc<Shared>,
    finished: bool,
}

impl Drop for Abandonment {
    fn drop(&mut self) {
        if !self.finished {
            self.shared.abandoned.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// An OpenAI-style SSE stream, sent event by event.
fn sse(shared: Arc<Shared>, model: String, chunks: Vec<String>, delay: Duration) -> Response {
    let chunk = |delta: Value, finish: Value| {
        let event = json!({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]});
        format!("data: {event}\n\n")
    };
    let mut events = vec![chunk(json!({"role": "assistant", "content": ""}), Value::Null)];
    events.extend(chunks.iter().map(|c| chunk(json!({"content": c}), Value::Null)));
    events.push(chunk(json!({}), json!("stop")));
    let usage = json!({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": model,
        "choices": [], "usage": {"prompt_tokens": 5, "completion_tokens": chunks.len(), "total_tokens": 5 + chunks.len()}});
    events.push(format!("data: {usage}\n\n"));
    events.push("data: [DONE]\n\n".to_string());
    let total = events.len();
    let watch = Abandonment { shared, finished: false };
    let stream = futures_util::stream::unfold(
        (events.into_iter().enumerate(), watch),
        move |(mut rest, mut watch)| async move {
            let (i, next) = rest.next()?;
            if i > 0 && !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            if next.contains("\"content\":") && i > 0 {
                watch.shared.chunks_sent.fetch_add(1, Ordering::SeqCst);
            }
            watch.finished = i + 1 == total;
            Some((Ok::<_, std::io::Error>(Bytes::from(next)), (rest, watch)))
        },
    );
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
