//! The commands the palette understands, and their canonical one-line form (which parses back
//! to the same command).

use std::fmt;

use rust_decimal::Decimal;

use crate::app::ThemeName;
use crate::app::model::alerts::{Direction, Target};
use crate::domain::{Granularity, ProductId, Side};

/// One parsed palette line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// An order, reviewed on the ticket's review card before anything is sent.
    Order(OrderCommand),
    /// Ask to cancel every open order, or those of one product.
    CancelAll {
        /// Only this product's orders; `None` for all.
        product: Option<ProductId>,
    },
    /// Switch the chart's candle interval.
    Chart {
        /// The interval.
        granularity: Granularity,
    },
    /// Switch the colour theme for this session.
    Theme {
        /// The theme.
        name: ThemeName,
    },
    /// Add a product to the watchlist or remove one.
    Watch {
        /// Add or remove.
        change: WatchChange,
        /// The product.
        product: ProductId,
    },
    /// Set a price alert.
    Alert {
        /// The product watched.
        product: ProductId,
        /// The level or move.
        target: Target,
    },
}

/// Whether `watch` adds or removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchChange {
    /// `watch add`.
    Add,
    /// `watch rm`.
    Remove,
}

/// An order as said in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderCommand {
    /// Buy or sell.
    pub side: Side,
    /// How much.
    pub size: SizeSpec,
    /// The product.
    pub product: ProductId,
    /// Market, limit or stop-limit, with its prices.
    pub price: PriceSpec,
}

/// An order size as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeSpec {
    /// In the base currency: `0.01`.
    Base(Decimal),
    /// In the quote currency: `$250`.
    Quote(Decimal),
    /// A share of the available balance, in percent (above 0, at most 100): `50%`.
    Percent(Decimal),
}

/// The order type and its prices, exactly as typed (never rounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceSpec {
    /// `mkt`.
    Market,
    /// `@ 60000`, optionally `post`.
    Limit {
        /// The limit price.
        price: Decimal,
        /// Post-only.
        post_only: bool,
    },
    /// `stop 2400 limit 2390`.
    StopLimit {
        /// The stop price.
        stop: Decimal,
        /// The limit price.
        limit: Decimal,
    },
}

impl fmt::Display for SizeSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Base(d) => write!(f, "{d}"),
            Self::Quote(d) => write!(f, "${d}"),
            Self::Percent(d) => write!(f, "{d}%"),
        }
    }
}

impl fmt::Display for PriceSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Market => f.write_str("mkt"),
            Self::Limit { price, post_only: false } => write!(f, "@ {price}"),
            Self::Limit { price, post_only: true } => write!(f, "@ {price} post"),
            Self::StopLimit { stop, limit } => write!(f, "stop {stop} limit {limit}"),
        }
    }
}

impl fmt::Display for OrderCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = match self.side {
            Side::Buy => "buy",
            Side::Sell => "sell",
        };
        write!(f, "{side} {} {} {}", self.size, self.product, self.price)
    }
}

/// The alert level in the palette's words: `> 70000`, `< 60000`, `+5%`, `-5%`, `5%`.
pub fn target_words(target: &Target) -> String {
    match target {
        Target::Above(price) => format!("> {price}"),
        Target::Below(price) => format!("< {price}"),
        Target::Move { percent, direction: Direction::Up } => format!("+{percent}%"),
        Target::Move { percent, direction: Direction::Down } => format!("-{percent}%"),
        Target::Move { percent, direction: Direction::Either } => format!("{percent}%"),
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Order(order) => write!(f, "{order}"),
            Self::CancelAll { product: None } => f.write_str("cancel all"),
            Self::CancelAll { product: Some(p) } => write!(f, "cancel all {p}"),
            Self::Chart { granularity } => write!(f, "chart {}", granularity.label()),
            Self::Theme { name } => write!(f, "theme {name}"),
            Self::Watch { change: WatchChange::Add, product } => write!(f, "watch add {product}"),
            Self::Watch { change: WatchChange::Remove, product } => write!(f, "watch rm {product}"),
            Self::Alert { product, target } => write!(f, "alert {product} {}", target_words(target)),
        }
    }
}
