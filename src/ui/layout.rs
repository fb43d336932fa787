//! Where each pane goes for a model and a terminal area: the one layout both [`super::draw`]
//! draws with and [`hit`] tests the mouse against, so a click lands on what is drawn there.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::widgets::Block;

use super::{MIN_SIZE, RICH_SIZE, balances, book, orders, status_bar, watchlist};
use crate::app::Target;
use crate::app::model::{Model, Pane};

/// The dashboard's areas: each pane drawn, the panes' whole area (overlays go over it) and the
/// status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    /// The panes drawn, each with its area (borders included).
    pub panes: Vec<(Pane, Rect)>,
    /// The area of the panes together.
    pub main: Rect,
    /// The status bar.
    pub status: Rect,
}

/// The layout of `area`; `None` below [`MIN_SIZE`] (the too-small screen has no panes).
pub fn screen(model: &Model, area: Rect) -> Option<Screen> {
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        return None;
    }
    let status_h = status_bar::height(model, area.width, area.height);
    let [main, status] = Layout::vertical([Constraint::Min(0), Constraint::Length(status_h)]).areas(area);
    let panes = if area.width >= RICH_SIZE.0 && area.height >= RICH_SIZE.1 {
        rich(model, main)
    } else {
        compact(model, main)
    };
    Some(Screen { panes, main, status })
}

fn watch_height(model: &Model, max: u16) -> u16 {
    (model.watch.len() as u16 + 3).clamp(5, max)
}

/// 80×24 and up: watchlist on top, book on the left, open orders and one detail pane right;
/// the chart, when it has focus, takes the whole right column.
fn compact(model: &Model, area: Rect) -> Vec<(Pane, Rect)> {
    let [top, rest] =
        Layout::vertical([Constraint::Length(watch_height(model, 8)), Constraint::Min(0)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(rest);
    let mut panes = vec![(Pane::Watchlist, top), (Pane::Book, left)];
    if model.focus == Pane::Chart {
        panes.push((Pane::Chart, right));
        return panes;
    }
    let [orders_area, detail] = Layout::vertical([Constraint::Length(7), Constraint::Min(0)]).areas(right);
    panes.push((Pane::Orders, orders_area));
    match model.focus {
        Pane::Balances | Pane::Fills => panes.extend(balances::areas(model, detail)),
        _ => panes.push((Pane::Trades, detail)),
    }
    panes
}

/// 120×36 and up: every pane at once; the top row (watchlist and chart) takes three eighths of
/// the height, so the chart grows with the terminal.
fn rich(model: &Model, area: Rect) -> Vec<(Pane, Rect)> {
    let top_h = watch_height(model, 14).max(12).max(area.height * 3 / 8);
    let [top, middle, bottom] =
        Layout::vertical([Constraint::Length(top_h), Constraint::Min(0), Constraint::Length(10)]).areas(area);
    let [watch, chart] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(top);
    let [book_area, trades, orders_area] = Layout::horizontal([
        Constraint::Percentage(32),
        Constraint::Percentage(22),
        Constraint::Percentage(46),
    ])
    .areas(middle);
    let mut panes = vec![
        (Pane::Watchlist, watch),
        (Pane::Chart, chart),
        (Pane::Book, book_area),
        (Pane::Trades, trades),
        (Pane::Orders, orders_area),
    ];
    panes.extend(balances::areas(model, bottom));
    panes
}

/// What the cell at `column`, `row` of `area` shows, as drawn for `model`: a row of a list
/// pane, a book level, or a pane (its border, header or empty space); `None` off the panes
/// (the status bar, a too-small terminal).
pub fn hit(model: &Model, area: Rect, column: u16, row: u16) -> Option<Target> {
    let at = Position { x: column, y: row };
    let &(pane, rect) = screen(model, area)?.panes.iter().find(|(_, r)| r.contains(at))?;
    let inner = Block::bordered().inner(rect);
    if !inner.contains(at) {
        return Some(Target::Pane(pane));
    }
    let target = match pane {
        Pane::Watchlist => watchlist::row_at(model, inner, row).map(|index| Target::Row { pane, index }),
        Pane::Orders => orders::row_at(model, inner, row).map(|index| Target::Row { pane, index }),
        Pane::Book => book::level_at(model, inner, row).map(Target::Level),
        _ => None,
    };
    Some(target.unwrap_or(Target::Pane(pane)))
}
