//! E49: OpenClaw's terminal UI (`openclaw tui`) in a PTY over a WebSocket. Output goes out as
//! binary frames; input comes in as text or binary frames; a text frame
//! `{"type":"resize","cols":C,"rows":R}` resizes the terminal. Closing the socket ends the
//! process (its whole session).

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::api::extract::Query;
use crate::app_state::AppState;
use crate::error::ApiError;
use buddy_openclaw::signal::{Signal, kill_group};

/// Query of E49.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TuiQuery {
    cols: Option<u16>,
    rows: Option<u16>,
    #[allow(dead_code)]
    ticket: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Resize {
    #[serde(rename = "type")]
    kind: String,
    cols: u16,
    rows: u16,
}

fn check_size(cols: u16, rows: u16) -> Result<(), ApiError> {
    if !(10..=500).contains(&cols) {
        return Err(ApiError::field("cols", "must be 10..=500"));
    }
    if !(5..=200).contains(&rows) {
        return Err(ApiError::field("rows", "must be 5..=200"));
    }
    Ok(())
}

/// `GET /v1/ws/tui?cols=&rows=`.
pub async fn get_ws_tui(
    State(app): State<AppState>,
    Query(q): Query<TuiQuery>,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let (cols, rows) = (q.cols.unwrap_or(120), q.rows.unwrap_or(40));
    check_size(cols, rows)?;
    let slot = super::terminal_slot(&app, crate::state::terminal_slots::Kind::Tui)?;
    Ok(super::limit(ws, &app)
        .on_upgrade(move |socket| async move {
            run(app, socket, cols, rows).await;
            drop(slot);
        })
        .into_response())
}

async fn run(app: AppState, socket: WebSocket, cols: u16, rows: u16) {
    let (mut sink, mut incoming) = socket.split();
    let spawned = (|| {
        let (pty, pts) = pty_process::open()?;
        pty.resize(pty_process::Size::new(rows, cols))?;
        let child = pty_process::Command::new(&app.config.openclaw.bin)
            .arg("tui")
            // Exactly the environment every child of Buddy gets (`buddy_openclaw::child_env`).
            .env_clear()
            .envs(app.openclaw.cli_env().iter().map(|(k, v)| (k, v)))
            .env("TERM", "xterm-256color")
            .kill_on_drop(true)
            .spawn(pts)?;
        Ok::<_, pty_process::Error>((pty, child))
    })();
    let (pty, mut child) = match spawned {
        Ok(pair) => pair,
        Err(e) => {
            let _ = sink.send(Message::Text(format!("cannot start `openclaw tui`: {e}\r\n").into())).await;
            let _ = sink.close().await;
            return;
        }
    };
    let pid = child.id();
    tracing::info!(pid, "TUI session started");
    let (mut reader, mut writer) = pty.into_split();
    let mut buf = vec![0u8; 8192];
    loop {
        tokio::select! {
            read = reader.read(&mut buf) => match read {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if sink.send(Message::Binary(buf[..n].to_vec().into())).await.is_err() {
                        break;
                    }
                }
            },
            message = incoming.next() => match message {
                Some(Ok(Message::Text(text))) => {
                    match serde_json::from_str::<Resize>(text.as_str()) {
                        Ok(r) if r.kind == "resize" => {
                            if check_size(r.cols, r.rows).is_ok() {
                                let _ = writer.resize(pty_process::Size::new(r.rows, r.cols));
                            }
                        }
                        _ => {
                            if writer.write_all(text.as_bytes()).await.is_err() {
                                break;
                            }
                        }
                    }
                }
                Some(Ok(Message::Binary(bytes))) => {
                    if writer.write_all(&bytes).await.is_err() {
                        break;
                    }
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                _ => break,
            },
            status = child.wait() => {
                let code = status.ok().and_then(|s| s.code());
                let _ = sink.send(Message::Text(format!("\r\n[openclaw tui exited with status {code:?}]\r\n").into())).await;
                break;
            }
        }
    }
    // The TUI leads its own session: end it with everything it started.
    if let Some(pid) = pid {
        kill_group(pid, Signal::Kill);
    }
    let _ = child.wait().await;
    let _ = sink.close().await;
    tracing::info!(pid, "TUI session ended");
}
