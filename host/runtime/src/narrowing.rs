//! The operator's narrowing of a module's grants (`[modules.<name>.grants]` in buddy.toml): a
//! manifest asks, the operator may only take away. Every key given replaces the manifest's
//! list with a subset of it; a key left out keeps what the manifest asks. Anything the
//! manifest did not ask for is refused, naming it, so a typo never widens a module.

use serde::Deserialize;

use crate::grants::config::{Access, covers};
use crate::grants::files::Mode;
use crate::manifest::{ConfigGrantSpec, FileGrantSpec, GrantSpec};

/// Narrowed grants; `None` keeps the manifest's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narrowing {
    pub cli: Option<Vec<Vec<String>>>,
    /// A pointer at or below a requested one, with the same or less access.
    pub config: Option<Vec<ConfigGrantSpec>>,
    /// A requested mount, possibly read-only where read-write was asked.
    pub files: Option<Vec<FileGrantSpec>>,
    pub workspace_files: Option<Vec<String>>,
    pub http: Option<Vec<String>>,
    pub kv: Option<bool>,
    pub events: Option<bool>,
    pub secrets: Option<Vec<String>>,
}

impl Narrowing {
    /// `requested` narrowed; every entry that would add something is a problem.
    pub fn apply(&self, requested: &GrantSpec) -> Result<GrantSpec, Vec<String>> {
        let mut problems = Vec::new();
        let mut out = requested.clone();
        let mut not_asked = |what: String| {
            problems.push(format!(
                "buddy.toml grants {what}, which the manifest does not request; narrowing can only remove"
            ))
        };
        if let Some(cli) = &self.cli {
            for p in cli.iter().filter(|p| !requested.cli.contains(p)) {
                not_asked(format!("cli {p:?}"));
            }
            out.cli = cli.clone();
        }
        if let Some(config) = &self.config {
            for c in config {
                let within = requested
                    .config
                    .iter()
                    .any(|r| covers(&r.pointer, &c.pointer) && (r.access == Access::Write || c.access == Access::Read));
                if !within {
                    not_asked(format!("config {} ({:?})", c.pointer, c.access));
                }
            }
            out.config = config.clone();
        }
        if let Some(files) = &self.files {
            for f in files {
                let within = requested
                    .files
                    .iter()
                    .any(|r| r.host == f.host && r.guest == f.guest && (r.mode == Mode::Rw || f.mode == Mode::Ro));
                if !within {
                    not_asked(format!("files {} at {} ({:?})", f.host, f.guest, f.mode));
                }
            }
            out.files = files.clone();
        }
        if let Some(names) = &self.workspace_files {
            for n in names.iter().filter(|n| !requested.workspace_files.contains(n)) {
                not_asked(format!("workspace_files {n:?}"));
            }
            out.workspace_files = names.clone();
        }
        if let Some(http) = &self.http {
            for h in http.iter().filter(|h| !requested.http.contains(h)) {
                not_asked(format!("http {h:?}"));
            }
            out.http = http.clone();
        }
        if let Some(kv) = self.kv {
            if kv && !requested.kv {
                not_asked("kv".into());
            }
            out.kv = kv;
        }
        if let Some(events) = self.events {
            if events && !requested.events {
                not_asked("events".into());
            }
            out.events = events;
        }
        if let Some(secrets) = &self.secrets {
            for s in secrets.iter().filter(|s| !requested.secrets.iter().any(|r| covers(r, s))) {
                not_asked(format!("secrets {s:?}"));
            }
            out.secrets = secrets.clone();
        }
        if problems.is_empty() { Ok(out) } else { Err(problems) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requested() -> GrantSpec {
        GrantSpec {
            cli: vec![vec!["plugins".into(), "list".into(), "--json".into()]],
            config: vec![ConfigGrantSpec { pointer: "/channels".into(), access: Access::Write }],
            files: vec![FileGrantSpec { host: "$MODULE_DATA".into(), guest: "/data".into(), mode: Mode::Rw }],
            http: vec!["127.0.0.1:8080".into()],
            kv: true,
            ..Default::default()
        }
    }

    #[test]
    fn only_removes() {
        let n = Narrowing {
            config: Some(vec![ConfigGrantSpec { pointer: "/channels/acme".into(), access: Access::Read }]),
            files: Some(vec![FileGrantSpec { host: "$MODULE_DATA".into(), guest: "/data".into(), mode: Mode::Ro }]),
            http: Some(vec![]),
            kv: Some(false),
            ..Default::default()
        };
        let out = n.apply(&requested()).expect("a narrowing");
        assert_eq!(out.cli, requested().cli, "a key left out keeps the manifest's");
        assert_eq!(
            (out.config[0].access, out.files[0].mode, out.http.len(), out.kv),
            (Access::Read, Mode::Ro, 0, false)
        );
    }

    #[test]
    fn anything_not_requested_is_refused() {
        let n = Narrowing {
            cli: Some(vec![vec!["plugins".into(), "install".into(), "*".into()]]),
            config: Some(vec![ConfigGrantSpec { pointer: "/gateway".into(), access: Access::Read }]),
            files: Some(vec![FileGrantSpec { host: "$OPENCLAW_STATE".into(), guest: "/data".into(), mode: Mode::Ro }]),
            events: Some(true),
            secrets: Some(vec!["/channels/acme/botToken".into()]),
            ..Default::default()
        };
        let problems = n.apply(&requested()).unwrap_err();
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems.iter().all(|p| p.contains("can only remove")), "{problems:?}");
    }
}
