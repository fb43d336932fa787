//! The replay source: reads the recording on a blocking thread (decompressing never blocks the
//! event loop) and delivers each line's messages into the model's queue at the recorded pace,
//! obeying the replay keys' [`ReplayControl`]s and reporting [`Msg::ReplayProgress`].

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::pace::Pace;
use crate::app::Msg;
use crate::app::model::replay::{MAX_SPEED, MIN_SPEED};
use crate::app::model::{ReplayControl, ReplayProgress};

/// A recording's first and last line's times.
pub type Span = (DateTime<Utc>, DateTime<Utc>);
/// One recorded line, converted: its receive time and the dashboard's messages.
pub type Line = (DateTime<Utc>, Vec<Msg>);
/// The recording's lines in order; an error (in words) ends the replay.
pub type Lines = Box<dyn Iterator<Item = Result<Line, String>> + Send>;

/// Lines read ahead of the player.
const READ_AHEAD: usize = 1024;
/// Time between progress reports while playing (the timeline's clock).
const REPORT_EVERY: Duration = Duration::from_millis(200);

/// What to play and how.
pub struct Source {
    /// The lines, read on a blocking thread.
    pub lines: Lines,
    /// How to play them.
    pub plan: Plan,
}

/// How to play a recording.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    /// The recording's first and last line.
    pub span: Span,
    /// Lines before this are applied at once, then playback is paced (the span's start when
    /// not asked).
    pub from: DateTime<Utc>,
    /// Recorded seconds per real second.
    pub speed: f64,
}

/// Starts the replay: its reader thread and its player task, which delivers into `tx`, takes
/// `controls` and publishes its [`Pace`] (the model's clock).
pub fn spawn(
    source: Source,
    tx: mpsc::Sender<Msg>,
    controls: mpsc::UnboundedReceiver<ReplayControl>,
) -> (JoinHandle<()>, watch::Receiver<Pace>) {
    let (line_tx, line_rx) = mpsc::channel(READ_AHEAD);
    let lines = source.lines;
    tokio::task::spawn_blocking(move || {
        for line in lines {
            if line_tx.blocking_send(line).is_err() {
                return;
            }
        }
    });
    play(line_rx, source.plan, tx, controls)
}

/// The player task alone, on lines from a channel.
pub fn play(
    lines: mpsc::Receiver<Result<Line, String>>,
    plan: Plan,
    tx: mpsc::Sender<Msg>,
    controls: mpsc::UnboundedReceiver<ReplayControl>,
) -> (JoinHandle<()>, watch::Receiver<Pace>) {
    let pace = Pace::new(plan.span, plan.from, plan.speed, now());
    let (clock, clock_rx) = watch::channel(pace);
    let player = Player { pace, lines, next: None, tx, clock, finished: false, problem: None };
    (tokio::spawn(player.run(plan.from, controls)), clock_rx)
}

/// The real now, from tokio's clock (which tests can pause and advance).
pub fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// The player task's state.
struct Player {
    pace: Pace,
    lines: mpsc::Receiver<Result<Line, String>>,
    next: Option<Line>,
    tx: mpsc::Sender<Msg>,
    clock: watch::Sender<Pace>,
    finished: bool,
    problem: Option<String>,
}

impl Player {
    async fn run(mut self, from: DateTime<Utc>, mut controls: mpsc::UnboundedReceiver<ReplayControl>) {
        self.apply_before(from).await;
        self.pace.real = now();
        self.publish().await;
        let mut reports = tokio::time::interval(REPORT_EVERY);
        loop {
            let due = self.next.as_ref().and_then(|(at, _)| self.pace.due(*at));
            let wait = tokio::time::Instant::from_std(due.unwrap_or_else(Instant::now));
            tokio::select! {
                biased;
                control = controls.recv() => match control {
                    Some(control) => self.control(control).await,
                    None => return,
                },
                line = self.lines.recv(), if self.next.is_none() && !self.finished => self.take(line).await,
                () = tokio::time::sleep_until(wait), if due.is_some() => self.deliver_next().await,
                _ = reports.tick(), if !self.pace.paused && !self.finished => self.report().await,
            }
        }
    }

    /// Applies every line before `from` at once: the book is right at that point.
    async fn apply_before(&mut self, from: DateTime<Utc>) {
        while !self.finished {
            let line = self.lines.recv().await;
            self.take(line).await;
            match &self.next {
                Some((at, _)) if *at < from => self.deliver_next().await,
                _ => return,
            }
        }
    }

    /// A line read (or the end, or a damaged line, which ends the replay).
    async fn take(&mut self, line: Option<Result<Line, String>>) {
        match line {
            Some(Ok(line)) => self.next = Some(line),
            Some(Err(problem)) => {
                self.problem = Some(problem);
                self.finish().await;
            }
            None => self.finish().await,
        }
    }

    /// The end: the clock stops where the last line was delivered.
    async fn finish(&mut self) {
        self.finished = true;
        if !self.pace.paused {
            self.pace.toggle(now());
        }
        self.publish().await;
    }

    /// Sends the next line's messages, stamped with the recording's clock.
    async fn deliver_next(&mut self) {
        let Some((at, msgs)) = self.next.take() else { return };
        let instant = self.pace.instant(at);
        for msg in msgs {
            if self.tx.send(restamp(msg, instant)).await.is_err() {
                return;
            }
        }
        if self.pace.paused {
            self.pace.stepped_to(at, now());
        }
    }

    async fn control(&mut self, control: ReplayControl) {
        let now = now();
        match control {
            ReplayControl::TogglePause if !self.finished => self.pace.toggle(now),
            ReplayControl::Step if !self.finished => self.step(now).await,
            ReplayControl::Faster => self.pace.set_speed(faster(self.pace.speed), now),
            ReplayControl::Slower => self.pace.set_speed(slower(self.pace.speed), now),
            ReplayControl::TogglePause | ReplayControl::Step => return,
        }
        self.publish().await;
    }

    /// Pauses, then delivers exactly one recorded line (reading it first if need be).
    async fn step(&mut self, now: Instant) {
        if !self.pace.paused {
            self.pace.toggle(now);
        }
        if self.next.is_none() {
            let line = self.lines.recv().await;
            self.take(line).await;
        }
        self.deliver_next().await;
    }

    /// Publishes the pace (the model's clock) and reports the progress.
    async fn publish(&mut self) {
        self.clock.send_replace(self.pace);
        self.report().await;
    }

    async fn report(&mut self) {
        let pace = &self.pace;
        let progress = ReplayProgress {
            at: pace.recorded_at(now()),
            start: pace.start,
            end: pace.end,
            speed: pace.speed,
            paused: pace.paused,
            finished: self.finished,
            problem: self.problem.clone(),
        };
        let _ = self.tx.send(Msg::ReplayProgress(progress)).await;
    }
}

/// Twice as fast, up to [`MAX_SPEED`] (a faster `--speed` is kept).
fn faster(speed: f64) -> f64 {
    (speed * 2.0).min(MAX_SPEED.max(speed))
}

/// Half as fast, down to [`MIN_SPEED`] (a slower `--speed` is kept).
fn slower(speed: f64) -> f64 {
    (speed / 2.0).max(MIN_SPEED.min(speed))
}

/// `msg` as received at `at`: feed messages and order listings carry the recording's clock.
fn restamp(msg: Msg, at: Instant) -> Msg {
    match msg {
        Msg::Feed { feed, event, .. } => Msg::Feed { feed, event, at },
        Msg::OpenOrdersListed { orders, .. } => Msg::OpenOrdersListed { requested_at: at, orders },
        Msg::OrdersListedSince { orders, .. } => Msg::OrdersListedSince { requested_at: at, orders },
        other => other,
    }
}
