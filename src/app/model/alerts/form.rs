//! The small form `a` opens: a kind (above, below, % move) and a value typed for it.

use super::Kind;
use crate::decimal::MAX_INPUT_LEN;
use crate::domain::ProductId;

/// The alert form's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertForm {
    /// The product the alert is for (the focused one when opened).
    pub product: ProductId,
    /// The chosen kind.
    pub kind: Kind,
    /// What was typed.
    pub text: String,
    /// Why the last attempt was refused; cleared by the next edit.
    pub error: Option<String>,
}

impl AlertForm {
    /// An empty form for `product`, kind above.
    pub fn new(product: ProductId) -> Self {
        Self { product, kind: Kind::Above, text: String::new(), error: None }
    }

    /// Moves the kind by `step` (wrapping).
    pub fn cycle(&mut self, step: isize) {
        let len = Kind::ALL.len() as isize;
        let pos = Kind::ALL.iter().position(|k| *k == self.kind).unwrap_or(0) as isize;
        self.kind = Kind::ALL[(pos + step).rem_euclid(len) as usize];
        self.error = None;
    }

    /// Types a character (at most one character past the longest number, for a sign or `%`).
    pub fn type_char(&mut self, c: char) {
        if self.text.chars().count() <= MAX_INPUT_LEN + 1 {
            self.text.push(c);
        }
        self.error = None;
    }

    /// Deletes the last character.
    pub fn delete_char(&mut self) {
        self.text.pop();
        self.error = None;
    }
}
