//! The help overlay: scrolling within its lines, closing it.

use crate::tui::action::Command;
use crate::tui::model::help::help_lines;
use crate::tui::model::{Modal, Model};

/// Keys while the help is open: scroll it (within its length) or close it.
pub(super) fn command(model: &mut Model, command: Command) {
    // The overlay leaves two rows around it and two for its border.
    let room = usize::from(model.height.saturating_sub(4));
    let last = help_lines(&model.keymap).len().saturating_sub(room);
    let Some(Modal::Help { scroll }) = &mut model.modal else {
        return;
    };
    match command {
        Command::Help | Command::Cancel | Command::Quit => model.modal = None,
        Command::CursorDown => *scroll += 1,
        Command::CursorUp => *scroll = scroll.saturating_sub(1),
        Command::PageDown | Command::HalfPageDown => *scroll += 10,
        Command::PageUp | Command::HalfPageUp => *scroll = scroll.saturating_sub(10),
        Command::Top => *scroll = 0,
        Command::Bottom => *scroll = last,
        _ => {}
    }
    if let Some(Modal::Help { scroll }) = &mut model.modal {
        *scroll = (*scroll).min(last);
    }
}
