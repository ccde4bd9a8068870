//! Export from the reader: a format and a path typed into an overlay; the
//! tags the notes view shows (its label filter applies) are written there.

use crate::notes::export::{self, Format};
use crate::tui::model::Model;
use crate::tui::model::tagging::Overlay;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

const FORMATS: [Format; 4] = [Format::Markdown, Format::Json, Format::Csv, Format::W3c];

fn default_export_path(format: Format) -> String {
    format!("crossread-notes.{}", format.extension())
}

/// Open the export overlay: markdown, to a file named after the format.
pub(super) fn open(model: &mut Model) {
    model.tagging.overlay = Some(Overlay::Export {
        format: Format::Markdown,
        path: default_export_path(Format::Markdown),
        path_edited: false,
        confirm_overwrite: false,
    });
}

/// Typing in the export overlay: tab changes the format, enter writes.
pub(super) fn key(
    model: &mut Model,
    key: KeyEvent,
    mut format: Format,
    mut path: String,
    mut path_edited: bool,
    mut confirm_overwrite: bool,
) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
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
