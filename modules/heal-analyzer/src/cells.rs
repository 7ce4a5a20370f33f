//! Formatting values for a markdown table cell: short, on one line, and unable to break the
//! table (a `|` would end the cell, a backtick the code span).

use buddy_sdk::Value;

/// Longest value shown in a cell, in characters; the full values are in the E44 diff.
const MAX_CELL_CHARS: usize = 80;

/// A value as a cell: compact JSON in a code span, truncated; `—` when absent.
pub fn value_cell(value: Option<&Value>) -> String {
    match value {
        Some(v) => code(&truncate(&v.to_string(), MAX_CELL_CHARS)),
        None => "—".to_owned(),
    }
}

/// A JSON pointer as a cell; the empty pointer is the whole config.
pub fn path_cell(path: &str) -> String {
    if path.is_empty() { "(whole config)".to_owned() } else { code(&truncate(path, MAX_CELL_CHARS)) }
}

/// At most `max` characters of `text`, ending in `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `text` as a code span safe inside a table cell.
///
/// GitHub-flavoured markdown splits a row at `|` before it reads code spans, so a pipe is
/// escaped as `\|` even inside backticks; the fence is one backtick longer than any run of
/// backticks in the text; line breaks (only possible in an object key) become spaces.
fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ").replace('|', "\\|");
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use buddy_sdk::json;

    use super::*;

    #[test]
    fn values_are_compact_json_in_code() {
        assert_eq!(value_cell(Some(&json!({"a": [1, "x"]}))), r#"`{"a":[1,"x"]}`"#);
        assert_eq!(value_cell(None), "—");
        assert_eq!(path_cell(""), "(whole config)");
        assert_eq!(path_cell("/gateway/port"), "`/gateway/port`");
    }

    #[test]
    fn pipes_are_escaped() {
        assert_eq!(value_cell(Some(&json!("a|b"))), r#"`"a\|b"`"#);
        assert_eq!(path_cell("/x|y"), r"`/x\|y`");
    }

    #[test]
    fn backticks_get_a_longer_fence() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }

    #[test]
    fn long_values_are_truncated_on_char_boundaries() {
        let long = json!("é".repeat(200));
        let cell = value_cell(Some(&long));
        assert!(cell.ends_with("…`"), "{cell}");
        assert_eq!(cell.chars().count(), MAX_CELL_CHARS + 2);
        assert_eq!(truncate("short", 10), "short");
    }
}
