//! The start-up key check (`GET /key_permissions`): the key's type and rights in the status
//! line; a warning when it can transfer funds or cannot trade, an error with the fix when it
//! cannot view or the check failed (wrong key, clock, missing permission, IP allow-list).

use super::{Model, Problem, Severity};
use crate::domain::{Concern, KeyRights};

impl Model {
    /// The check answered: says what the key may do (without hiding a warning or an error
    /// already shown), and what to change about it.
    pub(super) fn on_key_checked(&mut self, key_type: &str, rights: KeyRights) {
        let line = format!("API key {key_type}: {}", rights.summary());
        tracing::info!(key = %line, "key checked");
        match rights.concern() {
            None if self.message.as_ref().is_some_and(|m| m.severity != Severity::Info) => {}
            None => self.inform(line),
            Some((Concern::Warn, what, fix)) => self.warn(format!("{line}: {what}; fix: {fix}")),
            Some((Concern::Fail, what, fix)) => {
                self.fail(Problem::Text(format!("{line}: {what}; fix: {fix}")))
            }
        }
        self.key_rights = Some((key_type.to_string(), rights));
    }

    /// The check failed: the problem and its fix stay in the status line until dismissed.
    pub(super) fn on_key_check_failed(&mut self, problem: &str, fix: &str) {
        tracing::warn!(problem, "key check failed");
        self.fail(Problem::Text(format!("API key check: {problem}; fix: {fix}")));
    }
}
