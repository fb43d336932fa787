//! The start-up key check: asked once at start when there is a key; its answer (the key's
//! type and rights, a transfer right to warn about, or a failure with its fix) is the status
//! message, compared whole.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use cbterm::app::model::{Problem, Severity, StatusMessage};
use cbterm::app::{Effect, Model, ModelInit, Msg, VenueLabel};
use cbterm::domain::{ClientOrderIds, KeyRights};
use support::id;

mod support;

fn fresh(has_credentials: bool) -> Model {
    Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: cbterm::app::keymap::Keymap::builtin().expect("keymap"),
        watch: vec![id("BTC-USD")],
        has_credentials,
        now: Instant::now(),
        wall: support::time("2026-01-02T03:04:05Z"),
        ids: ClientOrderIds::seeded(4),
    })
}

fn rights(trade: bool, transfer: bool) -> KeyRights {
    KeyRights {
        view: true,
        trade,
        transfer,
        portfolio_uuid: "ca7244bc-0000-4000-8000-000000000001".into(),
        portfolio_type: "DEFAULT".into(),
    }
}

fn message(m: &Model, severity: Severity, text: &str) -> Option<StatusMessage> {
    Some(StatusMessage { severity, body: Problem::Text(text.into()), since: m.now })
}

const ES256: &str = "ECDSA P-256 (ES256)";
const LINE: &str = "API key ECDSA P-256 (ES256): view yes, trade yes, transfer no; portfolio \
    ca7244bc-0000-4000-8000-000000000001 (DEFAULT)";

#[test]
fn the_key_is_checked_once_at_start_only_when_there_is_one() {
    assert_eq!(fresh(true).start().iter().filter(|e| **e == Effect::CheckKey).count(), 1);
    assert!(!fresh(false).start().contains(&Effect::CheckKey));
}

#[test]
fn a_key_that_views_and_trades_is_named_with_its_rights() {
    let mut m = fresh(true);
    assert_eq!(m.update(Msg::KeyChecked { key_type: ES256.into(), rights: rights(true, false) }), vec![]);
    assert_eq!(m.message, message(&m, Severity::Info, LINE));
    assert_eq!(m.key_rights, Some((ES256.to_string(), rights(true, false))));
}

#[test]
fn the_key_line_does_not_hide_a_warning_already_shown() {
    let mut m = fresh(true);
    m.update(Msg::ClockMeasured { offset_ms: 5_000 });
    let shown = m.message.clone();
    assert_eq!(shown.as_ref().map(|s| s.severity), Some(Severity::Warning));
    m.update(Msg::KeyChecked { key_type: ES256.into(), rights: rights(true, false) });
    assert_eq!(m.message, shown);
    assert_eq!(m.key_rights, Some((ES256.to_string(), rights(true, false))));
}

#[test]
fn a_key_that_can_transfer_is_a_warning_with_the_fix() {
    let mut m = fresh(true);
    m.update(Msg::KeyChecked { key_type: ES256.into(), rights: rights(true, true) });
    let text = "API key ECDSA P-256 (ES256): view yes, trade yes, transfer yes; portfolio \
        ca7244bc-0000-4000-8000-000000000001 (DEFAULT): the key can transfer funds out, which a trading \
        terminal never needs; fix: create a key with View and Trade only at portal.cdp.coinbase.com, use \
        it, and delete this one";
    assert_eq!(m.message, message(&m, Severity::Warning, text));
}

#[test]
fn a_key_that_cannot_trade_is_a_warning_with_the_fix() {
    let mut m = fresh(true);
    m.update(Msg::KeyChecked { key_type: ES256.into(), rights: rights(false, false) });
    let text = "API key ECDSA P-256 (ES256): view yes, trade no, transfer no; portfolio \
        ca7244bc-0000-4000-8000-000000000001 (DEFAULT): the key cannot trade: orders will be refused; fix: \
        edit the key at portal.cdp.coinbase.com and allow Trade";
    assert_eq!(m.message, message(&m, Severity::Warning, text));
}

#[test]
fn a_failed_check_is_an_error_with_the_fix() {
    let mut m = fresh(true);
    let (problem, fix) = ("the key lacks a permission: HTTP 403: Missing required scopes", "allow View");
    m.update(Msg::KeyCheckFailed { problem: problem.into(), fix: fix.into() });
    let text =
        "API key check: the key lacks a permission: HTTP 403: Missing required scopes; fix: allow View";
    assert_eq!(m.message, message(&m, Severity::Error, text));
}
