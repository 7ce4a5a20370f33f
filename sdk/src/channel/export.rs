//! The adapter that exports a [`Channel`] through the WIT `channel` interface: friendly types
//! in, WIT records out, JSON values as text.

use std::marker::PhantomData;

use serde_json::Value;

use super::{Channel, ChannelInfo, LoginState, LoginStatus};
use crate::CapError;
use crate::bindings::openclaw::buddy::types::CapError as WitCapError;
use crate::channel_bindings::exports::openclaw::buddy::channel::{self as wit, Guest};

/// Adapts a [`Channel`] to the generated `Guest` trait; named only by the export macro.
#[doc(hidden)]
pub struct Export<C>(PhantomData<C>);

impl<C: Channel> Guest for Export<C> {
    fn info() -> wit::ChannelInfo {
        let ChannelInfo { id, display_name, plugin_id, plugin_package, qr_login } = C::info();
        wit::ChannelInfo { id, display_name, plugin_id, plugin_package, qr_login }
    }

    fn config_status() -> Result<String, WitCapError> {
        json_text(C::config_status())
    }

    fn install() -> Result<String, WitCapError> {
        json_text(C::install())
    }

    fn login_command() -> Result<Vec<String>, WitCapError> {
        C::login_command().map_err(into_wit_error)
    }

    fn read_login(output: String, exit_status: Option<i32>) -> wit::LoginState {
        let LoginState { status, qr_data, qr_text, message } = C::read_login(&output, exit_status);
        let status = match status {
            LoginStatus::Pending => wit::LoginStatus::Pending,
            LoginStatus::Qr => wit::LoginStatus::Qr,
            LoginStatus::Scanned => wit::LoginStatus::Scanned,
            LoginStatus::Confirmed => wit::LoginStatus::Confirmed,
            LoginStatus::Expired => wit::LoginStatus::Expired,
            LoginStatus::Cancelled => wit::LoginStatus::Cancelled,
            LoginStatus::Failed(reason) => wit::LoginStatus::Failed(reason),
        };
        wit::LoginState { status, qr_data, qr_text, message }
    }
}

/// A JSON result as the WIT's JSON text.
fn json_text(result: Result<Value, CapError>) -> Result<String, WitCapError> {
    result.map(|v| v.to_string()).map_err(into_wit_error)
}

fn into_wit_error(e: CapError) -> WitCapError {
    match e {
        CapError::Denied(m) => WitCapError::Denied(m),
        CapError::Invalid(m) => WitCapError::Invalid(m),
        CapError::NotFound(m) => WitCapError::NotFound(m),
        CapError::Timeout(m) => WitCapError::Timeout(m),
        CapError::Failed(m) => WitCapError::Failed(m),
    }
}
