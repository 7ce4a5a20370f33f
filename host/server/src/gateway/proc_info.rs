//! What `/proc` says about a process: alive, its command line, its process group.

/// The fields of `/proc/<pid>/stat` after the command name (which may hold spaces and
/// parentheses): state, ppid, pgrp, ... starttime at index 19.
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    Some(stat.rsplit_once(')')?.1.split_whitespace().map(str::to_string).collect())
}

/// Whether `pid` exists and is not a zombie.
pub fn alive(pid: u32) -> bool {
    stat_fields(pid).is_some_and(|f| f.first().is_some_and(|state| state != "Z"))
}

/// The process group of `pid`.
pub fn process_group(pid: u32) -> Option<u32> {
    stat_fields(pid)?.get(2)?.parse().ok()
}

/// When `pid` started (clock ticks since boot), if it runs and is not a zombie: with the pid,
/// it names one process even after the pid is handed to another.
pub fn started(pid: u32) -> Option<u64> {
    let fields = stat_fields(pid)?;
    if fields.first()? == "Z" {
        return None;
    }
    fields.get(19)?.parse().ok()
}

/// The command line of `pid`, arguments joined by spaces.
pub fn cmdline(pid: u32) -> Option<String> {
    let raw = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    Some(String::from_utf8_lossy(&raw).split('\0').filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" "))
}

/// Whether `pid` looks like an OpenClaw gateway (so Buddy never signals an unrelated process
/// that happens to hold the port or a recycled pid).
pub fn is_gateway(pid: u32) -> bool {
    // The gateway retitles itself `openclaw-gateway` (the kernel keeps 15 bytes of it); before
    // that it is `node .../openclaw.mjs gateway run ...`.
    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
    if comm.trim().starts_with("openclaw-gatew") {
        return true;
    }
    cmdline(pid).is_some_and(|c| {
        let args: Vec<&str> = c.split(' ').collect();
        let runs_openclaw = args.iter().take(2).any(|a| a.ends_with("openclaw") || a.ends_with("openclaw.mjs"));
        runs_openclaw && args.iter().any(|a| *a == "gateway" || a.starts_with("openclaw-gateway"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_process() {
        let me = std::process::id();
        assert!(alive(me));
        assert!(process_group(me).is_some());
        assert!(started(me).is_some_and(|t| t > 0) && started(me) == started(me));
        assert!(cmdline(me).is_some_and(|c| !c.is_empty()));
        assert!(!is_gateway(me));
        assert!(!alive(u32::MAX - 1));
        assert!(started(u32::MAX - 1).is_none());
    }
}
