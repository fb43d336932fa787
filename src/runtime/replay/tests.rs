//! The player on tokio's paused clock: each line arrives when the recording says, at the
//! speed asked; pause stops delivery, step delivers one line, `--from` applies earlier lines
//! at once.

use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::source::{Line, Plan, play};
use crate::app::Msg;
use crate::app::model::{ReplayControl, ReplayProgress};

const T0: &str = "2026-12-04T19:00:00Z";

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(T0).expect("time").with_timezone(&Utc) + chrono::Duration::milliseconds(ms)
}

/// A line at `ms` after T0 with `n` marker messages (`Resized { width: ms, height: i }`).
fn line(ms: i64, n: u16) -> Line {
    let width = u16::try_from(ms / 100).expect("small");
    (at(ms), (0..n).map(|height| Msg::Resized { width, height }).collect())
}

/// A player on these lines (the last one ends the span), and its controls.
fn player(
    lines: Vec<Line>,
    from_ms: i64,
    speed: f64,
) -> (mpsc::Receiver<Msg>, mpsc::UnboundedSender<ReplayControl>) {
    let end = lines.last().map_or(at(0), |l| l.0);
    let (line_tx, line_rx) = mpsc::channel(lines.len() + 1);
    for l in lines {
        line_tx.try_send(Ok(l)).expect("room");
    }
    drop(line_tx);
    let (tx, rx) = mpsc::channel(64);
    let (controls, control_rx) = mpsc::unbounded_channel();
    let plan = Plan { span: (at(0), end), from: at(from_ms), speed };
    let _ = play(line_rx, plan, tx, control_rx);
    (rx, controls)
}

/// What arrived, in order: markers as (width, height, ms since `start`), until the replay
/// reports it finished (or the deadline passes).
async fn markers(rx: &mut mpsc::Receiver<Msg>, start: Instant) -> Vec<(u16, u16, u128)> {
    let mut seen = Vec::new();
    let deadline = Duration::from_secs(3600);
    while let Ok(Some(msg)) = tokio::time::timeout(deadline, rx.recv()).await {
        match msg {
            Msg::Resized { width, height } => seen.push((width, height, start.elapsed().as_millis())),
            Msg::ReplayProgress(ReplayProgress { finished: true, .. }) => break,
            _ => {}
        }
    }
    seen
}

/// Waits for the progress report that says the replay is `paused` (deadline: an hour of the
/// paused clock).
async fn until_paused(rx: &mut mpsc::Receiver<Msg>, paused: bool) -> Vec<u16> {
    let mut widths = Vec::new();
    let deadline = Duration::from_secs(3600);
    while let Ok(Some(msg)) = tokio::time::timeout(deadline, rx.recv()).await {
        match msg {
            Msg::Resized { width, .. } => widths.push(width),
            Msg::ReplayProgress(p) if p.paused == paused => return widths,
            _ => {}
        }
    }
    panic!("no report with paused = {paused}");
}

fn recording() -> Vec<Line> {
    vec![line(0, 1), line(1000, 1), line(3000, 2), line(3500, 1)]
}

#[tokio::test(start_paused = true)]
async fn lines_arrive_at_their_recorded_times_over_the_speed() {
    for (speed, expected) in [
        (1.0, [0, 1000, 3000, 3000, 3500]),
        (4.0, [0, 250, 750, 750, 875]),
        (0.5, [0, 2000, 6000, 6000, 7000]),
    ] {
        let start = Instant::now();
        let (mut rx, _controls) = player(recording(), 0, speed);
        let seen = markers(&mut rx, start).await;
        let times: Vec<u128> = seen.iter().map(|m| m.2).collect();
        assert_eq!(times, expected, "speed {speed}");
        let order: Vec<(u16, u16)> = seen.iter().map(|m| (m.0, m.1)).collect();
        assert_eq!(order, [(0, 0), (10, 0), (30, 0), (30, 1), (35, 0)]);
    }
}

#[tokio::test(start_paused = true)]
async fn pause_stops_delivery_until_resumed() {
    let start = Instant::now();
    let (mut rx, controls) = player(recording(), 0, 1.0);
    assert!(matches!(rx.recv().await, Some(Msg::ReplayProgress(_))));
    assert!(matches!(rx.recv().await, Some(Msg::Resized { width: 0, .. })));
    controls.send(ReplayControl::TogglePause).expect("player");
    assert_eq!(until_paused(&mut rx, true).await, Vec::<u16>::new());
    tokio::time::advance(Duration::from_secs(60)).await;
    let quiet = tokio::time::timeout(Duration::from_secs(600), rx.recv()).await;
    assert!(quiet.is_err(), "nothing is delivered while paused: {quiet:?}");
    controls.send(ReplayControl::TogglePause).expect("player");
    let seen = markers(&mut rx, start).await;
    let paused_for = 660_000;
    let times: Vec<u128> = seen.iter().map(|m| m.2 - paused_for).collect();
    assert_eq!(times, [1000, 3000, 3000, 3500], "the rest keeps its pace after the pause");
}

#[tokio::test(start_paused = true)]
async fn step_delivers_exactly_one_line() {
    let (mut rx, controls) = player(recording(), 0, 1.0);
    controls.send(ReplayControl::TogglePause).expect("player");
    let before = until_paused(&mut rx, true).await;
    assert!(before.len() <= 1, "paused at the start: {before:?}");
    let mut stepped = Vec::new();
    for _ in 0..2 {
        controls.send(ReplayControl::Step).expect("player");
        stepped.push(until_paused(&mut rx, true).await);
    }
    let lines = if before.is_empty() { vec![vec![0], vec![10]] } else { vec![vec![10], vec![30, 30]] };
    assert_eq!(stepped, lines, "one recorded line (all its messages) per step");
    let quiet = tokio::time::timeout(Duration::from_secs(600), rx.recv()).await;
    assert!(quiet.is_err(), "a step does not resume: {quiet:?}");
}

#[tokio::test(start_paused = true)]
async fn from_applies_earlier_lines_at_once_then_paces() {
    let start = Instant::now();
    let (mut rx, _controls) = player(recording(), 2000, 1.0);
    let seen = markers(&mut rx, start).await;
    let times: Vec<(u16, u128)> = seen.iter().map(|m| (m.0, m.2)).collect();
    assert_eq!(times, [(0, 0), (10, 0), (30, 1000), (30, 1000), (35, 1500)]);
}

#[tokio::test(start_paused = true)]
async fn faster_and_slower_double_and_halve_the_speed() {
    let (mut rx, controls) = player(recording(), 0, 1.0);
    for control in [ReplayControl::Faster, ReplayControl::Faster, ReplayControl::Slower] {
        controls.send(control).expect("player");
    }
    let mut speeds = Vec::new();
    while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(3600), rx.recv()).await {
        if let Msg::ReplayProgress(p) = msg {
            speeds.push(p.speed);
            if p.finished {
                break;
            }
        }
    }
    speeds.dedup();
    assert_eq!(speeds, [1.0, 2.0, 4.0, 2.0]);
}

#[test]
fn the_models_clock_follows_the_recording_and_stands_still_while_paused() {
    use super::Pace;
    let real = std::time::Instant::now();
    let mut pace = Pace::new((at(0), at(60_000)), at(10_000), 0.25, real);
    let secs = |s: u64| real + Duration::from_secs(s);
    assert_eq!(pace.clock(secs(4)), (pace.origin + Duration::from_secs(11), at(11_000)));
    pace.toggle(secs(4));
    assert_eq!(pace.clock(secs(400)), (pace.origin + Duration::from_secs(11), at(11_000)), "paused");
    assert_eq!(pace.due(at(12_000)), None);
    pace.toggle(secs(400));
    assert_eq!(pace.due(at(12_000)), Some(secs(404)));
    assert_eq!(pace.clock(secs(10_000)).1, at(60_000), "the clock stops at the last line");
}

#[test]
fn extreme_speeds_never_panic() {
    use super::Pace;
    let real = std::time::Instant::now();
    for speed in [f64::MAX, 1e300, f64::MIN_POSITIVE, 1e-300] {
        let pace = Pace::new((at(0), at(3_600_000)), at(0), speed, real);
        let _ = pace.due(at(3_600_000));
        let _ = pace.clock(real + Duration::from_secs(86_400 * 365));
    }
}
