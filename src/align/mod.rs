//! Alignment: which statements carry the same claim across sources, which
//! claims only one source makes, what wording differs, and where sources
//! disagree.

pub mod conflicts;
pub mod diff;
pub mod embed;
pub mod group;
pub mod normalize;
pub mod rows;
pub mod similarity;

pub use diff::{WordOp, WordOpTag};
pub use group::Options;

use crate::model::{SourceId, StatementId, Story};
use serde::Serialize;
use similarity::{Item, PairScore, StoryIndex};

/// Index of a group in [`Comparison::groups`].
pub type GroupId = usize;

/// A claim carried by statements of two or more sources.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: GroupId,
    pub statements: Vec<StatementId>,
    pub sources: Vec<SourceId>,
}

/// How closely two linked statements match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Both state the same claim.
    Same,
    /// They share a main fact; one side says more.
    Partial,
}

/// Two statements of different sources judged to carry (part of) one claim.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub a: StatementId,
    pub b: StatementId,
    pub score: f32,
    pub relation: Relation,
    /// Weighted cosine of the two statements' features.
    pub cosine: f32,
    /// Weighted share of the lighter statement found in the heavier one.
    pub containment: f32,
    /// Both statements sit in one group (else the link only shows that
    /// neither is unique).
    pub grouped: bool,
    /// The lighter statement of the two (the one `containment` measures):
    /// in a partial link, the other one says more.
    pub contained: StatementId,
}

/// Whether a wording difference matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffClass {
    /// Quote style, punctuation, case, spelling or transliteration variants.
    Trivial,
    /// Numbers, names, days, negations, other words.
    Substantive,
}

/// A run of words, inside one statement, that its matching statements lack.
/// `start`/`end` are code points into the statement's text.
#[derive(Debug, Clone, Serialize)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    pub class: DiffClass,
    /// The words are a value that a matching statement contradicts.
    pub conflict: bool,
}

/// What kind of value aligned statements disagree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    Number,
    Date,
    Name,
}

/// Matching statements that disagree on a number, a date or day, or a name.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub group: GroupId,
    pub statements: Vec<StatementId>,
    pub kind: ConflictKind,
    /// The contradicting values, one per statement, in `statements` order.
    pub values: Vec<String>,
    /// Where each value sits in its statement's text (code points), in
    /// `statements` order.
    pub spans: Vec<[usize; 2]>,
}

/// One row of the side-by-side view: for each source, the paragraphs (block
/// indices) shown on this row, relative to a reference source.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub cells: Vec<Vec<usize>>,
    /// For each source, per paragraph in `cells`: it is matched by a paragraph
    /// that the reference places elsewhere (the row index where).
    pub moved: Vec<Vec<Option<usize>>>,
}

/// The whole analysis of a story.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub story: Story,
    pub groups: Vec<Group>,
    pub links: Vec<Link>,
    /// Per statement: the groups it belongs to.
    pub statement_groups: Vec<Vec<GroupId>>,
    /// Per statement: a claim no other source carries, even in part.
    pub unique: Vec<bool>,
    /// Per statement: the words its matching statements lack.
    pub highlights: Vec<Vec<Highlight>>,
    pub conflicts: Vec<Conflict>,
    /// Per statement: its links, strongest first (indices into `links`).
    pub statement_links: Vec<Vec<usize>>,
    /// Per link: the word diff of `a` against `b`, for grouped links
    /// (empty for the others).
    pub link_diffs: Vec<Vec<WordOp>>,
    /// Per group, per source: how much of the claim that source carries.
    pub coverage: Vec<Vec<Coverage>>,
    /// The thresholds this comparison was made with.
    pub options: Options,
}

/// How much of a claim (a group) one source carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// A statement of the source in the group states the claim.
    Full,
    /// The source shares part of it: its statement in the group is only a
    /// partial match, or one of its statements links to the group from outside.
    Partial,
    Absent,
}

/// A statement's partner in another source, from [`Comparison::best_partner`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Partner {
    pub statement: StatementId,
    pub link: usize,
    pub score: f32,
    pub relation: Relation,
}

impl Comparison {
    /// Paragraph rows for the side-by-side view, relative to `reference`
    /// (see [`rows`](mod@rows) for the placement rules). Linear in links and
    /// paragraphs: compute it when the reference changes, not per frame.
    pub fn rows(&self, reference: SourceId) -> Vec<Row> {
        rows::rows(self, reference)
    }

    /// The statement of `source` that best matches `statement`, if any links.
    pub fn best_partner(&self, statement: StatementId, source: SourceId) -> Option<Partner> {
        self.statement_links
            .get(statement)?
            .iter()
            .filter_map(|&l| {
                let link = self.links.get(l)?;
                let other = if link.a == statement { link.b } else { link.a };
                (self.story.statements.get(other)?.source == source).then_some(Partner {
                    statement: other,
                    link: l,
                    score: link.score,
                    relation: link.relation,
                })
            })
            .next()
    }

    /// Every linked statement of `statement`, strongest first.
    pub fn partners(&self, statement: StatementId) -> impl Iterator<Item = Partner> + '_ {
        self.statement_links
            .get(statement)
            .into_iter()
            .flatten()
            .filter_map(move |&l| {
                let link = self.links.get(l)?;
                Some(Partner {
                    statement: if link.a == statement { link.b } else { link.a },
                    link: l,
                    score: link.score,
                    relation: link.relation,
                })
            })
    }

    /// The word diff between two linked statements, oriented from `from`
    /// (its ranges in `a`) to the other (`b`).
    pub fn word_diff(&self, from: StatementId, to: StatementId) -> Option<Vec<WordOp>> {
        let l = *self.statement_links.get(from)?.iter().find(|&&l| {
            self.links
                .get(l)
                .is_some_and(|k| (k.a, k.b) == (from, to) || (k.a, k.b) == (to, from))
        })?;
        let ops = self.link_diffs.get(l)?;
        if ops.is_empty() {
            return None;
        }
        if self.links[l].a == from {
            Some(ops.clone())
        } else {
            Some(ops.iter().map(WordOp::reversed).collect())
        }
    }

    /// Claims that only one source makes, per source.
    pub fn unique_claims(&self, source: SourceId) -> impl Iterator<Item = StatementId> + '_ {
        self.story
            .sources
            .get(source)
            .map(|s| s.statements.clone())
            .unwrap_or(0..0)
            .filter(|&s| self.unique.get(s).copied().unwrap_or(false))
    }
}

/// The lenient test for "not unique", separate from grouping: a statement
/// is unique only when no other source carries its claim even in part. A
/// pair below `Options::partial_threshold` still shares a fact when at least
/// [`UNIQUE_MIN_SHARED`] content words are shared and they make up at least
/// this share of the lighter statement's weighted (IDF) mass: several
/// specific words in common, not one stray name. Calibrated on the gold
/// clusters (`tests/eval.sh`): 0.25 with 4 words lifts unique precision
/// without losing unique recall; 0.2 or 2-3 words lose recall faster.
pub const UNIQUE_CONTAINMENT: f32 = 0.25;
/// See [`UNIQUE_CONTAINMENT`].
pub const UNIQUE_MIN_SHARED: usize = 4;

/// Highlights compare a statement with at most this many group mates.
pub const MAX_HIGHLIGHT_MATES: usize = 8;

/// Align a story's statements across its sources with the default thresholds.
pub fn compare(story: Story) -> Comparison {
    compare_with(story, Options::default())
}

/// The story's statements as the similarity index takes them, in order.
pub fn statement_items(story: &Story) -> Vec<Item<'_>> {
    story
        .statements
        .iter()
        .map(|s| Item {
            text: &s.text,
            source: s.source,
            is_claim: s.kind.is_prose(),
        })
        .collect()
}

/// Align a story's statements across its sources.
pub fn compare_with(story: Story, options: Options) -> Comparison {
    let n = story.statements.len();
    let items = statement_items(&story);
    let index = StoryIndex::build(&items);
    let sources: Vec<usize> = story.statements.iter().map(|s| s.source).collect();
    // One walk finds both the pairs that may group and the weaker ones that
    // only show that neither statement is unique.
    let shares_fact = |p: &PairScore| {
        p.score >= options.partial_threshold
            || (p.containment >= UNIQUE_CONTAINMENT && p.shared_words as usize >= UNIQUE_MIN_SHARED)
    };
    let bound = options.partial_threshold.min(UNIQUE_CONTAINMENT);
    let all_pairs = index.candidates_by(bound, shares_fact);
    let candidates: Vec<PairScore> = all_pairs
        .iter()
        .filter(|p| p.score >= options.partial_threshold)
        .copied()
        .collect();
    let table = group::PairTable::new(&candidates);
    let stable: Vec<u64> = story
        .statements
        .iter()
        .map(|s| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            let source = &story.sources[s.source];
            source.content_hash.hash(&mut h);
            source.text.len().hash(&mut h);
            (s.id - source.statements.start).hash(&mut h);
            h.finish()
        })
        .collect();
    let kept: Vec<PairScore> = group::best_per_source(&candidates, &sources, &stable);
    let group_members = group::group(&kept, &table, &index, &sources, options);

    let mut statement_groups = vec![Vec::new(); n];
    let groups: Vec<Group> = group_members
        .into_iter()
        .enumerate()
        .map(|(id, statements)| {
            for &s in &statements {
                statement_groups[s].push(id);
            }
            let mut group_sources: Vec<SourceId> = statements.iter().map(|&s| sources[s]).collect();
            group_sources.sort_unstable();
            group_sources.dedup();
            Group {
                id,
                statements,
                sources: group_sources,
            }
        })
        .collect();

    let share_group = |a: usize, b: usize| {
        statement_groups[a]
            .iter()
            .any(|g| statement_groups[b].contains(g))
    };
    let links: Vec<Link> = kept
        .iter()
        .map(|p| Link {
            a: p.a,
            b: p.b,
            score: p.score,
            relation: if p.cosine >= options.same_cosine {
                Relation::Same
            } else {
                Relation::Partial
            },
            cosine: p.cosine,
            containment: p.containment,
            grouped: share_group(p.a, p.b),
            contained: if p.a_is_lighter { p.a } else { p.b },
        })
        .collect();
    let mut statement_links = vec![Vec::new(); n];
    for (i, l) in links.iter().enumerate() {
        statement_links[l.a].push(i);
        statement_links[l.b].push(i);
    }
    let link_diffs: Vec<Vec<WordOp>> = links
        .iter()
        .map(|l| {
            if l.grouped {
                diff::word_ops(&index.tokens[l.a], &index.tokens[l.b])
            } else {
                Vec::new()
            }
        })
        .collect();

    // Unique: a claim with no partner at all, even below the group threshold
    // (see UNIQUE_CONTAINMENT).
    let mut has_partner = vec![false; n];
    for p in &all_pairs {
        has_partner[p.a] = true;
        has_partner[p.b] = true;
    }
    let unique: Vec<bool> = story
        .statements
        .iter()
        .map(|s| s.kind.is_prose() && !has_partner[s.id] && statement_groups[s.id].is_empty())
        .collect();

    let highlights: Vec<Vec<Highlight>> = (0..n)
        .map(|s| {
            // The strongest linked group mates first, then the others, at
            // most MAX_HIGHLIGHT_MATES: with hundreds of outlets, what one
            // statement lacks against its closest few is what a reader needs.
            let in_group = |m: usize| {
                sources[m] != sources[s]
                    && statement_groups[s]
                        .iter()
                        .any(|g| statement_groups[m].contains(g))
            };
            let mut mates: Vec<usize> = statement_links[s]
                .iter()
                .map(|&l| {
                    if links[l].a == s {
                        links[l].b
                    } else {
                        links[l].a
                    }
                })
                .filter(|&m| in_group(m))
                .collect();
            for &g in &statement_groups[s] {
                mates.extend(
                    groups[g]
                        .statements
                        .iter()
                        .copied()
                        .filter(|&m| in_group(m)),
                );
            }
            let mut seen = std::collections::HashSet::new();
            mates.retain(|m| seen.insert(*m));
            mates.truncate(MAX_HIGHLIGHT_MATES);
            let mate_tokens: Vec<&[normalize::Token]> =
                mates.iter().map(|&m| index.tokens[m].as_slice()).collect();
            diff::highlights(&index.tokens[s], &mate_tokens)
        })
        .collect();

    let conflicts = find_conflicts(&story, &groups, &links, &statement_links, &index);
    let mut highlights = highlights;
    mark_conflicts(&mut highlights, &conflicts);

    let source_count = story.sources.len();
    let coverage = groups
        .iter()
        .map(|g| {
            let mut row = vec![Coverage::Absent; source_count];
            for &s in &g.statements {
                let full = statement_links[s]
                    .iter()
                    .any(|&l| links[l].grouped && links[l].relation == Relation::Same);
                let cell = &mut row[sources[s]];
                if full {
                    *cell = Coverage::Full;
                } else if *cell == Coverage::Absent {
                    *cell = Coverage::Partial;
                }
                for &l in &statement_links[s] {
                    let other = if links[l].a == s {
                        links[l].b
                    } else {
                        links[l].a
                    };
                    if row[sources[other]] == Coverage::Absent {
                        row[sources[other]] = Coverage::Partial;
                    }
                }
            }
            row
        })
        .collect();

    Comparison {
        story,
        groups,
        links,
        statement_groups,
        unique,
        highlights,
        conflicts,
        statement_links,
        link_diffs,
        coverage,
        options,
    }
}

/// Conflicts between directly linked statements of one group, merged per
/// group and slot (what the values measure) into one conflict each.
fn find_conflicts(
    story: &Story,
    groups: &[Group],
    links: &[Link],
    statement_links: &[Vec<usize>],
    index: &StoryIndex,
) -> Vec<Conflict> {
    let mut out: Vec<(Conflict, ConflictKind, String)> = Vec::new();
    for group in groups {
        for &l in group
            .statements
            .iter()
            .flat_map(|&s| statement_links[s].iter())
        {
            let link = &links[l];
            // Each link once: from its `a` end, with both ends in this group.
            if !group.statements.contains(&link.a) || !group.statements.contains(&link.b) {
                continue;
            }
            let x = (
                link.a,
                story.statements[link.a].text.as_str(),
                index.tokens[link.a].as_slice(),
            );
            let y = (
                link.b,
                story.statements[link.b].text.as_str(),
                index.tokens[link.b].as_slice(),
            );
            for found in conflicts::pair_conflicts(x, y, link.relation) {
                let slot = out.iter().position(|(c, kind, slot)| {
                    c.group == group.id && *kind == found.kind && *slot == found.slot
                });
                let i = slot.unwrap_or_else(|| {
                    out.push((
                        Conflict {
                            group: group.id,
                            statements: Vec::new(),
                            kind: found.kind,
                            values: Vec::new(),
                            spans: Vec::new(),
                        },
                        found.kind,
                        found.slot.clone(),
                    ));
                    out.len() - 1
                });
                let conflict = &mut out[i].0;
                for v in &found.values {
                    if !conflict.statements.contains(&v.statement) {
                        conflict.statements.push(v.statement);
                        conflict.values.push(v.text.clone());
                        conflict.spans.push([v.start, v.end]);
                    }
                }
            }
        }
    }
    out.into_iter().map(|(c, _, _)| c).collect()
}

/// Flag the highlights that hold a conflicting value; a value its mates
/// share in part (so not highlighted) gets a highlight of its own.
fn mark_conflicts(highlights: &mut [Vec<Highlight>], conflicts: &[Conflict]) {
    for c in conflicts {
        for (&s, &[start, end]) in c.statements.iter().zip(&c.spans) {
            let Some(list) = highlights.get_mut(s) else {
                continue;
            };
            let mut hit = false;
            for h in list.iter_mut().filter(|h| h.start < end && start < h.end) {
                h.conflict = true;
                h.class = DiffClass::Substantive;
                hit = true;
            }
            if !hit {
                list.push(Highlight {
                    start,
                    end,
                    class: DiffClass::Substantive,
                    conflict: true,
                });
                list.sort_by_key(|h| (h.start, h.end));
            }
        }
    }
}
