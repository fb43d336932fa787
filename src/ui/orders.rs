//! Open orders across products, updated live from the user channel.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

use super::theme::THEME;
use super::{fmt, pane_block, title};
use crate::app::model::account::OpenOrder;
use crate::app::model::{Model, Pane};

/// Draws the open orders.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let orders = &model.account.orders;
    let count = Span::styled(format!("{}", orders.len()), THEME.dim);
    let detail =
        if model.has_credentials { vec![count] } else { vec![Span::styled("no API key", THEME.warn)] };
    let focused = model.focus == Pane::Orders;
    let block = pane_block(title("Open orders", detail), focused);
    let wide = area.width >= 64;
    let rows = orders.iter().enumerate().map(|(i, o)| {
        let row = row(model, o, wide);
        if i == model.account.selected { row.style(THEME.selected) } else { row }
    });
    let table = Table::new(rows, widths(wide)).header(header(wide)).block(block);
    frame.render_widget(table, area);
}

fn header(wide: bool) -> Row<'static> {
    let cells = if wide {
        vec!["Product", "Side", "Type", "Price", "Size", "Filled", "Status", "Age"]
    } else {
        vec!["Product", "Side", "Price", "Size", "Status"]
    };
    Row::new(cells).style(THEME.header)
}

fn widths(wide: bool) -> Vec<Constraint> {
    let c = Constraint::Length;
    if wide {
        vec![c(8), c(4), c(5), c(10), c(10), c(10), c(10), c(5)]
    } else {
        vec![c(8), c(4), c(10), c(8), Constraint::Min(6)]
    }
}

fn row<'a>(model: &Model, o: &'a OpenOrder, wide: bool) -> Row<'a> {
    let inc = model.rules.get(&o.product).map(|r| r.price_increment);
    let status = if o.cancel_requested {
        Span::styled("CANCEL REQ", THEME.warn)
    } else {
        Span::raw(o.status.as_wire().to_string())
    };
    let kind = match o.kind.as_str() {
        "LIMIT" => "LMT",
        "MARKET" => "MKT",
        "STOP_LIMIT" => "STOP",
        "BRACKET" => "BRKT",
        other => other,
    };
    let price = Cell::from(Line::from(fmt::opt_price(o.price, inc)).right_aligned());
    let size = Cell::from(Line::from(o.size.map_or("-".into(), fmt::size)).right_aligned());
    let side = Cell::from(Span::styled(o.side.as_wire(), THEME.side(o.side)));
    let product = Cell::from(o.product.as_str());
    if !wide {
        return Row::new(vec![product, side, price, size, Cell::from(status)]);
    }
    let age = o.created.map_or("-".into(), |c| fmt::age((model.wall - c).to_std().unwrap_or_default()));
    let filled = Cell::from(Line::from(fmt::size(o.filled)).right_aligned());
    let kind = Cell::from(kind.to_string());
    Row::new(vec![
        product,
        side,
        kind,
        price,
        size,
        filled,
        Cell::from(status),
        Cell::from(Span::styled(age, THEME.dim)),
    ])
}
