//! The order journal for `place` and `cancel` (R-ORD1): the same file and venue key as the
//! dashboard, so a dashboard started later looks up what a command left unresolved. An order
//! is not sent when the journal cannot record it.

use chrono::Utc;

use super::outcome::Placed;
use super::{CliError, Venue, VenueKind};
use crate::domain::{IntentOutcome, NewOrder};
use crate::journal::{CancelIntent, Journal};

/// Opens the journal of `venue`: in memory for the demo (its simulator stops with the
/// command), else the file in the state directory.
pub fn open(venue: &Venue) -> Result<Journal, CliError> {
    let key = Journal::venue_key(venue.rest.base(), venue.creds.as_ref().map(|c| c.name()));
    let opened = match venue.kind {
        VenueKind::Demo => Journal::in_memory(&key),
        _ => Journal::open(&Journal::default_path(), &key),
    };
    opened.map_err(|e| CliError::Usage(format!("{e}; nothing was sent")))
}

/// Journals `order` before it is sent.
pub fn record_create(journal: &Journal, order: &NewOrder) -> Result<(), CliError> {
    journal
        .record_create(order, Utc::now())
        .map_err(|e| CliError::Usage(format!("{e}; the order was not sent")))
}

/// Records how an order ended; a failure is reported, the command's result stands.
pub fn resolve(journal: &Journal, client_order_id: &str, outcome: &IntentOutcome) {
    if let Err(e) = journal.resolve_create(client_order_id, outcome, Utc::now()) {
        eprintln!("warning: {e} (the outcome of {client_order_id} is not recorded)");
    }
}

/// Records how an accepted order ended up: `accepted`, or `found` when the answer was an
/// existing order of the same client order id.
pub fn resolve_placed(journal: &Journal, client_order_id: &str, placed: &Placed) {
    let order_id = placed.order_id.clone();
    let outcome = if placed.existing {
        IntentOutcome::Found { order_id }
    } else {
        IntentOutcome::Accepted { order_id }
    };
    resolve(journal, client_order_id, &outcome);
}

/// Journals a cancel before it is sent. A cancel never adds exposure, so one the journal
/// cannot record is still sent, with a warning.
pub fn record_cancel(journal: Option<&Journal>, order_ids: &[String]) -> Option<CancelIntent> {
    let journal = journal?;
    match journal.record_cancel(order_ids, Utc::now()) {
        Ok(intent) => Some(intent),
        Err(e) => {
            eprintln!("warning: {e}; the cancel is sent anyway");
            None
        }
    }
}

/// Records the answer to a journaled cancel.
pub fn resolve_cancel(journal: Option<&Journal>, intent: Option<CancelIntent>, outcome: &str) {
    if let (Some(journal), Some(intent)) = (journal, intent)
        && let Err(e) = journal.resolve_cancel(intent, outcome, Utc::now())
    {
        eprintln!("warning: {e} (the cancel's answer is not recorded)");
    }
}
