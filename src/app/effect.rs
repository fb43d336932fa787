//! [`Effect`]: the I/O the model asks for. The executor in `app/executor.rs` performs them.

use chrono::{DateTime, Utc};

use super::model::ReplayControl;
use super::model::alerts::Alert;
use super::notify::Notification;
use crate::domain::{EditOrder, Granularity, IntentOutcome, NewOrder, ProductId};

/// Candles requested per chart load (Coinbase refuses more than 350).
pub const CANDLES_PER_LOAD: i64 = 300;

/// A side effect requested by `Model::update`.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load the product catalogue.
    LoadProducts,
    /// Load balances.
    LoadAccounts,
    /// Load open orders across products.
    LoadOpenOrders,
    /// Load recent fills.
    LoadFills,
    /// Load the most recent done orders (filled, cancelled, expired, failed).
    LoadOrderHistory,
    /// Load the fee tier.
    LoadFees,
    /// Check the API key's rights (`GET /key_permissions`) once at start.
    CheckKey,
    /// Load candles ending at `end` (UNIX seconds).
    LoadCandles {
        /// The product.
        product: ProductId,
        /// Bucket size.
        granularity: Granularity,
        /// End of the window, UNIX seconds.
        end: i64,
    },
    /// Load the recent trades of a product.
    LoadTrades {
        /// The product.
        product: ProductId,
    },
    /// Journal, then send one order (exactly once per intent; a user-confirmed resubmit reuses
    /// its id). Nothing is sent when the journal cannot record it.
    PlaceOrder(NewOrder),
    /// Ask the exchange what this order would do (`POST /orders/preview`); nothing is placed.
    /// Answered by [`super::Msg::OrderPreviewed`].
    PreviewOrder(NewOrder),
    /// Look for the order of an intent whose outcome is unknown (R-ORD4): open orders of the
    /// product, then its order history since `since`, matching `client_order_id` client-side.
    FindOrder {
        /// The intent's id.
        client_order_id: String,
        /// The intent's product.
        product: ProductId,
        /// Start of the history window (intent time minus a margin).
        since: DateTime<Utc>,
    },
    /// Record in the order journal how the create intent `client_order_id` ended (R-ORD1).
    ResolveIntent {
        /// The intent's id.
        client_order_id: String,
        /// How it ended.
        outcome: IntentOutcome,
    },
    /// List orders of every status that may have changed during a user-channel gap (R-ORD7
    /// step 2): those created since `since`, and these order ids.
    LoadOrdersSince {
        /// Start of the window (last seen minus a margin).
        since: DateTime<Utc>,
        /// Orders that were working when the gap began.
        order_ids: Vec<String>,
    },
    /// Ask the exchange what this edit would do (`/orders/edit_preview`); nothing changes.
    PreviewEdit(EditOrder),
    /// Send this edit (`/orders/edit`); the order keeps its id.
    EditOrder(EditOrder),
    /// Journal, then cancel these orders in one batch request.
    CancelOrders {
        /// Exchange order ids.
        order_ids: Vec<String>,
    },
    /// (Re)start the market feed for these products (a fresh level2 snapshot follows).
    SubscribeMarket {
        /// The watched products.
        products: Vec<ProductId>,
    },
    /// Ring the terminal's bell and show a desktop notification: the runtime writes
    /// [`Notification::bytes`] to the terminal.
    Notify(Notification),
    /// Write these alerts to the alerts file (atomically, in the order asked).
    SaveAlerts(Vec<Alert>),
    /// Write this watchlist to the config file's `watchlist` key, keeping the rest of the file
    /// (atomically, in the order asked).
    SaveWatchlist(Vec<ProductId>),
    /// Resubscribe `level2` for one product on the live market connection, for a fresh
    /// snapshot, without touching the other subscriptions (R-BK3/R-BK4).
    ResyncBook {
        /// The product whose book went invalid.
        product: ProductId,
    },
    /// Hand a replay key's command to the replay source (`cbterm replay` only).
    Replay(ReplayControl),
}
