//! Tests of [`super`]: column widths, which columns are dropped, drawing, the scrolling window.

use super::*;
use crate::ui::theme::DARK as THEME;

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

/// What ratatui's `Table` draws for the same columns and rows: the reference.
fn ratatui_table(
    cols: &[Col],
    rows: &[Vec<Span<'static>>],
    area: Rect,
    style: impl Fn(usize) -> Style,
) -> Buffer {
    use ratatui::layout::Constraint;
    use ratatui::text::Line;
    use ratatui::widgets::{Cell, Row, Table};
    let block = Block::bordered().title("T");
    let kept = fit(cols, rows, block.inner(area).width);
    let cell = |span: Span<'static>, align| {
        let line = Line::from(span);
        Cell::from(if align == Align::Right { line.right_aligned() } else { line })
    };
    let header = Row::new(kept.iter().map(|&(i, _)| cell(Span::raw(cols[i].header), cols[i].align)));
    let body = rows.iter().enumerate().map(|(r, row)| {
        Row::new(kept.iter().map(|&(i, _)| cell(row[i].clone(), cols[i].align))).style(style(r))
    });
    let widths = kept.iter().map(|&(_, w)| Constraint::Length(w));
    let table = Table::new(body, widths).header(header.style(THEME.header)).column_spacing(SPACING);
    let mut buf = Buffer::empty(area);
    table.block(block).render(area, &mut buf);
    buf
}

#[test]
fn draws_what_a_ratatui_table_draws_styles_included() {
    let red = Style::new().fg(ratatui::style::Color::Red);
    let r: Vec<Vec<Span<'static>>> = vec![
        vec![Span::raw("03:03:49"), Span::styled("68000.00", red), Span::raw("0.00397963")],
        vec![Span::raw("03:03:48"), Span::raw("1.5"), Span::styled("2", THEME.dim)],
        vec![Span::raw("Δ"), Span::raw("-"), Span::raw("12")],
    ];
    let style = |i: usize| if i == 1 { THEME.selected } else { Style::new() };
    for (w, h) in [(40, 8), (40, 4), (30, 3), (21, 6), (12, 5), (6, 5), (40, 2)] {
        let area = Rect::new(1, 1, w, h);
        let mut ours = Buffer::empty(area);
        table(&THEME, &COLS, r.clone(), Block::bordered().inner(area).width, style)
            .block(Block::bordered().title("T"))
            .render(area, &mut ours);
        assert_eq!(ours, ratatui_table(&COLS, &r, area, style), "{w}×{h}");
    }
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
