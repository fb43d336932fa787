//! File logging for the dashboard: never to the terminal the UI owns (R-LOG1).

use std::fs::{File, OpenOptions, Permissions};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

use super::CliError;

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
/// until exit so the last lines are flushed.
pub fn init(level: &str) -> Result<WorkerGuard, CliError> {
    let filter = EnvFilter::try_new(format!("cbterm={level},warn")).map_err(|_| {
        CliError::Usage(format!("--log-level {level:?}: use error, warn, info, debug or trace"))
    })?;
    let path = log_path();
    let file = open_log(&path)
        .map_err(|e| CliError::Usage(format!("cannot open the log {}: {e}", path.display())))?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(writer).try_init();
    Ok(guard)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::open_log;

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
    fn a_new_log_and_its_directory_are_created_owner_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("state/cbterm/cbterm.log");
        open_log(&path).expect("opens");
        assert_eq!(mode(&path), 0o600);
    }
}
