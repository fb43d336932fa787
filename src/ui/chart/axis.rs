//! The axes: price labels with the last price and the user's marks, lines across the plot at
//! those prices, the volume scale and the time labels.

use chrono::{DateTime, Timelike};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use rust_decimal::Decimal;

use super::super::fmt;
use super::super::theme::Theme;
use super::Mark;
use super::plot::Scale;
use crate::app::model::candles::Bar;

/// Columns a time label needs, with the gap before the next.
const TIME_LABEL_W: u16 = 7;
/// Steps between time labels, in minutes: the first that leaves room for each label is used.
const TIME_STEPS: [i64; 15] = [1, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880, 10_080, 43_200];

/// A price named on the axis: its marker, the price and the style.
type Label = (char, Decimal, Style);

/// A mark's label: `B`/`S` for an order, `T` for a trigger, in the side's colour, and its row;
/// `▴`/`▾` and no row when its price is above or below the prices shown.
fn mark_label(theme: &Theme, mark: &Mark, scale: &Scale) -> (Option<u16>, Label) {
    let style = theme.side(mark.side);
    let letter = match (mark.trigger, mark.side) {
        (true, _) => 'T',
        (false, crate::domain::Side::Buy) => 'B',
        (false, crate::domain::Side::Sell) => 'S',
    };
    match scale.row(mark.price) {
        Some(row) => (Some(row), (letter, mark.price, style)),
        None if mark.price > scale.hi => (None, ('▴', mark.price, style)),
        None => (None, ('▾', mark.price, style)),
    }
}

/// Price labels, one per row at most: the last price first, then the user's marks inside the
/// scale, the scale's top and bottom, marks outside it (on the free row nearest their edge),
/// then more of the scale (every fourth row, kept two rows from the bottom).
pub fn prices(
    theme: &Theme,
    buf: &mut Buffer,
    area: Rect,
    scale: &Scale,
    (last, marks): (Decimal, &[Mark]),
    tick: Option<Decimal>,
) {
    let rows = usize::from(scale.rows);
    let mut labels: Vec<Option<Label>> = vec![None; rows];
    if let Some(row) = scale.row(last) {
        labels[usize::from(row)] = Some(('◂', last, theme.key));
    }
    let (inside, outside): (Vec<_>, Vec<_>) =
        marks.iter().map(|m| mark_label(theme, m, scale)).partition(|m| m.0.is_some());
    for (row, label) in inside {
        labels[usize::from(row.unwrap_or_default())].get_or_insert(label);
    }
    let scale_label = |row: usize| (' ', scale.label(u16::try_from(row).unwrap_or_default()), theme.dim);
    for row in [0, rows.saturating_sub(1)] {
        labels[row].get_or_insert(scale_label(row));
    }
    for (_, label) in outside {
        let from_top = label.1 > scale.hi;
        let mut order = (0..rows).map(|r| if from_top { r } else { rows - 1 - r });
        if let Some(row) = order.find(|r| labels[*r].is_none()) {
            labels[row] = Some(label);
        }
    }
    for row in (0..rows).filter(|r| r % 4 == 0 && r + 3 <= rows) {
        labels[row].get_or_insert(scale_label(row));
    }
    let w = usize::from(area.width.saturating_sub(2));
    for (row, label) in (0..scale.rows).zip(labels) {
        if let Some((marker, price, style)) = label {
            let text = format!(" {marker}{:>w$}", fmt::price(price, tick));
            buf.set_stringn(area.x, area.y + row, text, usize::from(area.width), style);
        }
    }
}

/// A line across the blank cells of the plot at the last price (`┈`) and at each mark inside
/// the scale (`╌` an order, `┄` a trigger).
pub fn lines(theme: &Theme, buf: &mut Buffer, area: Rect, scale: &Scale, last: Decimal, marks: &[Mark]) {
    let last_line = (last, "┈", theme.dim);
    let mark_lines = marks.iter().map(|m| (m.price, if m.trigger { "┄" } else { "╌" }, theme.side(m.side)));
    for (price, glyph, style) in std::iter::once(last_line).chain(mark_lines) {
        let Some(row) = scale.row(price) else { continue };
        for x in area.x..area.right() {
            let cell = &mut buf[(x, area.y + row)];
            if cell.symbol() == " " {
                cell.set_symbol(glyph).set_style(style);
            }
        }
    }
}

/// The largest volume shown, on the axis beside the volume bars.
pub fn volume_label(theme: &Theme, buf: &mut Buffer, area: Rect, max: Decimal) {
    if area.height == 0 || max <= Decimal::ZERO {
        return;
    }
    let w = usize::from(area.width);
    let value = fmt::compact(max);
    let text = [format!("{:>w$}", format!("vol {value}")), format!("{value:>w$}")]
        .into_iter()
        .find(|t| t.chars().count() <= w)
        .unwrap_or_default();
    buf.set_stringn(area.x, area.y, text, w, theme.dim);
}

/// Time labels under the bars (of `granularity` seconds) whose start is a round step (UTC): `HH:MM`, or `MM-DD` at
/// midnight; at least [`TIME_LABEL_W`] columns apart and never cut at the right edge.
pub fn times(theme: &Theme, buf: &mut Buffer, area: Rect, bars: &[Bar], granularity: i64) {
    if area.height == 0 {
        return;
    }
    let g = granularity.max(60);
    let room = g * i64::from(TIME_LABEL_W);
    let step = TIME_STEPS.iter().map(|m| m * 60).find(|s| *s >= room && s % g == 0).unwrap_or(room);
    let mut free = area.x;
    for (x, bar) in (area.x..area.right()).zip(bars) {
        let Some(time) = DateTime::from_timestamp(bar.start, 0) else { continue };
        if bar.start % step != 0 || x < free || x + TIME_LABEL_W - 2 > area.right() {
            continue;
        }
        let text =
            if time.hour() == 0 && time.minute() == 0 { time.format("%m-%d") } else { time.format("%H:%M") };
        buf.set_stringn(x, area.y, text.to_string(), usize::from(TIME_LABEL_W), theme.dim);
        free = x + TIME_LABEL_W;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(buf: &Buffer) -> String {
        (0..buf.area.width).map(|x| buf[(x, 0)].symbol()).collect()
    }

    fn bars(first: i64, granularity: i64, n: i64) -> Vec<Bar> {
        let bar = |start| Bar {
            start,
            open: 1.into(),
            high: 1.into(),
            low: 1.into(),
            close: 1.into(),
            volume: 1.into(),
        };
        (0..n).map(|i| bar(first + granularity * i)).collect()
    }

    /// Hourly bars from 2026-01-01 20:00 UTC: a label every twelve hours, the date at midnight.
    #[test]
    fn hourly_labels_are_twelve_hours_apart_with_the_date_at_midnight() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 1));
        let area = buf.area;
        times(&crate::ui::theme::DARK, &mut buf, area, &bars(1_767_297_600, 3600, 30), 3600);
        assert_eq!(row(&buf), "    01-02       12:00         ");
    }

    /// Minute bars from 03:04: a label every ten minutes, none cut at the right edge.
    #[test]
    fn minute_labels_are_ten_minutes_apart_and_never_cut() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 1));
        let area = buf.area;
        times(&crate::ui::theme::DARK, &mut buf, area, &bars(1_767_323_040, 60, 30), 60);
        assert_eq!(row(&buf), "      03:10     03:20         ");
    }
}
