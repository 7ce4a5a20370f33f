//! `module.toml`: a module's name, version, world, WIT version, route prefix, limits, grants,
//! and optionally its reply cache and the shapes of its routes (`[api]`, `route_api.rs`).
//! Unknown keys are refused; [`Manifest::check`] reports every problem at once. What a manifest
//! asks for is a request: the operator narrows it (`narrowing.rs`) and approves the result.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::grants::{
    Grants,
    cli::ArgvPattern,
    config::{Access, PointerGrant},
    files::{FileGrant, Mode},
    http::HostGrant,
    secrets::SecretGrant,
    workspace::WorkspaceGrant,
};
pub use crate::limits::Limits;
pub use crate::reply_cache::{CacheSpec, Invalidation};
pub use crate::route_api::{RouteApi, RouteApiSpec};

/// WIT package versions this host implements (each has a folder of bindings, `v0_1_0/`…).
pub const SUPPORTED_WIT: &[&str] = &["0.1.0"];

/// Worlds this host can run.
pub const SUPPORTED_WORLDS: &[&str] = &["domain", "channel-module", "analyzer-module"];

/// The parsed manifest.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub name: String,
    pub version: String,
    pub world: String,
    pub wit: String,
    /// Route prefix; required for the `domain` world, absent for analyzers (they serve no routes).
    #[serde(default)]
    pub prefix: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub grants: GrantSpec,
    /// GET routes whose replies the host keeps, and what makes them stale (`reply_cache.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<CacheSpec>,
    /// Request and reply shapes of routes, keyed `"<METHOD> <path below the prefix>"`
    /// (`route_api.rs`); optional, so a manifest without it describes its routes without them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub api: BTreeMap<String, RouteApiSpec>,
}

/// Grants as written in the manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct GrantSpec {
    pub cli: Vec<Vec<String>>,
    pub config: Vec<ConfigGrantSpec>,
    pub files: Vec<FileGrantSpec>,
    pub workspace_files: Vec<String>,
    pub http: Vec<String>,
    pub kv: bool,
    pub events: bool,
    /// Config pointers whose secret values the module reads in clear.
    pub secrets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigGrantSpec {
    pub pointer: String,
    pub access: Access,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FileGrantSpec {
    pub host: String,
    pub guest: String,
    pub mode: Mode,
}

impl Manifest {
    /// Parses TOML text.
    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| format!("module.toml: {}", e.message()))
    }

    /// Checks every rule and compiles the grants; all problems are returned together.
    pub fn check(&self) -> Result<Grants, Vec<String>> {
        let mut problems = Vec::new();
        if !is_module_name(&self.name) {
            problems.push(format!("name {:?} must match ^[a-z][a-z0-9-]{{0,31}}$", self.name));
        }
        if self.version.trim().is_empty() || self.version.len() > 32 {
            problems.push("version must be a short non-empty string such as 0.1.0".into());
        }
        if !SUPPORTED_WIT.contains(&self.wit.as_str()) {
            problems.push(format!(
                "wit {:?} is not offered by this host (offered: {})",
                self.wit,
                SUPPORTED_WIT.join(", ")
            ));
        }
        if !SUPPORTED_WORLDS.contains(&self.world.as_str()) {
            problems.push(format!(
                "world {:?} is not runnable by this host (runnable: {})",
                self.world,
                SUPPORTED_WORLDS.join(", ")
            ));
        }
        match (self.world.as_str(), &self.prefix) {
            ("domain", Some(prefix)) => {
                if let Err(e) = check_prefix(prefix) {
                    problems.push(e);
                }
            }
            ("domain", None) => problems.push("prefix is required for the domain world".into()),
            (_, Some(_)) => problems.push(format!("prefix: the {} world serves no routes; remove it", self.world)),
            (_, None) => {}
        }
        problems.extend(self.limits.problems());
        if let Some(cache) = &self.cache {
            problems.extend(cache.problems(&self.world, !self.grants.files.is_empty()));
        }
        problems.extend(crate::route_api::problems(&self.api, &self.world));
        match self.grants.compile() {
            Ok(grants) if problems.is_empty() => Ok(grants),
            Ok(_) => Err(problems),
            Err(more) => {
                problems.extend(more);
                Err(problems)
            }
        }
    }
}

impl GrantSpec {
    /// Validates every grant and compiles them; all problems are returned together.
    pub fn compile(&self) -> Result<Grants, Vec<String>> {
        let mut problems = Vec::new();
        let mut grants = Grants { kv: self.kv, events: self.events, ..Default::default() };
        for pattern in &self.cli {
            match ArgvPattern::parse(pattern) {
                Ok(p) => grants.cli.push(p),
                Err(e) => problems.push(e),
            }
        }
        for c in &self.config {
            match PointerGrant::parse(&c.pointer, c.access) {
                Ok(p) => grants.config.push(p),
                Err(e) => problems.push(e),
            }
        }
        for f in &self.files {
            match FileGrant::parse(&f.host, &f.guest, f.mode) {
                Ok(p) => grants.files.push(p),
                Err(e) => problems.push(e),
            }
        }
        match WorkspaceGrant::parse(&self.workspace_files) {
            Ok(w) => grants.workspace_files = w,
            Err(e) => problems.extend(e),
        }
        for h in &self.http {
            match HostGrant::parse(h) {
                Ok(p) => grants.http.push(p),
                Err(e) => problems.push(e),
            }
        }
        match SecretGrant::parse(&self.secrets, &grants.config) {
            Ok(s) => grants.secrets = s,
            Err(e) => problems.extend(e),
        }
        if problems.is_empty() { Ok(grants) } else { Err(problems) }
    }
}

/// `^[a-z][a-z0-9-]{0,31}$`.
pub fn is_module_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= 32
        && b[0].is_ascii_lowercase()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

fn check_prefix(prefix: &str) -> Result<(), String> {
    let ok = prefix.starts_with("/v1/")
        && !prefix.ends_with('/')
        && prefix[1..]
            .split('/')
            .all(|s| !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
    let reserved = ["/v1/modules", "/v1/system", "/v1/ws", "/v1/proxy"]
        .iter()
        .any(|r| prefix == *r || prefix.starts_with(&format!("{r}/")));
    if !ok {
        Err(format!("prefix {prefix:?} must look like /v1/<segment>[/<segment>...] with no trailing slash"))
    } else if reserved {
        Err(format!("prefix {prefix:?} is reserved for Buddy's own routes"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
name = "skills"
version = "0.1.0"
world = "domain"
wit = "0.1.0"
prefix = "/v1/openclaw/skills"
[limits]
cpu_ms = 60000
[grants]
cli = [["skills", "list", "--json", "--agent", "*"]]
config = [{ pointer = "/skills/entries", access = "write" }]
files = [{ host = "$OPENCLAW_STATE/skills", guest = "/managed-skills", mode = "rw" }]
kv = true
"#;

    #[test]
    fn a_good_manifest_compiles_its_grants() {
        let m = Manifest::parse(GOOD).expect("parse");
        let g = m.check().expect("check");
        assert_eq!(g.capability_names(), vec!["log", "openclaw-cli", "openclaw-config", "files", "kv"]);
        assert_eq!(m.limits.memory_mb, 64, "defaults fill what is not given");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = Manifest::parse(&format!("{GOOD}\nsuperpowers = true\n")).unwrap_err();
        assert!(err.contains("superpowers"), "{err}");
    }

    #[test]
    fn a_reply_cache_is_checked_with_the_rest() {
        let cached = format!("{GOOD}\n[cache]\nroutes = [\"/list\"]\ninvalidate = [\"files\", \"writes\"]\n");
        let m = Manifest::parse(&cached).expect("parse");
        m.check().expect("a files grant to watch");
        assert_eq!(m.cache.map(|c| c.invalidate), Some(vec![Invalidation::Files, Invalidation::Writes]));
        let err =
            Manifest::parse(&format!("{GOOD}\n[cache]\nroutes = [\"/list\"]\ninvalidate = [\"clock\"]\n")).unwrap_err();
        assert!(err.contains("clock") && err.contains("files"), "{err}");
        let unwatched = GOOD.replace(
            "files = [{ host = \"$OPENCLAW_STATE/skills\", guest = \"/managed-skills\", mode = \"rw\" }]\n",
            "",
        );
        let problems =
            Manifest::parse(&format!("{unwatched}\n[cache]\nroutes = [\"list\"]\ninvalidate = [\"files\"]\n"))
                .expect("parse")
                .check()
                .unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:#?}");
    }

    #[test]
    fn a_manifest_without_api_describes_no_shapes() {
        let m = Manifest::parse(GOOD).expect("parse");
        assert!(m.api.is_empty());
        m.check().expect("check");
    }

    #[test]
    fn an_api_table_parses_into_route_shapes() {
        let text = format!(
            r#"{GOOD}
[api."GET /"]
query = '''{{"type": "object", "properties": {{"agent": {{"type": "string"}}}}}}'''
reply = '''
{{"type": "array", "items": {{"type": "object", "required": ["name"], "properties": {{"name": {{"type": "string"}}}}}}}}
'''

[api."POST /:name/disable"]
body = '''{{"type": "object"}}'''
"#
        );
        let m = Manifest::parse(&text).expect("parse");
        m.check().expect("check");
        assert_eq!(m.api.len(), 2);
        let get = crate::route_api::find(&m.api, "GET", "/").expect("GET /");
        assert_eq!(get.reply.expect("reply")["items"]["required"], serde_json::json!(["name"]));
        assert!(get.query.is_some() && get.body.is_none());
        let post = crate::route_api::find(&m.api, "POST", "/:name/disable").expect("POST");
        assert_eq!(post, RouteApi { body: Some(serde_json::json!({"type": "object"})), ..Default::default() });
    }

    #[test]
    fn api_problems_are_reported_with_the_rest() {
        let text = format!(
            r#"{GOOD}
[api."GET /"]
reply = '''{{"type": '''
query = '''{{"type": "string"}}'''
body = '''{{"$ref": "https://example.com/x.json"}}'''

[api."get /"]
reply = '''[]'''
"#
        );
        let problems = Manifest::parse(&text).expect("parse").check().unwrap_err();
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems.iter().any(|p| p.starts_with("api.\"GET /\".reply: not JSON: ")), "{problems:#?}");
        assert!(problems.iter().any(|p| p.starts_with("api.\"GET /\".query: must be an object schema")));
        assert!(problems.iter().any(|p| p.starts_with("api.\"GET /\".body: $ref")));
        assert!(problems.iter().any(|p| p.starts_with("api.\"get /\": a key must be")));
        assert!(problems.iter().any(|p| p.starts_with("api.\"get /\".reply: a schema must be a JSON object")));
        let unknown = Manifest::parse(&format!("{GOOD}\n[api.\"GET /\"]\nresponse = '{{}}'\n")).unwrap_err();
        assert!(unknown.contains("response"), "{unknown}");
    }

    #[test]
    fn the_built_in_manifests_check() {
        let builtins = [
            include_str!("../../../modules/skills/module.toml"),
            include_str!("../../../modules/experts/module.toml"),
            include_str!("../../../modules/wechat/module.toml"),
            include_str!("../../../modules/telegram/module.toml"),
            include_str!("../../../modules/heal-analyzer/module.toml"),
            include_str!("../../../modules/line-diff/module.toml"),
        ];
        for text in builtins {
            let m = Manifest::parse(text).expect("parse");
            m.check().unwrap_or_else(|p| panic!("{}: {p:#?}", m.name));
            for key in m.api.keys() {
                let (method, path) = key.split_once(' ').expect("METHOD /path");
                let api = crate::route_api::find(&m.api, method, path).expect("shapes");
                assert!(api.reply.is_some(), "{}: {key} describes its reply", m.name);
            }
        }
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text = r#"
name = "Bad Name"
version = ""
world = "galaxy"
wit = "9.9.9"
prefix = "/v1/modules/x"
[limits]
memory_mb = 100000
[grants]
cli = [["*"]]
files = [{ host = "/etc", guest = "/etc", mode = "ro" }]
workspace_files = ["../x"]
http = ["nowhere"]
"#;
        let problems = Manifest::parse(text).expect("parse").check().unwrap_err();
        assert_eq!(problems.len(), 10, "{problems:#?}");
    }
}
