//! [`Problem`]: what went wrong last, shown in the status bar. Refusals stay codes here;
//! `ui` puts them into words.

use crate::app::Request;
use crate::domain::{Refusal, Rejection};

/// The last error the dashboard shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A condition the dashboard describes itself (feeds, books, lookups, failed requests).
    Text(String),
    /// An order was definitively not placed.
    OrderRejected(Refusal),
    /// A resubmit was refused; whether the first attempt exists is checked again.
    ResubmitRejected {
        /// The intent's id.
        client_order_id: String,
        /// Why.
        refusal: Refusal,
    },
    /// An edit of a resting order was refused; the order is as it was.
    EditRejected {
        /// The exchange's order id.
        order_id: String,
        /// Why.
        refusal: Refusal,
    },
    /// Cancels of a batch were refused: (order id, why) for each.
    CancelFailed(Vec<(String, Rejection)>),
    /// A load failed and is retried (see [`super::retry`]).
    Retrying {
        /// The load.
        request: Request,
        /// Why it failed, in plain words.
        reason: String,
        /// Seconds until the retry (rounded up).
        in_secs: u64,
    },
}

impl From<String> for Problem {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Problem {
    fn from(text: &str) -> Self {
        Self::Text(text.to_string())
    }
}
