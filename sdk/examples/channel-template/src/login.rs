//! Reading the login process's output. Buddy calls `read` with everything printed so far
//! after each new piece, and with the exit status once the process has ended, so this is a
//! pure function of text: find the **latest** line that marks a stage, then add the QR code.
//!
//! Acme Chat's plugin prints (replace these with what your plugin prints; read its source):
//!
//! ```text
//! Scan this QR code with Acme Chat:
//! <QR code in half blocks>
//! Or open: https://login.acme.example/q/<ticket>
//! Scanned. Confirm the login on your phone.
//! Logged in as <name>.
//! ```
//!
//! and, when the code times out, `QR code expired.` before exiting non-zero.

use buddy_sdk::channel::{LoginOutput, LoginState};

/// The line right before the URL that the QR code encodes.
const LINK_MARKER: &str = "Or open:";

/// A stage of the login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Shown,
    Scanned,
    LoggedIn,
    Expired,
}

/// The plugin's lines, each marking a stage; the one printed last is the stage.
const MARKERS: &[(&str, Stage)] = &[
    (LINK_MARKER, Stage::Shown),
    ("Scanned.", Stage::Scanned),
    ("Logged in", Stage::LoggedIn),
    ("QR code expired", Stage::Expired),
];

/// The login's state from its output and, once it ended, its exit status.
pub fn read(output: &str, exit_status: Option<i32>) -> LoginState {
    let out = LoginOutput::new(output);
    let state = match (out.latest(MARKERS), exit_status) {
        (Some(Stage::LoggedIn), _) => LoginState::confirmed(),
        (Some(Stage::Expired), _) => LoginState::expired(),
        // Ended without a verdict: cancelled (130, 143), confirmed (0) or failed with
        // OpenClaw's reason.
        (_, Some(_)) => return out.generic_state(exit_status),
        (Some(Stage::Scanned), None) => LoginState::scanned(),
        (Some(Stage::Shown), None) => match out.url_after(LINK_MARKER) {
            Some(url) => LoginState::qr(Some(url.to_owned()), out.qr_text()),
            None => LoginState::pending(),
        },
        (None, None) => LoginState::pending(),
    };
    state.with_optional_message(out.last_line())
}

#[cfg(test)]
mod tests {
    use buddy_sdk::channel::LoginStatus;

    use super::*;

    /// Output recorded from the plugin (here: written by hand for the fictional service).
    const SHOWN: &str = "Scan this QR code with Acme Chat:\n\
                         ▄▄▄▄▄▄▄▄▄▄▄\n█ ▄▄▄ █▀▄██\n█ ███ █ ▄██\n█▄▄▄▄▄█▄▀██\n▀▀▀▀▀▀▀▀▀▀▀\n\
                         Or open: https://login.acme.example/q/t-1\n";

    #[test]
    fn stages_in_order() {
        let shown = read(SHOWN, None);
        assert_eq!(shown.status, LoginStatus::Qr);
        assert_eq!(shown.qr_data.as_deref(), Some("https://login.acme.example/q/t-1"));
        assert_eq!(shown.qr_text.as_deref().map(|t| t.lines().count()), Some(5));

        let scanned = format!("{SHOWN}Scanned. Confirm the login on your phone.\n");
        assert_eq!(read(&scanned, None).status, LoginStatus::Scanned);

        let done = format!("{scanned}Logged in as Ada.\n");
        assert_eq!(read(&done, None).status, LoginStatus::Confirmed);
        assert_eq!(read(&done, Some(0)).message.as_deref(), Some("Logged in as Ada."));
    }

    #[test]
    fn endings_without_a_login() {
        assert_eq!(read("", None).status, LoginStatus::Pending);
        assert_eq!(read(&format!("{SHOWN}QR code expired.\n"), Some(1)).status, LoginStatus::Expired);
        assert_eq!(read(SHOWN, Some(143)).status, LoginStatus::Cancelled);
        let failed = read("Channel login failed: network unreachable\n", Some(1));
        assert_eq!(failed.status, LoginStatus::Failed("network unreachable".into()));
    }
}
