//! Pulls the JSON document out of CLI output that may also carry ANSI colours, banners and
//! log lines (OpenClaw prints warnings and `[plugins] …` lines around its `--json` output).

use serde_json::Value;

/// Removes ANSI escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ESC \`, and lone ESC pairs).
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                // Parameters and intermediates end at a final byte in 0x40..=0x7e.
                for n in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&n) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(n) = chars.next() {
                    if n == '\u{7}' {
                        break;
                    }
                    if n == '\u{1b}' && chars.peek() == Some(&'\\') {
                        chars.next();
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The first complete JSON object or array in `text`, trying every line that starts with
/// `{` or `[`; text after the document is ignored.
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
    fn strips_colour_and_osc() {
        assert_eq!(strip_ansi("\u{1b}[1;31mred\u{1b}[0m \u{1b}]8;;http://x\u{7}link"), "red link");
    }

    #[test]
    fn finds_json_after_log_lines() {
        let out = "[plugins] loading\n\u{1b}[33mwarn\u{1b}[0m: something\n{\"ok\":true,\"n\":[1,2]}\ntrailing words\n";
        assert_eq!(extract_json(out), Some(json!({"ok": true, "n": [1, 2]})));
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
