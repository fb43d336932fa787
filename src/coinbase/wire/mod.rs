//! Serde mirrors of Coinbase Advanced Trade JSON, one module per area.
//!
//! Each type carries a raw example in its doc comment. Amounts are `Decimal` read from and
//! written as strings (see [`crate::decimal`]); unknown fields are ignored and most fields
//! default, because Coinbase adds fields often and leaves others empty. The simulator
//! serialises the same types, so both ends of the loopback venue agree on one shape.

pub mod account;
pub mod edit;
pub mod market;
pub mod orders;
pub mod ws;

pub use account::*;
pub use edit::*;
pub use market::*;
pub use orders::*;

use serde::{Deserialize, Serialize};

/// Coinbase's generic error body, every field optional.
///
/// `{"error":"NOT_FOUND","message":"Product NOPE-USD not supported"}` or
/// `{"error":"INVALID_ARGUMENT","error_details":"…","message":"…"}`; the grpc form adds `code`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Upper-case error code (`NOT_FOUND`, `UNAUTHORIZED`, `INVALID_ARGUMENT`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// grpc status code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    /// Human message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// More detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_details: Option<String>,
}

impl ErrorBody {
    /// The most useful text in the body.
    pub fn summary(&self) -> String {
        let parts: Vec<&str> = [&self.error, &self.message, &self.error_details]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        let mut out: Vec<&str> = Vec::new();
        for p in parts {
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out.join(": ")
    }
}

/// The app-style 429 body: `{"errors":[{"id":"rate_limit_exceeded","message":"Too many requests"}]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorsBody {
    /// The errors.
    #[serde(default)]
    pub errors: Vec<ErrorsItem>,
}

/// One item of [`ErrorsBody`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorsItem {
    /// Error id.
    #[serde(default)]
    pub id: String,
    /// Message.
    #[serde(default)]
    pub message: String,
}
