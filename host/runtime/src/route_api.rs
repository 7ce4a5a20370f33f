//! `[api]` of a manifest: the request and reply shapes of a module's routes, as JSON Schema
//! (2020-12), so Buddy's OpenAPI document can describe a module's routes as precisely as its own.
//!
//! The shapes live in `module.toml` rather than in `describe()` so that modules built against
//! WIT 0.1.0 keep loading unchanged: the table is optional, and a module without it is served
//! exactly as before (its routes documented without schemas).
//!
//! Each key is `"<METHOD> <path>"`, the path below the prefix exactly as `describe()` lists it
//! (`"GET /"`, `"DELETE /:name"`); each value may give `query` (an object schema whose
//! properties are the query-string fields), `body` (the JSON request body) and `reply` (the
//! `data` of the success envelope), each a schema written as JSON text. A schema must be
//! self-contained: a `$ref` may only point inside the document (`#…`). Keys naming a route
//! `describe()` does not list are refused at load ([`unlisted`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Largest schema text, in bytes.
pub const MAX_SCHEMA_BYTES: usize = 64 * 1024;
/// Longest route path a key may name.
const MAX_PATH_LEN: usize = 256;
/// Methods a route may have (as `describe()` is checked at load).
const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
/// Keywords whose values are JSON data, not schemas: a `$ref` inside them is not a reference.
const DATA_KEYWORDS: [&str; 4] = ["const", "enum", "default", "examples"];

/// One entry as written in the manifest: schemas as JSON text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RouteApiSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
}

/// The parsed shapes of one route: JSON Schema documents (2020-12).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RouteApi {
    /// An object schema whose properties are the query-string fields.
    pub query: Option<Value>,
    /// The JSON request body.
    pub body: Option<Value>,
    /// The `data` field of the success envelope.
    pub reply: Option<Value>,
}

/// Every rule the manifest alone can check; all problems together.
pub fn problems(api: &BTreeMap<String, RouteApiSpec>, world: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !api.is_empty() && world != "domain" {
        out.push(format!("api: the {world} world serves no routes; remove [api]"));
    }
    let mut seen: Vec<(String, String)> = Vec::new();
    for (key, spec) in api {
        match parse_key(key) {
            Ok((method, path)) => {
                let normal = (method.to_owned(), normalize(path).to_owned());
                if seen.contains(&normal) {
                    out.push(format!("api.{key:?}: names the same route as another key"));
                } else {
                    seen.push(normal);
                }
            }
            Err(e) => out.push(e),
        }
        if let Err(more) = spec.parse(key) {
            out.extend(more);
        }
    }
    out
}

/// Keys of `api` that name none of `routes` (method and path below the prefix, as `describe()`
/// lists them); a key that is not `"METHOD /path"` is left to [`problems`].
pub fn unlisted<'a>(api: &'a BTreeMap<String, RouteApiSpec>, routes: &[(&str, &str)]) -> Vec<&'a str> {
    api.keys()
        .filter(|key| parse_key(key).is_ok_and(|(m, p)| !routes.iter().any(|(rm, rp)| same_route(m, p, rm, rp))))
        .map(String::as_str)
        .collect()
}

/// The shapes `api` gives route `method` `path` (below the prefix), if any.
pub fn find(api: &BTreeMap<String, RouteApiSpec>, method: &str, path: &str) -> Option<RouteApi> {
    api.iter()
        .find(|(key, _)| parse_key(key).is_ok_and(|(m, p)| same_route(m, p, method, path)))
        .and_then(|(key, spec)| spec.parse(key).ok())
}

impl RouteApiSpec {
    /// Parses and checks the three schemas; `key` names them in messages.
    pub fn parse(&self, key: &str) -> Result<RouteApi, Vec<String>> {
        let mut problems = Vec::new();
        let mut one = |field: &str, text: &Option<String>| {
            let text = text.as_deref()?;
            match parse_schema(text, field == "query") {
                Ok(v) => Some(v),
                Err(e) => {
                    problems.push(format!("api.{key:?}.{field}: {e}"));
                    None
                }
            }
        };
        let api = RouteApi {
            query: one("query", &self.query),
            body: one("body", &self.body),
            reply: one("reply", &self.reply),
        };
        if problems.is_empty() { Ok(api) } else { Err(problems) }
    }
}

/// Splits `"GET /path"` into method and path, or says what is wrong.
fn parse_key(key: &str) -> Result<(&str, &str), String> {
    let bad = || {
        format!(
            "api.{key:?}: a key must be \"<METHOD> <path>\" with METHOD one of {} and the route path as describe() lists it (\"GET /\", \"DELETE /:name\"; at most {MAX_PATH_LEN} characters)",
            METHODS.join(", ")
        )
    };
    let (method, path) = key.split_once(' ').ok_or_else(bad)?;
    let path_ok = path.starts_with('/')
        && path.len() <= MAX_PATH_LEN
        && !path.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#'));
    if METHODS.contains(&method) && path_ok { Ok((method, path)) } else { Err(bad()) }
}

fn normalize(path: &str) -> &str {
    path.trim_end_matches('/')
}

fn same_route(method: &str, path: &str, other_method: &str, other_path: &str) -> bool {
    method.eq_ignore_ascii_case(other_method) && normalize(path) == normalize(other_path)
}

/// Parses one schema's text and checks what a host can check without a schema validator.
fn parse_schema(text: &str, query: bool) -> Result<Value, String> {
    if text.len() > MAX_SCHEMA_BYTES {
        return Err(format!("{} bytes of schema, more than the {MAX_SCHEMA_BYTES} allowed", text.len()));
    }
    let schema: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    match &schema {
        Value::Object(map) => {
            if query && map.get("type") != Some(&Value::from("object")) {
                return Err("must be an object schema ({\"type\": \"object\", \"properties\": {...}})".into());
            }
        }
        Value::Bool(_) if !query => {}
        _ if query => return Err("must be an object schema ({\"type\": \"object\", \"properties\": {...}})".into()),
        _ => return Err("a schema must be a JSON object (or true/false)".into()),
    }
    if let Some(r) = external_ref(&schema) {
        return Err(format!("$ref {r:?} points outside the schema; only local references (\"#...\") are allowed"));
    }
    Ok(schema)
}

/// The first `$ref` or `$dynamicRef` that does not start with `#`, if any.
fn external_ref(schema: &Value) -> Option<&str> {
    match schema {
        Value::Object(map) => map.iter().find_map(|(k, v)| match (k.as_str(), v) {
            ("$ref" | "$dynamicRef", Value::String(r)) if !r.starts_with('#') => Some(r.as_str()),
            (k, _) if DATA_KEYWORDS.contains(&k) => None,
            _ => external_ref(v),
        }),
        Value::Array(items) => items.iter().find_map(external_ref),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(entries: &[(&str, RouteApiSpec)]) -> BTreeMap<String, RouteApiSpec> {
        entries.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }

    fn reply(text: &str) -> RouteApiSpec {
        RouteApiSpec { reply: Some(text.into()), ..Default::default() }
    }

    #[test]
    fn a_good_entry_parses_into_values() {
        let spec = RouteApiSpec {
            query: Some(r#"{"type": "object", "properties": {"agent": {"type": "string"}}}"#.into()),
            body: Some("true".into()),
            reply: Some(r##"{"$defs": {"n": {"type": "integer"}}, "$ref": "#/$defs/n"}"##.into()),
        };
        let api = spec.parse("GET /").expect("parse");
        assert_eq!(api.query.expect("query")["properties"]["agent"]["type"], "string");
        assert_eq!(api.body, Some(Value::Bool(true)));
        assert_eq!(api.reply.expect("reply")["$ref"], "#/$defs/n");
        assert!(problems(&table(&[("GET /", spec)]), "domain").is_empty());
    }

    #[test]
    fn text_that_is_not_json_is_named_by_its_key() {
        let problems = reply("{nope").parse("GET /").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("api.\"GET /\".reply: not JSON: "), "{problems:?}");
    }

    #[test]
    fn a_schema_must_be_an_object_or_a_boolean() {
        for text in ["[]", "\"string\"", "3", "null"] {
            let problems = reply(text).parse("GET /").unwrap_err();
            assert!(problems[0].contains("must be a JSON object"), "{text}: {problems:?}");
        }
        assert!(reply("false").parse("GET /").is_ok());
    }

    #[test]
    fn a_query_schema_must_be_an_object_schema() {
        for text in ["true", r#"{"type": "string"}"#, r#"{"properties": {}}"#] {
            let spec = RouteApiSpec { query: Some(text.into()), ..Default::default() };
            let problems = spec.parse("GET /").unwrap_err();
            assert!(problems[0].starts_with("api.\"GET /\".query: must be an object schema"), "{text}: {problems:?}");
        }
    }

    #[test]
    fn remote_references_are_refused() {
        for text in [
            r#"{"$ref": "https://example.com/s.json"}"#,
            r#"{"type": "array", "items": {"$ref": "other.json#/x"}}"#,
            r#"{"anyOf": [{"type": "null"}, {"$dynamicRef": "meta"}]}"#,
        ] {
            let problems = reply(text).parse("POST /x").unwrap_err();
            assert!(problems[0].contains("points outside the schema"), "{text}: {problems:?}");
        }
        // Data that happens to hold a "$ref" key is not a reference.
        assert!(reply(r#"{"const": {"$ref": "https://example.com"}}"#).parse("POST /x").is_ok());
    }

    #[test]
    fn a_schema_is_bounded_in_size() {
        let big = format!(r#"{{"description": "{}"}}"#, "x".repeat(MAX_SCHEMA_BYTES));
        let problems = reply(&big).parse("GET /big").unwrap_err();
        assert!(
            problems[0].starts_with("api.\"GET /big\".reply: ") && problems[0].contains("more than"),
            "{problems:?}"
        );
    }

    #[test]
    fn keys_must_name_a_method_and_a_path() {
        for key in ["/", "GET", "get /", "FETCH /x", "GET x", "GET  /x", "GET /x?y=1", "GET /a b"] {
            let problems = problems(&table(&[(key, RouteApiSpec::default())]), "domain");
            assert_eq!(problems.len(), 1, "{key}: {problems:?}");
            assert!(problems[0].contains("a key must be"), "{key}: {problems:?}");
        }
        let twice = problems(&table(&[("GET /x", reply("{}")), ("GET /x/", reply("{}"))]), "domain");
        assert_eq!(twice.len(), 1, "{twice:?}");
    }

    #[test]
    fn only_the_domain_world_has_routes_to_describe() {
        let problems = problems(&table(&[("GET /", reply("{}"))]), "analyzer-module");
        assert_eq!(problems, vec!["api: the analyzer-module world serves no routes; remove [api]".to_string()]);
        assert!(super::problems(&BTreeMap::new(), "channel-module").is_empty());
    }

    #[test]
    fn keys_are_matched_against_the_routes_describe_lists() {
        let api = table(&[("GET /", reply("{}")), ("DELETE /:name", reply("{}")), ("POST /nope", reply("{}"))]);
        let routes = [("GET", "/"), ("delete", "/:name"), ("POST", "/reload")];
        assert_eq!(unlisted(&api, &routes), vec!["POST /nope"]);
        assert!(find(&api, "DELETE", "/:name").is_some());
        assert!(find(&api, "GET", "").is_some(), "a trailing slash does not matter");
        assert!(find(&api, "POST", "/reload").is_none());
    }
}
