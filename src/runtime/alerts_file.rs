//! The alerts file on disk: read once at start, written atomically by one task
//! ([`super::saving`]). The text is [`crate::app::model::alerts::file`]'s.

use std::path::{Path, PathBuf};

use tokio::sync::mpsc;

use crate::app::Msg;
use crate::app::model::alerts::Alert;
use crate::app::model::alerts::file;

/// Where the alerts are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertsLocation {
    /// In memory only: the demo, whose simulated prices mean nothing after it stops.
    InMemory,
    /// A file, normally [`default_path`].
    File(PathBuf),
}

/// `alerts.json` in the configuration directory ([`crate::paths::config_dir`]).
pub fn default_path() -> PathBuf {
    crate::paths::config_dir().join(file::FILE_NAME)
}

/// What the file at `path` holds: its alerts (none when there is no file yet), or why it
/// cannot be used.
pub fn load(path: &Path) -> Msg {
    let unreadable = |reason: String| Msg::AlertsUnreadable { path: path.display().to_string(), reason };
    match std::fs::read_to_string(path) {
        Ok(text) => file::from_json(&text).map_or_else(unreadable, Msg::AlertsLoaded),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Msg::AlertsLoaded(Vec::new()),
        Err(e) => unreadable(e.to_string()),
    }
}

/// Writes `alerts` to `path` atomically, creating its directory.
pub fn save(path: &Path, alerts: &[Alert]) -> std::io::Result<()> {
    super::saving::write_atomically(path, "json.tmp", &file::to_json(alerts))
}

/// Starts the task that writes each list sent to it to `path`; a failure is sent back as
/// [`Msg::AlertsNotSaved`].
pub fn spawn_writer(path: PathBuf, tx: mpsc::Sender<Msg>) -> mpsc::UnboundedSender<Vec<Alert>> {
    let save =
        |path: &Path, alerts: &Vec<Alert>| save(path, alerts).map_err(|e| format!("{}: {e}", path.display()));
    super::saving::spawn_writer(path, tx, save, |reason| Msg::AlertsNotSaved { reason }, "alerts")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::model::alerts::{Condition, Direction};
    use crate::domain::ProductId;
    use chrono::TimeZone;

    fn alerts() -> Vec<Alert> {
        let at = chrono::Utc.with_ymd_and_hms(2026, 12, 4, 13, 0, 0).single().expect("time");
        let product = ProductId::parse("BTC-USD").expect("id");
        let up = Condition::Above { price: "100000.50".parse().expect("price") };
        let moved = Condition::Move {
            from: "96000".parse().expect("from"),
            percent: "2.5".parse().expect("pct"),
            direction: Direction::Either,
        };
        let fired = Some(crate::app::model::alerts::Fired { price: "93600".parse().expect("p"), at });
        vec![
            Alert { id: 1, product: product.clone(), condition: up, created: at, fired: None },
            Alert { id: 3, product, condition: moved, created: at, fired },
        ]
    }

    #[test]
    fn saved_alerts_load_back_the_same_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nested").join(file::FILE_NAME);
        save(&path, &alerts()).expect("saved");
        assert_eq!(load(&path), Msg::AlertsLoaded(alerts()));
        save(&path, &alerts()[..1]).expect("saved again");
        assert_eq!(load(&path), Msg::AlertsLoaded(alerts()[..1].to_vec()));
        let names: Vec<_> = std::fs::read_dir(path.parent().expect("dir"))
            .expect("listing")
            .map(|e| e.expect("entry").file_name().into_string().expect("name"))
            .collect();
        assert_eq!(names, vec![file::FILE_NAME.to_string()]);
    }

    #[test]
    fn no_file_is_no_alerts() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(load(&dir.path().join(file::FILE_NAME)), Msg::AlertsLoaded(Vec::new()));
    }

    #[test]
    fn a_corrupt_file_is_named_with_the_reason_and_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(file::FILE_NAME);
        for (text, reason) in [
            (
                "{\"version\": 1, \"alerts\": [",
                "not a valid alerts file: EOF while parsing a list at line 1 column 26",
            ),
            ("{\"version\": 2, \"alerts\": []}", "version 2 is not understood (this cbterm reads version 1)"),
            (
                r#"{"version":1,"alerts":[{"id":1,"product":"BTC-USD","condition":{"kind":"above","price":1e5},"created":"2026-12-04T13:00:00Z","fired":null}]}"#,
                "not a valid alerts file: invalid type: floating point `100000.0`, expected a string at line 1 column 91",
            ),
            (
                r#"{"version":1,"alerts":[{"id":1,"product":"BTC\u001b-USD","condition":{"kind":"below","price":"1"},"created":"2026-12-04T13:00:00Z","fired":null}]}"#,
                "\"BTC\\u{1b}-USD\" is not a product id like BTC-USD",
            ),
        ] {
            std::fs::write(&path, text).expect("written");
            let expected =
                Msg::AlertsUnreadable { path: path.display().to_string(), reason: reason.to_string() };
            assert_eq!(load(&path), expected, "{text}");
            assert_eq!(std::fs::read_to_string(&path).expect("still there"), text);
        }
    }
}
