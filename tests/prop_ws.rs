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
use serde_json::{Map, Value, json};

mod support;

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

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn matches(path: &[Seg], pattern: &str) -> bool {
    let parts: Vec<&str> = pattern.split('/').skip(1).collect();
    parts.len() == path.len()
        && parts.iter().zip(path).all(|(p, s)| match s {
            Seg::Key(k) => p == k,
            Seg::Index(_) => *p == "*",
        })
}

fn paths(value: &Value, here: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(here.clone());
    let children: Vec<(Seg, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (Seg::Key(k.clone()), v)).collect(),
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (Seg::Index(i), v)).collect(),
        _ => Vec::new(),
    };
    for (seg, child) in children {
        here.push(seg);
        paths(child, here, out);
        here.pop();
    }
}

fn at_mut<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()),
        Seg::Index(i) => v.get_mut(*i),
    })
}

/// What to do to the message.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the value at path number `.0` (of all paths, modulo) with JSON.
    Replace(usize, Value),
    /// Replace it with raw JSON text (numbers no f64 holds, deep nesting).
    Splice(usize, String),
    /// Remove the field at that path (when it is an object member).
    Remove(usize),
    /// Cut the text at this fraction (per mille) of its length.
    Truncate(u16),
    /// Insert a control character at this fraction of the text.
    Control(u16, char),
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        any::<f64>().prop_map(|f| json!(f)),
        any::<String>().prop_map(Value::String),
        "[-]?[0-9]{0,30}(\\.[0-9]{0,30})?(e[0-9]{1,3})?".prop_map(Value::String),
        prop::sample::select(vec![
            "", "snapshot", "update", "bid", "offer", "BUY", "SELL", "FILLED", "OPEN", "BTC-USD", "0"
        ])
        .prop_map(|s| Value::String(s.into())),
        "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}]{1,8}".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z_]{1,12}", inner), 0..4)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn raw_text() -> impl Strategy<Value = String> {
    let depth = 1usize..400;
    prop_oneof![
        Just("1e400".to_string()),
        Just("-1e400".to_string()),
        Just("18446744073709551616".to_string()),
        Just("-9223372036854775809".to_string()),
        Just("123456789012345678901234567890.123456789".to_string()),
        Just("0.0000000000000000000000000000001".to_string()),
        Just("-0".to_string()),
        Just("\"\\ud800\"".to_string()),
        Just("\"\\u0000\\u001b[2J\\u009b\"".to_string()),
        depth.clone().prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n))),
        depth.prop_map(|n| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n))),
        "[0-9]{20,60}".prop_map(|digits| digits),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<usize>(), json_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        2 => (any::<usize>(), raw_text()).prop_map(|(i, t)| Mutation::Splice(i, t)),
        2 => any::<usize>().prop_map(Mutation::Remove),
        1 => (0u16..1000).prop_map(Mutation::Truncate),
        1 => (0u16..1000, prop::char::range('\0', '\u{1f}')).prop_map(|(at, c)| Mutation::Control(at, c)),
    ]
}

const SPLICE: &str = "__splice_here__";

/// The text after the mutations, the channel its JSON now names, and the JSON paths changed
/// with what they became (`None` when removed; `null` for a raw splice or an array replaced by
/// an array, which are not judged), for the oracle.
struct Mutated {
    text: String,
    channel: String,
    changed: Vec<(Vec<Seg>, Option<Value>)>,
}

/// Applies the mutations in turn.
fn mutate(original: &str, mutations: &[Mutation]) -> Mutated {
    let fixture: Value = serde_json::from_str(original).expect("fixture is JSON");
    let mut value = fixture.clone();
    let mut changed = Vec::new();
    let mut splices = Vec::new();
    let mut cuts = Vec::new();
    for m in mutations {
        let mut all = Vec::new();
        paths(&value, &mut Vec::new(), &mut all);
        let pick = |i: &usize| all[i % all.len()].clone();
        match m {
            Mutation::Replace(i, new) => {
                let path = pick(i);
                if let Some(slot) = at_mut(&mut value, &path) {
                    // An array where the fixture has one is the right type: not judged.
                    let was_array = at_mut(&mut fixture.clone(), &path).is_some_and(|v| v.is_array());
                    let judged = if was_array && new.is_array() { Value::Null } else { new.clone() };
                    *slot = new.clone();
                    changed.push((path, Some(judged)));
                }
            }
            Mutation::Splice(i, raw) => {
                let path = pick(i);
                if let Some(slot) = at_mut(&mut value, &path) {
                    *slot = Value::String(format!("{SPLICE}{}", splices.len()));
                    splices.push(raw.clone());
                    changed.push((path, Some(Value::Null)));
                }
            }
            Mutation::Remove(i) => {
                let path = pick(i);
                if let Some((Seg::Key(key), parent)) = path.split_last()
                    && let Some(Value::Object(map)) = at_mut(&mut value, parent)
                {
                    map.remove(key);
                    changed.push((path, None));
                }
            }
            Mutation::Truncate(_) | Mutation::Control(..) => cuts.push(m.clone()),
        }
    }
    let channel = channel_of(&value);
    let mut text = serde_json::to_string(&value).expect("encode");
    for (n, raw) in splices.iter().enumerate() {
        text = text.replace(&format!("\"{SPLICE}{n}\""), raw);
    }
    for cut in cuts {
        let at = |per_mille: u16| {
            let mut i = text.len() * usize::from(per_mille) / 1000;
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        match cut {
            Mutation::Truncate(p) => text.truncate(at(p)),
            Mutation::Control(p, c) => text.insert(at(p), c),
            _ => {}
        }
    }
    Mutated { text, channel, changed }
}

/// Whether a change at `path` to `new` must make a message of `channel` an error.
fn must_fail(channel: &str, path: &[Seg], new: Option<&Value>) -> bool {
    let required = required(channel).iter().any(|p| matches(path, p));
    let wrong_type = match new {
        None => true,
        Some(Value::Bool(_)) | Some(Value::Object(_)) => true,
        Some(Value::Array(items)) => !items.is_empty(),
        _ => false,
    };
    let bad_decimal = matches!(new, Some(Value::String(s)) if parse_wire(s).is_err())
        && required_decimal(channel).iter().any(|p| matches(path, p));
    (required && wrong_type) || bad_decimal
}

/// A change at a path that still exists after later changes (a later change above it may have
/// replaced it); only those are judged.
fn still_there(changed: &[(Vec<Seg>, Option<Value>)], index: usize) -> bool {
    let path = &changed[index].0;
    !changed[index + 1..].iter().any(|(later, _)| path.starts_with(later))
}

fn channel_of(value: &Value) -> String {
    if value.get("type").and_then(Value::as_str) == Some("error") {
        return "error".into();
    }
    value["channel"].as_str().unwrap_or_default().to_string()
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

/// Leaves of a fixture (the values a feed could get wrong one at a time), as path numbers.
fn leaf_paths(text: &str) -> Vec<usize> {
    let value: Value = serde_json::from_str(text).expect("fixture is JSON");
    let mut all = Vec::new();
    paths(&value, &mut Vec::new(), &mut all);
    let is_leaf = |path: &Vec<Seg>| {
        let mut v = value.clone();
        at_mut(&mut v, path).is_some_and(|v| !v.is_array() && !v.is_object())
    };
    (0..all.len()).filter(|i| is_leaf(&all[*i])).collect()
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
