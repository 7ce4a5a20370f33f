//! E29–E34: OpenClaw plugins through its CLI.

use axum::extract::State;
use axum::response::Response;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::envelope::{ApiResult, accepted, ok};
use super::extract::{Json, Path, Query};
use super::middleware::audit::targeted;
use super::tasks::TaskStarted;
use super::validate;
use crate::app_state::AppState;
use buddy_openclaw::plugins::{self, PluginList, PluginSwitched, PluginUninstalled};

/// E32's reply: the re-read list, and the restart task queued when one is needed.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reloaded {
    #[serde(flatten)]
    list: PluginList,
    /// The gateway restart queued to apply saved changes (see `GET /v1/tasks/status`).
    #[serde(rename = "restartTaskID", skip_serializing_if = "Option::is_none")]
    restart_task_id: Option<String>,
}

/// E29's query.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Read the list again instead of from the 60 s cache.
    #[serde(default)]
    refresh: bool,
}

/// `GET /v1/openclaw/plugins[?refresh=true]`: `openclaw plugins list --json`, cached.
pub async fn get_plugins(State(app): State<AppState>, Query(q): Query<ListQuery>) -> ApiResult<PluginList> {
    Ok(ok(plugins::list(&app.openclaw, q.refresh).await?))
}

/// E30/E31's body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PluginId {
    #[schemars(regex(pattern = super::validate::ID_PATTERN))]
    id: String,
    /// Accept the capabilities the plugin declares (OpenClaw asks for this consent).
    #[serde(default)]
    accept_capabilities: bool,
}

async fn set_enabled(app: &AppState, req: &PluginId, enabled: bool) -> Response {
    let result: ApiResult<PluginSwitched> = async {
        validate::id("id", &req.id)?;
        Ok(ok(plugins::set_enabled(&app.openclaw, &req.id, enabled, req.accept_capabilities).await?))
    }
    .await;
    targeted(&req.id, result)
}

/// `POST /v1/openclaw/plugins/enable` `{id, acceptCapabilities?}`.
pub async fn post_plugin_enable(State(app): State<AppState>, Json(req): Json<PluginId>) -> Response {
    set_enabled(&app, &req, true).await
}

/// `POST /v1/openclaw/plugins/disable` `{id}`.
pub async fn post_plugin_disable(State(app): State<AppState>, Json(req): Json<PluginId>) -> Response {
    set_enabled(&app, &req, false).await
}

/// `POST /v1/openclaw/plugins/reload`: re-reads the plugins; says whether the gateway must
/// restart to apply changes saved for its next start.
pub async fn post_plugins_reload(State(app): State<AppState>) -> Response {
    let result: ApiResult<Reloaded> = async {
        let list = plugins::reload(&app.openclaw).await?;
        // Changes saved for the gateway's next start: restart it now, as a task.
        let restart_task_id = if list.restart_required == Some(true) {
            Some(crate::lifecycle::queue(&app, crate::gateway::Action::Restart).await?)
        } else {
            None
        };
        Ok(ok(Reloaded { list, restart_task_id }))
    }
    .await;
    targeted("plugins", result)
}

/// `POST /v1/openclaw/plugins/update`: `openclaw plugins update --all` as a task (E07) in the
/// `plugins` lane.
pub async fn post_plugins_update(State(app): State<AppState>) -> Response {
    let openclaw = app.openclaw.clone();
    let result: ApiResult<TaskStarted> = async {
        let id = app
            .tasks
            .spawn(crate::tasks::Lane::Plugins, "plugins-update", "all", move |task| async move {
                task.progress("running openclaw plugins update --all").await;
                let done = plugins::update_all(&openclaw).await.map_err(|e| e.to_string())?;
                let last =
                    done["output"].as_array().and_then(|l| l.last()).and_then(Value::as_str).unwrap_or("no output");
                task.progress(format!("done: {last}")).await;
                Ok(done)
            })
            .await?;
        Ok(accepted(TaskStarted { task_id: id }))
    }
    .await;
    targeted("all", result)
}

/// `DELETE /v1/openclaw/plugins/{id}`: `openclaw plugins uninstall <id> --force`; 409 for a
/// plugin bundled with OpenClaw.
pub async fn delete_plugin(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    let result: ApiResult<PluginUninstalled> = async {
        validate::id("id", &id)?;
        Ok(ok(plugins::uninstall(&app.openclaw, &id).await?))
    }
    .await;
    targeted(&id, result)
}
