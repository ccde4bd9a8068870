//! Paragraph rows for the side-by-side view.
//!
//! Each reference paragraph has its own row. Another source's paragraph is
//! matched to the reference paragraph it shares the most grouped links with
//! (summed scores). Among one source's matched paragraphs, the heaviest set
//! that keeps that source's reading order (a weighted longest non-decreasing
//! subsequence of their rows) is placed on its rows; the rest are *moved*:
//! they stay in their own source's order, next to their neighbours, and carry
//! the row where their match is, so the view can point there. Unmatched
//! paragraphs also follow their neighbours: into the next free cell of their
//! column before the next anchored row, else into extra rows (with an empty
//! reference cell) right after their predecessor. Every paragraph of every
//! source appears exactly once.

use super::{Comparison, Row};
use crate::model::SourceId;
use std::collections::BTreeMap;

/// Where one paragraph of a non-reference source goes.
#[derive(Clone, Copy)]
enum Slot {
    /// On the row of this reference paragraph.
    Main(usize),
    /// In the `k`-th extra row after reference row `after` (`0` = before row 0).
    Extra { after: usize, k: usize },
}

/// For each paragraph of `source`: the reference paragraph it links most
/// to, with the summed score of those links.
fn best_reference_rows(
    comparison: &Comparison,
    source: SourceId,
    reference: SourceId,
) -> Vec<Option<(usize, f32)>> {
    let story = &comparison.story;
    let blocks = story.sources[source].blocks.len();
    let mut affinity: Vec<BTreeMap<usize, f32>> = vec![BTreeMap::new(); blocks];
    for s in story.sources[source].statements.clone() {
        let Some(statement) = story.statements.get(s) else {
            continue;
        };
        for partner in comparison.partners(s) {
            let link = &comparison.links[partner.link];
            let Some(other) = story.statements.get(partner.statement) else {
                continue;
            };
            if !link.grouped || other.source != reference {
                continue;
            }
            if let Some(cell) = affinity.get_mut(statement.paragraph) {
                *cell.entry(other.paragraph).or_insert(0.0) += link.score;
            }
        }
    }
    affinity
        .into_iter()
        .map(|row| {
            row.into_iter()
                .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
        })
        .collect()
}

/// Indices (into `matched`) of the heaviest subsequence whose rows never go
/// back up.
fn heaviest_ordered(matched: &[(usize, usize, f32)]) -> Vec<usize> {
    let m = matched.len();
    let mut best = vec![0.0f32; m];
    let mut prev = vec![usize::MAX; m];
    for i in 0..m {
        best[i] = matched[i].2;
        for j in 0..i {
            if matched[j].1 <= matched[i].1 && best[j] + matched[i].2 > best[i] {
                best[i] = best[j] + matched[i].2;
                prev[i] = j;
            }
        }
    }
    let Some(mut i) = (0..m).max_by(|&x, &y| best[x].total_cmp(&best[y]).then(y.cmp(&x))) else {
        return Vec::new();
    };
    let mut chain = vec![i];
    while prev[i] != usize::MAX {
        i = prev[i];
        chain.push(i);
    }
    chain.reverse();
    chain
}

pub fn rows(comparison: &Comparison, reference: SourceId) -> Vec<Row> {
    let story = &comparison.story;
    let n = story.sources.len();
    if n == 0 {
        return Vec::new();
    }
    let reference = reference.min(n - 1);
    let main_rows = story.sources[reference].blocks.len();
    // Per source, per paragraph: its slot and, when moved, the reference row of its match.
    let mut placement: Vec<Vec<(Slot, Option<usize>)>> = vec![Vec::new(); n];
    let mut extra_rows: BTreeMap<usize, usize> = BTreeMap::new();
    placement[reference] = (0..main_rows).map(|p| (Slot::Main(p), None)).collect();
    for (source, place) in placement.iter_mut().enumerate() {
        if source == reference {
            continue;
        }
        let best = best_reference_rows(comparison, source, reference);
        let matched: Vec<(usize, usize, f32)> = best
            .iter()
            .enumerate()
            .filter_map(|(p, b)| b.map(|(row, w)| (p, row, w)))
            .collect();
        let mut anchor: Vec<Option<usize>> = vec![None; best.len()];
        for i in heaviest_ordered(&matched) {
            anchor[matched[i].0] = Some(matched[i].1);
        }
        // Next anchored row after each paragraph, to know which free cells
        // an unanchored paragraph may take without passing it.
        let mut next_anchor = vec![main_rows; best.len() + 1];
        for p in (0..best.len()).rev() {
            next_anchor[p] = anchor[p].unwrap_or(next_anchor[p + 1]);
        }
        let mut taken = vec![false; main_rows];
        // `cursor`: one past the last main row this source has used.
        let mut cursor = 0usize;
        let mut extra_in_gap = 0usize;
        for p in 0..best.len() {
            let slot = if let Some(row) = anchor[p] {
                cursor = row + 1;
                extra_in_gap = 0;
                taken[row] = true;
                Slot::Main(row)
            } else if cursor < next_anchor[p + 1].min(main_rows) && !taken[cursor] {
                taken[cursor] = true;
                cursor += 1;
                extra_in_gap = 0;
                Slot::Main(cursor - 1)
            } else {
                let k = extra_in_gap;
                extra_in_gap += 1;
                let count = extra_rows.entry(cursor).or_insert(0);
                *count = (*count).max(k + 1);
                Slot::Extra { after: cursor, k }
            };
            let moved = if anchor[p].is_none() {
                best[p].map(|(row, _)| row)
            } else {
                None
            };
            place.push((slot, moved));
        }
    }
    // Final row index of every main row and extra row.
    let mut main_index = vec![0usize; main_rows];
    let mut extra_start: BTreeMap<usize, usize> = BTreeMap::new();
    let mut next = 0usize;
    for row in 0..=main_rows {
        if let Some(&count) = extra_rows.get(&row) {
            extra_start.insert(row, next);
            next += count;
        }
        if let Some(index) = main_index.get_mut(row) {
            *index = next;
            next += 1;
        }
    }
    let total = next;
    let mut out: Vec<Row> = (0..total)
        .map(|_| Row {
            cells: vec![Vec::new(); n],
            moved: vec![Vec::new(); n],
        })
        .collect();
    for (source, place) in placement.iter().enumerate() {
        for (paragraph, &(slot, moved)) in place.iter().enumerate() {
            let row = match slot {
                Slot::Main(r) => main_index[r],
                Slot::Extra { after, k } => extra_start.get(&after).copied().unwrap_or(0) + k,
            };
            if let Some(target) = out.get_mut(row) {
                target.cells[source].push(paragraph);
                target.moved[source].push(moved.map(|r| main_index[r]));
            }
        }
    }
    out
}
