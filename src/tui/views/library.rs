//! The library view: every story the store keeps, two lines each (id and
//! title; sources, tags, when last opened), the open one marked. Its key
//! hints come from the keymap.

use super::{key_hints, popup, put_line, put_str};
use crate::tui::action::Command;
use crate::tui::model::Model;
use crate::tui::model::library::LibraryView;
use crate::tui::news::StoryRow;
use crate::tui::text::{display_width, sanitize, truncate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Lines each story takes.
const STORY_LINES: usize = 2;

pub fn draw(buf: &mut Buffer, area: Rect, model: &Model, view: &LibraryView) {
    let theme = &model.theme;
    let width = area.width.saturating_sub(2).min(110);
    let height = area.height.saturating_sub(2);
    if width < 16 || height < 4 {
        return;
    }
    let rect = popup::below_top(area, width, height);
    let count = view.stories().len();
    let title = match count {
        0 => " library ".to_string(),
        1 => " library · 1 story ".to_string(),
        n => format!(" library · {n} stories "),
    };
    let inner = popup::boxed(buf, rect, &title, theme);
    let text_width = usize::from(inner.width);

    // The last line: why a story did not open, else what the keys do.
    let footer = match &view.error {
        Some(error) => (sanitize(error), theme.error.patch(theme.overlay)),
        None => (hints(model, count > 0), theme.muted.patch(theme.overlay)),
    };
    put_str(
        buf,
        inner.x,
        inner.bottom().saturating_sub(1),
        inner.width,
        &truncate(&footer.0, text_width),
        footer.1,
    );
    let rows = usize::from(inner.height.saturating_sub(1));

    let stories = match &view.listing.stories {
        Err(error) => {
            let text = format!("the library cannot be read: {}", sanitize(error));
            put_str(
                buf,
                inner.x,
                inner.y,
                inner.width,
                &truncate(&text, text_width),
                theme.error.patch(theme.overlay),
            );
            return;
        }
        Ok(stories) if stories.is_empty() => {
            put_str(
                buf,
                inner.x,
                inner.y,
                inner.width,
                &truncate(
                    "no stories yet: the reader keeps every story it opens",
                    text_width,
                ),
                theme.overlay,
            );
            return;
        }
        Ok(stories) => stories,
    };
    // Whole stories in view, the selected one among them.
    let fit = (rows / STORY_LINES).max(1);
    let first = view.selected.saturating_sub(fit - 1);
    for (i, story) in stories.iter().enumerate().skip(first).take(fit) {
        let y = inner.y + ((i - first) * STORY_LINES) as u16;
        let current = view.listing.current.as_deref() == Some(story.id.as_str());
        draw_story(buf, inner, y, model, story, i == view.selected, current);
    }
}

fn hints(model: &Model, any: bool) -> String {
    let browse: &[(Command, &str)] = if any {
        &[
            (Command::CursorDown, "next"),
            (Command::CursorUp, "previous"),
            (Command::Activate, "open"),
            (Command::Cancel, "back"),
        ]
    } else {
        &[(Command::Cancel, "back")]
    };
    key_hints(model, browse)
}

fn draw_story(
    buf: &mut Buffer,
    inner: Rect,
    y: u16,
    model: &Model,
    story: &StoryRow,
    selected: bool,
    current: bool,
) {
    let theme = &model.theme;
    let width = usize::from(inner.width);
    let base = if selected {
        theme.overlay.patch(theme.cursor)
    } else {
        theme.overlay
    };
    for row in y..(y + STORY_LINES as u16).min(inner.bottom().saturating_sub(1)) {
        buf.set_style(Rect::new(inner.x, row, inner.width, 1), base);
    }
    let mark = if selected { "▶ " } else { "  " };
    let open = if current { "  (open now)" } else { "" };
    let id = format!("{mark}{}  ", story.id);
    let title_room = width.saturating_sub(display_width(&id) + display_width(open));
    let first = Line::from(vec![
        Span::styled(id, theme.footer_key.patch(base)),
        Span::styled(
            truncate(&sanitize(&story.title), title_room),
            theme.title.patch(base),
        ),
        Span::styled(open, theme.muted.patch(base)),
    ]);
    put_line(buf, inner.x, y, inner.width, &first);
    if y + 1 >= inner.bottom().saturating_sub(1) {
        return;
    }
    let tags = match story.tags {
        1 => "1 tag".to_string(),
        n => format!("{n} tags"),
    };
    let sources = match story.sources.len() {
        1 => "1 source".to_string(),
        n => format!("{n} sources"),
    };
    let tail = format!(" · {tags} · opened {}", story.last_opened);
    let names = sanitize(&story.sources.join(", "));
    let names_room = width.saturating_sub(4 + display_width(&sources) + 2 + display_width(&tail));
    let second = Line::from(vec![
        Span::styled(format!("    {sources}"), theme.text.patch(base)),
        Span::styled(
            if names_room > 3 {
                format!(": {}", truncate(&names, names_room))
            } else {
                String::new()
            },
            theme.muted.patch(base),
        ),
        Span::styled(tail, theme.text.patch(base)),
    ]);
    put_line(buf, inner.x, y + 1, inner.width, &second);
}
