//! Opening a recording for a replay: its span (first and last line), then its lines as the
//! dashboard's messages, read and converted by [`crate::runtime::record`]'s reader and
//! converter (nothing else parses a recording).

use std::path::Path;

use super::source::{Line, Lines, Span};
use crate::runtime::record::{RecordReader, Recorded, Replayed, convert};

/// The span of the recording at `path` and its lines, or why it cannot be replayed (a missing
/// file, a line that is not JSON, no lines at all). The span takes one pass over the files;
/// the lines are read again, lazily, by the replay's reader thread.
pub fn open(path: &Path) -> Result<(Span, Lines), String> {
    let mut span: Option<Span> = None;
    for recorded in RecordReader::open(path).map_err(|e| e.to_string())? {
        let at = recorded.map_err(|e| e.to_string())?.at;
        span = Some(span.map_or((at, at), |(first, last)| (first.min(at), last.max(at))));
    }
    let span = span.ok_or_else(|| format!("{}: the recording has no lines", path.display()))?;
    let reader = RecordReader::open(path).map_err(|e| e.to_string())?;
    Ok((span, Box::new(Converted { reader, done: false })))
}

/// The recording's lines that carry messages for the model (order lines are kept for paper
/// trading, not applied), then, at the end, a file cut short as the replay's last problem.
struct Converted {
    reader: RecordReader,
    done: bool,
}

impl Iterator for Converted {
    type Item = Result<Line, String>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let Some(recorded) = self.reader.next() else {
                self.done = true;
                return self.reader.truncated().first().map(|cut| Err(cut.clone()));
            };
            match recorded.map_err(|e| e.to_string()).and_then(|r| messages(&r)) {
                Ok(Some(line)) => return Some(Ok(line)),
                Ok(None) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

/// The messages of one recorded line (stamped again by the player), `None` for an order line.
fn messages(recorded: &Recorded) -> Result<Option<Line>, String> {
    let at = recorded.at;
    match convert(recorded, super::source::now()) {
        Ok(Replayed::Model(msgs)) => Ok(Some((at, msgs))),
        Ok(Replayed::Order(_)) => Ok(None),
        Err(e) => Err(format!("the line recorded at {}: {e}", at.format("%H:%M:%S%.6f"))),
    }
}
