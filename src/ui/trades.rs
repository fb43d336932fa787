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
    let trades: Vec<_> =
        market.into_iter().flat_map(|m| m.trades.iter()).take(area.height as usize).collect();
    let cells: Vec<(String, String, String, _)> = trades
        .iter()
        .map(|t| {
            (t.time.format("%H:%M:%S").to_string(), fmt::price(t.price, inc), fmt::size(t.size), t.taker)
        })
        .collect();
    let price_w = cells.iter().map(|c| c.1.len()).max().unwrap_or(0).max(5);
    let size_w = cells.iter().map(|c| c.2.len()).max().unwrap_or(0).max(4);
    let inner = usize::from(area.width.saturating_sub(2));
    let with_time = 8 + 1 + price_w + 1 + size_w <= inner;
    let rows = cells.into_iter().map(|(time, price, size, taker)| {
        let mut row = Vec::with_capacity(3);
        if with_time {
            row.push(Cell::from(Span::styled(time, THEME.dim)));
        }
        row.push(Cell::from(Line::from(Span::styled(price, THEME.side(taker))).right_aligned()));
        row.push(Cell::from(Line::from(size).right_aligned()));
        Row::new(row)
    });
    let width = |w: usize| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX));
    let mut widths = vec![width(price_w), width(size_w)];
    let mut header =
        vec![Cell::from(Line::from("Price").right_aligned()), Cell::from(Line::from("Size").right_aligned())];
    if with_time {
        widths.insert(0, Constraint::Length(8));
        header.insert(0, Cell::from("Time"));
    }
    let header = Row::new(header).style(THEME.header);
    frame.render_widget(Table::new(rows, widths).header(header).block(block), area);
}
