//! Why the exchange refused an order or a cancel, as codes; `ui` turns them into words.

/// A failure reason the dashboard knows, or the code as the exchange sent it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RejectReason {
    /// Not enough available balance.
    InsufficientFunds,
    /// A post-only order would have taken liquidity.
    PostOnlyWouldCross,
    /// Size is not a multiple of the lot size.
    SizePrecision,
    /// Price is not a multiple of the tick size.
    PricePrecision,
    /// The product cannot be traded.
    Untradable,
    /// Order entry is disabled for the product.
    OrderEntryDisabled,
    /// The order type is not supported for the product.
    UnsupportedConfiguration,
    /// The limit price is not valid.
    InvalidLimitPrice,
    /// The limit price is too far from the market.
    LimitTooFarFromMarket,
    /// No liquidity to fill the order.
    NoLiquidity,
    /// A bracket sized in quote currency.
    QuoteSizeNotAllowedForBracket,
    /// Bracket prices on the wrong sides.
    InvalidBracketPrices,
    /// Post-only combined with fill-or-kill.
    PostOnlyWithFok,
    /// The expiry is too far in the future.
    EndTimeTooFar,
    /// Not allowed from the user's jurisdiction.
    Geofenced,
    /// Size below the product's minimum.
    SizeTooSmall,
    /// Size above the product's maximum.
    SizeTooLarge,
    /// Value below the product's minimum.
    ValueTooSmall,
    /// Value above the product's maximum.
    ValueTooLarge,
    /// No such open order.
    NoSuchOrder,
    /// The order is already filled.
    AlreadyFilled,
    /// The cancel was not sent because an earlier request failed.
    CancelNotSent,
    /// The cancel request failed in transit.
    CancelOutcomeUnknown,
    /// A cancel is already in progress.
    DuplicateCancel,
    /// Only limit (GTC) orders can be edited.
    EditOnlyLimit,
    /// Only open orders can be edited.
    EditOnlyOpen,
    /// The edit changes nothing.
    EditUnchanged,
    /// The new size is below what is already filled.
    EditBelowFilled,
    /// The new size is not valid for the product.
    EditInvalidSize,
    /// The new price is not valid (precision, or a post-only order would cross).
    EditInvalidPrice,
    /// The exchange refused the edit without saying more.
    EditRejected,
    /// The exchange gave no code.
    NotGiven,
    /// A code this client has no words for.
    Other(String),
}

/// A refusal as received: the reason, the exact code sent (shown with the words), and the
/// exchange's message (may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The reason.
    pub reason: RejectReason,
    /// The code as sent (`INSUFFICIENT_FUND`), empty when none.
    pub code: String,
    /// The exchange's message.
    pub message: String,
}

/// Why an order was definitively not placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The exchange answered with a rejection.
    Exchange(Rejection),
    /// The request itself was refused (e.g. HTTP 400); the client's error in words.
    Request(String),
}
