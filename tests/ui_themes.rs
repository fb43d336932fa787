//! Each theme drawn over the whole dashboard (issue 13 item 4): the snapshot holds the text and
//! every styled run (colours and modifiers), so a wrong colour in any pane shows as a diff. The
//! light theme has no text a white background hides; the colour-blind one no red or green; in
//! every theme the tape's side and the watchlist's change are also written, not only coloured.

use cbterm::app::{Model, ThemeName};
use cbterm::ui::theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Style};

mod support;

use support::dashboard::fixture;

fn draw(model: &Model, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, model)).expect("draw");
    terminal.backend().buffer().clone()
}

fn themed(name: ThemeName) -> Model {
    let mut model = fixture();
    model.theme = name;
    model
}

fn style_of(cell: &ratatui::buffer::Cell) -> Style {
    Style::new().fg(cell.fg).bg(cell.bg).add_modifier(cell.modifier)
}

/// One line of runs: `x..end fg/bg/MODIFIERS`, cells of the default style left out.
fn runs(buf: &Buffer, y: u16) -> String {
    let mut out = Vec::new();
    let mut x = 0;
    while x < buf.area.width {
        let style = style_of(&buf[(x, y)]);
        let start = x;
        while x < buf.area.width && style_of(&buf[(x, y)]) == style {
            x += 1;
        }
        if style != Style::new().fg(Color::Reset).bg(Color::Reset) {
            let m = style.add_modifier;
            let fg = style.fg.unwrap_or(Color::Reset);
            let bg = style.bg.unwrap_or(Color::Reset);
            out.push(format!(
                "{start}..{x} {fg}/{bg}{}",
                if m.is_empty() { String::new() } else { format!("/{m:?}") }
            ));
        }
    }
    out.join(" ")
}

/// The text grid, then each line's styled runs.
fn snapshot(buf: &Buffer) -> String {
    let width = usize::from(buf.area.width);
    let text: Vec<String> = buf
        .content
        .chunks(width)
        .map(|row| row.iter().map(ratatui::buffer::Cell::symbol).collect::<String>())
        .collect();
    let styles = (0..buf.area.height).map(|y| format!("{y:>2}: {}", runs(buf, y)));
    text.into_iter().chain(std::iter::once(String::new())).chain(styles).collect::<Vec<_>>().join("\n")
}

#[test]
fn each_theme_over_the_whole_dashboard_at_160x48() {
    let mut shots = Vec::new();
    for (name, label) in ThemeName::ALL {
        let shot = snapshot(&draw(&themed(name), 160, 48));
        insta::assert_snapshot!(format!("dashboard_{label}_160x48"), shot);
        shots.push(shot);
    }
    assert_ne!(shots[0], shots[1], "light differs from dark");
    assert_ne!(shots[0], shots[2], "colour-blind differs from dark");
    assert_ne!(shots[1], shots[2], "light differs from colour-blind");
}

/// Every colour on screen, foreground and background.
fn colours(buf: &Buffer) -> Vec<(Color, Color)> {
    buf.content.iter().filter(|c| c.symbol() != " " || c.bg != Color::Reset).map(|c| (c.fg, c.bg)).collect()
}

#[test]
fn light_text_is_never_white_yellow_or_light_grey_and_colour_blind_has_no_red_or_green() {
    let pale = [Color::White, Color::Yellow, Color::LightYellow, Color::Gray, Color::DarkGray, Color::Cyan];
    let light = colours(&draw(&themed(ThemeName::Light), 160, 48));
    let on_default_bg = light.iter().filter(|(_, bg)| *bg == Color::Reset);
    assert!(
        on_default_bg.clone().all(|(fg, _)| !pale.contains(fg)),
        "{:?}",
        on_default_bg.collect::<Vec<_>>()
    );
    let red_green = [Color::Red, Color::Green, Color::LightRed, Color::LightGreen];
    let safe = colours(&draw(&themed(ThemeName::ColourBlind), 160, 48));
    assert!(safe.iter().all(|(fg, bg)| !red_green.contains(fg) && !red_green.contains(bg)));
    assert_eq!(theme::of(ThemeName::ColourBlind).up, theme::COLOUR_BLIND.up);
    assert_ne!(theme::COLOUR_BLIND.up.fg, theme::COLOUR_BLIND.down.fg);
}

/// The text of row `y` from column `x` to the next border.
fn cells_from(buf: &Buffer, x: u16, y: u16) -> String {
    (x..buf.area.width).map(|x| buf[(x, y)].symbol()).take_while(|s| *s != "│").collect()
}

/// The tape's rows: in every theme a buy reads `▲` and a sell `▼` in the side's colour, and
/// the watchlist's 24 h change is signed; colour is never the only sign.
#[test]
fn the_tapes_side_and_the_watchlists_change_are_written_as_well_as_coloured() {
    for (name, label) in ThemeName::ALL {
        let buf = draw(&themed(name), 160, 48);
        let colours = theme::of(name);
        let rows: Vec<(u16, u16)> = (0..48)
            .flat_map(|y| (0..160).map(move |x| (x, y)))
            .filter(|&(x, y)| ["▲", "▼"].contains(&buf[(x, y)].symbol()))
            .collect();
        assert_eq!(rows.len(), 16, "{label}: one arrow per tape row");
        for (x, y) in rows {
            let (arrow, price) = (buf[(x, y)].symbol(), &buf[(x - 2, y)]);
            let want = if arrow == "▲" { colours.up } else { colours.down };
            assert_eq!(
                (price.fg, buf[(x, y)].fg),
                (want.fg.unwrap_or_default(), want.fg.unwrap_or_default())
            );
            let text = cells_from(&buf, x - 18, y);
            let expected = if arrow == "▲" { "50010.00 ▲" } else { "49990.00 ▼" };
            assert!(text.contains(expected), "{label}: {text:?}");
        }
        let eth = (0..48).find(|&y| cells_from(&buf, 1, y).starts_with("ETH-USD")).expect("ETH row");
        let row = cells_from(&buf, 1, eth);
        assert!(row.contains("-2.10%"), "{label}: {row}");
        let at = u16::try_from(row.find("-2.10%").expect("change")).expect("x") + 1;
        assert_eq!(buf[(at, eth)].fg, colours.down.fg.unwrap_or_default(), "{label}");
    }
}
