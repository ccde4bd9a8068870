//! The "nearest in other sources" overlay: the verdict on the claim under
//! study, then each other source's closest statement with its score, the
//! words it has that the claim lacks highlighted as in the compare view.

use super::{key_hints, popup, put_line, put_str};
use crate::align::{DiffClass, Uniqueness, WordOpTag};
use crate::tui::action::Command;
use crate::tui::model::{Model, NearestEntry, NearestView};
use crate::tui::text::{char_byte_offsets, slice_cp, truncate, wrap};
use crate::tui::theme::marker;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Lines of a statement shown per entry; longer ones end in "…".
const ENTRY_LINES: usize = 3;

/// One sentence on the verdict, as the reader needs it.
pub fn verdict_phrase(verdict: Uniqueness, best: f32, threshold: f32) -> String {
    match verdict {
        Uniqueness::OnlyHere => format!(
            "+ only here: no other source comes close (best {best:.2}, below {threshold:.2})"
        ),
        Uniqueness::MaybeElsewhere => format!(
            "? maybe elsewhere: a candidate scores {best:.2}, short of a shared fact; judge below"
        ),
        Uniqueness::Shared => "shared: another source states this claim or a fact of it".into(),
        Uniqueness::NotAClaim => "a headline or caption, not a claim".into(),
    }
}

pub fn draw(buf: &mut Buffer, area: Rect, model: &Model, view: &NearestView) {
    let theme = &model.theme;
    let width = area.width.saturating_sub(2).min(100);
    let height = area.height.saturating_sub(2);
    if width < 20 || height < 6 {
        return;
    }
    let rect = popup::below_top(area, width, height);
    let inner = popup::boxed(buf, rect, " nearest in other sources ", theme);
    let text_width = usize::from(inner.width);
    let data = &model.data;
    let best = view.entries.first().map_or(0.0, |e| e.score);
    let threshold = data.comparison.options.unique_threshold;
    let mut y = inner.y;
    let bottom = inner.bottom().saturating_sub(1);

    // The claim itself (its source, then its words), then the verdict.
    let claim = data.texts.get(view.statement).map_or("", String::as_str);
    let source = data.source_of(view.statement).unwrap_or(0);
    put_str(
        buf,
        inner.x,
        y,
        inner.width,
        &truncate(data.source_name(source), text_width),
        theme.source_style(source).patch(theme.overlay),
    );
    y += 1;
    let claim_lines = wrap(claim, text_width);
    let cut = claim_lines.len() > ENTRY_LINES;
    let offsets = char_byte_offsets(claim);
    for (n, range) in claim_lines.into_iter().take(ENTRY_LINES).enumerate() {
        if y + 2 >= bottom {
            break;
        }
        let mut line = slice_cp(claim, &offsets, range).to_string();
        if cut && n + 1 == ENTRY_LINES {
            line = truncate(&format!("{line} …"), text_width);
        }
        put_str(buf, inner.x, y, inner.width, &line, theme.overlay);
        y += 1;
    }
    let verdict_style = match view.verdict {
        Uniqueness::OnlyHere | Uniqueness::MaybeElsewhere => theme.unique,
        _ => theme.muted,
    };
    put_str(
        buf,
        inner.x,
        y,
        inner.width,
        &truncate(&verdict_phrase(view.verdict, best, threshold), text_width),
        verdict_style.patch(theme.overlay),
    );
    y += 2;

    // Entries from `scroll`, moved so the selected one is whole on screen.
    let entry_height = |e: &NearestEntry| -> u16 {
        let text = data.texts.get(e.statement).map_or("", String::as_str);
        1 + wrap(text, text_width.saturating_sub(2))
            .len()
            .min(ENTRY_LINES) as u16
    };
    let room = bottom.saturating_sub(y);
    let mut scroll = view.scroll.min(view.selected);
    while scroll < view.selected
        && view.entries[scroll..=view.selected]
            .iter()
            .map(entry_height)
            .sum::<u16>()
            > room
    {
        scroll += 1;
    }
    for (i, entry) in view.entries.iter().enumerate().skip(scroll) {
        let needed = entry_height(entry);
        if y + needed > bottom {
            break;
        }
        let selected = i == view.selected;
        let base = if selected {
            theme.overlay.patch(theme.cursor)
        } else {
            theme.overlay
        };
        buf.set_style(Rect::new(inner.x, y, inner.width, needed), base);
        let lead = if selected { marker::CURSOR } else { ' ' };
        let name = data.source_name(entry.source);
        let title = Line::from(vec![
            Span::styled(format!("{lead} "), base),
            Span::styled(
                truncate(name, text_width.saturating_sub(12)),
                theme.source_style(entry.source).patch(base),
            ),
            Span::styled(format!("  {:.2}", entry.score), base),
        ]);
        put_line(buf, inner.x, y, inner.width, &title);
        y += 1;
        for line in entry_lines(model, entry, text_width.saturating_sub(2), base) {
            put_line(buf, inner.x + 2, y, inner.width.saturating_sub(2), &line);
            y += 1;
        }
    }

    let hints = key_hints(
        model,
        &[
            (Command::CursorDown, "next"),
            (Command::Activate, "jump there"),
            (Command::Cancel, "close"),
        ],
    );
    put_str(
        buf,
        inner.x,
        bottom,
        inner.width,
        &truncate(
            &format!("{}   highlighted: words the claim does not have", hints),
            text_width,
        ),
        theme.muted.patch(theme.overlay),
    );
}

/// The statement of `entry`, wrapped, with the words the claim lacks styled
/// as differences (substantive or trivial).
fn entry_lines(
    model: &Model,
    entry: &NearestEntry,
    width: usize,
    base: Style,
) -> Vec<Line<'static>> {
    let theme = &model.theme;
    let text = model
        .data
        .texts
        .get(entry.statement)
        .map_or("", String::as_str);
    let offsets = char_byte_offsets(text);
    let style_at = |cp: usize| -> Style {
        for op in &entry.diff {
            if op.b.start <= cp && cp < op.b.end {
                return match (op.tag, op.class) {
                    (WordOpTag::Equal, Some(DiffClass::Trivial)) => base.patch(theme.trivial),
                    (WordOpTag::Equal, _) => base,
                    (_, Some(DiffClass::Trivial)) => base.patch(theme.trivial),
                    _ => base.patch(theme.substantive),
                };
            }
        }
        base
    };
    let lines = wrap(text, width);
    let cut = lines.len() > ENTRY_LINES;
    lines
        .into_iter()
        .take(ENTRY_LINES)
        .enumerate()
        .map(|(n, range)| {
            // Runs of code points with one style.
            let mut spans: Vec<Span<'static>> = Vec::new();
            let mut start = range.start;
            while start < range.end {
                let style = style_at(start);
                let mut end = start + 1;
                while end < range.end && style_at(end) == style {
                    end += 1;
                }
                spans.push(Span::styled(
                    slice_cp(text, &offsets, start..end).to_string(),
                    style,
                ));
                start = end;
            }
            if cut && n + 1 == ENTRY_LINES {
                spans.push(Span::styled(" …", base));
            }
            Line::from(spans)
        })
        .collect()
}
