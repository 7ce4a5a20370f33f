//! E39: agent sessions, as `openclaw sessions --json` lists them (it reads each agent's SQLite
//! store, so it works with the gateway down). Cached briefly: concurrent readers share one run.

use std::time::Duration;

use serde_json::Value;

use crate::Error;
use crate::OpenClaw;

/// Sessions change with every chat; a few seconds of sharing still spares the CPU-bound CLI.
const TTL: Duration = Duration::from_secs(5);

/// Which sessions to list.
#[derive(Debug, Default)]
pub struct SessionQuery {
    /// One agent, else all of them.
    pub agent: Option<String>,
    /// At most this many (OpenClaw's default is 100); `None` with `all` lists everything.
    pub limit: Option<u32>,
    pub all: bool,
    /// Only sessions active in the last this many minutes.
    pub active_minutes: Option<u32>,
}

/// E39's reply: what `openclaw sessions --json` prints, its always-present fields typed.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Sessions {
    /// Rows listed (after the limit).
    pub count: u64,
    /// One row per session: `key`, `updatedAt`, `sessionId`, `status`, token counts, `model`,
    /// `agentId`, `kind`…
    pub sessions: Vec<serde_json::Map<String, Value>>,
    /// The rest of OpenClaw's reply (`totalCount`, `hasMore`, `stores`…).
    #[serde(flatten)]
    pub more: serde_json::Map<String, Value>,
}

/// `openclaw sessions --json (--agent <id> | --all-agents) [--limit n|all] [--active m]`.
pub async fn list(app: &OpenClaw, q: &SessionQuery) -> Result<Sessions, Error> {
    if let Some(agent) = &q.agent {
        let snap = app.snapshot.get().await?;
        if snap.config.pointer(&format!("/agents/entries/{agent}")).is_none() {
            return Err(Error::NotFound(format!("bot \"{agent}\" does not exist")));
        }
    }
    let limit = if q.all { Some("all".to_string()) } else { q.limit.map(|n| n.to_string()) };
    let active = q.active_minutes.map(|m| m.to_string());
    let mut args = vec!["sessions", "--json"];
    match &q.agent {
        Some(agent) => args.extend(["--agent", agent.as_str()]),
        None => args.push("--all-agents"),
    }
    if let Some(l) = &limit {
        args.extend(["--limit", l.as_str()]);
    }
    if let Some(a) = &active {
        args.extend(["--active", a.as_str()]);
    }
    let out = app.cli_cache.json(&app.cli, &args, TTL).await?;
    serde_json::from_value(out)
        .map_err(|e| Error::Upstream(format!("openclaw sessions --json answered an unexpected shape: {e}")))
}
