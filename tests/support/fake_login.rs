//! A stand-in for `openclaw channels login` only: the WeChat service cannot be reached from
//! here, so the login process replays a recording of what the real plugin prints (see
//! `tests/fixtures/wechat/`; `tests/fixtures/acme/` for the channel templates' fictional
//! service), pausing where the real one waits for the phone. Every other
//! command is passed to the real `openclaw`.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Writes the wrapper into `dir`; `fixture` is the recording to replay.
pub fn write(dir: &Path, real_openclaw: &Path, fixture: &Path) -> PathBuf {
    let script = format!(
        r#"#!/bin/sh
# Test stand-in: replays a recorded `channels login`; everything else runs the real CLI.
if [ "$1" = "channels" ] && [ "$2" = "login" ]; then
  header=$(head -n 1 '{fixture}')
  tail -n +2 '{fixture}' | while IFS= read -r line; do
    printf '%s\n' "$line"
    case "$line" in
      *正在等待操作*|*正在验证*|*正在刷新二维码*|"Or open:"*|Scanned.*) sleep 1 ;;
    esac
  done
  case "$header" in
    *"still running"*) sleep 600 ;;
  esac
  code=$(printf '%s' "$header" | sed -n 's/.*exit \([0-9][0-9]*\).*/\1/p')
  exit "${{code:-0}}"
fi
exec '{real}' "$@"
"#,
        fixture = fixture.display(),
        real = real_openclaw.display()
    );
    let path = dir.join("openclaw-with-recorded-login");
    std::fs::write(&path, script).expect("write wrapper");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

/// A recording from `tests/fixtures/wechat/`.
pub fn fixture(name: &str) -> PathBuf {
    fixture_of("wechat", name)
}

/// A recording from `tests/fixtures/<channel>/` (`wechat`, `acme`).
pub fn fixture_of(channel: &str, name: &str) -> PathBuf {
    let path = super::root().join("tests/fixtures").join(channel).join(name);
    assert!(path.is_file(), "{}", path.display());
    path
}
