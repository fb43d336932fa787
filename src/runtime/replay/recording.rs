//! Opening a recording for a replay: its span (first and last line), then its lines as the
//! dashboard's messages, read and converted by `runtime::record`'s reader and converter.

use std::path::Path;

use super::source::{Lines, Span};

/// The span of the recording at `path` and its lines, or why it cannot be replayed.
pub fn open(path: &Path) -> Result<(Span, Lines), String> {
    Err(format!("{}: the recording reader is not merged yet", path.display()))
}
