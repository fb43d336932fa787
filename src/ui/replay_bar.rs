//! The replay timeline in the status bar: the recorded time now, ▶ or ⏸, the speed, and a
//! progress bar with its percentage (the bar is dropped when the line has no room; numbers are
//! never cut). At the end: "replay finished".

use ratatui::text::Span;

use super::theme::THEME;
use crate::app::model::ReplayProgress;

/// Widest progress bar, in cells.
const MAX_BAR: usize = 30;
/// Narrowest progress bar worth drawing.
const MIN_BAR: usize = 6;

/// The timeline's spans in at most `room` columns when that is enough for its numbers.
pub fn timeline(progress: Option<&ReplayProgress>, room: usize) -> Vec<Span<'static>> {
    let Some(p) = progress else { return vec![Span::styled(" reading the recording…", THEME.dim)] };
    let time = format!(" {}", p.at.format("%H:%M:%S%.3f"));
    let state = if p.finished {
        " replay finished".to_string()
    } else {
        format!(" {} ×{}", if p.paused { "⏸" } else { "▶" }, p.speed)
    };
    let percent = format!(" {}%", (p.position() * 100.0).floor());
    let used = [&time, &state, &percent].iter().map(|s| s.chars().count()).sum::<usize>();
    let style = if p.paused || p.finished { THEME.warn } else { THEME.ok };
    let mut spans = vec![Span::styled(time, THEME.header), Span::styled(state, style)];
    let bar = room.saturating_sub(used + 1).min(MAX_BAR);
    if bar >= MIN_BAR {
        spans.push(Span::styled(format!(" {}", bar_text(p.position(), bar)), THEME.dim));
    }
    spans.push(Span::styled(percent, THEME.dim));
    spans
}

/// `█████░░░░░`: `width` cells, filled to `position` (0.0 to 1.0).
fn bar_text(position: f64, width: usize) -> String {
    let filled = ((position * width as f64).floor() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}
