//! The source picker overlay: which sources are columns, which is the
//! reference. Its key hints come from the keymap.

use super::{key_hints, popup, put_line, put_str};
use crate::tui::action::Command;
use crate::tui::model::Model;
use crate::tui::text::{display_width, truncate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn draw(buf: &mut Buffer, area: Rect, model: &Model, selected: usize) {
    let theme = &model.theme;
    let n = model.source_count();
    let width = area.width.saturating_sub(4).min(72);
    let height = (n as u16 + 3).min(area.height.saturating_sub(2));
    if width < 16 || height < 4 {
        return;
    }
    let rect = popup::below_top(area, width, height);
    let inner = popup::boxed(buf, rect, " sources ", theme);

    // The last inner line: what the keys do, from the keymap.
    let hints = key_hints(
        model,
        &[
            (Command::Activate, "show/hide"),
            (Command::SetReference, "reference"),
            (Command::ShowAllColumns, "all"),
            (Command::Cancel, "close"),
        ],
    );
    let rows = usize::from(inner.height.saturating_sub(1));
    let scroll = selected.saturating_sub(rows.saturating_sub(1));
    for (i, source) in (0..n).enumerate().skip(scroll).take(rows) {
        let y = inner.y + (i - scroll) as u16;
        let shown = model.shown.get(source).copied().unwrap_or(false);
        let is_ref = source == model.reference;
        let base = if i == selected {
            theme.overlay.patch(theme.cursor)
        } else {
            theme.overlay
        };
        let mark = if shown { "[x]" } else { "[ ]" };
        let narrow = inner.width < 50;
        let counts = model
            .data
            .counts
            .get(source)
            .map(|c| {
                if narrow {
                    format!("{}/{}/{}", c.statements, c.shared, c.unique)
                } else {
                    format!("{} st {} sh {} un", c.statements, c.shared, c.unique)
                }
            })
            .unwrap_or_default();
        let tail = match (is_ref, narrow) {
            (true, true) => format!("{counts} ref"),
            (true, false) => format!("{counts}  reference"),
            _ => counts,
        };
        let room = usize::from(inner.width).saturating_sub(display_width(&tail) + 10);
        let name = truncate(model.data.source_name(source), room.max(4));
        let pad = room.max(4).saturating_sub(display_width(&name));
        buf.set_style(
            Rect::new(inner.x, y, inner.width, 1).intersection(buf.area),
            base,
        );
        let line = Line::from(vec![
            Span::styled(format!("{mark} {:>2} ", source + 1), base),
            Span::styled(name, theme.source_style(source).patch(base)),
            Span::styled(format!("{} {tail}", " ".repeat(pad)), base),
        ]);
        put_line(buf, inner.x, y, inner.width, &line);
    }
    put_str(
        buf,
        inner.x,
        inner.bottom().saturating_sub(1),
        inner.width,
        &truncate(&hints, usize::from(inner.width)),
        theme.muted.patch(theme.overlay),
    );
}
