//! The review card's estimates (issue 12, items 2 and 3): opening the card, from the ticket
//! or the palette, asks the exchange's preview of exactly the order on the card; its answer
//! is shown whole, beside a walk of the live book; a failed preview is shown as unavailable
//! and never blocks; dry-run stops every order at the preview.

use std::time::Duration;

use cbterm::app::model::Overlay;
use cbterm::app::model::on_preview::{BookEstimate, Fate};
use cbterm::app::model::ticket::PreviewState;
use cbterm::app::{Action, Effect, Mode, Model, Msg};
use cbterm::book::Walk;
use cbterm::coinbase::{parse, wire};
use cbterm::domain::{BookSide, EventKind, LimitGtc, NewOrder, OrderConfig, OrderPreview, Side, Size};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod support;

use support::{book, dec, id, level, market_msg, type_text};

/// BTC-USD with bids 49990.00 × 0.3, 49980.00 × 0.2, 49970.00 × 1 and an ask 50010.00 × 1;
/// 1000 USD and 1 BTC; fees maker 0.4 %, taker 0.6 %.
fn model() -> Model {
    let mut m = support::btc_model(1);
    m.update(Msg::FeesLoaded(Some(support::fee_tier())));
    let levels = vec![
        level(BookSide::Bid, "49990.00", "0.3"),
        level(BookSide::Bid, "49980.00", "0.2"),
        level(BookSide::Bid, "49970.00", "1"),
        level(BookSide::Ask, "50010.00", "1"),
    ];
    let now = m.now;
    m.update(market_msg(book("BTC-USD", EventKind::Snapshot, levels), now));
    m
}

fn act(m: &mut Model, action: Action) -> Vec<Effect> {
    m.update(Msg::Action(action))
}

fn later(m: &mut Model, ms: u64) {
    let (now, wall) = (m.now + Duration::from_millis(ms), m.wall);
    m.update(Msg::Tick { now, wall });
}

/// SELL 0.6 BTC-USD at a limit of 49980.00, GTC.
fn config() -> OrderConfig {
    OrderConfig::LimitGtc(LimitGtc { base_size: dec("0.6"), limit_price: dec("49980.00"), post_only: false })
}

/// Opens a sell ticket for 0.6 at 49980.00 and reviews it; returns the effects of Enter.
fn review_sell(m: &mut Model) -> Vec<Effect> {
    act(m, Action::OpenSellTicket);
    type_text(m, "49980.00");
    act(m, Action::NextField);
    type_text(m, "0.6");
    act(m, Action::Review)
}

fn card_order(m: &Model) -> NewOrder {
    let t = m.ticket().expect("ticket");
    NewOrder {
        client_order_id: t.client_order_id.clone(),
        product_id: id("BTC-USD"),
        side: Side::Sell,
        config: config(),
    }
}

fn screen(m: &Model) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, m)).expect("draw");
    terminal.backend().to_string()
}

/// The simulator's own estimate of that sell (its rules, worked out): 0.3 at 49990.00 and 0.2
/// at 49980.00 take liquidity (24993.00, taker fee 149.958); 0.1 rests at 49980.00 (4998.00,
/// maker fee 19.992). Value 29991.00, fees 169.95, received 29821.05, average 49985.00;
/// the taken part averages 49986.00, 4.00 below the touch: slippage 0.00008.
fn answer() -> OrderPreview {
    OrderPreview {
        average_price: Some(dec("49985.00")),
        fees: Some(dec("169.95")),
        total: Some(dec("29821.05")),
        base_size: Some(dec("0.6")),
        slippage: Some(dec("0.00008")),
        errors: vec![],
        warnings: vec![],
    }
}

#[test]
fn opening_the_card_asks_the_exchange_for_a_preview_of_exactly_that_order() {
    let mut m = model();
    let effects = review_sell(&mut m);
    assert_eq!(m.mode(), Mode::Review);
    assert_eq!(effects, vec![Effect::PreviewOrder(card_order(&m))]);
    assert_eq!(m.ticket().expect("ticket").preview, PreviewState::Pending);
    assert!(screen(&m).contains("Exchange      asking Coinbase for its preview…"), "{}", screen(&m));

    let mut by_palette = model();
    act(&mut by_palette, Action::OpenPalette);
    type_text(&mut by_palette, "sell 0.6 BTC-USD @ 49980.00");
    let effects = act(&mut by_palette, Action::RunCommand);
    assert_eq!(by_palette.mode(), Mode::Review);
    assert_eq!(effects, vec![Effect::PreviewOrder(card_order(&by_palette))], "the palette's card asks too");
}

#[test]
fn the_answer_shows_the_whole_preview_and_a_stale_answer_is_ignored() {
    let mut m = model();
    review_sell(&mut m);
    let order = card_order(&m);
    let other = NewOrder {
        config: OrderConfig::LimitGtc(LimitGtc {
            base_size: dec("0.5"),
            limit_price: dec("49980.00"),
            post_only: false,
        }),
        ..order.clone()
    };
    m.update(Msg::OrderPreviewed { order: other, preview: Ok(OrderPreview::default()) });
    assert_eq!(m.ticket().expect("ticket").preview, PreviewState::Pending, "an answer for another order");

    assert!(m.update(Msg::OrderPreviewed { order, preview: Ok(answer()) }).is_empty());
    assert_eq!(m.ticket().expect("ticket").preview, PreviewState::Ready(Box::new(answer())));
    let s = screen(&m);
    assert!(
        s.contains("Exchange      avg 49985.00 · fees 169.95 USD · total 29821.05 USD · slippage 0.01%"),
        "{s}"
    );
}

#[test]
fn the_book_walk_fills_what_crosses_and_rests_the_rest() {
    let mut m = model();
    review_sell(&mut m);
    let t = m.ticket().expect("ticket").clone();
    // Takes 0.3 × 49990.00 + 0.2 × 49980.00 = 24993.00 for 0.5 (average 49986.00); the bid at
    // 49970.00 is below the limit, so 0.1 of the 0.6 rests at 49980.00.
    let expected = BookEstimate {
        walk: Walk { taken: dec("0.5"), value: dec("24993.00"), left: Size::Base(dec("0.1")) },
        fate: Fate::TakesAndRests,
        limit: Some(dec("49980.00")),
    };
    assert_eq!(m.book_estimate(&t, &config()), Some(expected));
    let s = screen(&m);
    assert!(s.contains("Book now      fills now: 0.5 at avg 49986.00; rests: 0.1 at 49980.00"), "{s}");
    assert!(s.contains("Outcome       takes liquidity now, then rests 0.1 at 49980.00"), "{s}");
}

#[test]
fn a_failed_preview_is_unavailable_and_y_never_waits_for_it() {
    let mut m = model();
    review_sell(&mut m);
    let order = card_order(&m);
    later(&mut m, 600);
    let mut pending = m.clone();
    assert_eq!(act(&mut pending, Action::Confirm), vec![Effect::PlaceOrder(order.clone())], "no wait");

    m.update(Msg::OrderPreviewed { order: order.clone(), preview: Err("connection refused".into()) });
    assert_eq!(m.ticket().expect("ticket").preview, PreviewState::Unavailable("connection refused".into()));
    let s = screen(&m);
    assert!(s.contains("preview unavailable (connection refused); the order can still be"), "{s}");
    assert_eq!(act(&mut m, Action::Confirm), vec![Effect::PlaceOrder(order)]);
}

#[test]
fn a_preview_error_is_said_in_words_and_the_codes_are_read_in_one_place() {
    let reply: wire::PreviewOrderResponse = serde_json::from_value(serde_json::json!({
        "order_total": "29821.05", "commission_total": "169.95", "errs": ["PREVIEW_INSUFFICIENT_FUND"],
        "warning": [], "base_size": "0.6", "est_average_filled_price": "49985.00", "slippage": "0.00008"
    }))
    .expect("decodes");
    let preview = parse::preview(&reply);
    let refused =
        OrderPreview { errors: vec![parse::rejection("PREVIEW_INSUFFICIENT_FUND", "")], ..answer() };
    assert_eq!(preview, refused);
    let fine = wire::PreviewOrderResponse { errs: vec!["UNKNOWN_PREVIEW_FAILURE_REASON".into()], ..reply };
    assert_eq!(parse::preview(&fine), answer(), "Coinbase's placeholder is not an error");

    let mut m = model();
    review_sell(&mut m);
    let order = card_order(&m);
    m.update(Msg::OrderPreviewed { order: order.clone(), preview: Ok(preview) });
    let s = screen(&m);
    assert!(s.contains("✗ the exchange would refuse it: not enough available balance for this order"), "{s}");
    later(&mut m, 600);
    assert_eq!(act(&mut m, Action::Confirm), vec![Effect::PlaceOrder(order)], "the exchange decides at send");
}

#[test]
fn dry_run_stops_every_order_at_the_preview() {
    let mut m = model();
    m.dry_run = true;
    assert!(screen(&m).contains(" DRY-RUN "), "the status bar says so");
    let effects = review_sell(&mut m);
    assert_eq!(effects, vec![Effect::PreviewOrder(card_order(&m))]);
    later(&mut m, 600);
    assert!(screen(&m).contains("to close (DRY-RUN: nothing is sent)"), "{}", screen(&m));
    assert_eq!(act(&mut m, Action::Confirm), vec![], "nothing is sent");
    assert_eq!(m.overlay, Overlay::None);
    assert!(m.pending_orders.is_empty());
    assert_eq!(m.notice(), Some("dry-run: SELL BTC-USD order not sent (stopped at the preview)"));
}
