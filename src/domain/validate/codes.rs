//! Coinbase failure codes for each [`Violation`].

use super::{Field, Violation};

impl Violation {
    /// Coinbase's failure code: the `new_order_failure_reason` where one exists, else the
    /// `PREVIEW_*` reason.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::NotPositive { field, .. } => match field {
                Field::BaseSize => "PREVIEW_INVALID_BASE_SIZE_TOO_SMALL",
                Field::QuoteSize => "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL",
                Field::LimitPrice => "INVALID_LIMIT_PRICE",
                Field::StopPrice => "PREVIEW_INVALID_STOP_PRICE",
                Field::StopTriggerPrice => "INVALID_BRACKET_STOP_TRIGGER_PRICE",
            },
            Self::SizePrecision { .. } => "INVALID_SIZE_PRECISION",
            Self::PricePrecision { .. } => "INVALID_PRICE_PRECISION",
            Self::TradingDisabled | Self::CancelOnly => "ORDER_ENTRY_DISABLED",
            Self::LimitOnly
            | Self::PostOnlyRequired
            | Self::MarketSellByQuote
            | Self::MarketSizeMissing
            | Self::MarketSizeBoth => "UNSUPPORTED_ORDER_CONFIGURATION",
            Self::BracketPrices { .. } => "INVALID_BRACKET_PRICES",
            _ => self.preview_reason(),
        }
    }

    /// Coinbase's `preview_failure_reason` (the `errs` of `POST /orders/preview`).
    pub fn preview_reason(&self) -> &'static str {
        match self {
            Self::NotPositive { field, .. } => match field {
                Field::BaseSize => "PREVIEW_INVALID_BASE_SIZE_TOO_SMALL",
                Field::QuoteSize => "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL",
                Field::LimitPrice => "PREVIEW_INVALID_LIMIT_PRICE",
                Field::StopPrice => "PREVIEW_INVALID_STOP_PRICE",
                Field::StopTriggerPrice => "PREVIEW_INVALID_BRACKET_STOP_TRIGGER_PRICE",
            },
            Self::SizePrecision { field: Field::QuoteSize, .. } => "PREVIEW_INVALID_QUOTE_SIZE_PRECISION",
            Self::SizePrecision { .. } => "PREVIEW_INVALID_SIZE_PRECISION",
            Self::PricePrecision { field: Field::StopPrice, .. } => "PREVIEW_INVALID_STOP_PRICE_PRECISION",
            Self::PricePrecision { .. } => "PREVIEW_INVALID_PRICE_PRECISION",
            Self::BaseSizeTooSmall { .. } => "PREVIEW_INVALID_BASE_SIZE_TOO_SMALL",
            Self::BaseSizeTooLarge { .. } => "PREVIEW_INVALID_BASE_SIZE_TOO_LARGE",
            Self::QuoteSizeTooSmall { .. } => "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL",
            Self::QuoteSizeTooLarge { .. } => "PREVIEW_INVALID_QUOTE_SIZE_TOO_LARGE",
            Self::TradingDisabled | Self::CancelOnly => "PREVIEW_UNTRADABLE_PRODUCT",
            Self::LimitOnly
            | Self::PostOnlyRequired
            | Self::MarketSellByQuote
            | Self::MarketSizeMissing
            | Self::MarketSizeBoth => "PREVIEW_INVALID_ORDER_CONFIG",
            Self::EndTimeMissing | Self::EndTimeNotInFuture { .. } => "PREVIEW_INVALID_END_TIME",
            Self::BracketPrices { .. } => "PREVIEW_INVALID_BRACKET_PRICES",
        }
    }
}
