//! `openclaw-config`: reads and edits openclaw.json under the module's granted pointers; the
//! host's config store does validation, backup, atomic write and conflict refusal.
//!
//! Reads are masked by the one redaction policy (`buddy_rules::secrets`) judged on the whole
//! document, so a value is hidden by where it sits (`/gateway/auth/token`, a provider's
//! `headers`), not only by its own key. Only the pointers of an approved `secrets` grant are
//! read in clear. A module that writes back what it read keeps the secrets it never saw: a
//! `"***"` at a secret path is replaced by the value already there.

use buddy_rules::secrets::{MASK, is_secret_path, mask_config};
use serde_json::Value;

use super::denied;
use crate::ctx::ModuleCtx;
use crate::grants::config::{Access, any_allows, validate_pointer};
use crate::grants::secrets::SecretGrant;
use crate::types::CapError;

/// Largest value a module may write in one call.
const MAX_VALUE_BYTES: usize = 256 * 1024;

impl ModuleCtx {
    fn check_pointer(&self, pointer: &str, access: Access) -> Result<(), CapError> {
        validate_pointer(pointer).map_err(|e| CapError::Invalid(format!("pointer {pointer:?}: {e}")))?;
        if any_allows(&self.module.grants.config, pointer, access) {
            Ok(())
        } else {
            let verb = if access == Access::Read { "read" } else { "write" };
            Err(denied(self, "openclaw-config", &format!("{verb} {pointer}")))
        }
    }

    async fn config_document(&mut self) -> Result<Value, CapError> {
        Ok(self.in_host(|host, _| async move { host.config_get("").await }).await?.unwrap_or(Value::Null))
    }

    /// The `get` call: the JSON text at `pointer`, if any, secrets masked unless granted.
    pub async fn config_get(&mut self, pointer: String) -> Result<Option<String>, CapError> {
        self.check_pointer(&pointer, Access::Read)?;
        let doc = self.config_document().await?;
        Ok(masked_at(&doc, &pointer, &self.module.grants.secrets).map(|v| v.to_string()))
    }

    /// The `set` call.
    pub async fn config_set(&mut self, pointer: String, value_json: String) -> Result<(), CapError> {
        self.check_pointer(&pointer, Access::Write)?;
        if value_json.len() > MAX_VALUE_BYTES {
            return Err(CapError::Invalid(format!("value: larger than {MAX_VALUE_BYTES} bytes")));
        }
        let mut value: Value =
            serde_json::from_str(&value_json).map_err(|e| CapError::Invalid(format!("value: not JSON: {e}")))?;
        let doc = self.config_document().await?;
        keep_masked_secrets(&doc, &pointer, &mut value);
        tracing::info!(module = self.name(), %pointer, "module edits openclaw.json");
        self.in_host(|host, module| async move { host.config_set(&module, &pointer, Some(value)).await }).await
    }

    /// The `remove` call.
    pub async fn config_remove(&mut self, pointer: String) -> Result<(), CapError> {
        self.check_pointer(&pointer, Access::Write)?;
        tracing::info!(module = self.name(), %pointer, "module removes from openclaw.json");
        self.in_host(|host, module| async move { host.config_set(&module, &pointer, None).await }).await
    }

    /// The `state-dir` call (any config grant allows it).
    pub fn config_state_dir(&self) -> Result<String, CapError> {
        if self.module.grants.config.is_empty() {
            return Err(denied(self, "openclaw-config", "the state directory"));
        }
        Ok(self.services.state_dir().display().to_string())
    }
}

/// The value at `pointer` of `doc` masked as a whole, with the granted secrets in clear.
fn masked_at(doc: &Value, pointer: &str, secrets: &SecretGrant) -> Option<Value> {
    doc.pointer(pointer)?;
    let mut masked = mask_config(doc);
    for p in &secrets.pointers {
        if let (Some(clear), Some(slot)) = (doc.pointer(p), masked.pointer_mut(p)) {
            *slot = clear.clone();
        }
    }
    masked.pointer(pointer).cloned()
}

/// Replaces each `"***"` that `value` (to be written at `pointer`) holds at a secret path by
/// the value `doc` has there, so writing back a masked read loses nothing.
fn keep_masked_secrets(doc: &Value, pointer: &str, value: &mut Value) {
    let mut path = Vec::new();
    let mut here = Some(doc);
    for token in pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")) {
        // Array items add no key to a path under the redaction policy.
        if !matches!(here, Some(Value::Array(_))) {
            path.push(token.clone());
        }
        here = here.and_then(|h| match h {
            Value::Object(m) => m.get(&token),
            Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        });
    }
    restore(value, here, &mut path);
}

fn restore(value: &mut Value, current: Option<&Value>, path: &mut Vec<String>) {
    match value {
        Value::String(s) if s == MASK => {
            let keys: Vec<&str> = path.iter().map(String::as_str).collect();
            if let Some(current) = current.filter(|c| c.as_str() != Some(MASK))
                && is_secret_path(&keys)
            {
                *value = current.clone();
            }
        }
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                path.push(k.clone());
                restore(v, current.and_then(|c| c.get(k)), path);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                restore(v, current.and_then(|c| c.get(i)), path);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "gateway": {"auth": {"mode": "token", "token": "gw-secret-token"}},
            "models": {"providers": {"p": {"apiKey": "sk-live-123456", "baseUrl": "http://127.0.0.1:1/v1",
                                           "headers": {"X-Api": "hdr-secret-value"}}}},
            "channels": {"acme": {"botToken": "123:abc-secret", "enabled": true}}
        })
    }

    #[test]
    fn reads_are_masked_by_where_the_value_sits() {
        let none = SecretGrant::default();
        assert_eq!(masked_at(&doc(), "/gateway/auth/token", &none), Some(json!(MASK)));
        assert_eq!(masked_at(&doc(), "/models/providers/p/headers", &none), Some(json!({"X-Api": MASK})));
        let providers = masked_at(&doc(), "/models/providers", &none).expect("present").to_string();
        assert!(!providers.contains("sk-live") && providers.contains("127.0.0.1"), "{providers}");
        assert_eq!(masked_at(&doc(), "/channels/acme/enabled", &none), Some(json!(true)));
        assert_eq!(masked_at(&doc(), "/channels/nope", &none), None);
    }

    #[test]
    fn a_secrets_grant_reveals_exactly_its_pointer() {
        let grant = SecretGrant { pointers: vec!["/channels/acme/botToken".into()] };
        assert_eq!(
            masked_at(&doc(), "/channels/acme", &grant),
            Some(json!({"botToken": "123:abc-secret", "enabled": true}))
        );
        assert_eq!(masked_at(&doc(), "/gateway/auth/token", &grant), Some(json!(MASK)));
    }

    #[test]
    fn writing_back_a_masked_read_keeps_the_secrets() {
        let mut value = masked_at(&doc(), "/models/providers/p", &SecretGrant::default()).expect("present");
        value["baseUrl"] = json!("http://127.0.0.1:2/v1");
        keep_masked_secrets(&doc(), "/models/providers/p", &mut value);
        assert_eq!(value["apiKey"], "sk-live-123456");
        assert_eq!(value["headers"]["X-Api"], "hdr-secret-value");
        assert_eq!(value["baseUrl"], "http://127.0.0.1:2/v1");
        let mut plain = json!({"note": MASK});
        keep_masked_secrets(&doc(), "/channels/acme", &mut plain);
        assert_eq!(plain["note"], MASK, "only secret paths are restored");
    }
}
