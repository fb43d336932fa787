//! Open orders across products, updated live from the user channel; a key switches the pane
//! to its History tab ([`super::history`]).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use super::columns::{self, Col};
use super::theme;
use super::{fmt, pane_block, title_within};
use crate::app::model::account::OpenOrder;
use crate::app::model::{Model, Pane};
use crate::app::{Action, Mode};
use crate::domain::{OrderType, RowStatus};

/// Draws the open orders, or the order history when the pane shows that tab.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let theme = theme::of(model.theme);
    if model.account.showing_history() {
        super::history::draw(frame, model, area);
        return;
    }
    let orders = &model.account.orders;
    let focused = model.focus == Pane::Orders;
    let detail = tab_detail(model, orders.len(), "history");
    let block = pane_block(theme, title_within(theme, "Open orders", detail, area.width), focused);
    let selected = model.account.selected;
    let shown = shown(model, block.inner(area).height);
    let first = shown.start;
    let inner = block.inner(area).width;
    let compact = inner < WIDE;
    let rows = orders[shown].iter().map(|o| row(model, o, compact)).collect();
    let row_style = |i: usize| if first + i == selected { theme.selected } else { Style::new() };
    let cols = if compact { &COMPACT_COLS } else { &COLS };
    let table = columns::table(theme, cols, rows, inner, row_style);
    frame.render_widget(table.block(block), area);
}

/// The open orders that fit in a pane of `inner_height` lines.
fn shown(model: &Model, inner_height: u16) -> std::ops::Range<usize> {
    columns::window(model.account.orders.len(), model.account.selected, inner_height)
}

/// The row (of the tab shown: open orders or history) drawn at line `y` of the pane's `inner`
/// area.
pub(super) fn row_at(model: &Model, inner: Rect, y: u16) -> Option<usize> {
    let shown = if model.account.showing_history() {
        super::history::shown(model, inner.height)
    } else {
        shown(model, inner.height)
    };
    columns::row_at(shown, inner, y)
}

/// A tab's title details: its row count (or that there is no API key), then the key that
/// shows the `other` tab (` · h history`), as the keymap binds it.
pub(super) fn tab_detail(model: &Model, count: usize, other: &str) -> Vec<Span<'static>> {
    let theme = theme::of(model.theme);
    let mut detail = if model.has_credentials {
        vec![Span::styled(count.to_string(), theme.dim)]
    } else {
        vec![Span::styled("no API key", theme.warn)]
    };
    if let Some(key) = model.keymap.first_key(Mode::Normal, Action::ToggleOrderHistory) {
        detail.push(Span::styled(format!(" · {key} {other}"), theme.key));
    }
    detail
}

/// From this inner width on, the type is named (`STOP`); below it, a one-letter marker (`S`).
pub(super) const WIDE: u16 = 60;

/// Columns of a wide pane. Product, side and type are the last to go, so the type never
/// disappears silently; a stop-limit's stop and a bracket's stop-loss follow the price.
const COLS: [Col; 9] = [
    columns::left("Product", 9),
    columns::left("Side", 8),
    columns::left("Type", 7),
    columns::right("Price", 6),
    columns::right("Stop", 5),
    columns::right("Size", 5),
    columns::right("Filled", 2),
    columns::left("Status", 4),
    columns::left("Age", 1),
];

/// [`COLS`] with the type as a one-letter column (L, M, S, B: see [`kind`]).
const COMPACT_COLS: [Col; 9] = {
    let mut cols = COLS;
    cols[2] = columns::left("T", 7);
    cols
};

/// The order type: its short name, or its letter in a compact pane.
pub(super) fn kind(kind: &OrderType, compact: bool) -> &str {
    match (kind, compact) {
        (OrderType::Limit, false) => "LMT",
        (OrderType::Market, false) => "MKT",
        (OrderType::StopLimit, false) => "STOP",
        (OrderType::Bracket, false) => "BRKT",
        (OrderType::Limit, true) => "L",
        (OrderType::Market, true) => "M",
        (OrderType::StopLimit, true) => "S",
        (OrderType::Bracket, true) => "B",
        (OrderType::Other(name), _) => name.as_str(),
    }
}

fn row<'a>(model: &Model, o: &'a OpenOrder, compact: bool) -> Vec<Span<'a>> {
    let theme = theme::of(model.theme);
    let inc = model.rules.get(&o.product).map(|r| r.price_increment);
    let status = match &o.status {
        _ if o.cancel_requested => Span::styled("CANCEL REQ", theme.warn),
        RowStatus::Venue(status) => Span::raw(status.as_wire().to_string()),
        RowStatus::Intent(state) => Span::raw(super::words::intent_state(*state)),
    };
    vec![
        Span::raw(o.product.as_str()),
        Span::styled(o.side.as_wire(), theme.side(o.side)),
        Span::raw(kind(&o.kind, compact)),
        Span::raw(fmt::opt_price(o.price, inc)),
        Span::raw(o.stop.map_or(String::new(), |p| fmt::price(p, inc))),
        Span::raw(o.size.map_or("-".into(), |s| fmt::order_size(s, &o.product, model.rules.values()))),
        Span::raw(fmt::size(o.filled)),
        status,
        Span::styled(age(model, o), theme.dim),
    ]
}

/// How long ago the order was created, on the wall clock.
pub(super) fn age(model: &Model, o: &OpenOrder) -> String {
    o.created.map_or("-".into(), |c| fmt::age((model.wall - c).to_std().unwrap_or_default()))
}
