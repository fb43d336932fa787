//! File logging for the dashboard: never to the terminal the UI owns (R-LOG1).

use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

use super::CliError;

/// Where the log goes: `$XDG_STATE_HOME/cbterm/cbterm.log`, else `~/.local/state/cbterm/…`,
/// else the temp directory.
pub fn log_path() -> PathBuf {
    let base = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("cbterm").join("cbterm.log")
}

/// Starts logging at `level` into [`log_path`], created with mode 0600. Keep the guard alive
/// until exit so the last lines are flushed.
pub fn init(level: &str) -> Result<WorkerGuard, CliError> {
    let filter = EnvFilter::try_new(format!("cbterm={level},warn")).map_err(|_| {
        CliError::Usage(format!("--log-level {level:?}: use error, warn, info, debug or trace"))
    })?;
    let path = log_path();
    let open = || -> std::io::Result<std::fs::File> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        OpenOptions::new().create(true).append(true).mode(0o600).open(&path)
    };
    let file = open().map_err(|e| CliError::Usage(format!("cannot open the log {}: {e}", path.display())))?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(writer).try_init();
    Ok(guard)
}
