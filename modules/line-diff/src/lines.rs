//! Pretty-printing a JSON document as lines (2-space indent, object keys sorted), each with the
//! text to compare and the text to show.

use buddy_sdk::Value;
use buddy_sdk::analyzer::{MASK, is_secret_key};

/// One line of the pretty-printed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The real text, compared by the diff.
    pub raw: String,
    /// The text shown: `raw` with a secret's value replaced by `"***"`.
    pub shown: String,
}

/// The lines of `value` printed with 2-space indentation and sorted keys.
///
/// A secret-looking key's value is always printed on its key's line (compact), so masking a
/// line hides the whole secret; every other value prints as `serde_json` pretty-prints it.
pub fn pretty_lines(value: &Value) -> Vec<Line> {
    let mut out = Vec::new();
    print(&mut out, 0, None, value, false);
    out
}

/// Appends `value` (under `key`, if inside an object) at `depth`, with a trailing comma when
/// another entry follows.
fn print(out: &mut Vec<Line>, depth: usize, key: Option<&str>, value: &Value, comma: bool) {
    let pad = "  ".repeat(depth);
    let label = key.map(|k| format!("{}: ", Value::String(k.to_owned()))).unwrap_or_default();
    let comma = if comma { "," } else { "" };
    let line = |text: String| Line { raw: text.clone(), shown: text };
    if key.is_some_and(is_secret_key) && !value.is_null() {
        out.push(Line {
            raw: format!("{pad}{label}{value}{comma}"),
            shown: format!("{pad}{label}{}{comma}", Value::String(MASK.to_owned())),
        });
        return;
    }
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push(line(format!("{pad}{label}{{")));
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let last = entries.len() - 1;
            for (i, (k, v)) in entries.into_iter().enumerate() {
                print(out, depth + 1, Some(k), v, i < last);
            }
            out.push(line(format!("{pad}}}{comma}")));
        }
        Value::Array(items) if !items.is_empty() => {
            out.push(line(format!("{pad}{label}[")));
            let last = items.len() - 1;
            for (i, v) in items.iter().enumerate() {
                print(out, depth + 1, None, v, i < last);
            }
            out.push(line(format!("{pad}]{comma}")));
        }
        // Scalars and empty containers (`{}`, `[]`) fit on one line.
        _ => out.push(line(format!("{pad}{label}{value}{comma}"))),
    }
}

#[cfg(test)]
mod tests {
    use buddy_sdk::json;

    use super::*;

    fn raw(value: &Value) -> String {
        pretty_lines(value).into_iter().map(|l| l.raw).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn prints_like_serde_json_with_sorted_keys() {
        let doc = json!({"b": [1, {"y": null, "x": "s"}], "a": {}, "c": [], "d": {"e": true}});
        let sorted: Value = serde_sorted(&doc);
        assert_eq!(raw(&doc), buddy_sdk::serde_json::to_string_pretty(&sorted).unwrap());
        assert_eq!(raw(&json!(1)), "1");
    }

    #[test]
    fn secrets_are_one_line_and_masked_when_shown() {
        let lines = pretty_lines(&json!({"apiKey": {"source": "env"}, "port": 1}));
        assert_eq!(lines[1].raw, r#"  "apiKey": {"source":"env"},"#);
        assert_eq!(lines[1].shown, r#"  "apiKey": "***","#);
        assert_eq!(lines[2].raw, lines[2].shown);
        assert_eq!(lines.len(), 4);
    }

    /// `doc` with object keys inserted in sorted order, whatever the map keeps.
    fn serde_sorted(doc: &Value) -> Value {
        match doc {
            Value::Object(m) => {
                let mut entries: Vec<_> = m.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Value::Object(entries.into_iter().map(|(k, v)| (k.clone(), serde_sorted(v))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(serde_sorted).collect()),
            other => other.clone(),
        }
    }
}
