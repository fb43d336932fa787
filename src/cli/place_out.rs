//! Output of `place` and `cancel`, as a sentence or as JSON.

use super::CliError;
use super::outcome::{Fate, Placed, SETTLE_WITHIN, fate};
use super::table::{Align, render};
use crate::coinbase::parse;
use crate::coinbase::wire::{CancelResult, Order, PreviewOrderResponse};
use crate::domain::NewOrder;
use rust_decimal::Decimal;

fn print_json(value: &serde_json::Value) -> Result<(), CliError> {
    println!("{}", crate::inert::json_text(&value.to_string()));
    Ok(())
}

/// The rejection message: the reason in words, plus the exchange's message if it adds any.
pub fn rejection(reason: &str, message: &str) -> String {
    format!("order rejected: {}", crate::ui::words::rejection(&parse::rejection(reason, message)))
}

/// A failure code in words.
fn explain(code: &str) -> String {
    crate::ui::words::rejection(&parse::rejection(code, ""))
}

/// Prints what became of an accepted order: filled, partly filled, resting, or ended
/// unfilled, and whether the answer was an existing order (a re-sent client order id). An
/// order that ended without trading (an expired fill-or-kill, say) exits 3.
pub fn placed(placed: &Placed, request: &NewOrder, json: bool) -> Result<(), CliError> {
    let fate = placed.order.as_ref().map_or(Fate::Undecided, |o| fate(o, request));
    let line = crate::inert::inert(&describe(placed, request, fate)).into_owned();
    if json {
        print_json(&placed_json(placed, request))?;
    } else if !fate.is_refusal() {
        println!("{line}");
    }
    if fate.is_refusal() {
        return Err(CliError::Rejected(line));
    }
    Ok(())
}

/// The JSON record: the fields of the request (of the existing order when the answer was one),
/// then the outcome.
fn placed_json(placed: &Placed, request: &NewOrder) -> serde_json::Value {
    let order = placed.order.as_ref().ok();
    let filled = order.and_then(|o| o.filled_size).filter(|f| !f.is_zero());
    let text = |v: Option<Decimal>| v.map(|d| d.normalize().to_string());
    let existing = order.filter(|_| placed.existing);
    serde_json::json!({
        "success": true,
        "order_id": placed.order_id,
        "client_order_id": request.client_order_id,
        "product_id": existing.map_or(&request.product_id, |o| &o.product_id),
        "side": existing.map_or(request.side, |o| o.side),
        "order_configuration": existing.map_or(Some(&request.config), |o| o.order_configuration.as_ref()),
        "existing": placed.existing,
        "status": order.map(|o| o.status.as_wire()),
        "filled_size": text(order.and(Some(filled.unwrap_or_default()))),
        "average_filled_price": text(filled.and(order.and_then(|o| o.average_filled_price))),
        "total_fees": text(order.map(|o| o.total_fees.unwrap_or_default())),
    })
}

/// One sentence: what happened, the fills (size, average price, fees) with their currencies,
/// and the ids.
fn describe(placed: &Placed, request: &NewOrder, fate: Fate) -> String {
    let what = match placed.order.as_ref().ok().filter(|_| placed.existing) {
        Some(o) => format!("{} {} {}", o.side, o.product_id, o.order_type),
        None => format!("{} {} {}", request.side, request.product_id, request.config.order_type()),
    };
    let ids = format!("order id {}, client order id {}", placed.order_id, request.client_order_id);
    let (status, fills) = match &placed.order {
        Ok(order) => (order.status.as_wire().to_string(), fills(order)),
        Err(e) => (format!("unknown ({e})"), String::new()),
    };
    let headline = headline(fate, &status);
    if placed.existing {
        return format!(
            "EXISTING order {} ({status}): client order id {} was used already, nothing new was \
             placed; {headline}: {what}{fills}",
            placed.order_id, request.client_order_id
        );
    }
    format!("{headline}: {what}{fills} ({ids})")
}

fn headline(fate: Fate, status: &str) -> String {
    let ended = status.to_lowercase();
    match fate {
        Fate::Filled => "order filled".into(),
        Fate::PartlyFilled => format!("order partly filled, the rest {ended}"),
        Fate::PartlyFilledResting => "order partly filled, the rest resting on the book".into(),
        Fate::Resting => "order resting on the book, nothing filled yet".into(),
        Fate::AwaitingStop => "stop order open, waiting for its stop price".into(),
        Fate::Unfilled => format!("order {ended} unfilled, nothing traded"),
        Fate::Failed => "order failed after it was accepted".into(),
        Fate::Undecided => format!(
            "order accepted, status {status} after {}s; see `cbterm orders --all-statuses`",
            SETTLE_WITHIN.as_secs()
        ),
    }
}

/// `; filled 0.01 BTC at an average 50000.12 USD, fees 3.00 USD`, or nothing when unfilled.
fn fills(order: &Order) -> String {
    let filled = order.filled_size.unwrap_or_default();
    if filled.is_zero() {
        return match order.reject_reason.as_str() {
            "" => String::new(),
            reason => format!("; reason {reason}"),
        };
    }
    let (base, quote) = (order.product_id.base(), order.product_id.quote());
    let avg = order.average_filled_price.map_or("-".into(), |p| p.normalize().to_string());
    let fees = order.total_fees.unwrap_or_default().normalize();
    format!("; filled {} {base} at an average {avg} {quote}, fees {fees} {quote}", filled.normalize())
}

/// Prints a preview; under `--dry-run` says that nothing was sent (`"dry_run": true` in JSON).
pub fn preview(p: &PreviewOrderResponse, json: bool, dry_run: bool) -> Result<(), CliError> {
    if json {
        let mut value = serde_json::to_value(p).map_err(|e| CliError::Usage(e.to_string()))?;
        if let (true, Some(object)) = (dry_run, value.as_object_mut()) {
            object.insert("dry_run".into(), serde_json::Value::Bool(true));
        }
        return print_json(&value);
    }
    let show = |v: Option<Decimal>| v.map(|d| d.normalize().to_string()).unwrap_or_else(|| "-".into());
    if dry_run {
        println!("dry-run: the order was previewed, not sent");
    }
    println!(
        "preview: total {} fee {} est. average price {} slippage {}",
        show(p.order_total),
        show(p.commission_total),
        show(p.est_average_filled_price),
        show(p.slippage)
    );
    let errors = p.real_errors();
    if errors.is_empty() {
        println!("the exchange reports no problems with this order");
        return Ok(());
    }
    let words: Vec<String> = errors.iter().map(|e| explain(e)).collect();
    Err(CliError::Rejected(format!("the exchange would reject this order: {}", words.join("; "))))
}

/// Prints cancel results; any failure makes the command exit 3.
pub fn cancelled(results: &[CancelResult], json: bool) -> Result<(), CliError> {
    let failed = results.iter().filter(|r| !r.success).count();
    if json {
        let value = serde_json::to_value(results).map_err(|e| CliError::Usage(e.to_string()))?;
        print_json(&value)?;
    } else if results.is_empty() {
        println!("no open orders to cancel");
    } else {
        let rows: Vec<Vec<String>> = results
            .iter()
            .map(|r| {
                let outcome =
                    if r.success { "cancel requested".to_string() } else { explain(&r.failure_reason) };
                vec![r.order_id.clone(), outcome]
            })
            .collect();
        println!("{}", render(&[("ORDER ID", Align::Left), ("RESULT", Align::Left)], &rows));
    }
    if failed > 0 {
        return Err(CliError::Rejected(format!("{failed} of {} cancels were refused", results.len())));
    }
    Ok(())
}
