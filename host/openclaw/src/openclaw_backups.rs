//! OpenClaw's own copies of openclaw.json, kept beside it: `openclaw.json.bak` and the ring
//! `openclaw.json.bak.1` … `.bak.4` (each config write OpenClaw makes rotates them),
//! `openclaw.json.last-good` (the last config its gateway started with) and
//! `openclaw.json.pre-update` (taken before an update). A Buddy installed on a host whose
//! config is already broken has no backups of its own yet; these are what is left to heal from.

use std::path::Path;

/// The suffixes OpenClaw 2026.9.6 gives its copies (after the config's file name).
const FIXED_SUFFIXES: [&str; 3] = [".bak", ".last-good", ".pre-update"];

/// Whether `name` is one of OpenClaw's copies of the config file called `config_name`.
pub fn is_openclaw_backup_name(name: &str, config_name: &str) -> bool {
    let Some(suffix) = name.strip_prefix(config_name) else {
        return false;
    };
    FIXED_SUFFIXES.contains(&suffix)
        || suffix
            .strip_prefix(".bak.")
            .is_some_and(|n| !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The names of OpenClaw's copies present beside `config` (regular files only).
pub fn names(config: &Path) -> Vec<String> {
    let (Some(dir), Some(config_name)) = (config.parent(), config.file_name().and_then(|n| n.to_str())) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            (is_openclaw_backup_name(&name, config_name) && e.file_type().ok()?.is_file()).then_some(name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_openclaw_writes_and_nothing_else() {
        for good in ["openclaw.json.bak", "openclaw.json.bak.1", "openclaw.json.bak.4", "openclaw.json.last-good"] {
            assert!(is_openclaw_backup_name(good, "openclaw.json"), "{good}");
        }
        assert!(is_openclaw_backup_name("openclaw.json.pre-update", "openclaw.json"));
        for bad in [
            "openclaw.json",
            "openclaw.json.bak.",
            "openclaw.json.bak.x",
            "openclaw.json.bak.1/../x",
            "openclaw.json.tmp",
            "other.json.bak",
            "openclaw-20260101T000000.000Z.json",
        ] {
            assert!(!is_openclaw_backup_name(bad, "openclaw.json"), "{bad}");
        }
    }

    #[test]
    fn lists_only_regular_files_beside_the_config() {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("openclaw.json");
        for name in ["openclaw.json", "openclaw.json.bak", "openclaw.json.bak.2", "notes.txt"] {
            std::fs::write(dir.path().join(name), "{}").expect("write");
        }
        std::fs::create_dir(dir.path().join("openclaw.json.last-good")).expect("dir");
        let mut found = names(&config);
        found.sort();
        assert_eq!(found, ["openclaw.json.bak", "openclaw.json.bak.2"]);
    }
}
