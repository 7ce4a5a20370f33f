//! [`LoginState`]: where a login stands, as a channel reads it from its login process.

/// Where a login stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginStatus {
    /// Started; nothing to show yet (or a new QR code is on its way).
    Pending,
    /// A QR code is ready to be scanned.
    Qr,
    /// Scanned; waiting for the person to confirm on the phone.
    Scanned,
    /// Logged in: OpenClaw saved the credentials.
    Confirmed,
    /// The QR code (or the whole login) timed out.
    Expired,
    /// The login was called off.
    Cancelled,
    /// The login failed; the text says why, in OpenClaw's words where it gave any.
    Failed(String),
}

impl LoginStatus {
    /// The WIT case name: `pending`, `qr`, `scanned`, `confirmed`, `expired`, `cancelled`, `failed`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Qr => "qr",
            Self::Scanned => "scanned",
            Self::Confirmed => "confirmed",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
            Self::Failed(_) => "failed",
        }
    }

    /// True for the statuses that end a login: the host stops the session on them.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Confirmed | Self::Expired | Self::Cancelled | Self::Failed(_))
    }
}

/// A login's state: its status, the QR code while there is one to scan, and a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginState {
    /// Where the login stands.
    pub status: LoginStatus,
    /// The text the QR code encodes (usually a URL): clients draw their own code from it.
    pub qr_data: Option<String>,
    /// The QR code as the process drew it in the terminal (half blocks or `##`), for clients
    /// that show text.
    pub qr_text: Option<String>,
    /// A human-readable note, e.g. the process's last meaningful line.
    pub message: Option<String>,
}

impl LoginState {
    /// A state with `status` and nothing else.
    pub fn new(status: LoginStatus) -> Self {
        Self { status, qr_data: None, qr_text: None, message: None }
    }

    /// [`LoginStatus::Pending`].
    pub fn pending() -> Self {
        Self::new(LoginStatus::Pending)
    }

    /// [`LoginStatus::Qr`] with what the code encodes and how it was drawn (either may be
    /// unknown).
    pub fn qr(data: Option<String>, text: Option<String>) -> Self {
        Self { qr_data: data, qr_text: text, ..Self::new(LoginStatus::Qr) }
    }

    /// [`LoginStatus::Scanned`].
    pub fn scanned() -> Self {
        Self::new(LoginStatus::Scanned)
    }

    /// [`LoginStatus::Confirmed`].
    pub fn confirmed() -> Self {
        Self::new(LoginStatus::Confirmed)
    }

    /// [`LoginStatus::Expired`].
    pub fn expired() -> Self {
        Self::new(LoginStatus::Expired)
    }

    /// [`LoginStatus::Cancelled`].
    pub fn cancelled() -> Self {
        Self::new(LoginStatus::Cancelled)
    }

    /// [`LoginStatus::Failed`] with the reason.
    pub fn failed(reason: impl Into<String>) -> Self {
        Self::new(LoginStatus::Failed(reason.into()))
    }

    /// Sets the note.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Sets the note when there is one.
    #[must_use]
    pub fn with_optional_message(mut self, message: Option<impl Into<String>>) -> Self {
        self.message = message.map(Into::into);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_and_finality() {
        let s = LoginState::qr(Some("https://x".into()), None).with_message("scan it");
        assert_eq!(s.status, LoginStatus::Qr);
        assert_eq!(s.qr_data.as_deref(), Some("https://x"));
        assert_eq!(s.message.as_deref(), Some("scan it"));
        assert!(!s.status.is_final());
        assert!(LoginState::failed("boom").status.is_final());
        assert_eq!(LoginState::failed("boom").status.as_str(), "failed");
        assert!(LoginState::expired().status.is_final() && LoginState::confirmed().status.is_final());
        assert_eq!(LoginState::pending().with_optional_message(None::<String>).message, None);
    }
}
