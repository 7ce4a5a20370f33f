//! Caps on interactive sessions open at once: each terminal UI (E49) runs a PTY and an
//! OpenClaw process, each restricted shell (E50) may run a command, so a client opening sockets
//! in a loop must hit a limit rather than exhaust processes. A slot is held for the socket's life.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The free slots of each kind.
pub struct TerminalSlots {
    tui: Arc<Semaphore>,
    shell: Arc<Semaphore>,
}

impl TerminalSlots {
    /// `tui` and `shell` sessions at most.
    pub fn new(tui: usize, shell: usize) -> Self {
        Self { tui: Arc::new(Semaphore::new(tui)), shell: Arc::new(Semaphore::new(shell)) }
    }

    /// A TUI slot, if one is free.
    pub fn tui(&self) -> Option<OwnedSemaphorePermit> {
        Arc::clone(&self.tui).try_acquire_owned().ok()
    }

    /// A shell slot, if one is free.
    pub fn shell(&self) -> Option<OwnedSemaphorePermit> {
        Arc::clone(&self.shell).try_acquire_owned().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_limited_and_come_back_when_released() {
        let slots = TerminalSlots::new(1, 2);
        let first = slots.tui().expect("one tui");
        assert!(slots.tui().is_none(), "only one");
        drop(first);
        assert!(slots.tui().is_some(), "released");
        let _a = slots.shell().expect("a");
        let _b = slots.shell().expect("b");
        assert!(slots.shell().is_none());
    }
}
