//! `install`: installs and enables the plugin, doing only what is missing, and records the
//! outcome in Buddy's audit log.

use buddy_sdk::channel::{self, ChannelInfo};
use buddy_sdk::events::{self, Event};
use buddy_sdk::{CapError, Value, log};

/// Installs (or enables) the plugin; JSON of what was done, or OpenClaw's error.
pub fn run(info: &ChannelInfo) -> Result<Value, CapError> {
    let result = channel::ensure_plugin(info);
    let event = match &result {
        Ok(report) => Event::new("channel.install", &info.id)
            .detail(report.get("message").and_then(Value::as_str).unwrap_or_default()),
        Err(e) => Event::new("channel.install", &info.id).status("failure").detail(e.to_string()),
    };
    // The audit trail must not turn a done install into a failure.
    if let Err(e) = events::emit(&event) {
        log::warn(format!("could not record the install event: {e}"));
    }
    result
}
