//! Balances (available and held) per currency, and recent fills.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Span;

use super::columns::{self, Col};
use super::theme::THEME;
use super::{fmt, pane_block, title_within};
use crate::app::model::{Model, Pane};

/// Draws balances and fills side by side.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(area);
    draw_balances(frame, model, left);
    draw_fills(frame, model, right);
}

const BALANCE_COLS: [Col; 3] =
    [columns::left("Cur", 3), columns::right("Available", 2), columns::right("Held", 1)];

fn draw_balances(frame: &mut Frame, model: &Model, area: Rect) {
    let detail = if model.has_credentials { vec![] } else { vec![Span::styled("no API key", THEME.warn)] };
    let block = pane_block(title_within("Balances", detail, area.width), model.focus == Pane::Balances);
    let rows = model
        .account
        .balances
        .iter()
        .map(|b| {
            let amount = |v| fmt::amount(v, &b.currency, model.rules.values());
            vec![Span::raw(b.currency.as_str()), Span::raw(amount(b.available)), Span::raw(amount(b.hold))]
        })
        .collect();
    let inner = block.inner(area).width;
    let table = columns::table(&BALANCE_COLS, rows, inner, |_| Style::new());
    frame.render_widget(table.block(block), area);
}

const FILL_COLS: [Col; 6] = [
    columns::left("Time", 2),
    columns::left("Product", 6),
    columns::left("Side", 5),
    columns::right("Price", 4),
    columns::right("Size", 3),
    columns::right("Fee", 1),
];

fn draw_fills(frame: &mut Frame, model: &Model, area: Rect) {
    let block = pane_block(title_within("Fills", vec![], area.width), model.focus == Pane::Fills);
    let rows = model
        .account
        .fills
        .iter()
        .map(|f| {
            let inc = model.rules.get(&f.product).map(|r| r.price_increment);
            vec![
                Span::styled(f.time.format("%H:%M:%S").to_string(), THEME.dim),
                Span::raw(f.product.as_str()),
                Span::styled(f.side.as_wire(), THEME.side(f.side)),
                Span::raw(fmt::price(f.price, inc)),
                Span::raw(fmt::size(f.size)),
                Span::raw(fmt::size(f.fee)),
            ]
        })
        .collect();
    let inner = block.inner(area).width;
    let table = columns::table(&FILL_COLS, rows, inner, |_| Style::new());
    frame.render_widget(table.block(block), area);
}
