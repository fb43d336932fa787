//! The order ticket: typed fields, the choices each order type allows, and field navigation.

use std::time::Instant;

use chrono::Duration;
use rust_decimal::Decimal;

pub use crate::domain::OrderKind;
use crate::domain::{OrderConfig, ProductId, Side, StopDirection, TimeInForce};
pub use convert::{Conversion, convert};
pub use edit::EditTarget;
pub use field::Field;
pub use preview::PreviewState;

mod convert;
mod edit;
mod field;
mod preview;

/// How long the review card ignores keys after it opens, so a double Enter cannot send.
pub const ARMING: std::time::Duration = std::time::Duration::from_millis(500);

/// GTD expiry presets, counted from the moment of review.
pub const EXPIRIES: [(i64, &str); 4] =
    [(3600, "1 hour"), (6 * 3600, "6 hours"), (86_400, "1 day"), (7 * 86_400, "7 days")];

/// Whether the size field is in base or quote units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeUnit {
    /// Base currency (BTC in BTC-USD).
    Base,
    /// Quote currency (USD in BTC-USD).
    Quote,
}

/// Where the ticket is in its life.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// Fields are being edited.
    Editing,
    /// The review card is shown; `y` sends after [`ARMING`].
    Review {
        /// When the card opened.
        opened: Instant,
        /// Exactly what `y` will send.
        config: OrderConfig,
    },
    /// Sent; waiting for the exchange's answer. Nothing can send it again.
    Sending,
}

/// The order ticket of one intent.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    /// The intent's id, sent as `client_order_id` (one per intent, R-ORD2).
    pub client_order_id: String,
    /// Product.
    pub product: ProductId,
    /// Side.
    pub side: Side,
    /// Order type.
    pub kind: OrderKind,
    /// Time in force.
    pub tif: TimeInForce,
    /// Index into [`EXPIRIES`].
    pub expiry: usize,
    /// Post-only.
    pub post_only: bool,
    /// Size unit.
    pub unit: SizeUnit,
    /// Size as typed.
    pub size: String,
    /// Limit price as typed.
    pub price: String,
    /// Stop price as typed.
    pub stop: String,
    /// Stop direction chosen by the user; `None` is the natural one for the side.
    pub stop_direction: Option<StopDirection>,
    /// Focused field.
    pub field: Field,
    /// Stage.
    pub stage: Stage,
    /// Next share of the balance for the size shortcut (index into 25/50/75/100 %).
    pub pct_step: usize,
    /// Why the last attempt to review or send was refused: the exchange's rejection or the
    /// dashboard's refusal to trade (not a problem of the fields, which is derived from them
    /// by [`super::ticket_check::check`] on every draw). Any edit clears it.
    pub rejection: Option<super::Problem>,
    /// A resubmit of an intent whose first attempt was not found (R-ORD4): it can only be
    /// sent as it was, with the same id, or closed; it is never edited.
    pub resubmit: bool,
    /// The last switch of the size unit, while the size it produced is unchanged.
    pub converted: Option<Conversion>,
    /// Set when the ticket edits a resting order instead of placing one: only its price and
    /// size can change.
    pub edit: Option<Box<EditTarget>>,
    /// The exchange's preview of the order on the review card.
    pub preview: PreviewState,
}

/// Shares of the balance the size shortcut cycles through, in percent.
pub const SIZE_PERCENTS: [u32; 4] = [25, 50, 75, 100];

impl Ticket {
    /// The order this ticket sends with `config` (its reviewed configuration).
    pub fn order(&self, config: &OrderConfig) -> crate::domain::NewOrder {
        crate::domain::NewOrder {
            client_order_id: self.client_order_id.clone(),
            product_id: self.product.clone(),
            side: self.side,
            config: config.clone(),
        }
    }

    /// A limit GTC ticket for `product`, optionally at `price`.
    pub fn new(product: ProductId, side: Side, price: Option<Decimal>, client_order_id: String) -> Self {
        Self {
            client_order_id,
            product,
            side,
            kind: OrderKind::Limit,
            tif: OrderKind::Limit.default_tif(),
            expiry: 0,
            post_only: false,
            unit: SizeUnit::Base,
            size: String::new(),
            price: price.map(|p| p.to_string()).unwrap_or_default(),
            stop: String::new(),
            stop_direction: None,
            field: if price.is_some() { Field::Size } else { Field::Price },
            stage: Stage::Editing,
            pct_step: 0,
            rejection: None,
            resubmit: false,
            converted: None,
            edit: None,
            preview: PreviewState::NotAsked,
        }
    }

    /// The TIFs this order type allows.
    pub fn tifs(&self) -> &'static [TimeInForce] {
        self.kind.tifs()
    }

    /// Whether post-only applies (resting limit orders).
    pub fn post_only_applies(&self) -> bool {
        self.kind.allows_post_only(self.tif)
    }

    /// The stop direction a stop-limit will have: the chosen one, else the natural one.
    pub fn effective_stop_direction(&self) -> StopDirection {
        self.stop_direction.unwrap_or_else(|| StopDirection::natural(self.side))
    }

    /// The currency of a size in `unit`: `BTC` or `USD` on BTC-USD.
    pub fn currency(&self, unit: SizeUnit) -> &str {
        match unit {
            SizeUnit::Base => self.product.base(),
            SizeUnit::Quote => self.product.quote(),
        }
    }

    /// Whether a quote-sized order is possible (not for market sells).
    pub fn quote_unit_applies(&self) -> bool {
        !(self.kind == OrderKind::Market && self.side == Side::Sell)
    }

    /// The visible fields, in order: what, at which price, how much, then the conditions.
    pub fn fields(&self) -> Vec<Field> {
        if self.edit.is_some() {
            return vec![Field::Price, Field::Size];
        }
        let mut out = vec![Field::Side, Field::Kind];
        if self.kind.has_limit_price() {
            out.push(Field::Price);
        }
        if self.kind.has_stop_price() {
            out.push(Field::Stop);
        }
        if self.kind == OrderKind::StopLimit {
            out.push(Field::Direction);
        }
        out.push(Field::Size);
        if self.quote_unit_applies() {
            out.push(Field::Unit);
        }
        if self.tifs().len() > 1 {
            out.push(Field::Tif);
        }
        if self.tif == TimeInForce::Gtd {
            out.push(Field::Expiry);
        }
        if self.post_only_applies() {
            out.push(Field::PostOnly);
        }
        out
    }

    /// Moves focus `step` fields forward (negative: back), wrapping.
    pub fn move_field(&mut self, step: isize) {
        let fields = self.fields();
        let pos = fields.iter().position(|f| *f == self.field).unwrap_or(0);
        let len = fields.len() as isize;
        let next = (pos as isize + step).rem_euclid(len) as usize;
        self.field = fields[next];
    }

    /// Cycles the focused choice field `step` values forward (negative: back).
    pub fn cycle(&mut self, step: isize) {
        if self.field.is_text() {
            return;
        }
        self.edited();
        match self.field {
            Field::Side => {
                self.side = self.side.opposite();
                self.stop_direction = None;
            }
            Field::Kind => self.kind = OrderKind::ALL[cycle_index(&OrderKind::ALL, self.kind, step)],
            Field::Direction => self.stop_direction = Some(self.effective_stop_direction().opposite()),
            Field::Tif => self.tif = self.tifs()[cycle_index(self.tifs(), self.tif, step)],
            Field::Expiry => {
                self.expiry = (self.expiry as isize + step).rem_euclid(EXPIRIES.len() as isize) as usize
            }
            Field::PostOnly => self.post_only = !self.post_only,
            Field::Unit => self.unit = self.unit.other(),
            Field::Size | Field::Price | Field::Stop => {}
        }
        self.normalise();
    }

    /// Keeps the choices consistent after a change of type or side.
    fn normalise(&mut self) {
        if !self.tifs().contains(&self.tif) {
            self.tif = self.tifs()[0];
        }
        if !self.post_only_applies() {
            self.post_only = false;
        }
        if !self.quote_unit_applies() {
            self.unit = SizeUnit::Base;
        }
        if !self.fields().contains(&self.field) {
            self.field = Field::Kind;
        }
    }

    /// The focused text field, if any.
    pub fn text_mut(&mut self) -> Option<&mut String> {
        match self.field {
            Field::Size => Some(&mut self.size),
            Field::Price => Some(&mut self.price),
            Field::Stop => Some(&mut self.stop),
            _ => None,
        }
    }

    /// Types a character into the focused text field (at most 40 characters are kept).
    pub fn type_char(&mut self, c: char) {
        if let Some(text) = self.text_mut()
            && text.chars().count() < crate::decimal::MAX_INPUT_LEN + 1
        {
            text.push(c);
            self.edited();
        }
    }

    /// Deletes the last character of the focused text field.
    pub fn delete_char(&mut self) {
        if self.text_mut().and_then(String::pop).is_some() {
            self.edited();
        }
    }

    /// Puts `price` in the limit price field (a price shortcut).
    pub fn fill_price(&mut self, price: String) {
        self.price = price;
        self.edited();
    }

    /// Puts `size` in the size field and focuses it (the size shortcut).
    pub fn fill_size(&mut self, size: String) {
        self.size = size;
        self.field = Field::Size;
        self.edited();
    }

    /// An edit: the last refusal and the last conversion described older fields.
    fn edited(&mut self) {
        self.rejection = None;
        self.converted = None;
    }

    /// The GTD expiry as a duration.
    pub fn expiry_duration(&self) -> Duration {
        Duration::seconds(EXPIRIES[self.expiry.min(EXPIRIES.len() - 1)].0)
    }

    /// Whether the review card still ignores keys at `now`.
    pub fn arming(&self, now: Instant) -> bool {
        matches!(&self.stage, Stage::Review { opened, .. } if now.saturating_duration_since(*opened) < ARMING)
    }
}

fn cycle_index<T: PartialEq>(items: &[T], current: T, step: isize) -> usize {
    let pos = items.iter().position(|i| *i == current).unwrap_or(0) as isize;
    (pos + step).rem_euclid(items.len() as isize) as usize
}
