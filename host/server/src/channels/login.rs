//! Login sessions. A channel's login process (`openclaw channels login --channel X`) must live
//! until the scan is confirmed or expires — it is what saves the credentials — so the host runs
//! it, not a per-request module instance. After each piece of output the module's `read-login`
//! says where the login stands; watchers (JSON polls, SSE streams) see every change.

use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use rand::RngCore;
use tokio::io::AsyncReadExt;
use tokio::sync::{Notify, watch};

use crate::app_state::AppState;
use crate::error::ApiError;
use crate::state::channel_logins::{Session, Snapshot};
use buddy_openclaw::signal::{Signal, kill_group};
use buddy_runtime::LoadedModule;
use buddy_runtime::types::{LoginState, LoginStatus};

/// Longest a login may wait for its scan.
const LOGIN_TIMEOUT: Duration = Duration::from_secs(600);
/// How long a confirmed login's process may take to save and exit on its own.
const CONFIRMED_GRACE: Duration = Duration::from_secs(30);
/// Output kept per session (the tail, if the process is chatty).
const MAX_OUTPUT: usize = 256 * 1024;

fn status_text(s: &LoginStatus) -> (&'static str, Option<String>) {
    match s {
        LoginStatus::Pending => ("pending", None),
        LoginStatus::Qr => ("qr", None),
        LoginStatus::Scanned => ("scanned", None),
        LoginStatus::Confirmed => ("confirmed", None),
        LoginStatus::Expired => ("expired", None),
        LoginStatus::Cancelled => ("cancelled", None),
        LoginStatus::Failed(m) => ("failed", Some(m.clone())),
    }
}

/// The running login of `channel`, or a new one.
pub async fn start(app: &AppState, module: Arc<LoadedModule>, channel: &str) -> Result<Arc<Session>, ApiError> {
    if let Some(s) = app.logins.active(channel) {
        return Ok(s);
    }
    let argv = app
        .modules
        .login_command(&module)
        .await?
        .map_err(|e| ApiError::Unprocessable(format!("channel {channel:?} cannot log in this way: {e}")))?;
    if !module.allows_cli(&argv) {
        return Err(ApiError::Forbidden(format!(
            "module {:?} asked to run `openclaw {}`, which its cli grant does not allow",
            module.name(),
            argv.join(" ")
        )));
    }
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    let initial = Snapshot {
        session: hex::encode(bytes),
        channel: channel.to_string(),
        status: "pending".into(),
        qr_data: None,
        qr_text: None,
        message: Some(format!("running `openclaw {}`", argv.join(" "))),
        done: false,
        started_at: buddy_openclaw::time::rfc3339_ms(buddy_openclaw::time::now_ms()),
    };
    let child = buddy_openclaw::child_env::command(&app.config.openclaw.bin, app.openclaw.cli_env())
        .args(&argv)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| ApiError::Upstream(format!("cannot start `openclaw {}`: {e}", argv.join(" "))))?;
    let (tx, rx) = watch::channel(initial);
    let session = Arc::new(Session { state: rx, cancel: Arc::new(Notify::new()) });
    app.logins.insert(channel, session.clone());
    let (app, cancel) = (app.clone(), session.cancel.clone());
    tokio::spawn(async move {
        drive(app, module, child, tx, cancel).await;
    });
    Ok(session)
}

fn terminal(status: &str) -> bool {
    matches!(status, "confirmed" | "expired" | "cancelled" | "failed")
}

/// Reads the process's output, asks the module after each chunk, ends the session.
async fn drive(
    app: AppState,
    module: Arc<LoadedModule>,
    mut child: tokio::process::Child,
    tx: watch::Sender<Snapshot>,
    cancel: Arc<Notify>,
) {
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let pid = child.id();
    let (chunks_tx, mut chunks) = tokio::sync::mpsc::channel::<String>(64);
    for reader in
        [stdout.map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Unpin + Send>), stderr.map(|s| Box::new(s) as _)]
            .into_iter()
            .flatten()
    {
        let chunks_tx = chunks_tx.clone();
        tokio::spawn(async move {
            let mut reader = reader;
            let mut buf = vec![0u8; 4096];
            // A read can end inside a multi-byte character (QR art and Chinese text are 3 bytes
            // each): decode only complete characters and carry the rest to the next read.
            let mut pending: Vec<u8> = Vec::new();
            while let Ok(n) = reader.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                pending.extend_from_slice(&buf[..n]);
                let valid = match std::str::from_utf8(&pending) {
                    Ok(_) => pending.len(),
                    Err(e) if e.error_len().is_none() => e.valid_up_to(),
                    Err(e) => e.valid_up_to() + e.error_len().unwrap_or(1),
                };
                let text = String::from_utf8_lossy(&pending[..valid]).into_owned();
                pending.drain(..valid);
                if chunks_tx.send(text).await.is_err() {
                    break;
                }
            }
            if !pending.is_empty() {
                let _ = chunks_tx.send(String::from_utf8_lossy(&pending).into_owned()).await;
            }
        });
    }
    drop(chunks_tx);
    let mut output = String::new();
    let deadline = tokio::time::sleep(LOGIN_TIMEOUT);
    tokio::pin!(deadline);
    let mut exit: Option<i32> = None;
    let mut open = true;
    loop {
        tokio::select! {
            chunk = chunks.recv(), if open => match chunk {
                Some(text) => {
                    output.push_str(&text);
                    if output.len() > MAX_OUTPUT {
                        let cut = output.len() - MAX_OUTPUT;
                        let cut = (cut..output.len()).find(|i| output.is_char_boundary(*i)).unwrap_or(cut);
                        output.drain(..cut);
                    }
                }
                None => open = false,
            },
            status = child.wait(), if !open && exit.is_none() => {
                exit = Some(status.ok().and_then(|s| s.code()).unwrap_or(-1));
            }
            _ = cancel.notified() => {
                finish(&tx, "cancelled", Some("cancelled by the operator".into()));
                break;
            }
            _ = &mut deadline => {
                finish(&tx, "expired", Some(format!("no confirmation within {} s", LOGIN_TIMEOUT.as_secs())));
                break;
            }
        }
        let state = read(&app, &module, &output, exit).await;
        let ended = apply(&tx, state);
        if ended {
            if tx.borrow().status == "confirmed" && exit.is_none() {
                // The process saves the credentials after the confirmation: let it finish.
                let _ = tokio::time::timeout(CONFIRMED_GRACE, child.wait()).await;
            }
            break;
        }
        if let Some(code) = exit {
            finish(&tx, "failed", Some(format!("the login process exited with status {code} before the login ended")));
            break;
        }
    }
    if let Some(pid) = pid {
        kill_group(pid, Signal::Kill);
    }
    let _ = child.wait().await;
}

async fn read(app: &AppState, module: &LoadedModule, output: &str, exit: Option<i32>) -> Option<LoginState> {
    let result = app.modules.read_login(module, output, exit).await;
    match result {
        Ok(state) => Some(state),
        Err(e) => {
            tracing::warn!(module = module.name(), error = %e, "read-login failed");
            None
        }
    }
}

/// Publishes a state if it differs; returns whether the login has ended.
fn apply(tx: &watch::Sender<Snapshot>, state: Option<LoginState>) -> bool {
    let Some(state) = state else { return false };
    let (status, failure) = status_text(&state.status);
    tx.send_if_modified(|snap| {
        let message = failure.clone().or(state.message.clone()).or(snap.message.clone());
        let changed = snap.status != status
            || snap.qr_data != state.qr_data
            || snap.qr_text != state.qr_text
            || snap.message != message;
        snap.status = status.to_string();
        // The module's word is final: it withholds an expired or already scanned code on purpose.
        snap.qr_data = state.qr_data.clone();
        snap.qr_text = state.qr_text.clone();
        snap.message = message;
        snap.done = terminal(status);
        changed || snap.done
    });
    terminal(status)
}

fn finish(tx: &watch::Sender<Snapshot>, status: &str, message: Option<String>) {
    tx.send_modify(|snap| {
        snap.status = status.to_string();
        snap.message = message;
        snap.done = true;
    });
}
