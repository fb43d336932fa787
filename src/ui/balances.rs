//! Balances (available and held) per currency, and recent fills.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

use super::theme::THEME;
use super::{fmt, pane_block, title};
use crate::app::model::{Model, Pane};

/// Draws balances and fills side by side.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(area);
    draw_balances(frame, model, left);
    draw_fills(frame, model, right);
}

fn right(text: String) -> Cell<'static> {
    Cell::from(Line::from(text).right_aligned())
}

fn draw_balances(frame: &mut Frame, model: &Model, area: Rect) {
    let detail = if model.has_credentials { vec![] } else { vec![Span::styled("no API key", THEME.warn)] };
    let block = pane_block(title("Balances", detail), model.focus == Pane::Balances);
    let rows = model.account.balances.iter().map(|b| {
        Row::new(vec![
            Cell::from(b.currency.clone()),
            right(fmt::size(b.available)),
            right(fmt::size(b.hold)),
        ])
    });
    let widths = [Constraint::Length(6), Constraint::Length(16), Constraint::Length(14)];
    let header = Row::new(vec![Cell::from("Cur"), right("Available".into()), right("Held".into())])
        .style(THEME.header);
    frame.render_widget(Table::new(rows, widths).header(header).block(block), area);
}

fn draw_fills(frame: &mut Frame, model: &Model, area: Rect) {
    let block = pane_block(title("Fills", vec![]), model.focus == Pane::Balances);
    let wide = area.width >= 60;
    let rows = model.account.fills.iter().map(|f| {
        let inc = model.rules.get(&f.product_id).map(|r| r.price_increment);
        let mut cells = vec![
            Cell::from(Span::styled(f.trade_time.format("%H:%M:%S").to_string(), THEME.dim)),
            Cell::from(f.product_id.as_str()),
            Cell::from(Span::styled(f.side.as_wire(), THEME.side(f.side))),
            right(fmt::price(f.price, inc)),
            right(fmt::size(f.size)),
        ];
        if wide {
            cells.push(right(fmt::size(f.commission)));
        }
        Row::new(cells)
    });
    let mut widths = vec![
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(4),
        Constraint::Length(11),
        Constraint::Length(10),
    ];
    let mut names = vec!["Time", "Product", "Side", "Price", "Size"];
    if wide {
        widths.push(Constraint::Length(9));
        names.push("Fee");
    }
    let header = Row::new(names).style(THEME.header);
    frame.render_widget(Table::new(rows, widths).header(header).block(block), area);
}
