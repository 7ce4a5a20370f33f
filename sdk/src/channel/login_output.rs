//! [`LoginOutput`]: everything a login process printed, cleaned once and queried by a channel's
//! `read_login`.

use super::login_state::LoginState;
use super::qr::{find_urls, is_qr_art_line, last_qr_block};
use buddy_rules::clean_terminal_text;

/// Exit statuses of a process ended by SIGINT or SIGTERM (128 + signal), the way a login that
/// was called off ends.
const CANCEL_EXIT_STATUSES: [i32; 2] = [130, 143];

/// The prefixes OpenClaw puts before the reason a command failed: `channels login` prints
/// `Channel login failed: <reason>` on stderr, most other commands `[openclaw] Reason: <reason>`.
const FAILURE_PREFIXES: [&str; 4] = ["Channel login failed:", "[openclaw] Reason:", "Reason:", "Error:"];

/// What a login process printed so far (stdout and stderr interleaved), cleaned of terminal
/// escapes by [`clean_terminal_text`], with the queries a `read_login` needs.
///
/// The host calls `read_login` with *all* the output each time, so a reader looks for the
/// **latest** sign of progress ([`latest`](Self::latest)) rather than the first: a QR code that
/// expired and was replaced is followed by a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginOutput {
    text: String,
}

impl LoginOutput {
    /// Cleans `raw` (escape sequences, carriage returns, colour-drawn QR cells).
    pub fn new(raw: &str) -> Self {
        Self { text: clean_terminal_text(raw) }
    }

    /// The cleaned text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The meaningful lines, trimmed: no blank lines, no QR art, no lines of punctuation alone
    /// (the dots some processes print while they wait).
    pub fn lines(&self) -> impl DoubleEndedIterator<Item = &str> {
        self.text.lines().filter(|l| !is_qr_art_line(l)).map(str::trim).filter(|l| l.chars().any(char::is_alphanumeric))
    }

    /// The last meaningful line, e.g. for a state's message.
    pub fn last_line(&self) -> Option<&str> {
        self.lines().next_back()
    }

    /// Byte offset of the last occurrence of `marker` in the cleaned text.
    pub fn find_last(&self, marker: &str) -> Option<usize> {
        self.text.rfind(marker)
    }

    /// Whether `marker` was printed at all.
    pub fn contains(&self, marker: &str) -> bool {
        self.text.contains(marker)
    }

    /// Of several markers, the value of the one printed **last** (by its last occurrence), or
    /// `None` when none was printed. This is how a reader tells the current stage of a login
    /// whose output keeps growing.
    ///
    /// ```
    /// use buddy_sdk::channel::LoginOutput;
    /// #[derive(Clone, Copy, Debug, PartialEq)]
    /// enum Stage { Waiting, Scanned }
    /// let out = LoginOutput::new("Waiting for scan...\nScanned, confirm on the phone\n");
    /// let markers = [("Waiting for scan", Stage::Waiting), ("Scanned", Stage::Scanned)];
    /// assert_eq!(out.latest(&markers), Some(Stage::Scanned));
    /// ```
    pub fn latest<T: Copy>(&self, markers: &[(&str, T)]) -> Option<T> {
        markers
            .iter()
            .filter_map(|&(marker, value)| self.find_last(marker).map(|at| (at + marker.len(), value)))
            // Compared by where each marker *ends*, so a marker that contains another (the
            // same line, more of it) wins over the shorter one it overlaps.
            .max_by_key(|&(end, _)| end)
            .map(|(_, value)| value)
    }

    /// The last QR code drawn (half blocks or `##`), exactly as drawn.
    pub fn qr_text(&self) -> Option<String> {
        last_qr_block(&self.text)
    }

    /// Every URL printed, in order.
    pub fn urls(&self) -> Vec<&str> {
        find_urls(&self.text)
    }

    /// The last URL printed.
    pub fn last_url(&self) -> Option<&str> {
        self.urls().pop()
    }

    /// The first URL printed after the last occurrence of `marker` (e.g. the link under "open
    /// this link if the code does not scan"), or `None` when the marker or a URL after it is
    /// missing.
    pub fn url_after(&self, marker: &str) -> Option<&str> {
        let at = self.find_last(marker)? + marker.len();
        find_urls(&self.text[at..]).into_iter().next()
    }

    /// Why the process failed, in OpenClaw's words: the text after the last
    /// `Channel login failed:`, `[openclaw] Reason:`, `Reason:` or `Error:` at the start of a
    /// line, else `None`.
    pub fn failure_reason(&self) -> Option<&str> {
        self.lines().rev().find_map(|line| {
            FAILURE_PREFIXES
                .iter()
                .find_map(|p| line.strip_prefix(p))
                .map(str::trim)
                .filter(|reason| !reason.is_empty())
        })
    }

    /// A reading that fits any QR login whose process exits 0 once logged in:
    ///
    /// - exited 0: [`Confirmed`](super::LoginStatus::Confirmed);
    /// - exited 130 or 143 (SIGINT, SIGTERM): [`Cancelled`](super::LoginStatus::Cancelled);
    /// - exited otherwise: [`Failed`](super::LoginStatus::Failed) with
    ///   [`failure_reason`](Self::failure_reason), else the last line, else the status;
    /// - running, with a QR code or a URL printed: [`Qr`](super::LoginStatus::Qr) carrying the
    ///   last URL and the last QR drawing;
    /// - running, nothing yet: [`Pending`](super::LoginStatus::Pending).
    ///
    /// The message is always the last meaningful line. A channel whose plugin prints distinct
    /// stages (scanned, expired...) reads them with [`latest`](Self::latest) instead.
    pub fn generic_state(&self, exit_status: Option<i32>) -> LoginState {
        let state = match exit_status {
            Some(0) => LoginState::confirmed(),
            Some(code) if CANCEL_EXIT_STATUSES.contains(&code) => LoginState::cancelled(),
            Some(code) => LoginState::failed(self.failure_message(code)),
            None => {
                let (data, text) = (self.last_url().map(str::to_owned), self.qr_text());
                if data.is_some() || text.is_some() { LoginState::qr(data, text) } else { LoginState::pending() }
            }
        };
        state.with_optional_message(self.last_line())
    }

    /// The reason to give for an exit with status `code`: OpenClaw's reason, else the last
    /// line, else the status itself.
    pub fn failure_message(&self, code: i32) -> String {
        self.failure_reason()
            .or_else(|| self.last_line())
            .map_or_else(|| format!("the login process exited with status {code}"), str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::LoginStatus;

    const ART: &str = "▄▄▄▄▄▄▄▄▄▄\n█ ▄▄▄ █▀▄█\n█ ███ █ ▄█\n█▄▄▄▄▄█▄▀█\n▀▀▀▀▀▀▀▀▀▀";

    #[test]
    fn lines_skip_art_blanks_and_dots() {
        let out = LoginOutput::new(&format!("\x1b[32mstarting\x1b[0m\n\n{ART}\n....\n  waiting  \n"));
        assert_eq!(out.lines().collect::<Vec<_>>(), ["starting", "waiting"]);
        assert_eq!(out.last_line(), Some("waiting"));
    }

    #[test]
    fn latest_prefers_the_last_printed_marker() {
        let out = LoginOutput::new("wait\nscanned\nexpired, refreshing\nwait\n");
        let markers = [("wait", 1), ("scanned", 2), ("expired", 3)];
        assert_eq!(out.latest(&markers), Some(1));
        assert_eq!(LoginOutput::new("nothing").latest(&markers), None);
        // Overlapping markers: the longer one ending later wins.
        let out = LoginOutput::new("login failed: timed out");
        assert_eq!(out.latest(&[("login failed:", "failed"), ("timed out", "expired")]), Some("expired"));
    }

    #[test]
    fn url_after_a_marker() {
        let out = LoginOutput::new("link:\nhttps://a.example/1\nnew code, link:\nhttps://a.example/2\n");
        assert_eq!(out.url_after("link:"), Some("https://a.example/2"));
        assert_eq!(out.last_url(), Some("https://a.example/2"));
        assert_eq!(out.urls().len(), 2);
        assert_eq!(out.url_after("absent"), None);
        assert_eq!(LoginOutput::new("link: none yet").url_after("link:"), None);
    }

    #[test]
    fn failure_reasons_in_openclaw_formats() {
        let out = LoginOutput::new("working\nChannel login failed: Failed to start login: TypeError: fetch failed\n");
        assert_eq!(out.failure_reason(), Some("Failed to start login: TypeError: fetch failed"));
        let out =
            LoginOutput::new("[openclaw] The CLI command failed.\n[openclaw] Reason: bad id\n[openclaw] Help: x\n");
        assert_eq!(out.failure_reason(), Some("bad id"));
        assert_eq!(LoginOutput::new("just text").failure_reason(), None);
        assert_eq!(LoginOutput::new("").failure_message(2), "the login process exited with status 2");
        assert_eq!(LoginOutput::new("last words").failure_message(2), "last words");
    }

    #[test]
    fn generic_reading() {
        let running = LoginOutput::new(&format!("Scan:\n{ART}\nhttps://login.example/q/1\n"));
        let state = running.generic_state(None);
        assert_eq!(state.status, LoginStatus::Qr);
        assert_eq!(state.qr_data.as_deref(), Some("https://login.example/q/1"));
        assert_eq!(state.qr_text.as_deref(), Some(ART));
        assert_eq!(LoginOutput::new("starting").generic_state(None).status, LoginStatus::Pending);
        assert_eq!(running.generic_state(Some(0)).status, LoginStatus::Confirmed);
        assert_eq!(running.generic_state(Some(143)).status, LoginStatus::Cancelled);
        let failed = LoginOutput::new("Error: no network\n").generic_state(Some(1));
        assert_eq!(failed.status, LoginStatus::Failed("no network".into()));
        assert_eq!(failed.message.as_deref(), Some("Error: no network"));
    }
}
