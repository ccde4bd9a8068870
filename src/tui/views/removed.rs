//! What cleaning removed or repaired in the focused source.

use super::{draw_title_line, put_line, put_str};
use crate::tui::layout::Screen;
use crate::tui::model::Model;
use crate::tui::text::{display_width, truncate};
use ratatui::buffer::Buffer;
use ratatui::text::{Line, Span};

pub fn draw(buf: &mut Buffer, screen: Screen, model: &Model) {
    let theme = &model.theme;
    let data = &model.data;
    let header = screen.header;
    let body = screen.body;
    let source = model.focus;
    let name = data.source_name(source);
    let removed = data.removed.get(source).map_or(&[][..], Vec::as_slice);

    let position = format!(
        "source {} of {} · tab: next",
        source + 1,
        data.source_count()
    );
    draw_title_line(buf, header, model, &position);
    let line = Line::from(vec![
        Span::styled(format!("■ {name}"), theme.source_style(source)),
        Span::styled(
            format!("  cleaning set aside {} item(s)", removed.len()),
            theme.header,
        ),
    ]);
    put_line(buf, header.x, header.y + 1, header.width, &line);

    if removed.is_empty() {
        put_str(
            buf,
            body.x,
            body.y,
            body.width,
            &format!("Cleaning removed nothing from {name}."),
            theme.muted,
        );
        return;
    }
    let width = usize::from(body.width);
    let rows = usize::from(body.height);
    let scroll = model.removed_scroll.min(removed.len().saturating_sub(1));
    for (i, item) in removed.iter().enumerate().skip(scroll).take(rows) {
        let y = body.y + (i - scroll) as u16;
        let place = item.line.map_or("    ".to_string(), |l| format!("{l:>4}"));
        let mut spans = vec![
            Span::styled(format!("{place} "), theme.muted),
            Span::styled(format!("{} ", item.rule), theme.footer_key),
        ];
        let used = display_width(&place) + display_width(&item.rule) + 2;
        let room = width.saturating_sub(used);
        match &item.replacement {
            Some(replacement) => {
                let half = room / 2;
                spans.push(Span::styled(
                    truncate(&item.text, half.saturating_sub(3)),
                    theme.trivial,
                ));
                spans.push(Span::styled(" → ", theme.muted));
                spans.push(Span::styled(truncate(replacement, room - half), theme.text));
            }
            None => spans.push(Span::styled(truncate(&item.text, room), theme.trivial)),
        }
        put_line(buf, body.x, y, body.width, &Line::from(spans));
    }
}
