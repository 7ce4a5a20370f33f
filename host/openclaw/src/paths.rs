//! Where OpenClaw keeps its state, resolved the way OpenClaw itself resolves it:
//! `OPENCLAW_CONFIG_PATH` moves only the config file, `OPENCLAW_STATE_DIR` moves everything,
//! `OPENCLAW_HOME` is treated as HOME, and otherwise `~/.openclaw`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The state directory and config file of one OpenClaw install.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenClawPaths {
    pub state_dir: PathBuf,
    pub config_path: PathBuf,
}

impl OpenClawPaths {
    /// Resolves the paths from explicit settings first, then from `env`.
    pub fn resolve(
        state_dir: Option<&Path>,
        config_path: Option<&Path>,
        env: &dyn Fn(&str) -> Option<OsString>,
    ) -> Self {
        let non_empty = |k: &str| env(k).filter(|v| !v.is_empty()).map(PathBuf::from);
        let state_dir =
            state_dir.map(Path::to_path_buf).or_else(|| non_empty("OPENCLAW_STATE_DIR")).unwrap_or_else(|| {
                let home =
                    non_empty("OPENCLAW_HOME").or_else(|| non_empty("HOME")).unwrap_or_else(|| PathBuf::from("."));
                home.join(".openclaw")
            });
        let config_path = config_path
            .map(Path::to_path_buf)
            .or_else(|| non_empty("OPENCLAW_CONFIG_PATH"))
            .unwrap_or_else(|| state_dir.join("openclaw.json"));
        Self { state_dir, config_path }
    }

    /// What of this install holds credentials, private data or code the gateway runs, with
    /// why, and whether a sub-directory of it may be handed out (only the state directory
    /// itself: its `skills/` holds nothing secret). Module file grants may reach none of it:
    /// config edits go through the config store, workspace files through their capability.
    pub fn protected(&self) -> Vec<(PathBuf, &'static str, bool)> {
        let s = &self.state_dir;
        vec![
            (s.clone(), "OpenClaw's state directory: openclaw.json, credentials, agents' stores and sessions", true),
            (self.config_path.clone(), "openclaw.json, with the gateway token and provider keys", false),
            (s.join("credentials"), "channel credentials and pairing allow-lists", false),
            (s.join("state"), "the shared state database: OAuth tokens, secrets, pairing", false),
            (s.join("agents"), "agents' stores: model auth profiles, sessions and transcripts", false),
            (s.join("secrets.json"), "file-backed secrets", false),
            (s.join(".env"), "environment secrets", false),
            (s.join("npm"), "installed plugins: code the gateway runs", false),
            (s.join("extensions"), "installed plugins: code the gateway runs", false),
            (s.join("sandboxes"), "tool sandboxes: copies of the files agents handled", false),
        ]
    }

    /// Environment that makes the CLI use exactly these paths.
    pub fn cli_env(&self) -> Vec<(String, OsString)> {
        vec![
            ("OPENCLAW_STATE_DIR".into(), self.state_dir.clone().into_os_string()),
            ("OPENCLAW_CONFIG_PATH".into(), self.config_path.clone().into_os_string()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn follows_openclaw_precedence() {
        let p = OpenClawPaths::resolve(None, None, &env_of(&[("HOME", "/h")]));
        assert_eq!(p.state_dir, PathBuf::from("/h/.openclaw"));
        assert_eq!(p.config_path, PathBuf::from("/h/.openclaw/openclaw.json"));
        let p = OpenClawPaths::resolve(None, None, &env_of(&[("HOME", "/h"), ("OPENCLAW_HOME", "/z")]));
        assert_eq!(p.state_dir, PathBuf::from("/z/.openclaw"));
        let p = OpenClawPaths::resolve(
            None,
            None,
            &env_of(&[("OPENCLAW_STATE_DIR", "/s"), ("OPENCLAW_CONFIG_PATH", "/c.json")]),
        );
        assert_eq!(p, OpenClawPaths { state_dir: "/s".into(), config_path: "/c.json".into() });
        let p = OpenClawPaths::resolve(Some(Path::new("/x")), None, &env_of(&[("OPENCLAW_STATE_DIR", "/s")]));
        assert_eq!(p.config_path, PathBuf::from("/x/openclaw.json"));
    }

    #[test]
    fn protected_covers_the_config_credentials_and_agents() {
        let p = OpenClawPaths { state_dir: "/s".into(), config_path: "/etc/oc/openclaw.json".into() };
        let list = p.protected();
        for path in ["/s", "/etc/oc/openclaw.json", "/s/credentials", "/s/agents", "/s/state"] {
            assert!(list.iter().any(|(p, _, _)| p == Path::new(path)), "{path}");
        }
        assert_eq!(
            list.iter().filter(|(_, _, inside)| *inside).count(),
            1,
            "only the state dir allows sub-directories"
        );
    }
}
