//! The keymap: embedded defaults, user overrides, key parsing, pure resolution and hints.

use cbterm::app::keymap::{DEFAULT_KEYMAP, KeyChord, Keymap, KeymapError};
use cbterm::app::{Action, Mode};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

#[test]
fn defaults_parse_and_resolve() {
    let map = Keymap::builtin().expect("embedded keymap parses");
    let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
    assert_eq!(map.resolve(&q, Mode::Normal), Some(Action::Quit));
    assert_eq!(map.resolve(&q, Mode::Help), Some(Action::Close));
    let big_c = key(KeyCode::Char('C'), KeyModifiers::SHIFT);
    assert_eq!(map.resolve(&big_c, Mode::Normal), Some(Action::CancelAll));
    let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(map.resolve(&ctrl_c, Mode::Ticket), Some(Action::Quit));
    let shift_tab = key(KeyCode::Tab, KeyModifiers::SHIFT);
    assert_eq!(map.resolve(&shift_tab, Mode::Normal), Some(Action::FocusPrev));
    assert_eq!(map.resolve(&key(KeyCode::Char('7'), KeyModifiers::NONE), Mode::Ticket), None);
}

#[test]
fn user_file_overrides_and_removes() {
    let user = "[normal]\n\"x\" = \"quit\"\n\"q\" = \"none\"\n";
    let map = Keymap::from_toml(DEFAULT_KEYMAP, Some(user)).expect("parses");
    let x = key(KeyCode::Char('x'), KeyModifiers::NONE);
    let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
    assert_eq!(map.resolve(&x, Mode::Normal), Some(Action::Quit));
    assert_eq!(map.resolve(&q, Mode::Normal), None);
}

#[test]
fn bad_files_are_refused_with_the_culprit() {
    let err = |t: &str| Keymap::from_toml(DEFAULT_KEYMAP, Some(t)).expect_err("refused");
    assert_eq!(err("[nope]\n"), KeymapError::UnknownMode("nope".into()));
    assert_eq!(err("[normal]\n\"hyper-x\" = \"quit\"\n"), KeymapError::UnknownKey("hyper-x".into()));
    assert_eq!(
        err("[normal]\n\"x\" = \"fly\"\n"),
        KeymapError::UnknownAction { key: "x".into(), action: "fly".into(), line: 2 }
    );
    assert!(matches!(err("normal = 3"), KeymapError::Syntax(_)));
}

#[test]
fn chords_parse_and_print() {
    let parse = |t: &str| KeyChord::parse(t).expect("parses");
    assert_eq!(parse("shift-tab").code, KeyCode::BackTab);
    assert_eq!(parse("shift-c").code, KeyCode::Char('C'));
    assert_eq!(parse("ctrl-c").to_string(), "ctrl-c");
    assert_eq!(parse("-").code, KeyCode::Char('-'));
    assert_eq!(parse("f5").code, KeyCode::F(5));
    assert_eq!(parse("space").to_string(), "space");
    assert!(KeyChord::parse("f13").is_err());
}

#[test]
fn hints_come_from_the_map() {
    let map = Keymap::builtin().expect("parses");
    let hints = map.hints(Mode::Review);
    assert_eq!(hints, vec![("n".to_string(), "close"), ("y".to_string(), "yes")]);
}
