//! The help overlay, generated from the keymap so it shows the keys that work.

use super::{popup, put_line, put_str};
use crate::tui::model::Model;
use crate::tui::text::truncate;
use crate::tui::theme::marker;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The help text, one entry per bound command, grouped by section.
pub fn help_lines(model: &Model) -> Vec<(Option<String>, String, String)> {
    let mut sections: Vec<&str> = Vec::new();
    for info in &model.keymap.commands {
        if !sections.contains(&info.section.as_str()) {
            sections.push(&info.section);
        }
    }
    let mut out = Vec::new();
    for section in sections {
        out.push((Some(section.to_string()), String::new(), String::new()));
        for info in model
            .keymap
            .commands
            .iter()
            .filter(|c| c.section == section)
        {
            let keys = model.keymap.keys_for(info.command);
            if keys.is_empty() {
                continue;
            }
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            out.push((None, keys.join(", "), info.desc.clone()));
        }
    }
    // What the gutter and the styles mean: not keys, but read with them.
    out.push((Some("marks".to_string()), String::new(), String::new()));
    let marks = [
        (marker::CURSOR.to_string(), "the statement under the cursor"),
        (
            marker::MATE.to_string(),
            "a statement matching the cursor's, in another source",
        ),
        (
            marker::KIN.to_string(),
            "a statement sharing a fact with the cursor's, without the same claim",
        ),
        (marker::UNIQUE.to_string(), "a claim no other source makes"),
        (
            marker::CONFLICT.to_string(),
            "a conflict: a number, date or name that matching statements contradict",
        ),
        (
            marker::DIFFERS.to_string(),
            "words that other sources' matching statements lack",
        ),
        (
            "↑ ↓".to_string(),
            "a paragraph the reference tells elsewhere",
        ),
        (
            "●◐·".to_string(),
            "claims view: source carries the claim fully, in part, not at all",
        ),
    ];
    for (mark, meaning) in marks {
        out.push((None, mark, meaning.to_string()));
    }
    out
}

pub fn draw(buf: &mut Buffer, area: Rect, model: &Model, scroll: usize) {
    let theme = &model.theme;
    let width = area.width.saturating_sub(4).min(78);
    let height = area.height.saturating_sub(2);
    if width < 10 || height < 3 {
        return;
    }
    let rect = popup::below_top(area, width, height);
    let inner = popup::boxed(buf, rect, " keys · esc or ? closes ", theme);
    let lines = help_lines(model);
    let rows = usize::from(inner.height);
    let scroll = scroll.min(lines.len().saturating_sub(rows));
    let key_width = 18usize.min(usize::from(inner.width) / 3);
    for (i, (section, keys, desc)) in lines.iter().skip(scroll).take(rows).enumerate() {
        let y = inner.y + i as u16;
        if let Some(section) = section {
            put_str(
                buf,
                inner.x,
                y,
                inner.width,
                &section.to_uppercase(),
                theme.title.patch(theme.overlay),
            );
            continue;
        }
        let keys = truncate(keys, key_width);
        let pad = key_width.saturating_sub(crate::tui::text::display_width(&keys));
        let line = Line::from(vec![
            Span::styled(format!("  {keys}{} ", " ".repeat(pad)), theme.footer_key),
            Span::styled(
                truncate(desc, usize::from(inner.width).saturating_sub(key_width + 3)),
                theme.overlay,
            ),
        ]);
        put_line(buf, inner.x, y, inner.width, &line);
    }
    if lines.len() > rows {
        let more = format!(" {}/{} ", (scroll + rows).min(lines.len()), lines.len());
        let w = more.chars().count() as u16;
        put_str(
            buf,
            rect.right().saturating_sub(w + 2),
            rect.bottom() - 1,
            w,
            &more,
            theme.focused_border,
        );
    }
}
