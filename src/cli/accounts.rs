//! `cbterm accounts`: balances at each currency's precision, valued in the config file's quote
//! currency at the products' last prices, with a total.

use serde::Serialize;

use super::query::print_json;
use super::table::{Align, render};
use super::{CliError, Venue};
use crate::coinbase::{parse, wire};
use crate::domain::{ProductId, ProductRules, Valuation, valuation};
use crate::ui::fmt;

/// The JSON answer: each account with its value, and the total.
#[derive(Debug, Serialize)]
struct AccountsOut<'a> {
    accounts: Vec<AccountOut<'a>>,
    /// The currency values are in.
    quote: &'a str,
    /// Sum of the known values, at the quote's precision.
    total_value: String,
    /// Currencies with no price, left out of the total.
    unpriced: &'a [String],
}

/// One account as Coinbase lists it, plus its value.
#[derive(Debug, Serialize)]
struct AccountOut<'a> {
    #[serde(flatten)]
    account: &'a wire::Account,
    /// Available plus held, valued in the quote currency; `null` when no price is known.
    value: Option<String>,
}

/// `cbterm accounts`.
pub async fn accounts(venue: &Venue, currency: &str, json: bool) -> Result<(), CliError> {
    let accounts = venue.rest.accounts().await?;
    let products = venue.rest.products().await?;
    let rules: Vec<ProductRules> = products.iter().map(wire::Product::rules).collect();
    let price = |id: &ProductId| products.iter().find(|p| &p.product_id == id).and_then(|p| p.price);
    let valued = valuation(&parse::balances(&accounts), currency, price);
    let quote = |v| fmt::amount(v, currency, &rules);
    if json {
        let rows = accounts.iter().zip(&valued.holdings);
        let out = AccountsOut {
            accounts: rows.map(|(account, h)| AccountOut { account, value: h.value.map(quote) }).collect(),
            quote: currency,
            total_value: quote(valued.total),
            unpriced: &valued.unpriced,
        };
        return print_json(&out);
    }
    println!("{}", table(&accounts, &valued, &rules, currency));
    Ok(())
}

fn table(accounts: &[wire::Account], valued: &Valuation, rules: &[ProductRules], currency: &str) -> String {
    let quote = |v| fmt::amount(v, currency, rules);
    let mut rows: Vec<Vec<String>> = accounts
        .iter()
        .zip(&valued.holdings)
        .map(|(a, h)| {
            let amount = |v| fmt::amount(v, &a.currency, rules);
            let value = h.value.map_or_else(|| "-".into(), quote);
            vec![
                a.currency.clone(),
                amount(a.available_balance.value),
                amount(a.hold_value()),
                amount(h.total),
                value,
            ]
        })
        .collect();
    let partial = if valued.unpriced.is_empty() { "" } else { "≥" };
    rows.push(vec![
        "TOTAL".into(),
        String::new(),
        String::new(),
        String::new(),
        format!("{partial}{}", quote(valued.total)),
    ]);
    let value = format!("VALUE {currency}");
    let header = [
        ("CURRENCY", Align::Left),
        ("AVAILABLE", Align::Right),
        ("HOLD", Align::Right),
        ("TOTAL", Align::Right),
        (value.as_str(), Align::Right),
    ];
    let mut text = render(&header, &rows);
    if !valued.unpriced.is_empty() {
        let names = valued.unpriced.join(", ");
        let note = format!("(no {currency} price for {names}: left out of the total)");
        text.push('\n');
        text.push_str(&crate::inert::inert(&note));
    }
    text
}
