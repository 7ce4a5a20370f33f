//! Where openclaw.json refers to a model (`provider/model`), and the edits that depend on it:
//! E23 removing a model or a provider, E24 setting the default model.
//!
//! References live in `agents.defaults.model` (`"p/m"` or `{primary, fallbacks}`), its
//! `models` map (the allow-list `openclaw models set` maintains), `utilityModel` and
//! `decisionModel`, and the same keys of every `agents.entries.<id>`.

use serde_json::{Value, json};

use crate::Error;
use crate::OpenClaw;

/// The default model: `agents.defaults.model` as a string or its `primary`.
pub fn default_model(config: &Value) -> Option<String> {
    match config.pointer("/agents/defaults/model")? {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) => m.get("primary").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

/// Agents whose own model (primary) is `reference`.
pub fn agents_using(config: &Value, reference: &str) -> Vec<String> {
    let Some(entries) = config.pointer("/agents/entries").and_then(Value::as_object) else {
        return Vec::new();
    };
    entries.iter().filter(|(_, e)| own_primary(e) == Some(reference)).map(|(id, _)| id.clone()).collect()
}

fn own_primary(entry: &Value) -> Option<&str> {
    match entry.get("model")? {
        Value::String(s) => Some(s),
        Value::Object(m) => m.get("primary").and_then(Value::as_str),
        _ => None,
    }
}

/// Visits every reference to one of `refs` outside the default model, describing it, and
/// removes it when `clear` is set (an agent then runs on the default model).
fn visit(config: &mut Value, refs: &[String], clear: bool) -> Vec<String> {
    let mut found = Vec::new();
    let hit = |v: &Value| v.as_str().is_some_and(|s| refs.iter().any(|r| r == s));
    let scope = |owner: &str, holder: &mut Value, found: &mut Vec<String>| {
        let Some(map) = holder.as_object_mut() else {
            return;
        };
        if owner != "defaults" {
            let model_hit = match map.get("model") {
                Some(Value::Object(m)) => m.get("primary").is_some_and(hit),
                Some(v) => hit(v),
                None => false,
            };
            if model_hit {
                found.push(format!("bot {owner} (model)"));
                if clear {
                    map.remove("model");
                }
            }
        }
        if let Some(Value::Array(fallbacks)) = map.get_mut("model").and_then(|m| m.get_mut("fallbacks")) {
            if fallbacks.iter().any(hit) {
                found.push(format!("{owner} (model fallbacks)"));
            }
            if clear {
                fallbacks.retain(|f| !hit(f));
            }
        }
        for key in ["utilityModel", "decisionModel"] {
            if map.get(key).is_some_and(hit) {
                found.push(format!("{owner} ({key})"));
                if clear {
                    map.remove(key);
                }
            }
        }
        if let Some(Value::Object(models)) = map.get_mut("models") {
            for r in refs {
                if models.contains_key(r) {
                    found.push(format!("{owner} (models.{r})"));
                    if clear {
                        models.remove(r);
                    }
                }
            }
        }
    };
    if let Some(defaults) = config.pointer_mut("/agents/defaults") {
        scope("defaults", defaults, &mut found);
    }
    if let Some(Value::Object(entries)) = config.pointer_mut("/agents/entries") {
        for (id, entry) in entries.iter_mut() {
            scope(id, entry, &mut found);
        }
    }
    found
}

/// E23's outcome.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Removed {
    /// The `provider/model` references removed.
    pub removed: Vec<String>,
    /// Whether the whole provider went.
    pub provider_removed: bool,
    /// Where references to them were cleared (with `?force=true`).
    pub cleared: Vec<String>,
}

/// E24's outcome.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DefaultSet {
    pub default_model: String,
    /// The default model before, if there was one.
    pub previous: Option<String>,
}

/// E23: removes one model, or the whole provider when `model` is `*` or its last model.
/// In use by a bot or a fallback: 409, unless `force`, which also removes those references
/// (bots fall back to the default model). The default model itself is never removed.
pub async fn remove(app: &OpenClaw, provider: &str, model: &str, force: bool) -> Result<Removed, Error> {
    let pointer = format!("/models/providers/{provider}");
    let outcome = app
        .config_store
        .update(|doc| {
            let p = doc
                .pointer(&pointer)
                .ok_or_else(|| Error::NotFound(format!("provider \"{provider}\" does not exist")))?;
            let ids: Vec<String> = p
                .get("models")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|m| m.get("id").and_then(Value::as_str).map(str::to_string))
                .collect();
            let doomed: Vec<String> = if model == "*" {
                ids.clone()
            } else if ids.iter().any(|i| i == model) {
                vec![model.to_string()]
            } else {
                return Err(Error::NotFound(format!("provider \"{provider}\" has no model \"{model}\"")));
            };
            let refs: Vec<String> = doomed.iter().map(|m| format!("{provider}/{m}")).collect();
            if let Some(default) = default_model(doc).filter(|d| refs.contains(d)) {
                return Err(Error::Conflict(format!(
                    "{default} is the default model; make another model the default first \
                     (POST /v1/openclaw/models/set-default)"
                )));
            }
            let uses = visit(doc, &refs, false);
            if !uses.is_empty() && !force {
                return Err(Error::Conflict(format!(
                    "still in use by {}; change those first or pass ?force=true to clear them",
                    uses.join(", ")
                )));
            }
            visit(doc, &refs, true);
            let whole = model == "*" || doomed.len() == ids.len();
            if whole {
                super::json_pointer::remove(doc, &pointer);
            } else if let Some(Value::Array(list)) = doc.pointer_mut(&format!("{pointer}/models")) {
                list.retain(|m| m.get("id").and_then(Value::as_str) != Some(model));
            }
            Ok::<_, Error>(Removed { removed: refs, provider_removed: whole, cleared: uses })
        })
        .await?;
    Ok(outcome)
}

/// E24: `agents.defaults.model` (its `primary` when it is an object), and the model's key in
/// `agents.defaults.models` when that allow-list exists — what `openclaw models set` writes.
pub async fn set_default(app: &OpenClaw, model: &str) -> Result<DefaultSet, Error> {
    let snap = app.snapshot.get().await?;
    super::agents::known_model(&snap, model)?;
    let previous = app
        .config_store
        .update(|doc| {
            let previous = default_model(doc);
            match doc.pointer_mut("/agents/defaults/model") {
                Some(Value::Object(m)) => {
                    m.insert("primary".into(), json!(model));
                }
                Some(other @ Value::String(_)) => *other = json!(model),
                _ => super::json_pointer::set(doc, "/agents/defaults/model", json!({"primary": model}))
                    .map_err(Error::Unprocessable)?,
            }
            if let Some(Value::Object(allowed)) = doc.pointer_mut("/agents/defaults/models") {
                allowed.entry(model.to_string()).or_insert_with(|| json!({}));
            }
            Ok::<_, Error>(previous)
        })
        .await?;
    Ok(DefaultSet { default_model: model.to_string(), previous })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Value {
        json!({"agents": {
            "defaults": {"model": {"primary": "p/a", "fallbacks": ["p/b", "q/x"]}, "models": {"p/a": {}, "p/b": {}}},
            "entries": {"one": {"model": "p/b"}, "two": {"model": {"primary": "q/x", "fallbacks": ["p/b"]}},
                        "three": {"utilityModel": "p/b"}, "four": {"model": "q/x"}}}})
    }

    #[test]
    fn finds_and_clears_every_reference() {
        let mut c = config();
        let refs = vec!["p/b".to_string()];
        let found = visit(&mut c, &refs, false);
        assert_eq!(found.len(), 5, "{found:?}");
        assert_eq!(c, config(), "looking changes nothing");
        visit(&mut c, &refs, true);
        assert!(visit(&mut c, &refs, false).is_empty());
        assert_eq!(c["agents"]["defaults"]["model"]["fallbacks"], json!(["q/x"]));
        assert!(c["agents"]["entries"]["one"].get("model").is_none(), "bot one falls back to the default");
        assert_eq!(c["agents"]["entries"]["two"]["model"], json!({"primary": "q/x", "fallbacks": []}));
        assert_eq!(c["agents"]["entries"]["four"]["model"], "q/x", "other models are untouched");
        assert_eq!(agents_using(&c, "q/x"), vec!["four", "two"]);
        assert_eq!(default_model(&c).as_deref(), Some("p/a"));
    }
}
