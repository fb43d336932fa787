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
pub mod layout;
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
pub use layout::hit;
use theme::Theme;

/// Smallest terminal the dashboard draws into; a smaller one gets [`draw_too_small`].
pub const MIN_SIZE: (u16, u16) = crate::app::model::help::MIN_SCREEN;
/// From this size on, every pane has its own place.
pub const RICH_SIZE: (u16, u16) = (120, 36);

/// Draws the whole dashboard, pane by pane as [`layout::screen`] places them.
pub fn draw(frame: &mut Frame, model: &Model) {
    let area = frame.area();
    let Some(screen) = layout::screen(model, area) else {
        draw_too_small(frame, model, area);
        return;
    };
    for &(pane, rect) in &screen.panes {
        draw_pane(frame, model, pane, rect);
    }
    status_bar::draw(frame, model, screen.status);
    draw_overlay(frame, model, screen.main);
}

/// `terminal too small (need 80×24, have 60×20)`, centred and word-wrapped, instead of panes
/// too small to read.
pub fn draw_too_small(frame: &mut Frame, model: &Model, area: Rect) {
    let theme = theme::of(model.theme);
    let (need, have) = (MIN_SIZE, (area.width, area.height));
    let mut texts = vec![(
        format!("terminal too small (need {}×{}, have {}×{})", need.0, need.1, have.0, have.1),
        theme.warn,
    )];
    if let Some(quit) = model.keymap.first_key(crate::app::Mode::Normal, crate::app::Action::Quit) {
        texts.push((format!("enlarge the window, or {quit} quits"), theme.dim));
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

fn draw_pane(frame: &mut Frame, model: &Model, pane: Pane, area: Rect) {
    match pane {
        Pane::Watchlist => watchlist::draw(frame, model, area),
        Pane::Book => book::draw(frame, model, area),
        Pane::Trades => trades::draw(frame, model, area),
        Pane::Chart => chart::draw(frame, model, area),
        Pane::Orders => orders::draw(frame, model, area),
        Pane::Balances => balances::draw_balances(frame, model, area),
        Pane::Fills => balances::draw_fills(frame, model, area),
    }
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
pub fn pane_block<'a>(theme: &Theme, title: Line<'a>, focused: bool) -> Block<'a> {
    let style = if focused { theme.border_focused } else { theme.border };
    Block::bordered().border_type(BorderType::Rounded).border_style(style).title(title)
}

/// A pane title: the name, then dim details.
pub fn title<'a>(theme: &Theme, name: &'a str, detail: Vec<Span<'a>>) -> Line<'a> {
    let mut spans = vec![Span::styled(format!(" {name} "), theme.header)];
    spans.extend(detail);
    if spans.len() > 1 {
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// [`title`] for a pane `width` cells wide: a title wider than the border is cut at the right,
/// which could cut a number (`Trades 0.1s` to `Trades 0.`), so details are dropped whole from
/// the end until it fits.
pub fn title_within<'a>(theme: &Theme, name: &'a str, mut detail: Vec<Span<'a>>, width: u16) -> Line<'a> {
    let room = usize::from(width.saturating_sub(2));
    while !detail.is_empty() && title(theme, name, detail.clone()).width() > room {
        detail.pop();
    }
    title(theme, name, detail)
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
