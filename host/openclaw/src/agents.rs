//! Agent (bot) management: E11 add, E12 update, E13 identity, E14 model, E15 delete.
//!
//! Adding and deleting go through the CLI, because OpenClaw does more than edit the file there
//! (it creates the workspace from its templates, the agent's state dir and sessions dir, and
//! moves them to the trash on delete). Everything else is a plain edit of
//! `agents.entries.<id>` through the config store: milliseconds instead of the CLI's 15–20 s
//! (`agents set-identity` alone takes 18 s), with the same validation, a backup and an audit row.

use std::path::{Component, Path};

use serde_json::{Map, Value, json};

use super::bots_models::default_agent;
use super::config_rules::{self, agent_entry};
use crate::Error;
use crate::OpenClaw;

/// `agents add` / `agents delete` take 15–25 s each on a small machine.
const CLI_WRITE: Option<std::time::Duration> = None;

fn entry_pointer(id: &str) -> String {
    format!("/agents/entries/{id}")
}

/// 404 unless the bot exists; returns the current config.
async fn existing(app: &OpenClaw, id: &str) -> Result<std::sync::Arc<super::snapshot::Snapshot>, Error> {
    let snap = app.snapshot.get().await?;
    if snap.config.pointer(&entry_pointer(id)).is_none() {
        return Err(Error::NotFound(format!("bot \"{id}\" does not exist")));
    }
    Ok(snap)
}

/// 422 unless `model` is one of the models configured in openclaw.json.
pub fn known_model(snap: &super::snapshot::Snapshot, model: &str) -> Result<(), Error> {
    if snap.view.models.iter().any(|m| m.id == model) {
        return Ok(());
    }
    let known: Vec<&str> = snap.view.models.iter().map(|m| m.id.as_str()).collect();
    Err(Error::Unprocessable(format!(
        "model: \"{model}\" is not a configured model (configured: {}); add it with POST /v1/openclaw/models/provider/model first",
        if known.is_empty() { "none".to_string() } else { known.join(", ") }
    )))
}

/// A workspace path the request may name: absolute, no `..`, not an existing file.
fn check_workspace(path: &str) -> Result<(), Error> {
    let p = Path::new(path);
    let ok = p.is_absolute()
        && path.len() <= 4096
        && !path.chars().any(char::is_control)
        && p.components().all(|c| !matches!(c, Component::ParentDir))
        && !p.is_file();
    if ok { Ok(()) } else { Err(Error::field("workspace", "must be an absolute directory path without \"..\"")) }
}

/// E11: `openclaw agents add <id> --non-interactive --workspace <dir> [--model m] --json`.
pub async fn add(app: &OpenClaw, id: &str, model: Option<&str>, workspace: Option<&str>) -> Result<Value, Error> {
    let snap = app.snapshot.get().await?;
    if snap.config.pointer(&entry_pointer(id)).is_some() {
        return Err(Error::Conflict(format!("bot \"{id}\" already exists")));
    }
    if let Some(m) = model {
        known_model(&snap, m)?;
    }
    let workspace = match workspace {
        Some(w) => {
            check_workspace(w)?;
            w.to_string()
        }
        None => app.paths.state_dir.join(format!("workspace-{id}")).display().to_string(),
    };
    let mut args = vec!["agents", "add", id, "--non-interactive", "--workspace", &workspace];
    if let Some(m) = model {
        args.extend(["--model", m]);
    }
    args.push("--json");
    let out = app.config_store.external_write(app.cli.run_json(&args, CLI_WRITE)).await;
    let mut out = match out {
        Ok(out) => out,
        Err(e) => return Err(roll_back(app, id, e.into()).await),
    };
    let created = out.get("agentId").and_then(Value::as_str).unwrap_or(id).to_string();
    if created != id {
        return Err(Error::Upstream(format!("OpenClaw created agent \"{created}\" instead of \"{id}\"")));
    }
    if let Some(map) = out.as_object_mut() {
        map.insert("id".into(), json!(id));
    }
    Ok(out)
}

/// A failed or timed-out `agents add` may still have written the entry: remove it again, so a
/// request creates a whole bot or nothing, and say what happened.
async fn roll_back(app: &OpenClaw, id: &str, failure: Error) -> Error {
    let written = app.snapshot.get().await.is_ok_and(|s| s.config.pointer(&entry_pointer(id)).is_some());
    if !written {
        return failure;
    }
    let args = ["agents", "delete", id, "--force", "--json"];
    let undo = app.config_store.external_write(app.cli.run_json(&args, CLI_WRITE)).await;
    let outcome = match undo {
        Ok(_) => "the half-made bot was removed again".to_string(),
        Err(e) => format!("removing the half-made bot failed too: {e}"),
    };
    tracing::warn!(bot = %id, error = %failure, %outcome, "adding a bot failed");
    match failure {
        Error::UpstreamTimeout(m) => Error::UpstreamTimeout(format!("{m}; {outcome}")),
        other => Error::Upstream(format!("{other}; {outcome}")),
    }
}

/// E15: `openclaw agents delete <id> --force --json`; the default agent is kept.
pub async fn delete(app: &OpenClaw, id: &str) -> Result<Value, Error> {
    let snap = existing(app, id).await?;
    if default_agent(&snap.config).as_deref() == Some(id) {
        return Err(Error::Conflict(format!(
            "bot \"{id}\" is the default agent and cannot be deleted; make another agent the default \
             (agents.defaults.systemAgent.agentId) first"
        )));
    }
    let args = ["agents", "delete", id, "--force", "--json"];
    let out = app.config_store.external_write(app.cli.run_json(&args, CLI_WRITE)).await;
    let mut out = out?;
    if let Some(map) = out.as_object_mut() {
        map.insert("id".into(), json!(id));
    }
    Ok(out)
}

/// E12: merges `patch` into the entry (objects merge, other values replace, `null` removes a
/// key — like `openclaw config patch`). Keys OpenClaw does not accept are refused before
/// anything is written; objects only OpenClaw can judge are checked by OpenClaw first.
pub async fn update(app: &OpenClaw, id: &str, patch: &Map<String, Value>) -> Result<Value, Error> {
    if patch.is_empty() {
        return Err(Error::field("config", "must set at least one key"));
    }
    let allowed = agent_entry::keys();
    if let Some(bad) = patch.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(Error::field(
            format!("config.{bad}"),
            format!("is not a key OpenClaw accepts in an agent entry (accepted: {})", allowed.join(", ")),
        ));
    }
    let snap = existing(app, id).await?;
    let mut entry = snap.config.pointer(&entry_pointer(id)).cloned().unwrap_or(json!({}));
    merge_patch(&mut entry, &Value::Object(patch.clone()));
    let checked = config_rules::check_agent_entry(id, &entry);
    let prefix = format!("agents.entries.{id}");
    let own: Vec<_> = checked
        .issues
        .iter()
        .filter(|i| {
            patch.keys().any(|k| i.path == format!("{prefix}.{k}") || i.path.starts_with(&format!("{prefix}.{k}.")))
        })
        .collect();
    if let Some(first) = own.first() {
        let field = first.path.replacen(&prefix, "config", 1);
        return Err(Error::field(field, first.message.clone()));
    }
    let deep = patch.iter().any(|(k, v)| {
        let mut one = Map::new();
        one.insert(k.clone(), v.clone());
        !v.is_null() && config_rules::check_agent_entry(id, &Value::Object(one)).deep
    });
    if deep {
        let mut candidate = snap.config.clone();
        super::json_pointer::set(&mut candidate, &entry_pointer(id), entry.clone()).map_err(Error::Unprocessable)?;
        super::dry_run::check(app, &candidate).await?;
    }
    edit_entry(app, id, |e| {
        merge_patch(e, &Value::Object(patch.clone()));
        Ok(())
    })
    .await
}

/// E13: `agents.entries.<id>.identity`, keeping keys the request does not set (e.g. `avatar`).
pub async fn set_identity(
    app: &OpenClaw,
    id: &str,
    name: &str,
    emoji: Option<&str>,
    theme: Option<&str>,
) -> Result<Value, Error> {
    existing(app, id).await?;
    let entry = edit_entry(app, id, |e| {
        let identity = e.as_object_mut().map(|m| m.entry("identity").or_insert_with(|| json!({})));
        let Some(Value::Object(identity)) = identity else {
            return Err(Error::Unprocessable(format!("agents.entries.{id}.identity is not an object")));
        };
        identity.insert("name".into(), json!(name));
        for (key, value) in [("emoji", emoji), ("theme", theme)] {
            if let Some(v) = value {
                identity.insert(key.into(), json!(v));
            }
        }
        Ok(())
    })
    .await?;
    Ok(entry.get("identity").cloned().unwrap_or(Value::Null))
}

/// E14: `agents.entries.<id>.model`, keeping the fallbacks of a `{primary, fallbacks}` model.
pub async fn set_model(app: &OpenClaw, id: &str, model: &str) -> Result<Value, Error> {
    let snap = existing(app, id).await?;
    known_model(&snap, model)?;
    let entry = edit_entry(app, id, |e| {
        match e.get_mut("model") {
            Some(Value::Object(m)) => {
                m.insert("primary".into(), json!(model));
            }
            _ => {
                if let Some(map) = e.as_object_mut() {
                    map.insert("model".into(), json!(model));
                }
            }
        }
        Ok(())
    })
    .await?;
    Ok(entry.get("model").cloned().unwrap_or(Value::Null))
}

/// Read-modify-write of one entry under the store's writer lock; returns the new entry.
async fn edit_entry(
    app: &OpenClaw,
    id: &str,
    change: impl FnOnce(&mut Value) -> Result<(), Error>,
) -> Result<Value, Error> {
    let pointer = entry_pointer(id);
    let entry = app
        .config_store
        .update(|doc| {
            let entry =
                doc.pointer_mut(&pointer).ok_or_else(|| Error::NotFound(format!("bot \"{id}\" does not exist")))?;
            change(entry)?;
            Ok::<_, Error>(entry.clone())
        })
        .await?;
    Ok(entry)
}

/// RFC 7386 JSON merge patch.
fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(map) = target {
        for (key, value) in patch {
            if value.is_null() {
                map.remove(key);
            } else {
                merge_patch(map.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_patch_merges_objects_replaces_values_and_removes_nulls() {
        let mut v = json!({"name": "a", "identity": {"name": "A", "emoji": "x"}, "skills": ["s1"], "gone": 1});
        merge_patch(&mut v, &json!({"identity": {"emoji": "y"}, "skills": ["s2"], "gone": null, "new": {"k": 1}}));
        assert_eq!(v, json!({"name": "a", "identity": {"name": "A", "emoji": "y"}, "skills": ["s2"], "new": {"k": 1}}));
    }

    #[test]
    fn workspaces_must_be_plain_absolute_paths() {
        assert!(check_workspace("/tmp/ws-a").is_ok());
        for bad in ["relative/ws", "/tmp/../etc", "/tmp/a\nb", "--help"] {
            assert!(check_workspace(bad).is_err(), "{bad}");
        }
    }
}
