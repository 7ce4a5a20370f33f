//! Checks a real reply against the OpenAPI document the same Buddy serves: the operation for
//! the method and path, the response for the status (exact, else `4XX`/`5XX`), and its JSON
//! Schema. Every test that talks to Buddy through [`crate::TestApp::send`] checks this way, so a
//! reply that drifts from the document fails the test that saw it, with the schema's complaint.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Value, json};

/// The document's path template that `path` (no query) falls under: literal segments equal,
/// `{name}` any one segment. Literal templates win over templated ones. A template ending in a
/// parameter also covers deeper paths (the Control UI passthrough's `{path}`), when nothing
/// else fits.
fn template<'a>(doc: &'a Value, path: &str) -> Option<&'a str> {
    let wanted: Vec<&str> = path.split('/').collect();
    let paths = doc["paths"].as_object()?;
    let mut best: Option<(&str, usize)> = None;
    for tpl in paths.keys() {
        let segments: Vec<&str> = tpl.split('/').collect();
        if segments.len() != wanted.len() {
            continue;
        }
        let mut literal = 0;
        let fits = segments.iter().zip(&wanted).all(|(s, w)| {
            if s.starts_with('{') && s.ends_with('}') {
                !w.is_empty()
            } else {
                literal += 1;
                s == w
            }
        });
        if fits && best.is_none_or(|(_, l)| literal > l) {
            best = Some((tpl, literal));
        }
    }
    best.map(|(t, _)| t).or_else(|| {
        paths.keys().map(String::as_str).find(|tpl| {
            let segments: Vec<&str> = tpl.split('/').collect();
            let (last, head) = segments.split_last().expect("split yields one segment at least");
            last.starts_with('{')
                && wanted.len() > segments.len()
                && head.iter().zip(&wanted).all(|(s, w)| s == w || (s.starts_with('{') && !w.is_empty()))
        })
    })
}

/// Where `method path` answering `status` is described: a key naming the operation and the
/// response, and the JSON schema of its body (`None` when the document describes no JSON body:
/// pages, streams, undescribed module routes, the router's own refusals).
fn locate<'a>(doc: &'a Value, method: &str, path: &str, status: u16) -> Result<Option<(String, &'a Value)>, String> {
    let path = path.split('?').next().unwrap_or(path);
    let Some(tpl) = template(doc, path) else {
        // The router's own refusals (unknown route) are not operations.
        return if status >= 400 { Ok(None) } else { Err(format!("{method} {path}: not in the document")) };
    };
    let op = &doc["paths"][tpl][method.to_ascii_lowercase()];
    if op.is_null() {
        return if status >= 400 { Ok(None) } else { Err(format!("{method} {tpl}: not in the document")) };
    }
    let responses = &op["responses"];
    let class = format!("{}XX", status / 100);
    let Some((key, response)) =
        [status.to_string(), class].into_iter().map(|k| (k.clone(), &responses[k])).find(|(_, r)| r.is_object())
    else {
        return Err(format!("{method} {tpl}: status {status} is not documented ({})", short(responses)));
    };
    Ok(response.pointer("/content/application~1json/schema").map(|schema| (format!("{method} {tpl} {key}"), schema)))
}

fn validator(doc: &Value, schema: &Value) -> Result<jsonschema::Validator, String> {
    let root = json!({ "components": doc["components"], "allOf": [schema] });
    jsonschema::draft202012::new(&root).map_err(|e| format!("bad schema: {e}"))
}

fn verdict(
    validator: &jsonschema::Validator,
    method: &str,
    path: &str,
    status: u16,
    body: &Value,
) -> Result<(), String> {
    let errors: Vec<String> =
        validator.iter_errors(body).take(5).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{method} {path} answered {status} not as documented: {}\nreply: {}",
            errors.join("; "),
            short(body)
        ))
    }
}

/// `Ok` when `body` is what the document says `method path` answers with `status`; routes the
/// document does not describe as JSON (pages, streams, undescribed module routes) pass.
pub fn check(doc: &Value, method: &str, path: &str, status: u16, body: &Value) -> Result<(), String> {
    match locate(doc, method, path, status)? {
        None => Ok(()),
        Some((_, schema)) => verdict(&validator(doc, schema)?, method, path, status, body),
    }
}

/// A served document and the validators compiled from it, kept between the checks of one
/// Buddy (tests poll: compiling a schema per reply would cost more than the request).
#[derive(Default)]
pub struct Checker {
    doc: Option<Arc<Value>>,
    validators: HashMap<String, Arc<jsonschema::Validator>>,
}

impl Checker {
    /// The document this checker holds, if any.
    pub fn document(&self) -> Option<Arc<Value>> {
        self.doc.clone()
    }

    /// Holds `doc` from now on (after the served document may have changed: modules come and
    /// go with their routes), forgetting the validators of the former one.
    pub fn replace(&mut self, doc: Value) -> Arc<Value> {
        self.validators.clear();
        let doc = Arc::new(doc);
        self.doc = Some(doc.clone());
        doc
    }

    /// [`check`] with the held document, compiling each response's validator once.
    pub fn check(&mut self, method: &str, path: &str, status: u16, body: &Value) -> Result<(), String> {
        let Some(doc) = self.doc.clone() else { return Err("no document held".into()) };
        let Some((key, schema)) = locate(&doc, method, path, status)? else { return Ok(()) };
        let validator = match self.validators.get(&key) {
            Some(v) => v.clone(),
            None => {
                let v = Arc::new(validator(&doc, schema)?);
                self.validators.insert(key, v.clone());
                v
            }
        };
        verdict(&validator, method, path, status, body)
    }
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 600 { format!("{}…", text.chars().take(600).collect::<String>()) } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({
            "paths": {
                "/v1/x/{id}": { "get": { "responses": {
                    "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/X" } } } },
                    "4XX": { "content": { "application/json": { "schema": { "type": "object", "required": ["code"] } } } }
                } } },
                "/v1/x/all": { "get": { "responses": { "200": { "description": "page" } } } }
            },
            "components": { "schemas": { "X": { "type": "object", "required": ["data"], "properties": { "data": { "type": "integer" } } } } }
        })
    }

    #[test]
    fn replies_are_checked_against_the_operation_and_status() {
        let d = doc();
        assert!(check(&d, "GET", "/v1/x/7", 200, &json!({"data": 1})).is_ok());
        assert!(check(&d, "GET", "/v1/x/7?q=1", 200, &json!({"data": "one"})).is_err(), "wrong type");
        assert!(check(&d, "GET", "/v1/x/7", 404, &json!({"code": 404})).is_ok());
        assert!(check(&d, "GET", "/v1/x/7", 404, &json!({})).is_err(), "4XX schema applies");
        assert!(check(&d, "GET", "/v1/x/7", 201, &json!({})).is_err(), "undocumented status");
        assert!(check(&d, "GET", "/v1/x/all", 200, &json!("anything")).is_ok(), "literal path wins; no schema");
        assert!(check(&d, "GET", "/v1/y", 200, &json!({})).is_err(), "unknown path");
        assert!(
            check(&d, "GET", "/v1/x/7/8", 200, &json!({"data": 1})).is_ok(),
            "a trailing parameter covers deeper paths"
        );
    }

    #[test]
    fn a_checker_compiles_once_and_a_new_document_replaces_the_old() {
        let mut checker = Checker::default();
        assert!(checker.check("GET", "/v1/x/7", 200, &json!({"data": 1})).is_err(), "no document yet");
        checker.replace(doc());
        assert!(checker.check("GET", "/v1/x/7", 200, &json!({"data": 1})).is_ok());
        assert!(
            checker.check("GET", "/v1/x/8", 200, &json!({"data": "x"})).is_err(),
            "the cached validator still checks"
        );
        assert_eq!(checker.validators.len(), 1, "one validator per operation and response");
        let mut other = doc();
        other["components"]["schemas"]["X"]["properties"]["data"] = json!({"type": "string"});
        checker.replace(other);
        assert!(checker.validators.is_empty());
        assert!(
            checker.check("GET", "/v1/x/8", 200, &json!({"data": "x"})).is_ok(),
            "the new document's schema applies"
        );
    }
}
