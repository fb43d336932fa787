//! Where cbterm keeps its state (the log and the order journal).

use std::path::PathBuf;

/// `$XDG_STATE_HOME/cbterm`, else `~/.local/state/cbterm`, else `cbterm` in the temp directory.
pub fn state_dir() -> PathBuf {
    std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(std::env::temp_dir)
        .join("cbterm")
}
