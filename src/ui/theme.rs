//! Every colour and text style of the dashboard, in one place.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::Side;

/// The dashboard's styles.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Rising prices, buys.
    pub up: Style,
    /// Falling prices, sells.
    pub down: Style,
    /// Secondary text.
    pub dim: Style,
    /// Pane border.
    pub border: Style,
    /// Border of the focused pane.
    pub border_focused: Style,
    /// Table headers.
    pub header: Style,
    /// The selected row.
    pub selected: Style,
    /// Something to read twice (stale data, warnings).
    pub warn: Style,
    /// Errors and invalid data.
    pub error: Style,
    /// Healthy state.
    pub ok: Style,
    /// Key names in hints.
    pub key: Style,
    /// The LIVE venue badge.
    pub live_venue: Style,
    /// The DEMO venue badge.
    pub demo_venue: Style,
    /// Something that notified the user: a fired alert, a flagged watchlist row.
    pub alert: Style,
}

/// The theme.
pub const THEME: Theme = Theme {
    up: Style::new().fg(Color::Green),
    down: Style::new().fg(Color::Red),
    dim: Style::new().fg(Color::DarkGray),
    border: Style::new().fg(Color::Gray),
    border_focused: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    header: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    warn: Style::new().fg(Color::Yellow),
    error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    ok: Style::new().fg(Color::Green),
    key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    live_venue: Style::new().fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD),
    demo_venue: Style::new().fg(Color::Black).bg(Color::Green).add_modifier(Modifier::BOLD),
    alert: Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD),
};

impl Theme {
    /// The colour of a side.
    pub fn side(&self, side: Side) -> Style {
        match side {
            Side::Buy => self.up,
            Side::Sell => self.down,
        }
    }

    /// Up, down or plain by the sign of `sign`.
    pub fn signed(&self, sign: Option<rust_decimal::Decimal>) -> Style {
        match sign {
            Some(d) if d.is_sign_positive() && !d.is_zero() => self.up,
            Some(d) if d.is_sign_negative() => self.down,
            _ => Style::new(),
        }
    }
}
