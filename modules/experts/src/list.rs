//! `GET /experts?lang=zh|en` (E18): the templates, localised, sorted by id.

use buddy_sdk::{Request, Response, json};

use crate::lang::Lang;
use crate::template;

pub fn list_experts(req: Request) -> Result<Response, Response> {
    let lang = Lang::parse(req.query("lang"), "lang")?;
    let experts: Vec<_> = template::load_all()?
        .iter()
        .map(|t| {
            json!({
                "id": t.id,
                "name": t.name(lang),
                "description": t.description(lang),
                "emoji": t.emoji,
                "category": t.category,
                "skills": t.skills,
            })
        })
        .collect();
    Ok(Response::ok(experts))
}
