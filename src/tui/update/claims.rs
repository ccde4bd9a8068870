//! The claims view: a list of claims, filtered, with the sources that carry
//! each; Enter jumps to a claim's statement.

use super::Next;
use crate::tui::action::{Action, Command};
use crate::tui::data::claims_order;
use crate::tui::layout;
use crate::tui::model::Model;

pub(super) fn command(model: &mut Model, command: Command) -> Next {
    let mut next = Next::Done;
    let page = model.body_height().saturating_sub(1).max(1);
    let claims = &mut model.claims;
    match command {
        Command::CursorDown => claims.selected += 1,
        Command::CursorUp => claims.selected = claims.selected.saturating_sub(1),
        Command::Top => claims.selected = 0,
        Command::Bottom => claims.selected = claims.order.len().saturating_sub(1),
        Command::HalfPageDown => claims.selected += page / 2,
        Command::HalfPageUp => claims.selected = claims.selected.saturating_sub(page / 2),
        Command::PageDown => claims.selected += page,
        Command::PageUp => claims.selected = claims.selected.saturating_sub(page),
        Command::ScrollSourcesLeft | Command::FocusLeft | Command::PrevColumn => {
            claims.source_offset = claims.source_offset.saturating_sub(1);
        }
        Command::ScrollSourcesRight | Command::FocusRight | Command::NextColumn => {
            claims.source_offset =
                (claims.source_offset + 1).min(model.data.source_count().saturating_sub(1));
        }
        Command::CycleFilter => {
            claims.filter = claims.filter.next();
            claims.order = claims_order(&model.data, claims.filter);
            claims.selected = 0;
            claims.scroll = 0;
            let label = claims.filter.label();
            let count = claims.order.len();
            model.set_status(format!("showing {label}: {count}"));
        }
        Command::Activate => {
            let claim = claims
                .order
                .get(claims.selected)
                .and_then(|&i| model.data.claims.get(i));
            if let Some(claim) = claim {
                // Prefer the reference's statement, then the focused source's.
                let pick = claim
                    .statements
                    .iter()
                    .copied()
                    .find(|&s| model.data.source_of(s) == Some(model.reference))
                    .or_else(|| {
                        claim
                            .statements
                            .iter()
                            .copied()
                            .find(|&s| model.data.source_of(s) == Some(model.focus))
                    })
                    .or_else(|| claim.statements.first().copied());
                if let Some(statement) = pick {
                    next = Next::Then(Action::JumpTo(statement));
                }
            }
        }
        _ => {}
    }
    clamp(model);
    next
}

/// Keep the selection on a claim and in view.
pub(super) fn clamp(model: &mut Model) {
    let claims = &mut model.claims;
    let len = claims.order.len();
    claims.selected = claims.selected.min(len.saturating_sub(1));
    let visible = layout::screen(model.width, model.height)
        .map_or(1, |s| usize::from(s.body.height).saturating_sub(1).max(1));
    if claims.selected < claims.scroll {
        claims.scroll = claims.selected;
    } else if claims.selected >= claims.scroll + visible {
        claims.scroll = claims.selected + 1 - visible;
    }
}

/// The wheel moves the selection.
pub(super) fn scroll(model: &mut Model, lines: i32) {
    let delta = lines as isize;
    model.claims.selected = model.claims.selected.saturating_add_signed(delta);
    clamp(model);
}

/// A click on the body's `row`: one header line, then one claim per line.
pub(super) fn click(model: &mut Model, row: u16) {
    let index = usize::from(row);
    if index >= 1 {
        model.claims.selected = model.claims.scroll + index - 1;
        clamp(model);
    }
}
