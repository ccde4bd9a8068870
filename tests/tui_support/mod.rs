//! Driving the reader in tests: key presses through the real keymap and
//! update, frames drawn on ratatui's TestBackend, and what is on screen.
#![allow(dead_code)]

use crossread::align::Comparison;
use crossread::tui::config::Config;
use crossread::tui::keymap::KeySpec;
use crossread::tui::model::{Model, Options};
use crossread::tui::update::handle_event;
use crossread::tui::views::draw;
use crossterm::event::{Event, KeyEvent, KeyEventKind, KeyEventState};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// A reader on the built-in configuration, `size` (width, height) cells large.
pub fn reader(comparison: Comparison, options: Options, size: (u16, u16)) -> Model {
    let config = Config::defaults().expect("built-in config");
    Model::new(comparison, &config, &options, size)
}

/// A key press written like the keymap: "j", "ctrl-d", "tab".
pub fn key_event(key: &str) -> Event {
    let spec = KeySpec::parse(key).unwrap_or_else(|e| panic!("test key {key}: {e}"));
    Event::Key(KeyEvent {
        code: spec.code,
        modifiers: spec.modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

/// Press keys written like the keymap, separated by spaces.
pub fn press(model: &mut Model, keys: &str) {
    for key in keys.split_whitespace() {
        handle_event(model, &key_event(key));
    }
}

/// Type `text` a character at a time; a newline presses enter.
pub fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        let key = match c {
            ' ' => "space".to_string(),
            '\n' => "enter".to_string(),
            c => c.to_string(),
        };
        handle_event(model, &key_event(&key));
    }
}

/// Draw the model on a terminal of the model's size.
pub fn render(model: &Model) -> Buffer {
    render_at(model, model.width, model.height)
}

/// Draw the model on a terminal `width` x `height` cells large, which need
/// not be the size the model was laid out for.
pub fn render_at(model: &Model, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|frame| draw(frame, model)).expect("draw");
    terminal.backend().buffer().clone()
}

/// The screen as text, one line per row, trailing blanks trimmed.
pub fn text_of(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Cells (x, y) where `word` starts on screen, top to bottom, left to right.
pub fn find_all(buffer: &Buffer, word: &str) -> Vec<(u16, u16)> {
    let area = buffer.area;
    let target: Vec<char> = word.chars().collect();
    let mut found = Vec::new();
    for y in 0..area.height {
        let mut chars = Vec::new();
        let mut xs = Vec::new();
        for x in 0..area.width {
            for c in buffer[(x, y)].symbol().chars() {
                chars.push(c);
                xs.push(x);
            }
        }
        if chars.len() < target.len() {
            continue;
        }
        for i in 0..=chars.len() - target.len() {
            if chars[i..i + target.len()] == target[..] {
                found.push((xs[i], y));
            }
        }
    }
    found
}

/// The first cell where `word` starts on screen.
pub fn find(buffer: &Buffer, word: &str) -> Option<(u16, u16)> {
    find_all(buffer, word).into_iter().next()
}
