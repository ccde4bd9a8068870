//! Colours and attributes. Every mark that carries meaning also has an
//! attribute or a gutter marker, so the mono theme loses no information.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    Dark,
    Light,
    Mono,
}

impl std::str::FromStr for ThemeName {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "dark" => Ok(ThemeName::Dark),
            "light" => Ok(ThemeName::Light),
            "mono" => Ok(ThemeName::Mono),
            other => Err(format!(
                "unknown theme \"{other}\" (expected dark, light or mono)"
            )),
        }
    }
}

/// Gutter markers, shown in every theme.
pub mod marker {
    pub const CURSOR: char = '▶';
    pub const MATE: char = '•';
    pub const UNIQUE: char = '+';
    pub const CONFLICT: char = '!';
    pub const DIFFERS: char = '~';
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub name: ThemeName,
    pub text: Style,
    pub muted: Style,
    pub title: Style,
    pub header: Style,
    pub status: Style,
    pub footer_key: Style,
    pub footer_desc: Style,
    /// Words only this source's statement has, that matter.
    pub substantive: Style,
    /// Words that differ only in spelling, quotes, case or punctuation.
    pub trivial: Style,
    /// Words that contradict a matching statement (a number, a date, a name).
    pub conflict: Style,
    /// A claim no other source carries.
    pub unique: Style,
    pub cursor: Style,
    /// Statements matching the one under the cursor, in the other columns.
    pub mate: Style,
    pub search_match: Style,
    pub moved: Style,
    pub focused_border: Style,
    pub border: Style,
    pub overlay: Style,
    pub error: Style,
    /// One colour per source, cycled.
    pub source_colors: Vec<Color>,
}

impl Theme {
    pub fn new(name: ThemeName) -> Self {
        match name {
            ThemeName::Dark => Self::dark(),
            ThemeName::Light => Self::light(),
            ThemeName::Mono => Self::mono(),
        }
    }

    pub fn source_style(&self, source: usize) -> Style {
        if self.source_colors.is_empty() {
            return Style::new().add_modifier(Modifier::BOLD);
        }
        Style::new()
            .fg(self.source_colors[source % self.source_colors.len()])
            .add_modifier(Modifier::BOLD)
    }

    fn dark() -> Self {
        Theme {
            name: ThemeName::Dark,
            text: Style::new(),
            muted: Style::new().fg(Color::DarkGray),
            title: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
            header: Style::new().fg(Color::Gray),
            status: Style::new().fg(Color::Black).bg(Color::Gray),
            footer_key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            footer_desc: Style::new().fg(Color::Gray),
            substantive: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            trivial: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            conflict: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            unique: Style::new().fg(Color::LightGreen),
            cursor: Style::new().bg(Color::Rgb(40, 44, 70)),
            mate: Style::new().bg(Color::Rgb(34, 38, 48)),
            search_match: Style::new().fg(Color::Black).bg(Color::LightCyan),
            moved: Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::ITALIC),
            focused_border: Style::new().fg(Color::Cyan),
            border: Style::new().fg(Color::DarkGray),
            overlay: Style::new().fg(Color::White).bg(Color::Rgb(30, 30, 40)),
            error: Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            source_colors: vec![
                Color::LightBlue,
                Color::LightMagenta,
                Color::LightYellow,
                Color::LightCyan,
                Color::LightGreen,
                Color::LightRed,
            ],
        }
    }

    fn light() -> Self {
        Theme {
            name: ThemeName::Light,
            text: Style::new(),
            // ANSI gray is nearly white: on a light terminal only dark gray reads.
            muted: Style::new().fg(Color::DarkGray),
            title: Style::new().fg(Color::Black).add_modifier(Modifier::BOLD),
            header: Style::new().fg(Color::DarkGray),
            status: Style::new().fg(Color::White).bg(Color::DarkGray),
            footer_key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            footer_desc: Style::new().fg(Color::DarkGray),
            substantive: Style::new()
                .fg(Color::Rgb(150, 60, 0))
                .bg(Color::Rgb(255, 236, 179))
                .add_modifier(Modifier::BOLD),
            trivial: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            conflict: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            unique: Style::new().fg(Color::Rgb(0, 110, 40)),
            cursor: Style::new().bg(Color::Rgb(210, 222, 255)),
            mate: Style::new().bg(Color::Rgb(235, 238, 245)),
            search_match: Style::new().fg(Color::White).bg(Color::Blue),
            moved: Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::ITALIC),
            focused_border: Style::new().fg(Color::Blue),
            border: Style::new().fg(Color::DarkGray),
            overlay: Style::new().fg(Color::Black).bg(Color::Rgb(245, 245, 235)),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            source_colors: vec![
                Color::Blue,
                Color::Magenta,
                Color::Rgb(150, 100, 0),
                Color::Cyan,
                Color::Green,
                Color::Red,
            ],
        }
    }

    /// No colours at all: meaning is carried by bold, underline, italic,
    /// reverse and gutter markers.
    fn mono() -> Self {
        Theme {
            name: ThemeName::Mono,
            text: Style::new(),
            muted: Style::new().add_modifier(Modifier::DIM),
            title: Style::new().add_modifier(Modifier::BOLD),
            header: Style::new(),
            status: Style::new().add_modifier(Modifier::REVERSED),
            footer_key: Style::new().add_modifier(Modifier::BOLD),
            footer_desc: Style::new(),
            substantive: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            trivial: Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC),
            conflict: Style::new()
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED | Modifier::REVERSED),
            unique: Style::new().add_modifier(Modifier::ITALIC),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            // The gutter's mate marker carries it: bold is taken by differences.
            mate: Style::new(),
            search_match: Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
            moved: Style::new().add_modifier(Modifier::ITALIC | Modifier::DIM),
            focused_border: Style::new().add_modifier(Modifier::BOLD),
            border: Style::new().add_modifier(Modifier::DIM),
            overlay: Style::new(),
            error: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            source_colors: Vec::new(),
        }
    }
}
