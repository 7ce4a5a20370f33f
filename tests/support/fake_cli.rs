//! A tiny fake `openclaw`, used only to inject faults the real CLI cannot produce on demand:
//! hanging (with a child process, to prove the whole group is killed), printing garbage,
//! crashing, and printing log lines before its JSON.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const SCRIPT: &str = r#"#!/bin/sh
# Fault-injecting stand-in for the openclaw CLI (tests only). The mode is the first argument.
case "$1" in
  hang)
    sleep 600 &
    echo $! > "$2"
    wait ;;
  garbage)
    echo 'this is not json {'; exit 0 ;;
  crash)
    echo 'boom: config exploded (token sk-secret-123456789)' >&2; exit 3 ;;
  fail-json)
    echo '{"ok":false,"error":{"type":"cli_error","message":"plugin not installed: nope"}}'; echo 'human text' >&2; exit 1 ;;
  logs-then-json)
    printf '\033[33m[plugins]\033[0m loading\n[gateway] warming\n{"ok":true,"items":[1,2,3]}\n' ; exit 0 ;;
  big)
    head -c 10000000 /dev/zero | tr '\0' 'x'; exit 0 ;;
  *)
    echo "unknown mode $1" >&2; exit 2 ;;
esac
"#;

/// Writes the fake CLI into `dir` and returns its path.
pub fn write(dir: &Path) -> PathBuf {
    let path = dir.join("fake-openclaw");
    std::fs::write(&path, SCRIPT).expect("write fake cli");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}
