//! What the host saw and did during one self-heal: the input of a heal report.

use serde_json::Value;

/// The evidence of one heal, as the host hands it to [`Analyzer::analyze`](super::Analyzer::analyze).
///
/// The configs are whole `openclaw.json` documents (JSON5 normalised to JSON) and hold secrets,
/// so mask anything a report takes from them ([`mask_secrets`](super::mask_secrets),
/// [`Change::masked`](super::Change::masked)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// What started the heal (a failed health check, an operator's request...).
    pub trigger: String,
    /// What the host observed, in order.
    pub observations: Vec<String>,
    /// What the host did, in order.
    pub actions: Vec<String>,
    /// How it ended, in the host's words.
    pub outcome: String,
    /// The config before the heal: the broken one. `None` when the heal did not touch it.
    pub old_config: Option<String>,
    /// The config after the heal: the restored one. `None` when the heal did not touch it.
    pub new_config: Option<String>,
}

impl Evidence {
    /// [`old_config`](Self::old_config) parsed: `None` when absent, `Some(Err(reason))` when it
    /// is not valid JSON (a broken config may well be unparsable).
    pub fn old_config_json(&self) -> Option<Result<Value, String>> {
        self.old_config.as_deref().map(parse)
    }

    /// [`new_config`](Self::new_config) parsed: `None` when absent, `Some(Err(reason))` when it
    /// is not valid JSON.
    pub fn new_config_json(&self) -> Option<Result<Value, String>> {
        self.new_config.as_deref().map(parse)
    }
}

/// Parses JSON text; the error says where the text stops being JSON, never what it holds.
fn parse(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn configs_parse_on_demand() {
        let ev = Evidence {
            old_config: Some("{\"a\": ".into()),
            new_config: Some("{\"a\": 1}".into()),
            ..Evidence::default()
        };
        assert!(ev.old_config_json().is_some_and(|r| r.is_err()));
        assert_eq!(ev.new_config_json(), Some(Ok(json!({"a": 1}))));
        assert_eq!(Evidence::default().old_config_json(), None);
    }
}
