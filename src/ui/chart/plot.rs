//! The plot: prices to rows, candle columns and volume bars, written straight into the buffer
//! with static glyphs (nothing is allocated per cell).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use rust_decimal::Decimal;

use super::super::fmt;
use super::super::theme::Theme;
use crate::app::model::candles::Bar;

/// Eighths of a cell, for volume bars.
const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/// Prices to rows: row `r` spans `hi - band·(r+1) ..= hi - band·r`.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    /// Lowest price shown (bottom edge).
    pub lo: Decimal,
    /// Highest price shown (top edge).
    pub hi: Decimal,
    /// Rows of the plot.
    pub rows: u16,
    top: f64,
    band: f64,
}

impl Scale {
    /// A scale of `rows` rows from `lo` to `hi`.
    pub fn new(lo: Decimal, hi: Decimal, rows: u16) -> Self {
        let (bottom, top) = (fmt::plot(lo), fmt::plot(hi));
        let span = if top > bottom { top - bottom } else { 1.0 };
        Self { lo, hi, rows, top, band: span / f64::from(rows.max(1)) }
    }

    /// The price span of `row`: (bottom, top).
    pub fn span(&self, row: u16) -> (f64, f64) {
        let top = self.top - self.band * f64::from(row);
        (top - self.band, top)
    }

    /// The row holding `price`, `None` outside the scale.
    pub fn row(&self, price: Decimal) -> Option<u16> {
        if price < self.lo || price > self.hi {
            return None;
        }
        let r = ((self.top - fmt::plot(price)) / self.band).floor().max(0.0);
        Some((r as u16).min(self.rows.saturating_sub(1)))
    }

    /// The price named at `row` on the axis: the top and bottom edges, else the row's middle.
    pub fn label(&self, row: u16) -> Decimal {
        let last = self.rows.saturating_sub(1);
        if row == 0 {
            return self.hi;
        }
        if row >= last {
            return self.lo;
        }
        let range = self.hi - self.lo;
        let steps = Decimal::from(2 * u32::from(row) + 1) / Decimal::from(2 * u32::from(self.rows));
        range.checked_mul(steps).map_or(self.hi, |d| self.hi - d)
    }
}

/// One bar in plot coordinates.
struct Column {
    body: (f64, f64),
    wick: (f64, f64),
    style: Style,
    rising: bool,
}

/// A candle's body: `█` when it closed at or above its open, `▒` below, so the direction does
/// not rest on the colour alone.
const BODY: [&str; 2] = ["▒", "█"];

impl Column {
    fn of(theme: &Theme, bar: &Bar) -> Self {
        let [open, close, high, low] = [bar.open, bar.close, bar.high, bar.low].map(fmt::plot);
        let (style, rising) = (bar_style(theme, bar), bar.close >= bar.open);
        Self { body: (open, close), wick: (high, low), style, rising }
    }

    /// The glyph of the cell spanning `bottom..=top`: a [`BODY`], wick `│` or blank.
    fn glyph(&self, (bottom, top): (f64, f64)) -> &'static str {
        let overlaps = |(a, b): (f64, f64)| a.max(b) >= bottom && a.min(b) <= top;
        if overlaps(self.body) {
            BODY[usize::from(self.rising)]
        } else if overlaps(self.wick) {
            "│"
        } else {
            " "
        }
    }
}

fn bar_style(theme: &Theme, bar: &Bar) -> Style {
    if bar.close >= bar.open { theme.up } else { theme.down }
}

/// One column per bar, oldest at the left.
pub fn candles(theme: &Theme, buf: &mut Buffer, area: Rect, bars: &[Bar], scale: &Scale) {
    for (x, bar) in (area.x..area.right()).zip(bars) {
        let column = Column::of(theme, bar);
        for row in 0..area.height {
            let glyph = column.glyph(scale.span(row));
            buf[(x, area.y + row)].set_symbol(glyph).set_style(column.style);
        }
    }
}

/// Volume bars under the candles, scaled to the largest shown (in eighths of a cell); returns
/// that largest volume.
pub fn volume(theme: &Theme, buf: &mut Buffer, area: Rect, bars: &[Bar]) -> Decimal {
    let max = bars.iter().map(|b| b.volume).max().unwrap_or_default();
    if area.height == 0 || max <= Decimal::ZERO {
        return max;
    }
    let cells = f64::from(area.height) * 8.0;
    for (x, bar) in (area.x..area.right()).zip(bars) {
        let eighths = (fmt::plot(bar.volume) / fmt::plot(max) * cells).round().max(0.0) as u16;
        let eighths = if bar.volume > Decimal::ZERO { eighths.max(1) } else { 0 };
        for k in 0..area.height {
            let filled = usize::from(eighths.saturating_sub(k * 8).min(8));
            buf[(x, area.bottom() - 1 - k)].set_symbol(EIGHTHS[filled]).set_style(bar_style(theme, bar));
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    /// 100.00 to 110.00 on ten rows: each row one unit, the top row holding 110, the bottom 100.
    #[test]
    fn prices_map_to_rows_and_rows_to_labels() {
        let scale = Scale::new(d("100.00"), d("110.00"), 10);
        let rows: Vec<Option<u16>> =
            ["110.00", "109.50", "105.00", "100.00", "99.99", "110.01"].map(|p| scale.row(d(p))).to_vec();
        assert_eq!(rows, [Some(0), Some(0), Some(5), Some(9), None, None]);
        assert_eq!([scale.label(0), scale.label(5), scale.label(9)], [d("110.00"), d("104.5"), d("100.00")]);
    }

    /// A rising and a falling candle over the same range: their bodies differ in glyph, not
    /// only in colour (in every theme).
    #[test]
    fn a_falling_body_is_drawn_shaded_and_a_rising_one_solid() {
        let scale = Scale::new(d("100"), d("110"), 10);
        let bar = |open: &str, close: &str| Bar {
            start: 0,
            open: d(open),
            high: d("110"),
            low: d("100"),
            close: d(close),
            volume: d("1"),
        };
        for (name, theme) in crate::app::ThemeName::ALL.map(|(n, _)| (n, crate::ui::theme::of(n))) {
            let area = Rect::new(0, 0, 2, 10);
            let mut buf = Buffer::empty(area);
            candles(theme, &mut buf, area, &[bar("102", "108"), bar("108", "102")], &scale);
            let column = |x: u16| (0..10).map(|y| buf[(x, y)].symbol()).collect::<String>();
            assert_eq!((column(0), column(1)), ("│████████│".into(), "│▒▒▒▒▒▒▒▒│".into()), "{name}");
        }
    }

    #[test]
    fn a_flat_range_puts_everything_on_the_top_row() {
        let scale = Scale::new(d("5"), d("5"), 4);
        assert_eq!((scale.row(d("5")), scale.row(d("6"))), (Some(0), None));
    }
}
