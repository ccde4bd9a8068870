//! The compare view (sources side by side, or stacked when narrow) and the
//! reader view (one source full width). Both draw a precomputed layout.

use super::{draw_title_line, put_line, put_str};
use crate::align::DiffClass;
use crate::model::StatementId;
use crate::tui::layout::{CellLayout, GUTTER, LineItem, Screen};
use crate::tui::model::{Model, View};
use crate::tui::text::{char_byte_offsets, display_width, truncate};
use crate::tui::theme::marker;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::ops::Range;

pub fn draw(buf: &mut Buffer, screen: Screen, model: &Model) {
    draw_header(buf, screen.header, model);
    draw_body(buf, screen.body, model);
}

fn counts_forms(model: &Model, source: usize) -> [String; 4] {
    let c = model
        .data
        .counts
        .get(source)
        .copied()
        .unwrap_or(crate::tui::data::SourceCounts {
            statements: 0,
            shared: 0,
            unique: 0,
        });
    [
        format!(
            "{} statements · {} shared · {} unique",
            c.statements, c.shared, c.unique
        ),
        format!(
            "{} st · {} shared · {} unique",
            c.statements, c.shared, c.unique
        ),
        format!("{} st {} sh {} un", c.statements, c.shared, c.unique),
        format!("{}/{}/{}", c.statements, c.shared, c.unique),
    ]
}

/// How terse the counts must be so that every column's name fits beside
/// them (or keeps 14 cells): one wording for all columns.
fn counts_level(model: &Model, column: usize) -> usize {
    let level_for = |source: usize| {
        let name = display_width(&model.data.source_names[source]) + 2;
        let forms = counts_forms(model, source);
        let fits = |room: usize| forms.iter().position(|f| display_width(f) <= room);
        fits(column.saturating_sub(name + 2))
            .or_else(|| fits(column.saturating_sub(name.min(14) + 2)))
            .unwrap_or(3)
    };
    model
        .layout
        .columns
        .iter()
        .filter(|&&s| s < model.data.source_names.len())
        .map(|&s| level_for(s))
        .max()
        .unwrap_or(3)
}

/// A source's name in its colour, on the cursor's background when the
/// source has the focus.
fn source_name_style(model: &Model, source: usize) -> Style {
    let style = model.theme.source_style(source);
    if source == model.focus {
        style.patch(model.theme.cursor)
    } else {
        style
    }
}

fn draw_header(buf: &mut Buffer, area: Rect, model: &Model) {
    let theme = &model.theme;
    let layout = &model.layout;
    let width = usize::from(area.width);
    // Line 1: title, then where we are among the sources.
    let others = model.other_columns().len();
    let position = if model.view == View::Reader {
        format!(
            "source {} of {} · tab: next",
            model.focus + 1,
            model.source_count()
        )
    } else if layout.stacked {
        format!("{} sources stacked", layout.columns.len())
    } else {
        let shown = layout.columns.len().saturating_sub(1);
        let first = model.column_offset.min(others.saturating_sub(shown));
        let reference = model.data.source_name(model.reference);
        let mut text = format!("ref {reference}");
        let after = others.saturating_sub(first + shown);
        if first > 0 || after > 0 {
            let left = if first > 0 { "◀" } else { " " };
            let right = if after > 0 { "▶" } else { " " };
            text.push_str(&format!(
                " · {left}{} of {} shown{right}",
                shown + 1,
                others + 1
            ));
        }
        text
    };
    draw_title_line(buf, area, model, &truncate(&position, width / 2));
    if area.height < 2 {
        return;
    }
    let y = area.y + 1;
    if layout.stacked {
        // One line for every source: name and counts, the focused one marked.
        let mut spans = Vec::new();
        for &source in &layout.columns {
            let name = model.data.source_name(source);
            let counts = model.data.counts.get(source);
            spans.push(Span::styled(
                truncate(name, 20),
                source_name_style(model, source),
            ));
            if let Some(c) = counts {
                spans.push(Span::styled(
                    format!(" {}/{}/{}  ", c.statements, c.shared, c.unique),
                    theme.header,
                ));
            }
        }
        put_line(buf, area.x, y, area.width, &Line::from(spans));
        return;
    }
    let level = counts_level(model, usize::from(layout.column_width));
    for (column, &source) in layout.columns.iter().enumerate() {
        let x = area.x + layout.column_x(column);
        let name = model.data.source_name(source);
        let name_style = source_name_style(model, source);
        let col = usize::from(layout.column_width);
        // The name gets at least 14 cells; the counts take what is left.
        let name_full = format!("■ {name}");
        let counts = counts_forms(model, source)[level].clone();
        let name_room = col.saturating_sub(display_width(&counts) + 2);
        let name = truncate(&name_full, name_room.max(3));
        let rest = truncate(
            &format!("  {counts}"),
            col.saturating_sub(display_width(&name)),
        );
        let line = Line::from(vec![
            Span::styled(name, name_style),
            Span::styled(rest, theme.header),
        ]);
        put_line(buf, x, y, layout.column_width, &line);
    }
}

fn draw_body(buf: &mut Buffer, area: Rect, model: &Model) {
    let layout = &model.layout;
    let height = usize::from(area.height);
    let scroll = model.scroll.min(layout.total_lines.saturating_sub(1));
    // Column separators first, so text never hides them.
    if !layout.stacked {
        for column in 1..layout.columns.len() {
            let x = area.x + layout.column_x(column) - 1;
            if x >= area.right() {
                break;
            }
            for y in area.y..area.bottom() {
                put_str(buf, x, y, 1, "│", model.theme.border);
            }
        }
    }
    if layout.total_lines == 0 {
        put_str(
            buf,
            area.x,
            area.y,
            area.width,
            "(no text)",
            model.theme.muted,
        );
        return;
    }
    for row in layout.visible_rows(scroll, height) {
        for cell in &row.cells {
            let x = area.x + layout.column_x(cell.column);
            if x >= area.right() {
                continue;
            }
            let width = layout.column_width.min(area.right() - x);
            for (i, item) in cell.lines.iter().enumerate() {
                let line = row.top + cell.offset + i;
                if line < scroll || line >= scroll + height {
                    continue;
                }
                let y = area.y + (line - scroll) as u16;
                draw_item(buf, x, y, width, model, cell, item);
            }
        }
    }
}

fn draw_item(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: u16,
    model: &Model,
    cell: &CellLayout,
    item: &LineItem,
) {
    let theme = &model.theme;
    match item {
        LineItem::Blank => {}
        LineItem::Label => {
            let name = model.data.source_name(cell.source);
            let text = truncate(&format!("■ {name}"), usize::from(width));
            put_str(
                buf,
                x,
                y,
                width,
                &text,
                source_name_style(model, cell.source),
            );
        }
        LineItem::Moved { row, from } => {
            let distance = row.abs_diff(*from);
            let (arrow, when) = if row < from {
                ('↑', "earlier")
            } else {
                ('↓', "later")
            };
            let wide = usize::from(width.saturating_sub(GUTTER)) >= 48;
            let text = if wide {
                let unit = if distance == 1 {
                    "paragraph"
                } else {
                    "paragraphs"
                };
                format!("{arrow} moved: the reference has it {distance} {unit} {when}")
            } else {
                format!("{arrow} moved: ref has it {distance} ¶ {when}")
            };
            put_str(
                buf,
                x + GUTTER.min(width),
                y,
                width.saturating_sub(GUTTER),
                &truncate(&text, usize::from(width.saturating_sub(GUTTER))),
                theme.moved,
            );
        }
        LineItem::Badges { statement } => {
            let mut spans = vec![Span::raw("⚑ ")];
            for label in model.badges(*statement) {
                spans.push(Span::styled(
                    format!(" {label} "),
                    super::notes::label_badge_style(theme, label),
                ));
                spans.push(Span::raw(" "));
            }
            let x = x + GUTTER.min(width);
            put_line(buf, x, y, width.saturating_sub(GUTTER), &Line::from(spans));
        }
        LineItem::Text {
            statement,
            range,
            first,
        } => draw_text_line(buf, x, y, width, model, *statement, range.clone(), *first),
    }
}

/// One line of a statement: gutter markers, then the text with its marks.
#[allow(clippy::too_many_arguments)]
fn draw_text_line(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: u16,
    model: &Model,
    statement: StatementId,
    range: Range<usize>,
    first: bool,
) {
    let theme = &model.theme;
    let data = &model.data;
    let is_cursor = model.cursor == Some(statement);
    let is_mate = !is_cursor && model.cursor_mates().contains(&statement);
    let is_kin = !is_cursor && !is_mate && model.cursor_kin().contains(&statement);
    let unique = data.is_unique(statement);
    let maybe = data.is_maybe(statement);
    let conflict = data.in_conflict.get(statement).copied().unwrap_or(false);
    let differs = data.differs.get(statement).copied().unwrap_or(false);

    let mut base = theme.text;
    if unique {
        base = base.patch(theme.unique);
    }
    let mut fill = Style::new();
    if is_mate {
        fill = theme.mate;
    }
    if is_cursor {
        fill = theme.cursor;
    }
    base = base.patch(fill);

    // Gutter: cursor or mate, then what kind of statement this is.
    let lead = if is_cursor {
        marker::CURSOR
    } else if is_mate {
        marker::MATE
    } else if is_kin {
        marker::KIN
    } else {
        ' '
    };
    let kind = if !first {
        ' '
    } else if conflict {
        marker::CONFLICT
    } else if unique {
        marker::UNIQUE
    } else if maybe {
        marker::MAYBE
    } else if differs {
        marker::DIFFERS
    } else {
        ' '
    };
    let kind_style = if conflict {
        theme.conflict
    } else if unique {
        theme.unique
    } else if maybe {
        theme.maybe
    } else {
        theme.substantive
    };
    let gutter = Line::from(vec![
        Span::styled(
            lead.to_string(),
            if is_cursor || is_mate {
                theme.cursor
            } else {
                theme.text
            },
        ),
        Span::styled(kind.to_string(), kind_style),
    ]);
    put_line(buf, x, y, width.min(GUTTER), &gutter);
    if width <= GUTTER {
        return;
    }
    let text_x = x + GUTTER;
    let text_width = width - GUTTER;
    if fill != Style::new() {
        buf.set_style(
            Rect::new(text_x, y, text_width, 1).intersection(buf.area),
            fill,
        );
    }

    let Some(text) = data.texts.get(statement) else {
        return;
    };
    let highlights = data
        .comparison
        .highlights
        .get(statement)
        .map_or(&[][..], Vec::as_slice);
    let search = search_ranges(model, statement);
    let offsets = char_byte_offsets(text);
    let last = offsets.len() - 1;
    let start = range.start.min(last);
    let end = range.end.clamp(start, last);
    let mut spans: Vec<Span> = Vec::new();
    let mut run_start = start;
    let mut run_style: Option<Style> = None;
    for cp in start..=end {
        let style = (cp < end).then(|| {
            let mut style = base;
            for h in highlights.iter().filter(|h| h.start <= cp && cp < h.end) {
                style = style.patch(if h.conflict {
                    theme.conflict
                } else if h.class == DiffClass::Substantive {
                    theme.substantive
                } else {
                    theme.trivial
                });
            }
            if search.iter().any(|r| r.contains(&cp)) {
                style = style.patch(theme.search_match);
            }
            style
        });
        if style != run_style {
            if let Some(previous) = run_style
                && cp > run_start
            {
                spans.push(Span::styled(
                    &text[offsets[run_start]..offsets[cp]],
                    previous,
                ));
            }
            run_start = cp;
            run_style = style;
        }
    }
    put_line(buf, text_x, y, text_width, &Line::from(spans));
}

/// Code-point ranges of the search query inside a statement.
fn search_ranges(model: &Model, statement: StatementId) -> Vec<Range<usize>> {
    let query = model.search.query.to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let (Some(folded), Some(text)) = (
        model.data.folded.get(statement),
        model.data.texts.get(statement),
    ) else {
        return Vec::new();
    };
    // Lower-casing can change lengths (rarely); then positions would lie.
    if folded.chars().count() != text.chars().count() {
        return Vec::new();
    }
    let query_len = query.chars().count();
    folded
        .match_indices(&query)
        .map(|(byte, _)| {
            let start = folded[..byte].chars().count();
            start..start + query_len
        })
        .collect()
}
