//! From markers and screen changes to latencies, and the printed lines.

use std::collections::HashMap;
use std::time::Duration;

use cbterm::sim::flood::{FloodReport, Marker};

/// Message→frame latencies of the markers made in the window, and how many never showed.
pub struct Latencies {
    /// One per marker made in the window and shown.
    pub latencies: Vec<Duration>,
    /// Markers made in the window that no frame showed (nor a later marker of their product).
    pub unseen: usize,
}

/// Each marker made within `window` (UNIX µs) is shown by the first screen change to it or to
/// a later marker of its product; its latency is that change's arrival minus its making.
pub fn marker_latencies(
    markers: &[Marker],
    products: &[&str],
    prices: &[(usize, String, i64)],
    window: (i64, i64),
) -> Latencies {
    let mut made: Vec<Vec<i64>> = vec![Vec::new(); products.len()];
    let mut index = HashMap::new();
    for m in markers {
        let Some(p) = products.iter().position(|name| *name == m.product_id.as_str()) else { continue };
        index.insert((p, m.price.as_str()), made[p].len());
        made[p].push(m.made_us);
    }
    let mut next = vec![0usize; products.len()];
    let mut latencies = Vec::new();
    for (p, price, at) in prices {
        let Some(&shown) = index.get(&(*p, price.as_str())) else { continue };
        for &t in made[*p].get(next[*p]..=shown).unwrap_or_default() {
            if (window.0..=window.1).contains(&t) {
                latencies.push(Duration::from_micros(at.saturating_sub(t).max(0) as u64));
            }
        }
        next[*p] = next[*p].max(shown + 1);
    }
    let unseen = made
        .iter()
        .zip(&next)
        .map(|(m, &n)| m[n.min(m.len())..].iter().filter(|t| (window.0..=window.1).contains(t)).count())
        .sum();
    Latencies { latencies, unseen }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// `p50 … p90 … p99 … max … (n what, m not shown)`.
pub fn line(values: &[Duration], missing: usize, what: &str) -> String {
    if values.is_empty() {
        return format!("none measured ({missing} {what} not shown)");
    }
    let mut v = values.to_vec();
    v.sort();
    let pct = |p: f64| v[((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
    format!(
        "p50 {}  p90 {}  p99 {}  max {}  ({} {what}, {missing} not shown)",
        ms(pct(0.50)),
        ms(pct(0.90)),
        ms(pct(0.99)),
        ms(v[v.len() - 1]),
        v.len()
    )
}

/// The rate the simulator sent in the window's whole seconds, and what it made.
pub fn sent_line(report: &FloodReport, warmup: Duration, window: Duration) -> String {
    let from = warmup.as_secs() as usize;
    let to = (from + window.as_secs() as usize).min(report.seconds.len());
    let seconds = report.seconds.get(from..to).unwrap_or_default();
    let sent: Vec<u64> = seconds.iter().map(|s| s.sent).collect();
    let made: u64 = seconds.iter().map(|s| s.made).sum();
    let n = seconds.len().max(1) as u64;
    format!(
        "simulator sent {} msgs/s (mean of {} s; slowest second {}, fastest {}), made {} msgs/s; \
         connections dropped for lagging: {}",
        sent.iter().sum::<u64>() / n,
        seconds.len(),
        sent.iter().min().unwrap_or(&0),
        sent.iter().max().unwrap_or(&0),
        made / n,
        report.dropped_connections
    )
}
