//! The rows of the Balances pane: each currency valued in the quote currency, its product's
//! position and P&L from the user's fills (FIFO), and a total row.

use ratatui::text::Span;
use rust_decimal::Decimal;

use super::columns::{self, Col};
use super::fmt;
use super::theme;
use crate::app::model::Model;
use crate::domain::{COST_METHOD, Holding, Position, ProductId};

/// Balance and P&L columns; the value and unrealized P&L outlast the rest.
pub const COLS: [Col; 9] = [
    columns::left("Cur", 9),
    columns::right("Available", 6),
    columns::right("Held", 2),
    columns::right("Value", 8),
    columns::right("Pos", 3),
    columns::right("Entry", 4),
    columns::right("Unreal", 7),
    columns::right("Real", 5),
    columns::right("Fees", 1),
];

/// The pane title's details: the quote and cost method, then the fee tier.
pub fn title_detail(model: &Model) -> Vec<Span<'static>> {
    let theme = theme::of(model.theme);
    let mut detail =
        vec![Span::styled(format!("in {} · P&L {COST_METHOD} before fees", model.quote), theme.dim)];
    if let Some(tier) = &model.account.fee_tier {
        let rate = |r: Decimal| format!("{}%", fmt::fixed(r * Decimal::ONE_HUNDRED, 2));
        let name = if tier.name.is_empty() { String::new() } else { format!("{} ", tier.name) };
        let text = format!(" · fee {name}maker {} taker {}", rate(tier.rates.maker), rate(tier.rates.taker));
        detail.push(Span::styled(text, theme.dim));
    }
    detail
}

/// One row per balance (and per position whose coin has no balance left), then the total.
pub fn rows(model: &Model) -> Vec<Vec<Span<'static>>> {
    let valuation = model.valuation();
    let positions = &model.account.positions;
    let product = |cur: &str| ProductId(format!("{cur}-{}", model.quote));
    let held = |p: &&Position| p.product.quote() == model.quote;
    let mut rows: Vec<Vec<Span<'static>>> = valuation
        .holdings
        .iter()
        .map(|h| {
            let id = product(&h.currency);
            row(model, &h.currency, Some(h), positions.iter().find(|p| p.product == id))
        })
        .collect();
    for p in positions.iter().filter(held) {
        if !valuation.holdings.iter().any(|h| h.currency == p.product.base()) {
            rows.push(row(model, p.product.base(), None, Some(p)));
        }
    }
    rows.push(total_row(model, &valuation.total, !valuation.unpriced.is_empty()));
    rows
}

fn row(
    model: &Model,
    cur: &str,
    holding: Option<&Holding>,
    position: Option<&Position>,
) -> Vec<Span<'static>> {
    let rules = model.rules.values();
    let amount = |v: Decimal| fmt::amount(v, cur, model.rules.values());
    let balance = model.account.balances.iter().find(|b| b.currency == cur);
    let value = holding.and_then(|h| h.value).map_or("-".into(), |v| fmt::amount(v, &model.quote, rules));
    let mut cells = vec![
        Span::raw(cur.to_string()),
        Span::raw(balance.map_or("-".into(), |b| amount(b.available))),
        Span::raw(balance.map_or("-".into(), |b| amount(b.hold))),
        Span::raw(value),
    ];
    cells.extend(pnl_cells(model, position));
    cells
}

fn pnl_cells(model: &Model, position: Option<&Position>) -> Vec<Span<'static>> {
    let Some(p) = position else { return vec![Span::raw(""); 5] };
    let inc = model.rules.get(&p.product).map(|r| r.price_increment);
    let unreal = model.mark_price(&p.product).and_then(|m| p.unrealized(m));
    vec![
        Span::raw(fmt::amount(p.size, p.product.base(), model.rules.values())),
        Span::raw(fmt::opt_price(p.entry(), inc)),
        signed(model, unreal),
        signed(model, Some(p.realized)),
        Span::raw(quote_amount(model, p.fees)),
    ]
}

fn total_row(model: &Model, total: &Decimal, partial: bool) -> Vec<Span<'static>> {
    let theme = theme::of(model.theme);
    let positions = model.account.positions.iter().filter(|p| p.product.quote() == model.quote);
    let (mut unreal, mut real, mut fees) = (Some(Decimal::ZERO), Some(Decimal::ZERO), Some(Decimal::ZERO));
    let mut any = false;
    for p in positions {
        any = true;
        let u = model.mark_price(&p.product).and_then(|m| p.unrealized(m));
        unreal = unreal.zip(u).and_then(|(a, b)| a.checked_add(b));
        real = real.and_then(|a| a.checked_add(p.realized));
        fees = fees.and_then(|a| a.checked_add(p.fees));
    }
    let value = format!("{}{}", if partial { "≥" } else { "" }, quote_amount(model, *total));
    let style = theme.header;
    let mut cells =
        vec![Span::styled("Total", style), Span::raw(""), Span::raw(""), Span::styled(value, style)];
    if any {
        let fees = Span::raw(fees.map_or("-".into(), |f| quote_amount(model, f)));
        cells.extend([Span::raw(""), Span::raw(""), signed(model, unreal), signed(model, real), fees]);
    }
    cells
}

fn quote_amount(model: &Model, value: Decimal) -> String {
    fmt::amount(value, &model.quote, model.rules.values())
}

/// A P&L amount in the quote currency, signed and coloured; `-` when unknown.
fn signed(model: &Model, value: Option<Decimal>) -> Span<'static> {
    let theme = theme::of(model.theme);
    let Some(v) = value else { return Span::raw("-") };
    let text = quote_amount(model, v);
    let digits = text.trim_start_matches('-');
    if digits.chars().all(|c| c == '0' || c == '.') {
        return Span::raw(digits.to_string());
    }
    let plus = if v.is_sign_positive() { "+" } else { "" };
    Span::styled(format!("{plus}{text}"), theme.signed(Some(v)))
}
