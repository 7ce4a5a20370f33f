//! What `/proc` says about a process: alive, its command line, its process group.

/// Whether `pid` exists and is not a zombie.
pub fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next()) != Some("Z"),
        Err(_) => false,
    }
}

/// The process group of `pid`.
pub fn process_group(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name: state, ppid, pgrp, ...
    stat.rsplit_once(')')?.1.split_whitespace().nth(2)?.parse().ok()
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
        assert!(cmdline(me).is_some_and(|c| !c.is_empty()));
        assert!(!is_gateway(me));
        assert!(!alive(u32::MAX - 1));
    }
}
