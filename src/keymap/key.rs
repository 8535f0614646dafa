//! One key press as keymaps spell it: `q`, `K`, `ctrl-r`, `alt-f`, `C-space`, `pagedown`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("space", KeyCode::Char(' ')),
];

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        Key { code, mods }.normalized()
    }

    pub fn from_event(event: &KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }

    /// This key without Alt, if it had Alt: a terminal sends `Esc` and a key arriving in
    /// one read exactly as it sends Alt with that key.
    pub fn without_alt(self) -> Option<Key> {
        self.mods.contains(KeyModifiers::ALT).then(|| Key {
            code: self.code,
            mods: self.mods - KeyModifiers::ALT,
        })
    }

    /// Shift is carried by the character itself (`K`), and terminals send ctrl-r and
    /// ctrl-R alike, so both collapse to one spelling.
    fn normalized(mut self) -> Key {
        self.mods &= KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT;
        match self.code {
            KeyCode::Char(c) => {
                if self.mods.contains(KeyModifiers::SHIFT) && c.is_alphabetic() {
                    self.code = KeyCode::Char(c.to_uppercase().next().unwrap_or(c));
                }
                if c != ' ' {
                    self.mods.remove(KeyModifiers::SHIFT);
                }
                if self.mods.contains(KeyModifiers::CONTROL) {
                    self.code = KeyCode::Char(c.to_ascii_lowercase());
                }
            }
            KeyCode::BackTab => self.mods.remove(KeyModifiers::SHIFT),
            _ => {}
        }
        self
    }

    /// The spelling a mistyped key was likely meant as: a key name (`pgae-down`), or each
    /// word before a `-` as a modifier and the last as a key (`ctlr-x`).
    fn nearest(spec: &str) -> Option<String> {
        let names = || NAMED.iter().map(|(n, _)| *n);
        if let Some(name) = super::hint::nearest(spec, names()) {
            return Some(name.to_string());
        }
        let (mods, key) = spec.rsplit_once('-')?;
        let mut fixed: Vec<&str> = Vec::new();
        for word in mods.split('-') {
            fixed.push(super::hint::nearest(word, ["ctrl", "alt", "shift"])?);
        }
        let key = match key.chars().count() {
            1 => key,
            _ => super::hint::nearest(key, names()).unwrap_or(key),
        };
        let guess = format!("{}-{key}", fixed.join("-"));
        (guess != spec && Key::parse(&guess).is_ok()).then_some(guess)
    }

    /// Parses `ctrl-alt-x`, `C-f`, `M-b`, `shift-tab`, `f5`, `?`; the error says why not.
    pub fn parse(spec: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = spec;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (modifier, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
            } else if rest.starts_with("C-") && rest.len() > 2 {
                (KeyModifiers::CONTROL, 2)
            } else if rest.starts_with("M-") && rest.len() > 2 {
                (KeyModifiers::ALT, 2)
            } else {
                break;
            };
            mods |= modifier;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => {
                let lower = rest.to_ascii_lowercase();
                if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == lower) {
                    *code
                } else if let Some(n) = lower
                    .strip_prefix('f')
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=12).contains(n))
                {
                    KeyCode::F(n)
                } else {
                    let hint = Key::nearest(spec)
                        .map_or(String::new(), |k| format!("; did you mean {k:?}?"));
                    return Err(format!(
                        "unknown key {spec:?}{hint} (write a character, or ctrl-/alt-/shift- \
                         before one of: {}, f1-f12)",
                        NAMED.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                    ));
                }
            }
        };
        Ok(Key::new(code, mods))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => match NAMED.iter().find(|(_, c)| *c == code) {
                Some((name, _)) => f.write_str(name),
                None => write!(f, "{code:?}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_parse_to_what_terminals_send() {
        let ctrl = |c| Key::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(Key::parse("ctrl-r").unwrap(), ctrl('r'));
        assert_eq!(Key::parse("C-f").unwrap(), ctrl('f'));
        assert_eq!(Key::parse("C-space").unwrap(), ctrl(' '));
        assert_eq!(Key::parse("M-b").unwrap().mods, KeyModifiers::ALT);
        assert_eq!(Key::parse("shift-k").unwrap(), Key::parse("K").unwrap());
        assert_eq!(Key::parse("PageDown").unwrap().code, KeyCode::PageDown);
        assert_eq!(Key::parse("f5").unwrap().code, KeyCode::F(5));
        assert_eq!(Key::parse("ә").unwrap().code, KeyCode::Char('ә'));
        assert_eq!(Key::parse("-").unwrap().code, KeyCode::Char('-'));
        assert!(Key::parse("ctlr-x").is_err());
        assert!(Key::parse("f13").is_err());
        assert!(Key::parse("").is_err());
        // a shifted letter from the terminal matches the plain capital
        let event = KeyEvent::new(KeyCode::Char('K'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&event), Key::parse("K").unwrap());
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&backtab), Key::parse("backtab").unwrap());
    }

    #[test]
    fn display_round_trips() {
        for spec in [
            "q",
            "K",
            "ctrl-r",
            "alt-f",
            "ctrl-space",
            "enter",
            "pagedown",
            "f1",
            "?",
        ] {
            let key = Key::parse(spec).unwrap();
            assert_eq!(key.to_string(), spec);
            assert_eq!(Key::parse(&key.to_string()).unwrap(), key);
        }
    }
}
