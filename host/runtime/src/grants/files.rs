//! `files` grants: WASI preopens. The host side must start with one of Buddy's directory
//! variables so a manifest can never name an arbitrary host path; `..` is refused.

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
}
