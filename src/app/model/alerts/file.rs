//! The alerts file: JSON, `{"version": 1, "alerts": [...]}`, every price a decimal string.
//! Reading and writing the file is the runtime's; this is only its text.
//!
//! ```json
//! {"version": 1, "alerts": [{"id": 1, "product": "BTC-USD",
//!   "condition": {"kind": "above", "price": "100000"},
//!   "created": "2026-12-04T13:00:00Z", "fired": null}]}
//! ```

use serde::{Deserialize, Serialize};

use super::Alert;
use crate::domain::ProductId;

/// The file name in the configuration directory.
pub const FILE_NAME: &str = "alerts.json";
/// The format version written and understood.
pub const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AlertsFile {
    version: u32,
    alerts: Vec<Alert>,
}

/// The file's text for `alerts`.
pub fn to_json(alerts: &[Alert]) -> String {
    let file = AlertsFile { version: VERSION, alerts: alerts.to_vec() };
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

/// The alerts in the file's `text`, or why it cannot be used: not JSON of this shape, another
/// version, a product id that is not `BASE-QUOTE`, or an id used twice.
pub fn from_json(text: &str) -> Result<Vec<Alert>, String> {
    let file: AlertsFile = serde_json::from_str(text).map_err(|e| format!("not a valid alerts file: {e}"))?;
    if file.version != VERSION {
        return Err(format!(
            "version {} is not understood (this cbterm reads version {VERSION})",
            file.version
        ));
    }
    let mut ids = std::collections::BTreeSet::new();
    for alert in &file.alerts {
        let parsed = ProductId::parse(alert.product.as_str())?;
        if parsed != alert.product {
            return Err(format!("{:?} is not a product id like BTC-USD", alert.product.as_str()));
        }
        if !ids.insert(alert.id) {
            return Err(format!("alert id {} is used twice", alert.id));
        }
    }
    Ok(file.alerts)
}
