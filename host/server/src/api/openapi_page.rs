//! `/v1/docs`: the OpenAPI document rendered as one page on the server, so it needs no script
//! (Buddy's pages run none inline) and always shows the document the server generates: each
//! operation with its parameters, request body and reply schemas, then every named schema,
//! with `$ref`s as links.

use std::fmt::Write as _;

use serde_json::Value;

const STYLE: &str = "body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d2330}\
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}h3{font-size:1rem;margin:.2rem 0}\
section{border-top:1px solid #e3e6ee;padding:.6rem 0}code,pre{font:12.5px ui-monospace,monospace}\
pre{background:#f6f7f9;padding:.5rem;overflow:auto;max-height:24rem}table{border-collapse:collapse}\
td,th{border-bottom:1px solid #e3e6ee;padding:.2rem .5rem;text-align:left;vertical-align:top}\
.m{font-weight:600;text-transform:uppercase;display:inline-block;width:4.5rem}.get{color:#1a7f37}\
.post{color:#0a58ca}.delete{color:#b42318}.tag{color:#667085;font-size:12px}";

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A schema as indented JSON, each `"$ref": "#/components/schemas/X"` a link to X's section.
fn schema_html(schema: &Value) -> String {
    let pretty = serde_json::to_string_pretty(schema).unwrap_or_default();
    let mut out = String::new();
    for line in pretty.lines() {
        let escaped = escape(line);
        match line.trim().strip_prefix("\"$ref\": \"#/components/schemas/").and_then(|r| r.split('"').next()) {
            Some(name) => {
                let indent = &line[..line.len() - line.trim_start().len()];
                let _ = writeln!(out, "{indent}\"$ref\": <a href=\"#schema-{0}\">{0}</a>", escape(name));
            }
            None => {
                let _ = writeln!(out, "{escaped}");
            }
        }
    }
    format!("<pre>{out}</pre>")
}

fn operation_html(out: &mut String, method: &str, path: &str, op: &Value) {
    let summary = op["summary"].as_str().unwrap_or_default();
    let tags: Vec<&str> = op["tags"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let _ = write!(
        out,
        "<section><h3><span class=\"m {m}\">{m}</span> <code>{p}</code></h3><div>{s} <span class=\"tag\">{t}</span></div>",
        m = escape(method),
        p = escape(path),
        s = escape(summary),
        t = escape(&tags.join(", "))
    );
    if let Some(params) = op["parameters"].as_array() {
        out.push_str("<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>");
        for p in params {
            let _ = write!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                escape(p["name"].as_str().unwrap_or_default()),
                escape(p["in"].as_str().unwrap_or_default()),
                p["required"].as_bool().unwrap_or(false),
                escape(&p["schema"].to_string())
            );
        }
        out.push_str("</table>");
    }
    if let Some(body) = op.pointer("/requestBody/content/application~1json/schema") {
        let _ = write!(out, "<div>Request body</div>{}", schema_html(body));
    }
    for (status, response) in op["responses"].as_object().into_iter().flatten() {
        if status.ends_with("XX") {
            continue;
        }
        match response.pointer("/content/application~1json/schema/properties/data") {
            Some(data) => {
                let _ = write!(
                    out,
                    "<div>{} reply: the envelope's <code>data</code></div>{}",
                    escape(status),
                    schema_html(data)
                );
            }
            None => {
                let media: Vec<&String> =
                    response["content"].as_object().map(|c| c.keys().collect()).unwrap_or_default();
                let what = if media.is_empty() {
                    escape(response["description"].as_str().unwrap_or_default())
                } else {
                    media.iter().map(|m| escape(m)).collect::<Vec<_>>().join(", ")
                };
                let _ = write!(out, "<div>{} reply: {what}</div>", escape(status));
            }
        }
    }
    out.push_str("</section>");
}

/// The page of `doc`.
pub fn render(doc: &Value) -> String {
    let mut out = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>OpenClaw Buddy API</title>\
         <style>{STYLE}</style></head><body><h1>OpenClaw Buddy API {}</h1><p>{} The document itself: \
         <a href=\"/v1/openapi.json\">/v1/openapi.json</a> (OpenAPI {}). Errors are <a href=\"#schema-ErrorEnvelope\">ErrorEnvelope</a>.</p>",
        escape(doc["info"]["version"].as_str().unwrap_or_default()),
        escape(doc["info"]["description"].as_str().unwrap_or_default()),
        escape(doc["openapi"].as_str().unwrap_or_default())
    );
    out.push_str("<h2>Operations</h2>");
    for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in ops.as_object().into_iter().flatten() {
            operation_html(&mut out, method, path, op);
        }
    }
    out.push_str("<h2>Schemas</h2>");
    for (name, schema) in doc["components"]["schemas"].as_object().into_iter().flatten() {
        let _ = write!(out, "<section id=\"schema-{0}\"><h3>{0}</h3>{1}</section>", escape(name), schema_html(schema));
    }
    out.push_str("</body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations_and_schemas_are_rendered_escaped_with_links() {
        let doc = json!({
            "openapi": "3.1.0", "info": {"version": "1", "description": "<api>"},
            "paths": {"/v1/x": {"get": {"summary": "E99 <x>", "tags": ["api"],
                "parameters": [{"name": "limit", "in": "query", "required": false, "schema": {"type": "integer"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"properties": {"data": {"$ref": "#/components/schemas/X"}}}}}}}}}},
            "components": {"schemas": {"X": {"type": "object"}}}
        });
        let page = render(&doc);
        assert!(page.contains("E99 &lt;x&gt;") && page.contains("&lt;api&gt;"), "{page}");
        assert!(page.contains("<a href=\"#schema-X\">X</a>"), "{page}");
        assert!(page.contains("id=\"schema-X\"") && page.contains("<code>limit</code>"), "{page}");
        assert!(!page.contains("<script"), "the page runs no script");
    }
}
