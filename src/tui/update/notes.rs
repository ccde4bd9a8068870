//! The notes view: every tag of the story in a list over the current view,
//! filtered by label; Enter jumps to a tag's statement. Also where tags that
//! another reader saved are taken in.

use super::{Next, export, tagging};
use crate::tui::action::{Action, Command};
use crate::tui::model::tagging::Overlay;
use crate::tui::model::{Modal, Model};

/// Open the notes view, with the tags another reader of the same story
/// saved meanwhile.
pub(super) fn open(model: &mut Model) {
    if let Err(e) = model.tagging.notes.reload() {
        model.set_error(e.to_string());
    } else if let Some(warning) = model.tagging.notes.warning() {
        let warning = warning.to_string();
        model.set_error(warning);
    }
    model.tagging.overlay = Some(Overlay::List);
    model.sync_badges();
}

/// On [`Action::Tick`]: show the tags another process (a second reader,
/// `crossread tag`) saved meanwhile. True when the screen must be redrawn.
pub(super) fn pick_up_changes(model: &mut Model) -> bool {
    match model.tagging.notes.refresh() {
        Ok(true) => {
            model.sync_badges();
            true
        }
        Ok(false) => false,
        Err(e) => {
            model.set_error(e.to_string());
            true
        }
    }
}

/// A keymap command while the notes view is open; Enter hands back a jump
/// to the tag's statement.
pub(super) fn command(model: &mut Model, command: Command) -> Next {
    let next = run_command(model, command);
    model.sync_badges();
    next
}

fn run_command(model: &mut Model, command: Command) -> Next {
    model.status = None;
    let notes = &model.tagging.notes;
    let listing = &mut model.tagging.listing;
    match command {
        Command::Quit | Command::Cancel | Command::ViewNotes => model.tagging.overlay = None,
        Command::CursorDown => listing.select_next(notes),
        Command::CursorUp => listing.select_previous(notes),
        Command::Top => {
            while listing.selected(notes).unwrap_or(0) > 0 {
                listing.select_previous(notes);
            }
        }
        Command::Bottom => {
            let last = listing.entries(notes).len().saturating_sub(1);
            while listing.selected(notes).unwrap_or(last) < last {
                listing.select_next(notes);
            }
        }
        Command::CycleFilter => {
            let labels = notes.labels(&[]);
            listing.cycle_filter(&labels);
            let shown = listing.filter().unwrap_or("all labels").to_string();
            model.set_status(format!("showing {shown}"));
        }
        Command::Activate => {
            let current = listing.current(notes).cloned();
            match current {
                Some(tag) => match tag.statements.first() {
                    Some(&statement) => {
                        model.tagging.overlay = None;
                        return Next::Then(Action::JumpTo(statement));
                    }
                    None => model.set_status(format!(
                        "orphan: this text is no longer in {}",
                        tag.tag.anchor.source_name
                    )),
                },
                None => model.set_status("no tags yet"),
            }
        }
        Command::EditNote | Command::RemoveTag | Command::ConfirmTag => {
            if let Some(id) = listing.current(notes).map(|t| t.tag.id.clone()) {
                tagging::act_on(model, command, &id, true);
            }
        }
        Command::Undo => tagging::undo(model),
        Command::ExportNotes => export::open(model),
        Command::Help => model.modal = Some(Modal::Help { scroll: 0 }),
        _ => {}
    }
    Next::Done
}
