//! Balances valued in the quote currency with each product's P&L, and recent fills.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Span;

use super::columns::{self, Col};
use super::theme;
use super::{fmt, pane_block, portfolio, title_within};
use crate::app::model::{Model, Pane};

/// Narrower than this, only the focused one of Balances and Fills is drawn, at full width.
const SIDE_BY_SIDE: u16 = 100;

/// Where balances and fills go in `area`: side by side, or the focused one alone in a narrow
/// area.
pub fn areas(model: &Model, area: Rect) -> Vec<(Pane, Rect)> {
    if area.width < SIDE_BY_SIDE {
        let pane = if model.focus == Pane::Fills { Pane::Fills } else { Pane::Balances };
        return vec![(pane, area)];
    }
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
    vec![(Pane::Balances, left), (Pane::Fills, right)]
}

/// Draws balances and fills where [`areas`] puts them.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    for (pane, rect) in areas(model, area) {
        match pane {
            Pane::Fills => draw_fills(frame, model, rect),
            _ => draw_balances(frame, model, rect),
        }
    }
}

/// Draws the balances with each product's P&L.
pub fn draw_balances(frame: &mut Frame, model: &Model, area: Rect) {
    let theme = theme::of(model.theme);
    let mut detail = portfolio::title_detail(model);
    if !model.has_credentials {
        detail.insert(0, Span::styled("no API key ", theme.warn));
    }
    let block =
        pane_block(theme, title_within(theme, "Balances", detail, area.width), model.focus == Pane::Balances);
    let rows = pinned_total(portfolio::rows(model), block.inner(area).height);
    let total = rows.len().saturating_sub(1);
    let style = |i: usize| if i == total { theme.header } else { Style::new() };
    let inner = block.inner(area).width;
    let table = columns::table(theme, &portfolio::COLS, rows, inner, style);
    frame.render_widget(table.block(block), area);
}

/// `rows` cut to what `inner_height` lines hold under the header, the last (total) row kept.
fn pinned_total<T>(mut rows: Vec<T>, inner_height: u16) -> Vec<T> {
    let room = usize::from(inner_height.saturating_sub(1));
    if rows.len() > room
        && let Some(total) = rows.pop()
    {
        rows.truncate(room.saturating_sub(1));
        rows.push(total);
    }
    rows
}

const FILL_COLS: [Col; 6] = [
    columns::left("Time", 2),
    columns::left("Product", 6),
    columns::left("Side", 5),
    columns::right("Price", 4),
    columns::right("Size", 3),
    columns::right("Fee", 1),
];

/// Draws the recent fills.
pub fn draw_fills(frame: &mut Frame, model: &Model, area: Rect) {
    let theme = theme::of(model.theme);
    let block =
        pane_block(theme, title_within(theme, "Fills", vec![], area.width), model.focus == Pane::Fills);
    let rows = model
        .account
        .fills
        .iter()
        .map(|f| {
            let inc = model.rules.get(&f.product).map(|r| r.price_increment);
            vec![
                Span::styled(f.time.format("%H:%M:%S").to_string(), theme.dim),
                Span::raw(f.product.as_str()),
                Span::styled(f.side.as_wire(), theme.side(f.side)),
                Span::raw(fmt::price(f.price, inc)),
                Span::raw(fmt::size(f.size)),
                Span::raw(fmt::amount(f.fee, f.product.quote(), model.rules.values())),
            ]
        })
        .collect();
    let inner = block.inner(area).width;
    let table = columns::table(theme, &FILL_COLS, rows, inner, |_| Style::new());
    frame.render_widget(table.block(block), area);
}
