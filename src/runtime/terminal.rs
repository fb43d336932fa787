//! The terminal the dashboard owns: taken with a fixed viewport, restored (mouse released) by
//! a guard on every way out, and written between frames for what effects ask (bell, notifications).

use ratatui::DefaultTerminal;

use super::driver::Driver;
use super::mouse;

/// The full-screen terminal with a fixed viewport: resized on the terminal's resize events, so
/// a frame does not ask the terminal for its size (ratatui's full-screen viewport opens
/// `/dev/tty` for an ioctl on every draw).
pub(super) fn init_terminal() -> std::io::Result<DefaultTerminal> {
    let (width, height) = crossterm::terminal::size()?;
    let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, width, height));
    Ok(ratatui::init_with_options(ratatui::TerminalOptions { viewport }))
}

/// Restores the terminal when dropped, so an early return still leaves it usable.
pub(super) struct RestoreGuard;

impl Drop for RestoreGuard {
    fn drop(&mut self) {
        mouse::release();
        ratatui::restore();
    }
}

/// Writes what the effects asked for (the bell, desktop notifications) to the terminal, between
/// frames; none of it moves the cursor or changes a cell.
pub(super) fn write_terminal_bytes(
    terminal: &mut DefaultTerminal,
    executor: &mut impl Driver,
) -> std::io::Result<()> {
    use std::io::Write;
    let bytes = executor.take_terminal_bytes();
    if bytes.is_empty() {
        return Ok(());
    }
    let out = terminal.backend_mut();
    out.write_all(&bytes)?;
    out.flush()
}
