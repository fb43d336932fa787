//! Open orders across products, updated live from the user channel.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use super::columns::{self, Col};
use super::theme::THEME;
use super::{fmt, pane_block, title_within};
use crate::app::model::account::OpenOrder;
use crate::app::model::{Model, Pane};
use crate::domain::{OrderType, RowStatus};

/// Draws the open orders.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let orders = &model.account.orders;
    let count = Span::styled(format!("{}", orders.len()), THEME.dim);
    let detail =
        if model.has_credentials { vec![count] } else { vec![Span::styled("no API key", THEME.warn)] };
    let focused = model.focus == Pane::Orders;
    let block = pane_block(title_within("Open orders", detail, area.width), focused);
    let selected = model.account.selected;
    let shown = columns::window(orders.len(), selected, block.inner(area).height);
    let first = shown.start;
    let rows = orders[shown].iter().map(|o| row(model, o)).collect();
    let row_style = |i: usize| if first + i == selected { THEME.selected } else { Style::new() };
    let table = columns::table(&COLS, rows, block.inner(area).width, row_style);
    frame.render_widget(table.block(block), area);
}

const COLS: [Col; 8] = [
    columns::left("Product", 8),
    columns::left("Side", 7),
    columns::left("Type", 2),
    columns::right("Price", 6),
    columns::right("Size", 5),
    columns::right("Filled", 3),
    columns::left("Status", 4),
    columns::left("Age", 1),
];

fn row<'a>(model: &Model, o: &'a OpenOrder) -> Vec<Span<'a>> {
    let inc = model.rules.get(&o.product).map(|r| r.price_increment);
    let status = match &o.status {
        _ if o.cancel_requested => Span::styled("CANCEL REQ", THEME.warn),
        RowStatus::Venue(status) => Span::raw(status.as_wire().to_string()),
        RowStatus::Intent(state) => Span::raw(super::words::intent_state(*state)),
    };
    let kind = match &o.kind {
        OrderType::Limit => "LMT",
        OrderType::Market => "MKT",
        OrderType::StopLimit => "STOP",
        OrderType::Bracket => "BRKT",
        OrderType::Other(name) => name.as_str(),
    };
    vec![
        Span::raw(o.product.as_str()),
        Span::styled(o.side.as_wire(), THEME.side(o.side)),
        Span::raw(kind),
        Span::raw(fmt::opt_price(o.price, inc)),
        Span::raw(o.size.map_or("-".into(), |s| fmt::order_size(s, &o.product, model.rules.values()))),
        Span::raw(fmt::size(o.filled)),
        status,
        Span::styled(age(model, o), THEME.dim),
    ]
}

/// How long ago the order was created, on the wall clock.
pub(super) fn age(model: &Model, o: &OpenOrder) -> String {
    o.created.map_or("-".into(), |c| fmt::age((model.wall - c).to_std().unwrap_or_default()))
}
