//! What the health monitor remembers between ticks (failures in a row, the last config verdict,
//! the heal backoff), shared with the handlers that reset it.

use std::sync::Mutex;

use super::heal_backoff::Backoff;

/// What the monitor remembers between ticks.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) consecutive_down: u32,
    pub(crate) last_error: Option<String>,
    /// Fingerprint of the config OpenClaw last judged, and its issues when it was invalid.
    pub(crate) judged: Option<(String, Vec<String>)>,
    pub(crate) backoff: Backoff,
    pub(crate) ticks: u64,
}

/// The monitor's shared state.
#[derive(Default)]
pub struct Monitor {
    state: Mutex<State>,
}

impl Monitor {
    /// Clears failure counts and backoff (an operator started or restarted the gateway).
    pub fn reset(&self) {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.consecutive_down = 0;
        st.backoff = Backoff::default();
    }

    /// Failed heals in a row so far.
    pub fn failures(&self) -> u32 {
        self.with(|st| st.backoff.failures())
    }

    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()))
    }
}
