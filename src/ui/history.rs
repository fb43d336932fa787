//! The History tab of the Open orders pane: recent done orders with what they filled, at what
//! average price and for what fees. Columns drop as in Open orders; the type and the status
//! are the last to go, and a narrow pane shows them as short markers.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use super::columns::{self, Col};
use super::orders::{WIDE, kind, tab_detail};
use super::theme::{self, Theme};
use super::{fmt, pane_block, title_within};
use crate::app::model::{Model, Pane};
use crate::domain::{OrderRecord, OrderStatus};

/// Draws the done orders.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let theme = theme::of(model.theme);
    let history = &model.account.history;
    let detail = tab_detail(model, history.rows.len(), "open");
    let block = pane_block(
        theme,
        title_within(theme, "Order history", detail, area.width),
        model.focus == Pane::Orders,
    );
    let inner = block.inner(area);
    let shown = shown(model, inner.height);
    let first = shown.start;
    let compact = inner.width < WIDE;
    let rows = history.rows[shown].iter().map(|o| row(model, o, compact)).collect();
    let row_style = |i: usize| if first + i == history.selected { theme.selected } else { Style::new() };
    let cols = if compact { &COMPACT_COLS } else { &COLS };
    frame.render_widget(columns::table(theme, cols, rows, inner.width, row_style).block(block), area);
}

/// The done orders that fit in a pane of `inner_height` lines.
pub(super) fn shown(model: &Model, inner_height: u16) -> std::ops::Range<usize> {
    let history = &model.account.history;
    columns::window(history.rows.len(), history.selected, inner_height)
}

/// Columns of a wide pane. Product, side, status and type are the last to go; then the
/// average fill price, what filled of the size, and the fees.
const COLS: [Col; 10] = [
    columns::left("Created", 2),
    columns::left("Product", 10),
    columns::left("Side", 9),
    columns::left("Type", 8),
    columns::right("Filled/Size", 6),
    columns::right("Price", 4),
    columns::right("Stop", 3),
    columns::right("Avg price", 7),
    columns::right("Fees", 5),
    columns::left("Status", 9),
];

/// [`COLS`] with the type as a one-letter column (see [`kind`]), what filled without the size,
/// and a shorter header over the average price; the status is then a short marker too (see
/// [`status`]).
const COMPACT_COLS: [Col; 10] = {
    let mut cols = COLS;
    cols[3] = columns::left("T", 8);
    cols[4] = columns::right("Filled", 6);
    cols[7] = columns::right("Avg", 7);
    cols
};

/// When an order was created: `01-02 03:04` (UTC).
const CREATED: &str = "%m-%d %H:%M";

/// A done order's status: the venue's word, or in a compact pane a short marker (`FILL`,
/// `CXL`, `EXP`, `FAIL`).
fn status(theme: &Theme, status: &OrderStatus, compact: bool) -> Span<'static> {
    let style = match status {
        OrderStatus::Filled => theme.ok,
        OrderStatus::Failed => theme.error,
        _ => theme.dim,
    };
    let text = match (status, compact) {
        (OrderStatus::Filled, true) => "FILL",
        (OrderStatus::Cancelled, true) => "CXL",
        (OrderStatus::Expired, true) => "EXP",
        (OrderStatus::Failed, true) => "FAIL",
        (other, _) => other.as_wire(),
    };
    Span::styled(text.to_string(), style)
}

fn row<'a>(model: &Model, o: &'a OrderRecord, compact: bool) -> Vec<Span<'a>> {
    let theme = theme::of(model.theme);
    let inc = model.rules.get(&o.product).map(|r| r.price_increment);
    let size = o.size.map_or("-".into(), |s| fmt::order_size(s, &o.product, model.rules.values()));
    let filled = if compact { fmt::size(o.filled) } else { format!("{}/{size}", fmt::size(o.filled)) };
    let created = o.created.map_or("-".into(), |t| t.format(CREATED).to_string());
    vec![
        Span::styled(created, theme.dim),
        Span::raw(o.product.as_str()),
        Span::styled(o.side.as_wire(), theme.side(o.side)),
        Span::raw(kind(&o.order_type, compact)),
        Span::raw(filled),
        Span::raw(fmt::opt_price(o.limit_price, inc)),
        Span::raw(o.stop_price.map_or(String::new(), |p| fmt::price(p, inc))),
        Span::raw(fmt::opt_price(o.avg_price, inc)),
        Span::raw(fmt::fee(o.fees, o.product.quote(), model.rules.values())),
        status(theme, &o.status, compact),
    ]
}
