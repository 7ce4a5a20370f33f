//! Asks OpenClaw itself whether a candidate config is valid, without touching openclaw.json.
//!
//! Buddy checks the shapes of what it edits itself (`config_rules`), in microseconds. Some
//! objects (an agent's `sandbox`, `tools`, `memory`...) are too large to mirror faithfully;
//! when an edit sets one of those, the candidate file is written next to openclaw.json (so
//! relative `$include`s resolve the same way), judged by `openclaw config validate` (~2–5 s),
//! and removed. Only then is the real write made.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

use super::validate::validate;
use crate::Error;
use crate::OpenClaw;

/// `Ok` when OpenClaw accepts `candidate`; otherwise 400 listing OpenClaw's own complaints.
pub async fn check(app: &OpenClaw, candidate: &Value) -> Result<(), Error> {
    let tmp = candidate_path(app);
    let text = serde_json::to_vec_pretty(candidate).map_err(|e| Error::Opaque(e.into()))?;
    let write_to = tmp.clone();
    // The candidate holds the same secrets as openclaw.json: owner-only, like the original.
    tokio::task::spawn_blocking(move || super::config_store::atomic_write(&write_to, &text))
        .await
        .map_err(|e| Error::Opaque(e.into()))?
        .map_err(|e| Error::Opaque(e.into()))?;
    let verdict = validate(&app.cli, Some(&tmp)).await;
    let _ = tokio::fs::remove_file(&tmp).await;
    let verdict = verdict?;
    if verdict.valid {
        Ok(())
    } else {
        Err(Error::BadRequest(format!("OpenClaw refuses the change: {}", verdict.issues.join("; "))))
    }
}

fn candidate_path(app: &OpenClaw) -> PathBuf {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let config = &app.paths.config_path;
    let dir = config.parent().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
    let n = SEQ.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".openclaw.json.buddy-check-{}-{n}.json", std::process::id()))
}
