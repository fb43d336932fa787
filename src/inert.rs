//! Text from the network shown inertly: a string a server sent can never drive the terminal.
//!
//! C0 controls (including ESC, BEL, CR, LF and TAB), DEL and C1 controls (U+0080–U+009F, which
//! some terminals read as CSI or OSC introducers) are replaced by their visible `\u{..}`
//! escape, so `ESC ] 0 ; title BEL` prints as `\u{1b}]0;title\u{7}` instead of setting the
//! window title. Everything else, including non-ASCII letters, is kept as it is.

use std::borrow::Cow;

/// Whether `c` is a control character that must not reach a terminal raw.
pub fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// `text` with every control character replaced by its visible escape; borrowed when clean.
pub fn inert(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` with every control character removed, for text that goes inside a terminal control
/// sequence (a desktop notification), where even an escaped form would be noise.
pub fn stripped(text: &str) -> String {
    text.chars().filter(|c| !is_control(*c)).collect()
}

/// [`inert`] for text of several lines: line breaks are kept, every other control is escaped.
pub fn inert_lines(text: &str) -> String {
    text.split('\n').map(inert).collect::<Vec<_>>().join("\n")
}

/// JSON text made terminal-safe without changing what it means: DEL and C1 controls, which
/// JSON allows raw inside strings, are written as `\u00XX` escapes (C0 controls are always
/// escaped by the serializer). Parsing the result gives back exactly the same values.
pub fn json_text(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_control) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        match c {
            '\u{7f}'..='\u{9f}' => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_text() {
        assert_eq!(inert("a\u{1b}]0;pwned\u{7}b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(inert("\u{1b}[2J"), "\\u{1b}[2J");
        assert_eq!(inert("csi\u{9b}31m"), "csi\\u{9b}31m");
        assert_eq!(inert("tab\tcr\rlf\n"), "tab\\u{9}cr\\u{d}lf\\u{a}");
    }

    #[test]
    fn stripped_text_has_no_controls_left() {
        assert_eq!(stripped("BTC\u{1b}]0;x\u{7}-USD\u{9b}\n"), "BTC]0;x-USD");
        assert_eq!(stripped("ETH-USD €"), "ETH-USD €");
    }

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        assert!(matches!(inert("BTC-USD online €"), Cow::Borrowed("BTC-USD online €")));
    }

    #[test]
    fn lines_keep_their_breaks() {
        assert_eq!(inert_lines("one\u{1b}\ntwo"), "one\\u{1b}\ntwo");
    }

    #[test]
    fn json_text_escapes_c1_and_keeps_the_value() {
        let value = serde_json::json!({"status": "on\u{1b}[2J\u{9b}1m\u{7f}", "n": [1, 2]});
        let text = serde_json::to_string_pretty(&value).expect("serialises");
        let safe = json_text(&text);
        assert!(!safe.chars().any(|c| c != '\n' && is_control(c)), "{safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).expect("still JSON"), value);
    }

    proptest::proptest! {
        #[test]
        fn json_text_round_trips_any_string(text in ".*") {
            let json = serde_json::to_string(&text).expect("serialises");
            let safe = json_text(&json);
            proptest::prop_assert!(!safe.chars().any(is_control));
            proptest::prop_assert_eq!(serde_json::from_str::<String>(&safe).expect("JSON"), text);
        }
    }

    proptest::proptest! {
        #[test]
        fn no_control_character_survives(text in ".*") {
            proptest::prop_assert!(!inert(&text).chars().any(is_control));
            proptest::prop_assert!(!inert_lines(&text).chars().any(|c| c != '\n' && is_control(c)));
        }
    }
}
