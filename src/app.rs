//! The pure dashboard core: the [`Model`], every [`Msg`] it learns, the [`Effect`]s it asks
//! for, the user's [`Action`]s and their keys. Nothing here does I/O or knows tokio: the
//! event loop, terminal, executor and feed tasks live in [`crate::runtime`], which drives
//! this core, and [`crate::ui`] draws it.
//!
//! ```text
//! keys ─► keymap::key_to_msg ─► Msg::Action ─┐
//! feed events (domain) ─► Msg::Feed ─────────┼─► Model::update ─► Vec<Effect>
//! REST answers (domain) ─► Msg::… ───────────┘
//! ```

pub mod action;
pub mod effect;
pub mod keymap;
pub mod model;
pub mod msg;
pub mod notify;
pub mod palette;

pub use action::{Action, Mode};
pub use effect::Effect;
pub use keymap::{Keymap, key_to_msg};
pub use model::{Model, ModelInit};
pub use msg::{EditFailure, FeedKind, Msg, Request};

/// Which venue the dashboard talks to, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VenueLabel {
    /// The embedded simulator.
    Demo,
    /// Coinbase production.
    Live,
    /// Any other URL.
    Custom(String),
    /// A recording played back by `cbterm replay` (no network).
    Replay,
}

impl VenueLabel {
    /// The text shown in the status bar.
    pub fn text(&self) -> String {
        match self {
            VenueLabel::Demo => "DEMO".into(),
            VenueLabel::Live => "LIVE".into(),
            VenueLabel::Custom(url) => url.clone(),
            VenueLabel::Replay => "REPLAY".into(),
        }
    }
}
