//! Drawing the tagging features: badges on tagged statements, the label
//! prompt, the note editor, the notes view and the export prompt. Key hints
//! come from the keymap, so they show the keys that work.

use super::popup::boxed;
use super::{put_line, put_str};
use crate::notes::{AttachedTag, TagState};
use crate::tui::action::Command;
use crate::tui::model::Model;
use crate::tui::model::tagging::{FUZZY_MARK, Overlay, badge_label};
use crate::tui::text::{display_width, truncate};
use crate::tui::theme::{Theme, ThemeName};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

const BADGE_COLORS: [Color; 6] = [
    Color::Yellow,
    Color::LightCyan,
    Color::LightMagenta,
    Color::LightRed,
    Color::LightGreen,
    Color::LightBlue,
];

/// A label's badge style: one colour per label (stable across runs), dark
/// text on it; the mono theme uses reverse video instead.
pub fn badge_style(theme: &Theme, label: &str, state: TagState) -> Style {
    let base = if theme.name == ThemeName::Mono {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else {
        let hash = label.bytes().fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        Style::new()
            .fg(Color::Black)
            .bg(BADGE_COLORS[hash as usize % BADGE_COLORS.len()])
            .add_modifier(Modifier::BOLD)
    };
    match state {
        TagState::Exact => base,
        // A fuzzy re-attachment waits for confirmation: marked in every theme.
        TagState::Fuzzy | TagState::Orphan => base.add_modifier(Modifier::ITALIC),
    }
}

/// The text of a badge in the notes view.
pub fn badge_text(tag: &AttachedTag) -> String {
    format!(" {} ", badge_label(tag))
}

/// The style of a badge as the statement views show it (a label, with
/// [`FUZZY_MARK`] when the tag waits for confirmation).
pub fn label_badge_style(theme: &Theme, badge: &str) -> Style {
    match badge.strip_suffix(FUZZY_MARK) {
        Some(label) => badge_style(theme, label, TagState::Fuzzy),
        None => badge_style(theme, badge, TagState::Exact),
    }
}

fn hints(model: &Model, pairs: &[(Command, &str)]) -> String {
    pairs
        .iter()
        .filter_map(|(command, what)| {
            model
                .keymap
                .key_label(*command)
                .map(|key| format!("{key} {what}"))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The open tagging overlay, if any.
pub fn draw_overlay(frame: &mut Frame, area: Rect, model: &Model) {
    let width = area.width.min(model.width);
    let height = area.height.min(model.height);
    let area = Rect::new(area.x, area.y, width, height);
    if width < 20 || height < 6 {
        return;
    }
    match &model.tagging.overlay {
        None => {}
        Some(Overlay::Label {
            prompt,
            whole_claim,
            ..
        }) => {
            let matches = prompt.matches();
            let rows = matches.len().min(9) as u16;
            let box_height = (rows + 4).min(height - 2);
            let box_width = width.saturating_sub(4).min(56);
            let rect = Rect::new(
                area.x + (width - box_width) / 2,
                area.bottom().saturating_sub(box_height + 1),
                box_width,
                box_height,
            );
            let title = if *whole_claim {
                " tag the whole claim "
            } else {
                " tag this statement "
            };
            let theme = &model.theme;
            let buf = frame.buffer_mut();
            let inner = boxed(buf, rect, title, theme);
            let input_line = format!("label: {}", prompt.input());
            put_str(
                buf,
                inner.x,
                inner.y,
                inner.width,
                &truncate(&input_line, usize::from(inner.width)),
                theme.overlay,
            );
            let list_rows = inner.height.saturating_sub(2);
            for (i, label) in matches.iter().enumerate().take(usize::from(list_rows)) {
                let y = inner.y + 1 + i as u16;
                let digit = prompt
                    .shortcut(i)
                    .map_or("  ".to_string(), |d| format!("{d} "));
                let mut style = theme.overlay;
                if prompt.highlighted() == Some(i) {
                    style = style.patch(theme.cursor);
                    buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
                }
                let line = Line::from(vec![
                    Span::styled(digit, theme.footer_key.patch(style)),
                    Span::styled(
                        format!(" {label} "),
                        badge_style(theme, label, TagState::Exact),
                    ),
                ]);
                put_line(buf, inner.x, y, inner.width, &line);
            }
            let hint = "enter apply · tab complete · ↑↓ choose · esc cancel";
            put_str(
                buf,
                inner.x,
                inner.bottom().saturating_sub(1),
                inner.width,
                &truncate(hint, usize::from(inner.width)),
                theme.muted.patch(theme.overlay),
            );
            let cursor_x = inner.x + (display_width(&input_line) as u16).min(inner.width - 1);
            frame.set_cursor_position(Position::new(cursor_x, inner.y));
        }
        Some(Overlay::Note { editor, label, .. }) => {
            let box_width = width.saturating_sub(4).min(72);
            let box_height = height.saturating_sub(4).min(12);
            let rect = Rect::new(
                area.x + (width - box_width) / 2,
                area.y + (height - box_height) / 2,
                box_width,
                box_height,
            );
            let theme = &model.theme;
            let buf = frame.buffer_mut();
            let title = truncate(
                &format!(" note on \"{label}\" · ctrl-s save · esc cancel "),
                usize::from(box_width.saturating_sub(2)),
            );
            let inner = boxed(buf, rect, &title, theme);
            editor.as_ref().render(inner, buf);
        }
        Some(Overlay::List) => draw_list(frame.buffer_mut(), area, model),
        Some(Overlay::Export {
            format,
            path,
            confirm_overwrite,
            ..
        }) => {
            let box_width = width.saturating_sub(4).min(72);
            let rect = Rect::new(
                area.x + (width - box_width) / 2,
                area.y + (height.saturating_sub(7)) / 2,
                box_width,
                7.min(height),
            );
            let theme = &model.theme;
            let buf = frame.buffer_mut();
            let inner = boxed(buf, rect, " export notes ", theme);
            let w = usize::from(inner.width);
            let scope = match model.tagging.listing.filter() {
                Some(label) => format!("tags labelled \"{label}\""),
                None => "every tag".to_string(),
            };
            let format_name = format.extension().replace("jsonld", "w3c");
            let lines = [
                format!("format: {format_name}   (tab: md, json, csv, w3c)"),
                format!("file: {path}"),
                if *confirm_overwrite {
                    "the file exists: enter again to overwrite it".to_string()
                } else {
                    format!("exports {scope} of this story")
                },
                "enter export · esc cancel".to_string(),
            ];
            for (i, text) in lines.iter().enumerate().take(usize::from(inner.height)) {
                let style = if i == 2 && *confirm_overwrite {
                    theme.error.patch(theme.overlay)
                } else if i == 3 {
                    theme.muted.patch(theme.overlay)
                } else {
                    theme.overlay
                };
                put_str(
                    buf,
                    inner.x,
                    inner.y + i as u16,
                    inner.width,
                    &truncate(text, w),
                    style,
                );
            }
            let file_line = format!("file: {path}");
            let cursor_x = inner.x + (display_width(&file_line) as u16).min(inner.width - 1);
            frame.set_cursor_position(Position::new(cursor_x, inner.y + 1));
        }
    }
}

fn state_mark(state: TagState) -> (&'static str, &'static str) {
    match state {
        TagState::Exact => (" ", ""),
        TagState::Fuzzy => ("?", "text changed: confirm"),
        TagState::Orphan => ("✗", "orphan: text gone"),
    }
}

fn draw_list(buf: &mut Buffer, area: Rect, model: &Model) {
    let theme = &model.theme;
    let notes = &model.tagging.notes;
    let listing = &model.tagging.listing;
    let entries = listing.entries(notes);
    let filter = listing
        .filter()
        .map_or(String::new(), |l| format!(" · only \"{l}\""));
    let title = format!(
        " notes: {} of {} tags{filter} ",
        entries.len(),
        notes.tags().len()
    );
    let rect = Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    let inner = boxed(buf, rect, &truncate(&title, usize::from(rect.width)), theme);
    let w = usize::from(inner.width);
    let rows = usize::from(inner.height.saturating_sub(1));
    if entries.is_empty() {
        let message = format!(
            "no tags yet: {} tags the statement under the cursor",
            model
                .keymap
                .key_label(Command::Tag)
                .unwrap_or_else(|| "tag".into())
        );
        put_str(
            buf,
            inner.x,
            inner.y,
            inner.width,
            &truncate(&message, w),
            theme.muted.patch(theme.overlay),
        );
    }
    // Two lines a tag: what and where, then the quote.
    let per_page = (rows / 2).max(1);
    let selected = listing.selected(notes).unwrap_or(0);
    let scroll = selected.saturating_sub(per_page - 1);
    for (i, tag) in entries.iter().enumerate().skip(scroll).take(per_page) {
        let y = inner.y + 2 * (i - scroll) as u16;
        let mut base = theme.overlay;
        if i == selected {
            base = base.patch(theme.cursor);
            let height = 2.min(inner.bottom().saturating_sub(1).saturating_sub(y));
            buf.set_style(Rect::new(inner.x, y, inner.width, height), base);
        }
        let (mark, state_text) = state_mark(tag.state);
        let source = model
            .data
            .source_names
            .get(tag.source)
            .cloned()
            .unwrap_or_else(|| tag.tag.anchor.source_name.clone());
        let quote: String = tag.quote.split_whitespace().collect::<Vec<_>>().join(" ");
        let note: String = tag
            .tag
            .note
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut spans = vec![
            Span::styled(format!("{mark} "), theme.conflict.patch(base)),
            Span::styled(
                badge_text(tag),
                badge_style(theme, &tag.tag.label, tag.state),
            ),
            Span::styled(" ", base),
            Span::styled(
                format!("{} ", truncate(&source, 24)),
                theme.source_style(tag.source).patch(base),
            ),
        ];
        if !state_text.is_empty() {
            spans.push(Span::styled(
                format!("[{state_text}] "),
                theme.error.patch(base),
            ));
        }
        if !note.is_empty() {
            spans.push(Span::styled(format!("— {note}"), base));
        }
        put_line(buf, inner.x, y, inner.width, &Line::from(spans));
        if y + 1 < inner.bottom().saturating_sub(1) {
            put_str(
                buf,
                inner.x + 2,
                y + 1,
                inner.width.saturating_sub(2),
                &truncate(&format!("“{quote}”"), w.saturating_sub(2)),
                theme.muted.patch(base),
            );
        }
    }
    let hint = hints(
        model,
        &[
            (Command::Activate, "jump"),
            (Command::CycleFilter, "filter"),
            (Command::EditNote, "note"),
            (Command::ConfirmTag, "confirm"),
            (Command::RemoveTag, "remove"),
            (Command::Undo, "undo"),
            (Command::ExportNotes, "export"),
            (Command::Cancel, "close"),
        ],
    );
    put_str(
        buf,
        inner.x,
        inner.bottom().saturating_sub(1),
        inner.width,
        &truncate(&hint, w),
        theme.muted.patch(theme.overlay),
    );
}
