//! The bots and models of an install, derived from openclaw.json by the same rules the CLI
//! applies (`agents list --json`, `models list --json`), so E10 needs no CLI run.

use serde::Serialize;
use serde_json::Value;

use super::paths::OpenClawPaths;

/// One agent as E10 shows it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Bot {
    pub id: String,
    /// Display name: the identity's name, else the entry's name, else the id.
    pub name: String,
    pub emoji: Option<String>,
    /// `provider/model` the agent runs on (its own or the default).
    pub model: Option<String>,
    pub workspace: String,
    #[serde(rename = "isDefault")]
    pub is_default: bool,
}

/// One configured model.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Model {
    /// `provider/model`, as OpenClaw's `key`.
    pub id: String,
    pub name: String,
    pub provider: String,
    #[serde(rename = "isDefault")]
    pub is_default: bool,
}

/// Everything E10 returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BotsModels {
    pub bots: Vec<Bot>,
    pub models: Vec<Model>,
}

/// The default agent id: `agents.defaults.systemAgent.agentId`, else `main` when present,
/// else the first entry.
pub fn default_agent(config: &Value) -> Option<String> {
    if let Some(id) = config.pointer("/agents/defaults/systemAgent/agentId").and_then(Value::as_str) {
        return Some(id.to_string());
    }
    let entries = config.pointer("/agents/entries").and_then(Value::as_object)?;
    if entries.contains_key("main") {
        return Some("main".into());
    }
    entries.keys().next().cloned()
}

/// The model reference of an entry (`"p/m"` or `{primary}`), else the default's.
pub fn agent_model(config: &Value, entry: &Value) -> Option<String> {
    let own = match entry.get("model") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(o)) => o.get("primary").and_then(Value::as_str).map(str::to_string),
        _ => None,
    };
    own.or_else(|| config.pointer("/agents/defaults/model/primary").and_then(Value::as_str).map(str::to_string))
}

/// Where an agent's workspace is: its own `workspace`, else the state dir's `workspace-<id>`
/// in a multi-agent roster, else the default workspace.
pub fn agent_workspace(config: &Value, paths: &OpenClawPaths, id: &str) -> String {
    let entries = config.pointer("/agents/entries").and_then(Value::as_object);
    if let Some(ws) = entries.and_then(|e| e.get(id)).and_then(|e| e.get("workspace")).and_then(Value::as_str) {
        return expand_home(ws);
    }
    let multi = entries.is_some_and(|e| e.len() > 1)
        || config.pointer("/agents/ownership").and_then(Value::as_str) == Some("explicit");
    if !multi {
        if let Some(ws) = config.pointer("/agents/defaults/workspace").and_then(Value::as_str) {
            return expand_home(ws);
        }
        return paths.state_dir.join("workspace").display().to_string();
    }
    paths.state_dir.join(format!("workspace-{id}")).display().to_string()
}

fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => path.to_string(),
    }
}

/// Builds the E10 view of a config.
pub fn build(config: &Value, paths: &OpenClawPaths) -> BotsModels {
    let default_id = default_agent(config);
    let default_model = config.pointer("/agents/defaults/model/primary").and_then(Value::as_str);
    let bots = config
        .pointer("/agents/entries")
        .and_then(Value::as_object)
        .map(|entries| {
            entries
                .iter()
                .map(|(id, entry)| {
                    let identity = entry.get("identity");
                    let name = identity
                        .and_then(|i| i.get("name"))
                        .or_else(|| entry.get("name"))
                        .and_then(Value::as_str)
                        .unwrap_or(id)
                        .to_string();
                    Bot {
                        id: id.clone(),
                        name,
                        emoji: identity.and_then(|i| i.get("emoji")).and_then(Value::as_str).map(str::to_string),
                        model: agent_model(config, entry),
                        workspace: agent_workspace(config, paths, id),
                        is_default: default_id.as_deref() == Some(id.as_str()),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let mut models = Vec::new();
    if let Some(providers) = config.pointer("/models/providers").and_then(Value::as_object) {
        for (provider, p) in providers {
            for m in p.get("models").and_then(Value::as_array).into_iter().flatten() {
                let Some(id) = m.get("id").and_then(Value::as_str) else {
                    continue;
                };
                let key = format!("{provider}/{id}");
                models.push(Model {
                    name: m.get("name").and_then(Value::as_str).unwrap_or(id).to_string(),
                    provider: provider.clone(),
                    is_default: default_model == Some(key.as_str()),
                    id: key,
                });
            }
        }
    }
    BotsModels { bots, models }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn follows_openclaw_resolution_rules() {
        let paths = OpenClawPaths { state_dir: "/s".into(), config_path: "/s/openclaw.json".into() };
        let config = json!({
            "agents": {"ownership": "explicit",
                "defaults": {"model": {"primary": "f/a"}, "systemAgent": {"agentId": "main"}},
                "entries": {"main": {"name": "main"},
                            "h": {"name": "h", "model": {"primary": "f/b"}, "identity": {"name": "Helper", "emoji": "🤖"}},
                            "w": {"workspace": "/elsewhere"}}},
            "models": {"providers": {"f": {"models": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]}}}
        });
        let view = build(&config, &paths);
        let h = view.bots.iter().find(|b| b.id == "h").expect("h");
        assert_eq!((h.name.as_str(), h.emoji.as_deref(), h.model.as_deref()), ("Helper", Some("🤖"), Some("f/b")));
        assert_eq!(h.workspace, "/s/workspace-h");
        let w = view.bots.iter().find(|b| b.id == "w").expect("w");
        assert_eq!((w.workspace.as_str(), w.model.as_deref(), w.name.as_str()), ("/elsewhere", Some("f/a"), "w"));
        assert!(view.bots.iter().find(|b| b.id == "main").expect("main").is_default);
        assert_eq!(view.models.iter().filter(|m| m.is_default).map(|m| m.id.as_str()).collect::<Vec<_>>(), vec!["f/a"]);
    }

    #[test]
    fn single_agent_uses_the_default_workspace() {
        let paths = OpenClawPaths { state_dir: "/s".into(), config_path: "/s/openclaw.json".into() };
        let view = build(&json!({"agents": {"entries": {"main": {}}}}), &paths);
        assert_eq!(view.bots[0].workspace, "/s/workspace");
    }
}
