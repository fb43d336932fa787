//! Edit and nudge against the simulator (issue 11, item 4): the dashboard's model, driven by
//! keys, sends its effects through the runtime's executor to a simulator on 127.0.0.1. After
//! `+` and `y` the order keeps its id, its price is exactly one tick higher, and the hold grew
//! by that tick on the order's size (plus the hold's fee share); whole records are compared.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use cbterm::app::model::account::OpenOrder;
use cbterm::app::{Action, Effect, Model, ModelInit, Msg, VenueLabel};
use cbterm::coinbase::parse;
use cbterm::coinbase::rest::RestClient;
use cbterm::coinbase::wire::CreateOrderRequest;
use cbterm::domain::{Balance, ClientOrderIds, LimitGtc, OrderConfig, OrderRecord, ProductId, Side};
use common::Venue;
use rust_decimal::Decimal;

/// Performs `effects` as the dashboard's executor does and feeds every answer back into the
/// model, until nothing is left (at most 50 rounds: the test cannot loop forever).
async fn run(m: &mut Model, rest: &RestClient, mut effects: Vec<Effect>) {
    for _ in 0..50 {
        let Some(effect) = effects.pop() else { return };
        if let Some(msg) = cbterm::runtime::execute(rest, None, effect).await {
            effects.extend(m.update(msg));
        }
    }
    panic!("effects still pending after 50 rounds: {effects:?}");
}

/// A model of the simulator's account: products, balances, fee rates and open orders loaded.
async fn model(rest: &RestClient) -> Model {
    let mut m = Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: cbterm::app::keymap::Keymap::builtin().unwrap(),
        watch: vec![btc()],
        has_credentials: true,
        now: std::time::Instant::now(),
        wall: chrono::Utc::now(),
        ids: ClientOrderIds::seeded(7),
    });
    let effects = vec![Effect::LoadProducts, Effect::LoadAccounts, Effect::LoadFees, Effect::LoadOpenOrders];
    for effect in effects {
        let msg = cbterm::runtime::execute(rest, None, effect).await.expect("an answer");
        m.update(msg);
    }
    m
}

fn btc() -> ProductId {
    ProductId::parse("BTC-USD").unwrap()
}

async fn record(rest: &RestClient, id: &str) -> OrderRecord {
    parse::order(&rest.get_order(id).await.unwrap())
}

async fn usd(rest: &RestClient) -> Balance {
    let balances = parse::balances(&rest.accounts().await.unwrap());
    balances.into_iter().find(|b| b.currency == "USD").expect("a USD balance")
}

/// Places a limit buy of 0.001 BTC 3 % under the best bid, resting: its id, price and size.
async fn rest_buy(rest: &RestClient, client_order_id: &str) -> (String, Decimal, Decimal) {
    let book = rest.product_book(&btc(), Some(1)).await.unwrap();
    let price = (book.pricebook.bids[0].price * Decimal::new(97, 2)).floor();
    let size = Decimal::new(1, 3);
    let config = OrderConfig::LimitGtc(LimitGtc { base_size: size, limit_price: price, post_only: false });
    let request = CreateOrderRequest {
        client_order_id: client_order_id.into(),
        product_id: btc(),
        side: Side::Buy,
        order_configuration: config,
    };
    (rest.create_order(&request).await.unwrap().order_id, price, size)
}

#[tokio::test(flavor = "multi_thread")]
async fn nudge_up_moves_the_order_one_tick_keeping_its_id_and_grows_the_hold() {
    let venue = Venue::manual(11).await;
    let rest = venue.rest();
    let (order_id, price, size) = rest_buy(&rest, "edit-1").await;
    let (before, usd_before) = (record(&rest, &order_id).await, usd(&rest).await);

    let mut m = model(&rest).await;
    assert_eq!(m.account.orders, vec![OpenOrder::from(&before)], "the order is selected in Open orders");
    let tick = m.rules[&btc()].price_increment;
    let rate = m.account.fees().expect("fee rates").taker.max(m.account.fees().unwrap().maker);
    assert!(m.update(Msg::Action(Action::NudgeUp)).is_empty());
    let effects = m.update(Msg::Action(Action::Confirm));
    assert_eq!(effects.len(), 1, "one edit: {effects:?}");
    run(&mut m, &rest, effects).await;

    let after = record(&rest, &order_id).await;
    assert_eq!(after, OrderRecord { limit_price: Some(price + tick), ..before.clone() });
    let moved = tick * size * (Decimal::ONE + rate);
    let expected =
        Balance { available: usd_before.available - moved, hold: usd_before.hold + moved, ..usd_before };
    assert_eq!(usd(&rest).await, expected, "the hold follows the new price");
    assert_eq!(m.account.orders, vec![OpenOrder::from(&after)], "Open orders after the reload");
    let text = m.message.as_ref().map(|msg| cbterm::ui::words::problem(&msg.body));
    let short = &order_id[..8];
    assert_eq!(text, Some(format!("edit of {short} accepted: price {}, size {size}", price + tick)));
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_preview_answers_the_estimate_and_the_reasons_in_plain_words() {
    let venue = Venue::manual(12).await;
    let rest = venue.rest();
    let (order_id, price, size) = rest_buy(&rest, "edit-2").await;
    let mut m = model(&rest).await;
    m.update(Msg::Action(Action::EditSelected));
    let effects = m.update(Msg::Action(Action::Review));
    let [Effect::PreviewEdit(edit)] = effects.as_slice() else { panic!("a preview: {effects:?}") };
    assert_eq!((edit.order_id.as_str(), edit.price, edit.size), (order_id.as_str(), price, size));
    let answer = cbterm::runtime::execute(&rest, None, effects[0].clone()).await.expect("an answer");
    let Msg::EditPreviewed { result: Err(refusal), .. } = &answer else { panic!("refused: {answer:?}") };
    assert_eq!(
        cbterm::ui::words::refusal(refusal),
        "the edit changes neither price nor size (EDIT_REQUEST_EQUAL_TO_ORIGINAL_REQUEST)"
    );
    let bigger = cbterm::coinbase::wire::EditOrderRequest { order_id, price, size: size * Decimal::TWO };
    let estimate = parse::edit_estimate(&rest.edit_order_preview(&bigger).await.unwrap());
    let fees = m.account.fees().unwrap();
    let quote = price * size * Decimal::TWO;
    assert_eq!(estimate.quote_size, Some(quote));
    assert_eq!(estimate.base_size, Some(size * Decimal::TWO));
    assert!(
        estimate
            .commission_total
            .is_some_and(|c| c > Decimal::ZERO && c <= quote * fees.taker.max(fees.maker))
    );
}
