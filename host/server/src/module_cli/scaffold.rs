//! `module new`: a module's folder from the template of its kind and language, renamed, ready
//! to build. The name is held to Buddy's own rule (and may not be a built-in module's), so
//! what is scaffolded passes `module check` once built.

use std::path::Path;

use anyhow::{Context, bail};
use buddy_runtime::manifest::is_module_name;

use super::templates::{self, Template};
use super::{Lang, NewArgs};

/// What the SDK is called where a module depends on it.
const RUST_SDK_VERSION: &str = "0.1.0";
const JS_SDK_PACKAGE: &str = "@openclaw-buddy/sdk";
const JS_SDK_VERSION: &str = "0.1.0";

pub fn run(args: &NewArgs) -> anyhow::Result<()> {
    let name = args.name.as_str();
    if !is_module_name(name) {
        bail!("name {name:?} must match ^[a-z][a-z0-9-]{{0,31}}$");
    }
    if crate::builtins::BUILTINS.iter().any(|b| b.name == name) {
        bail!("the name {name:?} belongs to a built-in module");
    }
    let target = args.dir.join(name);
    if target.exists() && std::fs::read_dir(&target).map(|mut d| d.next().is_some()).unwrap_or(true) {
        bail!("{} exists and is not empty", target.display());
    }
    let sdk = match &args.sdk {
        Some(p) => Some(std::fs::canonicalize(p).with_context(|| format!("--sdk {}", p.display()))?),
        None => None,
    };
    let template = templates::find(args.kind, args.lang);
    for (path, text) in template.files {
        let file = target.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        let text = rename(text, template.name, name);
        let text = if *path == "Cargo.toml" { rust_dependency(&text, sdk.as_deref())? } else { text };
        std::fs::write(&file, text).with_context(|| format!("writing {}", file.display()))?;
    }
    if args.lang == Lang::Js {
        let file = target.join("package.json");
        std::fs::write(&file, package_json(name, sdk.as_deref()))
            .with_context(|| format!("writing {}", file.display()))?;
    }
    eprintln!("{}", next_steps(template, &target));
    Ok(())
}

/// Renames the example: its name where it is a value (`name = "…"`, `NAME = "…"`, `analyzer =
/// "…"`) and its route prefix. Prose that mentions the example's folder stays as it is.
fn rename(text: &str, from: &str, to: &str) -> String {
    text.replace(&format!("\"{from}\""), &format!("\"{to}\"")).replace(&format!("/v1/{from}"), &format!("/v1/{to}"))
}

/// The example depends on the SDK by version and, inside the repository, by path: keep the
/// version, and the path only when `--sdk` names one.
fn rust_dependency(manifest: &str, sdk: Option<&Path>) -> anyhow::Result<String> {
    let inside = ", path = \"../..\"";
    if !manifest.contains(inside) {
        bail!("the template's Cargo.toml no longer depends on the SDK by path; update the scaffold");
    }
    let path = match sdk {
        Some(p) => format!(", path = {:?}", p.display().to_string()),
        None => String::new(),
    };
    let manifest = manifest.replacen(inside, &path, 1);
    Ok(manifest.replace(
        "# The published SDK by version. Inside Buddy's repository the path is used instead; a copy\n# elsewhere drops `path` (or keeps it pointing at a checkout of the SDK).",
        &format!("# The SDK, version {RUST_SDK_VERSION}{}.", if sdk.is_some() { ", from the folder given to `module new --sdk`" } else { "" }),
    ))
}

fn package_json(name: &str, sdk: Option<&Path>) -> String {
    let spec = match sdk {
        Some(p) => format!("file:{}", p.display()),
        None => JS_SDK_VERSION.to_string(),
    };
    let quote = |s: &str| serde_json::Value::from(s).to_string();
    format!(
        "{{\n  \"name\": {},\n  \"version\": \"0.1.0\",\n  \"private\": true,\n  \"type\": \"module\",\n  \"scripts\": {{ \"build\": \"buddy-module build\" }},\n  \"devDependencies\": {{ {}: {} }}\n}}\n",
        quote(name),
        quote(JS_SDK_PACKAGE),
        quote(&spec)
    )
}

fn next_steps(template: &Template, target: &Path) -> String {
    let dir = target.display();
    let build = match template.lang {
        Lang::Rust => "cargo build --release --target wasm32-wasip2",
        Lang::Js => "npm install && npm run build",
    };
    format!(
        "Created {dir} from the {} template. Next:\n  cd {dir}\n  {build}\n  openclaw-buddy module check .\n  openclaw-buddy module install . --approve",
        template.name
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renaming_touches_values_and_the_prefix_not_prose() {
        let text = "name = \"hello\"\nprefix = \"/v1/hello\"\n// the hello example\nconst NAME: &str = \"hello\";";
        assert_eq!(
            rename(text, "hello", "hi"),
            "name = \"hi\"\nprefix = \"/v1/hi\"\n// the hello example\nconst NAME: &str = \"hi\";"
        );
    }

    #[test]
    fn the_package_json_is_json_naming_the_sdk() {
        let doc: serde_json::Value =
            serde_json::from_str(&package_json("hi", Some(Path::new("/sdk/js")))).expect("json");
        assert_eq!(doc["name"], "hi");
        assert_eq!(doc["devDependencies"][JS_SDK_PACKAGE], "file:/sdk/js");
        let doc: serde_json::Value = serde_json::from_str(&package_json("hi", None)).expect("json");
        assert_eq!(doc["devDependencies"][JS_SDK_PACKAGE], JS_SDK_VERSION);
    }

    #[test]
    fn every_template_depends_on_the_sdk_as_the_scaffold_expects() {
        for t in templates::TEMPLATES.iter().filter(|t| t.lang == Lang::Rust) {
            let (_, manifest) = t.files.iter().find(|(p, _)| *p == "Cargo.toml").expect("Cargo.toml");
            let published = rust_dependency(manifest, None).expect(t.name);
            assert!(published.contains("version = \"0.1.0\" }") && !published.contains("path ="), "{published}");
            let local = rust_dependency(manifest, Some(Path::new("/sdk"))).expect(t.name);
            assert!(local.contains("path = \"/sdk\""), "{local}");
        }
    }
}
