//! Caps on interactive sessions open at once: each terminal UI (E49) runs a PTY and an
//! OpenClaw process, each restricted shell (E50) may run a command, so a client opening sockets
//! in a loop must hit a limit rather than exhaust processes. A slot is held for the socket's life.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The two kinds of interactive session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A terminal UI (E49).
    Tui,
    /// A restricted shell (E50).
    Shell,
}

/// The free slots of each kind, and how many there are.
pub struct TerminalSlots {
    tui: (Arc<Semaphore>, usize),
    shell: (Arc<Semaphore>, usize),
}

impl TerminalSlots {
    /// `tui` and `shell` sessions at most.
    pub fn new(tui: usize, shell: usize) -> Self {
        Self { tui: (Arc::new(Semaphore::new(tui)), tui), shell: (Arc::new(Semaphore::new(shell)), shell) }
    }

    /// A slot of `kind`, or why there is none (naming the setting that caps it).
    pub fn take(&self, kind: Kind) -> Result<OwnedSemaphorePermit, String> {
        let ((slots, cap), what, key) = match kind {
            Kind::Tui => (&self.tui, "terminal UI sessions", "http.max_tui_sessions"),
            Kind::Shell => (&self.shell, "shell sessions", "http.max_shell_sessions"),
        };
        Arc::clone(slots).try_acquire_owned().map_err(|_| format!("{cap} {what} are open already ({key})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_limited_and_come_back_when_released() {
        let slots = TerminalSlots::new(1, 2);
        let first = slots.take(Kind::Tui).expect("one tui");
        assert_eq!(
            slots.take(Kind::Tui).err().as_deref(),
            Some("1 terminal UI sessions are open already (http.max_tui_sessions)")
        );
        drop(first);
        assert!(slots.take(Kind::Tui).is_ok(), "released");
        let _a = slots.take(Kind::Shell).expect("a");
        let _b = slots.take(Kind::Shell).expect("b");
        assert!(slots.take(Kind::Shell).is_err());
    }
}
