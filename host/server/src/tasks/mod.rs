//! The task registry: long-running work (gateway restarts, plugin updates, installs) runs in the
//! background and is tracked in SQLite, so E07 can report it and a Buddy restart keeps its
//! history (tasks that were running are marked `interrupted` at start-up).
//!
//! Tasks of one *lane* run one at a time in the order they were queued (e.g. every gateway
//! lifecycle request shares the `gateway` lane, so a start never races a stop). How many tasks
//! each lane holds, queued or running, is a metric.

mod lane;

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use rand::RngCore;
use serde_json::Value;

use crate::db::{Db, DbError, tasks};
pub use lane::Lane;

/// Handle given to a running task for reporting progress.
#[derive(Clone)]
pub struct TaskHandle {
    id: String,
    db: Db,
}

impl TaskHandle {
    /// The task's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Records a progress message (also logged).
    pub async fn progress(&self, message: impl Into<String>) {
        let (id, message) = (self.id.clone(), message.into());
        tracing::info!(task = %id, "{message}");
        if let Err(e) = self.db.call(move |c| tasks::progress(c, &id, buddy_openclaw::time::now_ms(), &message)).await {
            tracing::warn!(error = %e, "cannot record task progress");
        }
    }
}

/// The registry.
#[derive(Clone)]
pub struct TaskRegistry {
    db: Db,
    lanes: Arc<Mutex<HashMap<Lane, Arc<tokio::sync::Mutex<()>>>>>,
}

impl TaskRegistry {
    /// A registry over `db`; marks tasks left unfinished by a previous run as interrupted.
    pub async fn open(db: Db) -> Result<Self, DbError> {
        let n = db.call(|c| tasks::interrupt_unfinished(c, buddy_openclaw::time::now_ms())).await?;
        if n > 0 {
            tracing::warn!(count = n, "tasks were interrupted by a restart");
        }
        for lane in Lane::ALL {
            lane.count(0.0);
        }
        Ok(Self { db, lanes: Default::default() })
    }

    fn lane(&self, lane: Lane) -> Arc<tokio::sync::Mutex<()>> {
        let mut lanes = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
        lanes.entry(lane).or_default().clone()
    }

    /// Queues `work` in `lane` and returns the task id at once. The task is `queued` until the
    /// lane is free, then `running`, then `succeeded` with the work's result or `failed` with its
    /// error.
    pub async fn spawn<F, Fut>(&self, lane: Lane, kind: &str, target: &str, work: F) -> Result<String, DbError>
    where
        F: FnOnce(TaskHandle) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Value, String>> + Send + 'static,
    {
        let mut bytes = [0u8; 8];
        rand::rng().fill_bytes(&mut bytes);
        let id = format!("{kind}-{}", hex::encode(bytes));
        let (row_id, kind_s, target_s) = (id.clone(), kind.to_string(), target.to_string());
        self.db.call(move |c| tasks::insert(c, &row_id, &kind_s, &target_s, buddy_openclaw::time::now_ms())).await?;
        let queue = self.lane(lane);
        let handle = TaskHandle { id: id.clone(), db: self.db.clone() };
        lane.count(1.0);
        // The lane's lock is taken inside the task, so queued tasks wait in FIFO order (tokio's
        // mutex is fair) without blocking the caller.
        tokio::spawn(async move {
            let _turn = queue.lock_owned().await;
            let (db, task_id) = (handle.db.clone(), handle.id.clone());
            let started_id = task_id.clone();
            if let Err(e) = db.call(move |c| tasks::start(c, &started_id, buddy_openclaw::time::now_ms())).await {
                tracing::error!(error = %e, "cannot start task");
            }
            // A panic inside the work is contained and reported as a failure.
            let outcome = match tokio::spawn(work(handle)).await {
                Ok(outcome) => outcome,
                Err(e) => Err(format!("the task crashed: {e}")),
            };
            if let Err(e) = &outcome {
                tracing::warn!(task = %task_id, error = %e, "task failed");
            }
            if let Err(e) = db.call(move |c| tasks::finish(c, &task_id, buddy_openclaw::time::now_ms(), &outcome)).await
            {
                tracing::error!(error = %e, "cannot record a task's outcome");
            }
            lane.count(-1.0);
        });
        Ok(id)
    }

    /// One task.
    pub async fn get(&self, id: &str) -> Result<Option<tasks::TaskView>, DbError> {
        let id = id.to_string();
        self.db.call(move |c| tasks::get(c, &id)).await
    }

    /// Recent tasks.
    pub async fn list(
        &self,
        kind: Option<String>,
        state: Option<String>,
        limit: u32,
    ) -> Result<Vec<tasks::TaskView>, DbError> {
        self.db.call(move |c| tasks::list(c, kind.as_deref(), state.as_deref(), limit)).await
    }

    /// Whether a task of `lane`'s kind is queued or running right now.
    pub fn lane_busy(&self, lane: Lane) -> bool {
        self.lane(lane).try_lock().is_err()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    async fn wait_done(reg: &TaskRegistry, id: &str) -> tasks::TaskView {
        for _ in 0..200 {
            let t = reg.get(id).await.expect("get").expect("exists");
            if t.state != "queued" && t.state != "running" {
                return t;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("task {id} did not finish");
    }

    #[tokio::test]
    async fn tasks_run_report_progress_and_results_and_lanes_serialize() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(&dir.path().join("db.sqlite")).expect("db");
        let reg = TaskRegistry::open(db.clone()).await.expect("registry");
        let gate = Arc::new(tokio::sync::Notify::new());
        let g = gate.clone();
        let first = reg
            .spawn(Lane::Plugins, "demo", "a", move |h| async move {
                h.progress("waiting").await;
                g.notified().await;
                Ok(serde_json::json!({"n": 1}))
            })
            .await
            .expect("spawn");
        let second = reg.spawn(Lane::Plugins, "demo", "b", |_| async { Err("boom".to_string()) }).await.expect("spawn");
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(reg.get(&second).await.expect("get").expect("row").state, "queued", "waits for the lane");
        assert!(reg.lane_busy(Lane::Plugins));
        gate.notify_one();
        let a = wait_done(&reg, &first).await;
        assert_eq!((a.state.as_str(), a.result.clone()), ("succeeded", Some(serde_json::json!({"n": 1}))));
        assert_eq!(a.progress[0].message, "waiting");
        let b = wait_done(&reg, &second).await;
        assert_eq!((b.state.as_str(), b.error.as_deref()), ("failed", Some("boom")));
        let panicked = reg.spawn(Lane::Channels, "demo", "c", |_| async { panic!("oops") }).await.expect("spawn");
        assert_eq!(wait_done(&reg, &panicked).await.state, "failed");
    }

    #[tokio::test]
    async fn unfinished_tasks_are_marked_interrupted_on_start() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(&dir.path().join("db.sqlite")).expect("db");
        db.call(|c| {
            tasks::insert(c, "t1", "gateway-restart", "", 1)?;
            tasks::start(c, "t1", 2)
        })
        .await
        .expect("seed");
        let reg = TaskRegistry::open(db).await.expect("registry");
        let t = reg.get("t1").await.expect("get").expect("row");
        assert_eq!(t.state, "interrupted");
        assert!(t.error.expect("error").contains("restarted"));
    }
}
