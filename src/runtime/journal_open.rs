//! Opening the order journal at start: the unresolved orders and cancels the last session
//! left become the model's first message.

use chrono::Utc;

use crate::app::Msg;
use crate::journal::Journal;

use super::{DashboardConfig, JournalLocation};

/// Opens the journal of this venue and reads what the last session left unresolved. Unanswered
/// cancels are marked "not resent" at once: the model only reports them, and the open orders
/// reloaded at start show what the exchange has.
pub(super) fn open_journal(config: &DashboardConfig) -> (Option<Journal>, Msg) {
    let venue = Journal::venue_key(config.rest.base(), config.creds.as_ref().map(|c| c.name()));
    let opened = match &config.journal {
        JournalLocation::InMemory => Journal::in_memory(&venue),
        JournalLocation::File(path) => Journal::open(path, &venue),
    };
    let read = opened.and_then(|journal| {
        let unresolved = journal.unresolved()?;
        for cancel in &unresolved.cancels {
            journal.resolve_cancel(cancel.id, "not resent after a restart", Utc::now())?;
        }
        Ok((journal, unresolved))
    });
    match read {
        Ok((journal, unresolved)) => {
            let cancels = unresolved.cancels.into_iter().map(|c| c.order_ids).collect();
            (Some(journal), Msg::JournalOpened { orders: unresolved.orders, cancels })
        }
        Err(e) => (None, Msg::JournalFailed { reason: e.to_string() }),
    }
}

pub(super) fn log_journal_opened(opened: &Msg) {
    match opened {
        Msg::JournalOpened { orders, cancels } => {
            tracing::info!(orders = orders.len(), cancels = cancels.len(), "order journal opened");
        }
        Msg::JournalFailed { reason } => tracing::error!(%reason, "order journal unusable; trading disabled"),
        _ => {}
    }
}
