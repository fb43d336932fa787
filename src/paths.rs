//! Where cbterm keeps its state (the log and the order journal) and its configuration (alerts).

use std::path::PathBuf;

/// `$XDG_STATE_HOME/cbterm`, else `~/.local/state/cbterm`, else `cbterm` in the temp directory.
pub fn state_dir() -> PathBuf {
    std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(std::env::temp_dir)
        .join("cbterm")
}

/// `$XDG_CONFIG_HOME/cbterm`, else `~/.config/cbterm`, else `cbterm` in the temp directory
/// (where the price alerts are kept). Tests point `XDG_CONFIG_HOME` at a temporary directory.
pub fn config_dir() -> PathBuf {
    std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(std::env::temp_dir)
        .join("cbterm")
}
