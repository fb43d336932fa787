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
        "UNKNOWN_CANCEL_ORDER" | "ORDER_NOT_FOUND" => {
            "no such open order (already filled, cancelled, or not yours)"
        }
        "ORDER_IS_FULLY_FILLED" => "the order is already filled",
        "CANCEL_NOT_SENT" => "the cancel was not sent because an earlier request failed; try again",
        "CANCEL_OUTCOME_UNKNOWN" => {
            "the cancel request failed in transit; the order may or may not be cancelled"
        }
        "DUPLICATE_CANCEL_REQUEST" => "a cancel for this order is already in progress",
        "" => "no reason given",
        _ => return None,
    })
}

/// `plain words (CODE)`, the code alone when no words are known, or the words alone when the
/// exchange gave no code.
pub fn explain(code: &str) -> String {
    match describe(code) {
        Some(words) if code.is_empty() => words.to_string(),
        Some(words) => format!("{words} ({code})"),
        None => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_codes_in_words() {
        assert_eq!(
            explain("INSUFFICIENT_FUND"),
            "not enough available balance for this order (INSUFFICIENT_FUND)"
        );
        assert_eq!(
            explain("ORDER_NOT_FOUND"),
            "no such open order (already filled, cancelled, or not yours) (ORDER_NOT_FOUND)"
        );
        assert_eq!(explain(""), "no reason given");
        assert_eq!(explain("SOMETHING_NEW"), "SOMETHING_NEW");
    }

    /// Every code the dashboard's old `plain_reason` table knew.
    #[test]
    fn knows_every_code_the_dashboard_knew() {
        for code in [
            "INSUFFICIENT_FUND",
            "INSUFFICIENT_FUNDS",
            "INVALID_LIMIT_PRICE_POST_ONLY",
            "INVALID_PRICE_PRECISION",
            "INVALID_SIZE_PRECISION",
            "ORDER_ENTRY_DISABLED",
            "UNKNOWN_CANCEL_ORDER",
            "ORDER_NOT_FOUND",
            "DUPLICATE_CANCEL_REQUEST",
            "",
        ] {
            assert!(describe(code).is_some(), "{code:?} has no words");
        }
    }
}
