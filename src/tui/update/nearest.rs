//! The "nearest in other sources" overlay: for the claim under the cursor,
//! each other source's closest statement, its score and the word
//! difference, so the reader can judge a `+` or `?` verdict with the
//! evidence in view; Enter jumps to the selected statement.

use super::Next;
use crate::tui::action::{Action, Command};
use crate::tui::model::{Modal, Model, NearestEntry, NearestView};

/// Open the overlay for the statement under the cursor.
pub(super) fn open(model: &mut Model) {
    let Some(statement) = model.cursor_statement() else {
        model.set_status("no statement under the cursor");
        return;
    };
    let comparison = &model.data.comparison;
    let verdict = comparison.verdict(statement);
    let entries: Vec<NearestEntry> = comparison
        .nearest
        .get(statement)
        .into_iter()
        .flatten()
        .map(|n| NearestEntry {
            source: n.source,
            statement: n.statement,
            score: n.score,
            diff: comparison.diff_between(statement, n.statement),
        })
        .collect();
    if entries.is_empty() {
        model.set_status(if verdict == crate::align::Uniqueness::NotAClaim {
            "a headline or caption: not compared with other sources"
        } else {
            "no other source to compare with"
        });
        return;
    }
    model.modal = Some(Modal::Nearest(NearestView {
        statement,
        verdict,
        entries,
        selected: 0,
        scroll: 0,
    }));
}

/// Keys while the overlay is open: move, jump, close.
pub(super) fn command(model: &mut Model, command: Command, mut view: NearestView) -> Next {
    let last = view.entries.len().saturating_sub(1);
    match command {
        Command::Cancel | Command::Quit | Command::Nearest => {
            model.modal = None;
            return Next::Done;
        }
        Command::Activate => {
            model.modal = None;
            return match view.entries.get(view.selected) {
                Some(entry) => Next::Then(Action::JumpTo(entry.statement)),
                None => Next::Done,
            };
        }
        Command::CursorDown => view.selected = (view.selected + 1).min(last),
        Command::CursorUp => view.selected = view.selected.saturating_sub(1),
        Command::Top => view.selected = 0,
        Command::Bottom => view.selected = last,
        Command::PageDown | Command::HalfPageDown => view.selected = (view.selected + 5).min(last),
        Command::PageUp | Command::HalfPageUp => view.selected = view.selected.saturating_sub(5),
        _ => {}
    }
    // Drawing keeps the selection in view; scrolling back is done here.
    view.scroll = view.scroll.min(view.selected);
    model.modal = Some(Modal::Nearest(view));
    Next::Done
}
