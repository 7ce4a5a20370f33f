//! `DELETE /:name` (E27): removes a managed skill, or disables one that cannot be removed.
//!
//! OpenClaw has no uninstall verb. A managed skill lives in `<state>/skills/<folder>`, which
//! the manifest mounts read-write at `/managed-skills`, so removing it means deleting that
//! folder. Bundled and workspace skills cannot be deleted from here; they are disabled with
//! `skills.entries.<key>.enabled = false` instead, which OpenClaw honours without a restart.

use std::path::Path;

use buddy_sdk::events::{self, Event};
use buddy_sdk::{Request, Response, Value, config, json, log, validate};

use crate::{agent, cache, openclaw};

/// Where the manifest mounts `$OPENCLAW_STATE/skills`.
const MANAGED_MOUNT: &str = "/managed-skills";

pub fn remove_skill(req: Request) -> Result<Response, Response> {
    let name = req.param("name").unwrap_or_default();
    if !validate::is_id(name) {
        return Err(Response::error(400, "`name` must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    }
    let agent = agent::resolve(&req)?;
    let info = openclaw::skills_info(name, &agent)?;
    let state = config::state_dir()?;

    let (action, event_action) = match managed_folder(&info, &state) {
        Some(folder) => {
            let path = format!("{MANAGED_MOUNT}/{folder}");
            std::fs::remove_dir_all(&path)
                .map_err(|e| Response::error(500, format!("could not delete the skill folder {folder}: {e}")))?;
            ("removed", "skill.remove")
        }
        None => {
            // OpenClaw keys skill settings by `skillKey`, which defaults to the name.
            let key = info.get("skillKey").and_then(Value::as_str).unwrap_or(name);
            config::set(&config::pointer(&["skills", "entries", key, "enabled"]), &false)?;
            ("disabled", "skill.disable")
        }
    };

    if let Err(e) = cache::clear() {
        log::warn(format!("could not clear the skills cache: {e}"));
    }
    let source = info.get("source").and_then(Value::as_str).unwrap_or("unknown");
    let event = Event::new(event_action, name).detail(format!("source {source}"));
    if let Err(e) = events::emit(&event) {
        log::warn(format!("could not record event {}: {e}", event.action));
    }
    Ok(Response::ok(json!({ "name": name, "action": action })))
}

/// The folder name of a managed skill: one whose `baseDir` sits directly in `<state>/skills`.
/// `None` for any other skill, and for a folder name that is not a plain id.
fn managed_folder<'a>(info: &'a Value, state: &str) -> Option<&'a str> {
    let base = Path::new(info.get("baseDir")?.as_str()?);
    let managed_root = Path::new(state).join("skills");
    if base.parent()? != managed_root {
        return None;
    }
    base.file_name()?.to_str().filter(|f| validate::is_id(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_folders_directly_in_the_managed_dir_are_removable() {
        let info = |dir: &str| json!({ "baseDir": dir });
        let state = "/home/u/.openclaw";
        assert_eq!(managed_folder(&info("/home/u/.openclaw/skills/x"), state), Some("x"));
        assert_eq!(managed_folder(&info("/home/u/.openclaw/skills/x"), "/home/u/.openclaw/"), Some("x"));
        assert_eq!(managed_folder(&info("/home/u/.openclaw/workspace/skills/x"), state), None);
        assert_eq!(managed_folder(&info("/opt/openclaw/skills/x"), state), None);
        assert_eq!(managed_folder(&info("/home/u/.openclaw/skills/.."), state), None);
        assert_eq!(managed_folder(&json!({}), state), None);
    }
}
