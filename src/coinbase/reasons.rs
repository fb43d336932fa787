//! Plain words for Coinbase's order failure codes.

/// A trader-readable sentence for a failure code, when one is known.
pub fn describe(code: &str) -> Option<&'static str> {
    Some(match code {
        "INSUFFICIENT_FUND" | "INSUFFICIENT_FUNDS" | "PREVIEW_INSUFFICIENT_FUND" => {
            "not enough available balance for this order"
        }
        "INVALID_LIMIT_PRICE_POST_ONLY" | "PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY" => {
            "post-only order would have taken liquidity (it crosses the book); re-quote the price"
        }
        "INVALID_SIZE_PRECISION" => "size is not a multiple of the product's lot size",
        "INVALID_PRICE_PRECISION" => "price is not a multiple of the product's tick size",
        "INVALID_PRODUCT_ID" | "UNTRADABLE_PRODUCT" => "the product cannot be traded",
        "ORDER_ENTRY_DISABLED" => "order entry is disabled for this product",
        "UNSUPPORTED_ORDER_CONFIGURATION" => "this order type is not supported for this product",
        "INVALID_LIMIT_PRICE" => "the limit price is not valid",
        "LIMIT_PRICE_TOO_FAR_FROM_MARKET" | "PREVIEW_LIMIT_PRICE_TOO_FAR_FROM_MARKET" => {
            "the limit price is too far from the market"
        }
        "INVALID_NO_LIQUIDITY" => "there is no liquidity to fill this order",
        "QUOTE_SIZE_NOT_ALLOWED_FOR_BRACKET" => "bracket orders must be sized in base currency",
        "INVALID_BRACKET_PRICES" => {
            "the bracket's stop trigger and take-profit prices are on the wrong sides"
        }
        "POST_ONLY_NOT_ALLOWED_WITH_FOK" => "post-only cannot be combined with fill-or-kill",
        "END_TIME_TOO_FAR_IN_FUTURE" => "the expiry is too far in the future",
        "GEOFENCING_RESTRICTION" => "trading this product is not allowed from your jurisdiction",
        "PREVIEW_INVALID_BASE_SIZE_TOO_SMALL" => "size is below the product's minimum",
        "PREVIEW_INVALID_BASE_SIZE_TOO_LARGE" => "size is above the product's maximum",
        "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL" => "order value is below the product's minimum",
        "PREVIEW_INVALID_QUOTE_SIZE_TOO_LARGE" => "order value is above the product's maximum",
        "UNKNOWN_CANCEL_ORDER" => "no such open order (already filled, cancelled, or not yours)",
        "ORDER_IS_FULLY_FILLED" => "the order is already filled",
        "DUPLICATE_CANCEL_REQUEST" => "a cancel for this order is already in progress",
        _ => return None,
    })
}

/// `CODE (plain words)`, or the code alone when no words are known.
pub fn explain(code: &str) -> String {
    match describe(code) {
        Some(words) => format!("{words} ({code})"),
        None => code.to_string(),
    }
}
