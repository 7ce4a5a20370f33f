//! Replies that are a function of the openclaw.json snapshot alone (E10, E36), serialized once
//! per snapshot: while the config file does not change, every request gets the same bytes
//! without building or serializing anything again.

use std::sync::{Arc, Mutex, PoisonError};

use buddy_openclaw::snapshot::Snapshot;

use super::envelope::Rendered;
use crate::error::ApiError;

/// The reply rendered for the last snapshot one route served, kept with that snapshot (so a
/// snapshot is told apart by identity, never by an address that could be reused).
pub struct PerSnapshot(Mutex<Option<(Arc<Snapshot>, Rendered)>>);

impl Default for PerSnapshot {
    fn default() -> Self {
        Self::new()
    }
}

impl PerSnapshot {
    /// An empty memo (for a `static`).
    pub const fn new() -> Self {
        Self(Mutex::new(None))
    }

    /// The reply for `snap`: the kept one if it was rendered for this very snapshot, else
    /// `render`'s, kept for the next request.
    pub fn reply(
        &self,
        snap: &Arc<Snapshot>,
        render: impl FnOnce(&Snapshot) -> Result<Rendered, ApiError>,
    ) -> Result<Rendered, ApiError> {
        if let Some((kept, reply)) = self.0.lock().unwrap_or_else(PoisonError::into_inner).as_ref()
            && Arc::ptr_eq(kept, snap)
        {
            return Ok(reply.clone());
        }
        let reply = render(snap)?;
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some((snap.clone(), reply.clone()));
        Ok(reply)
    }
}
