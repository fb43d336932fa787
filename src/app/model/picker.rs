//! The product picker: a query, fuzzy matching over every product, and a selection.

use crate::domain::ProductId;

/// Matches shown at most.
pub const MAX_MATCHES: usize = 50;

/// The picker's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picker {
    /// What was typed.
    pub query: String,
    /// Selected row among the matches.
    pub selected: usize,
}

/// Scores `candidate` against `query` (case-insensitive subsequence); higher is better.
///
/// Consecutive letters and a match at the start or after `-` score more; `None` when some
/// query letter is missing.
pub fn fuzzy_score(query: &str, candidate: &str) -> Option<i64> {
    let cand: Vec<char> = candidate.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut score = 0i64;
    let mut pos = 0usize;
    let mut prev: Option<usize> = None;
    for q in query.chars().map(|c| c.to_ascii_lowercase()).filter(|c| !c.is_whitespace()) {
        let found = cand[pos..].iter().position(|c| *c == q)? + pos;
        score += 1;
        if prev.is_some_and(|p| p + 1 == found) {
            score += 5;
        }
        if found == 0 || cand.get(found.wrapping_sub(1)) == Some(&'-') {
            score += 3;
        }
        prev = Some(found);
        pos = found + 1;
    }
    Some(score * 100 - cand.len() as i64)
}

impl Picker {
    /// The products matching the query, best first.
    pub fn matches(&self, catalog: &[ProductId]) -> Vec<ProductId> {
        let mut scored: Vec<(i64, &ProductId)> =
            catalog.iter().filter_map(|p| fuzzy_score(&self.query, p.as_str()).map(|s| (s, p))).collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored.into_iter().take(MAX_MATCHES).map(|(_, p)| p.clone()).collect()
    }

    /// Moves the selection by `step`, within `count` matches.
    pub fn move_by(&mut self, step: isize, count: usize) {
        let max = count.saturating_sub(1) as isize;
        self.selected = (self.selected as isize + step).clamp(0, max) as usize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(names: &[&str]) -> Vec<ProductId> {
        names.iter().map(|n| ProductId(n.to_string())).collect()
    }

    #[test]
    fn subsequence_matches_rank_prefixes_first() {
        let catalog = ids(&["BTC-USD", "ETH-BTC", "SOL-USD", "DOGE-USD"]);
        let picker = Picker { query: "btc".into(), selected: 0 };
        assert_eq!(picker.matches(&catalog), ids(&["BTC-USD", "ETH-BTC"]));
        let picker = Picker { query: "su".into(), selected: 0 };
        assert_eq!(picker.matches(&catalog)[0], ProductId("SOL-USD".into()));
        assert_eq!(fuzzy_score("xyz", "BTC-USD"), None);
    }
}
