//! Writes one audit row (E09) for every mutating request: who, what, target, status, duration.
//! A row the database cannot take right now (locked by another process, disk full) is retried
//! in the background rather than dropped.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use super::auth::Caller;
use crate::app_state::AppState;
use crate::db::system_events::{self, NewEvent};
use crate::db::{Db, DbError};
use crate::error::ErrorDetail;

/// Set by a handler on its response when the request changed nothing worth auditing (e.g. a
/// WebSocket ticket: the socket it opens is what gets audited).
#[derive(Debug, Clone, Copy)]
pub struct NotAudited;

/// Set by a handler on its response to name what it acted on (a bot id, a module name...).
#[derive(Debug, Clone)]
pub struct AuditTarget(pub String);

/// A handler's result as a response that names `target` in the audit row, whether it succeeded
/// or failed (a failed call on a bot is then still found by the bot's id).
pub fn targeted<T: serde::Serialize>(
    target: impl Into<String>,
    result: Result<crate::api::envelope::Envelope<T>, crate::error::ApiError>,
) -> Response {
    let mut response = match result {
        Ok(envelope) => axum::response::IntoResponse::into_response(envelope),
        Err(error) => axum::response::IntoResponse::into_response(error),
    };
    response.extensions_mut().insert(AuditTarget(target.into()));
    response
}

fn is_mutating(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Runs the request and, when it is mutating, records it after it completes; reads are not
/// audited.
pub async fn audited(app: &AppState, request: Request, next: Next) -> Response {
    if !is_mutating(request.method()) {
        return next.run(request).await;
    }
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| request.uri().path().to_string());
    let path = request.uri().path().to_string();
    let user = request.extensions().get::<Caller>().map(Caller::label).unwrap_or_else(|| "anonymous".into());
    let response = next.run(request).await;
    if response.extensions().get::<NotAudited>().is_some() {
        return response;
    }
    let event = NewEvent {
        ts_ms: buddy_openclaw::time::now_ms(),
        user,
        action: format!("{method} {route}"),
        target: response.extensions().get::<AuditTarget>().map(|t| t.0.clone()).unwrap_or(path),
        status: response.status().as_u16(),
        duration_ms: started.elapsed().as_millis() as u64,
        detail: response.extensions().get::<ErrorDetail>().map(|d| d.0.clone()).unwrap_or_default(),
    };
    record(app, event).await;
    response
}

/// Appends an event; a failure to audit is logged, never turned into a failed request.
///
/// A database that is locked by another process or sits on a full disk loses no row: the
/// event is kept in memory and retried in the background (with a growing pause, for up to
/// [`RETRY_FOR`]) once the request has been answered.
pub async fn record(app: &AppState, mut event: NewEvent) {
    // Details carry error messages (a CLI's output, a gateway's answer): no secret of
    // openclaw.json leaves in them.
    event.detail = app.openclaw.redact(&event.detail);
    event.target = app.openclaw.redact(&event.target);
    let db = app.db.clone();
    match insert(&db, event.clone()).await {
        Ok(()) => {}
        Err(e) if retryable(&e) => {
            if PENDING.fetch_add(1, Ordering::SeqCst) >= MAX_PENDING {
                PENDING.fetch_sub(1, Ordering::SeqCst);
                tracing::error!(error = %e, action = %event.action, "cannot write the audit log; too many rows wait already");
                return;
            }
            tracing::warn!(error = %e, action = %event.action, "cannot write the audit log now; retrying in the background");
            tokio::spawn(async move {
                retry(&db, event).await;
                PENDING.fetch_sub(1, Ordering::SeqCst);
            });
        }
        Err(e) => tracing::error!(error = %e, "cannot write the audit log"),
    }
}

/// How long a row waiting for a locked or full database is retried.
const RETRY_FOR: Duration = Duration::from_secs(600);
/// Rows waiting at once, at most (a bound on memory while the database stays unavailable).
const MAX_PENDING: usize = 10_000;
static PENDING: AtomicUsize = AtomicUsize::new(0);

fn retryable(e: &DbError) -> bool {
    e.is_busy() || e.is_full()
}

async fn insert(db: &Db, event: NewEvent) -> Result<(), DbError> {
    db.call(move |conn| system_events::insert(conn, &event)).await.map(drop)
}

async fn retry(db: &Db, event: NewEvent) {
    let started = Instant::now();
    let mut pause = Duration::from_millis(500);
    loop {
        tokio::time::sleep(pause).await;
        match insert(db, event.clone()).await {
            Ok(()) => {
                tracing::info!(action = %event.action, "audit row written after a retry");
                return;
            }
            Err(e) if retryable(&e) && started.elapsed() < RETRY_FOR => {
                pause = (pause * 2).min(Duration::from_secs(15))
            }
            Err(e) => {
                tracing::error!(error = %e, action = %event.action, "giving up on an audit row");
                return;
            }
        }
    }
}
