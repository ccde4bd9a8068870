//! Search: the `/` prompt opens it, its text finds the statements that
//! contain it, in the order of the rows, and `n`/`N` step through them.

use super::navigation::jump_to;
use crate::tui::model::{Modal, Model, Prompt, PromptPurpose};

pub(super) fn open_prompt(model: &mut Model) {
    model.modal = Some(Modal::Prompt(Prompt {
        purpose: PromptPurpose::Search,
        label: "/".into(),
        input: String::new(),
    }));
}

/// The submitted query: find it and go to the first match from the cursor on.
pub(super) fn start(model: &mut Model, query: &str) {
    let query = query.trim();
    if query.is_empty() {
        model.search = Default::default();
        return;
    }
    model.search.query = query.to_string();
    reorder(model);
    let count = model.search.matches.len();
    if count == 0 {
        model.set_status(format!("no statement contains \"{query}\""));
        return;
    }
    // The first match at or after the cursor, in screen order.
    let here = model.cursor_position().map(|p| p.line).unwrap_or(0);
    let start = model
        .search
        .matches
        .iter()
        .position(|&s| model.layout.position(s).is_some_and(|p| p.line >= here))
        .unwrap_or(0);
    go_to_match(model, start);
}

/// Recompute the matches of the current query in the order of the rows.
pub(super) fn reorder(model: &mut Model) {
    let query = model.search.query.to_lowercase();
    if query.is_empty() {
        return;
    }
    let rows = model.data.comparison.rows(model.reference);
    let mut matches = Vec::new();
    let story = &model.data.comparison.story;
    for row in &rows {
        for (source, paragraphs) in row.cells.iter().enumerate() {
            for &p in paragraphs {
                let Some(block) = story.sources.get(source).and_then(|s| s.blocks.get(p)) else {
                    continue;
                };
                for statement in block.statements.clone() {
                    if model
                        .data
                        .folded
                        .get(statement)
                        .is_some_and(|t| t.contains(&query))
                    {
                        matches.push(statement);
                    }
                }
            }
        }
    }
    model.search.matches = matches;
    model.search.current = None;
}

fn go_to_match(model: &mut Model, index: usize) {
    let Some(&statement) = model.search.matches.get(index) else {
        return;
    };
    model.search.current = Some(index);
    // From the claims or removed views, a match opens in the compare view.
    jump_to(model, statement);
    model.set_status(format!(
        "\"{}\": match {} of {}",
        model.search.query,
        index + 1,
        model.search.matches.len()
    ));
}

/// The next (or previous) match, wrapping around.
pub(super) fn step(model: &mut Model, forward: bool) {
    let count = model.search.matches.len();
    if count == 0 {
        model.set_status(if model.search.query.is_empty() {
            "no search yet: press / to search".to_string()
        } else {
            format!("no statement contains \"{}\"", model.search.query)
        });
        return;
    }
    let next = match model.search.current {
        Some(i) if forward => (i + 1) % count,
        Some(i) => (i + count - 1) % count,
        None => 0,
    };
    if next == 0 && forward && model.search.current.is_some() {
        go_to_match(model, next);
        model.set_status(format!(
            "\"{}\": match 1 of {count} (wrapped)",
            model.search.query
        ));
    } else {
        go_to_match(model, next);
    }
}
