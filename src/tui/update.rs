//! The one place state changes: `update(&mut Model, Action) -> Vec<Effect>`.
//! `action_for_event` turns terminal events into actions through the keymap.

use super::action::{Action, Command, Effect};
use super::data::claims_order;
use super::layout;
use super::model::{Modal, Model, Prompt, PromptPurpose, View};
use crate::model::StatementId;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

/// Map a terminal event to an action, given what is on screen.
pub fn action_for_event(model: &Model, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => action_for_key(model, key),
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        Event::Mouse(mouse) if model.mouse => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::MouseScroll { lines: 3 }),
            MouseEventKind::ScrollUp => Some(Action::MouseScroll { lines: -3 }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::MouseClick {
                x: mouse.column,
                y: mouse.row,
            }),
            _ => None,
        },
        _ => None,
    }
}

fn action_for_key(model: &Model, key: &KeyEvent) -> Option<Action> {
    let typing_label = model.tagging.captures_keys();
    let typing_prompt = matches!(model.modal, Some(Modal::Prompt(_)));
    if !typing_label && !typing_prompt {
        return model.keymap.lookup(key).map(Action::Command);
    }
    // Keys are text while typing, but Ctrl-C still leaves.
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Command::ForceQuit.into());
    }
    if typing_label {
        return Some(Action::NotesKey(*key));
    }
    match key.code {
        KeyCode::Char('u') if ctrl => Some(Action::PromptCancel),
        KeyCode::Esc => Some(Action::PromptCancel),
        KeyCode::Enter => Some(Action::PromptSubmit),
        KeyCode::Backspace => Some(Action::PromptBackspace),
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
            Some(Action::PromptInput(c))
        }
        _ => None,
    }
}

/// Handle one terminal event: map it and update.
pub fn handle_event(model: &mut Model, event: &Event) -> Vec<Effect> {
    match action_for_event(model, event) {
        Some(action) => update(model, action),
        None => Vec::new(),
    }
}

/// What a handler asks for once it has changed the model: nothing more, an
/// effect for the loop, or another action (the notes view's Enter jumps to
/// a statement by handing back [`Action::JumpTo`]).
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Next {
    Done,
    Effect(Effect),
    Then(Action),
}

pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut pending = Some(action);
    while let Some(action) = pending.take() {
        match step(model, action) {
            Next::Done => {}
            Next::Effect(effect) => effects.push(effect),
            Next::Then(action) => pending = Some(action),
        }
    }
    effects
}

fn step(model: &mut Model, action: Action) -> Next {
    match action {
        Action::Resize { width, height } => {
            model.width = width;
            model.height = height;
            model.relayout();
            clamp_claims(model);
            Next::Done
        }
        Action::MouseScroll { lines } => {
            match &mut model.modal {
                Some(Modal::Help { scroll }) => {
                    *scroll = scroll.saturating_add_signed(lines as isize);
                    // Clamped by the next key and by drawing.
                }
                Some(_) => {}
                None => scroll_by(model, lines),
            }
            Next::Done
        }
        Action::MouseClick { x, y } => {
            click(model, x, y);
            Next::Done
        }
        Action::PromptInput(c) => {
            if let Some(Modal::Prompt(prompt)) = &mut model.modal
                && prompt.input.chars().count() < 200
            {
                prompt.input.push(c);
            }
            Next::Done
        }
        Action::PromptBackspace => {
            if let Some(Modal::Prompt(prompt)) = &mut model.modal {
                prompt.input.pop();
            }
            Next::Done
        }
        Action::PromptCancel => {
            if matches!(model.modal, Some(Modal::Prompt(_))) {
                model.modal = None;
            }
            Next::Done
        }
        Action::PromptSubmit => {
            if let Some(Modal::Prompt(prompt)) = model.modal.take() {
                match prompt.purpose {
                    PromptPurpose::Search => start_search(model, &prompt.input),
                }
            }
            Next::Done
        }
        Action::JumpTo(statement) => {
            jump_to(model, statement);
            Next::Done
        }
        Action::NotesKey(key) => {
            super::tagging::key(model, key);
            Next::Done
        }
        Action::Tick => {
            if super::tagging::pick_up_changes(model) {
                Next::Effect(Effect::Redraw)
            } else {
                Next::Done
            }
        }
        Action::Command(command) => command_update(model, command),
    }
}

fn command_update(model: &mut Model, command: Command) -> Next {
    match command {
        Command::ForceQuit => {
            model.quit = true;
            return Next::Effect(Effect::Quit);
        }
        Command::Suspend => return Next::Effect(Effect::Suspend),
        _ => {}
    }
    if matches!(model.modal, Some(Modal::Help { .. })) {
        help_command(model, command);
        return Next::Done;
    }
    if let Some(Modal::Sources { selected }) = model.modal {
        sources_command(model, command, selected);
        return Next::Done;
    }
    if model.tagging.list_open() {
        return super::tagging::list_command(model, command);
    }
    // A message stays until the next key.
    model.status = None;
    match command {
        Command::Quit => {
            model.quit = true;
            return Next::Effect(Effect::Quit);
        }
        Command::Help => model.modal = Some(Modal::Help { scroll: 0 }),
        Command::PickSources => {
            model.modal = Some(Modal::Sources {
                selected: model.focus,
            })
        }
        Command::Cancel => {}
        Command::ToggleMouse => {
            model.mouse = !model.mouse;
            model.set_status(if model.mouse {
                "mouse on: wheel scrolls, click selects (terminal selection needs shift)"
            } else {
                "mouse off: the terminal's text selection works"
            });
            return Next::Effect(Effect::SetMouseCapture(model.mouse));
        }
        Command::Search => {
            model.modal = Some(Modal::Prompt(Prompt {
                purpose: PromptPurpose::Search,
                label: "/".into(),
                input: String::new(),
            }));
        }
        Command::SearchNext => search_step(model, true),
        Command::SearchPrev => search_step(model, false),
        Command::ViewCompare => set_view(model, View::Compare),
        Command::ViewClaims => set_view(model, View::Claims),
        Command::ViewReader => set_view(model, View::Reader),
        Command::ViewRemoved => set_view(model, View::Removed),
        Command::Tag
        | Command::TagClaim
        | Command::EditNote
        | Command::RemoveTag
        | Command::Undo
        | Command::ConfirmTag
        | Command::ViewNotes
        | Command::ExportNotes => super::tagging::command(model, command),
        Command::NextView => {
            let i = View::ALL.iter().position(|v| *v == model.view).unwrap_or(0);
            set_view(model, View::ALL[(i + 1) % View::ALL.len()]);
        }
        _ => match model.view {
            View::Compare | View::Reader => statements_command(model, command),
            View::Claims => return claims_command(model, command),
            View::Removed => removed_command(model, command),
        },
    }
    Next::Done
}

fn set_view(model: &mut Model, view: View) {
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
        clamp_claims(model);
    }
}

fn focused_order(model: &Model) -> &[StatementId] {
    model.order.get(model.focus).map_or(&[], Vec::as_slice)
}

fn cursor_index(model: &Model) -> Option<usize> {
    let cursor = model.cursor?;
    focused_order(model).iter().position(|&s| s == cursor)
}

fn move_in_column(model: &mut Model, delta: isize) {
    let order = focused_order(model);
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
    let order = focused_order(model).to_vec();
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
    let order = focused_order(model);
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
            let name = model
                .data
                .source_names
                .get(model.focus)
                .cloned()
                .unwrap_or_default();
            let direction = if forward { "below" } else { "above" };
            model.set_status(format!("no {what} {direction} in {name}"));
        }
    }
}

/// Focus another column; the cursor goes to the matching statement there,
/// else to one sharing a fact, else to the statement on the nearest row.
fn focus_source(model: &mut Model, source: usize) {
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
    let order = focused_order(model);
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

fn statements_command(model: &mut Model, command: Command) {
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
        Command::SetReference => {
            if model.view != View::Compare || model.focus == model.reference {
                return;
            }
            model.reference = model.focus;
            model.column_offset = 0;
            model.rebuild_rows();
            model.relayout();
            reorder_search(model);
            let name = model
                .data
                .source_names
                .get(model.reference)
                .cloned()
                .unwrap_or_default();
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
            let name = model
                .data
                .source_names
                .get(hidden)
                .cloned()
                .unwrap_or_default();
            model.set_status(format!("hid {name}; X shows every column"));
        }
        Command::ShowAllColumns => {
            model.shown.iter_mut().for_each(|s| *s = true);
            model.relayout();
        }
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

fn scroll_by(model: &mut Model, lines: i32) {
    match model.view {
        View::Compare | View::Reader => {
            model.scroll = model
                .scroll
                .saturating_add_signed(lines as isize)
                .min(model.max_scroll());
            // Keep the cursor on screen: it follows the view.
            let height = model.body_height();
            let top = model.scroll;
            let order = focused_order(model);
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
        View::Claims => {
            let delta = lines as isize;
            model.claims.selected = model.claims.selected.saturating_add_signed(delta);
            clamp_claims(model);
        }
        View::Removed => {
            model.removed_scroll = model.removed_scroll.saturating_add_signed(lines as isize);
        }
    }
}

fn click(model: &mut Model, x: u16, y: u16) {
    let Some(screen) = layout::screen(model.width, model.height) else {
        return;
    };
    let body = screen.body;
    if y < body.y || y >= body.y + body.height || x >= body.x + body.width {
        return;
    }
    let line = model.scroll + usize::from(y - body.y);
    match model.view {
        View::Compare | View::Reader => {
            let layout = &model.layout;
            let column = (0..layout.columns.len().max(1))
                .rev()
                .find(|&c| x >= body.x + layout.column_x(c))
                .unwrap_or(0);
            if let Some(statement) = layout.statement_at(column, line) {
                model.move_cursor_to(statement);
            }
        }
        View::Claims => {
            // One header line inside the body, then one claim per line.
            let index = usize::from(y - body.y);
            if index >= 1 {
                model.claims.selected = model.claims.scroll + index - 1;
                clamp_claims(model);
            }
        }
        View::Removed => {}
    }
}

fn claims_command(model: &mut Model, command: Command) -> Next {
    let mut next = Next::Done;
    let page = model.body_height().saturating_sub(1).max(1);
    let claims = &mut model.claims;
    match command {
        Command::CursorDown => claims.selected += 1,
        Command::CursorUp => claims.selected = claims.selected.saturating_sub(1),
        Command::Top => claims.selected = 0,
        Command::Bottom => claims.selected = claims.order.len().saturating_sub(1),
        Command::HalfPageDown => claims.selected += page / 2,
        Command::HalfPageUp => claims.selected = claims.selected.saturating_sub(page / 2),
        Command::PageDown => claims.selected += page,
        Command::PageUp => claims.selected = claims.selected.saturating_sub(page),
        Command::ScrollSourcesLeft | Command::FocusLeft | Command::PrevColumn => {
            claims.source_offset = claims.source_offset.saturating_sub(1);
        }
        Command::ScrollSourcesRight | Command::FocusRight | Command::NextColumn => {
            claims.source_offset =
                (claims.source_offset + 1).min(model.data.source_count().saturating_sub(1));
        }
        Command::CycleFilter => {
            claims.filter = claims.filter.next();
            claims.order = claims_order(&model.data, claims.filter);
            claims.selected = 0;
            claims.scroll = 0;
            let label = claims.filter.label();
            let count = claims.order.len();
            model.set_status(format!("showing {label}: {count}"));
        }
        Command::Activate => {
            let claim = claims
                .order
                .get(claims.selected)
                .and_then(|&i| model.data.claims.get(i));
            if let Some(claim) = claim {
                // Prefer the reference's statement, then the focused source's.
                let pick = claim
                    .statements
                    .iter()
                    .copied()
                    .find(|&s| model.data.source_of(s) == Some(model.reference))
                    .or_else(|| {
                        claim
                            .statements
                            .iter()
                            .copied()
                            .find(|&s| model.data.source_of(s) == Some(model.focus))
                    })
                    .or_else(|| claim.statements.first().copied());
                if let Some(statement) = pick {
                    next = Next::Then(Action::JumpTo(statement));
                }
            }
        }
        _ => {}
    }
    clamp_claims(model);
    next
}

fn clamp_claims(model: &mut Model) {
    let claims = &mut model.claims;
    let len = claims.order.len();
    claims.selected = claims.selected.min(len.saturating_sub(1));
    let visible = layout::screen(model.width, model.height)
        .map_or(1, |s| usize::from(s.body.height).saturating_sub(1).max(1));
    if claims.selected < claims.scroll {
        claims.scroll = claims.selected;
    } else if claims.selected >= claims.scroll + visible {
        claims.scroll = claims.selected + 1 - visible;
    }
}

fn removed_command(model: &mut Model, command: Command) {
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

fn jump_to(model: &mut Model, statement: StatementId) {
    if statement >= model.data.statement_count() {
        return;
    }
    if model.view != View::Compare && model.view != View::Reader {
        set_view(model, View::Compare);
    }
    model.move_cursor_to(statement);
    model.center_cursor();
}

fn start_search(model: &mut Model, query: &str) {
    let query = query.trim();
    if query.is_empty() {
        model.search = Default::default();
        return;
    }
    model.search.query = query.to_string();
    reorder_search(model);
    let count = model.search.matches.len();
    if count == 0 {
        model.set_status(format!("no statement contains \"{query}\""));
        return;
    }
    // The first match at or after the cursor, in screen order.
    let here = model.cursor_position().map(|p| p.line).unwrap_or(0);
    let start = model
        .search
        .matches
        .iter()
        .position(|&s| model.layout.position(s).is_some_and(|p| p.line >= here))
        .unwrap_or(0);
    go_to_match(model, start);
}

/// Recompute the matches of the current query in the order of the rows.
fn reorder_search(model: &mut Model) {
    let query = model.search.query.to_lowercase();
    if query.is_empty() {
        return;
    }
    let rows = model.data.comparison.rows(model.reference);
    let mut matches = Vec::new();
    let story = &model.data.comparison.story;
    for row in &rows {
        for (source, paragraphs) in row.cells.iter().enumerate() {
            for &p in paragraphs {
                let Some(block) = story.sources.get(source).and_then(|s| s.blocks.get(p)) else {
                    continue;
                };
                for statement in block.statements.clone() {
                    if model
                        .data
                        .folded
                        .get(statement)
                        .is_some_and(|t| t.contains(&query))
                    {
                        matches.push(statement);
                    }
                }
            }
        }
    }
    model.search.matches = matches;
    model.search.current = None;
}

fn go_to_match(model: &mut Model, index: usize) {
    let Some(&statement) = model.search.matches.get(index) else {
        return;
    };
    model.search.current = Some(index);
    // From the claims or removed views, a match opens in the compare view.
    jump_to(model, statement);
    model.set_status(format!(
        "\"{}\": match {} of {}",
        model.search.query,
        index + 1,
        model.search.matches.len()
    ));
}

fn search_step(model: &mut Model, forward: bool) {
    let count = model.search.matches.len();
    if count == 0 {
        model.set_status(if model.search.query.is_empty() {
            "no search yet: press / to search".to_string()
        } else {
            format!("no statement contains \"{}\"", model.search.query)
        });
        return;
    }
    let next = match model.search.current {
        Some(i) if forward => (i + 1) % count,
        Some(i) => (i + count - 1) % count,
        None => 0,
    };
    if next == 0 && forward && model.search.current.is_some() {
        go_to_match(model, next);
        model.set_status(format!(
            "\"{}\": match 1 of {count} (wrapped)",
            model.search.query
        ));
    } else {
        go_to_match(model, next);
    }
}

/// Keys while the source picker is open: move, toggle, set the reference.
fn sources_command(model: &mut Model, command: Command, selected: usize) {
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
        Command::ShowAllColumns => {
            model.shown.iter_mut().for_each(|s| *s = true);
            model.relayout();
        }
        Command::SetReference if selected < n => {
            if let Some(shown) = model.shown.get_mut(selected) {
                *shown = true;
            }
            model.reference = selected;
            model.column_offset = 0;
            model.rebuild_rows();
            focus_source(model, selected);
            model.relayout();
            reorder_search(model);
        }
        _ => {}
    }
    model.modal = Some(Modal::Sources { selected });
}

/// What a statement's conflict is about, for the status line:
/// `conflict on a number: "12" (alpha) vs "15" (beta)`.
pub fn conflict_summary(model: &Model, statement: StatementId) -> Option<String> {
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
            format!("\"{}\" ({source})", super::text::sanitize(value))
        })
        .collect();
    Some(format!("conflict on {kind}: {}", sides.join(" vs ")))
}

/// Keys while the help is open: scroll it (within its length) or close it.
fn help_command(model: &mut Model, command: Command) {
    // The overlay leaves two rows around it and two for its border.
    let room = usize::from(model.height.saturating_sub(4));
    let last = super::model::help::help_lines(&model.keymap)
        .len()
        .saturating_sub(room);
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
