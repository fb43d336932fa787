//! The mouse in the pure core (issue 13 item 5): a click focuses the pane under it and selects
//! its row or book level exactly as the keys would (same state, same effects), `b` then opens
//! the ticket at the clicked level; the wheel moves the selection under the pointer and clamps;
//! while an overlay is open the mouse changes nothing.

use cbterm::app::model::book_cursor::BookCursor;
use cbterm::app::model::{Overlay, Pane};
use cbterm::app::{Action, Effect, Model, Msg, Target};
use cbterm::domain::BookSide;

mod support;

use support::dashboard::fixture;
use support::dec;

fn act(m: &mut Model, actions: &[Action]) -> Vec<Effect> {
    actions.iter().flat_map(|a| m.update(Msg::Action(*a))).collect()
}

fn state(m: &Model) -> String {
    format!("{m:?}")
}

fn level(side: BookSide, price: &str) -> Target {
    Target::Level(BookCursor { side, price: dec(price) })
}

#[test]
fn a_click_on_a_pane_focuses_it_and_changes_nothing_else() {
    for pane in Pane::ALL {
        let mut m = fixture();
        let mut want = m.clone();
        want.focus = pane;
        assert_eq!(m.update(Msg::Clicked(Target::Pane(pane))), vec![]);
        assert_eq!(state(&m), state(&want), "{pane:?}");
    }
}

#[test]
fn a_click_on_a_row_selects_it_as_the_keys_would() {
    let base = fixture();
    let mut clicked = base.clone();
    let by_mouse = clicked.update(Msg::Clicked(Target::Row { pane: Pane::Watchlist, index: 2 }));
    let mut keyed = base.clone();
    act(&mut keyed, &[Action::SelectDown]);
    let by_keys = act(&mut keyed, &[Action::SelectDown]);
    assert_eq!((clicked.selected, &by_mouse), (2, &by_keys), "the third product's loads");
    assert!(!by_keys.is_empty());
    assert_eq!(state(&clicked), state(&keyed));

    let mut clicked = base.clone();
    clicked.update(Msg::Clicked(Target::Row { pane: Pane::Orders, index: 1 }));
    let mut keyed = base.clone();
    keyed.focus = Pane::Orders;
    act(&mut keyed, &[Action::SelectDown]);
    assert_eq!((clicked.focus, clicked.account.selected), (Pane::Orders, 1));
    assert_eq!(state(&clicked), state(&keyed));

    let mut past_the_end = fixture();
    let mut want = past_the_end.clone();
    want.focus = Pane::Orders;
    past_the_end.update(Msg::Clicked(Target::Row { pane: Pane::Orders, index: 3 }));
    assert_eq!(state(&past_the_end), state(&want), "a row past the list selects nothing");
}

/// On the History tab a click selects a done order as `j` would.
#[test]
fn a_click_on_an_order_history_row_selects_it() {
    use cbterm::domain::{OrderStatus, Side};
    let done = |id: &str, at: &str| {
        let status = OrderStatus::Cancelled;
        support::limit_order(
            id,
            &format!("c-{id}"),
            "BTC-USD",
            Side::Buy,
            status,
            "49000.00",
            "0.01",
            "0",
            at,
        )
    };
    let mut base = fixture();
    let rows = vec![done("h1", "2026-01-02T03:00:00Z"), done("h2", "2026-01-02T02:00:00Z")];
    base.update(Msg::OrderHistoryLoaded(rows));
    base.focus = Pane::Orders;
    act(&mut base, &[Action::ToggleOrderHistory]);
    assert!(base.account.showing_history());
    base.focus = Pane::Watchlist;
    let mut clicked = base.clone();
    clicked.update(Msg::Clicked(Target::Row { pane: Pane::Orders, index: 1 }));
    let mut keyed = base.clone();
    keyed.focus = Pane::Orders;
    act(&mut keyed, &[Action::SelectDown]);
    assert_eq!(clicked.account.history.selected, 1);
    assert_eq!(state(&clicked), state(&keyed));
    clicked.update(Msg::Clicked(Target::Row { pane: Pane::Orders, index: 2 }));
    assert_eq!(state(&clicked), state(&keyed), "past the end: nothing");
}

#[test]
fn a_click_on_a_book_level_selects_it_and_b_opens_the_ticket_at_its_price() {
    let base = fixture();
    let mut clicked = base.clone();
    assert_eq!(clicked.update(Msg::Clicked(level(BookSide::Bid, "49980.00"))), vec![]);
    assert_eq!(
        (clicked.focus, clicked.book_selection()),
        (Pane::Book, Some((BookSide::Bid, dec("49980.00"))))
    );
    let mut keyed = base.clone();
    keyed.focus = Pane::Book;
    act(&mut keyed, &[Action::SelectDown, Action::SelectDown, Action::SelectDown]);
    assert_eq!(state(&clicked), state(&keyed), "the cursor the keys would put there");

    let by_mouse = act(&mut clicked, &[Action::OpenBuyTicket]);
    let by_keys = act(&mut keyed, &[Action::OpenBuyTicket]);
    assert_eq!(by_mouse, by_keys);
    assert_eq!(clicked.overlay, keyed.overlay, "the whole ticket");
    let ticket = clicked.ticket().expect("a ticket");
    assert_eq!((ticket.side, ticket.price.as_str()), (cbterm::domain::Side::Buy, "49980.00"));

    let mut ask = fixture();
    ask.update(Msg::Clicked(level(BookSide::Ask, "50025.00")));
    act(&mut ask, &[Action::OpenSellTicket]);
    assert_eq!(ask.ticket().map(|t| t.price.as_str()), Some("50025.00"));
}

#[test]
fn a_click_on_a_level_the_book_no_longer_has_keeps_the_cursor() {
    let mut m = fixture();
    m.update(Msg::Clicked(level(BookSide::Ask, "50010.00")));
    let mut want = m.clone();
    m.update(Msg::Clicked(level(BookSide::Ask, "50011.00")));
    want.focus = Pane::Book;
    assert_eq!(state(&m), state(&want));
    assert_eq!(m.book_selection(), Some((BookSide::Ask, dec("50010.00"))));
}

#[test]
fn the_wheel_moves_the_selection_under_the_pointer_and_clamps() {
    let mut m = fixture();
    let wheel = |m: &mut Model, target, lines| m.update(Msg::Scrolled { target, lines });
    wheel(&mut m, Target::Row { pane: Pane::Watchlist, index: 0 }, 1);
    assert_eq!((m.focus, m.selected), (Pane::Watchlist, 1));
    for _ in 0..5 {
        wheel(&mut m, Target::Pane(Pane::Watchlist), 1);
    }
    assert_eq!(m.selected, 3, "clamped at the last of four");
    wheel(&mut m, Target::Pane(Pane::Watchlist), -9);
    assert_eq!(m.selected, 0, "clamped at the first");

    wheel(&mut m, Target::Row { pane: Pane::Orders, index: 0 }, 1);
    wheel(&mut m, Target::Pane(Pane::Orders), 1);
    wheel(&mut m, Target::Pane(Pane::Orders), 1);
    assert_eq!((m.focus, m.account.selected), (Pane::Orders, 2), "clamped at the last of three");
    wheel(&mut m, Target::Pane(Pane::Orders), -1);
    assert_eq!(m.account.selected, 1);

    wheel(&mut m, Target::Pane(Pane::Book), 2);
    assert_eq!((m.focus, m.book_selection()), (Pane::Book, Some((BookSide::Bid, dec("49985.00")))));
    wheel(&mut m, Target::Pane(Pane::Book), -3);
    assert_eq!(m.book_selection(), Some((BookSide::Ask, dec("50015.00"))), "up across the spread");
}

#[test]
fn while_an_overlay_is_open_the_mouse_changes_nothing() {
    let targets = [
        Target::Pane(Pane::Trades),
        Target::Row { pane: Pane::Watchlist, index: 2 },
        level(BookSide::Bid, "49980.00"),
    ];
    let overlays: [&[Action]; 3] = [&[Action::ToggleHelp], &[Action::OpenBuyTicket], &[Action::OpenPalette]];
    for open in overlays {
        let mut m = fixture();
        act(&mut m, open);
        assert_ne!(m.overlay, Overlay::None);
        let before = state(&m);
        for target in targets {
            assert_eq!(m.update(Msg::Clicked(target)), vec![]);
            assert_eq!(m.update(Msg::Scrolled { target, lines: 1 }), vec![]);
        }
        assert_eq!(state(&m), before, "{open:?}");
    }
}
