//! Gateway lifecycle requests (E40, the boot-time start, E32's restart) as tasks in the
//! `gateway` lane, so they run one at a time, after any heal in progress, with progress and
//! outcome in E07.

use crate::app_state::AppState;
use crate::db::DbError;
use crate::gateway::{Action, LANE};

/// Queues `action` in the gateway lane; returns the task id (E07 reports the outcome).
pub async fn queue(app: &AppState, action: Action) -> Result<String, DbError> {
    let worker = app.clone();
    app.tasks
        .spawn(LANE, &format!("gateway-{}", action.as_str()), "gateway", move |task| async move {
            worker.gateway.run(&worker.openclaw, &worker.config.gateway, action, &task).await
        })
        .await
}
