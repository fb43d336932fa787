//! Order intents as the durable journal (R-ORD1) knows them: one left without a definite
//! outcome by an earlier session, and the ways an intent ends.

use std::fmt;

use chrono::{DateTime, Utc};

use super::{NewOrder, Refusal};

/// A create intent the journal holds without an outcome: the process stopped after the
/// request was journaled and before its answer was known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnresolvedOrder {
    /// Exactly what was (or was about to be) sent.
    pub request: NewOrder,
    /// When it was journaled.
    pub sent: DateTime<Utc>,
}

/// How a create intent ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntentOutcome {
    /// The exchange accepted it.
    Accepted {
        /// The exchange's order id.
        order_id: String,
    },
    /// The exchange (or the request itself) definitively refused it: nothing was placed.
    Rejected(Refusal),
    /// Its outcome was unknown and a lookup by client order id found it.
    Found {
        /// The exchange's order id.
        order_id: String,
    },
    /// Its outcome was unknown and it was not found while it was watched.
    NotFound,
    /// The user dismissed it after it was not found.
    Dismissed,
}

impl fmt::Display for IntentOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Accepted { order_id } => write!(f, "accepted {order_id}"),
            Self::Rejected(Refusal::Exchange(r)) => write!(f, "rejected: {} {}", r.code, r.message),
            Self::Rejected(Refusal::Request(text)) => write!(f, "refused: {text}"),
            Self::Found { order_id } => write!(f, "found {order_id}"),
            Self::NotFound => f.write_str("not found"),
            Self::Dismissed => f.write_str("dismissed"),
        }
    }
}
