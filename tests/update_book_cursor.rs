//! The book cursor stays on its price level while the book moves; `s`/`b` open the ticket at
//! that price; aggregation selects the level containing it; a level that disappears moves the
//! cursor to the nearest one and says so.

use cbterm::app::model::book_cursor::BookCursor;
use cbterm::app::model::{Pane, Severity, StatusMessage};
use cbterm::app::{Action, Model, Msg};
use cbterm::domain::{BookSide, EventKind, Side};
use support::{book, dec, level, market_msg};

mod support;

const BID: BookSide = BookSide::Bid;
const ASK: BookSide = BookSide::Ask;

fn l2(m: &mut Model, kind: EventKind, levels: &[(BookSide, &str, &str)]) {
    let levels = levels.iter().map(|(side, price, size)| level(*side, price, size)).collect();
    let at = m.now;
    m.update(market_msg(book("BTC-USD", kind, levels), at));
}

fn act(m: &mut Model, action: Action) {
    m.update(Msg::Action(action));
}

fn cursor(side: BookSide, price: &str) -> Option<BookCursor> {
    Some(BookCursor { side, price: dec(price) })
}

/// BTC-USD with bids 49990.00, 49980.00, 49960.00 and asks 50010.00, 50020.00, book focused.
fn model() -> Model {
    let mut m = support::btc_model(2);
    let levels = [
        (BID, "49990.00", "1"),
        (BID, "49980.00", "2"),
        (BID, "49960.00", "3"),
        (ASK, "50010.00", "1"),
        (ASK, "50020.00", "2"),
    ];
    l2(&mut m, EventKind::Snapshot, &levels);
    act(&mut m, Action::FocusNext);
    assert_eq!(m.focus, Pane::Book);
    m
}

#[test]
fn the_cursor_keeps_its_price_when_rows_shift_and_s_opens_the_ticket_there() {
    let mut m = model();
    act(&mut m, Action::SelectDown);
    act(&mut m, Action::SelectDown);
    assert_eq!(m.book_cursor, cursor(BID, "49980.00"));
    // Two better bids arrive: the level moves two rows down the screen, the cursor stays on it.
    l2(&mut m, EventKind::Update, &[(BID, "49995.00", "1"), (BID, "49993.00", "1")]);
    assert_eq!(m.book_cursor, cursor(BID, "49980.00"));
    assert_eq!(m.book_selection(), Some((BID, dec("49980.00"))));
    assert_eq!(m.message, None, "nothing to say: the level is still there");
    act(&mut m, Action::OpenSellTicket);
    let ticket = m.ticket().expect("ticket");
    assert_eq!((ticket.side, ticket.price.as_str()), (Side::Sell, "49980.00"));
}

#[test]
fn j_and_k_move_one_level_across_the_spread() {
    let mut m = model();
    act(&mut m, Action::SelectUp);
    assert_eq!(m.book_cursor, cursor(ASK, "50010.00"), "k from nothing: best ask");
    act(&mut m, Action::SelectUp);
    act(&mut m, Action::SelectUp);
    assert_eq!(m.book_cursor, cursor(ASK, "50020.00"), "no level above the last ask");
    act(&mut m, Action::SelectDown);
    act(&mut m, Action::SelectDown);
    assert_eq!(m.book_cursor, cursor(BID, "49990.00"), "down from the best ask: best bid");
    act(&mut m, Action::SelectDown);
    assert_eq!(m.book_cursor, cursor(BID, "49980.00"));
    act(&mut m, Action::SelectUp);
    act(&mut m, Action::SelectUp);
    assert_eq!(m.book_cursor, cursor(ASK, "50010.00"));
    act(&mut m, Action::OpenBuyTicket);
    assert_eq!(m.ticket().expect("ticket").price, "50010.00");
}

#[test]
fn with_aggregation_the_cursor_selects_the_level_containing_its_price() {
    let mut m = model();
    l2(&mut m, EventKind::Update, &[(BID, "49980.05", "1")]);
    act(&mut m, Action::SelectDown);
    act(&mut m, Action::SelectDown);
    assert_eq!(m.book_cursor, cursor(BID, "49980.05"));
    for _ in 0..3 {
        act(&mut m, Action::WidenTick); // tick 0.10
    }
    assert_eq!(m.book_selection(), Some((BID, dec("49980.00"))), "the 0.10 bucket holding 49980.05");
    assert_eq!(m.book_cursor, cursor(BID, "49980.05"), "the chosen price is kept");
    for _ in 0..3 {
        act(&mut m, Action::NarrowTick);
    }
    assert_eq!(m.book_selection(), Some((BID, dec("49980.05"))));
}

#[test]
fn a_level_that_disappears_moves_the_cursor_to_the_nearest_and_says_so() {
    let mut m = model();
    act(&mut m, Action::SelectDown);
    act(&mut m, Action::SelectDown);
    l2(&mut m, EventKind::Update, &[(BID, "49980.00", "0")]);
    assert_eq!(m.book_cursor, cursor(BID, "49990.00"), "49990 is nearer than 49960");
    let text = "bid level 49980.00 is gone; the book cursor moved to 49990.00";
    let expected = StatusMessage { severity: Severity::Warning, body: text.into(), since: m.now };
    assert_eq!(m.message, Some(expected));
    // An invalid book (reconnect) leaves the cursor alone until the snapshot.
    m.update(market_msg(cbterm::domain::FeedEvent::Connected, m.now));
    assert_eq!(m.book_cursor, cursor(BID, "49990.00"));
    // No bid left at all: the cursor is cleared, with a word.
    l2(&mut m, EventKind::Snapshot, &[(ASK, "50010.00", "1")]);
    assert_eq!(m.book_cursor, None);
    let text = "bid level 49990.00 is gone and no bids are left; book cursor cleared";
    assert_eq!(m.message.map(|s| (s.severity, s.body)), Some((Severity::Warning, text.into())));
}
