//! The command palette's state (the line, history browsing) and what a parsed line would do:
//! an order becomes the ticket it stands for, checked by the ticket's own rules
//! ([`super::ticket_check`]); the other commands are checked against the model.

use rust_decimal::Decimal;

use super::alerts::{self, Condition, Target};
use super::ticket::{Field, OrderKind, SIZE_PERCENTS, SizeUnit, Ticket};
use super::ticket_check::{self, Checked};
use super::{Model, Overlay};
use crate::app::palette::{self, Command, OrderCommand, PriceSpec, SizeSpec, WatchChange};
use crate::domain::ProductId;

/// Lines kept in the session's history.
pub const HISTORY_MAX: usize = 100;
/// Longest line the palette takes.
pub const LINE_MAX: usize = 200;

/// The palette's input line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Palette {
    /// What is typed (or recalled from the history).
    pub line: String,
    /// The history line shown while browsing (0 is the oldest); `None` while typing.
    pub browsing: Option<usize>,
    /// The line typed before browsing began, shown again after the newest.
    pub typed: String,
    /// Why the last Enter ran nothing; cleared by the next edit.
    pub error: Option<String>,
}

impl Palette {
    /// Types a character (the line is kept to [`LINE_MAX`] characters).
    pub fn type_char(&mut self, c: char) {
        if self.line.chars().count() < LINE_MAX {
            self.line.push(c);
        }
        self.edited();
    }

    /// Deletes the last character.
    pub fn delete_char(&mut self) {
        self.line.pop();
        self.edited();
    }

    /// Replaces the line (a completion).
    pub fn set_line(&mut self, line: String) {
        self.line = line;
        self.edited();
    }

    fn edited(&mut self) {
        self.browsing = None;
        self.error = None;
    }

    /// Moves through `history` by `step` (negative: older); past the newest, the typed line.
    pub fn browse(&mut self, history: &[String], step: isize) {
        if history.is_empty() {
            return;
        }
        let newest = history.len() as isize - 1;
        let next = match self.browsing {
            None if step < 0 => {
                self.typed = self.line.clone();
                newest
            }
            None => return,
            Some(i) => i as isize + step,
        };
        self.error = None;
        if next > newest {
            self.browsing = None;
            self.line = std::mem::take(&mut self.typed);
            return;
        }
        let i = next.clamp(0, newest) as usize;
        self.browsing = Some(i);
        self.line = history[i].clone();
    }
}

/// What the palette's line would do, shown under it as it is typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Preview {
    /// Nothing typed yet.
    Empty,
    /// Not a command, or one that cannot run now: why.
    Invalid(String),
    /// An order: the ticket it fills in, and that ticket's check.
    Order {
        /// The ticket.
        ticket: Box<Ticket>,
        /// The ticket's check (the order, or its first problem).
        checked: Box<Checked>,
    },
    /// Another command, and what it will do in words.
    Ready(String),
}

impl Model {
    /// The open palette, if any.
    pub fn palette(&self) -> Option<&Palette> {
        match &self.overlay {
            Overlay::Palette(p) => Some(p),
            _ => None,
        }
    }

    /// What `line` would do now.
    pub fn palette_preview(&self, line: &str) -> Preview {
        if line.trim().is_empty() {
            return Preview::Empty;
        }
        let command = match palette::parse(line) {
            Ok(command) => command,
            Err(e) => return Preview::Invalid(e.to_string()),
        };
        if let Command::Order(order) = &command {
            return match self.ticket_for(order, "preview".into()) {
                Ok(t) => {
                    let checked = ticket_check::check(&t, &self.ticket_context(&t));
                    Preview::Order { ticket: Box::new(t), checked: Box::new(checked) }
                }
                Err(why) => Preview::Invalid(why),
            };
        }
        match self.command_words(&command) {
            Ok(words) => Preview::Ready(words),
            Err(why) => Preview::Invalid(why),
        }
    }

    /// Refuses a product the catalogue does not have (once it is loaded).
    pub(super) fn known(&self, product: &ProductId) -> Result<(), String> {
        if self.catalog.is_empty() || self.catalog.contains(product) {
            Ok(())
        } else {
            Err(format!("{product} is not a known product"))
        }
    }

    /// The condition an `alert` line arms, by the alert form's rules, on a known product of
    /// the watchlist (alerts fire on the watchlist's live prices).
    pub(super) fn alert_condition(&self, product: &ProductId, target: Target) -> Result<Condition, String> {
        self.known(product)?;
        if !self.watch.contains(product) {
            return Err(format!(
                "{product} is not in the watchlist, so no live price would fire it: watch add it first"
            ));
        }
        alerts::arm(target, product, self.mark_price(product))
    }

    /// The ticket an order command fills in: the same fields the ticket's keys would set,
    /// a `%` size computed by the ticket's `%` rule.
    pub(super) fn ticket_for(&self, order: &OrderCommand, id: String) -> Result<Ticket, String> {
        self.known(&order.product)?;
        let (kind, price, stop, post_only) = match order.price {
            PriceSpec::Market => (OrderKind::Market, None, None, false),
            PriceSpec::Limit { price, post_only } => (OrderKind::Limit, Some(price), None, post_only),
            PriceSpec::StopLimit { stop, limit } => (OrderKind::StopLimit, Some(limit), Some(stop), false),
        };
        let mut t = Ticket::new(order.product.clone(), order.side, price, id);
        t.kind = kind;
        t.tif = kind.default_tif();
        t.post_only = post_only;
        t.stop = stop.map(|s| s.to_string()).unwrap_or_default();
        t.field = Field::Size;
        match order.size {
            SizeSpec::Base(size) => t.size = size.to_string(),
            SizeSpec::Quote(size) if t.quote_unit_applies() => {
                t.unit = SizeUnit::Quote;
                t.size = size.to_string();
            }
            SizeSpec::Quote(_) => {
                return Err(format!(
                    "a market sell is sized in {}, not in {}",
                    t.product.base(),
                    t.product.quote()
                ));
            }
            SizeSpec::Percent(pct) => {
                let listed = SIZE_PERCENTS.iter().position(|p| Decimal::from(*p) == pct);
                t.pct_step = listed.map_or(0, |i| (i + 1) % SIZE_PERCENTS.len());
                t.size = self.balance_share(&t, pct).ok_or_else(|| {
                    format!("{pct}% of the balance: no balance, rules or price known for {} yet", t.product)
                })?;
            }
        }
        Ok(t)
    }

    /// What a command other than an order will do, or why it cannot.
    fn command_words(&self, command: &Command) -> Result<String, String> {
        match command {
            Command::Order(order) => Ok(order.to_string()),
            Command::CancelAll { product } => {
                let count = self.cancellable(product.as_ref()).len();
                let what = product.as_ref().map_or(String::new(), |p| format!("{p} "));
                match count {
                    0 => Err(format!("no open {what}orders to cancel")),
                    n => Ok(format!("ask to cancel {n} open {what}order(s)")),
                }
            }
            Command::Chart { granularity } => Ok(format!("chart candles of {}", granularity.label())),
            Command::Theme { name } => Ok(format!("draw in the {name} theme (this session)")),
            Command::Watch { change: WatchChange::Add, product } => {
                self.known(product)?;
                Ok(format!("add {product} to the watchlist"))
            }
            Command::Watch { change: WatchChange::Remove, product } if self.watch.contains(product) => {
                Ok(format!("remove {product} from the watchlist"))
            }
            Command::Watch { product, .. } => Err(format!("{product} is not in the watchlist")),
            Command::Alert { product, target } => {
                let condition = self.alert_condition(product, *target)?;
                Ok(format!("alert when {product} is {}", condition.describe()))
            }
        }
    }
}
