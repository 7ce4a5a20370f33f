//! `files` grants: WASI preopens. The host side must start with one of Buddy's directory
//! variables so a manifest can never name an arbitrary host path; `..` is refused.
//!
//! Some directories are never opened, whatever the variable: OpenClaw's state directory itself
//! and what holds openclaw.json, credentials, agents' stores and sessions, and Buddy's token,
//! database and module code ([`Protected`]). A grant that would open one, reach inside one or
//! contain one is refused at load, and checked again (symlinks resolved) before every call.

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Read-only or read-write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Ro,
    Rw,
}

/// One preopen, host side still symbolic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileGrant {
    pub host: String,
    pub guest: String,
    pub mode: Mode,
}

/// The directories a files grant may start from.
#[derive(Debug, Clone)]
pub struct DirVars {
    pub experts: PathBuf,
    pub openclaw_state: PathBuf,
    pub module_data: PathBuf,
}

/// A host path no files grant may open (nor contain, nor, unless `inside_allowed`, reach into),
/// and why, in words an operator reads in the refusal.
#[derive(Debug, Clone)]
pub struct Protected {
    pub path: PathBuf,
    pub why: String,
    /// A grant on a sub-directory is fine (the state directory's `skills/`), only the
    /// directory itself and its ancestors are refused.
    pub inside_allowed: bool,
}

/// The variables, in the form manifests use.
pub const VARIABLES: &[&str] = &["$EXPERTS", "$OPENCLAW_STATE", "$MODULE_DATA"];

impl FileGrant {
    /// Validates a grant from a manifest.
    pub fn parse(host: &str, guest: &str, mode: Mode) -> Result<Self, String> {
        let (var, rest) = host.split_once('/').unwrap_or((host, ""));
        if !VARIABLES.contains(&var) {
            return Err(format!("files host {host:?} must start with one of {}", VARIABLES.join(", ")));
        }
        if Path::new(rest).components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(format!("files host {host:?} may only name plain sub-directories (no \"..\")"));
        }
        if !guest.starts_with('/') || Path::new(guest).components().any(|c| matches!(c, Component::ParentDir)) {
            return Err(format!("files guest {guest:?} must be an absolute path without \"..\""));
        }
        Ok(Self { host: host.to_string(), guest: guest.to_string(), mode })
    }

    /// The real host directory.
    pub fn resolve(&self, vars: &DirVars) -> PathBuf {
        let (var, rest) = self.host.split_once('/').unwrap_or((self.host.as_str(), ""));
        let base = match var {
            "$EXPERTS" => &vars.experts,
            "$OPENCLAW_STATE" => &vars.openclaw_state,
            _ => &vars.module_data,
        };
        if rest.is_empty() { base.clone() } else { base.join(rest) }
    }

    /// Refuses a grant whose directory is, contains or lies inside a protected path.
    pub fn check_protected(&self, vars: &DirVars, protected: &[Protected]) -> Result<(), String> {
        let dir = real_path(&self.resolve(vars));
        for p in protected {
            let guarded = real_path(&p.path);
            let holds = guarded.starts_with(&dir);
            let inside = !p.inside_allowed && dir.starts_with(&guarded);
            if holds || inside {
                return Err(format!(
                    "files grant {:?} would open {} ({}), which no module may reach",
                    self.host,
                    guarded.display(),
                    p.why
                ));
            }
        }
        Ok(())
    }
}

/// `path` with symlinks resolved as far as it exists (the rest appended), so a link cannot
/// smuggle a protected directory in under another name.
fn real_path(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let vars = DirVars { experts: "/e".into(), openclaw_state: "/s".into(), module_data: "/d/m".into() };
        let g = FileGrant::parse("$OPENCLAW_STATE/skills", "/managed-skills", Mode::Rw).expect("valid");
        assert_eq!(g.resolve(&vars), PathBuf::from("/s/skills"));
        assert_eq!(
            FileGrant::parse("$EXPERTS", "/experts", Mode::Ro).expect("valid").resolve(&vars),
            PathBuf::from("/e")
        );
        for (host, guest) in
            [("/etc", "/x"), ("$HOME", "/x"), ("$EXPERTS/../..", "/x"), ("$EXPERTS", "rel"), ("$EXPERTS", "/a/../b")]
        {
            assert!(FileGrant::parse(host, guest, Mode::Ro).is_err(), "{host} {guest}");
        }
    }

    #[test]
    fn protected_directories_are_refused_even_through_a_symlink() {
        let tmp = std::env::temp_dir().join(format!("buddy-files-grant-{}", std::process::id()));
        let state = tmp.join("state");
        std::fs::create_dir_all(state.join("skills")).expect("skills");
        std::fs::create_dir_all(state.join("agents/main")).expect("agents");
        let vars = DirVars { experts: tmp.join("experts"), openclaw_state: state.clone(), module_data: tmp.join("d") };
        let protected = [
            Protected { path: state.clone(), why: "the state directory".into(), inside_allowed: true },
            Protected { path: state.join("agents"), why: "agents' stores".into(), inside_allowed: false },
        ];
        let grant = |host: &str| FileGrant::parse(host, "/x", Mode::Ro).expect("valid");
        assert!(grant("$OPENCLAW_STATE/skills").check_protected(&vars, &protected).is_ok());
        for host in ["$OPENCLAW_STATE", "$OPENCLAW_STATE/agents", "$OPENCLAW_STATE/agents/main/agent"] {
            let err = grant(host).check_protected(&vars, &protected).unwrap_err();
            assert!(err.contains("no module may reach"), "{host}: {err}");
        }
        // $EXPERTS made a link to the state dir is still the state dir.
        std::os::unix::fs::symlink(&state, tmp.join("experts")).expect("symlink");
        assert!(grant("$EXPERTS").check_protected(&vars, &protected).is_err());
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
