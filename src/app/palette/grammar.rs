//! The palette's parser: words separated by spaces, keywords in any case, amounts through the
//! strict typed-amount grammar ([`parse_user`]), kept exactly as typed.

use std::fmt;

use rust_decimal::Decimal;

use super::command::{Command, OrderCommand, PriceSpec, SizeSpec, WatchChange};
use crate::app::ThemeName;
use crate::app::model::CHART_GRANULARITIES;
use crate::app::model::alerts::{self, Kind};
use crate::decimal::parse_user;
use crate::domain::{ProductId, Side};

const COMMAND: &str = "a command (buy, sell, cancel, chart, theme, watch or alert)";
const SIZE: &str = "a size like 0.01, $250 or 50%";
const PRODUCT: &str = "a product like BTC-USD";
const ORDER_TYPE: &str = "@ PRICE, mkt or stop PRICE limit PRICE";
const LEVEL: &str = "> PRICE, < PRICE or a move like +5%";
const END: &str = "the end of the line";
/// Longest part of a wrong word quoted back in an error.
const QUOTE_MAX: usize = 24;

/// Why a line is not a command: the 1-based word, what was expected there, what was found
/// (`None` past the end of the line) and, for a wrong amount, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based word number.
    pub word: usize,
    /// What the grammar expected at that word.
    pub expected: String,
    /// The word found, `None` when the line ended.
    pub found: Option<String>,
    /// Why the word was refused, when it had the right shape but a wrong value.
    pub why: Option<String>,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "word {}: expected {}, found ", self.word, self.expected)?;
        match &self.found {
            Some(word) if word.chars().count() > QUOTE_MAX => {
                write!(f, "'{}…'", word.chars().take(QUOTE_MAX).collect::<String>())?
            }
            Some(word) => write!(f, "'{word}'")?,
            None => f.write_str("nothing")?,
        }
        match &self.why {
            Some(why) => write!(f, " ({why})"),
            None => Ok(()),
        }
    }
}

/// The words of a line and how far the parser has read.
struct Words<'a> {
    words: Vec<&'a str>,
    pos: usize,
}

impl<'a> Words<'a> {
    /// The next word, or an error saying `expected` was wanted there.
    fn next(&mut self, expected: &str) -> Result<&'a str, ParseError> {
        let word = self.words.get(self.pos).copied();
        self.pos += 1;
        word.ok_or_else(|| self.error(expected, None))
    }

    /// The next word, if any, without taking it.
    fn peek(&self) -> Option<&'a str> {
        self.words.get(self.pos).copied()
    }

    /// An error at the word last taken.
    fn error(&self, expected: &str, why: Option<String>) -> ParseError {
        let found = self.words.get(self.pos.wrapping_sub(1)).map(|w| (*w).to_string());
        ParseError { word: self.pos, expected: expected.to_string(), found, why }
    }

    /// Refuses anything after the command.
    fn end(&mut self, expected: &str) -> Result<(), ParseError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => {
                self.pos += 1;
                Err(self.error(expected, None))
            }
        }
    }

    fn keyword(&mut self, expected: &str) -> Result<String, ParseError> {
        Ok(self.next(expected)?.to_ascii_lowercase())
    }

    fn product(&mut self, expected: &str) -> Result<ProductId, ParseError> {
        let word = self.next(expected)?;
        ProductId::parse(word).map_err(|_| self.error(expected, None))
    }

    fn amount(&mut self, expected: &str, what: &str) -> Result<Decimal, ParseError> {
        let word = self.next(expected)?;
        parse_user(word).map_err(|e| self.error(expected, Some(format!("the {what} {e}"))))
    }
}

/// Parses one palette line.
pub fn parse(line: &str) -> Result<Command, ParseError> {
    let mut w = Words { words: line.split_whitespace().collect(), pos: 0 };
    let command = match w.keyword(COMMAND)?.as_str() {
        "buy" => order(&mut w, Side::Buy)?,
        "sell" => order(&mut w, Side::Sell)?,
        "cancel" => cancel(&mut w)?,
        "chart" => chart(&mut w)?,
        "theme" => theme(&mut w)?,
        "watch" => watch(&mut w)?,
        "alert" => alert(&mut w)?,
        _ => return Err(w.error(COMMAND, None)),
    };
    w.end(END)?;
    Ok(command)
}

fn order(w: &mut Words, side: Side) -> Result<Command, ParseError> {
    let size = size(w)?;
    let product = w.product(PRODUCT)?;
    let price = match w.keyword(ORDER_TYPE)?.as_str() {
        "mkt" | "market" => PriceSpec::Market,
        "@" => {
            let price = w.amount("a limit price like 60000", "price")?;
            let post_only = w.peek().is_some_and(|p| p.eq_ignore_ascii_case("post"));
            if post_only {
                w.pos += 1;
            } else {
                w.end("post or the end of the line")?;
            }
            PriceSpec::Limit { price, post_only }
        }
        "stop" => {
            let stop = w.amount("a stop price like 2400", "stop price")?;
            if w.keyword("limit")? != "limit" {
                return Err(w.error("limit", None));
            }
            PriceSpec::StopLimit { stop, limit: w.amount("a limit price like 2390", "limit price")? }
        }
        _ => return Err(w.error(ORDER_TYPE, None)),
    };
    Ok(Command::Order(OrderCommand { side, size, product, price }))
}

fn size(w: &mut Words) -> Result<SizeSpec, ParseError> {
    let word = w.next(SIZE)?;
    let (body, make): (&str, fn(Decimal) -> SizeSpec) = if let Some(q) = word.strip_prefix('$') {
        (q, SizeSpec::Quote)
    } else if let Some(p) = word.strip_suffix('%') {
        (p, SizeSpec::Percent)
    } else {
        (word, SizeSpec::Base)
    };
    let value = parse_user(body).map_err(|e| w.error(SIZE, Some(format!("the amount {e}"))))?;
    let spec = make(value);
    if matches!(spec, SizeSpec::Percent(p) if p > Decimal::ONE_HUNDRED) {
        return Err(w.error(SIZE, Some("a share of the balance is at most 100%".into())));
    }
    Ok(spec)
}

fn cancel(w: &mut Words) -> Result<Command, ParseError> {
    if w.keyword("all")? != "all" {
        return Err(w.error("all", None));
    }
    let product = match w.peek() {
        None => None,
        Some(_) => Some(w.product("a product like BTC-USD or the end of the line")?),
    };
    Ok(Command::CancelAll { product })
}

fn chart(w: &mut Words) -> Result<Command, ParseError> {
    let labels: Vec<&str> = CHART_GRANULARITIES.iter().map(|g| g.label()).collect();
    let expected = format!("an interval ({})", labels.join(", "));
    let word = w.keyword(&expected)?;
    match CHART_GRANULARITIES.into_iter().find(|g| g.label() == word) {
        Some(granularity) => Ok(Command::Chart { granularity }),
        None => Err(w.error(&expected, None)),
    }
}

fn theme(w: &mut Words) -> Result<Command, ParseError> {
    let expected = format!("a theme ({})", ThemeName::names());
    match w.keyword(&expected)?.parse() {
        Ok(name) => Ok(Command::Theme { name }),
        Err(_) => Err(w.error(&expected, None)),
    }
}

fn watch(w: &mut Words) -> Result<Command, ParseError> {
    let change = match w.keyword("add or rm")?.as_str() {
        "add" => WatchChange::Add,
        "rm" => WatchChange::Remove,
        _ => return Err(w.error("add or rm", None)),
    };
    Ok(Command::Watch { change, product: w.product(PRODUCT)? })
}

fn alert(w: &mut Words) -> Result<Command, ParseError> {
    let product = w.product(PRODUCT)?;
    let word = w.next(LEVEL)?;
    let (kind, text, expected) = match word {
        ">" => (Kind::Above, w.next("a price like 70000")?, "a price like 70000"),
        "<" => (Kind::Below, w.next("a price like 60000")?, "a price like 60000"),
        move_ if move_.ends_with('%') => (Kind::Move, move_, LEVEL),
        _ => return Err(w.error(LEVEL, None)),
    };
    let target = alerts::parse_target(kind, text).map_err(|why| w.error(expected, Some(why)))?;
    Ok(Command::Alert { product, target })
}
