//! Keys are data: bindings from `assets/keymap.toml` (embedded), overridden per key by a user
//! file (read by the runtime), resolved by a pure function, and listed for the help overlay and the status bar hints.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Action, Mode, Msg};

/// The default bindings, embedded in the binary.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// Why a keymap file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    /// The file could not be read.
    #[error("cannot read keymap {path}: {message}")]
    Read {
        /// The file.
        path: String,
        /// The OS error.
        message: String,
    },
    /// Not TOML of the shape `[mode] "key" = "action"`.
    #[error("keymap is not valid TOML of the form [mode] \"key\" = \"action\": {0}")]
    Syntax(String),
    /// A section that is not a mode.
    #[error("unknown keymap section [{0}]")]
    UnknownMode(String),
    /// A key name that cannot be parsed.
    #[error("unknown key {0:?} in the keymap")]
    UnknownKey(String),
    /// An action name that does not exist.
    #[error("line {line}: unknown action {action:?} for key {key:?}")]
    UnknownAction {
        /// The key.
        key: String,
        /// The action name.
        action: String,
        /// The line of the action in the file (1-based).
        line: usize,
    },
    /// A user keymap file was refused: which file and why.
    #[error("keymap {path}: {source}")]
    InFile {
        /// The file.
        path: String,
        /// Why it was refused.
        source: Box<KeymapError>,
    },
}

/// A normalised key press: code plus the Ctrl and Alt modifiers (Shift is in the code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt only.
    pub mods: KeyModifiers,
}

impl KeyChord {
    /// Normalises a crossterm event: Shift is dropped for characters (it is in the character)
    /// and Shift-Tab becomes BackTab.
    pub fn from_event(event: &KeyEvent) -> Self {
        let mods = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Self { code, mods }
    }

    /// Parses `q`, `C`, `ctrl-c`, `shift-tab`, `enter`, `f5`, `space`.
    pub fn parse(text: &str) -> Result<Self, KeymapError> {
        let unknown = || KeymapError::UnknownKey(text.to_string());
        let mut rest = text;
        let mut mods = KeyModifiers::NONE;
        let mut shift = false;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (flag, len) = if lower.starts_with("ctrl-") && rest.len() > 5 {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if flag == KeyModifiers::SHIFT {
                shift = true;
            } else {
                mods |= flag;
            }
            rest = &rest[len..];
        }
        let code = parse_code(rest).ok_or_else(unknown)?;
        let code = match (shift, code) {
            (false, c) => c,
            (true, KeyCode::Tab) => KeyCode::BackTab,
            (true, KeyCode::Char(c)) => KeyCode::Char(c.to_ascii_uppercase()),
            (true, _) => return Err(unknown()),
        };
        Ok(Self { code, mods })
    }
}

fn parse_code(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(KeyCode::Char(c));
    }
    let code = match name.to_ascii_lowercase().as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        f if f.starts_with('f') => KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?),
        _ => return None,
    };
    Some(code)
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::Backspace => f.write_str("Bksp"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The resolved bindings of every mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Mode, HashMap<KeyChord, Action>>,
}

type RawMap = BTreeMap<String, BTreeMap<String, toml::Spanned<String>>>;

impl Keymap {
    /// The embedded defaults.
    pub fn builtin() -> Result<Self, KeymapError> {
        Self::from_toml(DEFAULT_KEYMAP, None)
    }

    /// Parses `defaults`, then applies `user` on top, key by key.
    pub fn from_toml(defaults: &str, user: Option<&str>) -> Result<Self, KeymapError> {
        let mut keymap = Self { bindings: BTreeMap::new() };
        keymap.merge(defaults)?;
        if let Some(user) = user {
            keymap.merge(user)?;
        }
        Ok(keymap)
    }

    fn merge(&mut self, text: &str) -> Result<(), KeymapError> {
        let raw: RawMap = toml::from_str(text).map_err(|e| KeymapError::Syntax(e.to_string()))?;
        for (section, keys) in raw {
            let mode = Mode::ALL
                .into_iter()
                .find(|m| m.name() == section)
                .ok_or_else(|| KeymapError::UnknownMode(section.clone()))?;
            let table = self.bindings.entry(mode).or_default();
            for (key, spanned) in keys {
                let chord = KeyChord::parse(&key)?;
                let action = spanned.get_ref();
                if action == "none" {
                    table.remove(&chord);
                    continue;
                }
                let parsed = parse_action(action).ok_or_else(|| KeymapError::UnknownAction {
                    key: key.clone(),
                    action: action.clone(),
                    line: line_of(text, spanned.span().start),
                })?;
                table.insert(chord, parsed);
            }
        }
        Ok(())
    }

    /// The action bound to `key` in `mode`, else in the global section.
    pub fn resolve(&self, key: &KeyEvent, mode: Mode) -> Option<Action> {
        let chord = KeyChord::from_event(key);
        let lookup = |m: Mode| self.bindings.get(&m).and_then(|t| t.get(&chord)).copied();
        lookup(mode).or_else(|| lookup(Mode::Global))
    }

    /// Every action bound in `mode` (not global) with its keys, in action order.
    pub fn bindings(&self, mode: Mode) -> Vec<(Action, Vec<KeyChord>)> {
        let mut by_action: BTreeMap<Action, Vec<KeyChord>> = BTreeMap::new();
        for (chord, action) in self.bindings.get(&mode).into_iter().flatten() {
            by_action.entry(*action).or_default().push(*chord);
        }
        for keys in by_action.values_mut() {
            keys.sort_by_key(|k| (!matches!(k.code, KeyCode::Char(_)), k.to_string()));
        }
        by_action.into_iter().collect()
    }

    /// The first key bound to `action` in `mode` (as the help lists it), for messages that name
    /// a key.
    pub fn first_key(&self, mode: Mode, action: Action) -> Option<String> {
        let bindings = self.bindings(mode);
        let (_, keys) = bindings.into_iter().find(|(a, _)| *a == action)?;
        keys.first().map(ToString::to_string)
    }

    /// Short `key label` pairs for the status bar in `mode`.
    pub fn hints(&self, mode: Mode) -> Vec<(String, &'static str)> {
        self.bindings(mode)
            .into_iter()
            .filter(|(action, _)| action.is_hint())
            .filter_map(|(action, keys)| Some((keys.first()?.to_string(), action.label())))
            .collect()
    }
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |before| before.matches('\n').count()) + 1
}

fn parse_action(name: &str) -> Option<Action> {
    serde::Deserialize::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name))
        .ok()
}

/// Turns a key press into a message: a bound action, or a character typed into a text field.
pub fn key_to_msg(keymap: &Keymap, mode: Mode, key: &KeyEvent) -> Option<Msg> {
    if let Some(action) = keymap.resolve(key, mode) {
        return Some(Msg::Action(action));
    }
    let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match key.code {
        KeyCode::Char(c) if plain && mode.takes_text() && !c.is_control() => Some(Msg::Typed(c)),
        _ => None,
    }
}
