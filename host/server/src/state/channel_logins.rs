//! The channel logins in progress, one per channel at a time, and what the API shows of each.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tokio::sync::{Notify, watch};

/// A login's state as the API shows it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub session: String,
    pub channel: String,
    /// `pending`, `qr`, `scanned`, `confirmed`, `expired`, `cancelled` or `failed`.
    pub status: String,
    pub qr_data: Option<String>,
    pub qr_text: Option<String>,
    pub message: Option<String>,
    /// True once the login has ended.
    pub done: bool,
    pub started_at: String,
}

/// One login in progress (or just ended).
pub struct Session {
    pub state: watch::Receiver<Snapshot>,
    pub(crate) cancel: Arc<Notify>,
}

/// Live sessions by channel id (one per channel at a time).
#[derive(Default)]
pub struct LoginSessions {
    live: Mutex<HashMap<String, Arc<Session>>>,
}

impl LoginSessions {
    /// Records a new login of `channel`.
    pub(crate) fn insert(&self, channel: &str, session: Arc<Session>) {
        self.live.lock().unwrap_or_else(|p| p.into_inner()).insert(channel.to_string(), session);
    }

    /// The channel's login, if one is still running.
    pub fn active(&self, channel: &str) -> Option<Arc<Session>> {
        let live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        live.get(channel).filter(|s| !s.state.borrow().done).cloned()
    }

    /// Cancels the channel's running login; false when there is none.
    pub fn cancel(&self, channel: &str) -> bool {
        match self.active(channel) {
            Some(s) => {
                s.cancel.notify_one();
                true
            }
            None => false,
        }
    }
}
