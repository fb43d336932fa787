//! The status bar: venue, connection states with message age, the last error or notice, and
//! key hints for the current mode, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fmt;
use super::theme::THEME;
use crate::app::VenueLabel;
use crate::app::model::Model;
use crate::app::model::conn::{Conn, ConnStatus};

/// Draws the two status lines.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let lines = vec![state_line(model), hints_line(model)];
    frame.render_widget(Paragraph::new(lines), area);
}

fn venue_span(venue: &VenueLabel) -> Span<'static> {
    match venue {
        VenueLabel::Live => Span::styled(" LIVE ", THEME.live_venue),
        VenueLabel::Demo => Span::styled(" DEMO ", THEME.demo_venue),
        VenueLabel::Custom(url) => Span::styled(format!(" {url} "), THEME.warn),
    }
}

fn conn_spans(name: &'static str, conn: &Conn, model: &Model) -> Vec<Span<'static>> {
    let status = conn.status(model.now);
    let style = match status {
        ConnStatus::Live => THEME.ok,
        ConnStatus::Off => THEME.dim,
        ConnStatus::Stale | ConnStatus::Connecting => THEME.warn,
        ConnStatus::Reconnecting => THEME.error,
    };
    let age = match (status, conn.age(model.now)) {
        (ConnStatus::Off | ConnStatus::Connecting, _) | (_, None) => String::new(),
        (_, Some(age)) => format!(" {}", fmt::age(age)),
    };
    vec![
        Span::styled(format!(" {name} "), THEME.dim),
        Span::styled(format!("{}{age}", status.label()), style),
    ]
}

fn state_line(model: &Model) -> Line<'static> {
    let mut spans = vec![venue_span(&model.venue)];
    spans.extend(conn_spans("market", &model.market_conn, model));
    let user = if model.has_credentials {
        conn_spans("user", &model.user_conn, model)
    } else {
        vec![Span::styled(" user ", THEME.dim), Span::styled("no API key", THEME.dim)]
    };
    spans.extend(user);
    if let Some(error) = &model.last_error {
        spans.push(Span::styled(format!(" │ {}", super::words::problem(error)), THEME.error));
    } else if let Some(notice) = &model.notice {
        spans.push(Span::styled(format!(" │ {notice}"), THEME.ok));
    }
    Line::from(spans)
}

fn hints_line(model: &Model) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, label) in model.keymap.hints(model.mode()) {
        spans.push(Span::styled(key, THEME.key));
        spans.push(Span::styled(format!(" {label}  "), THEME.dim));
    }
    Line::from(spans)
}
