//! The rules of openclaw.json that Buddy checks before it writes, so a Buddy write never
//! produces a file OpenClaw refuses (OpenClaw will not start on an invalid config). They are the
//! rules OpenClaw's own validator was seen to enforce; the test suite confirms every file Buddy
//! writes with `openclaw config validate`.

use serde::Serialize;
use serde_json::Value;

/// One broken rule, at a dotted path like OpenClaw's own messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub path: String,
    pub message: String,
}

fn issue(path: impl Into<String>, message: impl Into<String>) -> Issue {
    Issue { path: path.into(), message: message.into() }
}

/// The `api` kinds OpenClaw accepts for a provider.
pub const PROVIDER_APIS: &[&str] = &["openai-completions", "openai-responses", "anthropic-messages"];

/// Checks `next`; `previous` is the file it replaces (some rules forbid dropping keys).
pub fn check(next: &Value, previous: Option<&Value>) -> Vec<Issue> {
    let mut issues = Vec::new();
    let Some(root) = next.as_object() else {
        return vec![issue("", "the config must be a JSON object")];
    };
    if previous.is_some_and(|p| p.pointer("/gateway/mode").is_some()) && next.pointer("/gateway/mode").is_none() {
        issues.push(issue("gateway.mode", "OpenClaw refuses a write that drops gateway.mode"));
    }
    if let Some(models) = root.get("models") {
        check_providers(models, &mut issues);
    }
    if let Some(agents) = root.get("agents") {
        check_agents(next, agents, &mut issues);
    }
    issues
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
        let at = format!("models.providers.{id}");
        let Some(p) = provider.as_object() else {
            issues.push(issue(at, "expected an object"));
            continue;
        };
        if let Some(url) = p.get("baseUrl")
            && !url.as_str().is_some_and(|u| u.starts_with("http://") || u.starts_with("https://"))
        {
            issues.push(issue(format!("{at}.baseUrl"), "expected an http(s) URL"));
        }
        if let Some(api) = p.get("api")
            && !api.as_str().is_some_and(|a| PROVIDER_APIS.contains(&a))
        {
            issues.push(issue(format!("{at}.api"), format!("expected one of {}", PROVIDER_APIS.join(", "))));
        }
        match p.get("models") {
            None => {}
            Some(Value::Array(list)) => {
                for (i, m) in list.iter().enumerate() {
                    if m.get("id").and_then(Value::as_str).is_none_or(|s| s.is_empty()) {
                        issues.push(issue(format!("{at}.models.{i}.id"), "expected a non-empty string"));
                    }
                    if !m.get("name").is_some_and(Value::is_string) {
                        issues.push(issue(format!("{at}.models.{i}.name"), "expected string"));
                    }
                }
            }
            Some(_) => issues.push(issue(format!("{at}.models"), "expected an array")),
        }
    }
}

fn check_agents(root: &Value, agents: &Value, issues: &mut Vec<Issue>) {
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
    if let Some(primary) = agents.pointer("/defaults/model/primary") {
        check_model_ref(root, primary, "agents.defaults.model.primary", issues);
    }
    for (id, entry) in entries {
        if !entry.is_object() {
            issues.push(issue(format!("agents.entries.{id}"), "expected an object"));
            continue;
        }
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

/// A `provider/model` reference must resolve when its provider is configured in the file
/// (catalog providers such as `openai/*` resolve inside OpenClaw and are not checked here).
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

    #[test]
    fn a_good_config_passes() {
        assert_eq!(check(&base(), None), vec![]);
    }

    #[test]
    fn model_needs_a_name_and_refs_must_resolve() {
        let mut v = base();
        v["models"]["providers"]["fake"]["models"] = json!([{"id": "m2"}]);
        let paths: Vec<_> = check(&v, None).into_iter().map(|i| i.path).collect();
        assert!(paths.contains(&"models.providers.fake.models.0.name".to_string()), "{paths:?}");
        assert!(paths.contains(&"agents.defaults.model.primary".to_string()), "{paths:?}");
    }

    #[test]
    fn multi_agent_needs_explicit_ownership_and_mode_cannot_be_dropped() {
        let mut v = base();
        v["agents"]["entries"]["two"] = json!({"model": "openai/gpt-4o-mini"});
        let prev = base();
        v.as_object_mut().map(|o| o.remove("gateway"));
        let paths: Vec<_> = check(&v, Some(&prev)).into_iter().map(|i| i.path).collect();
        assert_eq!(paths, vec!["gateway.mode", "agents.ownership"]);
    }
}
