//! E08 host machine figures and E09 the audit log. E09's `data` is the reference's array of
//! events; the page around it travels in headers (`X-Total-Count`, `Link`), as the reference's
//! array has no room for it.

use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::envelope::{ApiResult, ok};
use super::extract::{Query, query_pairs};
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
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    page: Option<String>,
    page_size: Option<String>,
    action: Option<String>,
    user: Option<String>,
    target: Option<String>,
    /// `success` (or `ok`), `failed` or an HTTP status.
    status: Option<String>,
    /// RFC 3339 or epoch milliseconds.
    since: Option<String>,
    until: Option<String>,
}

/// One event as E09 answers it: the reference's `{time, user, action, status}` with
/// `status` a word, and the rest of the audit row beside them.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct AuditEntry {
    time: String,
    user: String,
    action: String,
    /// `success` below HTTP 400, `failed` from 400 on.
    status: &'static str,
    /// The HTTP status the request was answered with.
    code: u16,
    id: i64,
    target: String,
    duration_ms: u64,
    detail: String,
}

impl From<SystemEvent> for AuditEntry {
    fn from(e: SystemEvent) -> Self {
        AuditEntry {
            status: if e.status < 400 { "success" } else { "failed" },
            code: e.status,
            time: e.time,
            user: e.user,
            action: e.action,
            id: e.id,
            target: e.target,
            duration_ms: e.duration_ms,
            detail: e.detail,
        }
    }
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
            Some("ok" | "success") => Some(StatusFilter::Ok),
            Some("failed") => Some(StatusFilter::Failed),
            Some(v) => Some(StatusFilter::Exact(
                v.parse::<u16>()
                    .ok()
                    .filter(|s| (100..600).contains(s))
                    .ok_or_else(|| ApiError::field("status", "must be success, failed or an HTTP status code"))?,
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

/// `GET /v1/system/events`: newest first, `data` the page's events.
pub async fn get_system_events(
    State(app): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Query(q): Query<EventsQuery>,
) -> Result<Response, ApiError> {
    let query = q.into_query()?;
    let (page, page_size) = (query.page, query.page_size);
    let (items, total) = app.db.call(move |conn| system_events::query(conn, &query)).await?;
    let entries: Vec<AuditEntry> = items.into_iter().map(AuditEntry::from).collect();
    let mut headers = HeaderMap::new();
    headers.insert("x-total-count", HeaderValue::from(total));
    if let Ok(link) = HeaderValue::from_str(&page_links(&uri, page, page_size, total)) {
        headers.insert(header::LINK, link);
    }
    Ok((headers, ok(entries)).into_response())
}

/// RFC 8288 links to the first, previous, next and last pages, keeping the caller's filters.
fn page_links(uri: &axum::http::Uri, page: u32, page_size: u32, total: u64) -> String {
    let filters: Vec<(String, String)> =
        query_pairs(uri).into_iter().filter(|(k, _)| k != "page" && k != "page_size").collect();
    let last = u32::try_from(total.div_ceil(u64::from(page_size))).unwrap_or(u32::MAX).max(1);
    let link = |target: u32, rel: &str| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &filters {
            query.append_pair(k, v);
        }
        query.append_pair("page", &target.to_string()).append_pair("page_size", &page_size.to_string());
        format!("<{}?{}>; rel=\"{rel}\"", uri.path(), query.finish())
    };
    let mut links = vec![link(1, "first")];
    if page > 1 {
        links.push(link((page - 1).min(last), "prev"));
    }
    if page < last {
        links.push(link(page + 1, "next"));
    }
    links.push(link(last, "last"));
    links.join(", ")
}

#[cfg(test)]
mod tests {
    use super::page_links;

    #[test]
    fn links_keep_filters_and_name_neighbouring_pages() {
        let uri: axum::http::Uri = "/v1/system/events?action=POST%20%2Fx&page=2&page_size=10".parse().unwrap();
        let links = page_links(&uri, 2, 10, 35);
        assert_eq!(
            links,
            "</v1/system/events?action=POST+%2Fx&page=1&page_size=10>; rel=\"first\", \
             </v1/system/events?action=POST+%2Fx&page=1&page_size=10>; rel=\"prev\", \
             </v1/system/events?action=POST+%2Fx&page=3&page_size=10>; rel=\"next\", \
             </v1/system/events?action=POST+%2Fx&page=4&page_size=10>; rel=\"last\""
        );
        let only = page_links(&"/v1/system/events".parse().unwrap(), 1, 50, 0);
        assert_eq!(
            only,
            "</v1/system/events?page=1&page_size=50>; rel=\"first\", </v1/system/events?page=1&page_size=50>; rel=\"last\""
        );
    }
}
