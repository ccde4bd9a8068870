//! The reader while its story is read: a column per source with its
//! address and how far it got ("fetching 12 KB", "cleaning", "ready", or
//! its one-line error), side by side when they fit, else one under another.

use super::{put_line, put_str};
use crate::tui::action::Command;
use crate::tui::layout::Screen;
use crate::tui::model::loading::{Loading, PendingSource, progress_text};
use crate::tui::news::SourceState;
use crate::tui::text::{display_width, sanitize, truncate, wrap};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// The narrowest column worth drawing side by side.
const MIN_COLUMN: u16 = 22;

pub fn draw(frame: &mut Frame, loading: &Loading) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let screen = match super::screen_in(area, loading.width, loading.height) {
        Ok(screen) => screen,
        Err(tiny) => {
            draw_tiny(buf, tiny, loading);
            return;
        }
    };
    draw_title(buf, screen.header, loading);
    let n = loading.sources.len().max(1) as u16;
    let column = (screen.body.width + 1) / n;
    if column > MIN_COLUMN {
        draw_columns(buf, screen, loading, column - 1);
    } else {
        draw_list(buf, screen.body, loading);
    }
    draw_footer(buf, screen.footer, loading);
}

/// What the whole screen is about, in a few words.
fn headline(loading: &Loading) -> String {
    let n = loading.sources.len();
    let sources = if n == 1 { "source" } else { "sources" };
    if loading.aligning {
        format!("Aligning {n} {sources}…")
    } else if loading.stopping {
        format!("Stopping: opening what arrived of {n} {sources}…")
    } else {
        format!("Reading {n} {sources}…")
    }
}

/// How far it got: `2 of 5 ready · 1 failed · 4 s`.
fn tally(loading: &Loading) -> String {
    let mut text = format!("{} of {} ready", loading.ready(), loading.sources.len());
    if loading.failed() > 0 {
        text.push_str(&format!(" · {} failed", loading.failed()));
    }
    if loading.elapsed > 0 {
        text.push_str(&format!(" · {} s", loading.elapsed));
    }
    text
}

fn draw_title(buf: &mut Buffer, header: Rect, loading: &Loading) {
    let theme = &loading.theme;
    let right = truncate(&tally(loading), usize::from(header.width / 2));
    let right_width = display_width(&right) as u16;
    let room = usize::from(header.width.saturating_sub(right_width + 2));
    put_str(
        buf,
        header.x,
        header.y,
        header.width,
        &truncate(&headline(loading), room),
        theme.title,
    );
    put_str(
        buf,
        header.right().saturating_sub(right_width),
        header.y,
        right_width,
        &right,
        theme.header,
    );
}

/// A short name for a column's head: the address without its scheme, or
/// the file's name.
pub fn short_origin(origin: &str) -> String {
    let origin = sanitize(origin);
    if let Some(rest) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    {
        return rest.strip_prefix("www.").unwrap_or(rest).to_string();
    }
    match origin.rsplit_once('/') {
        Some((_, name)) if !name.is_empty() => name.to_string(),
        _ => origin,
    }
}

/// The lines under a source's head: how far it got (on the same row in
/// every column), its title once read or its error, then its whole address
/// (which an error names already).
fn source_lines(source: &PendingSource, loading: &Loading) -> Vec<(String, Style)> {
    let theme = &loading.theme;
    let (progress_style, detail) = match &source.state {
        SourceState::Failed(error) => (theme.error, Some((sanitize(error), theme.error))),
        SourceState::Ready {
            title,
            kept_snapshot,
            ..
        } => {
            let detail = match (kept_snapshot, title) {
                (Some(why), _) => Some((sanitize(why), theme.error)),
                (None, Some(title)) => Some((sanitize(title), theme.text)),
                (None, None) => None,
            };
            (theme.unique, detail)
        }
        SourceState::Waiting => (theme.muted, None),
        SourceState::Receiving(_) | SourceState::Cleaning => (theme.text, None),
    };
    let mut lines = vec![(progress_text(&source.state), progress_style)];
    lines.extend(detail);
    if !matches!(source.state, SourceState::Failed(_)) {
        lines.push((String::new(), theme.muted));
        lines.push((sanitize(&source.origin), theme.muted));
    }
    lines
}

fn draw_columns(buf: &mut Buffer, screen: Screen, loading: &Loading, column: u16) {
    let theme = &loading.theme;
    let body = screen.body;
    for (i, source) in loading.sources.iter().enumerate() {
        let x = body.x + i as u16 * (column + 1);
        if i > 0 {
            for y in screen.header.y + 1..body.bottom() {
                put_str(buf, x - 1, y, 1, "│", theme.border);
            }
        }
        let head = truncate(
            &format!("■ {} {}", i + 1, short_origin(&source.origin)),
            usize::from(column),
        );
        put_str(
            buf,
            x,
            screen.header.y + 1,
            column,
            &head,
            theme.source_style(i),
        );
        let mut y = body.y;
        'lines: for (text, style) in source_lines(source, loading) {
            for range in wrap(&text, usize::from(column)) {
                if y >= body.bottom() {
                    break 'lines;
                }
                let line: String = text
                    .chars()
                    .skip(range.start)
                    .take(range.end - range.start)
                    .collect();
                put_str(buf, x, y, column, &line, style);
                y += 1;
            }
        }
    }
}

/// Too many sources or too narrow for columns: one source under another,
/// its head and progress on one line, an error on the next.
fn draw_list(buf: &mut Buffer, body: Rect, loading: &Loading) {
    let theme = &loading.theme;
    let width = usize::from(body.width);
    let rows = usize::from(body.height);
    let mut y = body.y;
    for (i, source) in loading.sources.iter().enumerate() {
        let left = loading.sources.len() - i;
        let lines_left = usize::from(body.bottom() - y);
        // Keep the last row to say how many more there are.
        if left > 1 && lines_left <= 1 && rows > 1 {
            let rest = &loading.sources[i..];
            let ready = rest
                .iter()
                .filter(|s| matches!(s.state, SourceState::Ready { .. }))
                .count();
            let failed = rest
                .iter()
                .filter(|s| matches!(s.state, SourceState::Failed(_)))
                .count();
            let more = format!("… {left} more: {ready} ready, {failed} failed");
            put_str(
                buf,
                body.x,
                y,
                body.width,
                &truncate(&more, width),
                theme.muted,
            );
            return;
        }
        let progress = progress_text(&source.state);
        let progress_style = match source.state {
            SourceState::Failed(_) => theme.error,
            SourceState::Ready { .. } => theme.unique,
            SourceState::Waiting => theme.muted,
            _ => theme.text,
        };
        let head = format!("■ {} ", i + 1);
        let name_room = width.saturating_sub(display_width(&head) + display_width(&progress) + 2);
        let name = truncate(&short_origin(&source.origin), name_room);
        let gap = width
            .saturating_sub(display_width(&head) + display_width(&name) + display_width(&progress));
        let line = Line::from(vec![
            Span::styled(head, theme.source_style(i)),
            Span::styled(name, theme.text),
            Span::raw(" ".repeat(gap)),
            Span::styled(truncate(&progress, width), progress_style),
        ]);
        put_line(buf, body.x, y, body.width, &line);
        y += 1;
        if let SourceState::Failed(error) = &source.state
            && y < body.bottom()
        {
            put_str(
                buf,
                body.x + 2,
                y,
                body.width.saturating_sub(2),
                &truncate(&sanitize(error), width.saturating_sub(2)),
                theme.error,
            );
            y += 1;
        }
        if y >= body.bottom() {
            return;
        }
    }
}

fn draw_footer(buf: &mut Buffer, area: Rect, loading: &Loading) {
    let theme = &loading.theme;
    buf.set_style(area, theme.footer_desc);
    let mut spans = vec![Span::styled(" Loading ", theme.status), Span::raw(" ")];
    let hint = |command: Command, what: &str, spans: &mut Vec<Span<'static>>| {
        if let Some(key) = loading.keymap.key_label(command) {
            spans.push(Span::styled(key, theme.footer_key));
            spans.push(Span::styled(format!(" {what}  "), theme.footer_desc));
        }
    };
    if loading.aligning {
        spans.push(Span::styled("lining up the statements…", theme.footer_desc));
    } else if loading.stopping {
        spans.push(Span::styled(
            "stopping the sources still coming…  ",
            theme.footer_desc,
        ));
        hint(Command::Quit, "quit", &mut spans);
    } else {
        if loading.ready() > 0 {
            hint(Command::Cancel, "open what has arrived", &mut spans);
        }
        hint(Command::Quit, "quit", &mut spans);
    }
    put_line(buf, area.x, area.y, area.width, &Line::from(spans));
    let right = format!(" pages give up after {} s ", loading.timeout);
    let right_width = display_width(&right) as u16;
    if !loading.aligning && right_width + 44 < area.width {
        put_str(
            buf,
            area.right() - right_width,
            area.y,
            right_width,
            &right,
            theme.status,
        );
    }
}

/// Below the smallest screen: what is going on, in as many words as fit.
fn draw_tiny(buf: &mut Buffer, area: Rect, loading: &Loading) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let text = format!("{} {}", headline(loading), tally(loading));
    for (i, range) in wrap(&text, usize::from(area.width))
        .into_iter()
        .take(usize::from(area.height))
        .enumerate()
    {
        let line: String = text
            .chars()
            .skip(range.start)
            .take(range.end - range.start)
            .collect();
        put_str(
            buf,
            area.x,
            area.y + i as u16,
            area.width,
            &line,
            loading.theme.text,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::short_origin;

    #[test]
    fn short_origins() {
        assert_eq!(
            short_origin("https://www.reuters.com/world/x"),
            "reuters.com/world/x"
        );
        assert_eq!(short_origin("http://127.0.0.1:8000/a"), "127.0.0.1:8000/a");
        assert_eq!(short_origin("/home/me/story/a.txt"), "a.txt");
        assert_eq!(short_origin("stdin:abc"), "stdin:abc");
        assert_eq!(short_origin("dir/"), "dir/");
    }
}
