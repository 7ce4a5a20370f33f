//! Expert templates: one JSON file each under `/experts` (a read-only preopen of `$EXPERTS`).

use buddy_sdk::{Response, Value, files, log, validate};
use serde::Deserialize;

use crate::lang::Lang;

/// Where the host mounts the templates.
const EXPERTS_DIR: &str = "/experts";

/// One template as stored on disk. Only `id`, `name`, `soul` and `identity_md` are required;
/// a missing English text falls back to the Chinese one.
#[derive(Debug, Deserialize)]
pub struct Template {
    pub id: String,
    name: String,
    #[serde(default)]
    name_en: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    description_en: Option<String>,
    #[serde(default)]
    pub emoji: String,
    #[serde(default)]
    pub category: String,
    soul: String,
    #[serde(default)]
    soul_en: Option<String>,
    identity_md: String,
    #[serde(default)]
    identity_md_en: Option<String>,
    #[serde(default)]
    pub skills: Vec<Value>,
}

impl Template {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name, self.name_en.as_deref())
    }

    pub fn description(&self, lang: Lang) -> &str {
        lang.pick(&self.description, self.description_en.as_deref())
    }

    pub fn soul(&self, lang: Lang) -> &str {
        lang.pick(&self.soul, self.soul_en.as_deref())
    }

    pub fn identity_md(&self, lang: Lang) -> &str {
        lang.pick(&self.identity_md, self.identity_md_en.as_deref())
    }
}

/// Every readable template, sorted by id. A file that is not a valid template is skipped with
/// a warning, so one bad file never hides the others; only an unreadable directory fails.
pub fn load_all() -> Result<Vec<Template>, Response> {
    let entries = std::fs::read_dir(EXPERTS_DIR).map_err(|e| {
        log::error(format!("cannot list {EXPERTS_DIR}: {e}"));
        Response::error(500, format!("expert templates are unavailable: {e}"))
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    // Directory order is arbitrary; sort so a duplicate id always resolves the same way.
    paths.sort();

    let mut templates: Vec<Template> = Vec::with_capacity(paths.len());
    for path in paths {
        match files::read_json::<Template>(&path) {
            Ok(t) if !validate::is_id(&t.id) => {
                log::warn(format!("skipping {}: invalid id {:?}", path.display(), t.id));
            }
            Ok(t) if templates.iter().any(|seen| seen.id == t.id) => {
                log::warn(format!("skipping {}: duplicate id {:?}", path.display(), t.id));
            }
            Ok(t) => templates.push(t),
            Err(e) => log::warn(format!("skipping {}: {e}", path.display())),
        }
    }
    templates.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(templates)
}

/// The template with `id`, if there is a valid one.
pub fn find(id: &str) -> Result<Option<Template>, Response> {
    Ok(load_all()?.into_iter().find(|t| t.id == id))
}
