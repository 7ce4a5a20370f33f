//! The SDK's examples, compiled into the binary as `module new`'s templates: the same files
//! the SDK's own tests build, so a scaffold starts from code known to work — Rust ones with
//! their lock file, so a new module builds with the dependency versions the examples are
//! tested with.

use super::{Kind, Lang};

/// One template: the example module it is, and its files (path in the module's folder, text).
pub struct Template {
    pub kind: Kind,
    pub lang: Lang,
    /// The example's module name, replaced by the new module's.
    pub name: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

macro_rules! files {
    ($dir:literal: $($path:literal),+ $(,)?) => {
        &[$(($path, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../", $dir, "/", $path)))),+]
    };
}

/// Every template, one per kind and language.
pub const TEMPLATES: &[Template] = &[
    Template {
        kind: Kind::Domain,
        lang: Lang::Rust,
        name: "hello",
        files: files!("sdk/examples/hello": "Cargo.toml", "Cargo.lock", "module.toml", "src/lib.rs"),
    },
    Template {
        kind: Kind::Channel,
        lang: Lang::Rust,
        name: "channel-template",
        files: files!("sdk/examples/channel-template": "Cargo.toml", "Cargo.lock", "module.toml", "README.md", "src/lib.rs", "src/login.rs"),
    },
    Template {
        kind: Kind::Analyzer,
        lang: Lang::Rust,
        name: "analyzer-template",
        files: files!("sdk/examples/analyzer-template": "Cargo.toml", "Cargo.lock", "module.toml", "src/lib.rs"),
    },
    Template {
        kind: Kind::Domain,
        lang: Lang::Js,
        name: "hello-js",
        files: files!("sdk/js/examples/hello-js": "module.toml", "src/index.ts"),
    },
    Template {
        kind: Kind::Channel,
        lang: Lang::Js,
        name: "channel-template-js",
        files: files!("sdk/js/examples/channel-template-js": "module.toml", "src/index.ts", "src/login.ts"),
    },
    Template {
        kind: Kind::Analyzer,
        lang: Lang::Js,
        name: "analyzer-template-js",
        files: files!("sdk/js/examples/analyzer-template-js": "module.toml", "src/index.ts"),
    },
];

/// The template for a kind and language.
pub fn find(kind: Kind, lang: Lang) -> &'static Template {
    TEMPLATES.iter().find(|t| t.kind == kind && t.lang == lang).expect("a template for every kind and language")
}
