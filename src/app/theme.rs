//! Which colour theme the dashboard is drawn in: a name the config file, `--theme` and the
//! palette's `theme` command accept. The colours themselves live in `crate::ui::theme`; the
//! core only keeps the choice.

use std::fmt;
use std::str::FromStr;

/// A colour theme by name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ThemeName {
    /// Light text on a dark background (the default).
    #[default]
    Dark,
    /// Dark text for a white or light terminal background.
    Light,
    /// Blue and orange (Okabe–Ito) instead of green and red.
    ColourBlind,
}

/// A name that is not a theme.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown theme {0:?}; the themes are: {list}", list = ThemeName::names())]
pub struct UnknownTheme(pub String);

impl ThemeName {
    /// Every theme with its name, the default first.
    pub const ALL: [(ThemeName, &'static str); 3] =
        [(ThemeName::Dark, "dark"), (ThemeName::Light, "light"), (ThemeName::ColourBlind, "colour-blind")];

    /// Other names accepted: `default` (what config files said before there was a choice) and
    /// the American spelling.
    const ALIASES: [(&'static str, ThemeName); 2] =
        [("default", ThemeName::Dark), ("color-blind", ThemeName::ColourBlind)];

    /// The theme's name, as the config file and `--theme` take it.
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(t, _)| *t == self).map_or("dark", |(_, n)| n)
    }

    /// The names, comma-separated, for messages.
    pub fn names() -> String {
        Self::ALL.map(|(_, n)| n).join(", ")
    }
}

impl FromStr for ThemeName {
    type Err = UnknownTheme;

    /// A theme by name, ignoring case and surrounding blanks.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().to_ascii_lowercase();
        let named = Self::ALL.iter().map(|&(t, n)| (n, t)).chain(Self::ALIASES);
        named
            .into_iter()
            .find(|(n, _)| *n == wanted)
            .map(|(_, t)| t)
            .ok_or_else(|| UnknownTheme(text.to_string()))
    }
}

impl fmt::Display for ThemeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_and_alias_parses_and_anything_else_names_the_choices() {
        for (theme, name) in ThemeName::ALL {
            assert_eq!(name.parse(), Ok(theme));
            assert_eq!(theme.to_string(), name);
        }
        assert_eq!(" Default ".parse(), Ok(ThemeName::Dark));
        assert_eq!("color-blind".parse(), Ok(ThemeName::ColourBlind));
        assert_eq!("LIGHT".parse(), Ok(ThemeName::Light));
        let err = "solarized".parse::<ThemeName>().expect_err("not a theme");
        assert_eq!(err.to_string(), "unknown theme \"solarized\"; the themes are: dark, light, colour-blind");
        assert_eq!("".parse::<ThemeName>(), Err(UnknownTheme(String::new())));
    }
}
