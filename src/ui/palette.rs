//! The command palette: one input line at the bottom of the panes and, under it, what the line
//! would do (the order in the review card's words, the command, or the error and its word).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::theme;
use super::ticket::review::describe;
use super::{pane_block, title};
use crate::app::model::Model;
use crate::app::model::palette::{Palette, Preview};

/// What the preview line says before anything is typed.
pub const EXAMPLES: &str = "buy 0.01 BTC-USD @ 60000 · sell 50% ETH-USD mkt · cancel all · chart 1h · watch add AVAX-USD · alert BTC-USD > 70000";

/// Rows the preview may take when it is long (an error and its reason): it wraps, never cut.
const PREVIEW_ROWS: usize = 4;

/// Draws the palette over the bottom rows of `area` (its keys are in the status bar's hints);
/// the box grows with the preview's wrapped rows.
pub fn draw(frame: &mut Frame, model: &Model, palette: &Palette, area: Rect) {
    let theme = theme::of(model.theme);
    let input = Line::from(vec![
        Span::styled(": ", theme.key),
        Span::raw(palette.line.clone()),
        Span::styled("▏", theme.key),
    ]);
    let text = Paragraph::new(vec![input, preview_line(model, palette)]).wrap(Wrap { trim: false });
    let rows = text.line_count(area.width.saturating_sub(2)).min(1 + PREVIEW_ROWS);
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let rect = Rect { y: area.y + area.height - height, height, ..area };
    frame.render_widget(Clear, rect);
    frame.render_widget(text.block(pane_block(theme, title(theme, "Command", vec![]), true)), rect);
}

fn preview_line(model: &Model, palette: &Palette) -> Line<'static> {
    let theme = theme::of(model.theme);
    if let Some(error) = &palette.error {
        return Line::styled(format!("✗ {error}"), theme.error);
    }
    match model.palette_preview(&palette.line) {
        Preview::Empty => Line::styled(EXAMPLES, theme.dim),
        Preview::Invalid(why) => Line::styled(format!("✗ {why}"), theme.error),
        Preview::Ready(words) => Line::styled(format!("✓ {words} · Enter runs it"), theme.ok),
        Preview::Order { ticket, checked } => match (&checked.config, &checked.problem) {
            (Some(config), None) => {
                let quote = ticket.product.quote();
                let mut text = describe(ticket.side, ticket.product.as_str(), config, quote);
                if let Some(stop) = config.stop_price() {
                    text.push_str(&format!(", stop {stop} {quote}"));
                }
                Line::styled(format!("✓ {text} · Enter reviews it"), theme.ok)
            }
            (_, problem) => {
                let errors = [&checked.size_error, &checked.price_error, &checked.stop_error, problem];
                let why = errors.into_iter().flatten().next().cloned().unwrap_or_default();
                Line::styled(format!("✗ {why}"), theme.error)
            }
        },
    }
}
