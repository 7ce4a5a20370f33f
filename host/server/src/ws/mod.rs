//! The WebSockets: E48 logs, E49 TUI, E50 restricted shell, and their auth — the token by
//! header or cookie like every route, or, for browsers that cannot set headers on a WebSocket,
//! a single-use ticket that lives for seconds (never the long-lived token in a URL).

pub mod logs;
pub mod shell;
pub mod ticket;
pub mod tui;
