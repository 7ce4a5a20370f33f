//! The JSON document in `openclaw … --json` output, which may also carry ANSI colours, banners
//! and log lines (OpenClaw prints warnings and `[plugins] …` lines around it).

use serde_json::Value;

use crate::terminal::strip_ansi;

/// The first complete JSON object or array in `text`, trying every line that starts with `{`
/// or `[` (after escape sequences are removed); text before and after the document is ignored.
///
/// ```
/// use buddy_rules::extract_json;
/// let out = "[plugins] loading\n\x1b[33mwarn\x1b[0m\n{\"ok\":true}\ntrailing\n";
/// assert_eq!(extract_json(out), Some(serde_json::json!({"ok": true})));
/// ```
pub fn extract_json(text: &str) -> Option<Value> {
    let clean = strip_ansi(text);
    let mut offset = 0;
    for line in clean.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            let start = offset + (line.len() - trimmed.len());
            let mut stream = serde_json::Deserializer::from_str(&clean[start..]).into_iter::<Value>();
            if let Some(Ok(value)) = stream.next() {
                return Some(value);
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_json_after_log_lines() {
        let out = "[plugins] loading\n\u{1b}[33mwarn\u{1b}[0m: something\n{\"ok\":true,\"n\":[1,2]}\ntrailing words\n";
        assert_eq!(extract_json(out), Some(json!({"ok": true, "n": [1, 2]})));
        assert_eq!(extract_json("  [1]"), Some(json!([1])));
    }

    #[test]
    fn skips_bracketed_log_prefixes_and_takes_arrays() {
        let out = "[gateway] ready\n[\n  {\"id\": \"main\"}\n]\n";
        assert_eq!(extract_json(out), Some(json!([{"id": "main"}])));
    }

    #[test]
    fn garbage_gives_none() {
        assert_eq!(extract_json("no json here\n{broken"), None);
        assert_eq!(extract_json(""), None);
    }
}
