//! Time helpers: Buddy stores milliseconds since the epoch and shows RFC 3339 in UTC.

use chrono::{DateTime, SecondsFormat, Utc};

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// `1970-01-01T00:00:00.000Z`-style text for a millisecond timestamp.
pub fn rfc3339_ms(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `1970-01-01 00:00:00`-style text (UTC, whole seconds): the original API reference's format
/// for E03's `installedAt`, E10's `updated_at` and E46's `lastSyncAt`.
pub fn reference_time_ms(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Parses RFC 3339 text or a bare millisecond number.
pub fn parse_time_ms(text: &str) -> Option<i64> {
    if let Ok(ms) = text.parse::<i64>() {
        return Some(ms);
    }
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.timestamp_millis())
}

/// "2d 4h 12m"-style text for a duration in seconds.
pub fn human_duration(secs: u64) -> String {
    let (d, h, m, s) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60, secs % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, _) => format!("{m}m {s}s"),
        (0, _, _) => format!("{h}h {m}m"),
        _ => format!("{d}d {h}h {m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        assert_eq!(rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(reference_time_ms(1_774_656_000_999), "2026-03-28 00:00:00");
        assert_eq!(parse_time_ms("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(parse_time_ms("42"), Some(42));
        assert_eq!(parse_time_ms("yesterday"), None);
        assert_eq!(human_duration(59), "59s");
        assert_eq!(human_duration(3_725), "1h 2m");
        assert_eq!(human_duration(2 * 86_400 + 4 * 3_600 + 12 * 60), "2d 4h 12m");
    }
}
