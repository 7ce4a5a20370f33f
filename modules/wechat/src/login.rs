//! `read-login`: what `openclaw channels login --channel openclaw-weixin` has reached, read from
//! its output.
//!
//! The plugin (`@tencent-weixin/openclaw-weixin@2.4.9`, `src/channel.ts` `auth.login` and
//! `src/auth/login-qr.ts`) prints, in Chinese:
//!
//! 1. `正在启动...` (starting), then `用手机微信扫描以下二维码，以继续连接：` (scan with WeChat);
//! 2. the QR code, drawn by `qrcode-terminal` in half blocks (`▀▄█`), then
//!    `若二维码未能显示或无法使用，你可以访问以下链接以继续：` and on the next line the URL the
//!    code encodes (`https://liteapp.weixin.qq.com/q/...?qrcode=...&bot_type=3`);
//! 3. `正在等待操作...` (waiting), and `正在验证` once the code is scanned;
//! 4. on expiry `⏳ 二维码已过期，正在刷新...`, `⏳ 正在刷新二维码...(n/3)`,
//!    `🔄 二维码已更新，请重新扫描。` and a new code with its URL (at most three codes);
//! 5. `已将此 OpenClaw 连接到微信。` once confirmed and saved, or
//!    `✅ 已连接过此 OpenClaw，无需重复连接。` when this OpenClaw was already connected: both exit 0;
//! 6. otherwise OpenClaw prints `Channel login failed: <reason>` on stderr and exits 1; the reason
//!    says whether the codes expired (`二维码多次失效...`), the wait timed out after 8 minutes
//!    (`登录超时，请重试。`) or something broke (`Failed to start login: ...`).
//!
//! WeChat may also ask for the number shown on the phone (`输入手机微信显示的数字，以继续连接：`),
//! read from stdin. Buddy runs the login with stdin closed, so that login cannot go on: it is
//! reported as failed with an explanation.

use buddy_sdk::channel::{LoginOutput, LoginState};

/// The line right before the URL that the QR code encodes.
const LINK_MARKER: &str = "若二维码未能显示或无法使用，你可以访问以下链接以继续：";
/// How OpenClaw's `channels login` reports a failure (on stderr, then exit 1).
const FAILED_MARKER: &str = "Channel login failed:";
/// Exit statuses of a process ended by SIGINT or SIGTERM: the login was called off.
const CANCEL_EXIT_STATUSES: [i32; 2] = [130, 143];

/// A stage of the plugin's login, as its output shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Started, or about to draw a code.
    Starting,
    /// A code and its URL are on screen.
    QrShown,
    /// Waiting for the scan (the code on screen is still valid).
    Waiting,
    /// Scanned; waiting for confirmation on the phone.
    Scanned,
    /// The code expired and a new one is being fetched and drawn.
    Refreshing,
    /// WeChat asks for a number typed on stdin.
    VerifyCode,
    /// Too many wrong numbers.
    VerifyBlocked,
    /// Confirmed and saved.
    Connected,
    /// This OpenClaw was already connected to the scanned account.
    AlreadyConnected,
    /// Confirmed, but saving the account failed.
    SaveFailed,
    /// OpenClaw reported a failure.
    Failed,
    /// Every code expired.
    GaveUp,
    /// No confirmation within the plugin's 8 minutes.
    TimedOut,
}

/// The plugin's lines, each marking a stage. Which one was printed *last* is the stage.
const MARKERS: &[(&str, Stage)] = &[
    ("正在启动...", Stage::Starting),
    ("用手机微信扫描以下二维码，以继续连接：", Stage::Starting),
    (LINK_MARKER, Stage::QrShown),
    ("正在等待操作...", Stage::Waiting),
    ("正在验证", Stage::Scanned),
    ("二维码已过期，正在刷新...", Stage::Refreshing),
    ("正在刷新二维码...", Stage::Refreshing),
    ("二维码已更新，请重新扫描。", Stage::Refreshing),
    ("输入手机微信显示的数字，以继续连接：", Stage::VerifyCode),
    ("你输入的数字不匹配，请重新输入：", Stage::VerifyCode),
    ("多次输入错误", Stage::VerifyBlocked),
    ("已将此 OpenClaw 连接到微信。", Stage::Connected),
    ("已连接过此 OpenClaw，无需重复连接。", Stage::AlreadyConnected),
    ("保存账号数据失败", Stage::SaveFailed),
    (FAILED_MARKER, Stage::Failed),
    // These reasons come after `Channel login failed:` on the same line, so they win over it.
    ("二维码多次失效，连接流程已停止。", Stage::GaveUp),
    ("登录超时，请重试。", Stage::TimedOut),
    ("二维码已过期，请重新生成。", Stage::TimedOut),
];

/// Reads the login's state from everything printed so far and, once it ended, its exit status.
pub fn read(output: &str, exit_status: Option<i32>) -> LoginState {
    let out = LoginOutput::new(output);
    let stage = out.latest(MARKERS);
    let state = match (stage, exit_status) {
        (Some(Stage::Connected | Stage::AlreadyConnected), _) => LoginState::confirmed(),
        (Some(Stage::GaveUp | Stage::TimedOut), _) => LoginState::expired(),
        (Some(Stage::SaveFailed), _) => LoginState::failed(save_failure(&out)),
        (Some(Stage::VerifyCode), _) => LoginState::failed(
            "WeChat asks for the number shown on the phone, which cannot be typed into a login run by Buddy; \
             start the login again and confirm on the phone",
        ),
        (Some(Stage::VerifyBlocked | Stage::Failed), code) => LoginState::failed(failure(&out, code.unwrap_or(1))),
        // Ended without a verdict: called off, or the process stopped on its own.
        (_, Some(code)) if CANCEL_EXIT_STATUSES.contains(&code) => LoginState::cancelled(),
        (_, Some(code)) => LoginState::failed(match out.failure_reason() {
            Some(reason) => reason.to_owned(),
            None if code == 0 => "the login process ended without confirming the login".to_owned(),
            None => out.failure_message(code),
        }),
        (Some(Stage::QrShown | Stage::Waiting), None) => match out.url_after(LINK_MARKER) {
            Some(url) => LoginState::qr(Some(url.to_owned()), out.qr_text()),
            None => LoginState::pending(),
        },
        (Some(Stage::Scanned), None) => LoginState::scanned(),
        (Some(Stage::Starting | Stage::Refreshing) | None, None) => LoginState::pending(),
    };
    state.with_optional_message(out.last_line())
}

/// OpenClaw's reason for a failure, else the last line, else the exit status.
fn failure(out: &LoginOutput, code: i32) -> String {
    out.failure_reason().map_or_else(|| out.failure_message(code), str::to_owned)
}

/// The plugin's own line about the account it could not save.
fn save_failure(out: &LoginOutput) -> String {
    out.lines().rev().find(|l| l.contains("保存账号数据失败")).unwrap_or("保存账号数据失败").to_owned()
}

#[cfg(test)]
mod tests {
    use buddy_sdk::channel::LoginStatus;

    use super::*;

    /// The recorded outputs (`tests/fixtures/wechat/*.txt` at the repository root, which the
    /// end-to-end tests replay too), each with a one-line `#` header naming the plugin version
    /// and source it mirrors.
    const FIXTURES: &[(&str, &str)] = &[
        ("login-qr.txt", include_str!("../../../tests/fixtures/wechat/login-qr.txt")),
        ("login-scanned.txt", include_str!("../../../tests/fixtures/wechat/login-scanned.txt")),
        ("login-confirmed.txt", include_str!("../../../tests/fixtures/wechat/login-confirmed.txt")),
        ("login-already-connected.txt", include_str!("../../../tests/fixtures/wechat/login-already-connected.txt")),
        ("login-refreshed.txt", include_str!("../../../tests/fixtures/wechat/login-refreshed.txt")),
        ("login-expired.txt", include_str!("../../../tests/fixtures/wechat/login-expired.txt")),
        ("login-timeout.txt", include_str!("../../../tests/fixtures/wechat/login-timeout.txt")),
        ("login-network-error.txt", include_str!("../../../tests/fixtures/wechat/login-network-error.txt")),
        ("login-verify-code.txt", include_str!("../../../tests/fixtures/wechat/login-verify-code.txt")),
    ];

    const FIRST_URL: &str = "https://liteapp.weixin.qq.com/q/7GiQu1?qrcode=3f9a1c7e5b2d4f60a8c1e3b5d7f90214&bot_type=3";
    const SECOND_URL: &str =
        "https://liteapp.weixin.qq.com/q/7GiQu1?qrcode=8b2e6d4a0c9f1e3b5a7d9c2e4f6a8b01&bot_type=3";

    /// A fixture's output, without its header line.
    fn fixture(name: &str) -> &'static str {
        let (_, text) = FIXTURES.iter().find(|(n, _)| *n == name).expect("known fixture");
        let (header, body) = text.split_once('\n').expect("header line");
        assert!(header.starts_with("# openclaw-weixin 2.4.9 "), "{name}: {header}");
        body
    }

    #[test]
    fn nothing_printed_yet_is_pending() {
        let state = read("", None);
        assert_eq!(state.status, LoginStatus::Pending);
        assert_eq!(state.message, None);
        assert_eq!(read("正在启动...\n", None).message.as_deref(), Some("正在启动..."));
    }

    #[test]
    fn a_shown_code_is_qr_with_its_url_and_drawing() {
        let state = read(fixture("login-qr.txt"), None);
        assert_eq!(state.status, LoginStatus::Qr);
        assert_eq!(state.qr_data.as_deref(), Some(FIRST_URL));
        let art = state.qr_text.expect("drawing");
        assert!(art.starts_with('▄') && art.lines().count() == 20, "{art}");
        assert!(art.lines().skip(1).all(|l| l.starts_with('█') && l.ends_with('█')));
        assert_eq!(state.message.as_deref(), Some("正在等待操作..."));
    }

    #[test]
    fn a_code_half_drawn_is_still_pending() {
        let full = fixture("login-qr.txt");
        let cut = full.find(LINK_MARKER).expect("link line");
        assert_eq!(read(&full[..cut], None).status, LoginStatus::Pending);
        // The marker printed but not yet the URL.
        assert_eq!(read(&full[..cut + LINK_MARKER.len()], None).status, LoginStatus::Pending);
    }

    #[test]
    fn scanned() {
        let state = read(fixture("login-scanned.txt"), None);
        assert_eq!(state.status, LoginStatus::Scanned);
        assert_eq!(state.qr_data, None);
        assert_eq!(state.message.as_deref(), Some("正在验证"));
    }

    #[test]
    fn confirmed_before_and_after_exit() {
        for exit in [None, Some(0)] {
            let state = read(fixture("login-confirmed.txt"), exit);
            assert_eq!(state.status, LoginStatus::Confirmed, "{exit:?}");
            assert_eq!(state.message.as_deref(), Some("已将此 OpenClaw 连接到微信。"));
        }
        assert_eq!(read(fixture("login-already-connected.txt"), Some(0)).status, LoginStatus::Confirmed);
    }

    #[test]
    fn a_refreshed_code_replaces_the_old_one() {
        let text = fixture("login-refreshed.txt");
        let state = read(text, None);
        assert_eq!(state.status, LoginStatus::Qr);
        assert_eq!(state.qr_data.as_deref(), Some(SECOND_URL));
        let first = read(fixture("login-qr.txt"), None).qr_text;
        assert!(state.qr_text.is_some() && state.qr_text != first, "the new drawing, not the first");
        // While the new code is being fetched, nothing stale is offered.
        let cut = text.find("🔄").expect("refresh line");
        let refreshing = read(&text[..cut], None);
        assert_eq!(refreshing.status, LoginStatus::Pending);
        assert_eq!(refreshing.qr_data, None);
        assert_eq!(refreshing.message.as_deref(), Some("⏳ 正在刷新二维码...(2/3)"));
    }

    #[test]
    fn expiry_and_timeout_are_expired() {
        for (name, exit) in
            [("login-expired.txt", Some(1)), ("login-timeout.txt", Some(1)), ("login-expired.txt", None)]
        {
            assert_eq!(read(fixture(name), exit).status, LoginStatus::Expired, "{name} {exit:?}");
        }
        let state = read(fixture("login-expired.txt"), Some(1));
        assert_eq!(
            state.message.as_deref(),
            Some("Channel login failed: 二维码多次失效，连接流程已停止。请稍后再试。")
        );
    }

    #[test]
    fn a_network_failure_carries_openclaws_reason() {
        let state = read(fixture("login-network-error.txt"), Some(1));
        assert_eq!(state.status, LoginStatus::Failed("Failed to start login: TypeError: fetch failed".into()));
        // Reported as soon as OpenClaw prints it, before the exit status arrives.
        assert_eq!(read(fixture("login-network-error.txt"), None).status, state.status);
    }

    #[test]
    fn a_verification_code_cannot_be_typed() {
        let state = read(fixture("login-verify-code.txt"), None);
        let LoginStatus::Failed(reason) = state.status else { panic!("{state:?}") };
        assert!(reason.contains("number shown on the phone"), "{reason}");
        assert!(matches!(read(fixture("login-verify-code.txt"), Some(13)).status, LoginStatus::Failed(_)));
    }

    #[test]
    fn exits_without_a_verdict() {
        let qr = fixture("login-qr.txt");
        assert_eq!(read(qr, Some(143)).status, LoginStatus::Cancelled);
        assert_eq!(read(qr, Some(130)).status, LoginStatus::Cancelled);
        assert_eq!(
            read(qr, Some(0)).status,
            LoginStatus::Failed("the login process ended without confirming the login".into())
        );
        let unknown = read("[openclaw] Reason: Unsupported channel \"openclaw-weixin\".\n", Some(1));
        assert_eq!(unknown.status, LoginStatus::Failed("Unsupported channel \"openclaw-weixin\".".into()));
        assert_eq!(read("", Some(2)).status, LoginStatus::Failed("the login process exited with status 2".into()));
    }

    #[test]
    fn save_and_verification_failures() {
        let saved = format!("{}\n⚠️  保存账号数据失败: Error: EACCES\n", fixture("login-scanned.txt"));
        assert_eq!(read(&saved, Some(0)).status, LoginStatus::Failed("⚠️  保存账号数据失败: Error: EACCES".into()));
        let blocked = format!(
            "{}\n⛔ 多次输入错误，请稍后再试。\nChannel login failed: 多次输入错误，连接流程已停止。请稍后再试。\n",
            fixture("login-scanned.txt")
        );
        assert_eq!(
            read(&blocked, Some(1)).status,
            LoginStatus::Failed("多次输入错误，连接流程已停止。请稍后再试。".into())
        );
    }

    #[test]
    fn colours_do_not_change_the_reading() {
        let coloured = fixture("login-network-error.txt")
            .replace("Channel login failed:", "\x1b[38;2;226;61;45mChannel login failed:")
            .replace("fetch failed\n", "fetch failed\x1b[39m\n");
        assert_eq!(read(&coloured, Some(1)).status, read(fixture("login-network-error.txt"), Some(1)).status);
    }

    #[test]
    fn fixtures_match_the_shared_copies() {
        // The same files live in the repository's tests/fixtures/wechat for end-to-end replays.
        let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/wechat");
        if !shared.is_dir() {
            return;
        }
        for (name, text) in FIXTURES {
            let copy = std::fs::read_to_string(shared.join(name)).unwrap();
            assert_eq!(&copy, text, "tests/fixtures/wechat/{name} differs from the module's copy");
        }
    }
}
