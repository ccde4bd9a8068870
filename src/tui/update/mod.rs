//! The one place state changes: `update(&mut Model, Action) -> Vec<Effect>`.
//! `action_for_event` turns terminal events into actions through the keymap.
//!
//! This file only routes: a command goes to the open overlay, else to the
//! current view. Each overlay and view has its own file here, which changes
//! the model and returns what comes next (a `Next`); none calls `update`.

mod claims;
mod columns;
mod export;
mod help;
mod library;
pub mod loading;
mod navigation;
mod nearest;
mod notes;
mod prompt;
mod removed;
mod search;
mod sources;
mod statements;
mod tagging;

use super::action::{Action, Command, Effect};
use super::layout;
use super::model::{Modal, Model, View};
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
enum Next {
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
        Action::Command(command) => command_update(model, command),
        Action::Resize { width, height } => {
            model.width = width;
            model.height = height;
            model.relayout();
            claims::clamp(model);
            Next::Done
        }
        Action::MouseScroll { lines } => {
            match &mut model.modal {
                Some(Modal::Help { scroll }) => {
                    *scroll = scroll.saturating_add_signed(lines as isize);
                    // Clamped by the next key and by drawing.
                }
                Some(_) => {}
                None => scroll_view(model, lines),
            }
            Next::Done
        }
        Action::MouseClick { x, y } => {
            click(model, x, y);
            Next::Done
        }
        Action::PromptInput(_)
        | Action::PromptBackspace
        | Action::PromptCancel
        | Action::PromptSubmit => {
            prompt::update(model, action);
            Next::Done
        }
        Action::JumpTo(statement) => {
            navigation::jump_to(model, statement);
            Next::Done
        }
        Action::NotesKey(key) => {
            tagging::key(model, key);
            Next::Done
        }
        Action::Tick => {
            if notes::pick_up_changes(model) {
                Next::Effect(Effect::Redraw)
            } else {
                Next::Done
            }
        }
        Action::Loading(news) => {
            if loading::news_for_reader(model, news) {
                Next::Effect(Effect::Redraw)
            } else {
                Next::Done
            }
        }
        Action::Library(news) => library::news(model, news),
    }
}

/// A command goes to the open overlay, else it is one every view knows,
/// else it goes to the current view.
fn command_update(model: &mut Model, command: Command) -> Next {
    match command {
        Command::ForceQuit => return quit(model),
        Command::Suspend => return Next::Effect(Effect::Suspend),
        _ => {}
    }
    match &model.modal {
        Some(Modal::Help { .. }) => {
            help::command(model, command);
            return Next::Done;
        }
        Some(Modal::Nearest(view)) => return nearest::command(model, command, view.clone()),
        Some(Modal::Sources { selected }) => {
            let selected = *selected;
            sources::command(model, command, selected);
            return Next::Done;
        }
        Some(Modal::Library(_)) => return library::command(model, command),
        Some(Modal::Prompt(_)) | None => {}
    }
    if model.tagging.list_open() {
        return notes::command(model, command);
    }
    // A message stays until the next key.
    model.status = None;
    match command {
        Command::Quit => return quit(model),
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
        Command::Nearest if model.view.has_statements() => nearest::open(model),
        Command::Search => search::open_prompt(model),
        Command::SearchNext => search::step(model, true),
        Command::SearchPrev => search::step(model, false),
        Command::ViewCompare => navigation::set_view(model, View::Compare),
        Command::ViewClaims => navigation::set_view(model, View::Claims),
        Command::ViewReader => navigation::set_view(model, View::Reader),
        Command::ViewRemoved => navigation::set_view(model, View::Removed),
        Command::NextView => navigation::next_view(model),
        Command::Tag
        | Command::TagClaim
        | Command::EditNote
        | Command::RemoveTag
        | Command::Undo
        | Command::ConfirmTag => tagging::command(model, command),
        Command::ViewNotes => notes::open(model),
        Command::ExportNotes => export::open(model),
        Command::Library => return Next::Effect(Effect::ListStories),
        _ => return view_command(model, command),
    }
    Next::Done
}

fn quit(model: &mut Model) -> Next {
    model.quit = true;
    Next::Effect(Effect::Quit)
}

/// A command for the current view.
fn view_command(model: &mut Model, command: Command) -> Next {
    match model.view {
        View::Compare | View::Reader => statements::command(model, command),
        View::Claims => return claims::command(model, command),
        View::Removed => removed::command(model, command),
    }
    Next::Done
}

/// The mouse wheel over the current view.
fn scroll_view(model: &mut Model, lines: i32) {
    match model.view {
        View::Compare | View::Reader => statements::scroll(model, lines),
        View::Claims => claims::scroll(model, lines),
        View::Removed => removed::scroll(model, lines),
    }
}

/// A click in the body of the current view.
fn click(model: &mut Model, x: u16, y: u16) {
    let Some(screen) = layout::screen(model.width, model.height) else {
        return;
    };
    let body = screen.body;
    if y < body.y || y >= body.y + body.height || x >= body.x + body.width {
        return;
    }
    match model.view {
        View::Compare | View::Reader => statements::click(model, body, x, y - body.y),
        View::Claims => claims::click(model, y - body.y),
        View::Removed => {}
    }
}
