//! The candle chart: one text column per candle (wick `│`, body `█` rising or `▒` falling)
//! with its volume under it, a price axis on the right (the scale, the last price `◂`, the
//! user's resting orders `B`/`S` and stop triggers `T`, each also drawn as a line across the
//! candles) and a time axis (UTC) at the bottom. The plot grows with its pane. Coordinates are
//! f64 because they only place characters; prices stay `Decimal`.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget};
use rust_decimal::Decimal;

use super::theme::{self, Theme};
use super::{fmt, pane_block, title_within};
use crate::app::model::candles::Bar;
use crate::app::model::{Model, Pane};
use crate::domain::{Granularity, ProductId, Side};

mod axis;
mod plot;

use plot::Scale;

/// Draws the focused product's candles.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let theme = theme::of(model.theme);
    let product = model.focused().map_or("", |p| p.as_str());
    let detail = vec![Span::raw(product), Span::styled(format!(" {}", model.granularity.label()), theme.key)];
    let block =
        pane_block(theme, title_within(theme, "Chart", detail, area.width), model.focus == Pane::Chart);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match Chart::of(model, inner) {
        Ok(chart) => frame.render_widget(chart, inner),
        Err(why) => frame.render_widget(Paragraph::new(Span::styled(why, theme.dim)), inner),
    }
}

/// A price marked on the axis and across the plot: one of the user's orders or its trigger.
#[derive(Debug, Clone, Copy)]
struct Mark {
    price: Decimal,
    side: Side,
    trigger: bool,
}

/// Rows of the chart from the top: candles, volume, the time axis.
#[derive(Debug, Clone, Copy)]
struct Rows {
    price: u16,
    volume: u16,
    time: u16,
}

impl Rows {
    /// Volume takes about a sixth of the height (one to four rows) once there are six rows;
    /// the candles keep at least three.
    fn fit(height: u16) -> Option<Self> {
        let time = u16::from(height >= 6);
        let volume = if height >= 6 { ((height - time) / 6).clamp(1, 4) } else { 0 };
        let price = height.checked_sub(time + volume).filter(|p| *p >= 3)?;
        Some(Self { price, volume, time })
    }
}

/// Everything one frame of the chart draws; the newest bar is next to the price axis.
struct Chart<'a> {
    bars: &'a [Bar],
    scale: Scale,
    last: Decimal,
    marks: Vec<Mark>,
    tick: Option<Decimal>,
    label_w: u16,
    rows: Rows,
    granularity: Granularity,
    theme: &'static Theme,
}

impl<'a> Chart<'a> {
    /// The bars that fit `area` beside the axis, scaled to their range and the last price.
    fn of(model: &'a Model, area: Rect) -> Result<Self, &'static str> {
        let product = model.focused().ok_or("no product")?;
        let all = model.focused_market().map(|m| m.candles.bars.as_slice()).unwrap_or_default();
        let last_bar = all.last().ok_or("loading candles…")?;
        let last = model.focused_market().and_then(|m| m.last).unwrap_or(last_bar.close);
        let tick = model.rules.get(product).map(|r| r.price_increment);
        let marks = marks(model, product);
        let extremes = [all.iter().map(|b| b.high).max(), all.iter().map(|b| b.low).min(), Some(last)];
        let widest = extremes.into_iter().flatten().chain(marks.iter().map(|m| m.price));
        let label_w = widest.map(|p| fmt::price(p, tick).len()).max().unwrap_or(1);
        let label_w = u16::try_from(label_w).unwrap_or(u16::MAX);
        let rows = Rows::fit(area.height).ok_or("too small for the chart")?;
        let plot_w =
            area.width.checked_sub(label_w + 2).filter(|w| *w >= 4).ok_or("too small for the chart")?;
        let bars = &all[all.len().saturating_sub(usize::from(plot_w))..];
        let lo = bars.iter().map(|b| b.low).min().unwrap_or(last).min(last);
        let hi = bars.iter().map(|b| b.high).max().unwrap_or(last).max(last);
        let scale = Scale::new(lo, hi, rows.price);
        let (granularity, theme) = (model.granularity, theme::of(model.theme));
        Ok(Self { bars, scale, last, marks, tick, label_w, rows, granularity, theme })
    }
}

/// The user's orders on `product`: each limit price, and each stop or stop-loss trigger.
fn marks(model: &Model, product: &ProductId) -> Vec<Mark> {
    let orders = model.account.orders.iter().filter(|o| &o.product == product);
    orders
        .flat_map(|o| {
            let limit = o.price.map(|price| Mark { price, side: o.side, trigger: false });
            let stop = o.stop.map(|price| Mark { price, side: o.side, trigger: true });
            limit.into_iter().chain(stop)
        })
        .collect()
}

impl Widget for Chart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let axis_w = self.label_w + 2;
        let plot = Rect { width: area.width - axis_w, height: self.rows.price, ..area };
        let n = u16::try_from(self.bars.len()).unwrap_or(u16::MAX).min(plot.width);
        let bars = Rect { x: plot.right() - n, width: n, ..plot };
        let volume = Rect { y: plot.bottom(), height: self.rows.volume, ..bars };
        let time = Rect { y: volume.bottom(), height: self.rows.time, ..bars };
        let axis = Rect { x: plot.right(), width: axis_w, ..area };
        let theme = self.theme;
        plot::candles(theme, buf, bars, self.bars, &self.scale);
        let max_volume = plot::volume(theme, buf, volume, self.bars);
        axis::lines(theme, buf, plot, &self.scale, self.last, &self.marks);
        axis::prices(theme, buf, axis, &self.scale, (self.last, &self.marks), self.tick);
        axis::volume_label(theme, buf, Rect { y: volume.y, height: volume.height, ..axis }, max_volume);
        axis::times(theme, buf, time, self.bars, self.granularity.seconds());
        if time.height > 0 {
            let w = usize::from(axis_w);
            buf.set_stringn(axis.x, time.y, format!("{:>w$}", "UTC"), w, theme.dim);
        }
    }
}
