//! Rewriting the config file's `watchlist` and nothing else: the other keys, comments and
//! sections (known or not) are kept as written.

use toml_edit::{Array, DocumentMut, Item, Value};

use crate::domain::ProductId;

/// `text` with its `watchlist` set to `products` (added when absent). The old value's
/// trailing comment is kept.
pub fn with_watchlist(text: &str, products: &[ProductId]) -> Result<String, String> {
    let mut doc: DocumentMut =
        text.parse().map_err(|e: toml_edit::TomlError| e.message().trim().to_string())?;
    let mut list: Array = products.iter().map(ProductId::as_str).collect();
    match doc.get_mut("watchlist") {
        Some(Item::Value(old)) => {
            *list.decor_mut() = old.decor().clone();
            *old = Value::Array(list);
        }
        _ => {
            list.decor_mut().set_prefix(" ");
            doc.insert("watchlist", Item::Value(Value::Array(list)));
        }
    }
    Ok(doc.to_string())
}
