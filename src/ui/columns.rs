//! Tables whose columns keep their width as data arrives: each is as wide as its header and
//! the room it reserves (decided from the product's increments, not from the values), and
//! wider only for a value past that reserve. A column that does not fit is dropped whole,
//! lowest priority first, so a number is never cut: a clipped `100000` would read `0000`.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Widget};

use super::theme::Theme;

/// Cells between two columns.
pub const SPACING: u16 = 1;

/// Where a column's text sits in its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text columns.
    Left,
    /// Number columns.
    Right,
}

/// A column: its header, how much it matters (higher is kept longer), its alignment and the
/// cells it reserves whatever its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    /// The header text.
    pub header: &'static str,
    /// Columns with the lowest priority are dropped first; on a tie the rightmost goes first.
    pub priority: u8,
    /// Alignment of the header and the cells.
    pub align: Align,
    /// Cells kept for the values even before any arrive (0: sized by header and cells).
    pub reserve: usize,
}

/// A left-aligned (text) column.
pub const fn left(header: &'static str, priority: u8) -> Col {
    Col { header, priority, align: Align::Left, reserve: 0 }
}

/// A right-aligned (number) column.
pub const fn right(header: &'static str, priority: u8) -> Col {
    Col { header, priority, align: Align::Right, reserve: 0 }
}

impl Col {
    /// This column, reserving `cells` for its values.
    pub const fn reserving(self, cells: usize) -> Col {
        Col { reserve: cells, ..self }
    }
}

/// `cols` with the reserves of `cells`, in order.
pub fn reserving<const N: usize>(cols: [Col; N], cells: [usize; N]) -> [Col; N] {
    std::array::from_fn(|i| cols[i].reserving(cells[i]))
}

/// The columns that fit in `inner` cells, as `(index, width)` in display order. Each width is
/// the widest of the header, the reserve and the cells of `rows` (row-major, one cell per
/// column). Columns are dropped whole, lowest priority first, until the rest fit; when not
/// even the most important one fits, nothing is kept.
pub fn fit(cols: &[Col], rows: &[Vec<Span>], inner: u16) -> Vec<(usize, u16)> {
    let widths: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = rows.iter().filter_map(|r| r.get(i)).map(Span::width);
            cells.fold(Span::raw(c.header).width().max(c.reserve), usize::max)
        })
        .collect();
    let mut kept: Vec<usize> = (0..cols.len()).collect();
    let total = |kept: &[usize]| -> usize {
        kept.iter().map(|&i| widths[i]).sum::<usize>() + kept.len().saturating_sub(1) * usize::from(SPACING)
    };
    while !kept.is_empty() && total(&kept) > usize::from(inner) {
        // The lowest priority; on a tie the rightmost (max_by_key keeps the last maximum).
        let Some(pos) = kept.iter().enumerate().max_by_key(|(_, i)| std::cmp::Reverse(cols[**i].priority))
        else {
            break;
        };
        kept.remove(pos.0);
    }
    kept.into_iter().map(|i| (i, u16::try_from(widths[i]).unwrap_or(u16::MAX))).collect()
}

/// The rows of a list of `len` that fit in a table of `inner_height` lines (its header
/// included), scrolled just enough that `selected` shows. Only these rows are formatted, so a
/// long list costs no more to draw than a short one.
pub fn window(len: usize, selected: usize, inner_height: u16) -> Range<usize> {
    let fit = usize::from(inner_height.saturating_sub(1));
    let start = (selected + 1).saturating_sub(fit).min(len.saturating_sub(fit));
    start..(start + fit).min(len)
}

/// The index in the list of the row a table drawn in `inner` with `shown` rows of it (from
/// [`window`]) shows at line `y`; `None` on the header or below the last row.
pub fn row_at(shown: Range<usize>, inner: Rect, y: u16) -> Option<usize> {
    let line = usize::from(y.checked_sub(inner.y.checked_add(1)?)?);
    (line < shown.len() && y < inner.bottom()).then_some(shown.start + line)
}

/// A table of the columns of `cols` that fit in `inner` cells (see [`fit`]), with a header row
/// in the theme's header style and `row_style(i)` on row `i`. `rows` holds one span per column.
pub fn table<'a>(
    theme: &Theme,
    cols: &[Col],
    rows: Vec<Vec<Span<'a>>>,
    inner: u16,
    row_style: impl Fn(usize) -> Style,
) -> ColumnTable<'a> {
    let kept = fit(cols, &rows, inner);
    let header = kept.iter().map(|&(i, _)| Span::raw(cols[i].header)).collect();
    let styles = (0..rows.len()).map(row_style).collect();
    let columns = kept.iter().map(|&(i, w)| (cols[i].align, w)).collect();
    ColumnTable {
        columns,
        kept: kept.into_iter().map(|(i, _)| i).collect(),
        header,
        header_style: theme.header,
        rows,
        styles,
        block: None,
    }
}

/// Rows of spans drawn in fixed columns: what a ratatui `Table` of `Length` columns draws,
/// without its layout solver and per-cell text conversions (the watchlist is drawn every frame).
pub struct ColumnTable<'a> {
    /// Alignment and width of each shown column, in display order.
    columns: Vec<(Align, u16)>,
    /// The index in each row of each shown column.
    kept: Vec<usize>,
    header: Vec<Span<'a>>,
    header_style: Style,
    rows: Vec<Vec<Span<'a>>>,
    styles: Vec<Style>,
    block: Option<Block<'a>>,
}

impl<'a> ColumnTable<'a> {
    /// Draws the table inside `block`.
    pub fn block(mut self, block: Block<'a>) -> Self {
        self.block = Some(block);
        self
    }
}

impl Widget for ColumnTable<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = match &self.block {
            Some(block) => {
                block.render(area, buf);
                block.inner(area)
            }
            None => area,
        };
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        draw_line(buf, area, area.y, self.header_style, &self.columns, self.header.iter().map(Some));
        let lines = (area.y + 1..area.bottom()).zip(self.rows.iter().zip(&self.styles));
        for (y, (row, &style)) in lines {
            draw_line(buf, area, y, style, &self.columns, self.kept.iter().map(|&i| row.get(i)));
        }
    }
}

/// Draws one line of `cells` in `columns` at `y`, with `style` under the whole line.
fn draw_line<'s>(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    style: Style,
    columns: &[(Align, u16)],
    cells: impl Iterator<Item = Option<&'s Span<'s>>>,
) {
    buf.set_style(Rect { y, height: 1, ..area }, style);
    let mut x = area.x;
    for (&(align, width), cell) in columns.iter().zip(cells) {
        let width = width.min(area.right().saturating_sub(x));
        if let Some(span) = cell {
            let text = u16::try_from(span.width()).unwrap_or(u16::MAX).min(width);
            let at = match align {
                Align::Left => x,
                Align::Right => x + (width - text),
            };
            buf.set_span(at, y, span, text);
        }
        x = x.saturating_add(width).saturating_add(SPACING);
        if x >= area.right() {
            break;
        }
    }
}

#[cfg(test)]
mod tests;
