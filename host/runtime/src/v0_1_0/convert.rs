//! Conversions between 0.1.0's generated types and the runtime's version-neutral ones.

use super::bindings::analyzer::exports::openclaw::buddy::analyzer as wit_analyzer;
use super::bindings::channel::exports::openclaw::buddy::channel as wit_channel;
use super::bindings::openclaw::buddy::{http_types, types};
use crate::types as neutral;

impl From<neutral::CapError> for types::CapError {
    fn from(e: neutral::CapError) -> Self {
        match e {
            neutral::CapError::Denied(m) => Self::Denied(m),
            neutral::CapError::Invalid(m) => Self::Invalid(m),
            neutral::CapError::NotFound(m) => Self::NotFound(m),
            neutral::CapError::Timeout(m) => Self::Timeout(m),
            neutral::CapError::Failed(m) => Self::Failed(m),
        }
    }
}

impl From<types::CapError> for neutral::CapError {
    fn from(e: types::CapError) -> Self {
        match e {
            types::CapError::Denied(m) => Self::Denied(m),
            types::CapError::Invalid(m) => Self::Invalid(m),
            types::CapError::NotFound(m) => Self::NotFound(m),
            types::CapError::Timeout(m) => Self::Timeout(m),
            types::CapError::Failed(m) => Self::Failed(m),
        }
    }
}

impl From<types::Header> for neutral::Header {
    fn from(h: types::Header) -> Self {
        Self { name: h.name, value: h.value }
    }
}

impl From<neutral::Header> for types::Header {
    fn from(h: neutral::Header) -> Self {
        Self { name: h.name, value: h.value }
    }
}

pub(super) fn request(r: &neutral::Request) -> http_types::Request {
    http_types::Request {
        method: r.method.clone(),
        path: r.path.clone(),
        query: r.query.clone(),
        headers: r.headers.iter().cloned().map(Into::into).collect(),
        body: r.body.clone(),
    }
}

pub(super) fn module_info(i: http_types::ModuleInfo) -> neutral::ModuleInfo {
    neutral::ModuleInfo {
        name: i.name,
        version: i.version,
        routes: i
            .routes
            .into_iter()
            .map(|r| neutral::RouteInfo { method: r.method, path: r.path, summary: r.summary })
            .collect(),
    }
}

pub(super) fn channel_info(i: wit_channel::ChannelInfo) -> neutral::ChannelInfo {
    neutral::ChannelInfo {
        id: i.id,
        display_name: i.display_name,
        plugin_id: i.plugin_id,
        plugin_package: i.plugin_package,
        qr_login: i.qr_login,
    }
}

pub(super) fn login_state(s: wit_channel::LoginState) -> neutral::LoginState {
    let status = match s.status {
        wit_channel::LoginStatus::Pending => neutral::LoginStatus::Pending,
        wit_channel::LoginStatus::Qr => neutral::LoginStatus::Qr,
        wit_channel::LoginStatus::Scanned => neutral::LoginStatus::Scanned,
        wit_channel::LoginStatus::Confirmed => neutral::LoginStatus::Confirmed,
        wit_channel::LoginStatus::Expired => neutral::LoginStatus::Expired,
        wit_channel::LoginStatus::Cancelled => neutral::LoginStatus::Cancelled,
        wit_channel::LoginStatus::Failed(m) => neutral::LoginStatus::Failed(m),
    };
    neutral::LoginState { status, qr_data: s.qr_data, qr_text: s.qr_text, message: s.message }
}

pub(super) fn change(c: wit_analyzer::Change) -> neutral::Change {
    neutral::Change { path: c.path, kind: c.kind, old_json: c.old_json, new_json: c.new_json }
}

pub(super) fn evidence(e: &neutral::Evidence) -> wit_analyzer::Evidence {
    wit_analyzer::Evidence {
        trigger: e.trigger.clone(),
        observations: e.observations.clone(),
        actions: e.actions.clone(),
        outcome: e.outcome.clone(),
        old_config: e.old_config.clone(),
        new_config: e.new_config.clone(),
    }
}
