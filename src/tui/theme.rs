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
    pub const KIN: char = '◦';
    pub const UNIQUE: char = '+';
    pub const MAYBE: char = '?';
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
    /// A claim another source may carry: a candidate falls short.
    pub maybe: Style,
    pub cursor: Style,
    /// Statements matching the one under the cursor, in the other columns.
    pub mate: Style,
    pub search_match: Style,
    pub moved: Style,
    /// Tag labels under a statement.
    pub badge: Style,
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
        Self::coloured(&DARK)
    }

    fn light() -> Self {
        Self::coloured(&LIGHT)
    }

    /// The dark and light themes: the same marks, coloured from palette `p`.
    fn coloured(p: &Palette) -> Self {
        Theme {
            name: p.name,
            text: Style::new(),
            muted: Style::new().fg(Color::DarkGray),
            title: Style::new().fg(p.strong).add_modifier(Modifier::BOLD),
            header: Style::new().fg(p.secondary),
            status: Style::new().fg(p.status.0).bg(p.status.1),
            footer_key: Style::new().fg(p.accent).add_modifier(Modifier::BOLD),
            footer_desc: Style::new().fg(p.secondary),
            substantive: Style {
                bg: p.substantive_bg,
                ..Style::new().fg(p.substantive).add_modifier(Modifier::BOLD)
            },
            trivial: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            conflict: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            unique: Style::new().fg(p.unique),
            maybe: Style::new().fg(p.maybe),
            cursor: Style::new().bg(p.cursor_bg),
            mate: Style::new().bg(p.mate_bg),
            search_match: Style::new().fg(p.search_match.0).bg(p.search_match.1),
            moved: Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::ITALIC),
            badge: Style::new().fg(p.badge.0).bg(p.badge.1),
            focused_border: Style::new().fg(p.accent),
            border: Style::new().fg(Color::DarkGray),
            overlay: Style::new().fg(p.strong).bg(p.overlay_bg),
            error: Style::new().fg(p.error).add_modifier(Modifier::BOLD),
            source_colors: p.source_colors.to_vec(),
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
            // The gutter's `?` carries it; the text stays plain.
            maybe: Style::new().add_modifier(Modifier::DIM),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            // The gutter's mate marker carries it: bold is taken by differences.
            mate: Style::new(),
            search_match: Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
            moved: Style::new().add_modifier(Modifier::ITALIC | Modifier::DIM),
            badge: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            focused_border: Style::new().add_modifier(Modifier::BOLD),
            border: Style::new().add_modifier(Modifier::DIM),
            overlay: Style::new(),
            error: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            source_colors: Vec::new(),
        }
    }
}

/// What differs between the dark and the light theme. Muted text, borders,
/// trivial differences, conflicts and moved statements look the same in both.
struct Palette {
    name: ThemeName,
    /// Titles and overlay text: the most contrast with the background.
    strong: Color,
    /// Headers and footer descriptions.
    secondary: Color,
    /// The status line, as (foreground, background).
    status: (Color, Color),
    /// Footer keys and the focused border.
    accent: Color,
    substantive: Color,
    /// Some foregrounds only read on a tinted background.
    substantive_bg: Option<Color>,
    unique: Color,
    maybe: Color,
    cursor_bg: Color,
    mate_bg: Color,
    /// (foreground, background)
    search_match: (Color, Color),
    /// (foreground, background)
    badge: (Color, Color),
    overlay_bg: Color,
    error: Color,
    source_colors: [Color; 6],
}

const DARK: Palette = Palette {
    name: ThemeName::Dark,
    strong: Color::White,
    secondary: Color::Gray,
    status: (Color::Black, Color::Gray),
    accent: Color::Cyan,
    substantive: Color::Yellow,
    substantive_bg: None,
    unique: Color::LightGreen,
    maybe: Color::Yellow,
    cursor_bg: Color::Rgb(40, 44, 70),
    mate_bg: Color::Rgb(34, 38, 48),
    search_match: (Color::Black, Color::LightCyan),
    badge: (Color::Black, Color::LightMagenta),
    overlay_bg: Color::Rgb(30, 30, 40),
    error: Color::LightRed,
    source_colors: [
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightYellow,
        Color::LightCyan,
        Color::LightGreen,
        Color::LightRed,
    ],
};

const LIGHT: Palette = Palette {
    name: ThemeName::Light,
    strong: Color::Black,
    // ANSI gray is nearly white: on a light terminal only dark gray reads.
    secondary: Color::DarkGray,
    status: (Color::White, Color::DarkGray),
    accent: Color::Blue,
    substantive: Color::Rgb(150, 60, 0),
    substantive_bg: Some(Color::Rgb(255, 236, 179)),
    unique: Color::Rgb(0, 110, 40),
    maybe: Color::Rgb(140, 90, 0),
    cursor_bg: Color::Rgb(210, 222, 255),
    mate_bg: Color::Rgb(235, 238, 245),
    search_match: (Color::White, Color::Blue),
    badge: (Color::White, Color::Magenta),
    overlay_bg: Color::Rgb(245, 245, 235),
    error: Color::Red,
    source_colors: [
        Color::Blue,
        Color::Magenta,
        Color::Rgb(150, 100, 0),
        Color::Cyan,
        Color::Green,
        Color::Red,
    ],
};
