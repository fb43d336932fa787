//! The status bar: venue, connection states with message age, the status message, and key
//! hints for the current mode, generated from the keymap.
//!
//! The message is never cut: it sits on the state line when it fits there, else it is wrapped
//! onto lines of its own between the state line and the hints, and the bar grows
//! ([`height`]).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fmt;
use super::theme::THEME;
use crate::app::model::conn::{Conn, ConnStatus};
use crate::app::model::ticket::Stage;
use crate::app::model::{Model, Overlay, Severity};
use crate::app::{Action, Mode, VenueLabel};

/// The bar never takes more than this share (1/n) of the terminal's height for a message.
const MAX_SHARE: u16 = 3;

/// Draws the status lines: state (with the message if it fits), the wrapped message when it
/// does not, and the key hints.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let mut lines = status_lines(model, area.width, area.height.saturating_sub(2));
    lines.push(hints_line(model));
    frame.render_widget(Paragraph::new(lines), area);
}

/// The rows the status bar needs at `width` in a terminal `rows` high: two, plus the lines of
/// a message too long for the state line.
pub fn height(model: &Model, width: u16, rows: u16) -> u16 {
    status_lines(model, width, rows / MAX_SHARE).len() as u16 + 1
}

/// The state line, and the message's own lines (at most `max_lines`) when it does not fit.
pub(super) fn status_lines(model: &Model, width: u16, max_lines: u16) -> Vec<Line<'static>> {
    let mut state = state_line(model, usize::from(width));
    let Some((text, style)) = message(model) else { return vec![state] };
    let inline = format!(" │ {text}");
    if state.width() + Line::raw(inline.as_str()).width() <= usize::from(width) {
        state.push_span(Span::styled(inline, style));
        return vec![state];
    }
    let max_lines = usize::from(max_lines.max(1));
    let mut lines = vec![state];
    lines.extend(
        wrap(&text, usize::from(width).max(1), max_lines).into_iter().map(|l| Line::styled(l, style)),
    );
    lines
}

/// The message's words and style; an error says which key dismisses it. An open question (one
/// order's cancel) takes the message's place until it is answered.
fn message(model: &Model) -> Option<(String, Style)> {
    if let Some(question) =
        cancel_question(model).or_else(|| nudge_question(model)).or_else(|| flatten_question(model))
    {
        return Some((question, THEME.warn));
    }
    let message = model.message.as_ref()?;
    let text = super::words::problem(&message.body);
    Some(match message.severity {
        Severity::Info => (text, THEME.ok),
        Severity::Warning => (text, THEME.warn),
        Severity::Error => match dismiss_key(model) {
            Some(key) => (format!("{text} ({key} dismisses)"), THEME.error),
            None => (text, THEME.error),
        },
    })
}

fn dismiss_key(model: &Model) -> Option<String> {
    model.keymap.first_key(Mode::Normal, Action::Dismiss)
}

/// `cancel BUY 0.01 BTC-USD @ 49000.00 (id 11111111)? c or y to confirm, n or Esc to keep`,
/// with the keys the keymap binds.
fn cancel_question(model: &Model) -> Option<String> {
    let Overlay::ConfirmCancel { order } = &model.overlay else { return None };
    let verb = if order.is_intent() { "forget" } else { "cancel" };
    let order = super::words::order(order, &model.rules);
    let yes = [Action::CancelSelected, Action::Confirm];
    Some(format!("{verb} {order}? {}", answers(model, &yes, "confirm")))
}

/// `Send MARKET SELL 0.5 BTC-USD (all available BTC)? y to send, n or Esc to keep`: the
/// flatten question, naming the exact order `y` sends.
fn flatten_question(model: &Model) -> Option<String> {
    let Overlay::ConfirmFlatten { ticket } = &model.overlay else { return None };
    let Stage::Review { config, .. } = &ticket.stage else { return None };
    let size = config.base_size()?;
    let (product, base) = (&ticket.product, ticket.product.base());
    let order = format!("{} {} {size} {product}", config.order_type(), ticket.side);
    Some(format!("Send {order} (all available {base})? {}", answers(model, &[Action::Confirm], "send")))
}

/// "y to confirm, n or Esc to keep": the Confirm-mode keys of `yes`, then those that close.
fn answers(model: &Model, yes: &[Action], verb: &str) -> String {
    let key = |action: &Action| model.keymap.first_key(Mode::Confirm, *action);
    let yes: Vec<String> = yes.iter().filter_map(key).collect();
    let bindings = model.keymap.bindings(Mode::Confirm);
    let keep: Vec<String> = bindings
        .iter()
        .filter(|(action, _)| *action == Action::Close)
        .flat_map(|(_, keys)| keys.iter().map(ToString::to_string))
        .collect();
    format!("{} to {verb}, {} to keep", yes.join(" or "), keep.join(" or "))
}

/// `move BUY 0.01 BTC-USD @ 49000.00 (id 11111111) → 49000.03 (+3 ticks)? y to confirm, n or
/// Esc to keep`, with the keys the keymap binds; repeated `+`/`-` change the target shown.
fn nudge_question(model: &Model) -> Option<String> {
    let (order, ticks, target) = model.nudge_target()?;
    let keys = |action: Action| -> String {
        let bindings = model.keymap.bindings(Mode::Nudge);
        let keys = bindings.iter().filter(|(a, _)| *a == action).flat_map(|(_, k)| k.iter());
        keys.map(ToString::to_string).collect::<Vec<_>>().join(" or ")
    };
    let tick = model.rules.get(&order.product).map(|r| r.price_increment);
    let to = target.map_or_else(|| "no valid price".into(), |p| fmt::price(p, tick));
    let unit = if ticks.abs() == 1 { "tick" } else { "ticks" };
    let order = super::words::order(order, &model.rules);
    Some(format!(
        "move {order} → {to} ({ticks:+} {unit})? {} to confirm, {} to keep; {}/{} to move more",
        keys(Action::Confirm),
        keys(Action::Close),
        keys(Action::NudgeUp),
        keys(Action::NudgeDown)
    ))
}

/// Word-wraps `text` to `width` columns in at most `max_lines` lines; a word wider than a line
/// is split. When the lines run out, the last one is wider than `width` rather than cut (the
/// terminal wraps nothing, so the words past the edge are the only loss, and only then).
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let used = Line::raw(current.as_str()).width();
            let need = Line::raw(word.as_str()).width() + usize::from(used > 0);
            if used + need <= width {
                if used > 0 {
                    current.push(' ');
                }
                current.push_str(&word);
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut current));
                continue;
            }
            let split = word.char_indices().nth(width).map_or(word.len(), |(i, _)| i);
            let rest = word.split_off(split);
            lines.push(word);
            word = rest;
            if word.is_empty() {
                break;
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        let tail = lines.split_off(max_lines - 1).join(" ");
        lines.push(tail);
    }
    lines
}

fn venue_span(venue: &VenueLabel) -> Span<'static> {
    match venue {
        VenueLabel::Live => Span::styled(" LIVE ", THEME.live_venue),
        VenueLabel::Demo => Span::styled(" DEMO ", THEME.demo_venue),
        VenueLabel::Custom(url) => Span::styled(format!(" {url} "), THEME.warn),
        VenueLabel::Replay => Span::styled(" REPLAY ", THEME.demo_venue),
    }
}

fn conn_spans(name: &'static str, conn: &Conn, model: &Model) -> Vec<Span<'static>> {
    let status = conn.status(model.now);
    let style = match status {
        ConnStatus::Live => THEME.ok,
        ConnStatus::Off => THEME.dim,
        ConnStatus::Stale | ConnStatus::Connecting => THEME.warn,
        ConnStatus::Reconnecting => THEME.error,
    };
    let age = match (status, conn.age(model.now)) {
        (ConnStatus::Off | ConnStatus::Connecting, _) | (_, None) => String::new(),
        (_, Some(age)) => format!(" {}", fmt::age(age)),
    };
    vec![
        Span::styled(format!(" {name} "), THEME.dim),
        Span::styled(format!("{}{age}", status.label()), style),
    ]
}

/// Venue, dry-run, (in a replay) the timeline, feeds, clock, trading block; the timeline takes
/// what `width` leaves of the rest.
fn state_line(model: &Model, width: usize) -> Line<'static> {
    let mut spans = vec![venue_span(&model.venue)];
    if model.dry_run {
        spans.push(Span::styled(" DRY-RUN ", THEME.warn.add_modifier(ratatui::style::Modifier::REVERSED)));
    }
    if model.recording {
        spans.push(Span::styled(" REC ", THEME.error.add_modifier(ratatui::style::Modifier::REVERSED)));
    }
    spans.extend(conn_spans("market", &model.market_conn, model));
    let user = if model.has_credentials {
        conn_spans("user", &model.user_conn, model)
    } else {
        vec![Span::styled(" user ", THEME.dim), Span::styled("no API key", THEME.dim)]
    };
    spans.extend(user);
    spans.extend(clock_span(model));
    if let Some(block) = model.trading_block() {
        spans.push(Span::styled(format!(" │ {}", super::words::trading_block(&block)), THEME.warn));
    }
    if model.is_replay() {
        let room = width.saturating_sub(Line::from(spans.clone()).width());
        let at = 1 + usize::from(model.dry_run);
        spans.splice(at..at, super::replay_bar::timeline(model.replay.as_ref(), room));
    }
    Line::from(spans)
}

/// A marker when the local clock is off the exchange's by more than the warning threshold.
fn clock_span(model: &Model) -> Option<Span<'static>> {
    use crate::domain::guards::clock::{ClockTrust, skew_words};
    let style = match model.clock_trust() {
        ClockTrust::Good => return None,
        ClockTrust::Skewed => THEME.warn,
        ClockTrust::Untrusted => THEME.error,
    };
    let offset = model.clock_offset_ms?;
    Some(Span::styled(format!("  clock {}", skew_words(offset)), style))
}

/// The mode's key hints; in a replay with no overlay open, the replay keys' first.
fn hints_line(model: &Model) -> Line<'static> {
    let mut spans = Vec::new();
    let mut hints = Vec::new();
    if model.is_replay() && model.mode() == Mode::Normal {
        hints = model.keymap.hints(Mode::Replay);
    }
    hints.extend(model.keymap.hints(model.mode()));
    for (key, label) in hints {
        spans.push(Span::styled(key, THEME.key));
        spans.push(Span::styled(format!(" {label}  "), THEME.dim));
    }
    Line::from(spans)
}
