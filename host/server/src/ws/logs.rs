//! E48: follows a log over a WebSocket, one text frame per line ending in `\r\n` (ready for
//! Xterm.js). Sources: `openclaw` (OpenClaw's file log), `gateway` (the output of the gateway
//! Buddy runs) and `buddy` (Buddy's own log). Every secret openclaw.json holds is masked out of
//! each line before it leaves.

use std::path::PathBuf;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::api::extract::Query;
use crate::app_state::AppState;
use crate::error::ApiError;
use buddy_openclaw::log_follow::follow;

/// Query of E48.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogsQuery {
    source: Option<String>,
    tail: Option<usize>,
    #[allow(dead_code)]
    ticket: Option<String>,
}

/// Lines buffered per client before older ones are dropped.
const CLIENT_BUFFER: usize = 2_000;

/// `GET /v1/ws/logs?source=openclaw|gateway|buddy&tail=N`.
pub async fn get_ws_logs(
    State(app): State<AppState>,
    Query(q): Query<LogsQuery>,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let tail = q.tail.unwrap_or(200);
    if tail > 5_000 {
        return Err(ApiError::field("tail", "must be at most 5000"));
    }
    let resolve: Box<dyn Fn() -> Option<PathBuf> + Send> = match q.source.as_deref().unwrap_or("openclaw") {
        "openclaw" => {
            let configured = app
                .openclaw
                .snapshot
                .get()
                .await
                .ok()
                .and_then(|s| s.config.pointer("/logging/file").and_then(Value::as_str).map(PathBuf::from));
            Box::new(move || configured.clone().or_else(newest_openclaw_log))
        }
        "gateway" => {
            let path = app.gateway.supervisor.log_path().to_path_buf();
            Box::new(move || Some(path.clone()))
        }
        "buddy" => {
            let path = crate::logging::buddy_log_path(&app.config.data_dir);
            Box::new(move || Some(path.clone()))
        }
        _ => return Err(ApiError::field("source", "must be openclaw, gateway or buddy")),
    };
    let openclaw = app.openclaw.clone();
    Ok(super::limit(ws, &app).on_upgrade(move |socket| stream(socket, resolve, tail, openclaw)).into_response())
}

/// OpenClaw's default file log: the newest `openclaw-*.log` in `<tmp>/openclaw/` (the name
/// carries the date, so the newest is today's).
fn newest_openclaw_log() -> Option<PathBuf> {
    let dir = std::env::temp_dir().join("openclaw");
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with("openclaw") && n.ends_with(".log")))
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .map(|e| e.path())
}

async fn stream(
    socket: WebSocket,
    resolve: Box<dyn Fn() -> Option<PathBuf> + Send>,
    tail: usize,
    openclaw: std::sync::Arc<buddy_openclaw::OpenClaw>,
) {
    let (tx, mut rx) = mpsc::channel(CLIENT_BUFFER);
    let follower = tokio::spawn(follow(resolve, tail, tx));
    let (mut sink, mut incoming) = socket.split();
    loop {
        tokio::select! {
            line = rx.recv() => {
                let Some(line) = line else { break };
                // A log may quote a key or the gateway token: none leaves in clear.
                let line = openclaw.redact(&line);
                if sink.send(Message::Text(format!("{line}\r\n").into())).await.is_err() {
                    break;
                }
            }
            message = incoming.next() => {
                if !matches!(message, Some(Ok(Message::Text(_) | Message::Binary(_) | Message::Ping(_) | Message::Pong(_)))) {
                    break;
                }
            }
        }
    }
    follower.abort();
}
