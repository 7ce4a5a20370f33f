//! The environment of every process Buddy starts (the CLI, the gateway, the TUI, channel logins,
//! the maintenance shell): built from nothing, never inherited whole.
//!
//! Buddy's own environment holds its secrets (`BUDDY_TOKEN`, and whatever else an operator put
//! there for Buddy), and OpenClaw's processes run third-party code — plugins, skills, an agent's
//! tools. So a child gets only what OpenClaw and Node need to run ([`passes_on`]), then the
//! paths that pin it to this install, then `openclaw.env` from Buddy's config: the one way to
//! hand a child anything more, explicitly.

use std::ffi::{OsStr, OsString};

/// Names passed on exactly (both spellings of the proxy variables: tools read either).
const EXACT: &[&str] = &[
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "TERM",
    "LANG",
    "LANGUAGE",
    "TZ",
    "TMPDIR",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "all_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "ALL_PROXY",
];

/// Name prefixes passed on: locale categories, the XDG base directories, OpenClaw's own
/// settings, and Node's (`NODE_EXTRA_CA_CERTS`, `NODE_OPTIONS`…).
const PREFIXES: &[&str] = &["LC_", "XDG_", "OPENCLAW_", "NODE_"];

/// Whether a variable of Buddy's own environment reaches its children.
///
/// ```
/// use buddy_openclaw::child_env::passes_on;
/// assert!(passes_on("PATH") && passes_on("LC_ALL") && passes_on("OPENCLAW_STATE_DIR"));
/// assert!(!passes_on("BUDDY_TOKEN") && !passes_on("AWS_SECRET_ACCESS_KEY") && !passes_on("path"));
/// ```
pub fn passes_on(name: &str) -> bool {
    EXACT.contains(&name) || PREFIXES.iter().any(|p| name.len() > p.len() && name.starts_with(p))
}

/// A child's whole environment: the allowed part of `inherited`, then `pinned` (the install's
/// paths), then `configured` (`openclaw.env`); a later entry replaces an earlier one of the same
/// name, whatever it is called.
pub fn child_env(
    inherited: impl IntoIterator<Item = (OsString, OsString)>,
    pinned: &[(String, OsString)],
    configured: &[(String, OsString)],
) -> Vec<(String, OsString)> {
    let mut env: Vec<(String, OsString)> = inherited
        .into_iter()
        .filter_map(|(k, v)| k.into_string().ok().filter(|k| passes_on(k)).map(|k| (k, v)))
        .collect();
    for (k, v) in pinned.iter().chain(configured) {
        env.retain(|(name, _)| name != k);
        env.push((k.clone(), v.clone()));
    }
    env
}

/// A `tokio` command for `bin` whose environment is exactly `env` (see [`child_env`]).
pub fn command(bin: impl AsRef<OsStr>, env: &[(String, OsString)]) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(bin);
    cmd.env_clear().envs(env.iter().map(|(k, v)| (k, v)));
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(pairs: &[(&str, &str)]) -> Vec<(OsString, OsString)> {
        pairs.iter().map(|(k, v)| (OsString::from(k), OsString::from(v))).collect()
    }

    #[test]
    fn keeps_what_children_need_and_nothing_of_buddy() {
        let inherited = os(&[
            ("PATH", "/usr/bin"),
            ("HOME", "/home/op"),
            ("LC_ALL", "C.UTF-8"),
            ("NODE_EXTRA_CA_CERTS", "/etc/ca.pem"),
            ("https_proxy", "http://proxy:3128"),
            ("OPENCLAW_GATEWAY_TOKEN", "for-openclaw"),
            ("BUDDY_TOKEN", "the-api-token"),
            ("BUDDY_CONFIG", "/etc/buddy.toml"),
            ("AWS_SECRET_ACCESS_KEY", "cloud-secret"),
            ("LC_", "no name after the prefix"),
        ]);
        let pinned = vec![("OPENCLAW_STATE_DIR".to_string(), OsString::from("/state"))];
        let configured = vec![
            ("PATH".to_string(), OsString::from("/opt/node/bin:/usr/bin")),
            ("EXTRA".to_string(), OsString::from("granted")),
        ];
        let env = child_env(inherited, &pinned, &configured);
        let names: Vec<&str> = env.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "HOME",
                "LC_ALL",
                "NODE_EXTRA_CA_CERTS",
                "https_proxy",
                "OPENCLAW_GATEWAY_TOKEN",
                "OPENCLAW_STATE_DIR",
                "PATH",
                "EXTRA"
            ]
        );
        assert_eq!(
            env.iter().find(|(k, _)| k == "PATH").map(|(_, v)| v.as_os_str()),
            Some(OsStr::new("/opt/node/bin:/usr/bin"))
        );
    }

    #[tokio::test]
    async fn a_command_sees_only_its_environment() {
        let env = vec![("ONLY".to_string(), OsString::from("this"))];
        let out = command("/usr/bin/env", &env).output().await.expect("run env");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "ONLY=this\n");
    }
}
