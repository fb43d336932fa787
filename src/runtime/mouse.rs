//! The mouse: captured while the dashboard owns the terminal (released on every way out:
//! return, error, signal and panic), and its presses and wheel turns turned into messages
//! through the ui's hit test, which uses the layout the frame was drawn with.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::app::{Model, Msg};

/// Starts reporting the mouse, and makes a panic stop it before the terminal is restored
/// (`ratatui::restore`, run by the hook installed before this one, leaves it on).
pub fn capture() -> std::io::Result<()> {
    crossterm::execute!(std::io::stdout(), EnableMouseCapture)?;
    let next = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        release();
        next(info);
    }));
    Ok(())
}

/// Stops reporting the mouse; errors are ignored, as on every way out of the dashboard.
pub fn release() {
    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
}

/// Whether the loop acts on this mouse event: a left press or a wheel turn.
pub fn wanted(event: &MouseEvent) -> bool {
    matches!(
        event.kind,
        MouseEventKind::Down(MouseButton::Left) | MouseEventKind::ScrollUp | MouseEventKind::ScrollDown
    )
}

/// The message of a mouse event on the dashboard as drawn for `model` (whose `screen` is the
/// terminal's size): `None` off the panes or for an event the loop does not act on.
pub fn to_msg(model: &Model, event: &MouseEvent) -> Option<Msg> {
    let area = Rect::new(0, 0, model.screen.0, model.screen.1);
    let target = || crate::ui::hit(model, area, event.column, event.row);
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => target().map(Msg::Clicked),
        MouseEventKind::ScrollUp => target().map(|target| Msg::Scrolled { target, lines: -1 }),
        MouseEventKind::ScrollDown => target().map(|target| Msg::Scrolled { target, lines: 1 }),
        _ => None,
    }
}
