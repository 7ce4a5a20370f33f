//! Records operator-visible events in Buddy's audit log, tagged with the module's name.
//!
//! Grant: `events = true`. Use it for what an operator should see later: something created,
//! removed, rolled back. Day-to-day diagnostics belong in [`log`](crate::log).
//!
//! ```no_run
//! # fn demo() -> Result<(), buddy_sdk::CapError> {
//! use buddy_sdk::events::{self, Event};
//! events::emit(&Event::new("skill.disable", "github").detail("bundled skill"))?;
//! # Ok(()) }
//! ```

use crate::CapError;
use crate::bindings::openclaw::buddy::events as wit_events;

/// One audit event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// What happened, e.g. `bot.create`.
    pub action: String,
    /// What it happened to, e.g. the bot id.
    pub target: String,
    /// The outcome, e.g. `success`, `failure`, `rolled-back`.
    pub status: String,
    /// Free text for the operator.
    pub detail: String,
}

impl Event {
    /// An event with status `success` and no detail.
    pub fn new(action: impl Into<String>, target: impl Into<String>) -> Self {
        Self { action: action.into(), target: target.into(), status: "success".to_owned(), detail: String::new() }
    }

    /// Sets the status.
    #[must_use]
    pub fn status(mut self, status: impl Into<String>) -> Self {
        self.status = status.into();
        self
    }

    /// Sets the detail.
    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

/// Records `event`.
pub fn emit(event: &Event) -> Result<(), CapError> {
    Ok(wit_events::emit(&wit_events::Event {
        action: event.action.clone(),
        target: event.target.clone(),
        status: event.status.clone(),
        detail: event.detail.clone(),
    })?)
}
