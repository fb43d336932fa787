//! The command palette's language (`:`): one line becomes a typed [`Command`], or a
//! [`ParseError`] naming the word that was wrong and what was expected there. Pure: no model,
//! no I/O; the model decides what a command does ([`crate::app::model`]).
//!
//! ```text
//! buy|sell SIZE PRODUCT (@ PRICE [post] | mkt | stop PRICE limit PRICE)
//!     SIZE: 0.01 (base) | $250 (quote) | 50% (of the available balance, as the ticket's % key)
//! cancel all [PRODUCT]        chart 1m|5m|15m|30m|1h|2h|6h|1d
//! theme dark|light|colour-blind
//! watch add|rm PRODUCT        alert PRODUCT (> PRICE | < PRICE | +5% | -5% | 5%)
//! ```

mod command;
mod complete;
mod grammar;

pub use command::{Command, OrderCommand, PriceSpec, SizeSpec, WatchChange};
pub use complete::complete;
pub use grammar::{ParseError, parse};
