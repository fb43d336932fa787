//! Paper trading against a hand-made recording (issue 13, "what it must show"): the lines of
//! tests/fixtures/paper/*.jsonl (Coinbase's message shapes: a `products` REST line, a level2
//! snapshot and updates, market trades) are read by the recording reader, turned into the
//! dashboard's messages by its converter, and shown to the paper venue, which fills orders
//! placed between them.
//!
//! - `marketable.jsonl`: a market buy and a crossing limit sell walk the book level by level
//!   at the recorded fee tier (maker 0.40 %, taker 0.60 %); fills and balances compared whole.
//! - `resting.jsonl`: a limit buy of 1.0 at 100 joins behind 1.5; a level that grows and
//!   shrinks again (cancels, from the back) leaves 1.5 ahead; a trade of 1.0 fills nothing,
//!   the level2 update that follows it (0.5, the size the trade left) changes nothing, 0.7
//!   more at 100 fills 0.2, a trade at 99 fills the rest; the order compared whole at each
//!   step, at the default tier (no fees line: maker 0.50 %).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use cbterm::app::{Effect, Msg};
use cbterm::domain::{
    Balance, Fill, LimitGtc, MarketIoc, NewOrder, OrderConfig, OrderRecord, OrderStatus, OrderType,
    ProductId, Side, Size,
};
use cbterm::paper::{At, PaperBook, PaperVenue};
use cbterm::runtime::record::{RecordReader, Replayed, convert};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn btc() -> ProductId {
    ProductId::parse("BTC-USD").unwrap()
}

fn time(s: &str) -> DateTime<Utc> {
    format!("2026-12-04T19:00:{s}Z").parse().unwrap()
}

/// A recording played into a paper venue up to chosen moments.
struct Replay {
    lines: Vec<(DateTime<Utc>, Vec<Msg>)>,
    next: usize,
    venue: PaperVenue,
}

impl Replay {
    fn open(name: &str) -> Self {
        let path = format!("{}/tests/fixtures/paper/{name}", env!("CARGO_MANIFEST_DIR"));
        let lines = RecordReader::open(std::path::Path::new(&path))
            .unwrap()
            .map(|line| {
                let line = line.unwrap();
                match convert(&line, Instant::now()).unwrap() {
                    Replayed::Model(msgs) => (line.at, msgs),
                    Replayed::Order(order) => panic!("no order lines here: {order:?}"),
                }
            })
            .collect();
        Self { lines, next: 0, venue: PaperVenue::new(PaperBook::starting("USD"), false) }
    }

    /// Shows the venue every line received up to `until` (seconds after 19:00).
    fn play_until(&mut self, until: &str) {
        while let Some((at, msgs)) = self.lines.get(self.next).filter(|(at, _)| *at <= time(until)) {
            for msg in msgs {
                self.venue.observe(msg, At { wall: *at, mono: Instant::now() });
            }
            self.next += 1;
        }
    }

    fn act(&mut self, effect: Effect, at: &str) -> Vec<Msg> {
        self.venue.perform(&effect, At { wall: time(at), mono: Instant::now() }).expect("a paper effect")
    }

    fn place(&mut self, order: NewOrder, at: &str) -> String {
        match self.act(Effect::PlaceOrder(order), at).remove(0) {
            Msg::OrderAccepted { order_id, .. } => order_id,
            other => panic!("{other:?}"),
        }
    }

    fn balances(&mut self) -> Vec<Balance> {
        match self.act(Effect::LoadAccounts, "59").remove(0) {
            Msg::AccountsLoaded(b) => b,
            other => panic!("{other:?}"),
        }
    }

    fn fills(&mut self) -> Vec<Fill> {
        match self.act(Effect::LoadFills, "59").remove(0) {
            Msg::FillsLoaded(f) => f,
            other => panic!("{other:?}"),
        }
    }

    /// Open orders, then done orders.
    fn orders(&mut self) -> Vec<OrderRecord> {
        let mut all = match self.act(Effect::LoadOpenOrders, "59").remove(0) {
            Msg::OpenOrdersLoaded(o) => o,
            other => panic!("{other:?}"),
        };
        match self.act(Effect::LoadOrderHistory, "59").remove(0) {
            Msg::OrderHistoryLoaded(o) => all.extend(o),
            other => panic!("{other:?}"),
        }
        all
    }
}

fn balance(currency: &str, available: &str, hold: &str) -> Balance {
    Balance { currency: currency.into(), available: d(available), hold: d(hold) }
}

fn fill(trade: u32, order_id: &str, side: Side, at: &str, price: &str, size: &str, fee: &str) -> Fill {
    Fill {
        trade_id: format!("00000002-0000-4000-8000-{trade:012x}"),
        order_id: order_id.into(),
        product: btc(),
        side,
        time: time(at),
        price: d(price),
        size: d(size),
        fee: d(fee),
    }
}

#[test]
fn a_marketable_order_fills_at_the_prices_the_book_implied() {
    let mut replay = Replay::open("marketable.jsonl");
    replay.play_until("02");
    let market = OrderConfig::MarketIoc(MarketIoc { quote_size: None, base_size: Some(d("1.2")) });
    let buy = replay.place(
        NewOrder { client_order_id: "m1".into(), product_id: btc(), side: Side::Buy, config: market },
        "03",
    );
    // 0.5 at 100.00 (fee 0.6 % of 50 = 0.3), 0.7 at 100.50 (0.6 % of 70.35 = 0.4221).
    let crossing =
        OrderConfig::LimitGtc(LimitGtc { base_size: d("1.2"), limit_price: d("99.00"), post_only: false });
    let sell = replay.place(
        NewOrder { client_order_id: "m2".into(), product_id: btc(), side: Side::Sell, config: crossing },
        "04",
    );
    // 0.8 at 99.50 (0.6 % of 79.6 = 0.4776), 0.4 at 99.00 (0.6 % of 39.6 = 0.2376).
    assert_eq!(
        replay.fills(),
        vec![
            fill(4, &sell, Side::Sell, "04", "99.00", "0.4", "0.2376"),
            fill(3, &sell, Side::Sell, "04", "99.50", "0.8", "0.4776"),
            fill(2, &buy, Side::Buy, "03", "100.50", "0.7", "0.4221"),
            fill(1, &buy, Side::Buy, "03", "100.00", "0.5", "0.3"),
        ]
    );
    // USD: 10,000 − (120.35 + 0.7221) + (119.20 − 0.7152) = 9,997.4127.
    assert_eq!(replay.balances(), vec![balance("BTC", "0", "0"), balance("USD", "9997.4127", "0")]);
    let statuses: Vec<(OrderStatus, Decimal, Option<Decimal>)> =
        replay.orders().into_iter().map(|o| (o.status, o.filled, o.avg_price)).collect();
    let buy_avg = d("120.35") / d("1.2");
    assert_eq!(
        statuses,
        vec![
            (OrderStatus::Filled, d("1.2"), Some(d("99.3333333333"))),
            (OrderStatus::Filled, d("1.2"), Some(buy_avg.round_dp(10)))
        ]
    );
}

/// The resting buy as the venue lists it.
fn resting(order_id: &str, filled: &str, fees: &str, status: OrderStatus) -> OrderRecord {
    let filled = d(filled);
    OrderRecord {
        order_id: order_id.into(),
        client_order_id: "r1".into(),
        product: btc(),
        side: Side::Buy,
        order_type: OrderType::Limit,
        limit_price: Some(d("100.00")),
        stop_price: None,
        size: Some(Size::Base(d("1.0"))),
        filled,
        avg_price: (!filled.is_zero()).then(|| d("100")),
        fees: d(fees),
        status,
        created: Some(time("03")),
        cancel_pending: false,
    }
}

#[test]
fn a_resting_order_fills_only_after_trades_cross_its_price_and_consume_the_size_ahead() {
    let mut replay = Replay::open("resting.jsonl");
    replay.play_until("02.5");
    let limit =
        OrderConfig::LimitGtc(LimitGtc { base_size: d("1.0"), limit_price: d("100.00"), post_only: false });
    let id = replay.place(
        NewOrder { client_order_id: "r1".into(), product_id: btc(), side: Side::Buy, config: limit },
        "03",
    );
    assert_eq!(
        replay.orders(),
        vec![resting(&id, "0", "0", OrderStatus::Open)],
        "the snapshot's trade is history"
    );
    // Hold: 100 × 1.0 × (1 + 0.9 %), the larger of the default tier's rates.
    assert_eq!(replay.balances(), vec![balance("BTC", "0", "0"), balance("USD", "9899.1", "100.9")]);

    replay.play_until("05");
    assert_eq!(
        replay.orders(),
        vec![resting(&id, "0", "0", OrderStatus::Open)],
        "0.5 joined behind, then left"
    );
    replay.play_until("06.5");
    assert_eq!(
        replay.orders(),
        vec![resting(&id, "0", "0", OrderStatus::Open)],
        "1.0 traded of the 1.5 ahead"
    );
    replay.play_until("07");
    assert_eq!(replay.orders(), vec![resting(&id, "0", "0", OrderStatus::Open)], "0.5 shown after the trade");
    replay.play_until("08.5");
    assert_eq!(
        replay.orders(),
        vec![resting(&id, "0.2", "0.1", OrderStatus::Open)],
        "0.7 more: 0.5 ahead, 0.2 ours"
    );
    replay.play_until("09.5");
    assert_eq!(
        replay.orders(),
        vec![resting(&id, "1.0", "0.5", OrderStatus::Filled)],
        "a trade at 99 is through 100"
    );
    assert_eq!(
        replay.fills(),
        vec![
            fill(4, &id, Side::Buy, "09.0005", "100.00", "0.8", "0.4"),
            fill(3, &id, Side::Buy, "08.0005", "100.00", "0.2", "0.1")
        ]
    );
    // 100 + 0.5 fee paid; the rest of the hold released.
    assert_eq!(replay.balances(), vec![balance("BTC", "1.0", "0"), balance("USD", "9899.5", "0")]);
    replay.play_until("10");
    assert_eq!(replay.orders(), vec![resting(&id, "1.0", "0.5", OrderStatus::Filled)]);
}
