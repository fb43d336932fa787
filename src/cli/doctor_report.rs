//! The `cbterm doctor` report: one line per check (OK, WARN, FAIL or SKIP), the problem and
//! its fix; as text or as a JSON array.

use serde::Serialize;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    /// Nothing to do.
    Ok,
    /// Works, but should be fixed.
    Warn,
    /// Does not work: the command exits non-zero.
    Fail,
    /// Not checked, because an earlier check failed or an input is missing.
    Skip,
}

impl Status {
    fn word(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Warn => "WARN",
            Self::Fail => "FAIL",
            Self::Skip => "SKIP",
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was checked: `key file`, `clock`, `rest`, `websocket`, `permissions`.
    pub check: &'static str,
    /// How it came out.
    pub status: Status,
    /// What was found.
    pub message: String,
    /// What to do, when something is wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    /// A check that passed.
    pub fn ok(check: &'static str, message: impl Into<String>) -> Self {
        Self { check, status: Status::Ok, message: message.into(), fix: None }
    }

    /// A check that found something, with its fix.
    pub fn found(
        check: &'static str,
        status: Status,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self { check, status, message: message.into(), fix: Some(fix.into()) }
    }

    /// `FAIL  clock        clock 120.0 s behind …; fix: set this computer's clock …`.
    pub fn line(&self) -> String {
        let fix = self.fix.as_ref().map_or(String::new(), |f| format!("; fix: {f}"));
        format!("{:<4}  {:<11}  {}{fix}", self.status.word(), self.check, self.message)
    }
}

/// The report as text lines, or as one JSON array.
pub fn render(checks: &[Check], json: bool) -> String {
    if json {
        return serde_json::to_string_pretty(checks).unwrap_or_else(|_| "[]".into());
    }
    checks.iter().map(|c| crate::inert::inert_lines(&c.line())).collect::<Vec<_>>().join("\n")
}
