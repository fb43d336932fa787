//! Output of `place` and `cancel`, as a sentence or as JSON.

use super::CliError;
use super::table::{Align, render};
use crate::coinbase::parse;
use crate::coinbase::wire::{CancelResult, CreateSuccess, PreviewOrderResponse};
use crate::domain::NewOrder;

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

/// Prints an accepted order.
pub fn placed(success: &CreateSuccess, request: &NewOrder, json: bool) -> Result<(), CliError> {
    if json {
        return print_json(&serde_json::json!({
            "success": true,
            "order_id": success.order_id,
            "client_order_id": request.client_order_id,
            "product_id": request.product_id,
            "side": request.side,
            "order_configuration": request.config,
        }));
    }
    let line = format!(
        "order accepted: {} {} {} (order id {}, client order id {})",
        request.side,
        request.product_id,
        request.config.order_type(),
        success.order_id,
        request.client_order_id
    );
    println!("{}", crate::inert::inert(&line));
    Ok(())
}

/// Prints a preview.
pub fn preview(p: &PreviewOrderResponse, json: bool) -> Result<(), CliError> {
    if json {
        let value = serde_json::to_value(p).map_err(|e| CliError::Usage(e.to_string()))?;
        return print_json(&value);
    }
    let show = |v: Option<rust_decimal::Decimal>| v.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
    println!(
        "preview: total {} fee {} est. average price {}",
        show(p.order_total),
        show(p.commission_total),
        show(p.est_average_filled_price)
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
