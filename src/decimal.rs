//! Decimal parsing and the string (de)serialisation Coinbase uses for every amount.
//!
//! Two grammars live here. [`parse_user`] is the strict one for anything a person types (R-IN1):
//! ASCII digits with at most one dot, no sign, exponent, separator or whitespace. The serde
//! modules accept what Coinbase sends: decimal strings, possibly negative (24 h changes), and
//! empty strings for "not applicable" in the `opt` variants. Nothing here goes through `f64`.

use std::str::FromStr;

use rust_decimal::Decimal;

/// Longest amount a person may type (R-IN1).
pub const MAX_INPUT_LEN: usize = 40;
const MAX_INT_DIGITS: usize = 20;
const MAX_FRAC_DIGITS: usize = 18;

/// Why a typed amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Nothing was typed.
    #[error("is empty")]
    Empty,
    /// Longer than [`MAX_INPUT_LEN`] characters.
    #[error("is longer than {MAX_INPUT_LEN} characters")]
    TooLong,
    /// A character outside `0-9` and `.`, such as a sign, exponent, comma or space.
    #[error("may contain only the digits 0-9 and one '.', found {0:?}")]
    BadChar(char),
    /// More than one dot, or a dot with no digits on one side (`.5`, `5.`).
    #[error("must look like 123 or 123.45")]
    Shape,
    /// More than 20 digits before the dot or 18 after it.
    #[error("has too many digits (at most {MAX_INT_DIGITS} before the '.' and {MAX_FRAC_DIGITS} after)")]
    TooManyDigits,
    /// The value is zero; amounts must be positive.
    #[error("must be greater than zero")]
    NotPositive,
}

/// Parses an amount typed by a person: `^[0-9]{1,20}(\.[0-9]{1,18})?$`, value above zero.
///
/// The typed precision is kept (`"58479.20"` keeps its scale of 2), so the string sent to
/// Coinbase is the string the user typed.
pub fn parse_user(text: &str) -> Result<Decimal, InputError> {
    if text.is_empty() {
        return Err(InputError::Empty);
    }
    if text.chars().count() > MAX_INPUT_LEN {
        return Err(InputError::TooLong);
    }
    if let Some(bad) = text.chars().find(|c| !c.is_ascii_digit() && *c != '.') {
        return Err(InputError::BadChar(bad));
    }
    let mut parts = text.split('.');
    let int = parts.next().unwrap_or_default();
    let frac = parts.next();
    if parts.next().is_some() || int.is_empty() || frac.is_some_and(str::is_empty) {
        return Err(InputError::Shape);
    }
    if int.len() > MAX_INT_DIGITS || frac.is_some_and(|f| f.len() > MAX_FRAC_DIGITS) {
        return Err(InputError::TooManyDigits);
    }
    let value = Decimal::from_str_exact(text).map_err(|_| InputError::TooManyDigits)?;
    if value.is_zero() {
        return Err(InputError::NotPositive);
    }
    Ok(value)
}

/// Parses a decimal string from the wire: optional leading `-`, digits, optional fraction.
///
/// Exponents, underscores and anything that would round are refused.
pub fn parse_wire(text: &str) -> Result<Decimal, String> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let ok_chars = body.chars().all(|c| c.is_ascii_digit() || c == '.');
    let dots = body.matches('.').count();
    if body.is_empty() || !ok_chars || dots > 1 || body.starts_with('.') || body.ends_with('.') {
        return Err(format!("not a decimal string: {}", trim_for_error(text)));
    }
    Decimal::from_str_exact(text).map_err(|e| format!("{e}: {}", trim_for_error(text)))
}

/// Formats a decimal the way Coinbase expects: plain digits, no exponent, no trailing zeros
/// beyond what the value carries.
pub fn to_wire(value: &Decimal) -> String {
    value.to_string()
}

fn trim_for_error(text: &str) -> String {
    text.chars().take(40).collect()
}

/// Serde for `Decimal` as a JSON string, the form Coinbase uses for every amount.
///
/// A JSON number is refused: the decimal would already have passed through `f64`.
pub mod str {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the decimal as a plain string.
    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_wire(value))
    }

    /// Reads a decimal from a string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        parse_wire(&text).map_err(serde::de::Error::custom)
    }
}

/// Serde for `Option<Decimal>` as a string, where `""`, `null` or a missing field mean `None`.
///
/// Use with `#[serde(default, with = "crate::decimal::opt")]`.
pub mod opt {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `Some` as a string and `None` as `null`.
    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_str(&to_wire(v)),
            None => s.serialize_none(),
        }
    }

    /// Reads an optional decimal string; empty means absent.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        let text = Option::<std::borrow::Cow<'de, str>>::deserialize(d)?;
        match text.as_deref() {
            None | Some("") => Ok(None),
            Some(t) => parse_wire(t).map(Some).map_err(serde::de::Error::custom),
        }
    }
}

/// Serde for a `Decimal` that Coinbase sends as a JSON number in a few summary fields
/// (`transaction_summary.total_fees`). The number is read through its literal text, never `f64`.
pub mod num {
    use super::*;
    use serde::{Deserialize, Deserializer};

    /// Reads a JSON number or a string into a decimal.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        let text = match &value {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => return Ok(Decimal::ZERO),
            other => return Err(serde::de::Error::custom(format!("not a number: {other}"))),
        };
        Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_grammar_rejects_the_t_in1_table() {
        let long = "1".repeat(41);
        let bad = [
            "",
            " 1",
            "1 ",
            "-1",
            "+1",
            "0",
            "0.0",
            "1e3",
            "1_000",
            "1,5",
            "١٢",
            "NaN",
            "inf",
            "0x10",
            "99999999999999999999999.1",
            "0.1234567890123456789",
            &long,
            ".",
            "1.",
            ".5",
        ];
        for text in bad {
            assert!(parse_user(text).is_err(), "{text:?} should be rejected");
        }
    }

    #[test]
    fn user_grammar_keeps_typed_precision() {
        assert_eq!(parse_user("58479.20").map(|d| d.to_string()), Ok("58479.20".into()));
        assert_eq!(parse_user("0.00010000").map(|d| d.to_string()), Ok("0.00010000".into()));
    }

    #[test]
    fn wire_strings_round_trip_without_floats() {
        #[derive(serde::Serialize, serde::Deserialize)]
        struct T {
            #[serde(with = "crate::decimal::str")]
            a: Decimal,
            #[serde(default, with = "crate::decimal::opt")]
            b: Option<Decimal>,
        }
        let t: T = serde_json::from_str(r#"{"a":"0.10000000","b":""}"#).expect("decode");
        assert_eq!(t.a.to_string(), "0.10000000");
        assert!(t.b.is_none());
        assert_eq!(serde_json::to_string(&t).expect("encode"), r#"{"a":"0.10000000","b":null}"#);
        assert!(serde_json::from_str::<T>(r#"{"a":0.1}"#).is_err());
        assert!(serde_json::from_str::<T>(r#"{"a":"1e3"}"#).is_err());
    }
}
