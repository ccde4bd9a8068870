//! The library view: the key that asks the loop for the stories, moving
//! among them, Enter to open one (the loop opens it), Esc to go back.

use super::Next;
use crate::tui::action::{Command, Effect};
use crate::tui::model::library::LibraryView;
use crate::tui::model::{Modal, Model};
use crate::tui::news::LibraryNews;

/// Keys while the library view is open.
pub(super) fn command(model: &mut Model, command: Command) -> Next {
    let Some(Modal::Library(view)) = &mut model.modal else {
        return Next::Done;
    };
    let last = view.stories().len().saturating_sub(1);
    let selected = &mut view.selected;
    match command {
        Command::Cancel | Command::Quit | Command::Library => {
            model.modal = None;
            return Next::Done;
        }
        Command::CursorDown => *selected = (*selected + 1).min(last),
        Command::CursorUp => *selected = selected.saturating_sub(1),
        Command::Top => *selected = 0,
        Command::Bottom => *selected = last,
        Command::PageDown | Command::HalfPageDown => *selected = (*selected + 5).min(last),
        Command::PageUp | Command::HalfPageUp => *selected = selected.saturating_sub(5),
        Command::Activate if view.selected_story().is_some() => {
            view.error = None;
            return Next::Effect(Effect::OpenStory);
        }
        _ => {}
    }
    Next::Done
}

/// What the loop found: the stories (the view opens on them), or why the
/// chosen one did not open.
pub(super) fn news(model: &mut Model, news: LibraryNews) -> Next {
    match news {
        LibraryNews::Listed(listing) => {
            model.modal = Some(Modal::Library(LibraryView::new(listing)));
        }
        LibraryNews::NotOpened(error) => match &mut model.modal {
            Some(Modal::Library(view)) => view.error = Some(error),
            _ => model.set_error(error),
        },
    }
    Next::Effect(Effect::Redraw)
}
