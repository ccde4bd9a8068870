//! The help overlay, generated from the keymap so it shows the keys that work.

use super::{popup, put_line, put_str};
use crate::tui::model::Model;
use crate::tui::model::help::help_lines;
use crate::tui::text::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn draw(buf: &mut Buffer, area: Rect, model: &Model, scroll: usize) {
    let theme = &model.theme;
    let width = area.width.saturating_sub(4).min(78);
    let height = area.height.saturating_sub(2);
    if width < 10 || height < 3 {
        return;
    }
    let rect = popup::below_top(area, width, height);
    let inner = popup::boxed(buf, rect, " keys · esc or ? closes ", theme);
    let lines = help_lines(&model.keymap);
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
