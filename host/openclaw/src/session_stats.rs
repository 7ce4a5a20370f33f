//! E06: how much each bot is used, from the agents' own SQLite stores.
//!
//! `openclaw sessions --json` lists sessions but carries no message counts, and asking the
//! gateway for every session's history costs ~5 s each. Each agent's store
//! (`<agentDir>/openclaw-agent.sqlite`, by default `<state>/agents/<id>/agent/`) holds the
//! transcripts: `session_windows` maps sessions to keys, `transcript_events` holds one JSON
//! event per row. Events of 1 KiB or more are zstd-compressed (`event_json` NULL, the bytes in
//! `event_zstd`); `transcript_event_identities` names each event's type, so only compressed
//! *messages* are decoded. Stores are opened read-only, on the blocking pool.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

use crate::Error;
use crate::OpenClaw;

/// OpenClaw stores events of at most 4 MiB.
const MAX_EVENT_BYTES: u64 = 4 * 1024 * 1024;

/// One bot's activity, ranked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotActivity {
    pub rank: usize,
    pub id: String,
    pub name: String,
    pub emoji: Option<String>,
    /// Conversations (distinct session keys).
    pub sessions: u64,
    /// Messages the bot was sent: how often it was asked.
    pub user_messages: u64,
    pub assistant_messages: u64,
    /// Every message event, including tool results.
    pub messages: u64,
    pub last_active_at: Option<String>,
}

/// Raw counts from one store.
#[derive(Debug, Default, PartialEq)]
struct Counts {
    sessions: u64,
    user: u64,
    assistant: u64,
    messages: u64,
    last_ms: Option<i64>,
}

/// Every bot of openclaw.json, most asked first (then most sessions, then id).
pub async fn top(app: &OpenClaw, limit: usize) -> Result<Vec<BotActivity>, Error> {
    let snap = app.snapshot.get().await?;
    let bots: Vec<(BotActivity, PathBuf)> = snap
        .view
        .bots
        .iter()
        .map(|b| {
            let bot =
                BotActivity { id: b.id.clone(), name: b.name.clone(), emoji: b.emoji.clone(), ..Default::default() };
            (bot, store_of(app, &snap.config, &b.id))
        })
        .collect();
    let mut ranked = tokio::task::spawn_blocking(move || {
        bots.into_iter()
            .map(|(mut bot, db)| {
                let c = if db.is_file() {
                    count(&db).map_err(|e| Error::Upstream(format!("reading {}: {e}", db.display())))?
                } else {
                    Counts::default()
                };
                bot.sessions = c.sessions;
                bot.user_messages = c.user;
                bot.assistant_messages = c.assistant;
                bot.messages = c.messages;
                bot.last_active_at = c.last_ms.map(crate::time::rfc3339_ms);
                Ok(bot)
            })
            .collect::<Result<Vec<_>, Error>>()
    })
    .await
    .map_err(|e| Error::Opaque(e.into()))??;
    ranked.sort_by(|a, b| {
        b.user_messages.cmp(&a.user_messages).then(b.sessions.cmp(&a.sessions)).then_with(|| a.id.cmp(&b.id))
    });
    ranked.truncate(limit);
    for (i, bot) in ranked.iter_mut().enumerate() {
        bot.rank = i + 1;
    }
    Ok(ranked)
}

/// Sessions (distinct session keys) of every agent of openclaw.json, by agent id: E06's first
/// count alone, one query per store, so the monitor can export it cheaply.
pub async fn sessions_per_agent(app: &OpenClaw) -> Result<Vec<(String, u64)>, Error> {
    let snap = app.snapshot.get().await?;
    let stores: Vec<(String, PathBuf)> =
        snap.view.bots.iter().map(|b| (b.id.clone(), store_of(app, &snap.config, &b.id))).collect();
    tokio::task::spawn_blocking(move || {
        stores
            .into_iter()
            .map(|(id, db)| {
                let sessions = if db.is_file() {
                    open(&db)
                        .and_then(|conn| count_sessions(&conn))
                        .map_err(|e| Error::Upstream(format!("reading {}: {e}", db.display())))?
                        .0
                } else {
                    0
                };
                Ok((id, sessions))
            })
            .collect()
    })
    .await
    .map_err(|e| Error::Opaque(e.into()))?
}

/// An agent's store: `<agentDir>/openclaw-agent.sqlite`, by default under `<state>/agents/<id>/agent`.
fn store_of(app: &OpenClaw, config: &Value, id: &str) -> PathBuf {
    config
        .pointer(&format!("/agents/entries/{id}/agentDir"))
        .and_then(Value::as_str)
        .map(PathBuf::from)
        .unwrap_or_else(|| app.paths.state_dir.join("agents").join(id).join("agent"))
        .join("openclaw-agent.sqlite")
}

fn open(db: &Path) -> rusqlite::Result<Connection> {
    // Read-only: Buddy never writes OpenClaw's stores; WAL lets it read while the gateway writes.
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(Duration::from_secs(2))?;
    Ok(conn)
}

fn has_table(conn: &Connection, table: &str) -> rusqlite::Result<bool> {
    conn.query_row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", [table], |_| Ok(()))
        .optional()
        .map(|r| r.is_some())
}

/// Distinct session keys and the last update (ms), from `session_windows`.
fn count_sessions(conn: &Connection) -> rusqlite::Result<(u64, Option<i64>)> {
    if !has_table(conn, "session_windows")? {
        return Ok((0, None));
    }
    let (sessions, last): (i64, Option<i64>) =
        conn.query_row("SELECT count(DISTINCT session_key), max(updated_at) FROM session_windows", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok((sessions.max(0) as u64, last))
}

fn count(db: &Path) -> rusqlite::Result<Counts> {
    let conn = open(db)?;
    let has = |table: &str| has_table(&conn, table);
    let (sessions, last_ms) = count_sessions(&conn)?;
    let mut c = Counts { sessions, last_ms, ..Default::default() };
    if !has("transcript_events")? {
        return Ok(c);
    }
    let mut plain = conn.prepare(
        "SELECT json_extract(event_json, '$.message.role'), count(*) FROM transcript_events
         WHERE event_json IS NOT NULL AND json_valid(event_json) AND json_extract(event_json, '$.type') = 'message'
         GROUP BY 1",
    )?;
    for row in plain.query_map([], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, i64>(1)?)))? {
        let (role, n) = row?;
        c.add(role.as_deref(), n.max(0) as u64);
    }
    let only_messages = if has("transcript_event_identities")? {
        "AND NOT EXISTS (SELECT 1 FROM transcript_event_identities i WHERE i.session_id = e.session_id
                         AND i.seq = e.seq AND i.event_type IS NOT NULL AND i.event_type != 'message')"
    } else {
        ""
    };
    let mut packed = conn.prepare(&format!(
        "SELECT e.event_zstd FROM transcript_events e WHERE e.event_json IS NULL AND e.event_zstd IS NOT NULL {only_messages}"
    ))?;
    for blob in packed.query_map([], |r| r.get::<_, Vec<u8>>(0))? {
        // An event Buddy cannot decode is skipped, not fatal: the ranking stays useful.
        if let Some(event) = decode(&blob?)
            && event.get("type").and_then(Value::as_str) == Some("message")
        {
            c.add(event.pointer("/message/role").and_then(Value::as_str), 1);
        }
    }
    Ok(c)
}

impl Counts {
    fn add(&mut self, role: Option<&str>, n: u64) {
        self.messages += n;
        match role {
            Some("user") => self.user += n,
            Some("assistant") => self.assistant += n,
            _ => {}
        }
    }
}

/// Decompresses one zstd frame (as Node's `zlib.zstdCompressSync` writes it) into JSON.
fn decode(bytes: &[u8]) -> Option<Value> {
    let decoder = ruzstd::decoding::StreamingDecoder::new(bytes).ok()?;
    let mut out = Vec::new();
    decoder.take(MAX_EVENT_BYTES).read_to_end(&mut out).ok()?;
    serde_json::from_slice(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `{"type":"message","message":{"role":"user","content":"x" × 1100}}` (1157 bytes) compressed
    /// by Node 24's `zlib.zstdCompressSync` at level 1 with a checksum, as OpenClaw stores it.
    const NODE_FRAME: &str = "28b52ffd648503e5010014037b2274797065223a226d657373616765222c3a7b22726f6c65223a2275736572222c22636f6e74656e74223a2278227d7d02002081fb4eb51206bf55d4ad";

    fn store(dir: &Path) -> PathBuf {
        let path = dir.join("openclaw-agent.sqlite");
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE session_windows (session_id TEXT PRIMARY KEY, session_key TEXT, updated_at INTEGER);
             CREATE TABLE transcript_events (session_id TEXT, seq INTEGER, event_json TEXT, event_zstd BLOB);
             CREATE TABLE transcript_event_identities (session_id TEXT, seq INTEGER, event_type TEXT);
             INSERT INTO session_windows VALUES ('s1', 'agent:a:openai:1', 10), ('s2', 'agent:a:openai:2', 20),
                                                ('s3', 'agent:a:openai:2', 15);
             INSERT INTO transcript_events VALUES
               ('s1', 0, '{\"type\":\"session\"}', NULL),
               ('s1', 1, '{\"type\":\"message\",\"message\":{\"role\":\"user\"}}', NULL),
               ('s1', 2, '{\"type\":\"message\",\"message\":{\"role\":\"assistant\"}}', NULL),
               ('s2', 0, '{\"type\":\"message\",\"message\":{\"role\":\"toolResult\"}}', NULL);
             INSERT INTO transcript_event_identities VALUES ('s2', 1, 'message'), ('s2', 2, 'custom');",
        )
        .expect("schema");
        let frame = hex::decode(NODE_FRAME).expect("hex");
        conn.execute("INSERT INTO transcript_events VALUES ('s2', 1, NULL, ?1)", [&frame]).expect("packed message");
        // A compressed non-message event is not even decoded (its bytes are not zstd).
        conn.execute("INSERT INTO transcript_events VALUES ('s2', 2, NULL, x'00')", []).expect("packed custom");
        path
    }

    #[test]
    fn counts_plain_and_compressed_messages() {
        let dir = tempfile::tempdir().expect("tempdir");
        let counts = count(&store(dir.path())).expect("count");
        assert_eq!(counts, Counts { sessions: 2, user: 2, assistant: 1, messages: 4, last_ms: Some(20) });
    }

    #[test]
    fn counts_sessions_alone_and_a_store_without_them_as_none() {
        let dir = tempfile::tempdir().expect("tempdir");
        let conn = open(&store(dir.path())).expect("open");
        assert_eq!(count_sessions(&conn).expect("count"), (2, Some(20)));
        let empty = dir.path().join("empty.sqlite");
        Connection::open(&empty).and_then(|c| c.execute_batch("CREATE TABLE other (x)")).expect("empty store");
        assert_eq!(count_sessions(&open(&empty).expect("open")).expect("count"), (0, None));
    }

    #[test]
    fn decodes_what_node_compressed() {
        let event = decode(&hex::decode(NODE_FRAME).expect("hex")).expect("decoded");
        assert_eq!(event.pointer("/message/role").and_then(Value::as_str), Some("user"));
        assert!(decode(b"not zstd").is_none());
    }
}
