//! E08 host machine figures and E09 the audit log.

use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::envelope::{ApiResult, ok};
use super::extract::Query;
use crate::app_state::AppState;
use crate::db::system_events::{self, EventQuery, StatusFilter, SystemEvent};
use crate::error::ApiError;
use crate::system_probe::HostInfo;

/// `GET /v1/system/info`.
pub async fn get_system_info(State(app): State<AppState>) -> ApiResult<HostInfo> {
    let app2 = app.clone();
    let info = tokio::task::spawn_blocking(move || app2.system.host(&app2.config.data_dir))
        .await
        .map_err(|e| ApiError::Opaque(e.into()))?;
    Ok(ok(info))
}

/// Query of E09.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    page: Option<String>,
    page_size: Option<String>,
    action: Option<String>,
    user: Option<String>,
    target: Option<String>,
    /// `ok`, `failed` or an HTTP status.
    status: Option<String>,
    /// RFC 3339 or epoch milliseconds.
    since: Option<String>,
    until: Option<String>,
}

/// A page of the audit log.
#[derive(Debug, Serialize)]
pub struct EventsPage {
    items: Vec<SystemEvent>,
    page: u32,
    page_size: u32,
    total: u64,
}

const MAX_PAGE_SIZE: u32 = 500;

fn parse_number(field: &str, value: Option<&str>, default: u32, max: u32) -> Result<u32, ApiError> {
    match value {
        None => Ok(default),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| ApiError::field(field, format!("must be a whole number from 1 to {max}"))),
    }
}

fn parse_time(field: &str, value: Option<&str>) -> Result<Option<i64>, ApiError> {
    value
        .map(|v| {
            buddy_openclaw::time::parse_time_ms(v)
                .ok_or_else(|| ApiError::field(field, "must be RFC 3339 or epoch milliseconds"))
        })
        .transpose()
}

impl EventsQuery {
    fn into_query(self) -> Result<EventQuery, ApiError> {
        let status = match self.status.as_deref() {
            None => None,
            Some("ok") => Some(StatusFilter::Ok),
            Some("failed") => Some(StatusFilter::Failed),
            Some(v) => Some(StatusFilter::Exact(
                v.parse::<u16>()
                    .ok()
                    .filter(|s| (100..600).contains(s))
                    .ok_or_else(|| ApiError::field("status", "must be ok, failed or an HTTP status code"))?,
            )),
        };
        Ok(EventQuery {
            page: parse_number("page", self.page.as_deref(), 1, u32::MAX)?,
            page_size: parse_number("page_size", self.page_size.as_deref(), 50, MAX_PAGE_SIZE)?,
            since_ms: parse_time("since", self.since.as_deref())?,
            until_ms: parse_time("until", self.until.as_deref())?,
            action: self.action,
            user: self.user,
            target: self.target,
            status,
        })
    }
}

/// `GET /v1/system/events`.
pub async fn get_system_events(State(app): State<AppState>, Query(q): Query<EventsQuery>) -> ApiResult<EventsPage> {
    let query = q.into_query()?;
    let (page, page_size) = (query.page, query.page_size);
    let (items, total) = app.db.call(move |conn| system_events::query(conn, &query)).await?;
    Ok(ok(EventsPage { items, page, page_size, total }))
}
