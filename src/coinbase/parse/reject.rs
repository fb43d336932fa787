//! Coinbase's failure codes → [`RejectReason`].

use crate::domain::{RejectReason, Rejection};

/// The reason a failure code stands for; codes without a known meaning stay as they are.
pub fn reject_reason(code: &str) -> RejectReason {
    use RejectReason as R;
    match code {
        "INSUFFICIENT_FUND" | "INSUFFICIENT_FUNDS" | "PREVIEW_INSUFFICIENT_FUND" => R::InsufficientFunds,
        "INVALID_LIMIT_PRICE_POST_ONLY" | "PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY" => R::PostOnlyWouldCross,
        "INVALID_SIZE_PRECISION"
        | "PREVIEW_INVALID_SIZE_PRECISION"
        | "PREVIEW_INVALID_QUOTE_SIZE_PRECISION" => R::SizePrecision,
        "INVALID_PRICE_PRECISION"
        | "PREVIEW_INVALID_PRICE_PRECISION"
        | "PREVIEW_INVALID_STOP_PRICE_PRECISION" => R::PricePrecision,
        "INVALID_PRODUCT_ID"
        | "UNTRADABLE_PRODUCT"
        | "PREVIEW_INVALID_PRODUCT_ID"
        | "PREVIEW_UNTRADABLE_PRODUCT" => R::Untradable,
        "ORDER_ENTRY_DISABLED" => R::OrderEntryDisabled,
        "UNSUPPORTED_ORDER_CONFIGURATION" | "PREVIEW_INVALID_ORDER_CONFIG" => R::UnsupportedConfiguration,
        "INVALID_LIMIT_PRICE" | "PREVIEW_INVALID_LIMIT_PRICE" => R::InvalidLimitPrice,
        "LIMIT_PRICE_TOO_FAR_FROM_MARKET" | "PREVIEW_LIMIT_PRICE_TOO_FAR_FROM_MARKET" => {
            R::LimitTooFarFromMarket
        }
        "INVALID_NO_LIQUIDITY" | "PREVIEW_INVALID_NO_LIQUIDITY" => R::NoLiquidity,
        "QUOTE_SIZE_NOT_ALLOWED_FOR_BRACKET" => R::QuoteSizeNotAllowedForBracket,
        "INVALID_BRACKET_PRICES" | "PREVIEW_INVALID_BRACKET_PRICES" => R::InvalidBracketPrices,
        "POST_ONLY_NOT_ALLOWED_WITH_FOK" => R::PostOnlyWithFok,
        "END_TIME_TOO_FAR_IN_FUTURE" => R::EndTimeTooFar,
        "GEOFENCING_RESTRICTION" => R::Geofenced,
        "PREVIEW_INVALID_BASE_SIZE_TOO_SMALL" => R::SizeTooSmall,
        "PREVIEW_INVALID_BASE_SIZE_TOO_LARGE" => R::SizeTooLarge,
        "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL" => R::ValueTooSmall,
        "PREVIEW_INVALID_QUOTE_SIZE_TOO_LARGE" => R::ValueTooLarge,
        "UNKNOWN_CANCEL_ORDER" | "ORDER_NOT_FOUND" => R::NoSuchOrder,
        "ORDER_IS_FULLY_FILLED" => R::AlreadyFilled,
        "CANCEL_NOT_SENT" => R::CancelNotSent,
        "CANCEL_OUTCOME_UNKNOWN" => R::CancelOutcomeUnknown,
        "DUPLICATE_CANCEL_REQUEST" => R::DuplicateCancel,
        "ONLY_LIMIT_ORDER_EDITS_SUPPORTED" => R::EditOnlyLimit,
        "ONLY_OPEN_ORDERS_CAN_BE_EDITED" => R::EditOnlyOpen,
        "EDIT_REQUEST_EQUAL_TO_ORIGINAL_REQUEST" => R::EditUnchanged,
        "CANNOT_EDIT_TO_BELOW_FILLED_SIZE" => R::EditBelowFilled,
        "INVALID_EDITED_SIZE" => R::EditInvalidSize,
        "INVALID_EDITED_PRICE" => R::EditInvalidPrice,
        "COMMANDER_REJECTED_EDIT_ORDER" | "UNKNOWN_EDIT_ORDER_FAILURE_REASON" => R::EditRejected,
        "" => R::NotGiven,
        other => R::Other(other.to_string()),
    }
}

/// A failure code and the exchange's message → a rejection.
pub fn rejection(code: &str, message: &str) -> Rejection {
    Rejection { reason: reject_reason(code), code: code.to_string(), message: message.to_string() }
}
