//! Tab completion of the word being typed: keywords where the grammar has them, products
//! (from the catalogue) where it wants a product.

use crate::app::model::CHART_GRANULARITIES;
use crate::domain::ProductId;

const COMMANDS: [&str; 7] = ["buy", "sell", "cancel", "chart", "theme", "watch", "alert"];

/// What the grammar accepts at word `index` (0-based) after `before`.
enum Slot {
    Words(Vec<&'static str>),
    Product,
    Nothing,
}

fn slot(before: &[&str]) -> Slot {
    let first = before.first().map(|w| w.to_ascii_lowercase());
    let word = |i: usize| before.get(i).map(|w| w.to_ascii_lowercase());
    let words = |w: &[&'static str]| Slot::Words(w.to_vec());
    match (first.as_deref(), before.len()) {
        (None, _) => words(&COMMANDS),
        (Some("buy" | "sell"), 2) => Slot::Product,
        (Some("buy" | "sell"), 3) => words(&["@", "mkt", "stop"]),
        (Some("buy" | "sell"), 5) if word(3).as_deref() == Some("@") => words(&["post"]),
        (Some("buy" | "sell"), 5) if word(3).as_deref() == Some("stop") => words(&["limit"]),
        (Some("cancel"), 1) => words(&["all"]),
        (Some("cancel"), 2) => Slot::Product,
        (Some("chart"), 1) => Slot::Words(CHART_GRANULARITIES.iter().map(|g| g.label()).collect()),
        (Some("theme"), 1) => Slot::Words(crate::app::ThemeName::ALL.map(|(_, n)| n).to_vec()),
        (Some("watch"), 1) => words(&["add", "rm"]),
        (Some("watch"), 2) | (Some("alert"), 1) => Slot::Product,
        (Some("alert"), 2) => words(&[">", "<"]),
        _ => Slot::Nothing,
    }
}

/// `line` with its last word completed: the only candidate (followed by a space), else the
/// longest prefix the candidates share; `None` when nothing would change.
pub fn complete(line: &str, products: &[ProductId]) -> Option<String> {
    let typing = !line.ends_with(char::is_whitespace);
    let mut words: Vec<&str> = line.split_whitespace().collect();
    let current = if typing { words.pop().unwrap_or("") } else { "" };
    let candidates: Vec<&str> = match slot(&words) {
        Slot::Words(w) => w,
        Slot::Product => products.iter().map(ProductId::as_str).collect(),
        Slot::Nothing => return None,
    };
    let lower = current.to_ascii_lowercase();
    let matches: Vec<&str> =
        candidates.into_iter().filter(|c| c.to_ascii_lowercase().starts_with(&lower)).collect();
    let completed = match matches.as_slice() {
        [] => return None,
        [one] => format!("{one} "),
        many => common_prefix(many),
    };
    if completed.chars().count() <= current.chars().count() {
        return None;
    }
    let kept = &line[..line.len() - current.len()];
    Some(format!("{kept}{completed}"))
}

/// The longest prefix (ignoring ASCII case, spelled as the first) all `words` share.
fn common_prefix(words: &[&str]) -> String {
    let first = words[0];
    let shared =
        |w: &str| first.chars().zip(w.chars()).take_while(|(a, b)| a.eq_ignore_ascii_case(b)).count();
    let len = words[1..].iter().map(|w| shared(w)).min().unwrap_or(0);
    first.chars().take(len).collect()
}
