//! `GET /` (E26): an agent's skills with their status.

use buddy_sdk::{Request, Response, Value, json};

use crate::{agent, cache, openclaw};

/// The fields of each skill passed through from `openclaw skills list --json`.
const FIELDS: [&str; 8] = ["name", "description", "emoji", "eligible", "disabled", "source", "bundled", "missing"];

pub fn list_skills(req: Request) -> Result<Response, Response> {
    let agent = agent::resolve(&req)?;
    let refresh = match req.query("refresh") {
        None | Some("false" | "0") => false,
        Some("true" | "1") => true,
        Some(_) => return Err(Response::error(400, "`refresh` must be true or false")),
    };
    if !refresh && let Some(cached) = cache::get(&agent) {
        return Ok(Response::ok(cached));
    }

    let listing = openclaw::skills_list(&agent)?;
    let Some(skills) = listing.get("skills").and_then(Value::as_array) else {
        return Err(Response::error(502, "openclaw skills list printed no `skills` array"));
    };
    let skills: Vec<Value> = skills.iter().map(summary).collect();
    let data = json!({ "agent": agent, "skills": skills });
    cache::put(&agent, &data);
    Ok(Response::ok(data))
}

/// One skill reduced to [`FIELDS`]; absent fields are `null`.
fn summary(skill: &Value) -> Value {
    FIELDS
        .iter()
        .map(|f| ((*f).to_owned(), skill.get(f).cloned().unwrap_or(Value::Null)))
        .collect::<buddy_sdk::serde_json::Map<_, _>>()
        .into()
}
