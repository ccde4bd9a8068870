//! Pure drawing: every function takes `&Model` and writes into the frame.

mod claims;
pub mod help;
mod library;
pub mod loading;
pub mod nearest;
pub mod notes;
mod popup;
mod removed;
mod sources;
mod statements;

use super::action::Command;
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH, Screen};
use super::model::{Modal, Model, StatusKind, View};
use super::text::{display_width, truncate};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

pub fn draw(frame: &mut Frame, model: &Model) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let screen = match screen_in(area, model.width, model.height) {
        Ok(screen) => screen,
        Err(tiny) => {
            draw_too_small(buf, tiny, model);
            return;
        }
    };
    match model.view {
        View::Compare | View::Reader => statements::draw(buf, screen, model),
        View::Claims => claims::draw(buf, screen, model),
        View::Removed => removed::draw(buf, screen, model),
    }
    draw_footer(buf, screen.footer, model);
    if let Some(position) = footer_cursor(screen.footer, model) {
        frame.set_cursor_position(position);
    }
    match &model.modal {
        Some(Modal::Help { scroll }) => help::draw(frame.buffer_mut(), area, model, *scroll),
        Some(Modal::Sources { selected }) => {
            sources::draw(frame.buffer_mut(), area, model, *selected)
        }
        Some(Modal::Nearest(view)) => nearest::draw(frame.buffer_mut(), area, model, view),
        Some(Modal::Library(view)) => library::draw(frame.buffer_mut(), area, model, view),
        _ => {}
    }
    notes::draw_overlay(frame, area, model);
}

/// "key what" for each command bound in the keymap, two spaces apart: the
/// hint line of an overlay, always naming the keys the user has.
fn key_hints(model: &Model, hints: &[(Command, &str)]) -> String {
    hints
        .iter()
        .filter_map(|&(command, what)| {
            model
                .keymap
                .key_label(command)
                .map(|key| format!("{key} {what}"))
        })
        .collect::<Vec<_>>()
        .join("  ")
}

/// The screen's parts inside `area`, for a layout made for `width` x
/// `height` (drawn inside both); the area to draw in when it is too small
/// for the layout.
fn screen_in(area: Rect, width: u16, height: u16) -> Result<Screen, Rect> {
    let (width, height) = (area.width.min(width), area.height.min(height));
    let Some(screen) = layout::screen(width, height) else {
        return Err(Rect::new(area.x, area.y, width, height));
    };
    let offset = |r: Rect| Rect::new(r.x + area.x, r.y + area.y, r.width, r.height);
    Ok(Screen {
        header: offset(screen.header),
        body: offset(screen.body),
        footer: offset(screen.footer),
    })
}

fn draw_too_small(buf: &mut Buffer, area: Rect, model: &Model) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let message = format!("terminal too small: needs {MIN_WIDTH}x{MIN_HEIGHT}");
    let words: Vec<&str> = message.split(' ').collect();
    // Fill as many lines as there are, word-wrapped, centred vertically.
    let mut lines: Vec<String> = Vec::new();
    for word in words {
        match lines.last_mut() {
            Some(last)
                if display_width(last) + 1 + display_width(word) <= usize::from(area.width) =>
            {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    let shown = lines.len().min(usize::from(area.height));
    let top = area.y + (area.height - shown as u16) / 2;
    for (i, line) in lines.iter().take(shown).enumerate() {
        let text = truncate(line, usize::from(area.width));
        let x = area.x + (area.width.saturating_sub(display_width(&text) as u16)) / 2;
        buf.set_stringn(
            x,
            top + i as u16,
            &text,
            usize::from(area.width),
            model.theme.error,
        );
    }
}

/// A view's first header line: the story's title, cut short to leave room
/// for `right` (where the reader is, what is shown), which ends the line.
fn draw_title_line(buf: &mut Buffer, row: Rect, model: &Model, right: &str) {
    let right_width = display_width(right);
    let title_room = usize::from(row.width).saturating_sub(right_width + 2);
    put_str(
        buf,
        row.x,
        row.y,
        row.width,
        &truncate(&model.data.title, title_room),
        model.theme.title,
    );
    let right_width = right_width as u16;
    put_str(
        buf,
        row.right().saturating_sub(right_width),
        row.y,
        right_width,
        right,
        model.theme.header,
    );
}

/// Write a line clipped to `width` cells at (x, y), if y is inside the buffer.
pub(super) fn put_line(buf: &mut Buffer, x: u16, y: u16, width: u16, line: &Line) {
    let area = buf.area;
    if y < area.y || y >= area.bottom() || x >= area.right() {
        return;
    }
    buf.set_line(x, y, line, width.min(area.right() - x));
}

pub(super) fn put_str(buf: &mut Buffer, x: u16, y: u16, width: u16, text: &str, style: Style) {
    put_line(
        buf,
        x,
        y,
        width,
        &Line::from(Span::styled(text.to_string(), style)),
    );
}

fn footer_cursor(footer: Rect, model: &Model) -> Option<ratatui::layout::Position> {
    let Some(Modal::Prompt(prompt)) = &model.modal else {
        return None;
    };
    let used = display_width(&prompt.label) + display_width(&prompt.input);
    let x = footer.x + (used.min(usize::from(footer.width.saturating_sub(1))) as u16);
    Some(ratatui::layout::Position::new(x, footer.y))
}

fn draw_footer(buf: &mut Buffer, area: Rect, model: &Model) {
    let theme = &model.theme;
    buf.set_style(area, theme.status);
    if let Some(Modal::Prompt(prompt)) = &model.modal {
        let text = format!("{}{}", prompt.label, prompt.input);
        // Keep the end of a long query visible.
        let width = usize::from(area.width.saturating_sub(1));
        let shown: String = if display_width(&text) > width {
            let chars: Vec<char> = text.chars().collect();
            let mut start = 0;
            while start < chars.len()
                && display_width(&chars[start..].iter().collect::<String>()) > width
            {
                start += 1;
            }
            chars[start..].iter().collect()
        } else {
            text
        };
        put_str(buf, area.x, area.y, area.width, &shown, theme.status);
        return;
    }
    let mut spans = vec![Span::styled(
        format!(" {} ", model.view.title()),
        theme.status,
    )];
    match &model.status {
        Some(status) => {
            let style = match status.kind {
                StatusKind::Info => theme.text,
                StatusKind::Error => theme.error,
            };
            spans.push(Span::styled(format!(" {} ", status.text), style));
        }
        None => {
            spans.push(Span::raw(" "));
            for info in &model.keymap.commands {
                let Some(short) = &info.short else { continue };
                if !info.views.iter().any(|v| v == model.view.name()) {
                    continue;
                }
                let Some(key) = model.keymap.key_label(info.command) else {
                    continue;
                };
                spans.push(Span::styled(key, theme.footer_key));
                spans.push(Span::styled(format!(" {short}  "), theme.footer_desc));
            }
        }
    }
    let line = Line::from(spans);
    buf.set_style(area, theme.footer_desc);
    put_line(buf, area.x, area.y, area.width, &line);
    let mut right = Vec::new();
    if let (Some(i), n) = (model.search.current, model.search.matches.len())
        && n > 0
    {
        right.push(format!("/{} {} of {}", model.search.query, i + 1, n));
    }
    if let Some(offscreen) = offscreen_matches(model) {
        right.push(offscreen);
    }
    if model.mouse {
        right.push("mouse".to_string());
    }
    if let Some(flag) = model.tagging.footer_flag() {
        right.push(flag.to_string());
    }
    if !right.is_empty() {
        let text = format!(" {} ", right.join(" · "));
        let width = display_width(&text) as u16;
        if width + 20 < area.width {
            put_str(
                buf,
                area.right() - width,
                area.y,
                width,
                &text,
                theme.status,
            );
        }
    }
}

/// Sources that carry the cursor's claim but are not on screen, so the
/// reader knows to scroll the columns (or pick sources) to see them. A
/// statement with no match anywhere but a shared fact (`◦`) says where that
/// fact is, on screen or not: it is why the statement is not unique.
fn offscreen_matches(model: &Model) -> Option<String> {
    if model.view != View::Compare {
        return None;
    }
    let sources_of = |statements: &[usize], offscreen_only: bool| -> Vec<usize> {
        let mut sources: Vec<usize> = statements
            .iter()
            .filter_map(|&s| model.data.source_of(s))
            .filter(|s| !offscreen_only || !model.layout.columns.contains(s))
            .collect();
        sources.sort_unstable();
        sources.dedup();
        sources
    };
    if model.cursor_mates().is_empty() {
        return match sources_of(model.cursor_kin(), false).as_slice() {
            [] => None,
            [one] => Some(format!("a fact also in {}", model.data.source_name(*one))),
            many => Some(format!("a fact also in {} sources", many.len())),
        };
    }
    match sources_of(model.cursor_mates(), true).as_slice() {
        [] => None,
        [one] => Some(format!(
            "also in {} (offscreen)",
            model.data.source_name(*one)
        )),
        many => Some(format!("also in {} offscreen sources", many.len())),
    }
}
