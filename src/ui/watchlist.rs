//! The watchlist: last price, 24 h change, volume, bid/ask/spread, data age and a sparkline.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use super::columns::{self, Col};
use super::theme::{self, Theme};
use super::{fmt, pane_block, title_within};
use crate::app::model::market::Market;
use crate::app::model::{Model, Pane};
use crate::domain::ProductId;

/// Ticker data older than this is shown in amber (R-UI1).
pub const TICKER_AMBER: Duration = Duration::from_secs(5);

/// Draws the watchlist.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let theme = theme::of(model.theme);
    let spark_w = if area.width >= 90 { 20 } else { 10 };
    let detail = vec![Span::styled("/ pick", theme.dim)];
    let block = pane_block(
        theme,
        title_within(theme, "Watchlist", detail, area.width),
        model.focus == Pane::Watchlist,
    );
    let shown = shown(model, block.inner(area).height);
    let first = shown.start;
    let rows = model.watch[shown].iter().map(|p| row(model, p, spark_w)).collect();
    let row_style = |i: usize| {
        let flagged = model.watch.get(first + i).is_some_and(|p| model.flagged.contains(p));
        match (flagged, first + i == model.selected) {
            (true, true) => theme.alert.add_modifier(ratatui::style::Modifier::UNDERLINED),
            (true, false) => theme.alert,
            (false, true) => theme.selected,
            (false, false) => Style::new(),
        }
    };
    let table = columns::table(theme, &cols(model, spark_w), rows, block.inner(area).width, row_style);
    frame.render_widget(table.block(block), area);
}

/// The watchlist rows that fit in a pane of `inner_height` lines.
fn shown(model: &Model, inner_height: u16) -> std::ops::Range<usize> {
    columns::window(model.watch.len(), model.selected, inner_height)
}

/// The watchlist row drawn at line `y` of the pane's `inner` area.
pub(super) fn row_at(model: &Model, inner: Rect, y: u16) -> Option<usize> {
    columns::row_at(shown(model, inner.height), inner, y)
}

/// In display order; what matters most is kept longest. The 24 h change in quote units goes
/// first: it is the 24 h % again, while the spread is not shown elsewhere.
const COLS: [Col; 10] = [
    columns::left("Product", 10),
    columns::right("Last", 9),
    columns::right("24h %", 7),
    columns::right("24h Δ", 1),
    columns::right("Volume", 2),
    columns::right("Bid", 6),
    columns::right("Ask", 6),
    columns::right("Spread", 3),
    columns::right("Age", 8),
    columns::left("Trend", 4),
];

/// [`COLS`] with the room each keeps whatever the values: prices as the watched products'
/// ticks need, the sparkline its full width, so no column comes or goes as data arrives.
fn cols(model: &Model, spark_w: usize) -> [Col; 10] {
    let inc = |p: &ProductId| model.rules.get(p).map(|r| r.price_increment);
    let widest = |width: fn(Option<rust_decimal::Decimal>) -> usize| {
        model.watch.iter().map(|p| width(inc(p))).max().unwrap_or_else(|| width(None))
    };
    let price = widest(fmt::price_width);
    let spread = widest(|i| fmt::number_width(2, fmt::price_scale(i)));
    let product = model.watch.iter().map(|p| p.as_str().chars().count()).max().unwrap_or(0);
    let age = fmt::age(Duration::from_secs(119)).len();
    columns::reserving(
        COLS,
        [product, price, "+12.34%".len(), price + 1, "999.99K".len(), price, price, spread, age, spark_w],
    )
}

fn row<'a>(model: &'a Model, product: &'a ProductId, spark_w: usize) -> Vec<Span<'a>> {
    let theme = theme::of(model.theme);
    let empty = Market::default();
    let m = model.markets.get(product).unwrap_or(&empty);
    let inc = model.rules.get(product).map(|r| r.price_increment);
    if let Some(listing) = model.off_market.get(product) {
        let mut cells =
            vec![Span::raw(product.as_str()), Span::styled(listing.word().to_uppercase(), theme.warn)];
        cells.resize(COLS.len(), Span::styled("-", theme.dim));
        return cells;
    }
    let change = theme.signed(m.change_pct);
    vec![
        Span::raw(product.as_str()),
        Span::styled(fmt::opt_price(m.last, inc), change),
        Span::styled(m.change_pct.map_or("-".into(), fmt::pct), change),
        Span::styled(m.change_abs().map_or("-".into(), |d| fmt::signed(d, inc)), change),
        Span::raw(m.volume.map_or("-".into(), fmt::compact)),
        Span::styled(fmt::opt_price(m.best_bid, inc), theme.up),
        Span::styled(fmt::opt_price(m.best_ask, inc), theme.down),
        Span::styled(fmt::opt_price(m.spread(), inc), theme.dim),
        age_span(model, m),
        Span::styled(fmt::sparkline(m.spark.iter().copied(), spark_w), spark_style(theme, m)),
    ]
}

/// The age of the product's last ticker, amber past [`TICKER_AMBER`].
pub(super) fn age_span(model: &Model, m: &Market) -> Span<'static> {
    let theme = theme::of(model.theme);
    let Some(at) = m.ticker_at else { return Span::styled("-", theme.dim) };
    let age = model.now.saturating_duration_since(at);
    let style = if age > TICKER_AMBER { theme.warn } else { theme.dim };
    Span::styled(fmt::age(age), style)
}

/// Green when the sparkline ends above where it starts, red below; plain when unknown.
fn spark_style(theme: &Theme, m: &Market) -> Style {
    let first = m.spark.front().copied();
    let last = m.spark.back().copied();
    theme.signed(last.zip(first).and_then(|(l, f)| l.checked_sub(f)))
}
