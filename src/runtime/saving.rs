//! Files the dashboard writes while it runs (alerts, the config file's watchlist): each written
//! atomically — a temporary file in the same directory, flushed to disk, renamed over the old
//! one — by one task per file, in the order the saves were asked for, off the event loop.

use std::io::Write;
use std::path::{Path, PathBuf};

use tokio::sync::mpsc;

use crate::app::Msg;

/// Writes `text` to `path` atomically, creating its directory; the temporary file is `path`
/// with the extension `tmp_ext`.
pub fn write_atomically(path: &Path, tmp_ext: &str, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension(tmp_ext);
    let mut out = std::fs::File::create(&tmp)?;
    out.write_all(text.as_bytes())?;
    out.sync_all()?;
    drop(out);
    std::fs::rename(&tmp, path)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Starts the task that saves each value sent to it to `path` with `save`; a failure is logged
/// as `what` and sent back as `failed(reason)`.
pub fn spawn_writer<T: Send + 'static>(
    path: PathBuf,
    tx: mpsc::Sender<Msg>,
    save: fn(&Path, &T) -> Result<(), String>,
    failed: fn(String) -> Msg,
    what: &'static str,
) -> mpsc::UnboundedSender<T> {
    let (saves, mut rx) = mpsc::unbounded_channel::<T>();
    tokio::spawn(async move {
        while let Some(value) = rx.recv().await {
            let target = path.clone();
            let written = tokio::task::spawn_blocking(move || save(&target, &value)).await;
            let reason = match written {
                Ok(result) => result.err(),
                Err(e) => Some(e.to_string()),
            };
            if let Some(reason) = reason {
                tracing::error!(%reason, "{what} not saved");
                let _ = tx.send(failed(reason)).await;
            }
        }
    });
    saves
}
