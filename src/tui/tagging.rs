//! Tagging in the reader: the label prompt (`t`, `T` for a whole claim), the
//! note editor, removal, undo, confirming a fuzzy re-attachment, the notes
//! view and export. The notes themselves live in [`crate::notes::Notes`]:
//! every change is on disk before the key's update returns.
//!
//! The overlays that take text (label, note, export path) receive raw keys
//! ([`Action::NotesKey`]); the notes view takes keymap commands like any view.

use super::action::{Action, Command};
use super::model::Model;
use super::model::tagging::Overlay;
use super::update::Next;
use crate::model::StatementId;
use crate::notes::TagState;
use crate::notes::export::{self, Format};
use crate::notes::prompt::{LabelPrompt, PromptOutcome};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use std::path::PathBuf;

const FORMATS: [Format; 4] = [Format::Markdown, Format::Json, Format::Csv, Format::W3c];

fn default_export_path(format: Format) -> String {
    format!("crossread-notes.{}", format.extension())
}

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

/// The latest tag on the statement under the cursor.
fn cursor_tag(model: &Model) -> Option<String> {
    let statement = model.cursor?;
    model
        .tagging
        .notes
        .tags_on(statement)
        .last()
        .map(|t| t.tag.id.clone())
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

/// A tagging command from a statement view.
pub fn command(model: &mut Model, command: Command) {
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
        Command::EditNote => match cursor_tag(model) {
            Some(id) => open_note_editor(model, &id, false),
            None => model.set_status(format!(
                "no tag here: {} tags the statement first",
                key_label(model, Command::Tag)
            )),
        },
        Command::RemoveTag => match cursor_tag(model) {
            Some(id) => remove(model, &id),
            None => model.set_status("no tag on this statement"),
        },
        Command::ConfirmTag => match cursor_fuzzy_tag(model) {
            Some(id) => confirm(model, &id),
            None => model.set_status("no tag to confirm here"),
        },
        Command::Undo => undo(model),
        Command::ViewNotes => {
            // Pick up tags another reader of the same story saved meanwhile.
            if let Err(e) = model.tagging.notes.reload() {
                model.set_error(e.to_string());
            } else if let Some(warning) = model.tagging.notes.warning() {
                let warning = warning.to_string();
                model.set_error(warning);
            }
            model.tagging.overlay = Some(Overlay::List);
        }
        Command::ExportNotes => open_export(model),
        _ => {}
    }
}

fn cursor_fuzzy_tag(model: &Model) -> Option<String> {
    let statement = model.cursor?;
    model
        .tagging
        .notes
        .tags_on(statement)
        .find(|t| t.state == TagState::Fuzzy)
        .map(|t| t.tag.id.clone())
}

fn open_export(model: &mut Model) {
    model.tagging.overlay = Some(Overlay::Export {
        format: Format::Markdown,
        path: default_export_path(Format::Markdown),
        path_edited: false,
        confirm_overwrite: false,
    });
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

fn undo(model: &mut Model) {
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
pub fn key(model: &mut Model, key: KeyEvent) {
    run_key(model, key);
    model.sync_badges();
}

fn run_key(model: &mut Model, key: KeyEvent) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match model.tagging.overlay.take() {
        Some(Overlay::Label {
            mut prompt,
            statement,
            whole_claim,
        }) => {
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
        Some(Overlay::Note {
            mut editor,
            tag,
            label,
            from_list,
        }) => {
            let alt = key.modifiers.contains(KeyModifiers::ALT);
            let save =
                (ctrl && key.code == KeyCode::Char('s')) || (alt && key.code == KeyCode::Enter);
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
        Some(Overlay::Export {
            mut format,
            mut path,
            mut path_edited,
            mut confirm_overwrite,
        }) => {
            match key.code {
                KeyCode::Esc => return,
                KeyCode::Tab | KeyCode::BackTab => {
                    let i = FORMATS.iter().position(|f| *f == format).unwrap_or(0);
                    let step = if key.code == KeyCode::Tab { 1 } else { 3 };
                    format = FORMATS[(i + step) % FORMATS.len()];
                    if !path_edited {
                        path = default_export_path(format);
                    }
                    confirm_overwrite = false;
                }
                KeyCode::Backspace => {
                    path.pop();
                    path_edited = true;
                    confirm_overwrite = false;
                }
                KeyCode::Char(c) if !ctrl && path.chars().count() < 500 => {
                    path.push(c);
                    path_edited = true;
                    confirm_overwrite = false;
                }
                KeyCode::Enter => match write_export(model, format, &path, confirm_overwrite) {
                    Ok(message) => {
                        model.set_status(message);
                        return;
                    }
                    Err(ExportProblem::Exists) => confirm_overwrite = true,
                    Err(ExportProblem::Other(message)) => model.set_error(message),
                },
                _ => {}
            }
            model.tagging.overlay = Some(Overlay::Export {
                format,
                path,
                path_edited,
                confirm_overwrite,
            });
        }
        other => model.tagging.overlay = other,
    }
}

enum ExportProblem {
    Exists,
    Other(String),
}

fn write_export(
    model: &Model,
    format: Format,
    path: &str,
    force: bool,
) -> Result<String, ExportProblem> {
    let path = path.trim();
    if path.is_empty() {
        return Err(ExportProblem::Other("export: no file name".into()));
    }
    let target = match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    };
    let comparison = &model.data.comparison;
    let tags = export::collect(
        &model.tagging.notes,
        comparison,
        model.tagging.listing.filter(),
    );
    let text = export::render(format, comparison, &tags);
    match export::write_atomically(&target, text.as_bytes(), force) {
        Ok(()) => Ok(format!(
            "exported {} tag(s) to {}",
            tags.len(),
            target.display()
        )),
        Err(export::ExportError::Exists { .. }) => Err(ExportProblem::Exists),
        Err(e) => Err(ExportProblem::Other(format!("export: {e}"))),
    }
}

/// A keymap command while the notes view is open; Enter hands back a jump
/// to the tag's statement.
pub(super) fn list_command(model: &mut Model, command: Command) -> Next {
    let next = run_list_command(model, command);
    model.sync_badges();
    next
}

fn run_list_command(model: &mut Model, command: Command) -> Next {
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
        Command::ConfirmTag => {
            if let Some(id) = listing.current(notes).map(|t| t.tag.id.clone()) {
                confirm(model, &id);
            }
        }
        Command::RemoveTag => {
            if let Some(id) = listing.current(notes).map(|t| t.tag.id.clone()) {
                remove(model, &id);
            }
        }
        Command::EditNote => {
            if let Some(id) = listing.current(notes).map(|t| t.tag.id.clone()) {
                open_note_editor(model, &id, true);
            }
        }
        Command::Undo => undo(model),
        Command::ExportNotes => open_export(model),
        Command::Help => model.modal = Some(super::model::Modal::Help { scroll: 0 }),
        _ => {}
    }
    Next::Done
}
