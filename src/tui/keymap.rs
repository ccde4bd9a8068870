//! Key bindings: the embedded defaults (`assets/keymap.toml`) with the user's
//! `[keys]` merged over them. The help overlay and footer read this, so the
//! keys they show are the keys that work.

use super::action::Command;
use super::error::ConfigError;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");
const DEFAULT_KEYMAP_NAME: &str = "<built-in keymap.toml>";

/// A key with its modifiers, normalised so that what terminals send and what
/// users write compare equal ("G" arrives as shift+G; we drop the shift).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeySpec {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let mut modifiers =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                // The character already says whether shift was held.
                modifiers.remove(KeyModifiers::SHIFT);
                if modifiers.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        KeySpec { code, modifiers }
    }

    pub fn from_event(event: &KeyEvent) -> Self {
        KeySpec::new(event.code, event.modifiers)
    }

    /// Parse "j", "ctrl-d", "shift-tab", "pgdn", "-", "ctrl--".
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.is_empty() {
            return Err("empty key".into());
        }
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (prefix, flag) = if lower.starts_with("ctrl-") && rest.len() > 5 {
                ("ctrl-", KeyModifiers::CONTROL)
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                ("alt-", KeyModifiers::ALT)
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                ("shift-", KeyModifiers::SHIFT)
            } else {
                break;
            };
            modifiers |= flag;
            rest = &rest[prefix.len()..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                "minus" => KeyCode::Char('-'),
                f if f.starts_with('f') && f.len() > 1 => match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => KeyCode::F(n),
                    _ => return Err(format!("unknown key \"{text}\"")),
                },
                _ => return Err(format!("unknown key \"{text}\"")),
            },
        };
        if let KeyCode::Char(c) = code
            && modifiers.contains(KeyModifiers::SHIFT)
            && c.is_ascii_lowercase()
        {
            return Ok(KeySpec::new(
                KeyCode::Char(c.to_ascii_uppercase()),
                modifiers,
            ));
        }
        Ok(KeySpec::new(code, modifiers))
    }
}

impl std::fmt::Display for KeySpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::Insert => f.write_str("insert"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The description of a command, from the default keymap.
#[derive(Debug, Clone)]
pub struct CommandInfo {
    pub command: Command,
    pub desc: String,
    pub section: String,
    /// Footer label, when the footer shows this command.
    pub short: Option<String>,
    /// Views whose footer shows it.
    pub views: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: HashMap<KeySpec, Command>,
    /// Commands in the order of the default keymap file.
    pub commands: Vec<CommandInfo>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    binding: Vec<toml::Spanned<BindingEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BindingEntry {
    action: toml::Spanned<String>,
    keys: Vec<toml::Spanned<String>>,
    desc: String,
    section: String,
    short: Option<String>,
    #[serde(default)]
    views: Vec<String>,
}

impl Keymap {
    /// The embedded defaults.
    pub fn defaults() -> Result<Self, ConfigError> {
        Self::parse_defaults(DEFAULT_KEYMAP, Path::new(DEFAULT_KEYMAP_NAME))
    }

    fn parse_defaults(text: &str, file: &Path) -> Result<Self, ConfigError> {
        let parsed: KeymapFile =
            toml::from_str(text).map_err(|e| ConfigError::from_toml(file, text, &e))?;
        let mut keymap = Keymap {
            bindings: HashMap::new(),
            commands: Vec::new(),
        };
        for entry in parsed.binding {
            let entry = entry.into_inner();
            let command = Command::from_name(entry.action.get_ref()).ok_or_else(|| {
                ConfigError::at(
                    file,
                    text,
                    entry.action.span().start,
                    format!("unknown action \"{}\"", entry.action.get_ref()),
                )
            })?;
            for key in &entry.keys {
                let spec = KeySpec::parse(key.get_ref())
                    .map_err(|p| ConfigError::at(file, text, key.span().start, p))?;
                if let Some(previous) = keymap.bindings.insert(spec, command) {
                    return Err(ConfigError::at(
                        file,
                        text,
                        key.span().start,
                        format!(
                            "key \"{spec}\" is bound twice (also to {})",
                            previous.name()
                        ),
                    ));
                }
            }
            keymap.commands.push(CommandInfo {
                command,
                desc: entry.desc,
                section: entry.section,
                short: entry.short,
                views: entry.views,
            });
        }
        Ok(keymap)
    }

    /// Merge the user's `[keys]` table: each entry rebinds one key, replacing
    /// what it did; the action "none" unbinds it.
    pub fn merge_user(
        &mut self,
        keys: &[(toml::Spanned<String>, toml::Spanned<String>)],
        file: &Path,
        text: &str,
    ) -> Result<(), ConfigError> {
        let mut seen: HashMap<KeySpec, String> = HashMap::new();
        for (key, action) in keys {
            let spec = KeySpec::parse(key.get_ref())
                .map_err(|p| ConfigError::at(file, text, key.span().start, p))?;
            if let Some(other) = seen.insert(spec, key.get_ref().clone()) {
                return Err(ConfigError::at(
                    file,
                    text,
                    key.span().start,
                    format!(
                        "keys \"{other}\" and \"{}\" are the same key bound twice",
                        key.get_ref()
                    ),
                ));
            }
            if action.get_ref() == "none" {
                self.bindings.remove(&spec);
                continue;
            }
            let command = Command::from_name(action.get_ref()).ok_or_else(|| {
                ConfigError::at(
                    file,
                    text,
                    action.span().start,
                    format!(
                        "unknown action \"{}\" for key \"{}\"",
                        action.get_ref(),
                        key.get_ref()
                    ),
                )
            })?;
            self.bindings.insert(spec, command);
        }
        Ok(())
    }

    pub fn lookup(&self, key: &KeyEvent) -> Option<Command> {
        self.bindings.get(&KeySpec::from_event(key)).copied()
    }

    /// Every key bound to `command`, in a stable order (plain keys first).
    pub fn keys_for(&self, command: Command) -> Vec<KeySpec> {
        let mut keys: Vec<KeySpec> = self
            .bindings
            .iter()
            .filter(|(_, c)| **c == command)
            .map(|(k, _)| *k)
            .collect();
        keys.sort_by_key(|k| {
            let text = k.to_string();
            (
                !matches!(k.code, KeyCode::Char(_)) || !k.modifiers.is_empty(),
                text.chars().count(),
                text,
            )
        });
        keys
    }

    /// The first key of a command as a label, or None when it is unbound.
    pub fn key_label(&self, command: Command) -> Option<String> {
        self.keys_for(command).first().map(ToString::to_string)
    }

    pub fn info(&self, command: Command) -> Option<&CommandInfo> {
        self.commands.iter().find(|c| c.command == command)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_cover_every_command() {
        let keymap = Keymap::defaults().unwrap();
        for command in Command::ALL {
            assert!(
                keymap.info(*command).is_some(),
                "{} has no description",
                command.name()
            );
        }
        assert_eq!(
            keymap.lookup(&KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Command::Bottom)
        );
        assert_eq!(
            keymap.lookup(&KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Command::PrevColumn)
        );
        assert_eq!(
            keymap.lookup(&KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Command::HalfPageDown)
        );
    }

    #[test]
    fn parses_and_prints_keys() {
        for text in [
            "j",
            "G",
            "ctrl-d",
            "shift-tab",
            "pgdn",
            "?",
            "-",
            "ctrl--",
            "f5",
            "space",
        ] {
            let spec = KeySpec::parse(text).unwrap();
            assert_eq!(KeySpec::parse(&spec.to_string()).unwrap(), spec, "{text}");
        }
        assert_eq!(
            KeySpec::parse("shift-g").unwrap(),
            KeySpec::parse("G").unwrap()
        );
        assert!(KeySpec::parse("ctrl-").is_err());
        assert!(KeySpec::parse("hyper-x").is_err());
        assert!(KeySpec::parse("f13").is_err());
    }

    #[test]
    fn bad_default_keymap_names_the_line() {
        let text = "[[binding]]\naction = \"cursor_down\"\nkeys = [\"j\"]\ndesc = \"x\"\nsection = \"m\"\n\n[[binding]]\naction = \"fly\"\nkeys = [\"k\"]\ndesc = \"x\"\nsection = \"m\"\n";
        let err = Keymap::parse_defaults(text, Path::new("k.toml")).unwrap_err();
        assert_eq!(err.to_string(), "k.toml:8: unknown action \"fly\"");
    }
}
