//! `cbterm replay`'s `--speed` and `--from` values: parsed when the command line is read (a
//! bad value exits 2 naming it), `--from` resolved against the recording's span.

use chrono::{DateTime, NaiveTime, Utc};

/// Where `--from` starts the replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartAt {
    /// An RFC 3339 time (`2026-12-04T19:05:00Z`).
    At(DateTime<Utc>),
    /// A UTC time of day on the recording's first day (`19:05`, `19:05:30`).
    TimeOfDay(NaiveTime),
    /// This long after the recording's start (`+90s`, `+5m`, `+1h30m`).
    Offset(chrono::Duration),
}

/// Parses `--speed`: a positive number of recorded seconds per real second.
pub fn parse_speed(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(speed) if speed.is_finite() && speed > 0.0 => Ok(speed),
        _ => Err(format!("{text:?} is not a positive number (e.g. 0.25, 1, 10)")),
    }
}

/// Parses `--from`: an RFC 3339 time, a UTC time of day HH:MM[:SS], or an offset `+90s`,
/// `+5m`, `+1h30m`.
pub fn parse_from(text: &str) -> Result<StartAt, String> {
    let text = text.trim();
    if let Some(offset) = text.strip_prefix('+') {
        return parse_offset(offset).map(StartAt::Offset).ok_or_else(|| {
            format!("{text:?} is not an offset: use +90s, +5m, +1h30m (whole numbers of h, m, s)")
        });
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(StartAt::At(at.with_timezone(&Utc)));
    }
    ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(text, f).ok())
        .map(StartAt::TimeOfDay)
        .ok_or_else(|| {
            format!("{text:?} is not a time: use 2026-12-04T19:05:00Z, 19:05[:30] (UTC) or an offset +5m")
        })
}

/// `1h30m`, `90s`: whole numbers each followed by h, m or s.
fn parse_offset(text: &str) -> Option<chrono::Duration> {
    let mut total = chrono::Duration::zero();
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits.parse().ok()?;
        digits.clear();
        let part = match c {
            'h' => chrono::Duration::try_hours(n)?,
            'm' => chrono::Duration::try_minutes(n)?,
            's' => chrono::Duration::try_seconds(n)?,
            _ => return None,
        };
        total = total.checked_add(&part)?;
    }
    (digits.is_empty() && !text.is_empty()).then_some(total)
}

/// The recorded time `from` names in a recording spanning `span`, or why it is outside it.
pub fn resolve(from: StartAt, span: (DateTime<Utc>, DateTime<Utc>)) -> Result<DateTime<Utc>, String> {
    let (start, end) = span;
    let at = match from {
        StartAt::At(at) => at,
        StartAt::TimeOfDay(time) => start.date_naive().and_time(time).and_utc(),
        StartAt::Offset(offset) => start + offset,
    };
    if at < start || at > end {
        let shown = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M:%S%.3f").to_string();
        return Err(format!(
            "--from {} is outside the recording, which spans {} to {} UTC",
            shown(at),
            shown(start),
            shown(end)
        ));
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).expect("time")
    }

    const SPAN: (&str, &str) = ("2026-12-04T19:00:00.5Z", "2026-12-04T19:10:00Z");

    fn span() -> (DateTime<Utc>, DateTime<Utc>) {
        (t(SPAN.0), t(SPAN.1))
    }

    #[test]
    fn speeds_are_positive_numbers() {
        assert_eq!(parse_speed("0.25"), Ok(0.25));
        assert_eq!(parse_speed("10"), Ok(10.0));
        for bad in ["0", "-1", "fast", "", "inf", "NaN"] {
            assert!(parse_speed(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn from_takes_a_time_a_time_of_day_or_an_offset() {
        let at = |s: &str| parse_from(s).and_then(|f| resolve(f, span()));
        assert_eq!(at("2026-12-04T19:05:00Z"), Ok(t("2026-12-04T19:05:00Z")));
        assert_eq!(at("19:05"), Ok(t("2026-12-04T19:05:00Z")));
        assert_eq!(at("19:05:30"), Ok(t("2026-12-04T19:05:30Z")));
        assert_eq!(at("+90s"), Ok(t("2026-12-04T19:01:30.5Z")));
        assert_eq!(at("+1h30m"), Err("--from 2026-12-04 20:30:00.500 is outside the recording, which spans 2026-12-04 19:00:00.500 to 2026-12-04 19:10:00.000 UTC".into()));
        assert_eq!(at("+5m"), Ok(t("2026-12-04T19:05:00.5Z")));
        assert_eq!(at("+0s"), Ok(t(SPAN.0)));
    }

    #[test]
    fn bad_or_outside_from_is_refused_naming_the_span() {
        for bad in ["+5", "+m", "+5x", "soon", "25:00", "+"] {
            assert!(parse_from(bad).is_err(), "{bad}");
        }
        let outside = resolve(parse_from("+1h").expect("parses"), span());
        assert_eq!(
            outside,
            Err("--from 2026-12-04 20:00:00.500 is outside the recording, which spans \
                 2026-12-04 19:00:00.500 to 2026-12-04 19:10:00.000 UTC"
                .into())
        );
        assert!(resolve(parse_from("18:59").expect("parses"), span()).is_err());
    }
}
