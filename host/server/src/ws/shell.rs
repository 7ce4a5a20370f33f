//! E50: a restricted maintenance shell. Each text frame is one command line; it runs only if
//! its argv matches an allow-listed pattern (`shell.allow` in buddy.toml), as separate
//! arguments to the `openclaw` CLI — there is no shell, so `;`, pipes and substitutions are
//! refused, not interpreted. Every command, run or refused, is audited.

use std::time::{Duration, Instant};

use axum::Extension;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;

use crate::api::extract::Query;
use crate::api::middleware::auth::Caller;
use crate::app_state::AppState;
use crate::db::system_events::NewEvent;
use crate::error::ApiError;
use buddy_runtime::grants::cli::ArgvPattern;

/// Query of E50.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShellQuery {
    #[allow(dead_code)]
    ticket: Option<String>,
}

/// Longest command line accepted.
const MAX_LINE: usize = 1024;

/// Splits a command line into arguments: whitespace separates, single or double quotes group.
/// Anything a shell would interpret is refused rather than passed on.
pub fn parse(line: &str) -> Result<Vec<String>, String> {
    if line.len() > MAX_LINE {
        return Err(format!("the line is longer than {MAX_LINE} characters"));
    }
    if let Some(c) = line.chars().find(|c| {
        c.is_control()
            || matches!(c, ';' | '|' | '&' | '$' | '`' | '<' | '>' | '(' | ')' | '\\' | '*' | '?' | '~' | '{' | '}')
    }) {
        return Err(format!("{c:?} is shell syntax; commands run without a shell, as plain arguments"));
    }
    let mut args = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut in_arg = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_arg = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_arg {
                    args.push(std::mem::take(&mut cur));
                    in_arg = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_arg = true;
            }
        }
    }
    if quote.is_some() {
        return Err("an opening quote is never closed".into());
    }
    if in_arg {
        args.push(cur);
    }
    if args.first().map(String::as_str) == Some("openclaw") {
        args.remove(0);
    }
    if args.is_empty() {
        return Err("empty command".into());
    }
    Ok(args)
}

/// `GET /v1/ws/shell`.
pub async fn get_ws_shell(
    State(app): State<AppState>,
    Query(_q): Query<ShellQuery>,
    Extension(caller): Extension<Caller>,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let allow = app.config.shell.patterns().map_err(|e| ApiError::Internal(format!("shell.allow: {e}")))?;
    let slot = super::terminal_slot(&app, crate::state::terminal_slots::Kind::Shell)?;
    Ok(super::limit(ws, &app)
        .on_upgrade(move |socket| async move {
            run(app, caller, allow, socket).await;
            drop(slot);
        })
        .into_response())
}

async fn run(app: AppState, caller: Caller, allow: Vec<ArgvPattern>, socket: WebSocket) {
    let (mut sink, mut incoming) = socket.split();
    let listing: Vec<String> = app.config.shell.allow.iter().map(|p| format!("openclaw {}", p.join(" "))).collect();
    let banner =
        format!("Restricted OpenClaw shell. Allowed commands (* = one value):\r\n  {}\r\n", listing.join("\r\n  "));
    if sink.send(Message::Text(banner.into())).await.is_err() {
        return;
    }
    while let Some(Ok(message)) = incoming.next().await {
        let line = match message {
            Message::Text(t) => t.as_str().trim().to_string(),
            Message::Close(_) => break,
            _ => continue,
        };
        if line.is_empty() {
            continue;
        }
        let started = Instant::now();
        let (status, reply) = match parse(&line) {
            Err(reason) => (403, format!("refused: {reason}\r\n")),
            Ok(argv) if !allow.iter().any(|p| p.allows(&argv)) => {
                (403, format!("refused: `openclaw {}` is not an allowed maintenance command\r\n", argv.join(" ")))
            }
            Ok(argv) => execute(&app, &argv).await,
        };
        let event = NewEvent {
            ts_ms: buddy_openclaw::time::now_ms(),
            user: caller.label(),
            action: "WS /v1/ws/shell".into(),
            target: line.chars().take(200).collect(),
            status,
            duration_ms: started.elapsed().as_millis() as u64,
            detail: if status == 403 { reply.trim().to_string() } else { String::new() },
        };
        crate::api::middleware::audit::record(&app, event).await;
        if sink.send(Message::Text(reply.into())).await.is_err() {
            break;
        }
    }
}

async fn execute(app: &AppState, argv: &[String]) -> (u16, String) {
    let args: Vec<&str> = argv.iter().map(String::as_str).collect();
    match app.openclaw.cli.run(&args, Some(Duration::from_secs(app.config.shell.timeout_secs))).await {
        Ok(out) => {
            let known = match app.openclaw.snapshot.get().await {
                Ok(s) => buddy_openclaw::redact::known_secrets(&s.config),
                Err(_) => Vec::new(),
            };
            let text = buddy_openclaw::redact::redact(&format!("{}{}", out.stdout, out.stderr), &known);
            let body: String = text.lines().map(|l| format!("{l}\r\n")).collect();
            (if out.status == 0 { 200 } else { 502 }, format!("{body}[exit {}]\r\n", out.status))
        }
        Err(e) => (502, format!("error: {e}\r\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_argv_and_refuses_shell_syntax() {
        assert_eq!(parse("openclaw status --json").expect("ok"), vec!["status", "--json"]);
        assert_eq!(parse("logs --limit '5'").expect("ok"), vec!["logs", "--limit", "5"]);
        assert_eq!(parse(r#"x "a b" c"#).expect("ok"), vec!["x", "a b", "c"]);
        for bad in [
            "status; rm -rf /",
            "status | cat",
            "status $(id)",
            "status `id`",
            "status > /tmp/x",
            "status\nid",
            "\"open",
            "openclaw",
            "doctor && reboot",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
