//! The order book ladder: asks above bids with depth bars, spread and mid in the middle.
//! A book that is not valid is never drawn as prices (R-UI1).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use rust_decimal::Decimal;

use super::theme::THEME;
use super::{fmt, pane_block, title};
use crate::app::model::book_state::{Invalid, Levels};
use crate::app::model::{BookStatus, Model, Pane};

/// Draws the focused product's book.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let focused = model.focus == Pane::Book;
    let Some(product) = model.focused() else {
        frame.render_widget(Paragraph::new("no product").block(pane_block(title("Book", vec![]), focused)), area);
        return;
    };
    let status = model.book_status(product);
    let detail = vec![Span::raw(product.as_str()), Span::raw(" "), status_span(model, status)];
    let block = pane_block(title("Book", detail), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let market = model.focused_market();
    let invalid = market.and_then(|m| m.book.invalid);
    let (Some(market), Some(tick), None) = (market, model.book_tick(), invalid) else {
        let why = match invalid {
            Some(Invalid::Crossed) => "INVALID: crossed book, waiting for a snapshot",
            _ => "INVALID: waiting for a snapshot",
        };
        frame.render_widget(Paragraph::new(Span::styled(why, THEME.error)), inner);
        return;
    };
    let n = (inner.height.saturating_sub(1) / 2) as usize;
    let (asks, bids) = market.book.ladder(tick, n);
    let inc = model.rules.get(product).map(|r| r.price_increment);
    let lines = ladder_lines(model, &asks, &bids, n, inner.width, inc, tick);
    let dim = status != BookStatus::Live;
    let paragraph = Paragraph::new(lines);
    frame.render_widget(if dim { paragraph.style(THEME.dim) } else { paragraph }, inner);
}

fn status_span(model: &Model, status: BookStatus) -> Span<'static> {
    let age = model
        .focused_market()
        .and_then(|m| m.book.updated_at)
        .map(|t| fmt::age(model.now.saturating_duration_since(t)))
        .unwrap_or_default();
    match status {
        BookStatus::Live => Span::styled(format!("LIVE {age}"), THEME.ok),
        BookStatus::Stale => Span::styled(format!("STALE {age}"), THEME.warn),
        BookStatus::Invalid => Span::styled("INVALID", THEME.error),
    }
}

fn ladder_lines(
    model: &Model,
    asks: &Levels,
    bids: &Levels,
    n: usize,
    width: u16,
    inc: Option<Decimal>,
    tick: Decimal,
) -> Vec<Line<'static>> {
    let max_cum = cumulative(asks).last().copied().unwrap_or_default().max(cumulative(bids).last().copied().unwrap_or_default());
    let bar_w = width.saturating_sub(26) as usize;
    let selected = if model.focus == Pane::Book { model.book_level } else { None };
    let mut lines = Vec::with_capacity(2 * n + 1);
    let ask_cum = cumulative(asks);
    for i in (0..n).rev() {
        let level = asks.get(i).map(|l| (l.0, l.1, ask_cum[i]));
        let chosen = selected == Some(i as i32 + 1);
        lines.push(level_line(level, chosen, THEME.down, inc, max_cum, bar_w));
    }
    lines.push(middle_line(asks.first(), bids.first(), inc, tick));
    let bid_cum = cumulative(bids);
    for i in 0..n {
        let level = bids.get(i).map(|l| (l.0, l.1, bid_cum[i]));
        let chosen = selected == Some(-(i as i32) - 1);
        lines.push(level_line(level, chosen, THEME.up, inc, max_cum, bar_w));
    }
    lines
}

fn cumulative(levels: &Levels) -> Vec<Decimal> {
    levels
        .iter()
        .scan(Decimal::ZERO, |acc, l| {
            *acc = acc.saturating_add(l.1);
            Some(*acc)
        })
        .collect()
}

fn level_line(
    level: Option<(Decimal, Decimal, Decimal)>,
    chosen: bool,
    style: Style,
    inc: Option<Decimal>,
    max_cum: Decimal,
    bar_w: usize,
) -> Line<'static> {
    let Some((price, size, cum)) = level else { return Line::raw("") };
    let ratio = if max_cum.is_zero() { 0.0 } else { fmt::plot(cum) / fmt::plot(max_cum) };
    let bar = "█".repeat(((ratio * bar_w as f64).round() as usize).min(bar_w));
    let row_style = if chosen { THEME.selected } else { Style::new() };
    Line::from(vec![
        Span::styled(format!("{:>12}", fmt::price(price, inc)), style),
        Span::raw(format!(" {:>12} ", fmt::size(size))),
        Span::styled(bar, style.patch(THEME.dim).fg(style.fg.unwrap_or_default())),
    ])
    .style(row_style)
}

fn middle_line(ask: Option<&(Decimal, Decimal)>, bid: Option<&(Decimal, Decimal)>, inc: Option<Decimal>, tick: Decimal) -> Line<'static> {
    let (Some(ask), Some(bid)) = (ask, bid) else {
        return Line::styled("  (one side empty)", THEME.dim);
    };
    let spread = ask.0 - bid.0;
    let mid = (ask.0 + bid.0) / Decimal::TWO;
    let mid_scale = inc.map_or(2, |i| i.normalize().scale() + 1);
    Line::from(vec![
        Span::styled(format!("{:>12}", fmt::fixed(mid, mid_scale)), THEME.header),
        Span::styled(format!(" spread {}", fmt::price(spread, inc)), THEME.dim),
        Span::styled(format!(" tick {}", tick.normalize()), THEME.dim),
    ])
}
