//! Which analyzer module heals and E44 call: buddy.toml's `heal.analyzer`, until an operator
//! picks another through the API. The pick is kept in the database by the handler that makes
//! it, so it outlives a restart; this holds the current choice in memory.

use std::sync::RwLock;

use serde::Serialize;

/// Where the active analyzer's name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum Source {
    #[serde(rename = "buddy.toml")]
    Config,
    #[serde(rename = "api")]
    Api,
}

/// What `GET /v1/modules` and `POST /v1/heal/analyzer` show.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AnalyzerView {
    /// The analyzer heals and diffs call now.
    pub active: String,
    pub source: Source,
    /// buddy.toml's `heal.analyzer`.
    pub configured: String,
}

/// The active analyzer.
#[derive(Debug)]
pub struct ActiveAnalyzer {
    configured: String,
    chosen: RwLock<Option<String>>,
}

impl ActiveAnalyzer {
    /// buddy.toml's choice, overridden by an earlier API choice when there is one.
    pub fn new(configured: String, chosen: Option<String>) -> Self {
        Self { configured, chosen: RwLock::new(chosen) }
    }

    /// The name of the analyzer to call.
    pub fn name(&self) -> String {
        self.chosen.read().unwrap_or_else(|p| p.into_inner()).clone().unwrap_or_else(|| self.configured.clone())
    }

    /// Picks an analyzer (`None` goes back to buddy.toml's).
    pub fn choose(&self, name: Option<String>) {
        *self.chosen.write().unwrap_or_else(|p| p.into_inner()) = name;
    }

    pub fn view(&self) -> AnalyzerView {
        let chosen = self.chosen.read().unwrap_or_else(|p| p.into_inner()).clone();
        AnalyzerView {
            source: if chosen.is_some() { Source::Api } else { Source::Config },
            active: chosen.unwrap_or_else(|| self.configured.clone()),
            configured: self.configured.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_choice_overrides_the_config_until_cleared() {
        let a = ActiveAnalyzer::new("heal-analyzer".into(), None);
        assert_eq!((a.name(), a.view().source), ("heal-analyzer".to_string(), Source::Config));
        a.choose(Some("line-diff".into()));
        assert_eq!((a.name(), a.view().source), ("line-diff".to_string(), Source::Api));
        a.choose(None);
        assert_eq!(a.name(), "heal-analyzer");
    }
}
