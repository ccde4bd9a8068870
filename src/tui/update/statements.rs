//! The compare and reader views: the cursor moves through the focused
//! column's statements, by one, by pages, or to the next difference, unique
//! claim or conflict. Column commands go to [`columns`](super::columns).

use super::columns;
use crate::model::StatementId;
use crate::tui::action::Command;
use crate::tui::model::Model;
use ratatui::layout::Rect;

pub(super) fn command(model: &mut Model, command: Command) {
    let page = model.body_height() as isize;
    match command {
        Command::CursorDown => move_in_column(model, 1),
        Command::CursorUp => move_in_column(model, -1),
        Command::Top => {
            // Show the top of the story, even rows above the first statement.
            model.scroll = 0;
            move_in_column(model, isize::MIN / 2);
        }
        Command::Bottom => {
            model.scroll = model.max_scroll();
            move_in_column(model, isize::MAX / 2);
        }
        Command::HalfPageDown => move_by_lines(model, (page / 2).max(1)),
        Command::HalfPageUp => move_by_lines(model, -(page / 2).max(1)),
        Command::PageDown => move_by_lines(model, (page - 2).max(1)),
        Command::PageUp => move_by_lines(model, -(page - 2).max(1)),
        Command::NextDifference | Command::PrevDifference => {
            let forward = command == Command::NextDifference;
            let found = find_in_column(model, forward, |s| flag(&model.data.differs, s));
            land_on(model, found, forward, "difference");
        }
        Command::NextUnique | Command::PrevUnique => {
            let forward = command == Command::NextUnique;
            let found = find_in_column(model, forward, |s| model.data.is_unique(s));
            land_on(model, found, forward, "unique claim");
        }
        Command::NextConflict | Command::PrevConflict => {
            let forward = command == Command::NextConflict;
            let found = find_in_column(model, forward, |s| flag(&model.data.in_conflict, s));
            land_on(model, found, forward, "conflict");
            if let Some(summary) = found.and_then(|s| conflict_summary(model, s)) {
                model.set_status(summary);
            }
        }
        _ => columns::command(model, command),
    }
}

fn cursor_index(model: &Model) -> Option<usize> {
    let cursor = model.cursor?;
    model.focused_order().iter().position(|&s| s == cursor)
}

fn move_in_column(model: &mut Model, delta: isize) {
    let order = model.focused_order();
    if order.is_empty() {
        return;
    }
    let index = match cursor_index(model) {
        Some(i) => i.saturating_add_signed(delta).min(order.len() - 1),
        None => 0,
    };
    let target = order[index];
    model.cursor = Some(target);
    model.relayout();
}

/// Move by a number of screen lines: the view scrolls by them and the cursor
/// lands on the statement of its column nearest the line it aimed at.
fn move_by_lines(model: &mut Model, lines: isize) {
    let order = model.focused_order().to_vec();
    let Some(current) = model.cursor_position() else {
        move_in_column(model, lines.signum());
        return;
    };
    let target_line = current.line.saturating_add_signed(lines);
    let positioned: Vec<(StatementId, usize)> = order
        .iter()
        .filter_map(|&s| model.layout.position(s).map(|p| (s, p.line)))
        .collect();
    // The statement nearest the target line, strictly in the direction asked
    // (so a page always moves), else the last one that way.
    let ahead = |line: usize| {
        if lines >= 0 {
            line > current.line
        } else {
            line < current.line
        }
    };
    let pick = positioned
        .iter()
        .filter(|(_, line)| ahead(*line))
        .min_by_key(|(_, line)| line.abs_diff(target_line));
    model.scroll = model
        .scroll
        .saturating_add_signed(lines)
        .min(model.max_scroll());
    // With nothing further in the focused column, the scroll alone moves,
    // so the other columns' text can still be read.
    if let Some(&(statement, _)) = pick {
        model.cursor = Some(statement);
        model.relayout();
    }
}

/// Next (or previous) statement of the focused column after the cursor that
/// satisfies `wanted`.
fn find_in_column(
    model: &Model,
    forward: bool,
    wanted: impl Fn(StatementId) -> bool,
) -> Option<StatementId> {
    let order = model.focused_order();
    let here = cursor_index(model);
    if forward {
        let from = here.map_or(0, |i| i + 1);
        order.iter().skip(from).copied().find(|&s| wanted(s))
    } else {
        let to = here.unwrap_or(order.len());
        order[..to.min(order.len())]
            .iter()
            .rev()
            .copied()
            .find(|&s| wanted(s))
    }
}

fn flag(flags: &[bool], statement: StatementId) -> bool {
    flags.get(statement).copied().unwrap_or(false)
}

/// Move the cursor to what a find found, or say there is nothing that way.
fn land_on(model: &mut Model, found: Option<StatementId>, forward: bool, what: &str) {
    match found {
        Some(statement) => {
            model.cursor = Some(statement);
            model.relayout();
            model.center_cursor();
        }
        None => {
            let name = model.data.source_name(model.focus);
            let direction = if forward { "below" } else { "above" };
            model.set_status(format!("no {what} {direction} in {name}"));
        }
    }
}

/// What a statement's conflict is about, for the status line:
/// `conflict on a number: "12" (alpha) vs "15" (beta)`.
fn conflict_summary(model: &Model, statement: StatementId) -> Option<String> {
    let conflict = model
        .data
        .comparison
        .conflicts
        .iter()
        .find(|c| c.statements.contains(&statement))?;
    let kind = match conflict.kind {
        crate::align::ConflictKind::Number => "a number",
        crate::align::ConflictKind::Date => "a date",
        crate::align::ConflictKind::Name => "a name",
    };
    let sides: Vec<String> = conflict
        .statements
        .iter()
        .zip(&conflict.values)
        .map(|(&s, value)| {
            let source = model
                .data
                .source_of(s)
                .and_then(|src| model.data.source_names.get(src))
                .map_or("?", String::as_str);
            format!("\"{}\" ({source})", crate::tui::text::sanitize(value))
        })
        .collect();
    Some(format!("conflict on {kind}: {}", sides.join(" vs ")))
}

/// The wheel scrolls the view; the cursor follows when it would leave it.
pub(super) fn scroll(model: &mut Model, lines: i32) {
    model.scroll = model
        .scroll
        .saturating_add_signed(lines as isize)
        .min(model.max_scroll());
    // Keep the cursor on screen: it follows the view.
    let height = model.body_height();
    let top = model.scroll;
    let order = model.focused_order();
    let in_view = |s: &StatementId| {
        model
            .layout
            .position(*s)
            .is_some_and(|p| p.line >= top && p.line < top + height)
    };
    let cursor_in_view = model.cursor.as_ref().is_some_and(in_view);
    if !cursor_in_view && let Some(&first) = order.iter().find(|s| in_view(s)) {
        model.cursor = Some(first);
    }
}

/// A click at `x` on the body's `row` puts the cursor on the statement there.
pub(super) fn click(model: &mut Model, body: Rect, x: u16, row: u16) {
    let line = model.scroll + usize::from(row);
    let layout = &model.layout;
    let column = (0..layout.columns.len().max(1))
        .rev()
        .find(|&c| x >= body.x + layout.column_x(c))
        .unwrap_or(0);
    if let Some(statement) = layout.statement_at(column, line) {
        model.move_cursor_to(statement);
    }
}
