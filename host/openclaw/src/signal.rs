//! Signals to processes and process groups: the one place Buddy calls into libc.

/// The signals Buddy sends.
#[derive(Debug, Clone, Copy)]
pub enum Signal {
    Term,
    Kill,
}

impl Signal {
    fn raw(self) -> libc::c_int {
        match self {
            Self::Term => libc::SIGTERM,
            Self::Kill => libc::SIGKILL,
        }
    }
}

/// Signals every process in the group led by `pgid` (a child spawned with `process_group(0)`).
/// Returns false when the group no longer exists.
#[allow(unsafe_code)]
pub fn kill_group(pgid: u32, signal: Signal) -> bool {
    let Ok(pgid) = libc::pid_t::try_from(pgid) else {
        return false;
    };
    if pgid <= 1 {
        return false;
    }
    // SAFETY: killpg has no memory-safety preconditions; pgid > 1 rules out signalling
    // every process we may signal (0 = own group, 1 = init-wide semantics on some systems).
    unsafe { libc::killpg(pgid, signal.raw()) == 0 }
}

/// Signals one process. Returns false when it no longer exists.
#[allow(unsafe_code)]
pub fn kill_pid(pid: u32, signal: Signal) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 1 {
        return false;
    }
    // SAFETY: kill has no memory-safety preconditions; pid > 1 targets one process only.
    unsafe { libc::kill(pid, signal.raw()) == 0 }
}
