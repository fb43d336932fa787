//! One line of every kind, for the tests.

use chrono::{DateTime, Duration, Utc};

use super::format::{Entry, FeedState, Json, OrderAction, OrderLine, Outcome, Recorded, RestKind};
use crate::app::FeedKind;
use crate::domain::{Granularity, ProductId};

/// The fixture `name` under tests/fixtures.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).expect(&path)
}

fn json(text: &str) -> Json {
    Json::parse(text).expect("json")
}

/// The `n`th microsecond after 19:00 on the day of the recording.
pub fn at(n: i64) -> DateTime<Utc> {
    let start: DateTime<Utc> = "2026-12-04T19:00:00.123456Z".parse().expect("time");
    start + Duration::microseconds(n)
}

fn btc() -> ProductId {
    ProductId("BTC-USD".into())
}

fn entries() -> Vec<Entry> {
    let (market, user) = (FeedKind::Market, FeedKind::User);
    let l2 = fixture("ws/l2_update.json").replace('\n', " ");
    let states = [
        FeedState::Connecting { attempt: 2 },
        FeedState::Connected,
        FeedState::Disconnected { reason: "idle for 10s".into(), retry_in_ms: 750 },
        FeedState::Gap { expected: 7, got: 9 },
        FeedState::Failed { reason: "gave up".into() },
    ];
    let mut all = vec![
        Entry::Ws { feed: market, msg: json(&l2) },
        Entry::Ws { feed: user, msg: json(&fixture("ws/user_update.json").replace('\n', " ")) },
    ];
    all.extend(states.into_iter().map(|state| Entry::State { feed: user, state }));
    let rest = [
        (RestKind::Products, r#"{"products":[],"num_products":0}"#),
        (RestKind::Accounts, r#"{"accounts":[],"has_next":false,"cursor":""}"#),
        (RestKind::OpenOrders, r#"{"orders":[],"has_next":false,"cursor":""}"#),
        (RestKind::History, r#"{"orders":[],"has_next":false,"cursor":""}"#),
        (RestKind::Fills, r#"{"fills":[],"cursor":""}"#),
        (RestKind::Fees, r#"{"total_volume":"0","total_fees":"0"}"#),
        (RestKind::Candles { product: btc(), granularity: Granularity::OneMinute }, r#"{"candles":[]}"#),
        (RestKind::Trades { product: btc() }, r#"{"trades":[]}"#),
    ];
    all.extend(rest.into_iter().map(|(kind, body)| Entry::Rest { kind, body: json(body) }));
    all.extend(orders());
    all
}

fn orders() -> Vec<Entry> {
    let place = r#"{"client_order_id":"c1","product_id":"BTC-USD","side":"BUY","order_configuration":{"limit_limit_gtc":{"base_size":"0.01","limit_price":"100.00","post_only":false}}}"#;
    let requests = [
        (OrderAction::Place, place),
        (OrderAction::Cancel, r#"{"order_ids":["o1","o2"]}"#),
        (OrderAction::Edit, r#"{"order_id":"o1","price":"101.00","size":"0.02"}"#),
    ];
    let mut all: Vec<Entry> = requests
        .into_iter()
        .map(|(action, body)| Entry::Order(OrderLine::Request { action, body: json(body) }))
        .collect();
    all.push(Entry::Order(OrderLine::Answer {
        of: OrderAction::Place,
        client_order_id: "c1".into(),
        result: Outcome::Accepted,
        detail: "order id o1".into(),
    }));
    all
}

/// One line of every kind (every feed state, every REST kind, every order action), a
/// microsecond apart.
pub fn every_kind() -> Vec<Recorded> {
    entries().into_iter().enumerate().map(|(i, entry)| Recorded { at: at(i as i64), entry }).collect()
}
