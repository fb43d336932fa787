//! Pure rendering: `draw(frame, &Model)` lays the panes out for the terminal size and draws
//! each from the model. No I/O, no clocks, no mutation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::app::model::{Model, Overlay, Pane};

pub mod alerts;
pub mod balances;
pub mod book;
pub mod book_marks;
pub mod chart;
mod clock_face;
pub mod columns;
pub mod fmt;
pub mod help;
pub mod history;
pub mod orders;
pub mod overlays;
pub mod palette;
pub mod portfolio;
pub mod replay_bar;
pub mod status_bar;
pub mod theme;
pub mod ticket;
pub mod trades;
pub mod watchlist;
pub mod words;

pub use clock_face::clock_face;
use theme::THEME;

/// Smallest terminal the dashboard draws into; a smaller one gets [`draw_too_small`].
pub const MIN_SIZE: (u16, u16) = crate::app::model::help::MIN_SCREEN;
/// From this size on, every pane has its own place.
pub const RICH_SIZE: (u16, u16) = (120, 36);

/// Draws the whole dashboard.
pub fn draw(frame: &mut Frame, model: &Model) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        draw_too_small(frame, model, area);
        return;
    }
    let status_h = status_bar::height(model, area.width, area.height);
    let [main, status] = Layout::vertical([Constraint::Min(0), Constraint::Length(status_h)]).areas(area);
    if area.width >= RICH_SIZE.0 && area.height >= RICH_SIZE.1 {
        draw_rich(frame, model, main);
    } else {
        draw_compact(frame, model, main);
    }
    status_bar::draw(frame, model, status);
    draw_overlay(frame, model, main);
}

/// `terminal too small (need 80×24, have 60×20)`, centred and word-wrapped, instead of panes
/// too small to read.
pub fn draw_too_small(frame: &mut Frame, model: &Model, area: Rect) {
    let (need, have) = (MIN_SIZE, (area.width, area.height));
    let mut texts = vec![(
        format!("terminal too small (need {}×{}, have {}×{})", need.0, need.1, have.0, have.1),
        THEME.warn,
    )];
    if let Some(quit) = model.keymap.first_key(crate::app::Mode::Normal, crate::app::Action::Quit) {
        texts.push((format!("enlarge the window, or {quit} quits"), THEME.dim));
    }
    let width = usize::from(area.width.max(1));
    let lines: Vec<Line> = texts
        .into_iter()
        .flat_map(|(text, style)| {
            status_bar::wrap(&text, width, usize::MAX).into_iter().map(move |l| Line::styled(l, style))
        })
        .collect();
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX).min(area.height);
    let [_, middle, _] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(height), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(lines).centered(), middle);
}

fn watch_height(model: &Model, max: u16) -> u16 {
    (model.watch.len() as u16 + 3).clamp(5, max)
}

/// 80×24 and up: watchlist on top, book on the left, open orders and one detail pane right;
/// the chart, when it has focus, takes the whole right column.
fn draw_compact(frame: &mut Frame, model: &Model, area: Rect) {
    let [top, rest] =
        Layout::vertical([Constraint::Length(watch_height(model, 8)), Constraint::Min(0)]).areas(area);
    watchlist::draw(frame, model, top);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(rest);
    book::draw(frame, model, left);
    if model.focus == Pane::Chart {
        chart::draw(frame, model, right);
        return;
    }
    let [orders_area, detail] = Layout::vertical([Constraint::Length(7), Constraint::Min(0)]).areas(right);
    orders::draw(frame, model, orders_area);
    match model.focus {
        Pane::Balances | Pane::Fills => balances::draw(frame, model, detail),
        _ => trades::draw(frame, model, detail),
    }
}

/// 120×36 and up: every pane at once; the top row (watchlist and chart) takes three eighths of
/// the height, so the chart grows with the terminal.
fn draw_rich(frame: &mut Frame, model: &Model, area: Rect) {
    let top_h = watch_height(model, 14).max(12).max(area.height * 3 / 8);
    let [top, middle, bottom] =
        Layout::vertical([Constraint::Length(top_h), Constraint::Min(0), Constraint::Length(10)]).areas(area);
    let [watch, chart_area] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(top);
    watchlist::draw(frame, model, watch);
    chart::draw(frame, model, chart_area);
    let [book_area, trades_area, orders_area] = Layout::horizontal([
        Constraint::Percentage(32),
        Constraint::Percentage(22),
        Constraint::Percentage(46),
    ])
    .areas(middle);
    book::draw(frame, model, book_area);
    trades::draw(frame, model, trades_area);
    orders::draw(frame, model, orders_area);
    balances::draw(frame, model, bottom);
}

fn draw_overlay(frame: &mut Frame, model: &Model, area: Rect) {
    match &model.overlay {
        Overlay::None => {}
        Overlay::Help { .. } => help::draw(frame, model, frame.area()),
        Overlay::Picker(picker) => overlays::draw_picker(frame, model, picker, area),
        // Asked in the status line (`status_bar`), so the panes stay in view.
        Overlay::ConfirmCancel { .. } | Overlay::Nudge { .. } | Overlay::ConfirmFlatten { .. } => {}
        Overlay::ConfirmCancelAll { order_ids, product } => {
            overlays::draw_confirm(frame, model, order_ids.len(), product.as_ref(), area)
        }
        Overlay::Palette(p) => palette::draw(frame, model, p, area),
        Overlay::Ticket(t) => ticket::draw(frame, model, t, area),
        Overlay::AlertForm(form) => alerts::draw_form(frame, model, form, area),
        Overlay::Alerts => alerts::draw_list(frame, model, area),
    }
}

/// A bordered pane block; the focused pane gets the focus colour.
pub fn pane_block<'a>(title: Line<'a>, focused: bool) -> Block<'a> {
    let style = if focused { THEME.border_focused } else { THEME.border };
    Block::bordered().border_type(BorderType::Rounded).border_style(style).title(title)
}

/// A pane title: the name, then dim details.
pub fn title<'a>(name: &'a str, detail: Vec<Span<'a>>) -> Line<'a> {
    let mut spans = vec![Span::styled(format!(" {name} "), THEME.header)];
    spans.extend(detail);
    if spans.len() > 1 {
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// [`title`] for a pane `width` cells wide: a title wider than the border is cut at the right,
/// which could cut a number (`Trades 0.1s` to `Trades 0.`), so details are dropped whole from
/// the end until it fits.
pub fn title_within<'a>(name: &'a str, mut detail: Vec<Span<'a>>, width: u16) -> Line<'a> {
    let room = usize::from(width.saturating_sub(2));
    while !detail.is_empty() && title(name, detail.clone()).width() > room {
        detail.pop();
    }
    title(name, detail)
}

/// A centred rectangle of at most `width`×`height` inside `area`, cleared for a popup.
pub fn popup(frame: &mut Frame, area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    let rect =
        Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h };
    frame.render_widget(Clear, rect);
    rect
}
