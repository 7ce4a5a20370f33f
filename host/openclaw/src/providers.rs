//! Model providers in openclaw.json (`models.providers.<name>`): E20 view (API keys masked),
//! E21 add/update a provider, E22 add/update one model. Removal and the default model are in
//! `model_refs`. Every change is a config-store edit: validated, backed up, atomic, serialized.
//!
//! Replies go through Buddy's one redaction policy (`buddy_rules::secrets`): header values,
//! credentials in URLs, anything the policy calls secret. A stored API key belongs to the host
//! it was given for: moving a provider's `baseUrl` to another host drops it unless the
//! request supplies a key or says `keepApiKey: true` (otherwise Buddy would send the old key to
//! the new host when it tests the provider); the reply says what happened to the key.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value, json};

use super::model_refs;
use super::redact::{mask_config, mask_secret};
use crate::Error;
use crate::OpenClaw;

/// One model as E21/E22 accept it (the common fields of OpenClaw's model entry).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ModelInput {
    #[schemars(length(min = 1, max = 128))]
    pub id: String,
    #[schemars(length(min = 1, max = 200))]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_window: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_tokens: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cost>,
}

/// Prices per million tokens.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Cost {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_read: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_write: Option<Number>,
}

/// E21's body.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ProviderInput {
    #[schemars(regex(pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"))]
    pub name: String,
    /// An http:// or https:// URL.
    #[schemars(length(min = 8, max = 2048))]
    pub base_url: String,
    #[schemars(length(min = 1, max = 4096))]
    pub api_key: Option<String>,
    pub api: Option<String>,
    pub models: Option<Vec<ModelInput>>,
    #[schemars(range(min = 1, max = 3600))]
    pub timeout_seconds: Option<u64>,
    /// Keep the stored key even though `baseUrl` moves to another host.
    #[serde(default)]
    pub keep_api_key: bool,
}

/// What an E21 call did with the provider's API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ApiKeyAction {
    /// The request supplied a key.
    Set,
    /// The stored key stays (same host, or `keepApiKey: true`).
    Kept,
    /// `baseUrl` moved to another host and the stored key was removed.
    Dropped,
    /// There was no key and none was given.
    None,
}

/// The host of a URL (lower case), or the text itself when it is no URL. A new port or path on
/// the same host (a local model server moving from 11434 to 11435) keeps the key.
fn host_of(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => u.host_str().unwrap_or_default().to_ascii_lowercase(),
        Err(_) => url.to_string(),
    }
}

/// The outcome of an add/update: whether it was new, and the provider (E21) or the model
/// (E22) as it now stands.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "Upserted_{V}")]
pub struct Upserted<V> {
    pub created: bool,
    /// E21 only: what happened to the API key.
    #[serde(rename = "apiKeyAction", skip_serializing_if = "Option::is_none")]
    pub api_key_action: Option<ApiKeyAction>,
    #[serde(flatten)]
    pub view: V,
}

/// E22's view: the model as it now stands in its provider.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ModelUpserted {
    pub provider: String,
    pub model: Option<ModelView>,
}

fn provider_pointer(name: &str) -> String {
    format!("/models/providers/{name}")
}

/// E20's reply.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ModelsConfig {
    /// `models.mode` as configured (`merge`, `replace`), if set.
    pub mode: Option<Value>,
    /// The default model's `provider/model` reference.
    pub default_model: Option<String>,
    pub providers: Vec<ProviderView>,
}

/// One provider as replies show it: its settings with every secret masked.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProviderView {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// The API kind (`openai-completions`, `anthropic-messages`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<u64>,
    /// The other settings kept as configured (masked): `auth`, `maxTokens`, `region`,
    /// `headers`.
    #[serde(flatten)]
    pub settings: Map<String, Value>,
    /// The key masked, a secret reference (`{source, provider, id}`), or null.
    pub api_key: Value,
    pub has_api_key: bool,
    pub models: Vec<ModelView>,
}

/// One model of a provider: its configured fields, and how it is used.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ModelView {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_window: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<Number>,
    /// The model's other configured fields (`reasoning`, `input`, `cost`…), masked.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
    pub is_default: bool,
    /// The bots whose model or fallbacks name it.
    pub used_by: Vec<String>,
    /// `provider/model`.
    #[serde(rename = "ref")]
    pub reference: String,
}

/// E20: providers with their models, every API key and header value masked.
pub fn config_view(config: &Value) -> ModelsConfig {
    let default = model_refs::default_model(config);
    let providers = config
        .pointer("/models/providers")
        .and_then(Value::as_object)
        .map(|ps| ps.iter().map(|(name, p)| provider_view(config, name, p)).collect())
        .unwrap_or_default();
    ModelsConfig { mode: config.pointer("/models/mode").cloned(), default_model: default, providers }
}

/// One provider as replies show it.
pub fn provider_view(config: &Value, name: &str, p: &Value) -> ProviderView {
    let default = model_refs::default_model(config);
    let api_key = match p.get("apiKey") {
        Some(Value::String(k)) => json!(mask_secret(k)),
        // A secret reference names where the key is ({source, provider, id}), not the key.
        Some(r @ Value::Object(_)) => r.clone(),
        _ => Value::Null,
    };
    let masked = mask_config(p);
    let models = masked
        .get("models")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|m| {
            let mut fields = m.as_object().cloned().unwrap_or_default();
            for derived in ["isDefault", "usedBy", "ref"] {
                fields.remove(derived);
            }
            let text = |v: Option<Value>| v.and_then(|v| v.as_str().map(str::to_string));
            let number = |v: Option<Value>| match v {
                Some(Value::Number(n)) => Some(n),
                _ => None,
            };
            let id = text(fields.remove("id")).unwrap_or_default();
            let reference = format!("{name}/{id}");
            ModelView {
                id,
                name: text(fields.remove("name")),
                context_window: number(fields.remove("contextWindow")),
                max_tokens: number(fields.remove("maxTokens")),
                fields,
                is_default: default.as_deref() == Some(reference.as_str()),
                used_by: model_refs::agents_using(config, &reference),
                reference,
            }
        })
        .collect();
    let mut settings = Map::new();
    for key in ["auth", "maxTokens", "region", "headers"] {
        if let Some(v) = masked.get(key) {
            settings.insert(key.into(), v.clone());
        }
    }
    let text = |key: &str| masked.get(key).and_then(Value::as_str).map(str::to_string);
    ProviderView {
        name: name.to_string(),
        base_url: text("baseUrl"),
        api: text("api"),
        timeout_seconds: masked.get("timeoutSeconds").and_then(Value::as_u64),
        settings,
        api_key,
        has_api_key: p.get("apiKey").is_some(),
        models,
    }
}

/// E21: adds a provider, or updates its URL, key, api kind and timeout and adds/updates the
/// given models (other models are kept; remove one with E23).
pub async fn upsert_provider(app: &OpenClaw, input: &ProviderInput) -> Result<Upserted<ProviderView>, Error> {
    let pointer = provider_pointer(&input.name);
    let (created, action, view) = app
        .config_store
        .update(|doc| {
            let created = doc.pointer(&pointer).is_none();
            if created {
                super::json_pointer::set(doc, &pointer, json!({})).map_err(Error::Unprocessable)?;
            }
            let p = doc
                .pointer_mut(&pointer)
                .and_then(Value::as_object_mut)
                .ok_or_else(|| Error::Unprocessable(format!("models.providers.{} is not an object", input.name)))?;
            let moved =
                p.get("baseUrl").and_then(Value::as_str).is_some_and(|old| host_of(old) != host_of(&input.base_url));
            p.insert("baseUrl".into(), json!(input.base_url));
            let action = match &input.api_key {
                Some(k) => {
                    p.insert("apiKey".into(), json!(k));
                    ApiKeyAction::Set
                }
                None if !p.contains_key("apiKey") => ApiKeyAction::None,
                None if moved && !input.keep_api_key => {
                    p.remove("apiKey");
                    ApiKeyAction::Dropped
                }
                None => ApiKeyAction::Kept,
            };
            match &input.api {
                Some(a) => {
                    p.insert("api".into(), json!(a));
                }
                None if created => {
                    p.insert("api".into(), json!("openai-completions"));
                }
                None => {}
            }
            if let Some(t) = input.timeout_seconds {
                p.insert("timeoutSeconds".into(), json!(t));
            }
            let list = p.entry("models").or_insert_with(|| json!([]));
            for m in input.models.iter().flatten() {
                upsert_model_in(list, m)?;
            }
            let view = provider_view(doc, &input.name, doc.pointer(&pointer).unwrap_or(&Value::Null));
            Ok::<_, Error>((created, action, view))
        })
        .await?;
    Ok(Upserted { created, api_key_action: Some(action), view })
}

/// E22: adds or updates one model of an existing provider.
pub async fn upsert_model(
    app: &OpenClaw,
    provider: &str,
    model: &ModelInput,
) -> Result<Upserted<ModelUpserted>, Error> {
    let pointer = provider_pointer(provider);
    let (created, view) = app
        .config_store
        .update(|doc| {
            let p = doc
                .pointer_mut(&pointer)
                .and_then(Value::as_object_mut)
                .ok_or_else(|| Error::NotFound(format!("provider \"{provider}\" does not exist")))?;
            let list = p.entry("models").or_insert_with(|| json!([]));
            let created = upsert_model_in(list, model)?;
            let view = provider_view(doc, provider, doc.pointer(&pointer).unwrap_or(&Value::Null));
            let reference = format!("{provider}/{}", model.id);
            let model = view.models.into_iter().find(|m| m.reference == reference);
            Ok::<_, Error>((created, ModelUpserted { provider: provider.to_string(), model }))
        })
        .await?;
    Ok(Upserted { created, api_key_action: None, view })
}

/// Merges `model` into the entry with its id (given fields replace), or appends it.
fn upsert_model_in(list: &mut Value, model: &ModelInput) -> Result<bool, Error> {
    let list = list.as_array_mut().ok_or_else(|| Error::Unprocessable("models: is not a list".into()))?;
    let fields = serde_json::to_value(model).map_err(|e| Error::Opaque(e.into()))?;
    match list.iter_mut().find(|m| m.get("id").and_then(Value::as_str) == Some(model.id.as_str())) {
        Some(Value::Object(existing)) => {
            for (k, v) in fields.as_object().into_iter().flatten() {
                existing.insert(k.clone(), v.clone());
            }
            Ok(false)
        }
        _ => {
            list.push(fields);
            Ok(true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_masks_keys_and_headers() {
        let config = json!({
            "agents": {"defaults": {"model": {"primary": "p/a"}}, "entries": {"h": {"model": "p/b"}}},
            "models": {"providers": {"p": {"baseUrl": "http://x/v1", "apiKey": "sk-live-0123456789",
                "headers": {"X-Key": "secret-header"},
                "models": [{"id": "a", "name": "A"}, {"id": "b", "name": "B", "headers": {"Authorization": "Bearer zz"}}]},
                "r": {"baseUrl": "http://y/v1", "apiKey": {"source": "env", "provider": "default", "id": "R_KEY"}}}}
        });
        let view = serde_json::to_value(config_view(&config)).expect("serializes");
        let text = view.to_string();
        for secret in ["sk-live-0123456789", "secret-header", "Bearer zz"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        let p = &view["providers"][0];
        assert_eq!((p["apiKey"].as_str(), p["hasApiKey"].as_bool()), (Some("sk-…89"), Some(true)));
        assert_eq!(p["models"][0]["isDefault"], true);
        assert_eq!(p["models"][1]["usedBy"], json!(["h"]));
        assert_eq!(view["providers"][1]["apiKey"]["id"], "R_KEY", "a reference is not a secret");
        assert_eq!(view["defaultModel"], "p/a");
    }

    #[test]
    fn upserting_a_model_merges_by_id() {
        let mut list = json!([{"id": "a", "name": "A", "contextWindow": 1000}]);
        let m = ModelInput {
            id: "a".into(),
            name: "A2".into(),
            reasoning: Some(true),
            input: None,
            context_window: None,
            context_tokens: None,
            max_tokens: None,
            cost: None,
        };
        assert!(!upsert_model_in(&mut list, &m).expect("merge"));
        assert_eq!(list, json!([{"id": "a", "name": "A2", "contextWindow": 1000, "reasoning": true}]));
        let n = ModelInput { id: "b".into(), name: "B".into(), ..m };
        assert!(upsert_model_in(&mut list, &n).expect("append"));
        assert_eq!(list.as_array().map(Vec::len), Some(2));
    }
}
