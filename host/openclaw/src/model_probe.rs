//! E25: Buddy itself asks a configured provider for a short streamed chat completion and
//! measures the time to the first token and to the end.
//!
//! The request names a provider and a model, never a URL: only a `baseUrl` already in
//! openclaw.json is contacted, and redirects are not followed (they could lead anywhere).
//! Whatever the provider does — refuse the connection, answer 401, hang, send garbage — is a
//! failed *result* (200 with `status: "failed"`), not a failure of Buddy.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Value, json};

use super::redact::redact;
use crate::Error;
use crate::OpenClaw;

/// How long a probe may take when the provider sets no `timeoutSeconds`.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The most of a reply Buddy reads.
const MAX_BODY: usize = 1024 * 1024;

/// E25's result.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ProbeResult {
    pub provider: String,
    pub model: String,
    /// The URL that was called (from openclaw.json).
    pub url: String,
    /// Time to the first token, in milliseconds.
    pub latency: Option<u64>,
    pub total_ms: u64,
    /// `success` or `failed`, the reference's words.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The start of the model's answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
}

fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new())
    })
}

/// What the probe needs from openclaw.json.
struct Target {
    url: String,
    api_key: Option<String>,
    timeout: Duration,
}

fn target(config: &Value, provider: &str, model: &str) -> Result<Target, Error> {
    let p = config
        .pointer(&format!("/models/providers/{provider}"))
        .ok_or_else(|| Error::NotFound(format!("provider \"{provider}\" does not exist")))?;
    let has_model = p
        .get("models")
        .and_then(Value::as_array)
        .is_some_and(|ms| ms.iter().any(|m| m.get("id").and_then(Value::as_str) == Some(model)));
    if !has_model {
        return Err(Error::NotFound(format!("provider \"{provider}\" has no model \"{model}\"")));
    }
    let api = p.get("api").and_then(Value::as_str).unwrap_or("openai-completions");
    if api != "openai-completions" {
        return Err(Error::Unprocessable(format!(
            "provider \"{provider}\" speaks {api}; test-direct calls OpenAI-compatible chat completions only"
        )));
    }
    let base = p
        .get("baseUrl")
        .and_then(Value::as_str)
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .ok_or_else(|| Error::Unprocessable(format!("provider \"{provider}\" has no http(s) baseUrl")))?;
    let api_key = match p.get("apiKey") {
        None => None,
        Some(Value::String(k)) => Some(k.clone()),
        Some(_) => {
            return Err(Error::Unprocessable(format!(
                "provider \"{provider}\" keeps its API key in a secret reference, which Buddy does not resolve"
            )));
        }
    };
    let secs = p.get("timeoutSeconds").and_then(Value::as_u64).map(|s| s.clamp(1, 120));
    Ok(Target {
        url: format!("{}/chat/completions", base.trim_end_matches('/')),
        api_key,
        timeout: secs.map(Duration::from_secs).unwrap_or(DEFAULT_TIMEOUT),
    })
}

/// Probes `provider`'s `model`.
pub async fn probe(app: &OpenClaw, provider: &str, model: &str) -> Result<ProbeResult, Error> {
    let snap = app.snapshot.get().await?;
    let t = target(&snap.config, provider, model)?;
    let secrets: Vec<String> = t.api_key.iter().cloned().collect();
    let mut result = ProbeResult {
        provider: provider.to_string(),
        model: model.to_string(),
        url: redact(&t.url, &secrets),
        latency: None,
        total_ms: 0,
        status: "failed",
        http_status: None,
        error: None,
        reply: None,
    };
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + t.timeout;
    let outcome = run(&t, model, started, deadline, &mut result).await;
    result.total_ms = started.elapsed().as_millis() as u64;
    match outcome {
        Ok(()) => result.status = "success",
        Err(e) => result.error = Some(redact(&e, &secrets)),
    }
    Ok(result)
}

async fn run(
    t: &Target,
    model: &str,
    started: Instant,
    deadline: tokio::time::Instant,
    out: &mut ProbeResult,
) -> Result<(), String> {
    let body = json!({
        "model": model,
        "messages": [{"role": "user", "content": "Reply with the single word: pong"}],
        "stream": true,
        "max_tokens": 16,
    });
    let mut request = client().post(&t.url).json(&body);
    if let Some(key) = &t.api_key {
        request = request.bearer_auth(key);
    }
    let timed_out = || format!("no complete answer within {} s", t.timeout.as_secs());
    let response = match tokio::time::timeout_at(deadline, request.send()).await {
        Err(_) => return Err(timed_out()),
        Ok(Err(e)) if e.is_connect() => return Err(format!("cannot connect: {}", root_cause(&e))),
        Ok(Err(e)) => return Err(root_cause(&e)),
        Ok(Ok(r)) => r,
    };
    let status = response.status();
    out.http_status = Some(status.as_u16());
    let mut response = response;
    let mut stream = Stream::default();
    loop {
        match tokio::time::timeout_at(deadline, response.chunk()).await {
            Err(_) => return Err(timed_out()),
            Ok(Err(e)) => return Err(format!("the reply broke off: {}", root_cause(&e))),
            Ok(Ok(None)) => break,
            Ok(Ok(Some(bytes))) => {
                if stream.push(&bytes) && out.latency.is_none() {
                    out.latency = Some(started.elapsed().as_millis() as u64);
                }
                if stream.done || stream.body.len() > MAX_BODY {
                    break;
                }
            }
        }
    }
    if !status.is_success() {
        return Err(format!("HTTP {}: {}", status.as_u16(), stream.error_message()));
    }
    if stream.sse {
        out.reply = Some(stream.text.chars().take(200).collect());
        return if out.latency.is_some() { Ok(()) } else { Err("the stream ended without a token".into()) };
    }
    // A provider may answer plain JSON despite `stream: true` (OpenClaw accepts that too): the
    // first token then arrives with the whole body.
    let content = serde_json::from_slice::<Value>(&stream.body)
        .ok()
        .and_then(|v| v.pointer("/choices/0/message/content").and_then(Value::as_str).map(str::to_string));
    match content {
        Some(text) => {
            out.latency = Some(started.elapsed().as_millis() as u64);
            out.reply = Some(text.chars().take(200).collect());
            Ok(())
        }
        None => Err(format!("not an OpenAI-compatible chat completion: {}", stream.snippet())),
    }
}

/// The reply as it arrives: raw bytes, and for SSE the content deltas seen so far.
#[derive(Default)]
struct Stream {
    body: Vec<u8>,
    scanned: usize,
    sse: bool,
    done: bool,
    text: String,
}

impl Stream {
    /// Appends bytes; returns whether a token (non-empty content delta) arrived in them.
    fn push(&mut self, bytes: &[u8]) -> bool {
        self.body.extend_from_slice(bytes);
        let mut got_token = false;
        while let Some(end) = self.body[self.scanned..].iter().position(|b| *b == b'\n') {
            let line = String::from_utf8_lossy(&self.body[self.scanned..self.scanned + end]).trim().to_string();
            self.scanned += end + 1;
            let Some(data) = line.strip_prefix("data:").map(str::trim) else {
                continue;
            };
            self.sse = true;
            if data == "[DONE]" {
                self.done = true;
                break;
            }
            let Ok(event) = serde_json::from_str::<Value>(data) else {
                continue;
            };
            let delta = &event["choices"][0]["delta"];
            for key in ["content", "reasoning_content", "reasoning"] {
                if let Some(t) = delta.get(key).and_then(Value::as_str).filter(|t| !t.is_empty()) {
                    got_token = true;
                    if key == "content" {
                        self.text.push_str(t);
                    }
                }
            }
        }
        got_token
    }

    fn snippet(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let text = text.trim();
        if text.is_empty() { "empty body".into() } else { text.chars().take(300).collect() }
    }

    /// OpenAI-style `{"error": {"message"}}` when present, else the start of the body.
    fn error_message(&self) -> String {
        serde_json::from_slice::<Value>(&self.body)
            .ok()
            .and_then(|v| {
                v.pointer("/error/message").or_else(|| v.get("error")).and_then(Value::as_str).map(str::to_string)
            })
            .unwrap_or_else(|| self.snippet())
    }
}

/// reqwest's innermost error message ("Connection refused (os error 111)").
fn root_cause(e: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = e;
    while let Some(next) = source.source() {
        source = next;
    }
    source.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sse_deltas_split_anywhere() {
        let mut s = Stream::default();
        assert!(!s.push(b"data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\ndata: {\"choi"));
        assert!(s.push(b"ces\":[{\"delta\":{\"content\":\"po\"}}]}\n"));
        assert!(s.push(b"data: {\"choices\":[{\"delta\":{\"content\":\"ng\"}}]}\n\ndata: [DONE]\n\n"));
        assert!(s.sse && s.done);
        assert_eq!(s.text, "pong");
    }

    #[test]
    fn targets_only_configured_openai_compatible_providers() {
        let config = json!({"models": {"providers": {
            "p": {"baseUrl": "http://127.0.0.1:9/v1/", "apiKey": "k", "timeoutSeconds": 500, "models": [{"id": "m"}]},
            "a": {"baseUrl": "http://x", "api": "anthropic-messages", "models": [{"id": "m"}]}}}});
        let t = target(&config, "p", "m").expect("target");
        assert_eq!((t.url.as_str(), t.timeout), ("http://127.0.0.1:9/v1/chat/completions", Duration::from_secs(120)));
        assert!(matches!(target(&config, "p", "x"), Err(Error::NotFound(_))));
        assert!(matches!(target(&config, "nope", "m"), Err(Error::NotFound(_))));
        assert!(matches!(target(&config, "a", "m"), Err(Error::Unprocessable(_))));
    }
}
