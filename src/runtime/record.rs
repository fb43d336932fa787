//! `--record FILE`: the session kept as zstd-compressed JSON lines (every WebSocket frame the
//! feeds accepted, connection states, the REST answers the dashboard loaded, order actions and
//! their answers), read back for `cbterm replay` and paper trading. The format is described in
//! [`format`].

pub mod convert;
pub mod format;
pub mod hooks;
pub mod lines;
mod paper;
pub mod reader;
pub mod writer;

pub use convert::{ConvertError, RecordedOrder, Replayed, convert};
pub use format::{Entry, FeedState, Json, OrderAction, OrderLine, Outcome, Recorded, RestKind};
pub use reader::{RecordError, RecordReader, part_path};
pub use writer::{FLUSH_EVERY, Limits, Recorder};

#[cfg(test)]
mod samples;
