//! `POST /bots/template` (E19): creates an OpenClaw agent from an expert template.
//!
//! Steps: `openclaw agents add`, then SOUL.md and IDENTITY.md, then the identity in
//! `openclaw.json`. Once the agent exists, any failure removes it again with
//! `openclaw agents delete --force`, so a request either creates a complete bot or nothing.

use buddy_sdk::events::{self, Event};
use buddy_sdk::serde_json::Map;
use buddy_sdk::{CapError, Request, Response, Value, cli, config, json, log, workspace};

use crate::new_bot::NewBot;
use crate::template::{self, Template};

/// `agents add` and `agents delete` each take 15-25 s; leave room on a busy machine.
const CLI_TIMEOUT_MS: u32 = 120_000;
/// Audit action for every outcome of this route.
const ACTION: &str = "bot.create-from-template";

pub fn create_bot(req: Request) -> Result<Response, Response> {
    let new = NewBot::from_request(&req)?;
    let template = template::find(&new.expert_id)?
        .ok_or_else(|| Response::error(404, format!("no expert template `{}`", new.expert_id)))?;
    if config::get::<Value>(&entry_pointer(&new.bot_id))
        .map_err(|e| cap_failure("checking for an existing bot", &e))?
        .is_some()
    {
        return Err(Response::error(409, format!("bot `{}` already exists", new.bot_id)));
    }
    let state = config::state_dir().map_err(|e| cap_failure("finding OpenClaw's state dir", &e))?;
    let workspace = format!("{}/workspace-{}", state.trim_end_matches('/'), new.bot_id);

    let workspace = add_agent(&new, &workspace)?;
    if let Err(failure) = fill_in(&new, &template) {
        return Err(roll_back(&new.bot_id, failure));
    }

    let detail = format!("template {}, workspace {workspace}", template.id);
    emit(Event::new(ACTION, &new.bot_id).detail(detail));
    Ok(Response::ok(json!({
        "id": new.bot_id,
        "template": template.id,
        "workspace": workspace,
        "model": new.model,
    })))
}

/// Runs `openclaw agents add`; returns the workspace OpenClaw reports (or the one asked for).
fn add_agent(new: &NewBot, workspace: &str) -> Result<String, Response> {
    let mut args: Vec<&str> = vec!["agents", "add", &new.bot_id, "--non-interactive", "--workspace", workspace];
    if let Some(model) = &new.model {
        args.extend(["--model", model.as_str()]);
    }
    args.push("--json");

    let failure = match cli::run_with_timeout(&args, CLI_TIMEOUT_MS) {
        Ok(out) if out.success() => {
            let report: Value = out.json().unwrap_or(Value::Null);
            let created = report.get("agentId").and_then(Value::as_str).unwrap_or(&new.bot_id);
            if created != new.bot_id {
                let failure =
                    Response::error(500, format!("OpenClaw created agent `{created}` instead of `{}`", new.bot_id));
                return Err(roll_back(created, failure));
            }
            let reported = report.get("workspace").and_then(Value::as_str).unwrap_or(workspace);
            return Ok(reported.to_owned());
        }
        Ok(out) => Response::error(502, format!("openclaw agents add failed: {}", out.error_message())),
        Err(e) => cap_failure("running openclaw agents add", &e),
    };
    // A failed or timed-out add may still have written the entry: clean that up too.
    match config::get::<Value>(&entry_pointer(&new.bot_id)) {
        Ok(Some(_)) => Err(roll_back(&new.bot_id, failure)),
        _ => Err(failure),
    }
}

/// Writes the template's files and identity into the new agent.
fn fill_in(new: &NewBot, template: &Template) -> Result<(), Response> {
    for (name, content) in [("SOUL.md", template.soul(new.lang)), ("IDENTITY.md", template.identity_md(new.lang))] {
        workspace::write(&new.bot_id, name, content).map_err(|e| cap_failure(&format!("writing {name}"), &e))?;
    }
    set_identity(&new.bot_id, template.name(new.lang), &template.emoji)
        .map_err(|e| cap_failure("setting the identity", &e))
}

/// Read-modify-write of `/agents/entries/<id>/identity`, keeping keys OpenClaw may have set.
fn set_identity(bot_id: &str, name: &str, emoji: &str) -> Result<(), CapError> {
    let pointer = format!("{}/identity", entry_pointer(bot_id));
    let mut identity = match config::get::<Value>(&pointer)? {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    identity.insert("name".to_owned(), Value::from(name));
    if !emoji.is_empty() {
        identity.insert("emoji".to_owned(), Value::from(emoji));
    }
    config::set(&pointer, &identity)
}

/// Deletes the half-made agent `bot_id` and returns `failure` with the outcome appended.
fn roll_back(bot_id: &str, failure: Response) -> Response {
    let reason = failure.message().unwrap_or("unknown failure").to_owned();
    let args = ["agents", "delete", bot_id, "--force", "--json"];
    let (status, outcome) = match cli::run_with_timeout(&args, CLI_TIMEOUT_MS) {
        Ok(out) if out.success() => ("rolled-back", "the bot was removed again".to_owned()),
        Ok(out) => ("rollback-failed", format!("removing the bot again failed too: {}", out.error_message())),
        Err(e) => ("rollback-failed", format!("removing the bot again failed too: {e}")),
    };
    log::warn(format!("creating bot {bot_id} failed ({reason}); {outcome}"));
    emit(Event::new(ACTION, bot_id).status(status).detail(format!("{reason}; {outcome}")));
    failure.with_message(format!("{reason}; {outcome}"))
}

/// A failed capability call during `step`: 502/504 when OpenClaw or the host's I/O failed,
/// 500 when the module itself is at fault (a missing grant, a bad argument).
fn cap_failure(step: &str, e: &CapError) -> Response {
    let status = match e {
        CapError::Failed(_) => 502,
        CapError::Timeout(_) => 504,
        _ => 500,
    };
    Response::error(status, format!("{step}: {e}"))
}

fn entry_pointer(bot_id: &str) -> String {
    config::pointer(&["agents", "entries", bot_id])
}

/// Records an audit event; a failure to record never changes the reply.
fn emit(event: Event) {
    if let Err(e) = events::emit(&event) {
        log::warn(format!("could not record event {}: {e}", event.action));
    }
}
