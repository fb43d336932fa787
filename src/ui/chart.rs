//! The candle chart: one text column per candle (wick `│`, body `█`), price labels on the left.
//! Coordinates are f64 because they only place characters; prices stay `Decimal`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
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
    let lines = candle_lines(shown, inner.height as usize, (lo, hi), inc, usize::from(label_w));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn candle_lines(
    bars: &[Bar],
    height: usize,
    (lo_d, hi_d): (Decimal, Decimal),
    inc: Option<Decimal>,
    label_w: usize,
) -> Vec<Line<'static>> {
    let (lo, hi) = (fmt::plot(lo_d), fmt::plot(hi_d));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let band = span / height as f64;
    let label_w = label_w.saturating_sub(1);
    (0..height)
        .map(|row| {
            let top = hi - band * row as f64;
            let bottom = top - band;
            let label = match row {
                0 => fmt::price(hi_d, inc),
                r if r + 1 == height => fmt::price(lo_d, inc),
                _ => String::new(),
            };
            let mut spans = vec![Span::styled(format!("{label:>label_w$} "), THEME.dim)];
            spans.extend(bars.iter().map(|b| cell(b, top, bottom)));
            Line::from(spans)
        })
        .collect()
}

fn cell(bar: &Bar, top: f64, bottom: f64) -> Span<'static> {
    let (open, close) = (fmt::plot(bar.open), fmt::plot(bar.close));
    let (high, low) = (fmt::plot(bar.high), fmt::plot(bar.low));
    let style: Style = if bar.close >= bar.open { THEME.up } else { THEME.down };
    let overlaps = |a: f64, b: f64| a.max(b) >= bottom && a.min(b) <= top;
    let glyph = if overlaps(open, close) {
        "█"
    } else if overlaps(high, low) {
        "│"
    } else {
        " "
    };
    Span::styled(glyph, style)
}
