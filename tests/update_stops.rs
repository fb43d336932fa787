//! `update` scenarios for stop-limit tickets: the stop direction is the user's choice (natural
//! by default), so a take-profit sell stop above the market and a buy stop below it can be
//! entered, reviewed and sent; a stop the last trade already meets is refused.

use std::time::Duration;

use cbterm::app::model::ticket::{Field, OrderKind, Stage};
use cbterm::app::{Action, Effect, FeedKind, Mode, Model, Msg};
use cbterm::domain::{
    ClientOrderIds, EventKind, NewOrder, OrderConfig, ProductId, Side, StopDirection, StopLimit,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{dec, id, trade};

mod support;

use support::type_text;

const SEED: u64 = 5;

fn btc() -> ProductId {
    id("BTC-USD")
}

/// BTC-USD with rules, a live book 49990/50010, a last trade at 50000.00, 1000 USD and 1 BTC.
fn model() -> Model {
    let mut m = support::btc_model(SEED);
    let last = trade("1", "BTC-USD", Side::Sell, "50000.00", "0.1", "2026-01-02T03:04:05Z");
    let event = support::trades(EventKind::Update, vec![last]);
    m.update(Msg::Feed { feed: FeedKind::Market, event, at: m.now });
    m
}

fn act(m: &mut Model, action: Action) -> Vec<Effect> {
    m.update(Msg::Action(action))
}

fn field(m: &Model) -> Field {
    m.ticket().expect("ticket").field
}

/// Opens a `side` ticket, picks stop-limit, types limit and stop, flips the direction `flips`
/// times, types the size: each step with the ticket's own keys.
fn stop_ticket(m: &mut Model, side: Side, price: &str, stop: &str, flips: usize, size: &str) {
    act(m, if side == Side::Buy { Action::OpenBuyTicket } else { Action::OpenSellTicket });
    act(m, Action::PrevField);
    assert_eq!(field(m), Field::Kind);
    act(m, Action::ChoiceNext);
    assert_eq!(m.ticket().expect("ticket").kind, OrderKind::StopLimit);
    act(m, Action::NextField);
    type_text(m, price);
    act(m, Action::NextField);
    assert_eq!(field(m), Field::Stop);
    type_text(m, stop);
    act(m, Action::NextField);
    assert_eq!(field(m), Field::Direction);
    (0..flips).for_each(|_| {
        act(m, Action::ChoiceNext);
    });
    act(m, Action::NextField);
    assert_eq!(field(m), Field::Size);
    type_text(m, size);
}

/// Reviews, waits out the arming delay, confirms; returns the one order sent.
fn review_and_send(m: &mut Model) -> NewOrder {
    if m.mode() != Mode::Review {
        let previewed = act(m, Action::Review);
        assert!(matches!(previewed.as_slice(), [Effect::PreviewOrder(_)]), "only a preview: {previewed:?}");
    }
    assert_eq!(m.mode(), Mode::Review, "{:?}", m.ticket_check());
    let (now, wall) = (m.now + Duration::from_millis(600), m.wall);
    m.update(Msg::Tick { now, wall });
    let effects = act(m, Action::Confirm);
    let [Effect::PlaceOrder(order)] = effects.as_slice() else { panic!("one PlaceOrder, got {effects:?}") };
    assert_eq!(m.ticket().expect("ticket").stage, Stage::Sending);
    order.clone()
}

fn render(m: &Model) -> String {
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, m)).expect("draw");
    terminal.backend().to_string()
}

fn expected(side: Side, price: &str, stop: &str, direction: StopDirection) -> NewOrder {
    NewOrder {
        client_order_id: ClientOrderIds::seeded(SEED).next_id(),
        product_id: btc(),
        side,
        config: OrderConfig::StopLimitGtc(StopLimit {
            base_size: dec("0.01"),
            limit_price: dec(price),
            stop_price: dec(stop),
            stop_direction: direction,
            end_time: None,
        }),
    }
}

#[test]
fn a_take_profit_sell_stop_above_the_market_is_entered_reviewed_and_sent() {
    let mut m = model();
    stop_ticket(&mut m, Side::Sell, "51900.00", "52000.00", 1, "0.01");
    assert!(render(&m).contains("Triggers on   ‹ last trade rises to 52000.00 ›"), "{}", render(&m));
    let previewed = act(&mut m, Action::Review);
    assert!(matches!(previewed.as_slice(), [Effect::PreviewOrder(_)]), "only a preview: {previewed:?}");
    assert!(render(&m).contains("triggers when the last trade rises to 52000.00 USD"), "{}", render(&m));
    let order = review_and_send(&mut m);
    assert_eq!(order, expected(Side::Sell, "51900.00", "52000.00", StopDirection::Up));
}

#[test]
fn a_buy_stop_below_the_market_is_entered_reviewed_and_sent() {
    let mut m = model();
    stop_ticket(&mut m, Side::Buy, "48100.00", "48000.00", 1, "0.01");
    let order = review_and_send(&mut m);
    assert_eq!(order, expected(Side::Buy, "48100.00", "48000.00", StopDirection::Down));
}

#[test]
fn the_natural_direction_needs_no_choice() {
    let mut m = model();
    stop_ticket(&mut m, Side::Sell, "48900.00", "49000.00", 0, "0.01");
    assert!(render(&m).contains("‹ last trade falls to 49000.00 ›"));
    let order = review_and_send(&mut m);
    assert_eq!(order, expected(Side::Sell, "48900.00", "49000.00", StopDirection::Down));
}

#[test]
fn a_stop_the_last_trade_already_meets_cannot_be_reviewed() {
    let mut m = model();
    stop_ticket(&mut m, Side::Sell, "49900.00", "49950.00", 1, "0.01");
    let problem = m.ticket_check().expect("check").problem;
    assert_eq!(
        problem.as_deref(),
        Some(
            "stop price 49950.00 would trigger at once: it triggers when the last trade rises to it, and the \
             last trade is already 50000.00"
        )
    );
    act(&mut m, Action::Review);
    assert_eq!(m.mode(), Mode::Ticket, "a refused ticket cannot be reviewed");
    let t = m.ticket().expect("ticket");
    assert_eq!(
        (t.stop_direction, t.effective_stop_direction()),
        (Some(StopDirection::Up), StopDirection::Up)
    );
}

#[test]
fn changing_side_resets_the_direction_to_the_natural_one() {
    let mut m = model();
    stop_ticket(&mut m, Side::Sell, "51900.00", "52000.00", 1, "0.01");
    for _ in 0..5 {
        act(&mut m, Action::PrevField);
    }
    assert_eq!(field(&m), Field::Side);
    act(&mut m, Action::ChoiceNext);
    let t = m.ticket().expect("ticket");
    assert_eq!(
        (t.side, t.stop_direction, t.effective_stop_direction()),
        (Side::Buy, None, StopDirection::Up)
    );
}
