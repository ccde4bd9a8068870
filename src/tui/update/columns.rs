//! Which sources are columns and which one has the focus: moving the focus
//! between columns, the reference column, hiding and showing columns, and
//! scrolling the window of columns.

use super::search;
use crate::model::{SourceId, StatementId};
use crate::tui::action::Command;
use crate::tui::layout;
use crate::tui::model::{Model, View};

/// The column commands of the compare and reader views.
pub(super) fn command(model: &mut Model, command: Command) {
    match command {
        Command::NextColumn | Command::PrevColumn | Command::FocusLeft | Command::FocusRight => {
            let cycle = if model.view == View::Reader {
                (0..model.source_count()).collect()
            } else {
                column_cycle(model)
            };
            let Some(pos) = cycle.iter().position(|&s| s == model.focus) else {
                return;
            };
            let n = cycle.len();
            let next = match command {
                Command::NextColumn => Some((pos + 1) % n),
                Command::PrevColumn => Some((pos + n - 1) % n),
                Command::FocusRight => (pos + 1 < n).then_some(pos + 1),
                _ => pos.checked_sub(1),
            };
            if let Some(next) = next {
                focus_source(model, cycle[next]);
                if model.view == View::Reader {
                    model.rebuild_rows();
                    model.scroll = 0;
                    model.relayout();
                }
            }
        }
        Command::SetReference => {
            if model.view != View::Compare || model.focus == model.reference {
                return;
            }
            make_reference(model, model.focus);
            let name = model.data.source_name(model.reference);
            model.set_status(format!("reference: {name}"));
        }
        Command::HideColumn => {
            if model.view != View::Compare {
                return;
            }
            if model.focus == model.reference {
                model.set_status(
                    "the reference column stays; make another source the reference first (r)",
                );
                return;
            }
            let hidden = model.focus;
            let cycle = column_cycle(model);
            let pos = cycle.iter().position(|&s| s == hidden).unwrap_or(0);
            let next = cycle
                .get(pos + 1)
                .or(cycle.get(pos.saturating_sub(1)))
                .copied();
            if let Some(next) = next {
                focus_source(model, next);
            }
            if let Some(shown) = model.shown.get_mut(hidden) {
                *shown = false;
            }
            model.relayout();
            let name = model.data.source_name(hidden);
            model.set_status(format!("hid {name}; X shows every column"));
        }
        Command::ShowAllColumns => show_all(model),
        Command::ScrollSourcesLeft => {
            model.column_offset = model.column_offset.saturating_sub(1);
            keep_focus_in_window(model);
        }
        Command::ScrollSourcesRight => {
            let others = model.other_columns().len();
            let fit = layout::columns_fit(model.width).max(2) - 1;
            model.column_offset = (model.column_offset + 1).min(others.saturating_sub(fit));
            keep_focus_in_window(model);
        }
        _ => {}
    }
}

/// Make `source` the reference: the rows follow it and so does the order
/// of the search's matches; the focus goes to it and the columns scroll back.
pub(super) fn make_reference(model: &mut Model, source: SourceId) {
    model.reference = source;
    model.column_offset = 0;
    model.rebuild_rows();
    focus_source(model, source);
    model.relayout();
    search::reorder(model);
}

pub(super) fn show_all(model: &mut Model) {
    model.shown.iter_mut().for_each(|s| *s = true);
    model.relayout();
}

/// Focus another column; the cursor goes to the matching statement there,
/// else to one sharing a fact, else to the statement on the nearest row.
pub(super) fn focus_source(model: &mut Model, source: usize) {
    if source == model.focus || source >= model.source_count() {
        return;
    }
    // Matching statements there, else ones sharing a fact.
    let in_source = |list: &[StatementId]| -> Vec<StatementId> {
        list.iter()
            .copied()
            .filter(|&m| model.data.source_of(m) == Some(source))
            .collect()
    };
    let mut mates = in_source(model.cursor_mates());
    if mates.is_empty() {
        mates = in_source(model.cursor_kin());
    }
    let row = model.cursor_position().map(|p| p.row);
    if let Some(slot) = model.cursor_by_source.get_mut(model.focus) {
        *slot = model.cursor;
    }
    model.focus = source;
    // Lay the new column out first: it may have been off screen.
    model.relayout();
    let row_distance = |s: StatementId| {
        let here = model.layout.position(s);
        match (here, row) {
            (Some(p), Some(row)) => p.row.abs_diff(row),
            _ => usize::MAX,
        }
    };
    let order = model.focused_order();
    // A matching statement (the nearest, if the claim recurs), else one
    // sharing a fact, else the statement on the nearest row.
    let mate = mates.iter().copied().min_by_key(|&s| row_distance(s));
    let near_row = row.and_then(|_| order.iter().copied().min_by_key(|&s| row_distance(s)));
    model.cursor = mate
        .or(near_row)
        .or_else(|| model.cursor_by_source.get(source).copied().flatten())
        .or_else(|| order.first().copied());
    model.relayout();
}

/// Columns in screen order for Tab and h/l.
fn column_cycle(model: &Model) -> Vec<usize> {
    let mut columns = vec![model.reference];
    columns.extend(model.other_columns());
    columns
}

/// After the columns scrolled, focus a visible column if the focus left.
fn keep_focus_in_window(model: &mut Model) {
    let visible = model.visible_columns();
    if !visible.contains(&model.focus) {
        let offset = model.column_offset;
        let target = if let Some(&first) = visible.get(1) {
            first
        } else {
            model.reference
        };
        focus_source(model, target);
        model.column_offset = offset;
    }
    model.relayout();
}
