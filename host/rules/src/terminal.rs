//! Terminal output made readable: escape sequences removed, carriage-return overwrites applied
//! and background-coloured QR cells turned into `#`, so a login process's output can be read
//! line by line whether or not it thought it was talking to a terminal.

/// A cell's background as a QR drawing in colours uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Background {
    /// No background set (or one that is neither dark nor light).
    Default,
    /// Black: a dark QR module.
    Dark,
    /// White: a light QR module.
    Light,
}

/// The text without ANSI/VT escape sequences (colours, cursor moves, OSC titles and links) or
/// other control characters; newlines, carriage returns and tabs are kept.
///
/// ```
/// use buddy_rules::terminal::strip_ansi;
/// assert_eq!(strip_ansi("\x1b[31mred\x1b[0m \x1b]0;title\x07plain"), "red plain");
/// ```
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    walk(text, |piece| {
        if let Piece::Text(c) = piece {
            out.push(c);
        }
    });
    out
}

/// The text as a person would read it on a terminal:
///
/// - runs of spaces drawn on a black background become `#` and on a white background stay
///   spaces, so a QR code drawn in colours (two spaces per module) survives as `##`/spaces art;
/// - every other escape sequence and control character is removed;
/// - `\r\n` is a newline, and a bare `\r` (a line redrawn in place, as progress output does)
///   keeps only what was written after it.
///
/// ```
/// use buddy_rules::terminal::clean_terminal_text;
/// assert_eq!(clean_terminal_text("10%\r50%\r\ndone\r\n"), "50%\ndone\n");
/// assert_eq!(clean_terminal_text("\x1b[40m  \x1b[0m\x1b[47m  \x1b[0m\x1b[40m  \x1b[0m"), "##  ##");
/// ```
pub fn clean_terminal_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut background = Background::Default;
    // Text drawn on a dark background is held back until the background changes: only a run
    // made of spaces alone is QR cells; anything else (a highlighted word) is kept as written.
    let mut dark_run = String::new();
    let flush = |out: &mut String, run: &mut String| {
        if !run.is_empty() && run.chars().all(|c| c == ' ') {
            out.extend(std::iter::repeat_n('#', run.len()));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    walk(text, |piece| match piece {
        Piece::Text(c) if background == Background::Dark => dark_run.push(c),
        Piece::Text(c) => out.push(c),
        Piece::Sgr(params) => {
            let next = sgr_background(params, background);
            if next != background {
                flush(&mut out, &mut dark_run);
                background = next;
            }
        }
    });
    flush(&mut out, &mut dark_run);
    apply_carriage_returns(&out)
}

/// One step of [`walk`]: a printable character or the parameters of an SGR (colour) sequence.
enum Piece<'a> {
    Text(char),
    Sgr(&'a str),
}

/// Calls `f` for every printable character (plus `\n`, `\r`, `\t`) and every SGR sequence of
/// `text`, skipping all other escape sequences and control characters.
fn walk<'a>(text: &'a str, mut f: impl FnMut(Piece<'a>)) {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\x1b' => match chars.peek().map(|&(_, c)| c) {
                Some('[') => {
                    chars.next();
                    let start = i + 2;
                    // CSI: parameter and intermediate bytes, then one final byte in @..~.
                    let mut end = None;
                    for (j, c) in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            end = Some((j, c));
                            break;
                        }
                    }
                    if let Some((j, 'm')) = end {
                        f(Piece::Sgr(&text[start..j]));
                    }
                }
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    // A string sequence (OSC title, hyperlink...): up to BEL or ESC \.
                    while let Some((_, c)) = chars.next() {
                        if c == '\x07' {
                            break;
                        }
                        if c == '\x1b' {
                            if chars.peek().map(|&(_, c)| c) == Some('\\') {
                                chars.next();
                            }
                            break;
                        }
                    }
                }
                Some('(' | ')' | '*' | '+' | '#' | '%') => {
                    // Charset and line-size selections carry one more byte.
                    chars.next();
                    chars.next();
                }
                Some(_) => {
                    chars.next();
                }
                None => {}
            },
            '\n' | '\r' | '\t' => f(Piece::Text(c)),
            c if c.is_control() => {}
            c => f(Piece::Text(c)),
        }
    }
}

/// The background after an SGR sequence with `params` (`40`, `0`, `48;5;16`...).
fn sgr_background(params: &str, current: Background) -> Background {
    let mut bg = current;
    let codes: Vec<u32> = params.split([';', ':']).map(|p| p.parse().unwrap_or(0)).collect();
    let mut i = 0;
    while i < codes.len() {
        match codes[i] {
            0 | 49 => bg = Background::Default,
            40 => bg = Background::Dark,
            47 | 107 => bg = Background::Light,
            // 256 colours: 0 and 16 are black, 7, 15 and 231 white.
            48 if codes.get(i + 1) == Some(&5) => {
                bg = match codes.get(i + 2) {
                    Some(0 | 16) => Background::Dark,
                    Some(7 | 15 | 231) => Background::Light,
                    _ => Background::Default,
                };
                i += 2;
            }
            // True colour: dark or light by brightness.
            48 if codes.get(i + 1) == Some(&2) => {
                let rgb: u32 = codes.iter().skip(i + 2).take(3).sum();
                bg = if rgb < 3 * 64 { Background::Dark } else { Background::Light };
                i += 4;
            }
            // Foreground and underline colours carry their own arguments: skip them, so their
            // numbers are not read as codes of their own (a `0` there is not a reset).
            38 | 58 if codes.get(i + 1) == Some(&5) => i += 2,
            38 | 58 if codes.get(i + 1) == Some(&2) => i += 4,
            _ => {}
        }
        i += 1;
    }
    bg
}

/// Applies bare carriage returns line by line: what follows the last `\r` of a line replaces
/// what came before it. A `\r` right before `\n` is just a line ending.
fn apply_carriage_returns(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        out.push_str(line.rsplit('\r').next().unwrap_or(line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_every_kind_of_sequence() {
        let text = "\x1b[1;38;2;255;0;0mbold\x1b[0m \x1b[2K\x1b[1Aup \x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\ \x1b(Bcs \x1b=k\x08";
        assert_eq!(strip_ansi(text), "bold up link cs k");
        assert_eq!(strip_ansi("tab\tand\r\nnewline"), "tab\tand\r\nnewline");
        assert_eq!(strip_ansi("cut \x1b["), "cut ");
    }

    #[test]
    fn colour_cells_become_hash_art() {
        let black = "\x1b[40m  \x1b[0m";
        let white = "\x1b[47m  \x1b[0m";
        let row = format!("{white}{black}{black}{white}\n");
        assert_eq!(clean_terminal_text(&row), "  ####  \n");
        assert_eq!(clean_terminal_text("\x1b[48;5;16m  \x1b[49m|\x1b[48;2;250;250;250m  \x1b[m"), "##|  ");
        // A foreground colour's zeros are not a reset of the dark background.
        assert_eq!(clean_terminal_text("\x1b[40m\x1b[38;2;255;0;0m  \x1b[0m"), "##");
    }

    #[test]
    fn highlighted_words_stay_words() {
        assert_eq!(clean_terminal_text("\x1b[40m warn \x1b[0m ok"), " warn  ok");
    }

    #[test]
    fn carriage_returns_redraw_the_line() {
        assert_eq!(clean_terminal_text("a\r\nb\rc\r\n\rd"), "a\nc\nd");
        assert_eq!(clean_terminal_text("waiting...\rscanned   "), "scanned   ");
    }
}
