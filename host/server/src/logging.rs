//! Buddy's logs: to stderr, and to `<data_dir>/logs/buddy.log` (rotated at 10 MiB to
//! `buddy.log.1`) so E48 can follow them.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// Size at which the log file is rotated.
const ROTATE_AT: u64 = 10 * 1024 * 1024;

/// Where Buddy's own log is written.
pub fn buddy_log_path(data_dir: &Path) -> PathBuf {
    data_dir.join("logs").join("buddy.log")
}

/// An appending, rotating log file.
#[derive(Clone)]
pub struct LogFile {
    path: PathBuf,
    file: Arc<Mutex<Option<File>>>,
}

impl LogFile {
    /// Opens (creating) the log file.
    pub fn open(path: PathBuf) -> std::io::Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(&path)?;
        Ok(Self { path, file: Arc::new(Mutex::new(Some(file))) })
    }
}

/// One write through the shared file.
pub struct LogWriter(LogFile);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut guard = self.0.file.lock().unwrap_or_else(|p| p.into_inner());
        if guard.as_ref().and_then(|f| f.metadata().ok()).is_some_and(|m| m.len() >= ROTATE_AT) {
            let _ = std::fs::rename(&self.0.path, self.0.path.with_extension("log.1"));
            *guard = OpenOptions::new().create(true).append(true).open(&self.0.path).ok();
        }
        match guard.as_mut() {
            Some(f) => f.write(buf),
            None => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for LogFile {
    type Writer = LogWriter;

    fn make_writer(&'a self) -> Self::Writer {
        LogWriter(self.clone())
    }
}

/// Installs the global subscriber: `BUDDY_LOG` filter (default `info`), stderr and the file.
pub fn init(data_dir: &Path) {
    let filter =
        || EnvFilter::try_from_env("BUDDY_LOG").unwrap_or_else(|_| EnvFilter::new("info,wasmtime=warn,cranelift=warn"));
    let stderr = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_filter(filter());
    let file = LogFile::open(buddy_log_path(data_dir))
        .ok()
        .map(|f| tracing_subscriber::fmt::layer().with_ansi(false).with_writer(f).with_filter(filter()));
    let _ = tracing_subscriber::registry().with(stderr).with(file).try_init();
}
