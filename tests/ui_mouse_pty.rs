//! The must-show for the mouse (issue 13 item 5): the compiled binary on a PTY against
//! a simulator whose market holds still (manual mode), a book level's price found on the
//! screen, an SGR mouse click on that cell, `b`, and the order ticket at that price. The mouse
//! is captured while the dashboard runs and released at `q`.

mod common;
mod pty;

use portable_pty::CommandBuilder;
use pty::Pty;
use rust_decimal::Decimal;

/// The row and column (0-based) of `needle` on `screen`, counted in cells.
fn find(screen: &str, needle: &str) -> Option<(usize, usize)> {
    screen.lines().enumerate().find_map(|(row, line)| {
        let at = line.find(needle)?;
        Some((row, line[..at].chars().count()))
    })
}

/// The leading price of the line at `row`, from column `col` on (the ladder's price column).
fn price_at(screen: &str, row: usize, col: usize) -> Option<Decimal> {
    let line: String = screen.lines().nth(row)?.chars().skip(col).collect();
    let digits: String = line.trim_start().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    digits.parse().ok()
}

/// The book pane's first ladder row and the column inside its left border, once a price
/// shows three rows under the mid line (a bid level).
fn bid_level(screen: &str) -> Option<(usize, usize, Decimal)> {
    let (top, left) = find(screen, "╭ Book")?;
    let mid = screen.lines().enumerate().skip(top).find(|(_, l)| l.contains("mid · spread"))?.0;
    let row = mid + 3;
    Some((row, left + 1, price_at(screen, row, left + 1)?))
}

#[test]
fn a_click_on_a_book_level_then_b_opens_the_ticket_at_its_price() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let venue = runtime.block_on(common::Venue::manual(31));
    runtime.block_on(venue.step(50));
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    cmd.args(venue.flags());
    let state = tempfile::tempdir().expect("state dir");
    let mut pty = Pty::spawn_in(cmd, state.path());
    let screen = pty.wait_for("a book with bids", |s| s.contains("LIVE") && bid_level(s).is_some());
    assert!(pty.output().windows(pty::MOUSE_ON.len()).any(|w| w == pty::MOUSE_ON), "mouse captured");
    let (row, col, price) = bid_level(&screen).expect("a bid level");
    let (x, y) = (col + 2, row + 1);
    pty.send(&format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"));
    pty.send("b");
    let ticket = pty.wait_for("the ticket", |s| s.contains("Order ticket"));
    let line = ticket.lines().find(|l| l.contains("Limit price")).expect("the price field");
    let shown: Vec<&str> = line.split_whitespace().collect();
    let at = shown.iter().position(|w| *w == "price").expect("label") + 1;
    assert_eq!(shown[at].trim_end_matches('▏'), price.to_string(), "{ticket}");
    assert!(ticket.contains("‹ BUY ›"), "{ticket}");
    pty.send("\x1b");
    pty.wait_for("the ticket closed", |s| !s.contains("Order ticket"));
    pty.send("q");
    let status = pty.finish();
    assert!(status.success(), "exit status {status:?}");
}
