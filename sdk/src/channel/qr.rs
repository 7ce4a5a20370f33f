//! Finding QR codes in a login process's output: the art a terminal QR library draws (Unicode
//! half blocks `▀▄█`, or `##`/spaces) and the URLs printed beside it.
//!
//! Both work on cleaned text (see [`clean_terminal_text`](super::clean_terminal_text)), in which
//! a QR code drawn with background colours has already become `##`/spaces art.

/// Fewest consecutive art lines that count as a QR code. The smallest code (21 modules) takes
/// 11 lines in half blocks and 21 in `##`; banners and rules are shorter.
const MIN_QR_LINES: usize = 5;
/// Fewest drawn (non-space) characters on an art line, so that a short `###` heading or a
/// lone `█` progress bar is not taken for a QR row.
const MIN_DRAWN_CHARS: usize = 6;

/// Whether `line` looks like one row of a terminal QR code: only Unicode block elements
/// (`▀▄█▌▐░▒▓`...) and spaces, or only `#` and spaces, with at least a few drawn cells.
///
/// ```
/// use buddy_sdk::channel::is_qr_art_line;
/// assert!(is_qr_art_line("█ ▄▄▄▄▄ █▀▄█ ▄▀█"));
/// assert!(is_qr_art_line("  ##############  ##  ##"));
/// assert!(!is_qr_art_line("## Heading"));
/// assert!(!is_qr_art_line("██ 50%"));
/// ```
pub fn is_qr_art_line(line: &str) -> bool {
    let line = line.trim_end_matches(['\r', ' ']);
    let drawn = line.chars().filter(|&c| c != ' ').count();
    if drawn < MIN_DRAWN_CHARS {
        return false;
    }
    let blocks = line.chars().all(|c| c == ' ' || is_block_element(c));
    let hashes = line.chars().all(|c| c == ' ' || c == '#');
    blocks || hashes
}

/// Unicode "Block Elements" (U+2580..U+259F): half and full blocks, quadrants, shades.
fn is_block_element(c: char) -> bool {
    ('\u{2580}'..='\u{259F}').contains(&c)
}

/// Every QR code drawn in `text`, in order: each a block of at least five consecutive
/// [art lines](is_qr_art_line), joined with `\n` exactly as drawn (leading spaces kept,
/// trailing ones dropped).
pub fn qr_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if is_qr_art_line(line) {
            current.push(line.trim_end_matches(['\r', ' ']));
            continue;
        }
        if current.len() >= MIN_QR_LINES {
            blocks.push(current.join("\n"));
        }
        current.clear();
    }
    blocks
}

/// The last QR code drawn in `text` (a process that refreshes its code draws a new one below
/// the old), or `None`.
///
/// ```
/// use buddy_sdk::channel::last_qr_block;
/// let art = "▄▄▄▄▄▄▄▄▄\n█ ▄▄▄ █▀█\n█ ███ █▄█\n█▄▄▄▄▄█ █\n▀▀▀▀▀▀▀▀▀";
/// assert_eq!(last_qr_block(&format!("Scan this:\n{art}\nthen wait")), Some(art.to_owned()));
/// assert_eq!(last_qr_block("no code here"), None);
/// ```
pub fn last_qr_block(text: &str) -> Option<String> {
    qr_blocks(text).pop()
}

/// Every `http://` or `https://` URL in `text`, in order.
///
/// A URL ends at whitespace, at a non-ASCII character (a full-width comma right after a link,
/// say), at a quote, bracket or angle bracket, and never ends in `.`, `,`, `;`, `:`, `!` or `?`
/// (sentence punctuation after the link).
///
/// ```
/// use buddy_sdk::channel::find_urls;
/// let text = "Open https://example.com/q/abc?x=1&y=2, or (http://127.0.0.1:8080/login).";
/// assert_eq!(find_urls(text), ["https://example.com/q/abc?x=1&y=2", "http://127.0.0.1:8080/login"]);
/// ```
pub fn find_urls(text: &str) -> Vec<&str> {
    let mut urls = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(start) = next_scheme(rest) {
        let from = offset + start;
        let tail = &text[from..];
        let len =
            tail.find(|c: char| c.is_whitespace() || !c.is_ascii() || "\"'<>()[]{}`".contains(c)).unwrap_or(tail.len());
        let url = tail[..len].trim_end_matches(['.', ',', ';', ':', '!', '?']);
        // A bare scheme (`https://` alone) is not a link.
        if url.len() > url.find("://").map_or(0, |i| i + 3) {
            urls.push(url);
        }
        offset = from + len.max(1);
        rest = &text[offset..];
    }
    urls
}

/// Where the next `http://` or `https://` starts in `text`.
fn next_scheme(text: &str) -> Option<usize> {
    match (text.find("http://"), text.find("https://")) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 21-module code as qrcode-terminal's small mode draws it (11 rows + borders).
    const SMALL: &str = "\
▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄
█ ▄▄▄▄▄ █▀█ █▄█ ▄▄▄▄▄ █
█ █   █ █▀▀▀█ █ █   █ █
█ █▄▄▄█ █▀ █▀▀█ █▄▄▄█ █
█▄▄▄▄▄▄▄█▄▀ ▀▄█▄▄▄▄▄▄▄█
█ ▄▀▄▀▄▄ ▀▄▀▄▀▀▄ ▄▄▀▄▄█
█▄▄▄▄▄▄▄█▄▄█▄██▄▄█▄▄▄▄█";

    #[test]
    fn finds_half_block_art_between_text() {
        let text = format!("Scan with the app:\n{SMALL}\nor open https://x.example/q/1\n");
        assert_eq!(qr_blocks(&text), [SMALL]);
    }

    #[test]
    fn finds_hash_art_with_leading_spaces() {
        let row = "  ##############  ##  ##  ##############";
        let art = [row; 7].join("\n");
        assert_eq!(last_qr_block(&format!("header\n{art}   \nfooter")), Some(art));
    }

    #[test]
    fn the_last_of_several_codes_wins() {
        let second = SMALL.replace("▀▄▀▄▀▀▄", "▄▀▄▀▄▄▀");
        let text = format!("{SMALL}\nexpired, new code:\n{second}\n");
        assert_eq!(qr_blocks(&text).len(), 2);
        assert_eq!(last_qr_block(&text), Some(second));
    }

    #[test]
    fn short_runs_and_text_are_not_art() {
        assert!(qr_blocks("████████\n████████\n").is_empty(), "two lines are a bar, not a code");
        for line in ["", "   ", "#", "# Title", "██ 50%", "▄▄▄", "##### done", "ok ▄▄▄▄▄▄▄▄"]
        {
            assert!(!is_qr_art_line(line), "{line:?}");
        }
    }

    #[test]
    fn urls_end_at_punctuation_and_cjk() {
        assert_eq!(
            find_urls("链接：https://liteapp.weixin.qq.com/q/7GiQu1?qrcode=ab&bot_type=3，请扫码"),
            ["https://liteapp.weixin.qq.com/q/7GiQu1?qrcode=ab&bot_type=3"]
        );
        assert_eq!(
            find_urls("see <https://a.example/x> and \"http://b.example\"."),
            ["https://a.example/x", "http://b.example"]
        );
        assert!(find_urls("https:// alone, and no link").is_empty());
        assert_eq!(find_urls("https://a.example/1https://b.example/2"), ["https://a.example/1https://b.example/2"]);
    }
}
