//! The fixed dashboard every full-screen snapshot starts from: four watched products with
//! tickers, BTC-USD's book, tape and candles, open orders, balances and fills; times injected,
//! no clocks, no randomness.

use std::time::{Duration, Instant};

use cbterm::app::keymap::Keymap;
use cbterm::app::{FeedKind, Model, ModelInit, Msg, VenueLabel};
use cbterm::domain::{
    BookSide, Candle, ClientOrderIds, EventKind, FeedEvent, Granularity, OrderStatus, Product, ProductId,
    Side,
};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::{balance, dec, fill, level, limit_order, product_with_stats, rules, ticker, trade};

pub const WALL: &str = "2026-01-02T03:04:05Z";

pub fn wall() -> DateTime<Utc> {
    WALL.parse().expect("fixed time")
}

pub fn ids() -> Vec<ProductId> {
    ["BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD"].iter().map(|p| ProductId(p.to_string())).collect()
}

pub fn product(id: &str, price: &str, tick: &str, lot: &str) -> Product {
    product_with_stats(rules(id, tick, lot, "10000000", "10000000"), price, "1.5", "12345.678")
}

pub fn feed(model: &mut Model, feed: FeedKind, event: FeedEvent, at: Instant) {
    model.update(Msg::Feed { feed, event, at });
}

/// `price` moved by `ticks` of its last decimal place, e.g. `quote("150", 1)` = `"151"`.
pub fn quote(price: &str, ticks: i64) -> String {
    let scale = price.split('.').nth(1).map_or(0, str::len);
    let units: i64 = price.replace('.', "").parse::<i64>().expect("digits") + ticks;
    let text = format!("{:0>width$}", units, width = scale + 1);
    if scale == 0 { text } else { format!("{}.{}", &text[..text.len() - scale], &text[text.len() - scale..]) }
}

/// BTC-USD's book: best bid and ask, and the last trade, a buy at the ask.
pub const BTC_BID: &str = "49990.00";
pub const BTC_ASK: &str = "50010.00";
pub const BTC_LAST: &str = BTC_ASK;

/// Three seconds of tickers wobbling around each product's price; the last one of each has
/// that price, and BTC-USD's has the best bid and ask of its book and its last trade.
pub fn tickers(model: &mut Model, t0: Instant) {
    let bases = [
        ("BTC-USD", 50010i64, 2i64, "1.25"),
        ("ETH-USD", 3000, 1, "-2.10"),
        ("SOL-USD", 150, 1, "0.00"),
        ("DOGE-USD", 0, 0, "3.5"),
    ];
    for i in 0..30u64 {
        let mut events = Vec::new();
        for (id, base, step, pct) in bases {
            let wobble = if i == 29 { 0 } else { ((i * (7 + step as u64 % 5)) % 13) as i64 - 6 };
            let price = if base == 0 {
                format!("0.{:05}", 12000 + wobble * 10)
            } else {
                format!("{}.00", base + wobble * step)
            };
            let (bid, ask) = match id {
                "BTC-USD" if i == 29 => (BTC_BID.to_string(), BTC_ASK.to_string()),
                _ => (quote(&price, -1), quote(&price, 1)),
            };
            events.push(ticker(id, &price, pct, Some("9876.5"), &bid, &ask));
        }
        let at = t0 + Duration::from_millis(100 * i);
        feed(model, FeedKind::Market, super::tickers(events), at);
    }
}

pub fn book(model: &mut Model, at: Instant) {
    let mut updates = Vec::new();
    for k in 0..12 {
        let size = format!("0.{}", 100 + k * 37);
        updates.push(level(BookSide::Ask, &format!("{}.00", 50010 + k * 5), &size));
        updates.push(level(BookSide::Bid, &format!("{}.00", 49990 - k * 5), &size));
    }
    feed(model, FeedKind::Market, super::book("BTC-USD", EventKind::Snapshot, updates), at);
}

/// Twenty trades at the book's best prices (buys lift the ask, sells hit the bid) in the
/// candle of 03:03; the newest is a buy at the ask, the last price.
pub fn trades(model: &mut Model, at: Instant) {
    let trades = (0..20)
        .map(|i| {
            let (taker, price) = if i % 3 == 0 { (Side::Sell, BTC_BID) } else { (Side::Buy, BTC_ASK) };
            let size = format!("0.0{}", i % 9 + 1);
            let time = format!("2026-01-02T03:03:{:02}Z", 30 + i);
            trade(&format!("t{i}"), "BTC-USD", taker, price, &size, &time)
        })
        .collect();
    feed(model, FeedKind::Market, super::trades(EventKind::Snapshot, trades), at);
}

/// Candles shown: one a minute, the last (03:03) holding the trades.
pub const BARS: i64 = 80;
/// Start of the first candle: 80 minutes before 03:04, the minute of the fixed wall time.
pub const FIRST_BAR: i64 = 1_767_322_800 + 4 * 60 - 60 * BARS;

/// The close of candle `i`: a wave around the last price that ends on it.
pub fn close(i: i64) -> Decimal {
    let wave = |i: i64| 40.0 * (i as f64 / 6.0).sin() + 30.0 * (i as f64 / 2.3).sin();
    let cents = ((wave(i) - wave(BARS - 1)) * 100.0).round() as i64;
    dec(BTC_LAST) + Decimal::new(cents, 2)
}

pub fn candles() -> Vec<Candle> {
    (0..BARS)
        .map(|i| {
            let (open, close) = (if i == 0 { close(0) } else { close(i - 1) }, close(i));
            let wick = Decimal::new(500 + (i * 37) % 900, 2);
            let mut low = open.min(close) - wick;
            let mut high = open.max(close) + Decimal::new(300 + (i * 53) % 700, 2);
            if i == BARS - 1 {
                (low, high) = (low.min(dec(BTC_BID)), high.max(dec(BTC_ASK)));
            }
            let volume = Decimal::new(10 + (i * 7) % 9 * 5 + (i * 3) % 10, 1);
            Candle { start: FIRST_BAR + 60 * i, open, high, low, close, volume }
        })
        .collect()
}

/// A resting stop-limit sell of BTC-USD: triggers at 49960.00, sells at 49950.00.
pub fn stop_loss_sell() -> cbterm::domain::OrderRecord {
    let open = OrderStatus::Open;
    let mut order = limit_order(
        "33333333-cccc",
        "c-33333333-cccc",
        "BTC-USD",
        Side::Sell,
        open,
        "49950.00",
        "0.01",
        "0",
        "2026-01-02T03:02:05Z",
    );
    order.order_type = cbterm::domain::OrderType::StopLimit;
    order.stop_price = Some(dec("49960.00"));
    order
}

/// Balances with the holds of the open orders below: the BTC buy holds 490.00 USD and its
/// 0.6 % fee (2.94), the BTC and ETH sells their sizes.
pub fn account(model: &mut Model) {
    let balances = vec![
        balance("USD", "99507.06", "492.94"),
        balance("BTC", "1.49", "0.01"),
        balance("ETH", "9.5", "0.5"),
    ];
    model.update(Msg::AccountsLoaded(balances));
    let open = OrderStatus::Open;
    let orders = vec![
        limit_order(
            "11111111-aaaa",
            "c-11111111-aaaa",
            "BTC-USD",
            Side::Buy,
            open.clone(),
            "49000.00",
            "0.01",
            "0",
            "2026-01-02T03:00:05Z",
        ),
        limit_order(
            "22222222-bbbb",
            "c-22222222-bbbb",
            "ETH-USD",
            Side::Sell,
            open,
            "3200.00",
            "0.5",
            "0",
            "2026-01-02T02:04:05Z",
        ),
        stop_loss_sell(),
    ];
    model.update(Msg::OpenOrdersLoaded(orders));
    let one = |i: u32| {
        let side = if i.is_multiple_of(2) { Side::Buy } else { Side::Sell };
        let at = format!("2026-01-02T02:5{i}:00Z");
        let price = close(i64::from(66 + i)).to_string();
        fill(&format!("f{i}"), "BTC-USD", side, &at, &price, "0.002", "0.60")
    };
    model.update(Msg::FillsLoaded(vec![one(1), one(2), one(3)]));
    model.update(Msg::FeesLoaded(Some(super::fee_tier())));
}

/// The fixed model every snapshot starts from.
pub fn fixture() -> Model {
    let t0 = Instant::now();
    let keymap = Keymap::builtin().expect("keymap");
    let init = ModelInit {
        venue: VenueLabel::Demo,
        keymap,
        watch: ids(),
        has_credentials: true,
        now: t0,
        wall: wall(),
        ids: ClientOrderIds::seeded(1),
    };
    let mut model = Model::new(init);
    let products = vec![
        product("BTC-USD", "50000", "0.01", "0.00000001"),
        product("ETH-USD", "3000", "0.01", "0.0001"),
        product("SOL-USD", "150", "0.01", "0.001"),
        product("DOGE-USD", "0.12", "0.00001", "0.1"),
        product("ADA-USD", "0.5", "0.0001", "1"),
    ];
    model.update(Msg::ProductsLoaded(products));
    feed(&mut model, FeedKind::Market, FeedEvent::Connected, t0);
    feed(&mut model, FeedKind::User, FeedEvent::Connected, t0);
    tickers(&mut model, t0);
    book(&mut model, t0 + Duration::from_millis(2900));
    trades(&mut model, t0 + Duration::from_millis(2950));
    let granularity = Granularity::OneMinute;
    model.update(Msg::CandlesLoaded { product: ids()[0].clone(), granularity, candles: candles() });
    account(&mut model);
    feed(&mut model, FeedKind::User, FeedEvent::Alive, t0 + Duration::from_millis(2000));
    model.update(Msg::Tick { now: t0 + Duration::from_millis(3100), wall: wall() });
    model
}
