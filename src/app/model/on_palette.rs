//! The palette's keys and running a line: an order opens the ticket's review card (the same
//! ticket, checks and `y` path), the other commands act at once or ask as their key would.

use super::palette::HISTORY_MAX;
use super::{Model, Overlay};
use crate::app::palette::{self, Command, OrderCommand, WatchChange};
use crate::app::{Action, Effect};
use crate::domain::ProductId;

impl Model {
    pub(super) fn on_palette(&mut self, action: Action) -> Vec<Effect> {
        let history = &self.palette_history;
        let Overlay::Palette(p) = &mut self.overlay else { return Vec::new() };
        match action {
            Action::Close => self.overlay = Overlay::None,
            Action::DeleteChar => p.delete_char(),
            Action::HistoryPrev => p.browse(history, -1),
            Action::HistoryNext => p.browse(history, 1),
            Action::Complete => {
                if let Some(line) = palette::complete(&p.line, &self.catalog) {
                    p.set_line(line);
                }
            }
            Action::RunCommand => return self.run_palette(),
            _ => {}
        }
        Vec::new()
    }

    /// Enter: parses the line and runs it; on any refusal the palette stays open and says why.
    fn run_palette(&mut self) -> Vec<Effect> {
        let Some(line) = self.palette().map(|p| p.line.trim().to_string()) else { return Vec::new() };
        if line.is_empty() {
            return Vec::new();
        }
        let result = palette::parse(&line).map_err(|e| e.to_string()).and_then(|c| self.run_command(&c));
        match result {
            Ok(effects) => {
                self.remember(line);
                effects
            }
            Err(why) => {
                if let Overlay::Palette(p) = &mut self.overlay {
                    p.error = Some(why);
                }
                Vec::new()
            }
        }
    }

    fn remember(&mut self, line: String) {
        if self.palette_history.last() != Some(&line) {
            self.palette_history.push(line);
        }
        if self.palette_history.len() > HISTORY_MAX {
            self.palette_history.remove(0);
        }
    }

    fn run_command(&mut self, command: &Command) -> Result<Vec<Effect>, String> {
        match command {
            Command::Order(order) => return self.palette_order(order),
            Command::CancelAll { product } => {
                if self.cancellable(product.as_ref()).is_empty() {
                    let what = product.as_ref().map_or(String::new(), |p| format!("{p} "));
                    return Err(format!("no open {what}orders to cancel"));
                }
                self.overlay = Overlay::None;
                self.ask_cancel_all(product.clone());
                return Ok(Vec::new());
            }
            _ => {}
        }
        let effects = match command {
            Command::Chart { granularity } => self.set_granularity(*granularity),
            Command::Theme { name } => {
                self.theme = *name;
                Vec::new()
            }
            Command::Watch { change: WatchChange::Add, product } => {
                self.known(product)?;
                self.watch_product(product.clone())
            }
            Command::Watch { change: WatchChange::Remove, product } => self.unwatch(product)?,
            Command::Alert { product, target } => {
                let condition = self.alert_condition(product, *target)?;
                self.add_alert(product.clone(), condition)
            }
            Command::Order(_) | Command::CancelAll { .. } => Vec::new(),
        };
        if matches!(self.overlay, Overlay::Palette(_)) {
            self.overlay = Overlay::None;
        }
        Ok(effects)
    }

    /// An order line: the ticket it stands for, opened on its review card as Enter on the
    /// ticket would (or on the ticket itself, showing why it cannot be reviewed).
    fn palette_order(&mut self, order: &OrderCommand) -> Result<Vec<Effect>, String> {
        if self.ticket_blocked() {
            self.overlay = Overlay::None;
            return Ok(Vec::new());
        }
        let id = self.ids.next_id();
        let ticket = self.ticket_for(order, id)?;
        self.overlay = Overlay::Ticket(Box::new(ticket));
        Ok(self.review(self.now))
    }

    /// Removes `product` from the watchlist and the market subscription.
    fn unwatch(&mut self, product: &ProductId) -> Result<Vec<Effect>, String> {
        let pos = self.watch.iter().position(|p| p == product);
        let pos = pos.ok_or_else(|| format!("{product} is not in the watchlist"))?;
        let focused = self.focused().cloned();
        let was_focused = focused.as_ref() == Some(product);
        self.watch.remove(pos);
        self.markets.remove(product);
        self.flagged.remove(product);
        self.inform(format!("{product} removed from the watchlist"));
        let mut effects =
            vec![Effect::SubscribeMarket { products: self.market_products() }, self.save_watchlist()];
        let keep = focused.and_then(|f| self.watch.iter().position(|p| *p == f));
        self.selected = keep.unwrap_or_else(|| pos.min(self.watch.len().saturating_sub(1)));
        if was_focused {
            self.book_cursor = None;
            self.tick_step = 0;
            effects.extend(self.focus_loads());
        }
        Ok(effects)
    }
}
