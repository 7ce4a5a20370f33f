//! The OpenAPI 3.1 document of the whole API, generated from the route table and from the routes
//! every loaded module declares, so it cannot drift from what is served. `/v1/docs` renders it.

use axum::extract::State;
use axum::http::Method;
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::app_state::AppState;
use crate::route_spec::Access;

fn envelope() -> Value {
    json!({ "$ref": "#/components/schemas/Envelope" })
}

/// `{name}` and `{*name}` segments (and modules' `:name`) as OpenAPI path parameters.
fn normalize(path: &str) -> (String, Vec<String>) {
    let mut names = Vec::new();
    let segments: Vec<String> = path
        .split('/')
        .map(|s| {
            let name = s
                .strip_prefix(':')
                .or_else(|| s.strip_prefix("{*").and_then(|r| r.strip_suffix('}')))
                .or_else(|| s.strip_prefix('{').and_then(|r| r.strip_suffix('}')));
            match name {
                Some(n) => {
                    names.push(n.to_string());
                    format!("{{{n}}}")
                }
                None => s.to_string(),
            }
        })
        .collect();
    (segments.join("/"), names)
}

fn operation(method: &Method, summary: &str, params: &[String], access: Access, tag: &str) -> Value {
    let mut op = Map::new();
    op.insert("summary".into(), json!(summary));
    op.insert("tags".into(), json!([tag]));
    let parameters: Vec<Value> = params
        .iter()
        .map(|p| json!({ "name": p, "in": "path", "required": true, "schema": { "type": "string", "maxLength": 256 } }))
        .collect();
    if !parameters.is_empty() {
        op.insert("parameters".into(), json!(parameters));
    }
    if matches!(*method, Method::POST | Method::PUT | Method::PATCH) {
        op.insert(
            "requestBody".into(),
            json!({ "required": false, "content": { "application/json": { "schema": { "type": "object" } } } }),
        );
    }
    let success = match *method {
        Method::POST if summary.contains("(a task)") => "202",
        _ => "200",
    };
    op.insert(
        "responses".into(),
        json!({
            success: { "description": "success", "content": { "application/json": { "schema": envelope() } } },
            "4XX": { "description": "bad input, missing auth, unknown resource", "content": { "application/json": { "schema": envelope() } } },
            "5XX": { "description": "OpenClaw or a module failed", "content": { "application/json": { "schema": envelope() } } },
        }),
    );
    if access == Access::Public {
        op.insert("security".into(), json!([]));
    }
    Value::Object(op)
}

/// The document.
pub async fn document(app: &AppState) -> Value {
    let mut paths: Map<String, Value> = Map::new();
    let mut add = |method: &Method, path: &str, summary: &str, access: Access, tag: &str| {
        let (path, params) = normalize(path);
        let entry = paths.entry(path).or_insert_with(|| json!({}));
        entry[method.as_str().to_ascii_lowercase()] = operation(method, summary, &params, access, tag);
    };
    for r in &app.routes {
        let tag = r.summary.split_whitespace().next().filter(|w| w.starts_with('E')).map(|_| "api").unwrap_or("buddy");
        add(&r.method, r.path, r.summary, r.access, tag);
    }
    for m in app.modules.reports().await {
        for r in &m.routes {
            if let Ok(method) = Method::from_bytes(r.method.as_bytes()) {
                add(&method, &r.path, &r.summary, Access::Token, &format!("module:{}", m.name));
            }
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "OpenClaw Buddy",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "REST API of OpenClaw Buddy. Every reply is the envelope {code, message, data}; streaming passthroughs (chat, the Control UI proxy, WebSockets, SSE) are the exceptions."
        },
        "servers": [{ "url": "/" }],
        "security": [{ "bearer": [] }, { "cookie": [] }],
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer" },
                "cookie": { "type": "apiKey", "in": "cookie", "name": "guardian_token", "description": "a login session's id, set by POST /login" }
            },
            "schemas": {
                "Envelope": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": { "type": "integer", "description": "equals the HTTP status" },
                        "message": { "type": "string" },
                        "data": {}
                    }
                }
            }
        },
        "paths": paths,
    })
}

/// `GET /v1/openapi.json`.
pub async fn get_openapi(State(app): State<AppState>) -> Response {
    axum::Json(document(&app).await).into_response()
}

/// `GET /v1/docs`: a self-contained page listing the operations of the document.
pub async fn get_docs() -> Html<&'static str> {
    Html(DOCS_PAGE)
}

const DOCS_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OpenClaw Buddy API</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1000px;padding:0 1rem;color:#1d2330}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e6ee;padding:.35rem .5rem;text-align:left;vertical-align:top}
code{font:13px ui-monospace,monospace}.m{font-weight:600;text-transform:uppercase;width:5rem}.get{color:#1a7f37}.post{color:#0a58ca}.delete{color:#b42318}.put,.patch{color:#9a6700}
.tag{color:#667085;font-size:12px}</style></head>
<body><h1>OpenClaw Buddy API</h1><p>Generated from the running server: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1).</p>
<table id="ops"><thead><tr><th>Method</th><th>Path</th><th>Summary</th></tr></thead><tbody></tbody></table>
<script>
fetch('/v1/openapi.json',{credentials:'same-origin'}).then(r=>r.json()).then(doc=>{
  const body=document.querySelector('#ops tbody');
  for(const [path,ops] of Object.entries(doc.paths||{})){for(const [m,op] of Object.entries(ops)){
    const tr=document.createElement('tr');
    const cells=[[m,'m '+m],[path,''],[(op.summary||'')+' ',''] ];
    cells.forEach(([t,c],i)=>{const td=document.createElement('td');if(c)td.className=c;const el=document.createElement(i==1?'code':'span');el.textContent=t;td.appendChild(el);
      if(i==2){const s=document.createElement('span');s.className='tag';s.textContent=(op.tags||[]).join(', ');td.appendChild(s);}tr.appendChild(td);});
    body.appendChild(tr);}}
}).catch(e=>{document.body.insertAdjacentText('beforeend','Cannot load the document: '+e)});
</script></body></html>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_are_normalized() {
        assert_eq!(
            normalize("/v1/heal/backups/{name}/diff"),
            ("/v1/heal/backups/{name}/diff".into(), vec!["name".into()])
        );
        assert_eq!(normalize("/v1/openclaw/skills/:name"), ("/v1/openclaw/skills/{name}".into(), vec!["name".into()]));
        assert_eq!(normalize("/v1/proxy/{*path}"), ("/v1/proxy/{path}".into(), vec!["path".into()]));
    }
}
