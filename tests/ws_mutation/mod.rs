//! Mutations of JSON messages for the WebSocket property tests: paths into a message, random
//! JSON and raw text to put there, and the mutated text with a record of what changed.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// One step of a path into a JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    /// An object member.
    Key(String),
    /// An array item.
    Index(usize),
}

/// Whether `path` matches a JSON pointer `pattern` in which `*` stands for any array index.
pub fn path_matches(path: &[Seg], pattern: &str) -> bool {
    let parts: Vec<&str> = pattern.split('/').skip(1).collect();
    parts.len() == path.len()
        && parts.iter().zip(path).all(|(p, s)| match s {
            Seg::Key(k) => p == k,
            Seg::Index(_) => *p == "*",
        })
}

/// Every path in `value`, parents before children, the root first.
pub fn paths(value: &Value, here: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
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

/// The value at `path`, if it exists.
pub fn at_mut<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()),
        Seg::Index(i) => v.get_mut(*i),
    })
}

/// What to do to the message.
#[derive(Debug, Clone)]
pub enum Mutation {
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

/// A JSON scalar: null, booleans, extreme numbers, any string, decimal-like strings, the
/// feed's own words, control characters.
pub fn json_leaf() -> impl Strategy<Value = Value> {
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

/// Any JSON value up to three levels deep.
pub fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z_]{1,12}", inner), 0..4)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Raw JSON text no `Value` holds: numbers beyond f64 and u64, lone surrogates, deep nesting.
pub fn raw_text() -> impl Strategy<Value = String> {
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

/// One mutation, most often a replaced value.
pub fn mutation() -> impl Strategy<Value = Mutation> {
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
pub struct Mutated {
    /// The mutated text.
    pub text: String,
    /// The channel it names.
    pub channel: String,
    /// What changed where.
    pub changed: Vec<(Vec<Seg>, Option<Value>)>,
}

/// Applies the mutations in turn.
pub fn mutate(original: &str, mutations: &[Mutation]) -> Mutated {
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

/// Leaves of a fixture (the values a feed could get wrong one at a time), as path numbers.
pub fn leaf_paths(text: &str) -> Vec<usize> {
    let value: Value = serde_json::from_str(text).expect("fixture is JSON");
    let mut all = Vec::new();
    paths(&value, &mut Vec::new(), &mut all);
    let is_leaf = |path: &Vec<Seg>| {
        let mut v = value.clone();
        at_mut(&mut v, path).is_some_and(|v| !v.is_array() && !v.is_object())
    };
    (0..all.len()).filter(|i| is_leaf(&all[*i])).collect()
}

/// The channel a message names (`error` for an error message).
pub fn channel_of(value: &Value) -> String {
    if value.get("type").and_then(Value::as_str) == Some("error") {
        return "error".into();
    }
    value["channel"].as_str().unwrap_or_default().to_string()
}
