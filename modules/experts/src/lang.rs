//! The two languages the templates are written in.

use buddy_sdk::Response;

/// Which variant of a template's texts to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese: the templates' unsuffixed fields. The default, as in the original product.
    #[default]
    Zh,
    /// English: the `_en` fields.
    En,
}

impl Lang {
    /// Parses the `lang` value of `field` (a query or body field); absent means Chinese.
    pub fn parse(value: Option<&str>, field: &str) -> Result<Self, Response> {
        match value {
            None | Some("zh") => Ok(Self::Zh),
            Some("en") => Ok(Self::En),
            Some(other) => Err(Response::error(400, format!("`{field}` must be `zh` or `en`, not {other:?}"))),
        }
    }

    /// The text for this language: `en` when asked for English and present, else `zh`.
    pub fn pick<'a>(self, zh: &'a str, en: Option<&'a str>) -> &'a str {
        match (self, en) {
            (Self::En, Some(en)) if !en.trim().is_empty() => en,
            _ => zh,
        }
    }
}
