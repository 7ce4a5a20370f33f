//! E05: health history from `health_checks`, by range and bucket.

use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::envelope::{ApiResult, ok};
use super::extract::Query;
use crate::app_state::AppState;
use crate::db::health_checks::{self, Point};
use crate::error::ApiError;

/// Query of E05.
#[derive(Debug, Deserialize)]
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

/// E05's data.
#[derive(Debug, Serialize)]
pub struct HealthHistory {
    since: String,
    until: String,
    bucket: String,
    points: Vec<Point>,
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

/// `GET /v1/stats/health`.
pub async fn get_health_history(State(app): State<AppState>, Query(q): Query<HealthQuery>) -> ApiResult<HealthHistory> {
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
    let (bucket_ms, label) = match q.bucket.as_deref().unwrap_or("auto") {
        "raw" => (0, "raw".to_string()),
        "auto" => {
            let ms = ((until - since) / 300).max(60_000);
            (ms, format!("{}s", ms / 1000))
        }
        other => (duration_ms("bucket", other)?, other.to_string()),
    };
    let points = app.db.call(move |c| health_checks::range(c, since, until, bucket_ms)).await?;
    Ok(ok(HealthHistory {
        since: buddy_openclaw::time::rfc3339_ms(since),
        until: buddy_openclaw::time::rfc3339_ms(until),
        bucket: label,
        points,
    }))
}
