//! From Buddy's dashboard to the Control UI listener: E04 mints a single-use code tied to the
//! caller's login session (or to the token, for a bearer client) and answers a link to this
//! listener (`ControlUi::link`); opening it trades the code for the listener's own session cookie and lands on the
//! Control UI. The gateway token travels in the fragment, which browsers keep across the
//! redirect and never send to a server.

use std::time::Duration;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{SESSION_COOKIE, page, parent_live};
use crate::app_state::AppState;

/// `GET /__buddy/control-ui?code=…`: a live code opens a session and goes to the Control UI.
pub async fn handover(State(app): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let code = query
        .as_deref()
        .map(|q| form_urlencoded::parse(q.as_bytes()))
        .and_then(|mut pairs| pairs.find(|(k, _)| k == "code").map(|(_, v)| v.into_owned()));
    let ttl = Duration::from_secs(app.config.http.session_ttl_secs);
    let Some(secret) = code.and_then(|c| app.control_ui.redeem(&c, ttl, |p| parent_live(&app, p))) else {
        return page::page(
            StatusCode::FORBIDDEN,
            "This Control UI link has expired or was used already: open the Control UI again from Buddy's dashboard.",
        );
    };
    let secure = if app.config.http.secure_cookies { "; Secure" } else { "" };
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={secret}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{secure}",
        ttl.as_secs()
    )) {
        headers.insert(header::SET_COOKIE, v);
    }
    headers.insert(header::LOCATION, HeaderValue::from_static("/"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    (StatusCode::SEE_OTHER, headers).into_response()
}
