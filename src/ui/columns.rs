//! Tables whose columns keep their width as data arrives: each is as wide as its header and
//! the room it reserves (decided from the product's increments, not from the values), and
//! wider only for a value past that reserve. A column that does not fit is dropped whole,
//! lowest priority first, so a number is never cut: a clipped `100000` would read `0000`.

use std::ops::Range;

use ratatui::layout::Constraint;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

use super::theme::THEME;

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

fn cell<'a>(span: Span<'a>, align: Align) -> Cell<'a> {
    let line = Line::from(span);
    Cell::from(match align {
        Align::Left => line,
        Align::Right => line.right_aligned(),
    })
}

/// The rows of a list of `len` that fit in a table of `inner_height` lines (its header
/// included), scrolled just enough that `selected` shows. Only these rows are formatted, so a
/// long list costs no more to draw than a short one.
pub fn window(len: usize, selected: usize, inner_height: u16) -> Range<usize> {
    let fit = usize::from(inner_height.saturating_sub(1));
    let start = (selected + 1).saturating_sub(fit).min(len.saturating_sub(fit));
    start..(start + fit).min(len)
}

/// A table of the columns of `cols` that fit in `inner` cells (see [`fit`]), with a header row
/// and `row_style(i)` on row `i`. `rows` holds one span per column.
pub fn table<'a>(
    cols: &[Col],
    rows: Vec<Vec<Span<'a>>>,
    inner: u16,
    row_style: impl Fn(usize) -> Style,
) -> Table<'a> {
    let kept = fit(cols, &rows, inner);
    let header = Row::new(kept.iter().map(|&(i, _)| cell(Span::raw(cols[i].header), cols[i].align)))
        .style(THEME.header);
    let body: Vec<Row<'a>> = rows
        .into_iter()
        .enumerate()
        .map(|(r, row)| {
            let cells = row
                .into_iter()
                .enumerate()
                .filter(|(i, _)| kept.iter().any(|(k, _)| k == i))
                .map(|(i, span)| cell(span, cols[i].align));
            Row::new(cells.collect::<Vec<_>>()).style(row_style(r))
        })
        .collect();
    let widths = kept.iter().map(|&(_, w)| Constraint::Length(w));
    Table::new(body, widths).header(header).column_spacing(SPACING)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(cells: &[&[&'static str]]) -> Vec<Vec<Span<'static>>> {
        cells.iter().map(|r| r.iter().map(|c| Span::raw(*c)).collect()).collect()
    }

    const COLS: [Col; 3] = [left("Time", 1), right("Price", 3), right("Size", 2)];

    #[test]
    fn sizes_columns_to_the_widest_cell_or_header() {
        let r = rows(&[&["03:03:49", "68000.00", "0.00397963"], &["03:03:48", "1.5", "2"]]);
        assert_eq!(fit(&COLS, &r, 200), vec![(0, 8), (1, 8), (2, 10)]);
        assert_eq!(fit(&COLS, &rows(&[&["x", "1", "2"]]), 200), vec![(0, 4), (1, 5), (2, 4)]);
    }

    #[test]
    fn drops_the_lowest_priority_first_and_never_keeps_a_partial_column() {
        let r = rows(&[&["03:03:49", "68000.00", "0.00397963"]]);
        assert_eq!(fit(&COLS, &r, 28), vec![(0, 8), (1, 8), (2, 10)]);
        assert_eq!(fit(&COLS, &r, 27), vec![(1, 8), (2, 10)]);
        assert_eq!(fit(&COLS, &r, 19), vec![(1, 8), (2, 10)]);
        assert_eq!(fit(&COLS, &r, 18), vec![(1, 8)]);
        assert_eq!(fit(&COLS, &r, 8), vec![(1, 8)]);
        assert_eq!(fit(&COLS, &r, 7), vec![]);
        assert_eq!(fit(&COLS, &r, 0), vec![]);
    }

    #[test]
    fn on_a_priority_tie_the_rightmost_goes_first() {
        let cols = [left("A", 1), left("B", 1), left("C", 1)];
        assert_eq!(fit(&cols, &rows(&[&["aa", "bb", "cc"]]), 6), vec![(0, 2), (1, 2)]);
    }

    #[test]
    fn a_reserve_holds_the_width_before_values_arrive_and_a_wider_value_still_fits() {
        let cols = reserving(COLS, [8, 9, 11]);
        assert_eq!(fit(&cols, &rows(&[&["-", "-", "-"]]), 200), vec![(0, 8), (1, 9), (2, 11)]);
        let r = rows(&[&["03:03:49", "68000.00", "0.00397963"]]);
        assert_eq!(fit(&cols, &r, 200), vec![(0, 8), (1, 9), (2, 11)]);
        assert_eq!(fit(&cols, &rows(&[&["x", "1234567.89", "2"]]), 200), vec![(0, 8), (1, 10), (2, 11)]);
    }

    #[test]
    fn measures_display_width_not_bytes() {
        let cols = [left("24h Δ", 1)];
        assert_eq!(fit(&cols, &[], 5), vec![(0, 5)]);
    }

    #[test]
    fn the_window_scrolls_just_enough_to_show_the_selection() {
        assert_eq!(window(30, 0, 10), 0..9);
        assert_eq!(window(30, 8, 10), 0..9);
        assert_eq!(window(30, 9, 10), 1..10);
        assert_eq!(window(30, 29, 10), 21..30);
        assert_eq!(window(30, 99, 10), 21..30);
        assert_eq!(window(5, 4, 10), 0..5);
        assert_eq!(window(0, 0, 10), 0..0);
        assert!(window(30, 3, 1).is_empty());
    }
}
