//! Reading a recording: FILE, then FILE.1, FILE.2, … while they exist, each zstd-compressed or
//! plain (told by the zstd magic number), one line at a time.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::format::Recorded;
use super::lines::{Parsed, parse_line};

/// The first bytes of a zstd frame.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];

/// Why a recording, or one of its lines, cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The file cannot be opened or read at all.
    #[error("{path}: {reason}")]
    Open {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// One line is not a recording line.
    #[error("{path}, line {line}: {reason}")]
    Line {
        /// The file.
        path: String,
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        reason: String,
    },
}

/// The `n`th file of the recording at `path` (0: `path` itself, then `path.1`, `path.2`…).
pub fn part_path(path: &Path, n: u32) -> PathBuf {
    if n == 0 {
        return path.to_path_buf();
    }
    let mut name = path.as_os_str().to_os_string();
    name.push(format!(".{n}"));
    PathBuf::from(name)
}

/// The lines of a recording, in order, across its rotated files. Lines of unknown kinds are
/// skipped and counted; a file that ends inside a line or a zstd frame (the writer was killed)
/// stops there, and [`RecordReader::truncated`] says so.
pub struct RecordReader {
    base: PathBuf,
    next_part: u32,
    current: Option<Part>,
    unknown: u64,
    truncated: Vec<String>,
}

/// One open file of the recording.
struct Part {
    shown: String,
    lines: Box<dyn BufRead + Send>,
    line: u64,
}

impl RecordReader {
    /// Opens the recording at `path` (its first file must exist).
    pub fn open(path: &Path) -> Result<Self, RecordError> {
        let first = open_part(path)?;
        Ok(Self {
            base: path.to_path_buf(),
            next_part: 1,
            current: Some(first),
            unknown: 0,
            truncated: vec![],
        })
    }

    /// How many lines of unknown kinds were skipped so far.
    pub fn unknown_skipped(&self) -> u64 {
        self.unknown
    }

    /// Files that ended inside a line or a frame, each with where (empty when none did).
    pub fn truncated(&self) -> &[String] {
        &self.truncated
    }

    /// Moves to the next rotated file, if there is one.
    fn advance(&mut self) -> Option<Result<(), RecordError>> {
        let path = part_path(&self.base, self.next_part);
        if !path.exists() {
            return None;
        }
        self.next_part += 1;
        Some(open_part(&path).map(|part| self.current = Some(part)))
    }

    /// The next line of the current file: `None` at its end.
    fn next_in_part(&mut self) -> Option<Result<Recorded, RecordError>> {
        let part = self.current.as_mut()?;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let read = part.lines.read_until(b'\n', &mut buf);
            let complete = buf.last() == Some(&b'\n');
            match read {
                Ok(0) => return None,
                Ok(_) => part.line += 1,
                Err(e) => {
                    let note = format!("{} ends after line {}: {e}", part.shown, part.line);
                    return self.stop_truncated(note);
                }
            }
            let text = String::from_utf8_lossy(&buf);
            if text.trim().is_empty() {
                continue;
            }
            match parse_line(text.trim_end()) {
                Ok(Parsed::Known(recorded)) => return Some(Ok(recorded)),
                Ok(Parsed::Unknown) => {
                    if self.unknown == 0 {
                        tracing::warn!(file = %part.shown, line = part.line, "recording: lines of unknown kinds skipped");
                    }
                    self.unknown += 1;
                }
                Err(_) if !complete => {
                    let note = format!("{} ends inside line {}", part.shown, part.line);
                    return self.stop_truncated(note);
                }
                Err(reason) => {
                    return Some(Err(RecordError::Line {
                        path: part.shown.clone(),
                        line: part.line,
                        reason,
                    }));
                }
            }
        }
    }
}

impl RecordReader {
    /// Notes that the current file ends early (the writer was killed) and stops reading it.
    fn stop_truncated(&mut self, note: String) -> Option<Result<Recorded, RecordError>> {
        tracing::warn!("recording truncated: {note}");
        self.truncated.push(note);
        None
    }
}

impl Iterator for RecordReader {
    type Item = Result<Recorded, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.next_in_part() {
                return Some(item);
            }
            self.current = None;
            match self.advance()? {
                Ok(()) => {}
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// Opens one file, through a zstd decoder when it starts with the zstd magic number.
fn open_part(path: &Path) -> Result<Part, RecordError> {
    let shown = path.display().to_string();
    let fail = |e: std::io::Error| RecordError::Open { path: shown.clone(), reason: e.to_string() };
    let mut file = BufReader::new(File::open(path).map_err(fail)?);
    let compressed = file.fill_buf().map_err(fail)?.starts_with(&ZSTD_MAGIC);
    let lines: Box<dyn BufRead + Send> = if compressed {
        Box::new(BufReader::new(zstd::stream::read::Decoder::with_buffer(file).map_err(fail)?))
    } else {
        Box::new(file)
    };
    Ok(Part { shown, lines, line: 0 })
}

#[cfg(test)]
mod tests;
