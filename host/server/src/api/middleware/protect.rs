//! The one layer in front of every protected route: authenticate, refuse a cross-origin use of
//! ambient credentials, audit what changes. One layer rather than three because each layer
//! costs every request its own boxed future and a clone of the routes behind it; the steps
//! themselves live in `auth`, `origin` and `audit`.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::{audit, auth, origin};
use crate::app_state::AppState;

/// Authenticates, checks the origin of ambient credentials, then runs the request audited.
pub async fn protect(State(app): State<AppState>, mut request: Request, next: Next) -> Response {
    if let Err(refusal) = auth::authenticate(&app, &mut request).await {
        return refusal;
    }
    if let Some(refusal) = origin::refusal(&app, &request) {
        return refusal;
    }
    audit::audited(&app, request, next).await
}
