//! Follows a log file like `tail -F`: sends the last lines first, then new lines as they are
//! written; survives rotation (the path names a new file, or the file was replaced) and
//! truncation. Lines go into a bounded channel: a slow reader loses lines (and is told how
//! many), it never makes Buddy buffer without limit.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::sync::mpsc;

/// How often the file is checked for growth.
const POLL: Duration = Duration::from_millis(200);
/// Most bytes read per poll (a burst is spread over several polls).
const MAX_READ: usize = 1024 * 1024;
/// How far back the initial tail looks.
const TAIL_WINDOW: u64 = 256 * 1024;

fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.ino(), m.len()))
}

/// Follows the file `resolve()` names (re-asked at every poll, so a date-stamped log name can
/// roll over) and sends its lines to `tx` until the receiver is dropped.
pub async fn follow(resolve: impl Fn() -> Option<PathBuf> + Send, tail: usize, tx: mpsc::Sender<String>) {
    let mut current: Option<(PathBuf, u64)> = None;
    let mut offset = 0u64;
    let mut partial = String::new();
    let mut dropped = 0u64;
    let mut first = true;
    loop {
        if tx.is_closed() {
            return;
        }
        // Tell a reader that fell behind how much it missed, as soon as it has room again.
        if dropped > 0 && tx.try_send(format!("[{dropped} lines dropped: the client is reading too slowly]")).is_ok() {
            dropped = 0;
        }
        let path = resolve();
        match (&path, path.as_deref().and_then(identity)) {
            (Some(p), Some((ino, len))) => {
                let rotated = current.as_ref().is_some_and(|(cp, ci)| cp != p || *ci != ino);
                if rotated {
                    send(&tx, format!("[log rotated: following {}]", p.display()), &mut dropped);
                    offset = 0;
                    partial.clear();
                } else if len < offset {
                    send(&tx, "[log truncated]".into(), &mut dropped);
                    offset = 0;
                    partial.clear();
                }
                if first {
                    first = false;
                    offset = len.saturating_sub(TAIL_WINDOW);
                    let text = read_range(p, offset, (len - offset) as usize).unwrap_or_default();
                    offset = len;
                    let mut lines: Vec<&str> = text.lines().collect();
                    if offset > 0 && len > TAIL_WINDOW && !lines.is_empty() {
                        lines.remove(0); // Probably cut mid-line.
                    }
                    for line in lines.iter().skip(lines.len().saturating_sub(tail)) {
                        send(&tx, (*line).to_string(), &mut dropped);
                    }
                } else if len > offset {
                    let want = ((len - offset) as usize).min(MAX_READ);
                    if let Some(text) = read_range(p, offset, want) {
                        offset += want as u64;
                        partial.push_str(&text);
                        while let Some(end) = partial.find('\n') {
                            let line: String = partial.drain(..=end).collect();
                            send(&tx, line.trim_end_matches(['\n', '\r']).to_string(), &mut dropped);
                        }
                    }
                }
                current = Some((p.clone(), ino));
            }
            _ => {
                if first {
                    first = false;
                    let name = path.map(|p| p.display().to_string()).unwrap_or_else(|| "no log file yet".into());
                    send(&tx, format!("[waiting for {name}]"), &mut dropped);
                }
            }
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Sends a line, or counts it as dropped while the reader is behind.
fn send(tx: &mpsc::Sender<String>, line: String, dropped: &mut u64) {
    // While the reader is behind, later lines are dropped too, so none overtakes the notice.
    if *dropped > 0 || tx.try_send(line).is_err() {
        *dropped += 1;
    }
}

fn read_range(path: &Path, offset: u64, len: usize) -> Option<String> {
    let mut file = std::fs::File::open(path).ok()?;
    file.seek(SeekFrom::Start(offset)).ok()?;
    let mut buf = vec![0u8; len];
    let n = file.read(&mut buf).ok()?;
    buf.truncate(n);
    Some(String::from_utf8_lossy(&buf).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    async fn next(rx: &mut mpsc::Receiver<String>) -> String {
        tokio::time::timeout(Duration::from_secs(5), rx.recv()).await.expect("a line in time").expect("open")
    }

    #[tokio::test]
    async fn tails_follows_and_survives_rotation_and_truncation() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("app.log");
        std::fs::write(&path, "one\ntwo\nthree\n").expect("seed");
        let (tx, mut rx) = mpsc::channel(100);
        let p = path.clone();
        tokio::spawn(follow(move || Some(p.clone()), 2, tx));
        assert_eq!(next(&mut rx).await, "two");
        assert_eq!(next(&mut rx).await, "three");
        std::fs::OpenOptions::new().append(true).open(&path).expect("open").write_all(b"four\nfi").expect("append");
        assert_eq!(next(&mut rx).await, "four");
        std::fs::OpenOptions::new().append(true).open(&path).expect("open").write_all(b"ve\n").expect("append");
        assert_eq!(next(&mut rx).await, "five", "a partial line waits for its end");
        // Rotation: the file is moved away and a new one takes its name.
        std::fs::rename(&path, dir.path().join("app.log.1")).expect("rotate");
        std::fs::write(&path, "after rotation\n").expect("new file");
        assert!(next(&mut rx).await.starts_with("[log rotated"));
        assert_eq!(next(&mut rx).await, "after rotation");
        // Truncation in place.
        std::fs::write(&path, "").expect("truncate");
        assert_eq!(next(&mut rx).await, "[log truncated]");
        std::fs::OpenOptions::new().append(true).open(&path).expect("open").write_all(b"fresh\n").expect("append");
        assert_eq!(next(&mut rx).await, "fresh");
    }

    #[tokio::test]
    async fn a_slow_reader_loses_lines_not_memory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("busy.log");
        std::fs::write(&path, "").expect("seed");
        let (tx, mut rx) = mpsc::channel(4);
        let p = path.clone();
        tokio::spawn(follow(move || Some(p.clone()), 0, tx));
        tokio::time::sleep(Duration::from_millis(300)).await;
        let lines: String = (0..100).map(|i| format!("line {i}\n")).collect();
        std::fs::write(&path, lines).expect("burst");
        tokio::time::sleep(Duration::from_millis(600)).await;
        let mut got = Vec::new();
        while let Ok(Some(l)) = tokio::time::timeout(Duration::from_millis(700), rx.recv()).await {
            got.push(l);
        }
        assert_eq!(got.iter().filter(|l| l.starts_with("line ")).count(), 4, "only the channel's capacity was kept");
        assert!(got.len() < 100, "the channel bounded what was kept: {}", got.len());
        assert!(got.iter().any(|l| l.contains("lines dropped")), "{got:?}");
    }
}
