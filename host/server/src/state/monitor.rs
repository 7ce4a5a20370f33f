//! What the health monitor remembers between ticks (failures in a row, the last config verdict,
//! the heal backoff, what it last exported), shared with the handlers that reset it. The heal
//! backoff's failure count and whether Buddy gave up are exported as they change.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Instant;

use super::heal_backoff::Backoff;

/// What the monitor remembers between ticks.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) consecutive_down: u32,
    pub(crate) last_error: Option<String>,
    /// Fingerprint of the config OpenClaw last judged, and its issues when it was invalid.
    pub(crate) judged: Option<(String, Vec<String>)>,
    pub(crate) backoff: Backoff,
    /// Since when a heal that is due waits for the backoff (for the heal event's evidence).
    pub(crate) held_since: Option<Instant>,
    pub(crate) ticks: u64,
    /// Whether the gateway was ready at the previous tick.
    pub(crate) was_ready: bool,
    /// The gateway's verified starts when OpenClaw's version was last asked (`None`: never).
    pub(crate) version_asked_at_start: Option<u64>,
    /// The OpenClaw version last exported.
    pub(crate) openclaw_version: Option<String>,
    /// When sessions per agent were last counted, and the agents exported so far.
    pub(crate) sessions_counted: Option<Instant>,
    pub(crate) agents: BTreeSet<String>,
    /// Whether the upkeep that runs OpenClaw's CLI (version, sessions, config check) is running.
    pub(crate) upkeep_running: bool,
}

/// The monitor's shared state.
#[derive(Default)]
pub struct Monitor {
    state: Mutex<State>,
}

impl Monitor {
    /// Clears failure counts and backoff (an operator started or restarted the gateway).
    pub fn reset(&self) {
        self.with(|st| {
            st.consecutive_down = 0;
            st.backoff = Backoff::default();
            st.held_since = None;
        });
    }

    /// Failed heals in a row so far.
    pub fn failures(&self) -> u32 {
        self.with(|st| st.backoff.failures())
    }

    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let out = f(&mut st);
        metrics::gauge!("buddy_heal_consecutive_failures").set(f64::from(st.backoff.failures()));
        metrics::gauge!("buddy_heal_given_up").set(if st.backoff.given_up() { 1.0 } else { 0.0 });
        out
    }
}
