//! The trades tape: time, price and size of recent market trades; the price is coloured by the
//! aggressor's side and followed by its arrow (`▲` buy, `▼` sell).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use super::columns::{self, Col};
use super::theme;
use super::watchlist::TICKER_AMBER;
use super::{fmt, pane_block, title_within};
use crate::app::model::{Model, Pane};

/// Draws the focused product's tape.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let theme = theme::of(model.theme);
    let market = model.focused_market();
    let block = pane_block(
        theme,
        title_within(theme, "Trades", vec![age_span(model)], area.width),
        model.focus == Pane::Trades,
    );
    let rules = model.focused().and_then(|p| model.rules.get(p));
    let inc = rules.map(|r| r.price_increment);
    let lot = rules.map(|r| r.base_increment);
    let rows = market
        .into_iter()
        .flat_map(|m| m.trades.iter())
        .take(area.height as usize)
        .map(|t| {
            vec![
                Span::styled(t.time.format(TIME).to_string(), theme.dim),
                Span::styled(
                    format!("{} {}", fmt::price(t.price, inc), fmt::side_arrow(t.taker)),
                    theme.side(t.taker),
                ),
                Span::raw(fmt::size(t.size)),
            ]
        })
        .collect();
    // Widths from the product's tick and lot, so an 8-decimal size does not widen the column.
    let cols = columns::reserving(COLS, [TIME.len(), fmt::price_width(inc) + 2, fmt::size_width(lot)]);
    let table = columns::table(theme, &cols, rows, block.inner(area).width, |_| Style::new());
    frame.render_widget(table.block(block), area);
}

/// The age of the focused product's last trade, amber past [`TICKER_AMBER`].
pub(super) fn age_span(model: &Model) -> Span<'static> {
    let theme = theme::of(model.theme);
    let market = model.focused_market();
    match market.and_then(|m| m.trade_at).map(|t| model.now.saturating_duration_since(t)) {
        Some(a) if a > TICKER_AMBER => Span::styled(fmt::age(a), theme.warn),
        Some(a) => Span::styled(fmt::age(a), theme.dim),
        None => Span::raw(""),
    }
}

/// The time of a trade: `03:04:05` (as wide as its format).
const TIME: &str = "%H:%M:%S";

const COLS: [Col; 3] = [columns::left("Time", 1), columns::right("Price", 3), columns::right("Size", 2)];
