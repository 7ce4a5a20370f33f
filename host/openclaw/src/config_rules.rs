//! The rules of openclaw.json that Buddy checks before it writes, so a Buddy write never
//! produces a file OpenClaw refuses (OpenClaw will not start on an invalid config) or quietly
//! undoes. They are the rules OpenClaw's own validator was seen to enforce (the shapes of the
//! parts Buddy edits are in [`agent_entry`] and [`provider`]); the test suite confirms every
//! file Buddy writes with `openclaw config validate`.
//!
//! A write is judged against the file it replaces: only problems the write *introduces* are
//! refused, so something odd already on disk (say, a key a newer OpenClaw added) never blocks
//! an unrelated edit.

pub mod agent_entry;
pub mod provider;
pub mod shape;

use serde::Serialize;
use serde_json::Value;

pub use provider::PROVIDER_APIS;
use shape::{Checked, Rule};

/// One broken rule, at a dotted path like OpenClaw's own messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub path: String,
    pub message: String,
}

pub(crate) fn issue(path: impl Into<String>, message: impl Into<String>) -> Issue {
    Issue { path: path.into(), message: message.into() }
}

/// OpenClaw treats a config under half the size of its last good one (when that was at least
/// this big) as clobbered and restores its backup at the next read.
const SIZE_DROP_FLOOR: usize = 512;

/// Checks `next`; `previous` is the file it replaces. With a previous file, only the problems
/// `next` adds are reported.
pub fn check(next: &Value, previous: Option<&Value>) -> Vec<Issue> {
    let mut issues = check_all(next);
    let Some(previous) = previous else {
        return issues;
    };
    let before = check_all(previous);
    issues.retain(|i| !before.contains(i));
    issues.extend(transitions(next, previous));
    issues
}

/// Rules about the change itself: what OpenClaw's "suspicious config" detector would undo.
fn transitions(next: &Value, previous: &Value) -> Vec<Issue> {
    let mut issues = Vec::new();
    if previous.pointer("/gateway/mode").is_some() && next.pointer("/gateway/mode").is_none() {
        issues.push(issue("gateway.mode", "OpenClaw refuses a write that drops gateway.mode"));
    }
    if previous.get("meta").is_some() && next.get("meta").is_none() {
        issues.push(issue("meta", "OpenClaw restores its backup when meta disappears from the file"));
    }
    let size = |v: &Value| serde_json::to_string_pretty(v).map(|s| s.len()).unwrap_or(0);
    let (old, new) = (size(previous), size(next));
    if old >= SIZE_DROP_FLOOR && new < old / 2 {
        issues.push(issue(
            "",
            format!(
                "the file would shrink from {old} to {new} bytes; OpenClaw treats a config that loses more than \
                 half its size as clobbered and restores its backup — remove less at once"
            ),
        ));
    }
    issues
}

fn check_all(next: &Value) -> Vec<Issue> {
    let Some(root) = next.as_object() else {
        return vec![issue("", "the config must be a JSON object")];
    };
    let mut issues = Vec::new();
    if let Some(models) = root.get("models") {
        check_providers(models, &mut issues);
    }
    if let Some(agents) = root.get("agents") {
        check_agents(next, agents, &mut issues);
    }
    issues
}

/// Checks one agent entry against OpenClaw's keys and shapes. `deep` in the result says it holds
/// objects only OpenClaw itself can judge.
pub fn check_agent_entry(id: &str, entry: &Value) -> Checked {
    let mut out = Checked::default();
    shape::check(&agent_entry::ENTRY, entry, &format!("agents.entries.{id}"), &mut out);
    out
}

/// Checks one provider against OpenClaw's keys and shapes.
pub fn check_provider(id: &str, provider: &Value) -> Checked {
    let mut out = Checked::default();
    let at = format!("models.providers.{id}");
    shape::check(&Rule::Fields(provider::PROVIDER), provider, &at, &mut out);
    for (i, m) in provider.get("models").and_then(Value::as_array).into_iter().flatten().enumerate() {
        for key in ["id", "name"] {
            if m.is_object() && m.get(key).is_none() {
                out.issues.push(issue(format!("{at}.models.{i}.{key}"), "Invalid input: expected string"));
            }
        }
    }
    out
}

fn check_providers(models: &Value, issues: &mut Vec<Issue>) {
    let Some(providers) = models.get("providers") else {
        return;
    };
    let Some(providers) = providers.as_object() else {
        issues.push(issue("models.providers", "expected an object keyed by provider id"));
        return;
    };
    for (id, provider) in providers {
        issues.extend(check_provider(id, provider).issues);
    }
}

fn check_agents(root: &Value, agents: &Value, issues: &mut Vec<Issue>) {
    if let Some(primary) = default_model_ref(agents) {
        check_model_ref(root, primary, "agents.defaults.model.primary", issues);
    }
    let Some(entries) = agents.get("entries") else {
        return;
    };
    let Some(entries) = entries.as_object() else {
        issues.push(issue("agents.entries", "expected an object keyed by agent id"));
        return;
    };
    if entries.len() > 1 && agents.get("ownership").and_then(Value::as_str) != Some("explicit") {
        issues.push(issue("agents.ownership", "multi-agent rosters require agents.ownership=\"explicit\""));
    }
    for (id, entry) in entries {
        if !agent_entry::is_agent_key(id) {
            issues.push(issue("agents.entries", format!("agent id \"{id}\" must match ^[a-z0-9_][a-z0-9_-]{{0,63}}$")));
        }
        if !entry.is_object() {
            issues.push(issue(format!("agents.entries.{id}"), "expected an object"));
            continue;
        }
        issues.extend(check_agent_entry(id, entry).issues);
        match entry.get("model") {
            Some(Value::Object(m)) => {
                if let Some(p) = m.get("primary") {
                    check_model_ref(root, p, &format!("agents.entries.{id}.model.primary"), issues);
                }
            }
            Some(m) => check_model_ref(root, m, &format!("agents.entries.{id}.model"), issues),
            None => {}
        }
    }
}

/// `agents.defaults.model` is `"p/m"` or `{primary}`.
fn default_model_ref(agents: &Value) -> Option<&Value> {
    match agents.pointer("/defaults/model")? {
        Value::Object(m) => m.get("primary"),
        other => Some(other),
    }
}

/// A `provider/model` reference must resolve when its provider is configured in the file
/// (catalog providers such as `openai/*` resolve inside OpenClaw and are not checked here).
/// `openclaw config validate` does not check references, but `openclaw config set` refuses an
/// unresolved one ("Unable to resolve authored model reference"), and so does Buddy.
fn check_model_ref(root: &Value, reference: &Value, at: &str, issues: &mut Vec<Issue>) {
    let Some(text) = reference.as_str() else {
        issues.push(issue(at, "expected a \"provider/model\" string"));
        return;
    };
    let Some((provider, model)) = text.split_once('/') else {
        issues.push(issue(at, format!("\"{text}\" is not a \"provider/model\" reference")));
        return;
    };
    let Some(p) = root.pointer("/models/providers").and_then(|ps| ps.get(provider)) else {
        return;
    };
    let known = p
        .get("models")
        .and_then(Value::as_array)
        .is_some_and(|list| list.iter().any(|m| m.get("id").and_then(Value::as_str) == Some(model)));
    if !known {
        issues.push(issue(at, format!("Unable to resolve authored model reference \"{text}\"")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Value {
        json!({
            "gateway": {"mode": "local"},
            "agents": {"defaults": {"model": {"primary": "fake/m1"}}, "entries": {"main": {}}},
            "models": {"providers": {"fake": {"baseUrl": "http://127.0.0.1:1/v1", "api": "openai-completions",
                "models": [{"id": "m1", "name": "M1"}]}}}
        })
    }

    fn paths(issues: Vec<Issue>) -> Vec<String> {
        issues.into_iter().map(|i| i.path).collect()
    }

    #[test]
    fn a_good_config_passes() {
        assert_eq!(check(&base(), None), vec![]);
    }

    #[test]
    fn model_needs_a_name_and_refs_must_resolve() {
        let mut v = base();
        v["models"]["providers"]["fake"]["models"] = json!([{"id": "m2"}]);
        let paths = paths(check(&v, None));
        assert!(paths.contains(&"models.providers.fake.models.0.name".to_string()), "{paths:?}");
        assert!(paths.contains(&"agents.defaults.model.primary".to_string()), "{paths:?}");
    }

    #[test]
    fn multi_agent_needs_explicit_ownership_and_mode_cannot_be_dropped() {
        let mut v = base();
        v["agents"]["entries"]["two"] = json!({"model": "openai/gpt-4o-mini"});
        let prev = base();
        v.as_object_mut().map(|o| o.remove("gateway"));
        assert_eq!(paths(check(&v, Some(&prev))), vec!["agents.ownership", "gateway.mode"]);
    }

    #[test]
    fn unknown_keys_and_bad_ids_are_refused() {
        let mut v = base();
        v["agents"]["entries"]["main"]["colour"] = json!("red");
        v["agents"]["ownership"] = json!("explicit");
        v["agents"]["entries"]["Bad.Id"] = json!({});
        v["models"]["providers"]["fake"]["api"] = json!("soap");
        let found = paths(check(&v, None));
        assert_eq!(found, vec!["models.providers.fake.api", "agents.entries", "agents.entries.main"]);
    }

    #[test]
    fn only_problems_a_write_introduces_are_reported() {
        let mut prev = base();
        prev["agents"]["entries"]["main"]["futureKey"] = json!(1);
        let mut next = prev.clone();
        next["agents"]["entries"]["main"]["name"] = json!("Main");
        assert_eq!(check(&next, Some(&prev)), vec![], "an odd key already on disk does not block an edit");
        next["agents"]["entries"]["main"]["otherKey"] = json!(2);
        assert_eq!(paths(check(&next, Some(&prev))), vec!["agents.entries.main"]);
    }

    #[test]
    fn openclaw_would_undo_a_write_that_drops_meta_or_halves_the_file() {
        let mut prev = base();
        prev["meta"] = json!({"lastTouchedVersion": "2026.9.6"});
        let models: Vec<Value> =
            (0..40).map(|i| json!({"id": format!("m{i}"), "name": format!("Model {i}")})).collect();
        prev["models"]["providers"]["big"] = json!({"baseUrl": "http://127.0.0.1:2/v1", "models": models});
        let mut next = prev.clone();
        next.as_object_mut().map(|o| o.remove("meta"));
        assert_eq!(paths(check(&next, Some(&prev))), vec!["meta"]);
        let mut next = prev.clone();
        next["models"]["providers"].as_object_mut().map(|p| p.remove("big"));
        let issues = check(&next, Some(&prev));
        assert!(issues.len() == 1 && issues[0].message.contains("clobbered"), "{issues:?}");
    }

    #[test]
    fn default_model_may_be_a_plain_string() {
        let mut v = base();
        v["agents"]["defaults"]["model"] = json!("fake/nope");
        assert_eq!(paths(check(&v, None)), vec!["agents.defaults.model.primary"]);
    }
}
