//! Tagging from a statement view: the label prompt (`t`, `T` for a whole
//! claim), the note editor, removal, undo, confirming a fuzzy re-attachment.
//! The notes themselves live in [`crate::notes::Notes`]: every change is on
//! disk before the key's update returns.
//!
//! The overlays that take text (label, note, export path) receive raw keys
//! ([`Action::NotesKey`](crate::tui::action::Action::NotesKey)); the notes
//! view ([`notes`](super::notes)) takes keymap commands like any view.

use super::export;
use crate::model::StatementId;
use crate::notes::TagState;
use crate::notes::prompt::{LabelPrompt, PromptOutcome};
use crate::tui::action::Command;
use crate::tui::model::Model;
use crate::tui::model::tagging::Overlay;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

fn key_label(model: &Model, command: Command) -> String {
    model
        .keymap
        .key_label(command)
        .unwrap_or_else(|| command.name().to_string())
}

/// After a change: report a store that just stopped saving.
fn report_store(model: &mut Model, done: String) {
    match model.tagging.notes.warning() {
        Some(warning) => {
            let warning = warning.to_string();
            model.set_error(warning);
        }
        None => model.set_status(done),
    }
}

/// The tag under the cursor that `command` acts on: the latest on the
/// statement, or for confirming, the first waiting for confirmation.
fn cursor_tag(model: &Model, command: Command) -> Option<String> {
    let statement = model.cursor?;
    let mut tags = model.tagging.notes.tags_on(statement);
    let tag = if command == Command::ConfirmTag {
        tags.find(|t| t.state == TagState::Fuzzy)
    } else {
        tags.last()
    };
    tag.map(|t| t.tag.id.clone())
}

/// A tagging command from a statement view.
pub(super) fn command(model: &mut Model, command: Command) {
    run_command(model, command);
    model.sync_badges();
}

fn run_command(model: &mut Model, command: Command) {
    match command {
        Command::Tag | Command::TagClaim => {
            let Some(statement) = model.cursor else {
                model.set_status("no statement under the cursor to tag");
                return;
            };
            let labels = model.tagging.notes.labels(&model.tag_labels);
            model.tagging.overlay = Some(Overlay::Label {
                prompt: LabelPrompt::new(labels),
                statement,
                whole_claim: command == Command::TagClaim,
            });
        }
        Command::EditNote | Command::RemoveTag | Command::ConfirmTag => {
            match cursor_tag(model, command) {
                Some(id) => act_on(model, command, &id, false),
                None => {
                    let why = match command {
                        Command::EditNote => format!(
                            "no tag here: {} tags the statement first",
                            key_label(model, Command::Tag)
                        ),
                        Command::RemoveTag => "no tag on this statement".to_string(),
                        _ => "no tag to confirm here".to_string(),
                    };
                    model.set_status(why);
                }
            }
        }
        Command::Undo => undo(model),
        _ => {}
    }
}

/// Edit the note of, remove or confirm the tag `id` (from the statement
/// under the cursor, or the notes view's selection: `from_list`).
pub(super) fn act_on(model: &mut Model, command: Command, id: &str, from_list: bool) {
    match command {
        Command::EditNote => open_note_editor(model, id, from_list),
        Command::RemoveTag => remove(model, id),
        Command::ConfirmTag => confirm(model, id),
        _ => {}
    }
}

fn open_note_editor(model: &mut Model, id: &str, from_list: bool) {
    let Some(tag) = model.tagging.notes.tag(id) else {
        return;
    };
    let lines: Vec<String> = if tag.tag.note.is_empty() {
        vec![String::new()]
    } else {
        tag.tag.note.split('\n').map(str::to_string).collect()
    };
    let label = tag.tag.label.clone();
    let mut editor = TextArea::new(lines);
    editor.set_cursor_line_style(ratatui::style::Style::new());
    editor.set_style(model.theme.overlay);
    editor.set_cursor_style(
        ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
    );
    editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
    editor.move_cursor(ratatui_textarea::CursorMove::End);
    model.tagging.overlay = Some(Overlay::Note {
        editor: Box::new(editor),
        tag: id.to_string(),
        label,
        from_list,
    });
}

fn remove(model: &mut Model, id: &str) {
    let label = model
        .tagging
        .notes
        .tag(id)
        .map(|t| t.tag.label.clone())
        .unwrap_or_default();
    match model.tagging.notes.remove(id) {
        Ok(()) => {
            let undo = key_label(model, Command::Undo);
            report_store(model, format!("removed the tag \"{label}\" ({undo}: undo)"));
        }
        Err(e) => model.set_error(e.to_string()),
    }
}

fn confirm(model: &mut Model, id: &str) {
    match model.tagging.notes.confirm(id) {
        Ok(()) => report_store(model, "re-attachment confirmed".to_string()),
        Err(e) => model.set_error(e.to_string()),
    }
}

pub(super) fn undo(model: &mut Model) {
    match model.tagging.notes.undo() {
        Ok(Some(what)) => report_store(model, format!("undone: {what}")),
        Ok(None) => model.set_status("nothing to undo"),
        Err(e) => model.set_error(e.to_string()),
    }
}

fn apply_label(model: &mut Model, statement: StatementId, whole_claim: bool, label: &str) {
    let result = if whole_claim {
        model.tagging.notes.add_to_claim(statement, label, "")
    } else {
        model
            .tagging
            .notes
            .add(statement, label, "")
            .map(|id| vec![id])
    };
    match result {
        Ok(ids) => {
            let note = key_label(model, Command::EditNote);
            let undo = key_label(model, Command::Undo);
            let what = if ids.len() > 1 {
                format!(
                    "tagged \"{label}\" on {} statements of the claim",
                    ids.len()
                )
            } else {
                format!("tagged \"{label}\"")
            };
            report_store(model, format!("{what} ({note}: add a note, {undo}: undo)"));
        }
        Err(e) => model.set_error(e.to_string()),
    }
}

/// A raw key for the open text overlay (Ctrl-C never comes here: it quits).
pub(super) fn key(model: &mut Model, key: KeyEvent) {
    match model.tagging.overlay.take() {
        Some(Overlay::Label {
            prompt,
            statement,
            whole_claim,
        }) => label_key(model, key, prompt, statement, whole_claim),
        Some(Overlay::Note {
            editor,
            tag,
            label,
            from_list,
        }) => note_key(model, key, editor, tag, label, from_list),
        Some(Overlay::Export {
            format,
            path,
            path_edited,
            confirm_overwrite,
        }) => export::key(model, key, format, path, path_edited, confirm_overwrite),
        other => model.tagging.overlay = other,
    }
    model.sync_badges();
}

/// Typing in the label prompt: a label chosen tags, else the prompt stays.
fn label_key(
    model: &mut Model,
    key: KeyEvent,
    mut prompt: LabelPrompt,
    statement: StatementId,
    whole_claim: bool,
) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let mut chosen = None;
    match key.code {
        KeyCode::Esc => return,
        KeyCode::Enter => match prompt.submit() {
            Some(label) => chosen = Some(label),
            None => return,
        },
        KeyCode::Tab => prompt.complete(),
        KeyCode::Down => prompt.highlight_next(),
        KeyCode::Up | KeyCode::BackTab => prompt.highlight_previous(),
        KeyCode::Backspace => prompt.backspace(),
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
            if let PromptOutcome::Chosen(label) = prompt.type_char(c) {
                chosen = Some(label);
            }
        }
        _ => {}
    }
    match chosen {
        Some(label) => apply_label(model, statement, whole_claim, &label),
        None => {
            model.tagging.overlay = Some(Overlay::Label {
                prompt,
                statement,
                whole_claim,
            })
        }
    }
}

/// Typing in the note editor: ctrl-s (or alt-enter) saves, esc leaves it.
fn note_key(
    model: &mut Model,
    key: KeyEvent,
    mut editor: Box<TextArea<'static>>,
    tag: String,
    label: String,
    from_list: bool,
) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let save = (ctrl && key.code == KeyCode::Char('s')) || (alt && key.code == KeyCode::Enter);
    if key.code == KeyCode::Esc {
        model.set_status("note not changed");
    } else if save {
        let text = editor.lines().join("\n");
        let text = text.trim_end().to_string();
        match model.tagging.notes.edit_note(&tag, &text) {
            Ok(()) => report_store(model, format!("note saved on \"{label}\"")),
            Err(e) => model.set_error(e.to_string()),
        }
    } else {
        editor.input(key);
        model.tagging.overlay = Some(Overlay::Note {
            editor,
            tag,
            label,
            from_list,
        });
        return;
    }
    if from_list {
        model.tagging.overlay = Some(Overlay::List);
    }
}
