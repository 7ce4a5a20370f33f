//! The WebSockets: E48 logs, E49 TUI, E50 restricted shell, and their auth — the token by
//! header or cookie like every route, or, for browsers that cannot set headers on a WebSocket,
//! a single-use ticket that lives for seconds (never the long-lived token in a URL).

pub mod logs;
pub mod shell;
pub mod ticket;
pub mod tui;

use axum::extract::ws::WebSocketUpgrade;

use crate::app_state::App;

/// The upgrade with Buddy's message size limit (`http.ws_max_message_bytes`): a client cannot
/// make Buddy buffer an arbitrarily large message.
pub fn limit(ws: WebSocketUpgrade, app: &App) -> WebSocketUpgrade {
    let max = app.config.http.ws_max_message_bytes;
    ws.max_message_size(max).max_frame_size(max)
}

/// A slot for an interactive session of `kind`, or 429 naming the setting that caps them.
fn terminal_slot(
    app: &App,
    kind: crate::state::terminal_slots::Kind,
) -> Result<tokio::sync::OwnedSemaphorePermit, crate::error::ApiError> {
    app.terminals.take(kind).map_err(|message| crate::error::ApiError::TooManyRequests { message, retry_after_secs: 5 })
}
