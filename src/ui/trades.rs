//! The trades tape: time, price and size of recent market trades, coloured by aggressor side.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

use super::theme::THEME;
use super::watchlist::TICKER_AMBER;
use super::{fmt, pane_block, title};
use crate::app::model::{Model, Pane};

/// Draws the focused product's tape.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let market = model.focused_market();
    let age = market.and_then(|m| m.trade_at).map(|t| model.now.saturating_duration_since(t));
    let age_span = match age {
        Some(a) if a > TICKER_AMBER => Span::styled(fmt::age(a), THEME.warn),
        Some(a) => Span::styled(fmt::age(a), THEME.dim),
        None => Span::raw(""),
    };
    let block = pane_block(title("Trades", vec![age_span]), model.focus == Pane::Trades);
    let inc = model.focused().and_then(|p| model.rules.get(p)).map(|r| r.price_increment);
    let rows = market.into_iter().flat_map(|m| m.trades.iter()).take(area.height as usize).map(|t| {
        Row::new(vec![
            Cell::from(Span::styled(t.time.format("%H:%M:%S").to_string(), THEME.dim)),
            Cell::from(
                Line::from(Span::styled(fmt::price(t.price, inc), THEME.side(t.taker))).right_aligned(),
            ),
            Cell::from(Line::from(fmt::size(t.size)).right_aligned()),
        ])
    });
    let widths = [Constraint::Length(8), Constraint::Length(11), Constraint::Length(11)];
    let header = Row::new(vec![
        Cell::from("Time"),
        Cell::from(Line::from("Price").right_aligned()),
        Cell::from(Line::from("Size").right_aligned()),
    ])
    .style(THEME.header);
    frame.render_widget(Table::new(rows, widths).header(header).block(block), area);
}
