//! Codes and states in words: rejection reasons, refusals, problems, intent states.

use std::collections::BTreeMap;

use super::fmt;
use crate::app::model::account::OpenOrder;
use crate::app::model::short_id;
use crate::app::model::{Problem, TradingBlock};
use crate::domain::{IntentState, ProductId, ProductRules, Refusal, RejectReason, Rejection};

/// A trader-readable sentence for a reason, when one is known.
pub fn reason(reason: &RejectReason) -> Option<&'static str> {
    use RejectReason as R;
    Some(match reason {
        R::InsufficientFunds => "not enough available balance for this order",
        R::PostOnlyWouldCross => {
            "post-only order would have taken liquidity (it crosses the book); re-quote the price"
        }
        R::SizePrecision => "size is not a multiple of the product's lot size",
        R::PricePrecision => "price is not a multiple of the product's tick size",
        R::Untradable => "the product cannot be traded",
        R::OrderEntryDisabled => "order entry is disabled for this product",
        R::UnsupportedConfiguration => "this order type is not supported for this product",
        R::InvalidLimitPrice => "the limit price is not valid",
        R::LimitTooFarFromMarket => "the limit price is too far from the market",
        R::NoLiquidity => "there is no liquidity to fill this order",
        R::QuoteSizeNotAllowedForBracket => "bracket orders must be sized in base currency",
        R::InvalidBracketPrices => "the bracket's stop trigger and take-profit prices are on the wrong sides",
        R::PostOnlyWithFok => "post-only cannot be combined with fill-or-kill",
        R::EndTimeTooFar => "the expiry is too far in the future",
        R::Geofenced => "trading this product is not allowed from your jurisdiction",
        R::SizeTooSmall => "size is below the product's minimum",
        R::SizeTooLarge => "size is above the product's maximum",
        R::ValueTooSmall => "order value is below the product's minimum",
        R::ValueTooLarge => "order value is above the product's maximum",
        R::NoSuchOrder => "no such open order (already filled, cancelled, or not yours)",
        R::AlreadyFilled => "the order is already filled",
        R::CancelNotSent => "the cancel was not sent because an earlier request failed; try again",
        R::CancelOutcomeUnknown => {
            "the cancel request failed in transit; the order may or may not be cancelled"
        }
        R::DuplicateCancel => "a cancel for this order is already in progress",
        R::EditOnlyLimit => "only limit GTC orders can be edited",
        R::EditOnlyOpen => {
            "only open orders can be edited (it filled, was cancelled, or is not on the book yet)"
        }
        R::EditUnchanged => "the edit changes neither price nor size",
        R::EditBelowFilled => "the new size is below what is already filled",
        R::EditInvalidSize => "the new size is not valid for this product",
        R::EditInvalidPrice => "the new price is not valid (off the tick, or a post-only order would cross)",
        R::EditRejected => "the exchange refused the edit",
        R::NotGiven => "no reason given",
        R::Other(_) => return None,
    })
}

/// `plain words (CODE)`, the code alone when no words are known, or the words alone when the
/// exchange gave no code.
pub fn code(reason_: &RejectReason, code: &str) -> String {
    match reason(reason_) {
        Some(words) if code.is_empty() => words.to_string(),
        Some(words) => format!("{words} ({code})"),
        None => code.to_string(),
    }
}

/// A rejection: its reason in words, plus the exchange's message if it adds any.
pub fn rejection(r: &Rejection) -> String {
    let base = code(&r.reason, &r.code);
    if r.message.is_empty() || r.message == r.code { base } else { format!("{base}: {}", r.message) }
}

/// Why an order was not placed.
pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::Exchange(rejection_) => rejection(rejection_),
        Refusal::Request(text) => text.clone(),
    }
}

/// The status bar's text of a problem.
pub fn problem(p: &Problem) -> String {
    match p {
        Problem::Text(text) => text.clone(),
        Problem::OrderRejected(r) => format!("order rejected: {}", refusal(r)),
        Problem::ResubmitRejected { client_order_id, refusal: r } => format!(
            "resubmit of {} rejected: {}; checking again whether the first attempt exists",
            short_id(client_order_id),
            refusal(r)
        ),
        Problem::EditRejected { order_id, refusal: r } => {
            format!("edit of {} rejected: {}; the order is unchanged", short_id(order_id), refusal(r))
        }
        Problem::CancelFailed(failures) => {
            let each: Vec<String> =
                failures.iter().map(|(id, r)| format!("{}: {}", short_id(id), rejection(r))).collect();
            format!("cancel failed for {}", each.join(", "))
        }
        Problem::Retrying { request, reason, in_secs } => {
            format!("{} failed to load ({reason}); retrying in {in_secs} s", request.noun())
        }
    }
}

/// The ticket's text of a problem: an exchange rejection reads `rejected: …`.
pub fn ticket_problem(p: &Problem) -> String {
    match p {
        Problem::OrderRejected(r) => format!("rejected: {}", refusal(r)),
        other => problem(other),
    }
}

/// An order as a trader reads it, e.g. `BUY 0.01 BTC-USD @ 49000.00 (id 11111111)`: size and
/// price as Open orders shows them (a quote size with its currency, the price with the decimals
/// of the product's tick, from `rules`); an order not known to the exchange yet is named by its
/// client order id.
pub fn order(o: &OpenOrder, rules: &BTreeMap<ProductId, ProductRules>) -> String {
    let mut text = o.side.as_wire().to_string();
    if let Some(size) = o.size {
        text.push_str(&format!(" {}", fmt::order_size(size, &o.product, rules.values())));
    }
    let increment = rules.get(&o.product).map(|r| r.price_increment);
    text.push_str(&format!(" {}", o.product));
    if let Some(price) = o.price {
        text.push_str(&format!(" @ {}", fmt::price(price, increment)));
    }
    let id = if o.is_intent() { &o.client_order_id } else { &o.order_id };
    format!("{text} (id {})", short_id(id))
}

/// The status of an order whose outcome is unknown, as shown in Open orders.
pub fn intent_state(state: IntentState) -> &'static str {
    match state {
        IntentState::Checking => "UNKNOWN — checking",
        IntentState::NotFound => "NOT FOUND",
        IntentState::Resubmitted => "UNKNOWN — resubmitted",
    }
}

/// Why trading is disabled, for the state line.
pub fn trading_block(block: &TradingBlock) -> String {
    match block {
        TradingBlock::Reconciling { orders } => {
            format!("reconciling {orders} order(s) from the last session… trading disabled")
        }
        TradingBlock::Journal(_) => "trading disabled: order journal unusable".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coinbase::parse::rejection as parse;

    fn explain(code: &str) -> String {
        rejection(&parse(code, ""))
    }

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
        assert_eq!(
            rejection(&parse("INVALID_LIMIT_PRICE_POST_ONLY", "post only order would cross")),
            "post-only order would have taken liquidity (it crosses the book); re-quote the price \
             (INVALID_LIMIT_PRICE_POST_ONLY): post only order would cross"
        );
    }

    /// Every code the dashboard's old `plain_reason` table knew has words.
    #[test]
    fn knows_every_code_the_dashboard_knew() {
        for c in [
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
            assert!(reason(&parse(c, "").reason).is_some(), "{c:?} has no words");
        }
    }
}
