//! One order model: the same orders entered through the CLI's flags and through the
//! dashboard ticket's fields give byte-identical `POST /orders` bodies.

mod support;

use cbterm::app::model::ticket::{Field, SizeUnit, Ticket};
use cbterm::app::model::ticket_check::{self, TicketContext};
use cbterm::cli::{Cli, Command, draft_from_args};
use cbterm::coinbase::wire::CreateOrderRequest;
use cbterm::domain::{ClientOrderIds, NewOrder, OrderKind, ProductId, Side, StopDirection, TimeInForce};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use clap::Parser;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

const ID: &str = "0123456789abcdef0123456789abcdef";

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn wall() -> DateTime<Utc> {
    "2026-11-01T12:00:00Z".parse().expect("time")
}

fn btc() -> ProductId {
    ProductId("BTC-USD".into())
}

/// One order, as a trader would state it.
#[derive(Debug, Clone, Copy)]
struct Case<'a> {
    side: Side,
    kind: OrderKind,
    tif: TimeInForce,
    quote: bool,
    size: &'a str,
    price: Option<&'a str>,
    stop: Option<&'a str>,
    direction: Option<StopDirection>,
    post_only: bool,
}

const fn case(side: Side, kind: OrderKind, tif: TimeInForce, size: &str) -> Case<'_> {
    Case { side, kind, tif, quote: false, size, price: None, stop: None, direction: None, post_only: false }
}

fn cases() -> Vec<Case<'static>> {
    use OrderKind::*;
    use Side::*;
    use StopDirection::*;
    use TimeInForce::*;
    let limit = |side, tif, price| Case { price: Some(price), ..case(side, Limit, tif, "0.01") };
    let stop = |side, tif, stop, price, direction| Case {
        price: Some(price),
        stop: Some(stop),
        direction,
        ..case(side, StopLimit, tif, "0.01")
    };
    let bracket = |side, tif, price, stop| Case {
        price: Some(price),
        stop: Some(stop),
        ..case(side, Bracket, tif, "0.01")
    };
    vec![
        case(Buy, Market, Ioc, "0.01"),
        Case { quote: true, ..case(Buy, Market, Ioc, "50.00") },
        case(Sell, Market, Ioc, "0.02"),
        limit(Buy, Gtc, "49000.00"),
        Case { post_only: true, ..limit(Sell, Gtc, "51000.00") },
        limit(Buy, Gtd, "49000.50"),
        Case { post_only: true, ..limit(Sell, Gtd, "51000.50") },
        limit(Buy, Ioc, "50005.00"),
        limit(Sell, Fok, "49995.00"),
        stop(Buy, Gtc, "51000.00", "51100.00", None),
        stop(Sell, Gtc, "49000.00", "48900.00", None),
        stop(Sell, Gtc, "52000.00", "51900.00", Some(Up)),
        stop(Buy, Gtc, "48000.00", "48100.00", Some(Down)),
        stop(Buy, Gtd, "51000.00", "51100.00", Some(Up)),
        stop(Sell, Gtd, "49000.00", "48900.00", Some(Down)),
        bracket(Sell, Gtc, "52000.00", "48000.00"),
        bracket(Buy, Gtd, "48000.00", "52000.00"),
    ]
}

/// The argv a user would type for `c`.
fn argv(c: &Case) -> Vec<String> {
    let mut args: Vec<String> = ["cbterm", "place", "--product", "BTC-USD"].map(String::from).to_vec();
    let mut flag = |name: &str, value: &str| args.extend([format!("--{name}"), value.to_string()]);
    flag("side", if c.side == Side::Buy { "buy" } else { "sell" });
    flag("type", c.kind.name());
    flag(if c.quote { "quote-size" } else { "size" }, c.size);
    c.price.iter().for_each(|p| flag("price", p));
    c.stop.iter().for_each(|p| flag("stop-price", p));
    c.direction.iter().for_each(|d| flag("stop-direction", d.name()));
    flag("tif", c.tif.name());
    if c.tif == TimeInForce::Gtd {
        flag("end-time", &(wall() + Duration::hours(1)).to_rfc3339_opts(SecondsFormat::Secs, true));
    }
    flag("client-order-id", ID);
    if c.post_only {
        args.push("--post-only".into());
    }
    args
}

/// The body `cbterm place` would send for `c`, parsed from real argv.
fn cli_body(c: &Case) -> String {
    let cli = Cli::try_parse_from(argv(c)).unwrap_or_else(|e| panic!("{c:?}: {e}"));
    let Some(Command::Place(args)) = cli.command else { panic!("a place command") };
    let draft = draft_from_args(&args).expect("maps");
    let order = draft.new_order(btc(), &mut ClientOrderIds::seeded(0)).expect("builds");
    serde_json::to_string(&CreateOrderRequest::from(&order)).expect("serialises")
}

/// Focuses `field` and cycles it until `done` holds, as the keys would.
fn choose(t: &mut Ticket, field: Field, done: impl Fn(&Ticket) -> bool) {
    t.field = field;
    assert!(t.fields().contains(&field), "{field:?} is shown");
    for _ in 0..8 {
        if done(t) {
            return;
        }
        t.cycle(1);
    }
    panic!("could not choose {field:?} on {t:?}");
}

fn type_into(t: &mut Ticket, field: Field, text: &str) {
    t.field = field;
    text.chars().for_each(|c| t.type_char(c));
}

/// The body the ticket would send for `c`, from its fields.
fn ticket_body(c: &Case) -> String {
    let (body, problem) = ticket_order(c);
    assert_eq!(problem, None, "{c:?}");
    body
}

/// The body the ticket would build for `c`, and the guards' objection, if any.
fn ticket_order(c: &Case) -> (String, Option<String>) {
    let mut t = Ticket::new(btc(), c.side, None, ID.into());
    choose(&mut t, Field::Kind, |t| t.kind == c.kind);
    if t.tifs().len() > 1 {
        choose(&mut t, Field::Tif, |t| t.tif == c.tif);
    }
    if c.quote {
        choose(&mut t, Field::Unit, |t| t.unit == SizeUnit::Quote);
    }
    if c.post_only {
        choose(&mut t, Field::PostOnly, |t| t.post_only);
    }
    if let Some(d) = c.direction {
        choose(&mut t, Field::Direction, |t| t.effective_stop_direction() == d);
    }
    c.price.iter().for_each(|p| type_into(&mut t, Field::Price, p));
    c.stop.iter().for_each(|p| type_into(&mut t, Field::Stop, p));
    type_into(&mut t, Field::Size, c.size);
    let rules = support::btc_rules();
    let ctx = TicketContext {
        rules: Some(&rules),
        reference: Some(dec("50000")),
        bid: Some(dec("49990.00")),
        ask: Some(dec("50010.00")),
        last_trade: Some(dec("50000.00")),
        base_available: None,
        quote_available: None,
        fees: None,
        wall: wall(),
        limits: cbterm::domain::guards::RiskLimits::default(),
    };
    let check = ticket_check::check(&t, &ctx);
    let config = check.config.unwrap_or_else(|| panic!("{c:?}: no order ({:?})", check.problem));
    let order = NewOrder {
        client_order_id: t.client_order_id.clone(),
        product_id: t.product.clone(),
        side: t.side,
        config,
    };
    (serde_json::to_string(&CreateOrderRequest::from(&order)).expect("serialises"), check.problem)
}

#[test]
fn cli_and_ticket_send_byte_identical_bodies() {
    let mut bodies = std::collections::BTreeSet::new();
    for c in cases() {
        let (cli, ticket) = (cli_body(&c), ticket_body(&c));
        assert_eq!(cli, ticket, "{c:?}");
        bodies.insert(cli);
    }
    assert_eq!(bodies.len(), cases().len(), "every case is a different order");
    for kind in OrderKind::ALL {
        for tif in kind.tifs() {
            assert!(cases().iter().any(|c| c.kind == kind && c.tif == *tif), "{kind} {tif} is covered");
        }
    }
}

#[test]
fn the_bodies_are_coinbases_shapes() {
    let take_profit = cases()[11];
    assert_eq!(
        cli_body(&take_profit),
        format!(
            r#"{{"client_order_id":"{ID}","product_id":"BTC-USD","side":"SELL","order_configuration":{{"stop_limit_stop_limit_gtc":{{"base_size":"0.01","limit_price":"51900.00","stop_price":"52000.00","stop_direction":"STOP_DIRECTION_STOP_UP"}}}}}}"#
        )
    );
    let gtd = cases()[5];
    assert_eq!(
        ticket_body(&gtd),
        format!(
            r#"{{"client_order_id":"{ID}","product_id":"BTC-USD","side":"BUY","order_configuration":{{"limit_limit_gtd":{{"base_size":"0.01","limit_price":"49000.50","end_time":"2026-11-01T13:00:00Z","post_only":false}}}}}}"#
        )
    );
    let quote = cases()[1];
    assert_eq!(
        ticket_body(&quote),
        format!(
            r#"{{"client_order_id":"{ID}","product_id":"BTC-USD","side":"BUY","order_configuration":{{"market_market_ioc":{{"quote_size":"50.00"}}}}}}"#
        )
    );
}

/// A positive decimal string with at most `int` integer digits and 0 to `max_scale` decimals.
fn random_decimal(rng: &mut ChaCha8Rng, int: u32, max_scale: u32) -> String {
    let whole = rng.gen_range(0..10u64.pow(int));
    match rng.gen_range(0..=max_scale) {
        0 => format!("{}", whole.max(1)),
        scale => format!("{whole}.{:0width$}", rng.gen_range(1..10u64.pow(scale)), width = scale as usize),
    }
}

/// Seeded random orders of every kind, TIF and direction, with arbitrary (even off-tick or
/// far-off) amounts: the two paths still build the same body, whatever the guards then say.
#[test]
fn random_orders_build_the_same_body_both_ways() {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    for _ in 0..300 {
        let kind = OrderKind::ALL[rng.gen_range(0..4)];
        let side = if rng.gen_bool(0.5) { Side::Buy } else { Side::Sell };
        let tif = kind.tifs()[rng.gen_range(0..kind.tifs().len())];
        let quote = kind == OrderKind::Market && side == Side::Buy && rng.gen_bool(0.5);
        let (size, price, stop) =
            (random_decimal(&mut rng, 3, 4), random_decimal(&mut rng, 6, 2), random_decimal(&mut rng, 6, 2));
        let mut c = case(side, kind, tif, &size);
        c.quote = quote;
        c.price = kind.has_limit_price().then_some(price.as_str());
        c.stop = kind.has_stop_price().then_some(stop.as_str());
        if kind == OrderKind::StopLimit && rng.gen_bool(0.7) {
            c.direction = Some(if rng.gen_bool(0.5) { StopDirection::Up } else { StopDirection::Down });
        }
        c.post_only = kind.allows_post_only(tif) && rng.gen_bool(0.5);
        let (ticket, _) = ticket_order(&c);
        assert_eq!(cli_body(&c), ticket, "{c:?}");
    }
}
