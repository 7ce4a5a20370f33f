//! The host's rules for a domain module's reply, checked on the text while it still sits in the
//! module's memory: nothing is copied out before its size is known to fit `limits.reply_kb`,
//! and the data is checked to be one JSON value without building a tree of it or recursing (the
//! server embeds the text as it is in the envelope).

use serde::de::IgnoredAny;

/// A reply the host refuses.
#[derive(Debug, thiserror::Error)]
pub enum ReplyError {
    #[error("its reply of {bytes} bytes is larger than its limit of {cap} bytes (limits.reply_kb)")]
    TooLarge { bytes: usize, cap: usize },
    #[error("it answered with an invalid status {0}")]
    BadStatus(u16),
    #[error("it returned data that is not one JSON value: {0}")]
    NotJson(String),
}

/// Checks a reply's status, size and data.
pub fn check(status: u16, message: Option<&str>, data_json: Option<&str>, cap: usize) -> Result<(), ReplyError> {
    let bytes = message.map_or(0, str::len) + data_json.map_or(0, str::len);
    if bytes > cap {
        return Err(ReplyError::TooLarge { bytes, cap });
    }
    if !(200..=999).contains(&status) {
        return Err(ReplyError::BadStatus(status));
    }
    if let Some(data) = data_json {
        // Validates syntax (and nesting depth) without building values.
        serde_json::from_str::<IgnoredAny>(data).map_err(|e| ReplyError::NotJson(e.to_string()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert!(check(200, None, Some(r#"{"a":[1,2,{"b":null}]}"#), 1024).is_ok());
        assert!(check(204, Some("done"), None, 1024).is_ok());
        assert!(matches!(check(200, None, Some("{\"a\":1} trailing"), 1024), Err(ReplyError::NotJson(_))));
        assert!(matches!(check(200, None, Some("[1,"), 1024), Err(ReplyError::NotJson(_))));
        assert!(matches!(check(99, None, None, 1024), Err(ReplyError::BadStatus(99))));
        assert!(matches!(check(200, Some("xx"), Some("\"abc\""), 6), Err(ReplyError::TooLarge { bytes: 7, cap: 6 })));
        // Checking does not recurse, so deep nesting cannot overflow the host's stack.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(check(200, None, Some(&deep), 1 << 20).is_ok());
        assert!(matches!(check(200, None, Some(&deep[..150_000]), 1 << 20), Err(ReplyError::NotJson(_))));
    }
}
