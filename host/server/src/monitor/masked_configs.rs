//! What an analyzer module is shown of two configs (a heal's broken and restored ones, a backup
//! and the current file): each masked by the one redaction policy (`buddy_rules::secrets`), so
//! no analyzer ever receives a secret, yet a secret that differs between the two still shows as
//! changed (`"***"` on one side, `"*** (changed)"` on the other): a diff can say a key was
//! rotated without saying to what. A config that is not JSON (a broken file) is masked as text:
//! every secret known from the other config, or from the current one, is replaced.

use buddy_rules::secrets::{MASK, mask_config, mask_text, secret_values};
use serde_json::Value;

/// What a secret that changed shows on the newer side.
pub const CHANGED: &str = "*** (changed)";

/// Masks two configs for an analyzer; `known` are secrets known besides theirs (the current
/// config's), for a side that is not JSON.
pub fn mask_pair(old: Option<&str>, new: Option<&str>, known: &[String]) -> (Option<String>, Option<String>) {
    let parse = |t: Option<&str>| t.and_then(|t| serde_json::from_str::<Value>(t).ok());
    let (old_value, new_value) = (parse(old), parse(new));
    let mut secrets = known.to_vec();
    for v in [&old_value, &new_value].into_iter().flatten() {
        secrets.extend(secret_values(v));
    }
    secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    secrets.dedup();
    let masked_old = old_value.as_ref().map(mask_config);
    let mut masked_new = new_value.as_ref().map(mask_config);
    if let (Some(o), Some(n), Some(mo), Some(mn)) = (&old_value, &new_value, &masked_old, masked_new.as_mut()) {
        mark_changed(o, n, mo, mn);
    }
    let text = |raw: Option<&str>, masked: Option<Value>| match masked {
        Some(v) => Some(v.to_string()),
        None => raw.map(|t| mask_text(t, &secrets)),
    };
    (text(old, masked_old), text(new, masked_new))
}

/// Where the originals differ but their masks are equal, the newer mask says it changed.
fn mark_changed(old: &Value, new: &Value, masked_old: &Value, masked_new: &mut Value) {
    if let (Value::Object(o), Value::Object(n), Value::Object(mo)) = (old, new, masked_old)
        && let Value::Object(mn) = masked_new
    {
        for (k, nv) in n {
            if let (Some(ov), Some(mov), Some(mnv)) = (o.get(k), mo.get(k), mn.get_mut(k)) {
                mark_changed(ov, nv, mov, mnv);
            }
        }
        return;
    }
    if let (Value::Array(o), Value::Array(n), Value::Array(mo)) = (old, new, masked_old)
        && let Value::Array(mn) = masked_new
    {
        for (((ov, nv), mov), mnv) in o.iter().zip(n).zip(mo).zip(mn.iter_mut()) {
            mark_changed(ov, nv, mov, mnv);
        }
        return;
    }
    if old != new && *masked_old == *masked_new && masked_new.as_str() == Some(MASK) {
        *masked_new = Value::String(CHANGED.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_masked_and_a_rotated_one_still_shows_as_changed() {
        let old = json!({"models": {"providers": {"p": {"apiKey": "sk-old-secret", "baseUrl": "http://h/v1"}}},
                         "gateway": {"auth": {"token": "gw-same-token"}}});
        let mut new = old.clone();
        new["models"]["providers"]["p"]["apiKey"] = json!("sk-new-secret");
        let (o, n) = mask_pair(Some(&old.to_string()), Some(&new.to_string()), &[]);
        let (o, n) = (o.expect("old"), n.expect("new"));
        assert!(!o.contains("sk-old") && !n.contains("sk-new") && !n.contains("gw-same"), "{o} {n}");
        let n: Value = serde_json::from_str(&n).expect("json");
        assert_eq!(n["models"]["providers"]["p"]["apiKey"], CHANGED);
        assert_eq!(n["gateway"]["auth"]["token"], MASK, "an unchanged secret is just masked");
    }

    #[test]
    fn a_broken_config_is_masked_as_text_with_every_known_secret() {
        let good = json!({"channels": {"x": {"botToken": "123:abc-secret"}}}).to_string();
        let broken = r#"{ "channels": { "x": { "botToken": "123:abc-secret", } "#;
        let (o, n) = mask_pair(Some(broken), Some(&good), &["gw-current-token".into()]);
        assert!(!o.expect("old").contains("abc-secret"));
        assert!(!n.expect("new").contains("abc-secret"));
        let (alone, none) = mask_pair(Some("token gw-current-token here"), None, &["gw-current-token".into()]);
        assert_eq!((alone.as_deref(), none), (Some("token *** here"), None));
    }
}
