//! [`Notification`]: something worth the user's attention away from the screen (an alert
//! fired, an order filled or was ended by the exchange), and the bytes that tell the terminal.
//!
//! The runtime writes [`Notification::bytes`] to the terminal: a bell (BEL), then a desktop
//! notification as OSC 9 (iTerm2, WezTerm, kitty, Windows Terminal) and OSC 777 `notify`
//! (rxvt-unicode, foot, VTE terminals). Terminals that know neither ignore them. The text is
//! stripped of control characters ([`crate::inert::stripped`]): product names come from the
//! network and must not end the sequence early or start another.

/// The bell.
pub const BEL: &[u8] = b"\x07";
/// The string terminator that ends each OSC sequence (ESC `\`), so the only BEL sent is the
/// bell itself.
const ST: &str = "\x1b\\";

/// A desktop notification: a title and one line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// A short title ("cbterm").
    pub title: String,
    /// What happened, in one line.
    pub body: String,
}

impl Notification {
    /// The bytes to write to the terminal: BEL, OSC 9 and OSC 777 `notify`.
    pub fn bytes(&self) -> Vec<u8> {
        let title = crate::inert::stripped(&self.title).replace(';', ",");
        let body = crate::inert::stripped(&self.body);
        let mut out = BEL.to_vec();
        out.extend_from_slice(format!("\x1b]9;{title}: {body}{ST}").as_bytes());
        out.extend_from_slice(format!("\x1b]777;notify;{title};{body}{ST}").as_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bell_then_osc_9_then_osc_777() {
        let n = Notification { title: "cbterm".into(), body: "BTC-USD above 100".into() };
        let expected = "\x07\x1b]9;cbterm: BTC-USD above 100\x1b\\\
                        \x1b]777;notify;cbterm;BTC-USD above 100\x1b\\";
        assert_eq!(String::from_utf8(n.bytes()).expect("utf-8"), expected);
    }

    #[test]
    fn network_text_cannot_break_out_of_the_sequence() {
        let n = Notification { title: "a;b\x07".into(), body: "EVIL\x1b\\\x1b]0;pwned\x07-USD\u{9c}".into() };
        let text = String::from_utf8(n.bytes()).expect("utf-8");
        let expected = "\x07\x1b]9;a,b: EVIL\\]0;pwned-USD\x1b\\\x1b]777;notify;a,b;EVIL\\]0;pwned-USD\x1b\\";
        assert_eq!(text, expected);
        assert_eq!(text.matches('\x07').count(), 1, "one bell, no BEL terminator");
        assert_eq!(text.matches('\x1b').count(), 4, "two OSC starts and two terminators");
    }
}
