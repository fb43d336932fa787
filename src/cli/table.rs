//! A small aligned-table printer for human output.

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// Renders rows under a header with two spaces between columns. Cells are shown inertly
/// ([`crate::inert`]): a control character from the network is printed as its escape.
pub fn render(header: &[(&str, Align)], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> =
        rows.iter().map(|r| r.iter().map(|c| crate::inert::inert(c).into_owned()).collect()).collect();
    let mut widths: Vec<usize> = header.iter().map(|(h, _)| h.chars().count()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .zip(header)
            .zip(&widths)
            .map(|((cell, (_, align)), width)| match align {
                Align::Left => format!("{cell:<width$}"),
                Align::Right => format!("{cell:>width$}"),
            })
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    let mut out = vec![line(header.iter().map(|(h, _)| *h).collect())];
    out.extend(rows.iter().map(|r| line(r.iter().map(String::as_str).collect())));
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_cells_are_escaped_before_alignment() {
        let rows = vec![vec!["\u{1b}]0;x\u{7}".to_string(), "1".to_string()]];
        let text = render(&[("NAME", Align::Left), ("N", Align::Right)], &rows);
        assert_eq!(text, "NAME             N\n\\u{1b}]0;x\\u{7}  1");
    }

    #[test]
    fn aligns_columns() {
        let rows = vec![vec!["BTC-USD".to_string(), "1.5".to_string()], vec!["X".into(), "10".into()]];
        let text = render(&[("PRODUCT", Align::Left), ("SIZE", Align::Right)], &rows);
        assert_eq!(text, "PRODUCT  SIZE\nBTC-USD   1.5\nX          10");
    }
}
