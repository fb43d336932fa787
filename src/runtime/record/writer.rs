//! [`Recorder`]: lines go through a bounded queue to a writer thread that compresses them with
//! zstd, ends a frame every second (a killed process loses at most that second, and the file
//! reads up to its last complete frame) and rotates files by size. Nobody waits on the disk:
//! when the queue is full the line is dropped and counted.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::Utc;
use tokio::sync::mpsc;

use super::format::{Entry, Recorded};
use super::lines::ws_line;
use super::reader::part_path;
use crate::app::{FeedKind, Msg};

/// Lines waiting for the writer thread; more are dropped.
const QUEUE_LINES: usize = 65_536;
/// The longest a written line waits before its frame is finished.
pub const FLUSH_EVERY: Duration = Duration::from_secs(1);
/// zstd compression level.
const LEVEL: i32 = 3;

/// When a frame ends and a file rotates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A file is finished and the next one begun once it passes this many bytes.
    pub rotate_at: u64,
    /// A frame also ends once this many uncompressed bytes went into it.
    pub frame_bytes: u64,
}

impl Limits {
    /// 64 MiB files, frames of at most 1 MiB of lines (or [`FLUSH_EVERY`]).
    pub const DEFAULT: Limits = Limits { rotate_at: 64 * 1024 * 1024, frame_bytes: 1024 * 1024 };
}

/// What the writer thread is asked.
pub(super) enum Cmd {
    /// A line to write.
    Line(String),
    /// Write what is queued, end the frame, stop.
    Finish,
}

/// The recording's writing end: cheap to clone, never blocks.
#[derive(Clone)]
pub struct Recorder {
    tx: SyncSender<Cmd>,
    shared: Arc<Shared>,
    report: Option<mpsc::Sender<Msg>>,
    redact: Option<Arc<str>>,
}

/// What a redacted API key name is written as.
pub const REDACTED_KEY: &str = "<api key>";

/// State shared by every clone.
struct Shared {
    dropped: AtomicU64,
    finished: AtomicBool,
    path: String,
    thread: Mutex<Option<JoinHandle<std::io::Result<()>>>>,
}

impl Recorder {
    /// Creates (or truncates) `path` and starts the writer thread. An unwritable path is an
    /// error here, before anything runs.
    pub fn create(path: &Path, limits: Limits) -> std::io::Result<Recorder> {
        let sink = Sink::create(path, limits)?;
        let (recorder, rx) = Recorder::queue(path, QUEUE_LINES);
        let thread =
            std::thread::Builder::new().name("recorder".into()).spawn(move || write_lines(sink, rx))?;
        *recorder.thread() = Some(thread);
        Ok(recorder)
    }

    fn thread(&self) -> std::sync::MutexGuard<'_, Option<JoinHandle<std::io::Result<()>>>> {
        self.shared.thread.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A recorder queueing at most `capacity` lines for `rx`.
    pub(super) fn queue(path: &Path, capacity: usize) -> (Recorder, Receiver<Cmd>) {
        let (tx, rx) = sync_channel(capacity);
        let shared = Shared {
            dropped: AtomicU64::new(0),
            finished: AtomicBool::new(false),
            path: shown(path),
            thread: Mutex::new(None),
        };
        (Recorder { tx, shared: Arc::new(shared), report: None, redact: None }, rx)
    }

    /// This recorder, telling the dashboard (once) when lines are dropped.
    pub fn reporting_to(&self, tx: mpsc::Sender<Msg>) -> Recorder {
        Recorder { report: Some(tx), ..self.clone() }
    }

    /// This recorder, writing the API key's name as [`REDACTED_KEY`] wherever a received
    /// message repeats it (the `user` channel's acknowledgement lists it).
    pub fn redacting(&self, key_name: Option<&str>) -> Recorder {
        let redact = key_name.filter(|k| !k.is_empty()).map(Arc::from);
        Recorder { redact, ..self.clone() }
    }

    /// Lines dropped so far because the writer fell behind or stopped.
    pub fn dropped(&self) -> u64 {
        self.shared.dropped.load(Ordering::Relaxed)
    }

    /// A WebSocket frame `feed` accepted, as received.
    pub fn frame(&self, feed: FeedKind, text: &str) {
        self.send(ws_line(Utc::now(), feed, text));
    }

    /// Any other line, stamped now.
    pub fn entry(&self, entry: Entry) {
        match (Recorded { at: Utc::now(), entry }).to_line() {
            Ok(line) => self.send(line),
            Err(e) => tracing::error!(error = %e, "recording line not written"),
        }
    }

    fn send(&self, mut line: String) {
        if let Some(key) = self.redact.as_deref()
            && line.contains(key)
        {
            line = line.replace(key, REDACTED_KEY);
        }
        match self.tx.try_send(Cmd::Line(line)) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => self.drop_line("the recording fell behind"),
            Err(TrySendError::Disconnected(_)) => self.drop_line("the recording stopped"),
        }
    }

    /// Counts a dropped line; the first one is logged and reported (none once finished).
    fn drop_line(&self, why: &str) {
        if self.shared.finished.load(Ordering::Relaxed)
            || self.shared.dropped.fetch_add(1, Ordering::Relaxed) > 0
        {
            return;
        }
        let problem = format!("{why}: lines are being dropped from {}", self.shared.path);
        tracing::warn!("{problem}");
        if let Some(tx) = &self.report {
            let _ = tx.try_send(Msg::RecordingTrouble { problem });
        }
    }
}

impl Recorder {
    /// Writes what is queued, finishes the last frame and waits for the writer thread; later
    /// lines are dropped quietly. Once is enough: a second call does nothing.
    pub fn finish(&self) -> std::io::Result<()> {
        let Some(thread) = self.thread().take() else { return Ok(()) };
        self.shared.finished.store(true, Ordering::Relaxed);
        let _ = self.tx.send(Cmd::Finish);
        thread.join().map_err(|_| std::io::Error::other("the recorder thread panicked"))?
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// The writer thread: lines in, a frame finished every [`FLUSH_EVERY`], until told to finish
/// or every sender is gone. A write error ends it (later lines count as dropped).
fn write_lines(mut sink: Sink, rx: Receiver<Cmd>) -> std::io::Result<()> {
    let mut flushed = Instant::now();
    let result = loop {
        let wait = FLUSH_EVERY.saturating_sub(flushed.elapsed());
        let step = match rx.recv_timeout(wait) {
            Ok(Cmd::Line(line)) => sink.write_line(&line),
            Ok(Cmd::Finish) | Err(RecvTimeoutError::Disconnected) => break sink.finish(),
            Err(RecvTimeoutError::Timeout) => Ok(()),
        };
        if let Err(e) = step.and_then(|()| flush_if_due(&mut sink, &mut flushed)) {
            break Err(e);
        }
    };
    if let Err(e) = &result {
        tracing::error!(error = %e, path = %shown(&sink.base), "recording stopped");
    }
    result
}

fn flush_if_due(sink: &mut Sink, flushed: &mut Instant) -> std::io::Result<()> {
    if flushed.elapsed() < FLUSH_EVERY {
        return Ok(());
    }
    *flushed = Instant::now();
    sink.end_frame()
}

/// The files being written: the current one's zstd frame, how much went into it, the file's
/// number.
struct Sink {
    base: PathBuf,
    part: u32,
    limits: Limits,
    encoder: Option<zstd::stream::write::Encoder<'static, BufWriter<File>>>,
    pending: u64,
}

impl Sink {
    /// Replaces the recording at `base`: the file is truncated and the rotated parts of an
    /// earlier recording there are removed, so a reader never runs on into them.
    fn create(base: &Path, limits: Limits) -> std::io::Result<Self> {
        let encoder = Some(encoder(base)?);
        let mut stale = 1;
        while part_path(base, stale).exists() {
            std::fs::remove_file(part_path(base, stale))?;
            stale += 1;
        }
        Ok(Self { base: base.to_path_buf(), part: 0, limits, encoder, pending: 0 })
    }

    fn write_line(&mut self, line: &str) -> std::io::Result<()> {
        let encoder = self.encoder.as_mut().ok_or_else(|| std::io::Error::other("recording finished"))?;
        encoder.write_all(line.as_bytes())?;
        encoder.write_all(b"\n")?;
        self.pending += line.len() as u64 + 1;
        if self.pending >= self.limits.frame_bytes {
            return self.end_frame();
        }
        Ok(())
    }

    /// Finishes the current frame (when it holds anything) and starts the next, in the next
    /// file once this one passed the rotation size.
    fn end_frame(&mut self) -> std::io::Result<()> {
        if self.pending == 0 {
            return Ok(());
        }
        let file = self.close_frame()?;
        self.encoder = Some(if file.get_ref().metadata()?.len() >= self.limits.rotate_at {
            self.part += 1;
            encoder(&part_path(&self.base, self.part))?
        } else {
            zstd::stream::write::Encoder::new(file, LEVEL)?
        });
        Ok(())
    }

    fn close_frame(&mut self) -> std::io::Result<BufWriter<File>> {
        let encoder = self.encoder.take().ok_or_else(|| std::io::Error::other("recording finished"))?;
        let mut file = encoder.finish()?;
        file.flush()?;
        self.pending = 0;
        Ok(file)
    }

    fn finish(&mut self) -> std::io::Result<()> {
        let file = self.close_frame()?;
        file.get_ref().sync_all()
    }
}

fn encoder(path: &Path) -> std::io::Result<zstd::stream::write::Encoder<'static, BufWriter<File>>> {
    zstd::stream::write::Encoder::new(BufWriter::new(File::create(path)?), LEVEL)
}

#[cfg(test)]
mod tests;
