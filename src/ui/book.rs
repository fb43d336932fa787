//! The order book ladder: asks above bids with sizes, cumulative sizes (`Σ`, from the best
//! level) and cumulative depth bars, spread and mid in the middle.
//! A book that is not valid is never drawn as prices (R-UI1).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use rust_decimal::Decimal;

use super::book_marks::{self, Mark};
use super::theme::{self, Theme};
use super::{fmt, pane_block, title, title_within};
use crate::app::model::book_cursor::BookCursor;
use crate::app::model::book_state::{BookState, Invalid, Levels};
use crate::app::model::{BookStatus, Model, Pane};
use crate::domain::BookSide;

/// Draws the focused product's book.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let theme = theme::of(model.theme);
    let focused = model.focus == Pane::Book;
    let Some(product) = model.focused() else {
        frame.render_widget(
            Paragraph::new("no product").block(pane_block(theme, title(theme, "Book", vec![]), focused)),
            area,
        );
        return;
    };
    let status = model.book_status(product);
    let tick = model.book_tick().map(|t| format!(" tick {} ", t.normalize())).unwrap_or_default();
    let mut detail =
        vec![Span::raw(product.as_str()), Span::styled(tick, theme.dim), status_span(model, status)];
    // Too wide a title loses the tick first, then the product, then (`title_within`) the status.
    let room = usize::from(area.width.saturating_sub(2));
    for _ in 0..2 {
        if title(theme, "Book", detail.clone()).width() > room {
            detail.remove(detail.len() - 2);
        }
    }
    let block = pane_block(theme, title_within(theme, "Book", detail, area.width), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(ladder) = Ladder::of(model, inner) else {
        let why = match model.focused_market().and_then(|m| m.book.invalid) {
            Some(Invalid::Crossed) => "INVALID: crossed book, waiting for a snapshot",
            _ => "INVALID: waiting for a snapshot",
        };
        frame.render_widget(Paragraph::new(Span::styled(why, theme.error)), inner);
        return;
    };
    let rules = model.rules.get(product);
    let inc = rules.map(|r| r.price_increment);
    let reserve = (fmt::price_width(inc), fmt::size_width(rules.map(|r| r.base_increment)));
    let lines = ladder_lines(model, &ladder, reserve, inner.width, inc);
    let dim = status != BookStatus::Live;
    let paragraph = Paragraph::new(lines);
    frame.render_widget(if dim { paragraph.style(theme.dim) } else { paragraph }, inner);
}

/// The ladder drawn in a pane's `inner` area: `n` levels a side of the focused product's
/// valid book at the book tick.
struct Ladder<'a> {
    book: &'a BookState,
    n: usize,
    asks: Levels,
    bids: Levels,
}

/// What one line of the ladder shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    /// Level `i` (0 the best) of a side; blank when the side has fewer levels.
    Level(BookSide, usize),
    /// Mid and spread.
    Middle,
}

impl<'a> Ladder<'a> {
    fn of(model: &'a Model, inner: Rect) -> Option<Self> {
        let market = model.focused_market().filter(|m| m.book.invalid.is_none())?;
        let n = usize::from(inner.height.saturating_sub(1) / 2);
        let (asks, bids) = market.book.ladder(model.book_tick()?, n);
        Some(Self { book: &market.book, n, asks, bids })
    }

    /// The lines top to bottom: the asks from the `n`th best down to the best, the middle,
    /// then the bids from the best. Drawing and the mouse's hit test both read this.
    fn rows(&self) -> impl Iterator<Item = Row> + use<> {
        let n = self.n;
        let asks = (0..n).rev().map(|i| Row::Level(BookSide::Ask, i));
        asks.chain(std::iter::once(Row::Middle)).chain((0..n).map(|i| Row::Level(BookSide::Bid, i)))
    }

    fn levels(&self, side: BookSide) -> &Levels {
        if side == BookSide::Ask { &self.asks } else { &self.bids }
    }
}

/// The book level drawn at line `y` of the pane's `inner` area, as the cursor would select it.
pub(super) fn level_at(model: &Model, inner: Rect, y: u16) -> Option<BookCursor> {
    let ladder = Ladder::of(model, inner)?;
    match ladder.rows().nth(usize::from(y.checked_sub(inner.y)?))? {
        Row::Level(side, i) => ladder.levels(side).get(i).map(|l| BookCursor { side, price: l.0 }),
        Row::Middle => None,
    }
}

/// LIVE or STALE with the book's age, or INVALID.
pub(super) fn status_span(model: &Model, status: BookStatus) -> Span<'static> {
    let theme = theme::of(model.theme);
    let age = model
        .focused_market()
        .and_then(|m| m.book.updated_at)
        .map(|t| fmt::age(model.now.saturating_duration_since(t)))
        .unwrap_or_default();
    match status {
        BookStatus::Live => Span::styled(format!("LIVE {age}"), theme.ok),
        BookStatus::Stale => Span::styled(format!("STALE {age}"), theme.warn),
        BookStatus::Invalid => Span::styled("INVALID", theme.error),
    }
}

/// The ladder's lines in [`Ladder::rows`] order: the sides are aggregated by the tick; the
/// middle line's spread and mid come from the true best bid and ask of the book. The price and
/// size columns are as wide as `reserve` (from the tick and lot), wider only for a value past
/// it.
fn ladder_lines(
    model: &Model,
    ladder: &Ladder,
    reserve: (usize, usize),
    width: u16,
    inc: Option<Decimal>,
) -> Vec<Line<'static>> {
    let (asks, bids, book, n) = (&ladder.asks, &ladder.bids, ladder.book, ladder.n);
    let theme = theme::of(model.theme);
    let max_cum = cumulative(asks)
        .last()
        .copied()
        .unwrap_or_default()
        .max(cumulative(bids).last().copied().unwrap_or_default());
    let all = || asks.iter().chain(bids.iter());
    let price_w = all().map(|l| fmt::price(l.0, inc).len()).fold(reserve.0, usize::max);
    let size_w = all().map(|l| fmt::size(l.1).len()).fold(reserve.1, usize::max);
    let cum_w = 1 + fmt::size(max_cum).len().max(reserve.1);
    let widths = Widths::fit(price_w, size_w, cum_w, usize::from(width));
    let selected = if model.focus == Pane::Book { model.book_selection() } else { None };
    let mid = book.mid();
    let side = |levels: &Levels, book_side: BookSide, style: Style| -> Vec<Line<'static>> {
        let cum = cumulative(levels);
        let marks = model.focused().map(|p| book_marks::side_marks(model, p, book_side, levels, mid));
        (0..n)
            .map(|i| {
                let level = levels.get(i).map(|l| (l.0, l.1, cum[i]));
                let chosen = level.is_some_and(|l| selected == Some((book_side, l.0)));
                let mark = marks.as_ref().and_then(|m| m.get(i)).copied().unwrap_or_default();
                level_line(theme, level, (chosen, mark), style, inc, max_cum, widths)
            })
            .collect()
    };
    let mut ask_lines = side(asks, BookSide::Ask, theme.down);
    let mut bid_lines = side(bids, BookSide::Bid, theme.up);
    let mut middle = Some(middle_line(theme, book, inc, price_w, usize::from(width)));
    let mut take = |row| match row {
        Row::Level(BookSide::Ask, i) => ask_lines.get_mut(i).map(std::mem::take),
        Row::Level(BookSide::Bid, i) => bid_lines.get_mut(i).map(std::mem::take),
        Row::Middle => middle.take(),
    };
    ladder.rows().map(|row| take(row).unwrap_or_default()).collect()
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

/// Column widths of the ladder: price, size, the cumulative size from the best level (`Σ`,
/// when there is room for it and a bar of [`MIN_BAR`]) and the cumulative depth bar. A column
/// that does not fit is not drawn (zero width) rather than cut: a cut size or price would read
/// as a different number.
#[derive(Debug, Clone, Copy)]
struct Widths {
    price: usize,
    /// The cell after the price, for the user's mark (a space when unmarked).
    mark: bool,
    size: usize,
    cum: usize,
    bar: usize,
}

/// The narrowest depth bar drawn beside the cumulative column.
const MIN_BAR: usize = 4;

impl Widths {
    fn fit(price: usize, size: usize, cum: usize, width: usize) -> Self {
        let none = Widths { price: 0, mark: false, size: 0, cum: 0, bar: 0 };
        if price > width {
            none
        } else if price + 1 + size > width {
            Widths { price, mark: price < width, ..none }
        } else if price + size + cum + 3 + MIN_BAR > width {
            Widths { price, mark: true, size, cum: 0, bar: width.saturating_sub(price + size + 2) }
        } else {
            Widths { price, mark: true, size, cum, bar: width - (price + size + cum + 3) }
        }
    }
}

/// One ladder level: price, the user's mark (or a space), size and depth bar.
fn level_line(
    theme: &Theme,
    level: Option<(Decimal, Decimal, Decimal)>,
    (chosen, mark): (bool, Mark),
    style: Style,
    inc: Option<Decimal>,
    max_cum: Decimal,
    w: Widths,
) -> Line<'static> {
    let Some((price, size, cum)) = level else { return Line::raw("") };
    let row_style = if chosen { theme.selected } else { Style::new() };
    let mut spans = Vec::with_capacity(4);
    if w.price > 0 {
        spans.push(Span::styled(format!("{:>pw$}", fmt::price(price, inc), pw = w.price), style));
    }
    if w.mark {
        spans.push(mark.span(theme));
    }
    if w.size > 0 {
        let ratio = if max_cum.is_zero() { 0.0 } else { fmt::plot(cum) / fmt::plot(max_cum) };
        let bar = "█".repeat(((ratio * w.bar as f64).round() as usize).min(w.bar));
        spans.push(Span::raw(format!("{:>sw$} ", fmt::size(size), sw = w.size)));
        if w.cum > 0 {
            let total = format!("Σ{}", fmt::size(cum));
            spans.push(Span::styled(format!("{total:>cw$} ", cw = w.cum), theme.dim));
        }
        spans.push(Span::styled(bar, style.patch(theme.dim).fg(style.fg.unwrap_or_default())));
    }
    Line::from(spans).style(row_style)
}

/// `mid · spread` of the book's true best bid and ask (never the aggregated levels) between the
/// sides, shortened by whole parts to fit `width`.
fn middle_line(
    theme: &Theme,
    book: &BookState,
    inc: Option<Decimal>,
    price_w: usize,
    width: usize,
) -> Line<'static> {
    let Some((bid, ask)) = book.top() else {
        return Line::styled("  (one side empty)", theme.dim);
    };
    let spread = ask.checked_sub(bid).map_or("-".into(), |s| fmt::price(s, inc));
    let mid = book.mid();
    let tick_scale = fmt::price_scale(inc);
    let on_tick = |m: Decimal| inc.and_then(|i| m.checked_rem(i)).is_some_and(|r| r.is_zero());
    let mid = mid.map_or("-".into(), |m| fmt::fixed(m, if on_tick(m) { tick_scale } else { tick_scale + 1 }));
    let mid = format!("{mid:>price_w$}");
    let rest = [format!(" mid · spread {spread}"), " mid".to_string(), String::new()]
        .into_iter()
        .find(|rest| mid.chars().count() + rest.chars().count() <= width);
    match rest {
        Some(rest) => Line::from(vec![Span::styled(mid, theme.header), Span::styled(rest, theme.dim)]),
        None => Line::raw(""),
    }
}
