//! The candle chart: one text column per candle (wick `│`, body `█`), price labels on the left.
//! Coordinates are f64 because they only place characters; prices stay `Decimal`.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget};
use rust_decimal::Decimal;

use super::theme::THEME;
use super::{fmt, pane_block, title_within};
use crate::app::model::candles::Bar;
use crate::app::model::{Model, Pane};
use crate::domain::Granularity;

const LABEL_W: u16 = 11;

/// A granularity's short name: `1m`, `5m`, `15m`, `1h`, `6h`, `1d`.
pub fn granularity_label(g: Granularity) -> &'static str {
    match g {
        Granularity::OneMinute => "1m",
        Granularity::FiveMinute => "5m",
        Granularity::FifteenMinute => "15m",
        Granularity::ThirtyMinute => "30m",
        Granularity::OneHour => "1h",
        Granularity::TwoHour => "2h",
        Granularity::FourHour => "4h",
        Granularity::SixHour => "6h",
        Granularity::OneDay => "1d",
    }
}

/// Draws the focused product's candles.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let product = model.focused().map_or("", |p| p.as_str());
    let detail = vec![
        Span::raw(product),
        Span::styled(format!(" {}", granularity_label(model.granularity)), THEME.key),
    ];
    let block = pane_block(title_within("Chart", detail, area.width), model.focus == Pane::Chart);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let bars = model.focused_market().map(|m| m.candles.bars.as_slice()).unwrap_or_default();
    let inc = model.focused().and_then(|p| model.rules.get(p)).map(|r| r.price_increment);
    let lo = bars.iter().map(|b| b.low).min().unwrap_or_default();
    let hi = bars.iter().map(|b| b.high).max().unwrap_or_default();
    let labels = (fmt::price(hi, inc), fmt::price(lo, inc));
    // The labels are never cut: the plot starts after the wider one (of all bars, so at least as
    // wide as the labels of the bars shown).
    let label_w = u16::try_from(labels.0.len().max(labels.1.len()) + 1).unwrap_or(u16::MAX).max(LABEL_W);
    if bars.is_empty() || inner.width <= label_w || inner.height < 3 {
        frame.render_widget(Paragraph::new(Span::styled("loading candles…", THEME.dim)), inner);
        return;
    }
    let plot_w = (inner.width - label_w) as usize;
    let shown = &bars[bars.len().saturating_sub(plot_w)..];
    let lo = shown.iter().map(|b| b.low).min().unwrap_or_default();
    let hi = shown.iter().map(|b| b.high).max().unwrap_or_default();
    let labels = [fmt::price(hi, inc), fmt::price(lo, inc)];
    frame.render_widget(Candles { bars: shown, range: (lo, hi), labels, label_w }, inner);
}

/// The plot: price labels (top = high, bottom = low of the bars shown), then one column per bar.
/// Cells are written straight into the buffer; each bar's prices are converted once.
struct Candles<'a> {
    bars: &'a [Bar],
    range: (Decimal, Decimal),
    labels: [String; 2],
    label_w: u16,
}

impl Widget for Candles<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let height = usize::from(area.height);
        let (lo, hi) = (fmt::plot(self.range.0), fmt::plot(self.range.1));
        let band = if hi > lo { hi - lo } else { 1.0 } / height as f64;
        let text_w = usize::from(self.label_w.saturating_sub(1));
        for (row, label) in [(0, &self.labels[0]), (area.height - 1, &self.labels[1])] {
            buf.set_stringn(
                area.x,
                area.y + row,
                format!("{label:>text_w$} "),
                usize::from(self.label_w),
                THEME.dim,
            );
        }
        let columns = area.x + self.label_w..area.right();
        for (x, bar) in columns.zip(self.bars) {
            let column = Column::of(bar);
            for row in 0..area.height {
                let top = hi - band * f64::from(row);
                buf[(x, area.y + row)].set_symbol(column.glyph(top, top - band)).set_style(column.style);
            }
        }
    }
}

/// One bar in plot coordinates.
struct Column {
    body: (f64, f64),
    wick: (f64, f64),
    style: Style,
}

impl Column {
    fn of(bar: &Bar) -> Self {
        let style = if bar.close >= bar.open { THEME.up } else { THEME.down };
        let [open, close, high, low] = [bar.open, bar.close, bar.high, bar.low].map(fmt::plot);
        Self { body: (open, close), wick: (high, low), style }
    }

    /// The glyph of the cell spanning `bottom..=top`: body `█`, wick `│` or blank.
    fn glyph(&self, top: f64, bottom: f64) -> &'static str {
        let overlaps = |(a, b): (f64, f64)| a.max(b) >= bottom && a.min(b) <= top;
        if overlaps(self.body) {
            "█"
        } else if overlaps(self.wick) {
            "│"
        } else {
            " "
        }
    }
}
