//! Which values of OpenClaw's config are secrets, and how they are hidden: one policy for every
//! place a config or a message leaves Buddy (API replies, diffs, heal evidence, analyzer input,
//! audit details, module reads) and for modules that show configs themselves.
//!
//! OpenClaw itself decides by the config path's words (`…token`, `password`, `secret`,
//! `apiKey`, `privateKey`, `serviceAccount`) and keeps a registry of secret targets that adds
//! whole maps whose words say nothing: provider `headers.*`, `request.auth.value`, TLS keys and
//! passphrases, environment blocks. This policy covers both, conservatively:
//!
//! - a **secret key** ([`is_secret_key`]) hides its whole value, whatever its type;
//! - under a **secret map** (`headers`, `env`, `envVars`, `environment`, `secrets`) every string
//!   is hidden (numbers and booleans are settings, not credentials);
//! - an `auth` object's `value` is hidden;
//! - URLs keep their host but lose credentials: user info and token-like query parameters
//!   ([`mask_url`]).

use serde_json::{Map, Value};

/// What a hidden value is replaced with.
pub const MASK: &str = "***";

/// Words that make a key secret wherever they appear in it (`botToken`, `appSecret`,
/// `GITHUB_TOKEN`, `sessionCookie`). Plurals of `token` are left out on purpose: `maxTokens` is
/// a number, not a credential.
const SECRET_WORDS: &[&str] = &[
    "token",
    "secret",
    "password",
    "passwd",
    "apikey",
    "passphrase",
    "cookie",
    "cookies",
    "credential",
    "credentials",
    "serviceaccount",
];

/// Keys whose every string value is a secret, whatever the inner keys are called.
const SECRET_MAPS: &[&str] = &["headers", "env", "envvars", "environment", "secrets"];

/// Query parameters of a URL that carry credentials.
const SECRET_QUERY_WORDS: &[&str] = &["key", "token", "secret", "password", "sig", "signature", "auth", "code"];

/// Whether a key looks like it holds a secret.
///
/// The key is split into words at `_`, `-`, `.`, spaces and camelCase humps, and compared
/// case-insensitively. It is secret when one word is a secret word (`token`, `secret`,
/// `password`, `passwd`, `apikey`, `passphrase`, `cookie(s)`, `credential(s)`), when its last
/// word is `key` (`apiKey`, `api_key`, `privateKey`, `OPENAI_API_KEY`), or when it names a
/// service account (`serviceAccount`, `serviceAccountRef`). Words are compared whole, so
/// `keyboard`, `monkey`, `maxTokens` and `tokenizer` are not secret.
///
/// ```
/// use buddy_rules::secrets::is_secret_key;
/// assert!(is_secret_key("botToken") && is_secret_key("OPENAI_API_KEY") && is_secret_key("sessionCookie"));
/// assert!(!is_secret_key("maxTokens") && !is_secret_key("keyboard") && !is_secret_key("baseUrl"));
/// ```
pub fn is_secret_key(key: &str) -> bool {
    let words = words(key);
    let joined: String = words.concat();
    words.iter().any(|w| SECRET_WORDS.contains(&w.as_str()))
        || words.last().is_some_and(|w| w == "key")
        || joined.ends_with("serviceaccount")
        || joined.ends_with("serviceaccountref")
}

/// Whether a key names a map whose string values are all secrets (`headers`, `env`…).
pub fn is_secret_map(key: &str) -> bool {
    SECRET_MAPS.contains(&words(key).concat().as_str())
}

/// Whether the value at `path` (keys from the config's root; array items add no key) is a
/// secret under this policy.
///
/// ```
/// use buddy_rules::secrets::is_secret_path;
/// assert!(is_secret_path(&["models", "providers", "p", "apiKey"]));
/// assert!(is_secret_path(&["models", "providers", "p", "headers", "Authorization"]));
/// assert!(is_secret_path(&["models", "providers", "p", "request", "auth", "value"]));
/// assert!(!is_secret_path(&["models", "providers", "p", "baseUrl"]));
/// ```
pub fn is_secret_path(path: &[&str]) -> bool {
    path.iter().any(|k| is_secret_key(k))
        || path.iter().rev().skip(1).any(|k| is_secret_map(k))
        || matches!(path, [.., auth, "value"] if auth.eq_ignore_ascii_case("auth"))
}

/// A copy of `value` with every secret hidden (`null` stays `null`) and every URL string
/// stripped of its credentials.
///
/// ```
/// use buddy_rules::secrets::mask_config;
/// use serde_json::json;
/// let masked = mask_config(&json!({
///     "channels": {"telegram": {"botToken": "123:abc", "enabled": true}},
///     "models": {"providers": {"p": {"headers": {"Authorization": "Bearer x"}, "maxTokens": 8}}}
/// }));
/// assert_eq!(masked["channels"]["telegram"], json!({"botToken": "***", "enabled": true}));
/// assert_eq!(masked["models"]["providers"]["p"], json!({"headers": {"Authorization": "***"}, "maxTokens": 8}));
/// ```
pub fn mask_config(value: &Value) -> Value {
    mask(value, Context::Plain)
}

#[derive(Clone, Copy, PartialEq)]
enum Context {
    Plain,
    /// Inside a secret map: strings are hidden.
    SecretMap,
    /// Directly inside an `auth` object: its `value` is hidden.
    Auth,
}

fn mask(value: &Value, context: Context) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let hidden = !v.is_null()
                        && (is_secret_key(k) || (context == Context::Auth && k.eq_ignore_ascii_case("value")));
                    let v = if hidden {
                        Value::String(MASK.to_owned())
                    } else if is_secret_map(k) || context == Context::SecretMap {
                        mask(v, Context::SecretMap)
                    } else if k.eq_ignore_ascii_case("auth") {
                        mask(v, Context::Auth)
                    } else {
                        mask(v, Context::Plain)
                    };
                    (k.clone(), v)
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| mask(v, context)).collect()),
        Value::String(_) if context == Context::SecretMap => Value::String(MASK.to_owned()),
        Value::String(s) if looks_like_url(s) => Value::String(mask_url(s)),
        other => other.clone(),
    }
}

/// Every secret string of `value` (what [`mask_config`] hides), longest first, so text that
/// quotes one (a CLI error, a log line) can be cleaned with [`mask_text`].
pub fn secret_values(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect(value, Context::Plain, false, &mut out);
    out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    out.dedup();
    out
}

fn collect(value: &Value, context: Context, hidden: bool, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let hide = hidden || is_secret_key(k) || (context == Context::Auth && k.eq_ignore_ascii_case("value"));
                let next = if is_secret_map(k) || context == Context::SecretMap {
                    Context::SecretMap
                } else if k.eq_ignore_ascii_case("auth") {
                    Context::Auth
                } else {
                    Context::Plain
                };
                collect(v, next, hide, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, context, hidden, out)),
        Value::String(s) if hidden || context == Context::SecretMap => out.push(s.clone()),
        Value::String(s) if looks_like_url(s) => out.extend(url_secrets(s)),
        _ => {}
    }
}

/// Shortest secret [`mask_text`] replaces: shorter values (`"1"`, `"on"`) would mangle text.
pub const MIN_TEXT_SECRET: usize = 6;

/// `text` with every known secret (of at least [`MIN_TEXT_SECRET`] characters) and anything
/// shaped like a bearer token or an `sk-` key replaced by [`MASK`].
///
/// ```
/// use buddy_rules::secrets::mask_text;
/// let out = mask_text("auth gw-token-123 failed; Authorization: Bearer abc.def-123", &["gw-token-123".into()]);
/// assert_eq!(out, "auth *** failed; Authorization: Bearer ***");
/// ```
pub fn mask_text(text: &str, known: &[String]) -> String {
    let mut out = text.to_string();
    for secret in known.iter().filter(|s| s.chars().count() >= MIN_TEXT_SECRET) {
        out = out.replace(secret.as_str(), MASK);
    }
    mask_after(&mask_after(&out, "Bearer "), "sk-")
}

/// Masks the token-like run of characters following each `marker`.
fn mask_after(text: &str, marker: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(marker) {
        let (head, tail) = rest.split_at(pos + marker.len());
        out.push_str(head);
        let len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '+' | '/')))
            .unwrap_or(tail.len());
        if len >= 4 {
            out.push_str(MASK);
        } else {
            out.push_str(&tail[..len]);
        }
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

fn looks_like_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    ["http://", "https://", "ws://", "wss://"].iter().any(|p| lower.starts_with(p))
}

/// A URL with its user info and its credential-bearing query parameters (`key`, `token`,
/// `api_key`, `sig`, `code`…) replaced by [`MASK`]; host, port and path stay readable.
///
/// ```
/// use buddy_rules::secrets::mask_url;
/// assert_eq!(mask_url("https://u:p@api.example.com/v1?key=abc&model=x"), "https://***@api.example.com/v1?key=***&model=x");
/// assert_eq!(mask_url("http://127.0.0.1:8080/v1"), "http://127.0.0.1:8080/v1");
/// ```
pub fn mask_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (authority, tail) = match rest.find(['/', '?', '#']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((_, host)) => format!("{MASK}@{host}"),
        None => authority.to_string(),
    };
    let (path, query_and_fragment) = match tail.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (tail, None),
    };
    let mut out = format!("{scheme}://{authority}{path}");
    if let Some(qf) = query_and_fragment {
        let (query, fragment) = match qf.split_once('#') {
            Some((q, f)) => (q, Some(f)),
            None => (qf, None),
        };
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, v)) if is_secret_query(k) && !v.is_empty() => format!("{k}={MASK}"),
                _ => pair.to_string(),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
        if let Some(f) = fragment {
            out.push('#');
            out.push_str(f);
        }
    }
    out
}

fn is_secret_query(name: &str) -> bool {
    is_secret_key(name) || words(name).iter().any(|w| SECRET_QUERY_WORDS.contains(&w.as_str()))
}

/// The credential parts of a URL: its user info and secret query values.
fn url_secrets(url: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some((_, rest)) = url.split_once("://") else { return out };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if let Some((userinfo, _)) = authority.rsplit_once('@') {
        out.push(userinfo.to_string());
        if let Some((_, password)) = userinfo.split_once(':') {
            out.push(password.to_string());
        }
    }
    if let Some((_, query)) = rest.split_once('?') {
        let query = query.split('#').next().unwrap_or_default();
        for pair in query.split('&') {
            if let Some((k, v)) = pair.split_once('=')
                && is_secret_query(k)
                && !v.is_empty()
            {
                out.push(v.to_string());
            }
        }
    }
    out
}

/// The lower-cased words of a key: split at non-alphanumerics and at camelCase boundaries
/// (`botToken` → bot, token; `APIKey` → api, key; `OPENAI_API_KEY` → openai, api, key).
pub fn words(key: &str) -> Vec<String> {
    let chars: Vec<char> = key.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            flush(&mut words, &mut word);
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        // A hump starts a word: `tT` in botToken, or the last capital of a run followed by a
        // lower-case letter (`IK` in APIKey starts `Key`).
        let hump = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase() || p.is_numeric() || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if hump {
            flush(&mut words, &mut word);
        }
        word.extend(c.to_lowercase());
    }
    flush(&mut words, &mut word);
    words
}

fn flush(words: &mut Vec<String>, word: &mut String) {
    if !word.is_empty() {
        words.push(std::mem::take(word));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn secret_keys_are_recognised() {
        for key in [
            "token",
            "Token",
            "botToken",
            "appToken",
            "GITHUB_TOKEN",
            "access-token",
            "appSecret",
            "client_secret",
            "password",
            "dbPassword",
            "apikey",
            "APIKEY",
            "apiKey",
            "api_key",
            "API_KEY",
            "OPENAI_API_KEY",
            "APIKey",
            "privateKey",
            "encryptKey",
            "key",
            "Key",
            "tokenFile",
            "sessionCookie",
            "credentials",
            "passphrase",
            "serviceAccount",
            "serviceAccountRef",
        ] {
            assert!(is_secret_key(key), "{key} should be secret");
        }
    }

    #[test]
    fn ordinary_keys_are_left_alone() {
        for key in [
            "keyboard",
            "monkey",
            "keys",
            "keyId2",
            "maxTokens",
            "contextTokens",
            "tokenizer",
            "secrets",
            "enabled",
            "port",
            "",
            "passthrough",
            "apiKeyring",
            "baseUrl",
            "account",
        ] {
            assert!(!is_secret_key(key), "{key} should not be secret");
        }
    }

    #[test]
    fn words_split_at_humps_and_separators() {
        assert_eq!(words("botToken"), ["bot", "token"]);
        assert_eq!(words("APIKey"), ["api", "key"]);
        assert_eq!(words("OPENAI_API_KEY"), ["openai", "api", "key"]);
        assert_eq!(words("x2Key"), ["x2", "key"]);
        assert_eq!(words("a.b-c d"), ["a", "b", "c", "d"]);
    }

    /// A config with a secret in every place OpenClaw keeps one.
    fn config_full_of_secrets() -> Value {
        json!({
            "gateway": {"auth": {"mode": "token", "token": "gw-token-1", "password": "gw-pass-1"},
                        "remote": {"token": "remote-token-1"}, "port": 18789},
            "models": {"providers": {"p": {
                "baseUrl": "https://user:url-pass-1@api.example.com/v1?api_key=url-key-1&model=m",
                "apiKey": "sk-provider-key-1",
                "headers": {"Authorization": "Bearer header-token-1", "X-Tenant": "tenant-secret-1"},
                "request": {"auth": {"mode": "header", "value": "auth-value-1"},
                            "tls": {"key": "tls-key-1", "passphrase": "tls-pass-1"}},
                "models": [{"id": "m", "maxTokens": 4096}]
            }}},
            "channels": {"telegram": {"botToken": "123:bot-token-1", "enabled": true,
                                      "accounts": {"work": {"botToken": "456:bot-token-2"}}},
                         "weixin": {"sessionCookie": "cookie-1"}},
            "hooks": {"token": "hook-token-1", "mappings": [{"secret": "hook-secret-1"}]},
            "env": {"vars": {"OPENAI_API_KEY": "env-key-1", "PLAIN": "env-plain-1"}, "shellEnv": {"enabled": true}},
            "mcp": {"servers": {"s": {"env": {"GITHUB": "mcp-env-1"}, "url": "https://mcp.example.com/?token=mcp-url-1"}}},
            "tts": {"providers": {"e": {"apiKey": "tts-key-1"}}},
            "plugins": {"entries": {"x": {"config": {"serviceAccount": {"email": "a@b", "private": "sa-1"}}}}},
            "agents": {"defaults": {"maxTokens": 8192, "workspace": "/w"}}
        })
    }

    const PLANTED: &[&str] = &[
        "gw-token-1",
        "gw-pass-1",
        "remote-token-1",
        "url-pass-1",
        "url-key-1",
        "sk-provider-key-1",
        "header-token-1",
        "tenant-secret-1",
        "auth-value-1",
        "tls-key-1",
        "tls-pass-1",
        "bot-token-1",
        "bot-token-2",
        "cookie-1",
        "hook-token-1",
        "hook-secret-1",
        "env-key-1",
        "env-plain-1",
        "mcp-env-1",
        "mcp-url-1",
        "tts-key-1",
        "sa-1",
    ];

    #[test]
    fn every_planted_secret_is_masked_and_settings_stay() {
        let masked = mask_config(&config_full_of_secrets()).to_string();
        for secret in PLANTED {
            assert!(!masked.contains(secret), "{secret} leaked: {masked}");
        }
        let masked = mask_config(&config_full_of_secrets());
        assert_eq!(masked["gateway"]["auth"]["mode"], "token");
        assert_eq!(masked["gateway"]["port"], 18789);
        assert_eq!(masked["env"]["shellEnv"]["enabled"], true);
        assert_eq!(masked["agents"]["defaults"]["maxTokens"], 8192);
        assert_eq!(masked["models"]["providers"]["p"]["baseUrl"], "https://***@api.example.com/v1?api_key=***&model=m");
        assert_eq!(masked["models"]["providers"]["p"]["models"][0]["id"], "m");
    }

    #[test]
    fn secret_values_find_what_mask_config_hides() {
        let values = secret_values(&config_full_of_secrets());
        for secret in PLANTED {
            assert!(values.iter().any(|v| v.contains(secret)), "{secret} not collected: {values:?}");
        }
        let text = format!("failed with {} and {}", "sk-provider-key-1", "123:bot-token-1");
        assert_eq!(mask_text(&text, &values), "failed with *** and ***");
    }

    #[test]
    fn paths_follow_the_same_rules() {
        assert!(is_secret_path(&["gateway", "auth", "token"]));
        assert!(is_secret_path(&["env", "vars", "PLAIN"]));
        assert!(is_secret_path(&["channels", "weixin", "sessionCookie"]));
        assert!(!is_secret_path(&["gateway", "auth", "mode"]));
        assert!(!is_secret_path(&["env"]), "the map itself is not a secret, its values are");
        assert!(!is_secret_path(&["agents", "defaults", "maxTokens"]));
    }

    #[test]
    fn scalars_and_documents_without_secrets_are_unchanged() {
        assert_eq!(mask_config(&json!("token")), json!("token"));
        let doc = json!({"a": [1, {"b": null}], "c": "d", "botToken": null});
        assert_eq!(mask_config(&doc), doc);
    }
}
