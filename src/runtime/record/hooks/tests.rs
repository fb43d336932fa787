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

/// The entries `record` made `recorder` queue.
fn recorded_by(record: impl FnOnce(&Recorder)) -> Vec<Entry> {
    let (recorder, rx) = Recorder::queue(std::path::Path::new("t.rec"), 16);
    record(&recorder);
    drop(recorder);
    let texts = rx.into_iter().map(|cmd| match cmd {
        crate::runtime::record::writer::Cmd::Line(line) => line,
        crate::runtime::record::writer::Cmd::Finish => panic!("finish"),
    });
    texts
        .map(|line| match crate::runtime::record::lines::parse_line(&line).expect("line") {
            crate::runtime::record::lines::Parsed::Known(r) => r.entry,
            crate::runtime::record::lines::Parsed::Unknown => panic!("{line}"),
        })
        .collect()
}

fn answer(of: OrderAction, client_order_id: &str, result: Outcome, detail: &str) -> Entry {
    let (client_order_id, detail) = (client_order_id.to_string(), detail.to_string());
    Entry::Order(OrderLine::Answer { of, client_order_id, result, detail })
}

#[test]
fn order_answers_are_accepted_rejected_or_unknown() {
    let success =
        CreateSuccess { order_id: "o1".into(), product_id: None, side: None, client_order_id: "c1".into() };
    let rejected = ApiError::Rejected { reason: "INSUFFICIENT_FUND".into(), message: String::new() };
    let timeout = ApiError::Timeout(std::time::Duration::from_secs(10));
    let results = vec![
        CancelResult { success: true, failure_reason: String::new(), order_id: "o1".into() },
        CancelResult { success: false, failure_reason: "UNKNOWN_CANCEL_ORDER".into(), order_id: "o2".into() },
    ];
    let entries = recorded_by(|r| {
        r.placed("c1", &Ok(success));
        r.placed("c2", &Err(rejected.clone()));
        r.edited("o1", &Err(timeout.clone()));
        r.edited("o1", &Ok(()));
        r.cancelled(&Ok(results));
    });
    let expected = [
        answer(OrderAction::Place, "c1", Outcome::Accepted, "order id o1"),
        answer(OrderAction::Place, "c2", Outcome::Rejected, &rejected.to_string()),
        answer(OrderAction::Edit, "", Outcome::Unknown, &timeout.to_string()),
        answer(OrderAction::Edit, "", Outcome::Accepted, "order id o1"),
        answer(OrderAction::Cancel, "", Outcome::Accepted, "o1: ok, o2: UNKNOWN_CANCEL_ORDER"),
    ];
    assert_eq!(entries, expected);
}
