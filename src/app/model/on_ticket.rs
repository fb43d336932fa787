//! The ticket's life: open, edit, shortcuts, review, send exactly once, and the answer.

use rust_decimal::Decimal;

use super::account::OpenOrder;
use super::journal::resolve;
use super::ticket::{SIZE_PERCENTS, SizeUnit, Stage, Ticket, convert};
use super::ticket_check::{base_from_quote, sizing_price};
use super::{Model, Overlay, Pane, PendingOrder, Problem};
use crate::app::{Action, Effect, Request};
use crate::domain::validate::nearest_valid;
use crate::domain::{IntentOutcome, NewOrder, OrderStatus, OrderType, ProductId, Refusal, RowStatus, Side};

impl Model {
    /// Opens a ticket for the focused product, at the selected book level when the book has focus.
    pub(super) fn open_ticket(&mut self, side: Side) {
        if self.ticket_blocked() {
            return;
        }
        let Some(product) = self.focused().cloned() else {
            self.inform("no product focused");
            return;
        };
        let price = if self.focus == Pane::Book { self.selected_book_price() } else { None };
        self.open_ticket_at(product, side, price);
    }

    /// Whether no ticket can open now (trading refused, or products not loaded), saying why.
    pub(super) fn ticket_blocked(&mut self) -> bool {
        if self.refuse_trading() {
            return true;
        }
        if self.catalog.is_empty() {
            let state = if self.retry_of(&Request::Products).is_some() { "retrying" } else { "loading" };
            self.warn(format!("products not loaded yet: {state}"));
            return true;
        }
        false
    }

    /// Opens a ticket for `product` with `price` typed in (after [`Self::ticket_blocked`]).
    pub(super) fn open_ticket_at(&mut self, product: ProductId, side: Side, price: Option<Decimal>) {
        let id = self.ids.next_id();
        self.overlay = Overlay::Ticket(Box::new(Ticket::new(product, side, price, id)));
    }

    pub(super) fn on_ticket_action(&mut self, action: Action) -> Vec<Effect> {
        let (now, fill) = (self.now, self.shortcut_value(action));
        let Overlay::Ticket(t) = &mut self.overlay else { return Vec::new() };
        match action {
            Action::Close => self.overlay = Overlay::None,
            Action::NextField => t.move_field(1),
            Action::PrevField => t.move_field(-1),
            Action::ChoicePrev | Action::ChoiceNext => {
                let before = t.unit;
                t.cycle(if action == Action::ChoicePrev { -1 } else { 1 });
                self.convert_size(before);
            }
            Action::DeleteChar => t.delete_char(),
            Action::PriceFromBid | Action::PriceFromAsk | Action::PriceFromMid => {
                if let Some(price) = fill {
                    t.fill_price(price);
                }
            }
            Action::SizeFromBalance => {
                t.pct_step = (t.pct_step + 1) % SIZE_PERCENTS.len();
                if let Some(size) = fill {
                    t.fill_size(size);
                }
            }
            Action::Review => return self.review(now),
            _ => {}
        }
        Vec::new()
    }

    /// The text a price or size shortcut would put in the ticket.
    fn shortcut_value(&self, action: Action) -> Option<String> {
        let t = self.ticket()?;
        let ctx = self.ticket_context(t);
        let tick = ctx.rules?.price_increment;
        let price = match action {
            Action::PriceFromBid => ctx.bid?,
            Action::PriceFromAsk => ctx.ask?,
            Action::PriceFromMid => {
                let (floor, ceil) =
                    nearest_valid(ctx.bid?.checked_add(ctx.ask?)?.checked_div(Decimal::TWO)?, tick);
                if t.side == Side::Buy { floor } else { ceil }
            }
            Action::SizeFromBalance => {
                let pct = SIZE_PERCENTS[t.pct_step % SIZE_PERCENTS.len()];
                return self.balance_share(t, Decimal::from(pct));
            }
            _ => return None,
        };
        Some(price.to_string())
    }

    /// The size text for `pct` % of the available balance (the `%` key's rule, which the
    /// palette's `50%` shares).
    pub(super) fn balance_share(&self, t: &Ticket, pct: Decimal) -> Option<String> {
        self.size_from_balance(t, pct).map(|d| d.normalize().to_string())
    }

    /// `pct` % of the available balance, in the ticket's unit, on the grid.
    fn size_from_balance(&self, t: &Ticket, pct: Decimal) -> Option<Decimal> {
        let ctx = self.ticket_context(t);
        let rules = ctx.rules?;
        let price = sizing_price(t, &ctx);
        let share = |avail: Decimal| avail.checked_mul(pct)?.checked_div(Decimal::ONE_HUNDRED);
        match t.side {
            Side::Buy => {
                let fee = ctx.fees.map_or(Decimal::ZERO, |f| f.taker.max(f.maker));
                let quote = share(ctx.quote_available?)?.checked_div(Decimal::ONE + fee)?;
                match t.unit {
                    SizeUnit::Quote => Some(nearest_valid(quote, rules.quote_increment).0),
                    SizeUnit::Base => base_from_quote(quote, price?, rules.base_increment),
                }
            }
            Side::Sell => {
                let base = nearest_valid(share(ctx.base_available?)?, rules.base_increment).0;
                match t.unit {
                    SizeUnit::Base => Some(base),
                    SizeUnit::Quote => {
                        Some(nearest_valid(base.checked_mul(price?)?, rules.quote_increment).0)
                    }
                }
            }
        }
    }

    /// After a choice changed the size unit from `before`: the size is converted at the
    /// sizing price, rounded down onto the new grid. When it cannot be (no price, less than
    /// one lot), a switch the user chose is undone and one forced by the order type (a market
    /// sell is sized in base) clears the size; either way the ticket says why.
    fn convert_size(&mut self, before: SizeUnit) {
        let Some(t) = self.ticket() else { return };
        let Ok(size) = crate::decimal::parse_user(&t.size) else { return };
        if t.unit == before {
            return;
        }
        let ctx = self.ticket_context(t);
        let converted = ctx.rules.zip(sizing_price(t, &ctx)).and_then(|(r, p)| convert(size, before, p, r));
        let why = match converted {
            Some(c) if !c.converted.is_zero() => Ok(c),
            Some(c) => Err(format!(
                "{size} {} is less than one {} at {} {}",
                t.currency(before),
                if before == SizeUnit::Quote { "lot" } else { "quote increment" },
                c.price,
                t.product.quote()
            )),
            None if t.kind.has_limit_price() => Err("enter a limit price to convert the size at".into()),
            None => Err("no market price yet to convert the size at".into()),
        };
        let Overlay::Ticket(t) = &mut self.overlay else { return };
        match why {
            Ok(c) => {
                t.size = c.converted.to_string();
                t.converted = Some(c);
            }
            Err(why) if t.quote_unit_applies() => {
                t.unit = before;
                t.rejection = Some(Problem::Text(format!("{why}; size unit unchanged")));
            }
            Err(why) => {
                t.size.clear();
                t.rejection = Some(Problem::Text(format!("{why}; size cleared")));
            }
        }
    }

    /// Enter on the ticket: opens the review card when the fields make an order, and asks the
    /// exchange for its preview of it (of the edit, for an edit ticket).
    pub(super) fn review(&mut self, now: std::time::Instant) -> Vec<Effect> {
        let check = self.ticket_check();
        let refusal = self.trading_refusal();
        let Overlay::Ticket(t) = &mut self.overlay else { return Vec::new() };
        let Some(check) = check else { return Vec::new() };
        t.rejection = refusal.map(Problem::from);
        let (None, Some(config), None) = (&t.rejection, check.config, check.problem) else {
            return Vec::new();
        };
        let edit = t.edit.as_mut().map(|target| {
            target.preview = None;
            super::on_edit::edit_of(&target.order, &config)
        });
        t.stage = Stage::Review { opened: now, config };
        match edit {
            Some(edit) => edit.map(Effect::PreviewEdit).into_iter().collect(),
            None => self.ask_preview(),
        }
    }

    pub(super) fn on_review_action(&mut self, action: Action) -> Vec<Effect> {
        let (refusal, arming) = (self.trading_refusal(), self.review_arming());
        let Overlay::Ticket(t) = &mut self.overlay else { return Vec::new() };
        if let (Action::Confirm, Some(refusal), Stage::Review { .. }) = (action, refusal, &t.stage) {
            t.stage = Stage::Editing;
            t.rejection = Some(refusal.into());
            return Vec::new();
        }
        if arming {
            return Vec::new();
        }
        match (action, &t.stage) {
            (Action::Confirm, Stage::Review { .. }) if t.edit.is_some() && !self.dry_run => {
                self.confirm_edit()
            }
            (Action::Confirm, Stage::Review { .. }) => self.send_reviewed(),
            (Action::Close, Stage::Review { .. }) if t.resubmit => {
                self.overlay = Overlay::None;
                Vec::new()
            }
            (Action::Close, Stage::Review { .. }) => {
                t.stage = Stage::Editing;
                t.preview = super::ticket::PreviewState::NotAsked;
                Vec::new()
            }
            (Action::Close, Stage::Sending) => {
                self.overlay = Overlay::None;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Sends the ticket on its review stage in the overlay, exactly once: the one `y` path of
    /// the review card and the flatten question. Nothing is sent while the journal is broken.
    pub(super) fn send_reviewed(&mut self) -> Vec<Effect> {
        if self.dry_run {
            return self.dry_run_confirm();
        }
        let journal_broken = self.journal_error.is_some();
        let Overlay::Ticket(t) = &mut self.overlay else { return Vec::new() };
        let Stage::Review { config, .. } = &t.stage else { return Vec::new() };
        if journal_broken {
            self.overlay = Overlay::None;
            self.refuse_trading();
            return Vec::new();
        }
        if t.resubmit {
            t.stage = Stage::Sending;
            let id = t.client_order_id.clone();
            return self.send_resubmit(&id);
        }
        let request = t.order(config);
        t.stage = Stage::Sending;
        tracing::info!(client_order_id = %request.client_order_id, product = %request.product_id,
            side = %request.side, order_type = request.config.order_type(), "order sent");
        let pending = PendingOrder { request: request.clone(), sent: self.wall, ticket: t.clone() };
        self.pending_orders.insert(request.client_order_id.clone(), pending);
        vec![Effect::PlaceOrder(request)]
    }

    pub(super) fn on_order_accepted(&mut self, client_order_id: &str, order_id: &str) -> Vec<Effect> {
        tracing::info!(client_order_id, order_id, "order accepted");
        if let Some(pending) = self.pending_orders.remove(client_order_id) {
            self.account.insert_placed(placed_order(&pending.request, order_id, self.wall));
        }
        if self.intents.remove(client_order_id).is_some() {
            self.account.remove_intent(client_order_id);
        }
        if self.ticket().is_some_and(|t| t.client_order_id == client_order_id) {
            self.overlay = Overlay::None;
        }
        self.inform(format!("order accepted: {order_id}"));
        let accepted = IntentOutcome::Accepted { order_id: order_id.to_string() };
        let mut effects = vec![resolve(client_order_id, accepted), Effect::LoadOpenOrders];
        effects.extend(self.reload_balances());
        effects
    }

    pub(super) fn on_order_rejected(&mut self, client_order_id: &str, refusal: &Refusal) -> Vec<Effect> {
        tracing::info!(client_order_id, refusal = ?refusal, "order rejected");
        self.pending_orders.remove(client_order_id);
        if self.resubmit_rejected(client_order_id, refusal) {
            return Vec::new();
        }
        self.fail(Problem::OrderRejected(refusal.clone()));
        let effects = vec![resolve(client_order_id, IntentOutcome::Rejected(refusal.clone()))];
        if let Overlay::Ticket(t) = &mut self.overlay
            && t.client_order_id == client_order_id
        {
            t.stage = Stage::Editing;
            t.rejection = Some(Problem::OrderRejected(refusal.clone()));
            t.client_order_id = self.ids.next_id();
        }
        effects
    }
}

fn placed_order(request: &NewOrder, order_id: &str, wall: chrono::DateTime<chrono::Utc>) -> OpenOrder {
    let config = &request.config;
    OpenOrder {
        order_id: order_id.to_string(),
        client_order_id: request.client_order_id.clone(),
        product: request.product_id.clone(),
        side: request.side,
        kind: OrderType::of(config),
        price: config.limit_price(),
        stop: config.stop_price(),
        size: config.size(),
        filled: Decimal::ZERO,
        status: RowStatus::Venue(OrderStatus::Pending),
        created: Some(wall),
        cancel_requested: false,
    }
}
