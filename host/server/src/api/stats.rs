//! E05: health history from `health_checks` and its rollups, by range and bucket.
//!
//! `data` is the array of points the original reference documents (`[{timestamp, status,
//! response_time_ms}]`, with more fields on each point); the range and the bucket size travel
//! in headers (`X-Range-Since`, `X-Range-Until`, `X-Bucket`) and in each point's `bucket_ms`.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::envelope::ok;
use super::extract::Query;
use crate::app_state::AppState;
use crate::db::health_checks::{self, ROLLUPS_MS};
use crate::error::ApiError;

/// Points an `auto` bucket aims for at most.
const AUTO_POINTS: i64 = 300;

/// Query of E05.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HealthQuery {
    /// `1h`, `24h` (default), `7d`, `30d`; ignored when `since` is given.
    range: Option<String>,
    /// RFC 3339 or epoch milliseconds.
    since: Option<String>,
    until: Option<String>,
    /// `raw`, `1m`, `5m`, `15m`, `1h`, `1d`, or `auto` (default: at most ~300 points).
    bucket: Option<String>,
}

fn duration_ms(field: &str, text: &str) -> Result<i64, ApiError> {
    let (n, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
    let n: i64 = n.parse().map_err(|_| ApiError::field(field, "must look like 24h, 7d, 15m"))?;
    let unit_ms = match unit {
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(ApiError::field(field, "must look like 24h, 7d, 15m")),
    };
    if n <= 0 || n > 400 {
        return Err(ApiError::field(field, "must be between 1 and 400 units"));
    }
    Ok(n * unit_ms)
}

/// The `auto` bucket: at most ~[`AUTO_POINTS`] points, a whole number of the coarsest rollup
/// that fits, so the answer is read from rollups.
fn auto_bucket(span_ms: i64) -> i64 {
    let wanted = (span_ms / AUTO_POINTS).max(ROLLUPS_MS[0]);
    let unit = ROLLUPS_MS.iter().rev().copied().find(|r| wanted >= *r).unwrap_or(ROLLUPS_MS[0]);
    (wanted + unit - 1) / unit * unit
}

fn label(bucket_ms: i64) -> String {
    match bucket_ms {
        0 => "raw".into(),
        ms if ms % 86_400_000 == 0 => format!("{}d", ms / 86_400_000),
        ms if ms % 3_600_000 == 0 => format!("{}h", ms / 3_600_000),
        ms if ms % 60_000 == 0 => format!("{}m", ms / 60_000),
        ms => format!("{}s", ms / 1000),
    }
}

/// `GET /v1/stats/health`.
pub async fn get_health_history(
    State(app): State<AppState>,
    Query(q): Query<HealthQuery>,
) -> Result<Response, ApiError> {
    let parse_time = |field: &str, v: &Option<String>| {
        v.as_deref()
            .map(|t| {
                buddy_openclaw::time::parse_time_ms(t)
                    .ok_or_else(|| ApiError::field(field, "must be RFC 3339 or epoch milliseconds"))
            })
            .transpose()
    };
    let until = parse_time("until", &q.until)?.unwrap_or_else(buddy_openclaw::time::now_ms);
    let since = match parse_time("since", &q.since)? {
        Some(s) => s,
        None => until - duration_ms("range", q.range.as_deref().unwrap_or("24h"))?,
    };
    if since >= until {
        return Err(ApiError::field("since", "must be before until"));
    }
    let bucket_ms = match q.bucket.as_deref().unwrap_or("auto") {
        "raw" => 0,
        "auto" => auto_bucket(until - since),
        other => duration_ms("bucket", other)?,
    };
    let points = app.db.call(move |c| health_checks::range(c, since, until, bucket_ms)).await?;
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("x-range-since", buddy_openclaw::time::rfc3339_ms(since)),
        ("x-range-until", buddy_openclaw::time::rfc3339_ms(until)),
        ("x-bucket", label(bucket_ms)),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), v);
        }
    }
    Ok((headers, ok(points)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_buckets_fit_the_rollups() {
        assert_eq!(auto_bucket(3_600_000), 60_000, "an hour: minutes");
        assert_eq!(auto_bucket(86_400_000), 300_000, "a day: five minutes (288 points)");
        assert_eq!(auto_bucket(30 * 86_400_000), 3 * 3_600_000, "30 days: three hours (240 points)");
        for span in [3_600_000, 86_400_000, 7 * 86_400_000, 30 * 86_400_000] {
            let b = auto_bucket(span);
            assert!(span / b <= AUTO_POINTS, "{span}");
            assert!(health_checks::rollup_for(b).is_some(), "{span} → {b} is read from rollups");
        }
        assert_eq!(
            (label(0), label(300_000), label(10_800_000), label(86_400_000)),
            ("raw".into(), "5m".into(), "3h".into(), "1d".into())
        );
    }
}
