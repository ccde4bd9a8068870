//! The claims view: every claim against every source, widest coverage first.

use super::{draw_title_line, put_line, put_str};
use crate::tui::data::Coverage;
use crate::tui::layout::Screen;
use crate::tui::model::Model;
use crate::tui::text::truncate;
use crate::tui::theme::marker;
use ratatui::buffer::Buffer;
use ratatui::text::{Line, Span};

/// Cells per source in the matrix.
const CELL: usize = 2;

pub fn draw(buf: &mut Buffer, screen: Screen, model: &Model) {
    let theme = &model.theme;
    let data = &model.data;
    let claims = &model.claims;
    let header = screen.header;
    let body = screen.body;
    let width = usize::from(body.width);
    let n = data.source_count();

    let summary = format!(
        "{} · {} of {} claims",
        claims.filter.label(),
        claims.order.len(),
        data.claims.len()
    );
    draw_title_line(buf, header, model, &summary);

    // The matrix takes at most half the width; the rest is the claim's text.
    let fits = ((width / 2).saturating_sub(8) / CELL).max(1);
    let first = claims.source_offset.min(n.saturating_sub(fits));
    let shown: Vec<usize> = (first..n).take(fits).collect();
    let matrix_width = shown.len() * CELL;
    // Header line 2: the legend of the numbered columns.
    let mut legend = vec![Span::styled("sources: ", theme.header)];
    for &s in &shown {
        let name = data.source_name(s);
        legend.push(Span::styled(format!("{} ", s + 1), theme.source_style(s)));
        legend.push(Span::styled(
            format!("{}  ", truncate(name, 18)),
            theme.header,
        ));
    }
    put_line(
        buf,
        header.x,
        header.y + 1,
        header.width,
        &Line::from(legend),
    );

    // Body line 1: column numbers over the matrix.
    let lead = 8; // markers and "nn/nn "
    let mut numbers = vec![Span::styled(format!("{:<lead$}", "  cover"), theme.muted)];
    for &s in &shown {
        let label = format!("{:<CELL$}", (s + 1) % 100);
        numbers.push(Span::styled(truncate(&label, CELL), theme.source_style(s)));
    }
    let more = if first > 0 || first + shown.len() < n {
        " ◀ ▶"
    } else {
        ""
    };
    numbers.push(Span::styled(
        format!(" claim{more}   ● full  ◐ partial  ? maybe  · absent"),
        theme.muted,
    ));
    put_line(buf, body.x, body.y, body.width, &Line::from(numbers));

    if claims.order.is_empty() {
        put_str(
            buf,
            body.x,
            body.y + 1,
            body.width,
            &format!("no {} (f: change filter)", claims.filter.label()),
            theme.muted,
        );
        return;
    }
    let rows = usize::from(body.height.saturating_sub(1));
    for (i, &claim_index) in claims
        .order
        .iter()
        .enumerate()
        .skip(claims.scroll)
        .take(rows)
    {
        let Some(claim) = data.claims.get(claim_index) else {
            continue;
        };
        let y = body.y + 1 + (i - claims.scroll) as u16;
        let selected = i == claims.selected;
        let base = if selected { theme.cursor } else { theme.text };
        let mut spans = Vec::new();
        let lead_mark = if selected { marker::CURSOR } else { ' ' };
        spans.push(Span::styled(lead_mark.to_string(), base));
        let (kind, kind_style) = if claim.conflict {
            (marker::CONFLICT, theme.conflict)
        } else if claim.unique {
            (marker::UNIQUE, theme.unique)
        } else if claim.maybe {
            (marker::MAYBE, theme.maybe)
        } else {
            (' ', base)
        };
        spans.push(Span::styled(kind.to_string(), kind_style));
        spans.push(Span::styled(
            format!("{:>2}/{:<2} ", claim.sources_covering, n),
            base,
        ));
        for &s in &shown {
            let (symbol, style) = match claim.coverage.get(s).copied().unwrap_or(Coverage::Absent) {
                Coverage::Full => ("●", theme.source_style(s)),
                Coverage::Partial => ("◐", theme.source_style(s)),
                Coverage::Maybe => ("?", theme.maybe),
                Coverage::Absent => ("·", theme.muted),
            };
            spans.push(Span::styled(
                format!("{symbol:<CELL$}"),
                style.patch(if selected {
                    theme.cursor
                } else {
                    Default::default()
                }),
            ));
        }
        let text_statement = claim
            .statements
            .iter()
            .copied()
            .find(|&s| data.source_of(s) == Some(model.reference))
            .or_else(|| claim.statements.first().copied());
        let text = text_statement
            .and_then(|s| data.texts.get(s))
            .map_or("", String::as_str);
        let room = width.saturating_sub(lead + matrix_width + 1);
        let mut text_style = base;
        if claim.unique {
            text_style = text_style.patch(theme.unique);
        }
        spans.push(Span::styled(
            format!(" {}", truncate(text, room)),
            text_style,
        ));
        if selected {
            buf.set_style(
                ratatui::layout::Rect::new(body.x, y, body.width, 1).intersection(buf.area),
                theme.cursor,
            );
        }
        put_line(buf, body.x, y, body.width, &Line::from(spans));
    }
}
