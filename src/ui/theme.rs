//! Every colour and text style of the dashboard, in one place: one [`Theme`] per
//! [`ThemeName`]; the model names the theme, [`of`] gives its colours.

use ratatui::style::{Color, Modifier, Style};

use crate::app::ThemeName;
use crate::domain::Side;

/// The dashboard's styles: what each role looks like in one theme.
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

/// Today's colours, for a dark terminal background (`dark`, the default).
pub const DARK: Theme = Theme {
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

/// For a white or light background (`light`): dark shades of the 256-colour palette, whose
/// values do not depend on the terminal's own scheme; no white, yellow or light grey text.
pub const LIGHT: Theme = Theme {
    up: Style::new().fg(Color::Indexed(28)),
    down: Style::new().fg(Color::Indexed(124)),
    dim: Style::new().fg(Color::Indexed(242)),
    border: Style::new().fg(Color::Indexed(245)),
    border_focused: Style::new().fg(Color::Indexed(25)).add_modifier(Modifier::BOLD),
    header: Style::new().fg(Color::Indexed(94)).add_modifier(Modifier::BOLD),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    warn: Style::new().fg(Color::Indexed(130)),
    error: Style::new().fg(Color::Indexed(160)).add_modifier(Modifier::BOLD),
    ok: Style::new().fg(Color::Indexed(28)),
    key: Style::new().fg(Color::Indexed(25)).add_modifier(Modifier::BOLD),
    live_venue: Style::new().fg(Color::Indexed(231)).bg(Color::Indexed(160)).add_modifier(Modifier::BOLD),
    demo_venue: Style::new().fg(Color::Indexed(231)).bg(Color::Indexed(28)).add_modifier(Modifier::BOLD),
    alert: Style::new().fg(Color::Indexed(16)).bg(Color::Indexed(220)).add_modifier(Modifier::BOLD),
};

/// Colour-blind safe, on a dark background (`colour-blind`): the Okabe–Ito sky blue for up
/// and buy, orange for down and sell, vermilion for errors (nearest 256-colour shades), so no
/// meaning rests on red against green.
pub const COLOUR_BLIND: Theme = Theme {
    up: Style::new().fg(Color::Indexed(74)),
    down: Style::new().fg(Color::Indexed(214)),
    dim: Style::new().fg(Color::DarkGray),
    border: Style::new().fg(Color::Gray),
    border_focused: Style::new().fg(Color::Indexed(231)).add_modifier(Modifier::BOLD),
    header: Style::new().fg(Color::Indexed(227)).add_modifier(Modifier::BOLD),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    warn: Style::new().fg(Color::Indexed(227)),
    error: Style::new().fg(Color::Indexed(166)).add_modifier(Modifier::BOLD),
    ok: Style::new().fg(Color::Indexed(74)),
    key: Style::new().fg(Color::Indexed(231)).add_modifier(Modifier::BOLD),
    live_venue: Style::new().fg(Color::Indexed(16)).bg(Color::Indexed(166)).add_modifier(Modifier::BOLD),
    demo_venue: Style::new().fg(Color::Indexed(16)).bg(Color::Indexed(74)).add_modifier(Modifier::BOLD),
    alert: Style::new().fg(Color::Indexed(16)).bg(Color::Indexed(227)).add_modifier(Modifier::BOLD),
};

/// The colours of the theme named `name`.
pub fn of(name: ThemeName) -> &'static Theme {
    match name {
        ThemeName::Dark => &DARK,
        ThemeName::Light => &LIGHT,
        ThemeName::ColourBlind => &COLOUR_BLIND,
    }
}

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
