//! Mutated WebSocket messages never panic the decoder, and a broken required field is a typed
//! error, never a silent default.
//!
//! Every recorded fixture in `tests/fixtures/ws` is mutated (any JSON value replaced by random
//! JSON, raw huge numbers or deep nesting; a field removed; the text truncated or given a
//! control character) and fed through the whole decode path: `WsMessage::parse`, the
//! wire → domain step (`parse::feed_event`) and the model's `update`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use cbterm::app::{FeedKind, Msg};
use cbterm::coinbase::parse;
use cbterm::coinbase::ws::{FeedEvent as WireFeedEvent, ParseError, WsMessage};
use cbterm::decimal::parse_wire;
use cbterm::domain::{FeedEvent, MarketEvent};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{Value, json};
use ws_mutation::{
    Mutated, Mutation, Seg, channel_of, json_leaf, leaf_paths, mutate, mutation, path_matches, paths,
};

mod support;
mod ws_mutation;

macro_rules! fixtures {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("fixtures/ws/", $name, ".json")))),*]
    };
}

const FIXTURES: [(&str, &str); 19] = fixtures![
    "candles",
    "error_auth",
    "error_subscribe",
    "futures_balance_summary",
    "heartbeats",
    "heartbeats_string_counter",
    "l2_snapshot",
    "l2_update",
    "market_trades",
    "status",
    "subscriptions_market",
    "subscriptions_user",
    "ticker",
    "ticker_batch",
    "ticker_batch_empty_strings",
    "ticker_without_best_bid_ask",
    "user_snapshot",
    "user_snapshot_empty",
    "user_update",
];

/// Fields each channel cannot do without (JSON pointers, `*` for any index): removing one or
/// giving it the wrong JSON type must make the message an error.
fn required(channel: &str) -> Vec<String> {
    let each =
        |prefix: &str, fields: &[&str]| fields.iter().map(|f| format!("{prefix}/{f}")).collect::<Vec<_>>();
    if channel == "error" {
        return vec!["/message".into()];
    }
    let known = [
        "heartbeats",
        "ticker",
        "ticker_batch",
        "l2_data",
        "market_trades",
        "candles",
        "status",
        "user",
        "subscriptions",
    ];
    if !known.contains(&channel) {
        return Vec::new();
    }
    let mut out = each("", &["timestamp", "sequence_num", "events"]);
    out.extend(match channel {
        "l2_data" => [
            each("/events/*", &["type", "product_id"]),
            each("/events/*/updates/*", &["side", "price_level", "new_quantity"]),
        ]
        .concat(),
        "market_trades" => {
            each("/events/*/trades/*", &["trade_id", "product_id", "price", "size", "time", "side"])
        }
        "candles" => each("/events/*/candles/*", &["start", "low", "high", "open", "close", "volume"]),
        "user" => each("/events/*/orders/*", &["order_id", "product_id", "order_side", "status"]),
        "heartbeats" => each("/events/*", &["heartbeat_counter"]),
        "status" => each("/events/*/products/*", &["id"]),
        _ => Vec::new(),
    });
    out
}

/// Required fields that hold a decimal string: any string that is not one is an error.
fn required_decimal(channel: &str) -> &'static [&'static str] {
    match channel {
        "l2_data" => &["/events/*/updates/*/price_level", "/events/*/updates/*/new_quantity"],
        "market_trades" => &["/events/*/trades/*/price", "/events/*/trades/*/size"],
        "candles" => &[
            "/events/*/candles/*/low",
            "/events/*/candles/*/high",
            "/events/*/candles/*/open",
            "/events/*/candles/*/close",
            "/events/*/candles/*/volume",
        ],
        _ => &[],
    }
}

/// Whether a change at `path` to `new` must make a message of `channel` an error.
fn must_fail(channel: &str, path: &[Seg], new: Option<&Value>) -> bool {
    let required = required(channel).iter().any(|p| path_matches(path, p));
    let wrong_type = match new {
        None => true,
        Some(Value::Bool(_)) | Some(Value::Object(_)) => true,
        Some(Value::Array(items)) => !items.is_empty(),
        _ => false,
    };
    let bad_decimal = matches!(new, Some(Value::String(s)) if parse_wire(s).is_err())
        && required_decimal(channel).iter().any(|p| path_matches(path, p));
    (required && wrong_type) || bad_decimal
}

/// A change at a path that still exists after later changes (a later change above it may have
/// replaced it); only those are judged.
fn still_there(changed: &[(Vec<Seg>, Option<Value>)], index: usize) -> bool {
    let path = &changed[index].0;
    !changed[index + 1..].iter().any(|(later, _)| path.starts_with(later))
}

/// Every `l2_data` event becomes one book event with one level per update: none is dropped.
fn assert_no_book_event_dropped(text: &str, event: &FeedEvent) -> Result<(), TestCaseError> {
    let value: Value = serde_json::from_str(text).expect("parsed once already");
    let wire_events = value["events"].as_array().cloned().unwrap_or_default();
    let FeedEvent::Market(events) = event else {
        return Err(TestCaseError::fail(format!("l2_data became {event:?}")));
    };
    let books: Vec<_> =
        events.iter().filter_map(|e| if let MarketEvent::Book(b) = e { Some(b) } else { None }).collect();
    prop_assert_eq!(books.len(), wire_events.len(), "an l2_data event was dropped: {}", text);
    for (book, wire) in books.iter().zip(&wire_events) {
        let updates = wire["updates"].as_array().map_or(0, Vec::len);
        prop_assert_eq!(book.levels.len(), updates);
    }
    Ok(())
}

/// Mutates one fixture and sends it through parse, the wire → domain step and the model,
/// judging the changes that must make it a schema error.
fn decode(name: &str, original: &str, mutations: &[Mutation]) -> Result<(), TestCaseError> {
    let original_channel = channel_of(&serde_json::from_str(original).expect("fixture is JSON"));
    let Mutated { text, channel, changed } = mutate(original, mutations);
    let parsed = WsMessage::parse(&text);
    let structural = mutations
        .iter()
        .any(|m| matches!(m, Mutation::Truncate(_) | Mutation::Control(..) | Mutation::Splice(..)));
    if !structural && channel == original_channel {
        for (i, (path, new)) in changed.iter().enumerate() {
            if still_there(&changed, i) && must_fail(&channel, path, new.as_ref()) {
                let schema = matches!(&parsed, Err(ParseError::Schema { channel: c, .. }) if *c == channel);
                prop_assert!(
                    schema,
                    "{}: {:?} -> {:?} should be a {} schema error, got {:?}",
                    name,
                    path,
                    new,
                    channel,
                    parsed
                );
            }
        }
    }
    let Ok(message) = parsed else { return Ok(()) };
    let feed = if matches!(message, WsMessage::User(_)) { FeedKind::User } else { FeedKind::Market };
    let is_book = matches!(message, WsMessage::Level2(_));
    let event = parse::feed_event(WireFeedEvent::Message(message));
    if is_book {
        assert_no_book_event_dropped(&text, &event)?;
    }
    let mut m = support::btc_model(3);
    m.update(Msg::Feed { feed, event, at: Instant::now() });
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 2048, failure_persistence: None, rng_seed: RngSeed::Fixed(0x5EED), ..Config::default() })]

    #[test]
    fn mutated_messages_never_panic_and_broken_required_fields_are_errors(
        fixture in 0..FIXTURES.len(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let (name, original) = FIXTURES[fixture];
        decode(name, original, &mutations)?;
    }
}

proptest! {
    #![proptest_config(Config { cases: 1024, failure_persistence: None, rng_seed: RngSeed::Fixed(0xB00C), ..Config::default() })]

    /// The book channel gets a closer look: one leaf of a level2 message replaced, with near
    /// misses of its words (`Update`, `snapshot `) among the values. Either the message is a
    /// schema error or every event and level in it reaches the book.
    #[test]
    fn a_level2_message_with_one_bad_leaf_is_an_error_or_applied_whole(
        fixture in prop::sample::select(vec!["l2_snapshot", "l2_update"]),
        leaf in any::<prop::sample::Index>(),
        new in prop_oneof![
            json_leaf(),
            prop::sample::select(vec!["Update", "UPDATE", "snapshot ", " update", "replay", "delta", "ask", "Bid"])
                .prop_map(|s| Value::String(s.into())),
        ],
    ) {
        let (name, original) = FIXTURES.iter().find(|(n, _)| *n == fixture).copied().expect("fixture");
        let leaves = leaf_paths(original);
        decode(name, original, &[Mutation::Replace(leaves[leaf.index(leaves.len())], new)])?;
    }
}

/// Exhaustively: every required field of every fixture, removed or given a wrong type (and every
/// required decimal given a string that is not one), makes its message a schema error.
#[test]
fn every_broken_required_field_is_a_schema_error() {
    let mut judged = 0;
    for (name, original) in FIXTURES {
        let fixture: Value = serde_json::from_str(original).expect("fixture is JSON");
        let channel = channel_of(&fixture);
        let mut all = Vec::new();
        paths(&fixture, &mut Vec::new(), &mut all);
        for (i, path) in all.iter().enumerate() {
            let wrong =
                [json!(true), json!({"k": true}), json!([true]), json!("1e3"), json!(""), json!("1,5")];
            let mutations = wrong.into_iter().map(|v| Mutation::Replace(i, v)).chain([Mutation::Remove(i)]);
            for mutation in mutations {
                let new = match &mutation {
                    Mutation::Replace(_, v) => Some(v.clone()),
                    _ => None,
                };
                let is_key = matches!(path.last(), Some(Seg::Key(_)));
                if must_fail(&channel, path, new.as_ref()) && (new.is_some() || is_key) {
                    judged += 1;
                    decode(name, original, &[mutation]).unwrap_or_else(|e| panic!("{e}"));
                }
            }
        }
    }
    assert!(judged > 200, "only {judged} broken fields judged");
}

#[test]
fn every_fixture_decodes_unmutated() {
    for (name, text) in FIXTURES {
        assert!(WsMessage::parse(text).is_ok(), "{name}");
    }
}
