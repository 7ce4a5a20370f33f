//! The OpenAPI 3.1 document of the whole API, generated from the route table — each route names
//! the Rust types its handler reads and answers, and schemars derives their JSON Schemas — and
//! from the routes every loaded module serves, with the shapes its manifest's `[api]` declares.
//! So it cannot drift from what is served. `/v1/docs` renders it (`openapi_page.rs`).

use axum::extract::State;
use axum::http::Method;
use axum::response::{Html, IntoResponse, Response};
use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value, json};

use crate::app_state::AppState;
use crate::route_spec::{Access, Contract, RouteSpec};
use buddy_runtime::report::ModuleReport;

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

/// What one operation reads and answers, as JSON Schemas already placed in the document.
struct Shapes {
    query: Option<Value>,
    body: Option<Value>,
    reply: Option<Value>,
    status: u16,
    raw: Option<&'static str>,
    also: Option<&'static str>,
}

/// Schema generators in the dialect of OpenAPI 3.1 (JSON Schema 2020-12): named types become
/// `#/components/schemas/<Name>`. Replies are described as they serialize, request bodies and
/// query strings as they deserialize (a defaulted field is optional in a request).
struct Generators {
    replies: SchemaGenerator,
    requests: SchemaGenerator,
    /// Query strings become one parameter per field, so their types are inlined.
    inline: SchemaGenerator,
}

impl Generators {
    fn new() -> Self {
        let settings = SchemaSettings::draft2020_12().with(|s| s.definitions_path = "/components/schemas".into());
        Self {
            replies: settings.clone().for_serialize().into_generator(),
            requests: settings.clone().for_deserialize().into_generator(),
            inline: settings.for_deserialize().with(|s| s.inline_subschemas = true).into_generator(),
        }
    }

    fn shapes(&mut self, c: &Contract) -> Shapes {
        Shapes {
            query: c.query.map(|f| f(&mut self.inline).to_value()),
            body: c.body.map(|f| f(&mut self.requests).to_value()),
            reply: c.reply.map(|f| f(&mut self.replies).to_value()),
            status: c.status,
            raw: c.raw,
            also: c.also,
        }
    }

    /// Every named schema either generator produced. A name must mean one schema: a type that
    /// is both read and answered must describe the same JSON both ways.
    fn components(mut self) -> Map<String, Value> {
        let mut all = self.replies.take_definitions(true);
        for (name, schema) in self.requests.take_definitions(true) {
            if let Some(existing) = all.get(&name) {
                debug_assert_eq!(existing, &schema, "schema {name} differs between requests and replies");
                continue;
            }
            all.insert(name, schema);
        }
        all
    }
}

/// The query's fields, one parameter each.
fn query_parameters(query: &Value) -> Vec<Value> {
    let required: Vec<&str> =
        query["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let Some(properties) = query["properties"].as_object() else { return Vec::new() };
    properties
        .iter()
        .map(|(name, schema)| {
            let mut schema = schema.clone();
            // An absent parameter is the `None` of an `Option`: a query string has no null.
            if let Some(types) = schema.get_mut("type").and_then(Value::as_array_mut) {
                types.retain(|t| t != "null");
                if let [only] = types.as_slice() {
                    schema["type"] = only.clone();
                }
            }
            let description = schema.as_object_mut().and_then(|o| o.remove("description"));
            let mut p =
                json!({ "name": name, "in": "query", "required": required.contains(&name.as_str()), "schema": schema });
            if let Some(d) = description {
                p["description"] = d;
            }
            p
        })
        .collect()
}

/// The envelope around a success reply's `data`.
fn envelope(status: u16, data: Value) -> Value {
    json!({
        "type": "object",
        "required": ["code", "message", "data"],
        "properties": { "code": { "const": status }, "message": { "type": "string" }, "data": data }
    })
}

fn operation(summary: &str, path_params: &[String], shapes: Shapes, access: Access, tag: &str) -> Value {
    let mut op = Map::new();
    op.insert("summary".into(), json!(summary));
    op.insert("tags".into(), json!([tag]));
    let mut parameters: Vec<Value> = path_params
        .iter()
        .map(|p| json!({ "name": p, "in": "path", "required": true, "schema": { "type": "string", "maxLength": 256 } }))
        .collect();
    if let Some(q) = &shapes.query {
        parameters.extend(query_parameters(q));
    }
    if !parameters.is_empty() {
        op.insert("parameters".into(), json!(parameters));
    }
    if let Some(body) = shapes.body {
        op.insert(
            "requestBody".into(),
            json!({ "required": true, "content": { "application/json": { "schema": body } } }),
        );
    }
    let error = json!({ "$ref": "#/components/schemas/ErrorEnvelope" });
    let mut success = match (shapes.raw, shapes.reply) {
        (Some("websocket"), _) => json!({ "description": "Switching Protocols: the WebSocket opens" }),
        (Some(media), _) => json!({ "description": "success", "content": { media: {} } }),
        (None, Some(data)) => json!({
            "description": "success",
            "content": { "application/json": { "schema": envelope(shapes.status, data) } }
        }),
        (None, None) => json!({ "description": "success (not described by its module)" }),
    };
    if let Some(media) = shapes.also {
        success["content"][media] = json!({});
    }
    // A passthrough (chat, the Control UI) also passes the gateway's own errors through.
    let (client_error, server_error) = if shapes.raw.is_some() {
        (
            json!({ "description": "Buddy's error envelope, or the gateway's own error passed through", "content": { "application/json": {} } }),
            json!({ "description": "Buddy's error envelope, or the gateway's own error passed through", "content": { "application/json": {} } }),
        )
    } else {
        (
            json!({ "description": "bad input, missing auth, unknown resource", "content": { "application/json": { "schema": error } } }),
            json!({ "description": "OpenClaw or a module failed", "content": { "application/json": { "schema": error } } }),
        )
    };
    op.insert(
        "responses".into(),
        json!({ shapes.status.to_string(): success, "4XX": client_error, "5XX": server_error }),
    );
    if access == Access::Public {
        op.insert("security".into(), json!([]));
    }
    Value::Object(op)
}

fn native_tag(r: &RouteSpec) -> &'static str {
    r.summary.split_whitespace().next().filter(|w| w.starts_with('E')).map(|_| "api").unwrap_or("buddy")
}

/// The document of the running server: its routes and those of every loaded module.
pub async fn document(app: &AppState) -> Value {
    build(&app.routes, &app.modules.reports().await)
}

/// The document of `routes` and of the routes `modules` serve.
pub fn build(routes: &[RouteSpec], modules: &[ModuleReport]) -> Value {
    let mut generators = Generators::new();
    let mut paths: Map<String, Value> = Map::new();
    let mut add = |method: &Method, path: &str, summary: &str, shapes: Shapes, access: Access, tag: &str| {
        let (path, params) = normalize(path);
        let entry = paths.entry(path).or_insert_with(|| json!({}));
        entry[method.as_str().to_ascii_lowercase()] = operation(summary, &params, shapes, access, tag);
    };
    for r in routes {
        let shapes = generators.shapes(&r.contract);
        add(&r.method, r.path, r.summary, shapes, r.access, native_tag(r));
    }
    for m in modules {
        for r in &m.routes {
            if let Ok(method) = Method::from_bytes(r.method.as_bytes()) {
                let api = r.api.clone().unwrap_or_default();
                let shapes =
                    Shapes { query: api.query, body: api.body, reply: api.reply, status: 200, raw: None, also: None };
                add(&method, &r.path, &r.summary, shapes, Access::Token, &format!("module:{}", m.name));
            }
        }
    }
    let mut schemas = generators.components();
    schemas.insert(
        "ErrorEnvelope".into(),
        json!({
            "type": "object",
            "description": "an error: code equals the HTTP status, message names the field or the reason",
            "required": ["code", "message"],
            "properties": {
                "code": { "type": "integer", "minimum": 400, "maximum": 599 },
                "message": { "type": "string" },
                "data": { "description": "null from Buddy; a module may add details" }
            }
        }),
    );
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
            "schemas": schemas
        },
        "paths": paths,
    })
}

/// `GET /v1/openapi.json`.
pub async fn get_openapi(State(app): State<AppState>) -> Response {
    axum::Json(document(&app).await).into_response()
}

/// `GET /v1/docs`: the document as a page, rendered on the server.
pub async fn get_docs(State(app): State<AppState>) -> Html<String> {
    Html(super::openapi_page::render(&document(&app).await))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema a `$ref` names, or the schema itself.
    fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
        match schema["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
            Some(pointer) => doc.pointer(pointer).unwrap_or(&Value::Null),
            None => schema,
        }
    }

    #[test]
    fn every_native_route_has_a_typed_contract() {
        let routes = crate::router::route_table();
        let doc = build(&routes, &[]);
        for r in &routes {
            let (path, _) = normalize(r.path);
            let op = &doc["paths"][&path][r.method.as_str().to_ascii_lowercase()];
            let status = r.contract.status.to_string();
            assert!(op["responses"][&status].is_object(), "{} {path}: no {status} reply", r.method);
            if r.contract.raw.is_some() {
                continue;
            }
            let data = &op["responses"][&status]["content"]["application/json"]["schema"]["properties"]["data"];
            let data = resolve(&doc, data);
            let typed = data.get("type").is_some() || data.get("anyOf").is_some() || data.get("oneOf").is_some();
            assert!(typed, "{} {path}: the reply's data has no type: {data}", r.method);
        }
    }

    #[test]
    fn query_types_become_parameters_and_bodies_keep_their_limits() {
        let doc = build(&crate::router::route_table(), &[]);
        let tasks = &doc["paths"]["/v1/tasks/status"]["get"]["parameters"];
        let limit = tasks.as_array().and_then(|ps| ps.iter().find(|p| p["name"] == "limit")).expect("limit");
        assert_eq!((limit["in"].as_str(), limit["required"].as_bool()), (Some("query"), Some(false)));
        assert_eq!(limit["schema"]["maximum"], 500);
        let body = &doc["paths"]["/v1/openclaw/bots/set-identity"]["post"]["requestBody"]["content"]["application/json"]
            ["schema"];
        let body = resolve(&doc, body);
        assert_eq!(body["required"], json!(["id", "name"]));
        assert_eq!(body["properties"]["name"]["maxLength"], 100);
        assert_eq!(body["additionalProperties"], false, "unknown fields are refused");
    }

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
