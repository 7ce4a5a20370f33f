//! Checks a real reply against the OpenAPI document the same Buddy serves: the operation for
//! the method and path, the response for the status (exact, else `4XX`/`5XX`), and its JSON
//! Schema. Every test that talks to Buddy through [`crate::TestApp::send`] checks this way, so a
//! reply that drifts from the document fails the test that saw it, with the schema's complaint.

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

/// `Ok` when `body` is what the document says `method path` answers with `status`; routes the
/// document does not describe as JSON (pages, streams, undescribed module routes) pass.
pub fn check(doc: &Value, method: &str, path: &str, status: u16, body: &Value) -> Result<(), String> {
    let path = path.split('?').next().unwrap_or(path);
    let Some(tpl) = template(doc, path) else {
        // The router's own refusals (unknown route) are not operations.
        return if status >= 400 { Ok(()) } else { Err(format!("{method} {path}: not in the document")) };
    };
    let op = &doc["paths"][tpl][method.to_ascii_lowercase()];
    if op.is_null() {
        return if status >= 400 { Ok(()) } else { Err(format!("{method} {tpl}: not in the document")) };
    }
    let responses = &op["responses"];
    let class = format!("{}XX", status / 100);
    let Some(response) = [status.to_string(), class].iter().map(|k| &responses[k]).find(|r| r.is_object()) else {
        return Err(format!("{method} {tpl}: status {status} is not documented ({})", short(responses)));
    };
    let Some(schema) = response.pointer("/content/application~1json/schema") else {
        return Ok(());
    };
    let root = json!({ "components": doc["components"], "allOf": [schema] });
    let validator = jsonschema::draft202012::new(&root).map_err(|e| format!("{method} {tpl}: bad schema: {e}"))?;
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
}
