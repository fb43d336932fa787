//! Wire → domain: the one place per channel and endpoint where Coinbase's JSON shapes
//! become the dashboard's events and records.
//!
//! A value that cannot be read (an unknown side, a candle start that is not a number, a
//! product id that is not `BASE-QUOTE`) is a [`ParseError`]; list conversions skip such an item
//! with a log line and keep the rest, never guessing a value.

pub mod account;
pub mod market;
pub mod orders;
pub mod reject;
pub mod ws;

pub use account::*;
pub use market::*;
pub use orders::*;
pub use reject::*;
pub use ws::*;

/// A wire value that has no domain meaning.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// A product id that is not `BASE-QUOTE`.
    #[error("bad product id {0:?}")]
    ProductId(String),
    /// A candle without a product on a channel that must name it.
    #[error("candle without a product id")]
    MissingProduct,
    /// An event type other than `snapshot` or `update`.
    #[error("event type {0:?} is neither snapshot nor update")]
    EventKind(String),
    /// A candle start that is not UNIX seconds.
    #[error("bad candle start {0:?}")]
    CandleStart(String),
}

/// Converts every item, skipping (and logging) the ones that do not convert.
pub(crate) fn each<'a, W: 'a, D>(
    what: &str,
    items: impl IntoIterator<Item = &'a W>,
    convert: impl Fn(&'a W) -> Result<D, ParseError>,
) -> Vec<D> {
    items
        .into_iter()
        .filter_map(|item| match convert(item) {
            Ok(value) => Some(value),
            Err(e) => {
                tracing::warn!(error = %e, "skipped a {what} that cannot be read");
                None
            }
        })
        .collect()
}
