//! The reader's configuration: embedded defaults (`assets/config.toml`), then
//! the user's file from the platform config directory or `--config PATH`.

use super::error::ConfigError;
use super::keymap::Keymap;
use super::theme::ThemeName;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const DEFAULT_CONFIG: &str = include_str!("../../assets/config.toml");

#[derive(Debug, Clone)]
pub struct Config {
    pub theme: ThemeName,
    pub mouse: bool,
    pub tag_labels: Vec<String>,
    pub keymap: Keymap,
    /// The user file that was read, if any.
    pub file: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    theme: Option<toml::Spanned<String>>,
    mouse: Option<bool>,
    tag_labels: Option<Vec<String>>,
    #[serde(default)]
    keys: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
}

/// Where the configuration is read from when no `--config` is given.
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "crossread").map(|d| d.config_dir().join("config.toml"))
}

impl Config {
    /// The built-in configuration alone.
    pub fn defaults() -> Result<Self, ConfigError> {
        let mut config = Config {
            theme: ThemeName::Dark,
            mouse: false,
            tag_labels: Vec::new(),
            keymap: Keymap::defaults()?,
            file: None,
        };
        config.apply(DEFAULT_CONFIG, Path::new("<built-in config.toml>"))?;
        Ok(config)
    }

    /// Load: an explicit path must exist; the default path may be missing.
    pub fn load(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        let mut config = Self::defaults()?;
        let (path, required) = match explicit {
            Some(p) => (Some(p.to_path_buf()), true),
            None => (default_config_path(), false),
        };
        let Some(path) = path else {
            return Ok(config);
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(config),
            Err(e) => {
                return Err(ConfigError::File {
                    file: path,
                    problem: format!("cannot read: {e}"),
                });
            }
        };
        config.apply(&text, &path)?;
        config.file = Some(path);
        Ok(config)
    }

    /// Lay the settings of one TOML text over this configuration.
    pub fn apply(&mut self, text: &str, file: &Path) -> Result<(), ConfigError> {
        let parsed: ConfigFile =
            toml::from_str(text).map_err(|e| ConfigError::from_toml(file, text, &e))?;
        if let Some(theme) = parsed.theme {
            self.theme = theme
                .get_ref()
                .parse()
                .map_err(|p: String| ConfigError::at(file, text, theme.span().start, p))?;
        }
        if let Some(mouse) = parsed.mouse {
            self.mouse = mouse;
        }
        if let Some(labels) = parsed.tag_labels {
            self.tag_labels = labels;
        }
        let keys: Vec<_> = parsed.keys.into_iter().collect();
        self.keymap.merge_user(&keys, file, text)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Command;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn apply(text: &str) -> Result<Config, ConfigError> {
        let mut config = Config::defaults()?;
        config.apply(text, Path::new("/tmp/c.toml"))?;
        Ok(config)
    }

    #[test]
    fn defaults_load() {
        let config = Config::defaults().unwrap();
        assert_eq!(config.theme, ThemeName::Dark);
        assert!(!config.mouse);
        assert!(config.tag_labels.iter().any(|l| l == "verify"));
    }

    #[test]
    fn user_keys_merge_over_defaults() {
        let config = apply(
            "theme = \"light\"\n[keys]\n\"ctrl-n\" = \"next_difference\"\n\"j\" = \"none\"\n",
        )
        .unwrap();
        assert_eq!(config.theme, ThemeName::Light);
        let key = |c, m| KeyEvent::new(KeyCode::Char(c), m);
        assert_eq!(
            config.keymap.lookup(&key('n', KeyModifiers::CONTROL)),
            Some(Command::NextDifference)
        );
        assert_eq!(config.keymap.lookup(&key('j', KeyModifiers::NONE)), None);
        assert_eq!(
            config.keymap.lookup(&key('k', KeyModifiers::NONE)),
            Some(Command::CursorUp)
        );
    }

    #[test]
    fn errors_name_file_line_and_problem() {
        let err = apply("theme = \"dark\"\n\n[keys]\n\"j\" = \"jump_around\"\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "/tmp/c.toml:4: unknown action \"jump_around\" for key \"j\""
        );
        let err = apply("theme = \"sepia\"\n").unwrap_err();
        assert!(
            err.to_string().starts_with("/tmp/c.toml:1: unknown theme"),
            "{err}"
        );
        let err = apply("[keys]\n\"hyper-q\" = \"quit\"\n").unwrap_err();
        assert_eq!(err.to_string(), "/tmp/c.toml:2: unknown key \"hyper-q\"");
        let err = apply("mouse = 3\n").unwrap_err();
        assert!(err.to_string().starts_with("/tmp/c.toml:1: "), "{err}");
        let err = apply("colour = \"red\"\n").unwrap_err();
        assert!(err.to_string().starts_with("/tmp/c.toml:1: "), "{err}");
        let err = apply("[keys]\n\"shift-tab\" = \"quit\"\n\"backtab\" = \"help\"\n").unwrap_err();
        assert!(err.to_string().contains("bound twice"), "{err}");
    }

    #[test]
    fn explicit_missing_file_is_an_error() {
        let err = Config::load(Some(Path::new("/nonexistent/crossread.toml"))).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("/nonexistent/crossread.toml: cannot read")
        );
    }
}
