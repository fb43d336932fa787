//! The watchlist: last price, 24 h change, volume, bid/ask/spread, data age and a sparkline.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};
use rust_decimal::Decimal;

use super::theme::THEME;
use super::{fmt, pane_block, title};
use crate::app::model::market::Market;
use crate::app::model::{Model, Pane};
use crate::domain::ProductId;

/// Ticker data older than this is shown in amber (R-UI1).
pub const TICKER_AMBER: Duration = Duration::from_secs(5);

/// Draws the watchlist.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let wide = area.width >= 90;
    let spark_w = if wide { 20 } else { 10 };
    let detail = vec![Span::styled("/ pick", THEME.dim)];
    let block = pane_block(title("Watchlist", detail), model.focus == Pane::Watchlist);
    let rows = model.watch.iter().enumerate().map(|(i, p)| {
        let row = row(model, p, wide, spark_w);
        if i == model.selected { row.style(THEME.selected) } else { row }
    });
    let table = Table::new(rows, widths(wide, spark_w)).header(header(wide)).block(block).column_spacing(1);
    frame.render_widget(table, area);
}

fn header(wide: bool) -> Row<'static> {
    let mut cells = vec!["Product", "Last", "24h %"];
    if wide {
        cells.extend(["24h Δ", "Volume"]);
    }
    cells.extend(["Bid", "Ask"]);
    if wide {
        cells.push("Spread");
    }
    cells.extend(["Age", "Trend"]);
    Row::new(cells.into_iter().map(Cell::from)).style(THEME.header)
}

fn widths(wide: bool, spark_w: u16) -> Vec<Constraint> {
    let mut w = vec![Constraint::Length(9), Constraint::Length(11), Constraint::Length(8)];
    if wide {
        w.extend([Constraint::Length(10), Constraint::Length(8)]);
    }
    w.extend([Constraint::Length(11), Constraint::Length(11)]);
    if wide {
        w.push(Constraint::Length(7));
    }
    w.extend([Constraint::Length(5), Constraint::Length(spark_w)]);
    w
}

fn row<'a>(model: &'a Model, product: &'a ProductId, wide: bool, spark_w: u16) -> Row<'a> {
    let empty = Market::default();
    let m = model.markets.get(product).unwrap_or(&empty);
    let inc = model.rules.get(product).map(|r| r.price_increment);
    let change = THEME.signed(m.change_pct);
    let mut cells = vec![
        Cell::from(product.as_str()),
        right(fmt::opt_price(m.last, inc), change),
        right(m.change_pct.map_or("-".into(), fmt::pct), change),
    ];
    if wide {
        cells.push(right(m.change_abs().map_or("-".into(), |d| fmt::signed(d, inc)), change));
        cells.push(right(m.volume.map_or("-".into(), fmt::compact), Style::new()));
    }
    cells.push(right(fmt::opt_price(m.best_bid, inc), THEME.up));
    cells.push(right(fmt::opt_price(m.best_ask, inc), THEME.down));
    if wide {
        cells.push(right(fmt::opt_price(m.spread(), inc), THEME.dim));
    }
    cells.push(age_cell(model, m));
    cells.push(Cell::from(Span::styled(
        fmt::sparkline(m.spark.iter().copied(), spark_w.into()),
        spark_style(m),
    )));
    Row::new(cells)
}

fn right(text: String, style: Style) -> Cell<'static> {
    Cell::from(Line::from(Span::styled(text, style)).right_aligned())
}

fn age_cell(model: &Model, m: &Market) -> Cell<'static> {
    let Some(at) = m.ticker_at else { return right("-".into(), THEME.dim) };
    let age = model.now.saturating_duration_since(at);
    let style = if age > TICKER_AMBER { THEME.warn } else { THEME.dim };
    right(fmt::age(age), style)
}

fn spark_style(m: &Market) -> Style {
    let first = m.spark.front().copied();
    let last = m.spark.back().copied();
    THEME.signed(last.zip(first).map(|(l, f)| l - f).or(Some(Decimal::ZERO)))
}
