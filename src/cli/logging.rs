//! File logging for the dashboard: never to the terminal the UI owns (R-LOG1).

use std::fs::{File, OpenOptions, Permissions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt;

use super::CliError;
use crate::inert::inert;

/// Where the log goes: `cbterm.log` in the state directory ([`crate::paths::state_dir`]).
pub fn log_path() -> PathBuf {
    crate::paths::state_dir().join("cbterm.log")
}

/// Opens the log for appending, creating it and its directory; the file is owner-only (0600)
/// afterwards even when it existed with wider permissions (R-SEC).
fn open_log(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = OpenOptions::new().create(true).append(true).mode(0o600).open(path)?;
    file.set_permissions(Permissions::from_mode(0o600))?;
    Ok(file)
}

/// Starts logging at `level` into [`log_path`], created with mode 0600. Keep the guard alive
/// until exit so the last lines are flushed. `level` applies to cbterm only: other crates stay
/// at `warn`, because hyper, reqwest and tungstenite at debug or trace log headers and frames,
/// JWTs included (R-LOG2; `tests/ui_e2e_pty.rs` scans a trace-level session's log for them).
pub fn init(level: &str) -> Result<WorkerGuard, CliError> {
    let filter = EnvFilter::try_new(format!("cbterm={level},warn")).map_err(|_| {
        CliError::Usage(format!("--log-level {level:?}: use error, warn, info, debug or trace"))
    })?;
    let path = log_path();
    let file = open_log(&path)
        .map_err(|e| CliError::Usage(format!("cannot open the log {}: {e}", path.display())))?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let _ = subscriber(filter, writer).try_init();
    Ok(guard)
}

/// The log's formatter: plain text (no colours) through [`Inert`].
fn subscriber<W>(filter: EnvFilter, writer: W) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(Inert(writer)).finish()
}

/// Writes each log record inertly: every control character in it — from an error message or
/// reason a server sent — is written as its visible escape (`src/inert.rs`), so logged network
/// text can neither drive a terminal that shows the log nor forge a line. The line break that
/// ends the record is kept.
struct Inert<M>(M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Inert<M> {
    type Writer = InertWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        InertWriter(self.0.make_writer())
    }
}

/// One record's writer for [`Inert`]; the formatter writes a whole record at a time.
struct InertWriter<W>(W);

impl<W: Write> Write for InertWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let (body, end) = text.strip_suffix('\n').map_or((&*text, ""), |body| (body, "\n"));
        self.0.write_all(format!("{}{end}", inert(body)).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use std::sync::{Arc, Mutex};

    use tracing_subscriber::EnvFilter;

    use super::{open_log, subscriber};

    fn mode(path: &std::path::Path) -> u32 {
        std::fs::metadata(path).expect("log exists").permissions().mode() & 0o777
    }

    #[test]
    fn an_existing_world_readable_log_is_made_owner_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cbterm.log");
        std::fs::write(&path, "earlier line\n").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        assert_eq!(mode(&path), 0o644);
        open_log(&path).expect("opens");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "earlier line\n", "appends, keeps content");
    }

    #[test]
    fn network_text_reaches_the_log_with_its_controls_escaped() {
        let sink = Arc::new(Mutex::new(Vec::<u8>::new()));
        let writer = {
            let sink = sink.clone();
            move || Sink(sink.clone())
        };
        let filter = EnvFilter::try_new("trace").expect("filter");
        let hostile = "rejected\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\r\nFAKE line";
        tracing::subscriber::with_default(subscriber(filter, writer), || {
            tracing::warn!(reason = %hostile, "request failed: {hostile}");
        });
        let log = String::from_utf8(sink.lock().expect("sink").clone()).expect("utf-8");
        let body = log.strip_suffix('\n').expect("the record ends its line");
        assert!(!body.chars().any(crate::inert::is_control), "no raw control: {log:?}");
        assert!(body.contains(r"rejected\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\u{d}\u{a}FAKE line"), "{log}");
        assert_eq!(body.matches("FAKE line").count(), 2, "message and field, on the one line: {log}");
    }

    /// A log sink shared with the test.
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("sink").extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_new_log_and_its_directory_are_created_owner_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("state/cbterm/cbterm.log");
        open_log(&path).expect("opens");
        assert_eq!(mode(&path), 0o600);
    }
}
