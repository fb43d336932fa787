//! Price alerts: a condition on one product's last price, armed when set, fired once when a
//! live ticker price meets it, and kept (fired or not) until the user deletes it.
//!
//! An alert is refused when its condition already holds at the last price, so firing always
//! means the price crossed it after it was set. A % move is measured from the last price when
//! the alert was set.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::decimal::{InputError, parse_user};
use crate::domain::ProductId;

pub mod file;
pub mod form;

/// Which way a % move must go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Up by the percentage (typed `+5`).
    Up,
    /// Down by the percentage (typed `-5`).
    Down,
    /// Either way (typed `5`).
    Either,
}

/// What makes an alert fire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Condition {
    /// The last price is at or above `price`.
    Above {
        /// The level.
        #[serde(with = "crate::decimal::str")]
        price: Decimal,
    },
    /// The last price is at or below `price`.
    Below {
        /// The level.
        #[serde(with = "crate::decimal::str")]
        price: Decimal,
    },
    /// The last price moved `percent` % from `from`.
    Move {
        /// The last price when the alert was set.
        #[serde(with = "crate::decimal::str")]
        from: Decimal,
        /// The move, in percent (above zero).
        #[serde(with = "crate::decimal::str")]
        percent: Decimal,
        /// Which way.
        direction: Direction,
    },
}

impl Condition {
    /// Whether the last price `price` meets the condition.
    pub fn met(&self, price: Decimal) -> bool {
        match self {
            Condition::Above { price: level } => price >= *level,
            Condition::Below { price: level } => price <= *level,
            Condition::Move { from, percent, direction } => {
                let Some(moved) = price.checked_sub(*from) else { return false };
                let Some(limit) =
                    from.checked_mul(*percent).and_then(|d| d.checked_div(Decimal::ONE_HUNDRED))
                else {
                    return false;
                };
                match direction {
                    Direction::Up => moved >= limit,
                    Direction::Down => -moved >= limit,
                    Direction::Either => moved.abs() >= limit,
                }
            }
        }
    }

    /// The condition in words: `above 100000`, `below 95000`, `+5% from 96000`.
    pub fn describe(&self) -> String {
        match self {
            Condition::Above { price } => format!("above {price}"),
            Condition::Below { price } => format!("below {price}"),
            Condition::Move { from, percent, direction } => {
                let sign = match direction {
                    Direction::Up => "+",
                    Direction::Down => "-",
                    Direction::Either => "±",
                };
                format!("{sign}{percent}% from {from}")
            }
        }
    }
}

/// When and at what price an alert fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fired {
    /// The last price that met the condition.
    #[serde(with = "crate::decimal::str")]
    pub price: Decimal,
    /// When (wall clock).
    pub at: DateTime<Utc>,
}

/// One price alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// Its number, unique among the alerts.
    pub id: u64,
    /// The product watched.
    pub product: ProductId,
    /// What makes it fire.
    pub condition: Condition,
    /// When it was set.
    pub created: DateTime<Utc>,
    /// Set once, when it fires; a fired alert never fires again.
    pub fired: Option<Fired>,
}

impl Alert {
    /// The price a ticket opened from this alert starts at: the level for above/below, the
    /// price it fired at for a % move (`None` before it fired).
    pub fn ticket_price(&self) -> Option<Decimal> {
        match &self.condition {
            Condition::Above { price } | Condition::Below { price } => Some(*price),
            Condition::Move { .. } => self.fired.as_ref().map(|f| f.price),
        }
    }
}

/// The kind of alert being typed in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// At or above a price.
    Above,
    /// At or below a price.
    Below,
    /// A % move from the last price.
    Move,
}

impl Kind {
    /// Every kind, in the form's order.
    pub const ALL: [Kind; 3] = [Kind::Above, Kind::Below, Kind::Move];

    /// Its name in the form.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Above => "above",
            Kind::Below => "below",
            Kind::Move => "% move",
        }
    }
}

/// An alert's level as typed, before it is armed at the last price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// At or above a price.
    Above(Decimal),
    /// At or below a price.
    Below(Decimal),
    /// A move of `percent` % from the last price when it is armed.
    Move {
        /// The move, in percent (above zero).
        percent: Decimal,
        /// Which way.
        direction: Direction,
    },
}

/// Parses what was typed for an alert of `kind` on `product`, whose last price is `last`.
/// Refused: a bad number, a % move without a price to start from, a down move of 100 % or
/// more, and a condition that already holds (it could never be crossed).
pub fn parse(
    kind: Kind,
    text: &str,
    product: &ProductId,
    last: Option<Decimal>,
) -> Result<Condition, String> {
    arm(parse_target(kind, text)?, product, last)
}

/// The level typed for an alert of `kind`: a price, or a % move (`+5`, `-5`, `5`, with an
/// optional `%`). A down move of 100 % or more is refused.
pub fn parse_target(kind: Kind, text: &str) -> Result<Target, String> {
    let price = || parse_user(text).map_err(|e| in_words("price", &e));
    Ok(match kind {
        Kind::Above => Target::Above(price()?),
        Kind::Below => Target::Below(price()?),
        Kind::Move => parse_move(text)?,
    })
}

/// The condition of `target` on `product` armed at the last price `last`; refused when there
/// is no price to measure a % move from, or when the condition already holds.
pub fn arm(target: Target, product: &ProductId, last: Option<Decimal>) -> Result<Condition, String> {
    let condition = match target {
        Target::Above(price) => Condition::Above { price },
        Target::Below(price) => Condition::Below { price },
        Target::Move { percent, direction } => {
            let from =
                last.ok_or_else(|| format!("no price for {product} yet: a % move needs one to start from"))?;
            Condition::Move { from, percent, direction }
        }
    };
    match last {
        Some(last) if condition.met(last) => {
            Err(format!("{product} is already {} (last {last}); nothing to wait for", condition.describe()))
        }
        _ => Ok(condition),
    }
}

fn parse_move(text: &str) -> Result<Target, String> {
    let (direction, rest) = match text.chars().next() {
        Some('+') => (Direction::Up, &text[1..]),
        Some('-') => (Direction::Down, &text[1..]),
        _ => (Direction::Either, text),
    };
    let percent =
        parse_user(rest.strip_suffix('%').unwrap_or(rest)).map_err(|e| in_words("percentage", &e))?;
    if direction == Direction::Down && percent >= Decimal::ONE_HUNDRED {
        return Err(format!("a fall of {percent}% is impossible; use less than 100"));
    }
    Ok(Target::Move { percent, direction })
}

fn in_words(what: &str, e: &InputError) -> String {
    format!("the {what} {e}")
}

/// The alerts, the selected row of their list, and whether changes are saved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alerts {
    /// Every alert, oldest first.
    pub list: Vec<Alert>,
    /// Selected row of the alert list.
    pub selected: usize,
    /// Whether changes are written to the alerts file (off while the file could not be read,
    /// so a damaged file is not overwritten).
    pub persist: bool,
}

impl Alerts {
    /// Adds an alert with the next free id; returns it.
    pub fn add(&mut self, product: ProductId, condition: Condition, created: DateTime<Utc>) -> &Alert {
        let id = self.list.iter().map(|a| a.id).max().map_or(1, |m| m + 1);
        self.list.push(Alert { id, product, condition, created, fired: None });
        &self.list[self.list.len() - 1]
    }

    /// Fires every armed alert of `product` that `price` meets, at `at`; returns the fired ones.
    pub fn fire(&mut self, product: &ProductId, price: Decimal, at: DateTime<Utc>) -> Vec<Alert> {
        let armed = |a: &&mut Alert| a.fired.is_none() && a.product == *product && a.condition.met(price);
        let mut fired = Vec::new();
        for alert in self.list.iter_mut().filter(armed) {
            alert.fired = Some(Fired { price, at });
            fired.push(alert.clone());
        }
        fired
    }

    /// Removes the selected alert; returns it.
    pub fn remove_selected(&mut self) -> Option<Alert> {
        if self.selected >= self.list.len() {
            return None;
        }
        let removed = self.list.remove(self.selected);
        self.selected = self.selected.min(self.list.len().saturating_sub(1));
        Some(removed)
    }

    /// The selected alert.
    pub fn selected(&self) -> Option<&Alert> {
        self.list.get(self.selected)
    }
}
