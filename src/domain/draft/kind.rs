//! The order kinds, the time-in-force values each allows, and the words for both.

use std::fmt;

use crate::domain::{Side, StopDirection, TimeInForce};

/// The kinds of order a trader can enter, before time in force is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum OrderKind {
    /// Market, immediate-or-cancel.
    Market,
    /// Limit.
    Limit,
    /// Stop-limit (triggers on the last trade price).
    StopLimit,
    /// Bracket: take-profit limit plus stop trigger.
    Bracket,
}

impl OrderKind {
    /// Every kind, in the order the ticket cycles through them.
    pub const ALL: [OrderKind; 4] = [Self::Market, Self::Limit, Self::StopLimit, Self::Bracket];

    /// The one table of which time-in-force values each kind allows; the first is the default.
    pub fn tifs(self) -> &'static [TimeInForce] {
        match self {
            Self::Market => &[TimeInForce::Ioc],
            Self::Limit => &[TimeInForce::Gtc, TimeInForce::Gtd, TimeInForce::Ioc, TimeInForce::Fok],
            Self::StopLimit | Self::Bracket => &[TimeInForce::Gtc, TimeInForce::Gtd],
        }
    }

    /// The default time in force of this kind.
    pub fn default_tif(self) -> TimeInForce {
        self.tifs()[0]
    }

    /// Whether the kind takes a limit price (every kind but market).
    pub fn has_limit_price(self) -> bool {
        self != Self::Market
    }

    /// Whether the kind takes a stop price (stop-limit) or stop trigger price (bracket).
    pub fn has_stop_price(self) -> bool {
        matches!(self, Self::StopLimit | Self::Bracket)
    }

    /// Whether post-only can apply with `tif` (resting limit orders only).
    pub fn allows_post_only(self, tif: TimeInForce) -> bool {
        self == Self::Limit && matches!(tif, TimeInForce::Gtc | TimeInForce::Gtd)
    }

    /// The kind's name: `market`, `limit`, `stop-limit`, `bracket`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Market => "market",
            Self::Limit => "limit",
            Self::StopLimit => "stop-limit",
            Self::Bracket => "bracket",
        }
    }
}

impl fmt::Display for OrderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl TimeInForce {
    /// The short name: `gtc`, `gtd`, `ioc`, `fok`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Gtc => "gtc",
            Self::Gtd => "gtd",
            Self::Ioc => "ioc",
            Self::Fok => "fok",
        }
    }

    /// The time in force in words, as the review card states it.
    pub fn words(self) -> &'static str {
        match self {
            Self::Gtc => "good till cancelled",
            Self::Gtd => "good till date",
            Self::Ioc => "immediate or cancel",
            Self::Fok => "fill or kill",
        }
    }
}

impl fmt::Display for TimeInForce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl StopDirection {
    /// The usual direction for `side`: a buy stop triggers on a rise, a sell stop on a fall.
    pub fn natural(side: Side) -> Self {
        match side {
            Side::Buy => Self::Up,
            Side::Sell => Self::Down,
        }
    }

    /// The other direction.
    pub fn opposite(self) -> Self {
        match self {
            Self::Up => Self::Down,
            Self::Down => Self::Up,
        }
    }

    /// `up` or `down`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Up => "up",
            Self::Down => "down",
        }
    }

    /// The verb of the trigger: "rises" or "falls".
    pub fn verb(self) -> &'static str {
        match self {
            Self::Up => "rises",
            Self::Down => "falls",
        }
    }

    /// Whether a last trade at `last` already meets a stop at `stop` in this direction, so
    /// the order would trigger at once.
    pub fn is_met(self, stop: rust_decimal::Decimal, last: rust_decimal::Decimal) -> bool {
        match self {
            Self::Up => stop <= last,
            Self::Down => stop >= last,
        }
    }
}

impl fmt::Display for StopDirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
