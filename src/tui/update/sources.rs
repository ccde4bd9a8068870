//! The source picker: which sources are columns, which is the reference.

use super::columns::{self, focus_source};
use crate::tui::action::Command;
use crate::tui::model::{Modal, Model};

/// Keys while the source picker is open: move, toggle, set the reference.
pub(super) fn command(model: &mut Model, command: Command, selected: usize) {
    let n = model.source_count();
    let last = n.saturating_sub(1);
    let mut selected = selected.min(last);
    match command {
        Command::Cancel | Command::Quit | Command::PickSources => {
            model.modal = None;
            return;
        }
        Command::CursorDown => selected = (selected + 1).min(last),
        Command::CursorUp => selected = selected.saturating_sub(1),
        Command::Top => selected = 0,
        Command::Bottom => selected = last,
        Command::PageDown | Command::HalfPageDown => selected = (selected + 10).min(last),
        Command::PageUp | Command::HalfPageUp => selected = selected.saturating_sub(10),
        Command::Activate | Command::HideColumn => {
            if selected == model.reference {
                model.set_status("the reference is always shown");
            } else if let Some(shown) = model.shown.get_mut(selected) {
                *shown = !*shown;
                if !*shown && model.focus == selected {
                    focus_source(model, model.reference);
                }
                model.relayout();
            }
        }
        Command::ShowAllColumns => columns::show_all(model),
        Command::SetReference if selected < n => {
            if let Some(shown) = model.shown.get_mut(selected) {
                *shown = true;
            }
            columns::make_reference(model, selected);
        }
        _ => {}
    }
    model.modal = Some(Modal::Sources { selected });
}
