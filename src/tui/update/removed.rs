//! The removed view: what cleaning took out of each source, one source at a
//! time.

use super::columns::focus_source;
use crate::tui::action::Command;
use crate::tui::model::Model;

pub(super) fn command(model: &mut Model, command: Command) {
    match command {
        Command::CursorDown => model.removed_scroll += 1,
        Command::CursorUp => model.removed_scroll = model.removed_scroll.saturating_sub(1),
        Command::Top => model.removed_scroll = 0,
        Command::PageDown | Command::HalfPageDown => {
            model.removed_scroll += model.body_height() / 2
        }
        Command::PageUp | Command::HalfPageUp => {
            model.removed_scroll = model.removed_scroll.saturating_sub(model.body_height() / 2)
        }
        Command::NextColumn | Command::FocusRight | Command::PrevColumn | Command::FocusLeft => {
            let n = model.source_count();
            if n == 0 {
                return;
            }
            let next = if matches!(command, Command::NextColumn | Command::FocusRight) {
                (model.focus + 1) % n
            } else {
                (model.focus + n - 1) % n
            };
            focus_source(model, next);
            model.removed_scroll = 0;
        }
        _ => {}
    }
}

pub(super) fn scroll(model: &mut Model, lines: i32) {
    model.removed_scroll = model.removed_scroll.saturating_add_signed(lines as isize);
}
