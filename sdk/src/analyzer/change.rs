//! One difference between two JSON documents, as an analyzer reports it.

use std::fmt;

use serde_json::Value;

use super::{MASK, mask_secrets};

/// What happened at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// The path exists only in the new document.
    Added,
    /// The path exists only in the old document.
    Removed,
    /// The path exists in both with different values.
    Changed,
}

impl ChangeKind {
    /// The word the WIT `change.kind` field carries: `added`, `removed` or `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference: where, what kind, and the values on either side.
///
/// `path` is usually an RFC 6901 JSON pointer (`""` is the whole document), but an analyzer
/// may use any locator that suits its view of the documents (a line number, say).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Where the difference is.
    pub path: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The value before; `None` for an addition.
    pub old: Option<Value>,
    /// The value after; `None` for a removal.
    pub new: Option<Value>,
}

impl Change {
    /// A value that only the new document has.
    pub fn added(path: impl Into<String>, new: Value) -> Self {
        Change { path: path.into(), kind: ChangeKind::Added, old: None, new: Some(new) }
    }

    /// A value that only the old document has.
    pub fn removed(path: impl Into<String>, old: Value) -> Self {
        Change { path: path.into(), kind: ChangeKind::Removed, old: Some(old), new: None }
    }

    /// A value that differs between the documents.
    pub fn changed(path: impl Into<String>, old: Value, new: Value) -> Self {
        Change { path: path.into(), kind: ChangeKind::Changed, old: Some(old), new: Some(new) }
    }

    /// The same change with its secrets hidden, ready to leave the module.
    ///
    /// When the path itself is a secret (`/channels/x/botToken`, `/models/providers/p/headers/X`), both
    /// values are replaced whole by `"***"`: the change stays visible, its content does not.
    /// Otherwise [`mask_secrets`] hides the secrets inside each value (an added object holding
    /// an `apiKey`, say).
    pub fn masked(self) -> Self {
        let segments: Vec<String> = pointer_segments(&self.path).collect();
        let whole = buddy_rules::secrets::is_secret_path(&segments.iter().map(String::as_str).collect::<Vec<_>>());
        let hide =
            |value: Option<Value>| value.map(|v| if whole { Value::String(MASK.to_owned()) } else { mask_secrets(&v) });
        Change { old: hide(self.old), new: hide(self.new), path: self.path, kind: self.kind }
    }
}

/// The unescaped segments of a JSON pointer (`~1` is `/`, `~0` is `~`); nothing for `""`.
fn pointer_segments(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn kinds_read_as_the_wit_words() {
        assert_eq!(ChangeKind::Added.to_string(), "added");
        assert_eq!(ChangeKind::Removed.as_str(), "removed");
        assert_eq!(ChangeKind::Changed.as_str(), "changed");
    }

    #[test]
    fn a_secret_path_hides_both_values_but_keeps_the_change() {
        let c = Change::changed("/channels/telegram/botToken", json!("old-secret"), json!("new-secret")).masked();
        assert_eq!(c.path, "/channels/telegram/botToken");
        assert_eq!(c.kind, ChangeKind::Changed);
        assert_eq!(c.old, Some(json!("***")));
        assert_eq!(c.new, Some(json!("***")));
    }

    #[test]
    fn a_secret_below_the_path_is_masked_inside_the_value() {
        let c = Change::added("/models/providers/openai", json!({"apiKey": "sk-1", "baseUrl": "http://x"})).masked();
        assert_eq!(c.new, Some(json!({"apiKey": "***", "baseUrl": "http://x"})));
        assert_eq!(c.old, None);
    }

    #[test]
    fn escaped_segments_are_read_unescaped() {
        let c = Change::removed("/env/a~1b~0token", json!("x")).masked();
        assert_eq!(c.old, Some(json!("***")), "the last segment is `a/b~token`");
        let plain = Change::removed("/gateway/port", json!(18789)).masked();
        assert_eq!(plain.old, Some(json!(18789)));
    }
}
