//! The host's side of [`TrustStore`]: operators' decisions about modules (approvals, API
//! switches) in Buddy's database, where they outlive a restart. Forgetting a deleted module
//! also drops its key-value data, so a later module of the same name starts empty.

use buddy_runtime::{Approval, Decision, TrustStore};

use crate::db::{Db, module_trust};

/// Decisions kept in SQLite.
pub struct DbTrustStore {
    db: Db,
}

impl DbTrustStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait::async_trait]
impl TrustStore for DbTrustStore {
    async fn decision(&self, module: &str) -> Result<Decision, String> {
        let module = module.to_string();
        self.db.call(move |c| module_trust::get(c, &module)).await.map_err(|e| e.to_string())
    }

    async fn approve(&self, module: &str, approval: &Approval) -> Result<(), String> {
        let (module, approval) = (module.to_string(), approval.clone());
        self.db.call(move |c| module_trust::approve(c, &module, &approval)).await.map_err(|e| e.to_string())
    }

    async fn set_disabled(&self, module: &str, by: Option<&str>) -> Result<(), String> {
        let (module, by) = (module.to_string(), by.map(str::to_string));
        self.db.call(move |c| module_trust::set_disabled(c, &module, by.as_deref())).await.map_err(|e| e.to_string())
    }

    async fn forget(&self, module: &str) -> Result<(), String> {
        let module = module.to_string();
        self.db.call(move |c| module_trust::forget(c, &module)).await.map_err(|e| e.to_string())
    }
}
