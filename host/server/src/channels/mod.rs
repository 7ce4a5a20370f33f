//! Channels served by channel modules: their login sessions (the host owns the long-lived login
//! process, the module reads its output) and the calls behind the generic channel routes.

pub mod login;
