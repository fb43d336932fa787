//! The order journal across a crash (issue 8, R-ORD1): an order journaled and sent, whose
//! answer the simulator withholds, survives a SIGKILL of the dashboard. After the restart it
//! is found by its client order id and shown in Open orders, and it is never sent again.
//! Without a usable journal no order can be sent at all.
//!
//! The compiled binary runs on a PTY against a simulator started by the test, with its own
//! XDG state directory (where the journal lives). Every wait has a deadline.

mod common;
mod pty;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{Venue, journal_file, journal_rows};
use portable_pty::CommandBuilder;
use pty::{Pty, WAIT};
use rust_decimal::Decimal;
use serde_json::json;

fn dashboard(venue: &Venue, state: &Path) -> Pty {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    cmd.args(venue.flags());
    cmd.env_remove("COINBASE_API_KEY");
    cmd.env_remove("COINBASE_API_SECRET");
    Pty::spawn_in(cmd, state)
}

/// Polls `probe` until it gives a value; panics after [`WAIT`].
fn eventually<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn btc_last(screen: &str) -> Option<Decimal> {
    let row = screen.lines().find(|l| l.starts_with("│BTC-USD"))?;
    row.split_whitespace().nth(1)?.parse().ok()
}

/// Opens a limit buy ticket at `price` for 0.001 BTC and confirms it by keys.
fn place_by_keys(pty: &mut Pty, price: Decimal) {
    pty.send("b");
    pty.wait_for("the ticket", |s| s.contains("Order ticket"));
    pty.send(&price.to_string());
    pty.send("\t0.001");
    pty.wait_for("a valid ticket", |s| s.contains("ready to review"));
    pty.send("\r");
    pty.send("\r");
    pty.wait_for("the armed review card", |s| s.contains("to send this order"));
    pty.send("y");
}

fn open_row(screen: &str, price: Decimal) -> bool {
    screen.lines().any(|l| {
        let words = l.split_whitespace().collect::<Vec<_>>().join(" ");
        words.contains("BTC-USD BUY") && words.contains(&price.to_string()) && words.contains("OPEN")
    })
}

#[test]
fn an_order_journaled_before_a_kill_is_found_after_the_restart_and_never_sent_twice() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let venue = runtime.block_on(Venue::live());
    let state = tempfile::tempdir().expect("state dir");
    runtime.block_on(venue.admin_post("/faults", json!({"drop_next_order_response": true})));

    let mut pty = dashboard(&venue, state.path());
    let live = |s: &str| btc_last(s).is_some() && s.contains("market Live") && s.contains("user Live");
    let screen = pty.wait_for("live prices", live);
    let price = (btc_last(&screen).expect("last") * Decimal::new(97, 2)).floor();
    place_by_keys(&mut pty, price);
    let client_order_id =
        eventually("the journaled intent", || match journal_rows(state.path()).as_slice() {
            [(kind, Some(id), None)] if kind == "create" => Some(id.clone()),
            _ => None,
        });
    let sim_order = eventually("the order in the simulator", || {
        let orders = runtime.block_on(venue.sim_orders());
        orders.into_iter().find(|o| o["client_order_id"] == client_order_id.as_str())
    });
    let faults = runtime.block_on(venue.admin_get("/faults"));
    assert_eq!(faults["drop_next_order_response"], false, "the POST arrived and its answer is withheld");
    let screen = pty.screen();
    assert!(
        !screen.contains("order accepted") && !screen.contains("outcome unknown"),
        "no answer yet:\n{screen}"
    );
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pty.child.process_id().expect("pid").to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    assert!(!pty.exit_status().success(), "killed, not ended");
    drop(pty);

    // From here on, any order POST would fail and consume this one-shot fault.
    let tripwire = json!({"status": 500, "count": 1, "method": "POST"});
    runtime.block_on(venue.admin_post("/faults", json!({ "fail_private": tripwire })));
    let mut pty = dashboard(&venue, state.path());
    let short = &client_order_id[..8];
    let order_id = sim_order["order_id"].as_str().expect("order id").to_string();
    let found = format!("order {short} from the last session found: {} OPEN", &order_id[..8]);
    pty.wait_for("the order found by its client order id", |s| s.contains(&found));
    pty.wait_for("the order in Open orders", |s| open_row(s, price));
    let resolved =
        eventually("the intent resolved in the journal", || match journal_rows(state.path()).as_slice() {
            [(_, Some(id), Some(outcome))] if *id == client_order_id => Some(outcome.clone()),
            _ => None,
        });
    assert_eq!(resolved, format!("found {order_id}"));
    let same_id: Vec<_> = runtime
        .block_on(venue.sim_orders())
        .into_iter()
        .filter(|o| o["client_order_id"] == client_order_id.as_str())
        .collect();
    assert_eq!(same_id, vec![sim_order.clone()], "exactly one order with that client order id, unchanged");
    let faults = runtime.block_on(venue.admin_get("/faults"));
    assert_eq!(faults["fail_private"], tripwire, "no POST reached the simulator after the restart");
    pty.send("q");
    assert!(pty.finish().success());
}

/// The journaled intent of a session that stopped before sending it: the exchange never saw it.
fn seed_unsent_intent(venue: &Venue, state: &Path, client_order_id: &str) {
    use cbterm::domain::{LimitGtc, NewOrder, OrderConfig, ProductId, Side};
    let key = cbterm::journal::Journal::venue_key(&venue.sim.api_url, Some(venue.creds.name()));
    let journal = cbterm::journal::Journal::open(&journal_file(state), &key).expect("journal");
    let config = OrderConfig::LimitGtc(LimitGtc {
        base_size: Decimal::ONE,
        limit_price: Decimal::new(1000, 2),
        post_only: false,
    });
    let product_id = ProductId::parse("SOL-USD").expect("product");
    let order = NewOrder { client_order_id: client_order_id.into(), product_id, side: Side::Buy, config };
    journal.record_create(&order, chrono::Utc::now()).expect("journaled");
}

#[test]
fn an_intent_the_exchange_never_saw_is_looked_up_then_offered_not_resent() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let venue = runtime.block_on(Venue::live());
    let state = tempfile::tempdir().expect("state dir");
    let client_order_id = "feedc0de00000000000000000000beef";
    seed_unsent_intent(&venue, state.path(), client_order_id);

    let mut pty = dashboard(&venue, state.path());
    pty.wait_for("the reconciling notice", |s| {
        s.contains("reconciling 1 order(s) from the last session… trading disabled")
    });
    pty.send("b");
    pty.wait_for("the refusal", |s| s.contains("trading disabled until 1 order(s) from the last session"));
    let not_found = "order feedc0de not found after 5 checks";
    let screen = pty.wait_for("the lookups to end", |s| s.contains(not_found));
    assert!(!screen.contains("reconciling"), "trading is enabled again:\n{screen}");
    pty.send("b");
    pty.wait_for("a ticket", |s| s.contains("Order ticket"));
    pty.send("\x1b");
    pty.wait_for("the ticket closed", |s| !s.contains("Order ticket"));
    assert!(runtime.block_on(venue.sim_orders()).is_empty(), "nothing was sent");
    assert_eq!(journal_rows(state.path()), vec![("create".into(), Some(client_order_id.into()), None)]);
    pty.send("q");
    assert!(pty.finish().success());
}

#[test]
fn without_a_usable_journal_trading_is_disabled_and_nothing_is_sent() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let venue = runtime.block_on(Venue::live());
    let state = tempfile::tempdir().expect("state dir");
    // The journal file is not a database (the log beside it works).
    let file = journal_file(state.path());
    std::fs::create_dir_all(file.parent().expect("dir")).expect("state dir");
    std::fs::write(&file, vec![0x5a_u8; 8192]).expect("corrupt journal");

    let mut pty = dashboard(&venue, state.path());
    let live = |s: &str| btc_last(s).is_some() && s.contains("market Live") && s.contains("user Live");
    pty.wait_for("live prices", live);
    pty.wait_for("the reason on screen", |s| s.contains("trading disabled: order journal unusable"));
    pty.send("b");
    pty.wait_for("the refusal", |s| {
        s.contains("trading disabled: cannot open the order journal") && s.contains("file is not a database")
    });
    assert!(!pty.screen().contains("Order ticket"), "no ticket opens");
    assert!(runtime.block_on(venue.sim_orders()).is_empty(), "no order reached the simulator");
    pty.send("q");
    assert!(pty.finish().success());
}
