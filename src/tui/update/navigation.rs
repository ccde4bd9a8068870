//! Moving between views: to a named view, to the next one, and to a
//! statement (which brings a view that shows statements).

use super::claims;
use crate::model::StatementId;
use crate::tui::model::{Model, View};

pub(super) fn set_view(model: &mut Model, view: View) {
    if model.view == view {
        return;
    }
    let rows_change = model.view == View::Reader || view == View::Reader;
    model.view = view;
    if rows_change && view.has_statements() {
        model.rebuild_rows();
    }
    if view.has_statements() {
        model.relayout();
    }
    if view == View::Claims
        && let Some(claim) = model
            .cursor
            .and_then(|c| model.data.statement_claim.get(c).copied().flatten())
        && let Some(pos) = model.claims.order.iter().position(|&i| i == claim)
    {
        model.claims.selected = pos;
        claims::clamp(model);
    }
}

/// The view after the current one, in [`View::ALL`]'s order.
pub(super) fn next_view(model: &mut Model) {
    let i = View::ALL.iter().position(|v| *v == model.view).unwrap_or(0);
    set_view(model, View::ALL[(i + 1) % View::ALL.len()]);
}

/// Put the cursor on a statement, in the compare view unless the current
/// view shows statements.
pub(super) fn jump_to(model: &mut Model, statement: StatementId) {
    if statement >= model.data.statement_count() {
        return;
    }
    if model.view != View::Compare && model.view != View::Reader {
        set_view(model, View::Compare);
    }
    model.move_cursor_to(statement);
    model.center_cursor();
}
