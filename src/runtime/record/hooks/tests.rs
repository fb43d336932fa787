use std::time::Instant;

use super::*;
use crate::app::Msg;
use crate::coinbase::{parse, wire};
use crate::domain::{Granularity, ProductId};
use crate::runtime::record::format::Recorded;
use crate::runtime::record::samples::{at, fixture};
use crate::runtime::record::{Replayed, convert};

fn typed<T: serde::de::DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&fixture(name)).expect(name)
}

/// What replay makes of a body recorded as [`Recorder::rest`] writes it.
fn replayed<T: Serialize>(kind: RestKind, body: &T) -> Msg {
    let recorded = Recorded { at: at(0), entry: Entry::Rest { kind, body: Json::of(body).expect("json") } };
    match convert(&recorded, Instant::now()).expect("converts") {
        Replayed::Model(mut msgs) if msgs.len() == 1 => msgs.remove(0),
        other => panic!("{other:?}"),
    }
}

#[test]
fn rest_answers_serialized_back_replay_as_the_executor_reported_them() {
    let products: wire::ProductsResponse = typed("rest/products.json");
    let accounts: wire::AccountsPage = typed("rest/accounts.json");
    let orders: wire::OrdersPage = typed("rest/list_orders_page.json");
    let fills: wire::FillsPage = typed("rest/fills.json");
    let fees: wire::TransactionSummary = typed("rest/transaction_summary_fractional.json");
    let candles: wire::CandlesResponse = typed("rest/candles.json");
    let trades: wire::MarketTradesResponse = typed("rest/market_trades.json");
    let btc = ProductId("BTC-USD".into());
    let cases = [
        (replayed(RestKind::Products, &products), Msg::ProductsLoaded(parse::products(&products.products))),
        (replayed(RestKind::Accounts, &accounts), Msg::AccountsLoaded(parse::balances(&accounts.accounts))),
        (replayed(RestKind::OpenOrders, &orders), Msg::OpenOrdersLoaded(parse::orders(&orders.orders))),
        (replayed(RestKind::History, &orders), Msg::OrderHistoryLoaded(parse::orders(&orders.orders))),
        (replayed(RestKind::Fills, &fills), Msg::FillsLoaded(parse::fills(&fills.fills))),
        (replayed(RestKind::Fees, &fees), Msg::FeesLoaded(parse::fee_tier(&fees))),
        (
            replayed(RestKind::Candles { product: btc.clone(), granularity: Granularity::OneHour }, &candles),
            Msg::CandlesLoaded {
                product: btc.clone(),
                granularity: Granularity::OneHour,
                candles: parse::candles(&candles.candles),
            },
        ),
        (
            replayed(RestKind::Trades { product: btc.clone() }, &trades),
            Msg::TradesLoaded { product: btc, trades: parse::trades(&trades.trades) },
        ),
    ];
    for (got, expected) in cases {
        assert_eq!(got, expected);
    }
    assert!(!products.products.is_empty() && !orders.orders.is_empty() && !fills.fills.is_empty());
    assert!(parse::fee_tier(&fees).is_some() && !candles.candles.is_empty() && !trades.trades.is_empty());
}
