//! What a module may do, compiled from its manifest. Deny by default: a capability with no
//! grant refuses every call. One grant type per file, each with an `allows()` check.

pub mod cli;
pub mod config;
pub mod files;
pub mod http;
pub mod secrets;
pub mod workspace;

use serde::Serialize;

/// All grants of one module, validated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Grants {
    pub cli: Vec<cli::ArgvPattern>,
    pub config: Vec<config::PointerGrant>,
    pub files: Vec<files::FileGrant>,
    pub workspace_files: workspace::WorkspaceGrant,
    pub http: Vec<http::HostGrant>,
    pub kv: bool,
    pub events: bool,
    /// Config pointers read in clear (everything else secret is masked).
    pub secrets: secrets::SecretGrant,
}

impl Grants {
    /// The capability names granted, for `GET /v1/modules`.
    pub fn capability_names(&self) -> Vec<&'static str> {
        let mut out = vec!["log"];
        if !self.cli.is_empty() {
            out.push("openclaw-cli");
        }
        if !self.config.is_empty() {
            out.push("openclaw-config");
        }
        if !self.files.is_empty() {
            out.push("files");
        }
        if !self.workspace_files.names.is_empty() {
            out.push("workspace-files");
        }
        if !self.http.is_empty() {
            out.push("http");
        }
        if self.kv {
            out.push("kv");
        }
        if self.events {
            out.push("events");
        }
        out
    }
}
