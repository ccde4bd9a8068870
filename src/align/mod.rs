//! Alignment: which statements carry the same claim across sources, which
//! claims only one source makes, what wording differs, and where sources
//! disagree.

pub mod conflicts;
pub mod diff;
pub mod embed;
pub mod evidence;
pub mod group;
pub mod normalize;
mod parallel;
pub mod rows;
pub mod similarity;
pub mod wordpiece;

pub use diff::{WordOp, WordOpTag};
pub use group::Options;

use crate::model::{SourceId, StatementId, Story};
use serde::Serialize;
use similarity::{Item, PairScore, StoryIndex};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

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
    /// Per statement: whether another source carries its claim (see
    /// [`Comparison::is_unique`]).
    pub uniqueness: Vec<Uniqueness>,
    /// Per statement (claims only): the closest statement of each other
    /// source, closest first, at most [`MAX_NEAREST`].
    pub nearest: Vec<Vec<Nearest>>,
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

/// Whether another source carries a claim: the verdict behind the `+` mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Uniqueness {
    /// No other source carries the claim, even in part: the closest
    /// statement of every other source scores below
    /// `Options::unique_threshold`.
    OnlyHere,
    /// Some source has a candidate, but it falls short of sharing a fact:
    /// the reader should look (see [`Comparison::nearest`]).
    MaybeElsewhere,
    /// Another source states the claim (a group) or shares a fact of it (a link).
    Shared,
    /// A headline, caption or subheading: not a claim, not judged.
    NotAClaim,
}

/// The closest statement of one other source.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Nearest {
    pub source: SourceId,
    pub statement: StatementId,
    pub score: f32,
}

/// A statement lists its closest statement in at most this many other
/// sources (the closest first): every source of any story people read side
/// by side, and bounded for a story of hundreds of outlets.
pub const MAX_NEAREST: usize = 32;

/// Stories with at most this many claims compare every pair of claims of
/// different sources; larger ones compare only the pairs the lexical index
/// finds sharing at least [`MEANING_MIN_CONTAINMENT`] of their words, so
/// cost stays near-linear. Both give the same verdicts on the gold clusters.
pub const EVERY_PAIR_CLAIMS: usize = 600;

/// In a large story, a pair whose weighted word containment is below this is
/// not compared for meaning (cross-validation found no same-claim pair
/// below it that the blend would have kept).
pub const MEANING_MIN_CONTAINMENT: f32 = 0.1;

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

    /// The word diff from `from` to any other statement (its ranges in
    /// `from` as `a`): the link's own when the two are grouped, else worked
    /// out now (for the nearest-statement overlay; one pair, not per frame).
    pub fn diff_between(&self, from: StatementId, to: StatementId) -> Vec<WordOp> {
        if let Some(ops) = self.word_diff(from, to) {
            return ops;
        }
        let text = |s: StatementId| self.story.statements.get(s).map_or("", |s| s.text.as_str());
        diff::word_ops(
            &normalize::tokenize(text(from)),
            &normalize::tokenize(text(to)),
        )
    }

    /// The verdict on a statement (`NotAClaim` for one the story lacks).
    pub fn verdict(&self, statement: StatementId) -> Uniqueness {
        self.uniqueness
            .get(statement)
            .copied()
            .unwrap_or(Uniqueness::NotAClaim)
    }

    /// A claim no other source carries, even in part (`OnlyHere`).
    pub fn is_unique(&self, statement: StatementId) -> bool {
        self.verdict(statement) == Uniqueness::OnlyHere
    }

    /// The candidates behind a `MaybeElsewhere` verdict: the nearest
    /// statements of other sources that reach `Options::unique_threshold`.
    pub fn candidates_elsewhere(&self, statement: StatementId) -> impl Iterator<Item = &Nearest> {
        let threshold = self.options.unique_threshold;
        self.nearest
            .get(statement)
            .into_iter()
            .flatten()
            .filter(move |n| n.score >= threshold)
    }

    /// A source's statements with the verdict `verdict`, in order.
    pub fn statements_judged(
        &self,
        source: SourceId,
        verdict: Uniqueness,
    ) -> impl Iterator<Item = StatementId> + '_ {
        self.story
            .sources
            .get(source)
            .map(|s| s.statements.clone())
            .unwrap_or(0..0)
            .filter(move |&s| self.verdict(s) == verdict)
    }

    /// Claims that only one source makes, per source.
    pub fn unique_claims(&self, source: SourceId) -> impl Iterator<Item = StatementId> + '_ {
        self.statements_judged(source, Uniqueness::OnlyHere)
    }
}

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

/// Per statement: its words, as `Options::meaning_shrink` counts them.
pub fn statement_words(story: &Story) -> Vec<usize> {
    story
        .statements
        .iter()
        .map(|s| s.text.split_whitespace().count())
        .collect()
}

/// Per statement: its story-centred static embedding (see [`embed::center`]);
/// zero for statements that are not claims.
pub fn meaning_vectors(story: &Story) -> Vec<embed::Vector> {
    let texts: Vec<&str> = story
        .statements
        .iter()
        .map(|s| {
            if s.kind.is_prose() {
                s.text.as_str()
            } else {
                ""
            }
        })
        .collect();
    let mut vectors = embed::embed_all(&texts);
    embed::center(&mut vectors);
    vectors
}

/// Align a story's statements across its sources.
pub fn compare_with(story: Story, options: Options) -> Comparison {
    let n = story.statements.len();
    let items = statement_items(&story);
    // Words and meaning are independent: index one while embedding the other.
    let (index, meaning) = std::thread::scope(|scope| {
        let meaning = scope.spawn(|| meaning_vectors(&story));
        let index = StoryIndex::build(&items);
        let meaning = meaning
            .join()
            .unwrap_or_else(|_| vec![[0.0; embed::DIMS]; n]);
        (index, meaning)
    });
    let sources: Vec<usize> = story.statements.iter().map(|s| s.source).collect();
    let scored = score_pairs(&story, &index, &meaning, options);
    let candidates = scored.candidates;
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
    let link_diffs: Vec<Vec<WordOp>> = parallel::map(links.len(), 256, |i| {
        let l = &links[i];
        if l.grouped {
            diff::word_ops(&index.tokens[l.a], &index.tokens[l.b])
        } else {
            Vec::new()
        }
    });

    let uniqueness: Vec<Uniqueness> = story
        .statements
        .iter()
        .map(|s| {
            if !s.kind.is_prose() {
                Uniqueness::NotAClaim
            } else if !statement_groups[s.id].is_empty() || !statement_links[s.id].is_empty() {
                Uniqueness::Shared
            } else if scored.nearest[s.id]
                .first()
                .is_some_and(|m| m.score >= options.unique_threshold)
            {
                Uniqueness::MaybeElsewhere
            } else {
                Uniqueness::OnlyHere
            }
        })
        .collect();

    let highlights: Vec<Vec<Highlight>> = parallel::map(n, 256, |s| {
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
    });

    let conflicts = find_conflicts(
        &story,
        &groups,
        &links,
        &statement_links,
        &statement_groups,
        &index,
    );
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
        uniqueness,
        nearest: scored.nearest,
        highlights,
        conflicts,
        statement_links,
        link_diffs,
        coverage,
        options,
    }
}

/// The pairs worth linking, and each claim's closest statement per source.
struct ScoredPairs {
    /// Pairs scoring at least `Options::partial_threshold`.
    candidates: Vec<PairScore>,
    nearest: Vec<Vec<Nearest>>,
}

/// Pair scoring visits this many rows of the pair triangle per task.
const ROWS_PER_TASK: usize = 32;

/// Score pairs of claims by words and meaning (see `Options::meaning_weight`),
/// keeping the candidates for links and every claim's closest statement in
/// each other source.
fn score_pairs(
    story: &Story,
    index: &StoryIndex,
    meaning: &[embed::Vector],
    options: Options,
) -> ScoredPairs {
    let n = story.statements.len();
    let source_count = story.sources.len();
    let claims = story
        .statements
        .iter()
        .filter(|s| s.kind.is_prose())
        .count();
    let every_pair = claims <= EVERY_PAIR_CLAIMS;
    let weight = options.meaning_weight.max(0.0);
    let words: Vec<f32> = statement_words(story)
        .into_iter()
        .map(|w| w as f32)
        .collect();
    let shrink = options.meaning_shrink.max(0.0);
    // Per statement and source: the best evidence there and the statement,
    // packed so that rows visited on other threads can raise it at once:
    // the score's bits above (a non-negative f32 orders as its bits), the
    // complement of the statement below, so equal scores go to the earlier
    // statement whatever the visiting order. 0 is "nothing seen".
    let best: Vec<AtomicU64> = (0..n * source_count).map(|_| AtomicU64::new(0)).collect();
    let pack = |score: f32, other: usize| {
        let score = if score > 0.0 { score } else { 0.0 };
        (u64::from(score.to_bits()) << 32) | u64::from(u32::MAX - other as u32)
    };
    let round = |x: f32| (x * 1e4).round() / 1e4;
    let blend = |lexical: f32, meaning: f32| {
        round(((lexical + weight * meaning) / (1.0 + weight)).clamp(0.0, 1.0))
    };
    let tasks = n.div_ceil(ROWS_PER_TASK);
    let found = parallel::map(tasks, 8, |task| {
        let rows = task * ROWS_PER_TASK..((task + 1) * ROWS_PER_TASK).min(n);
        let mut candidates = Vec::new();
        index.visit_pairs(MEANING_MIN_CONTAINMENT, every_pair, rows, |mut pair| {
            pair.meaning = round(embed::cosine(&meaning[pair.a], &meaning[pair.b]));
            pair.score = blend(pair.lexical, pair.meaning);
            // The verdict's evidence trusts the meaning of short statements less
            // (see `Options::meaning_shrink`).
            let shorter = words[pair.a].min(words[pair.b]);
            let trust = if shrink > 0.0 {
                shorter / (shorter + shrink)
            } else {
                1.0
            };
            let evidence = blend(pair.lexical, trust * pair.meaning);
            let (sa, sb) = (
                story.statements[pair.a].source,
                story.statements[pair.b].source,
            );
            for (me, other, other_source) in [(pair.a, pair.b, sb), (pair.b, pair.a, sa)] {
                best[me * source_count + other_source].fetch_max(pack(evidence, other), Relaxed);
            }
            if pair.score >= options.partial_threshold {
                candidates.push(pair);
            }
        });
        candidates
    });
    let candidates: Vec<PairScore> = found.into_iter().flatten().collect();
    let nearest = (0..n)
        .map(|s| {
            let mut list: Vec<Nearest> = best[s * source_count..(s + 1) * source_count]
                .iter()
                .enumerate()
                .map(|(source, slot)| (source, slot.load(Relaxed)))
                .filter(|&(_, packed)| packed != 0)
                .map(|(source, packed)| Nearest {
                    source,
                    statement: (u32::MAX - packed as u32) as usize,
                    score: f32::from_bits((packed >> 32) as u32),
                })
                .collect();
            list.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.source.cmp(&y.source)));
            list.truncate(MAX_NEAREST);
            list
        })
        .collect();
    ScoredPairs {
        candidates,
        nearest,
    }
}

/// Conflicts between directly linked statements of one group, merged per
/// group and slot (what the values measure) into one conflict each.
fn find_conflicts(
    story: &Story,
    groups: &[Group],
    links: &[Link],
    statement_links: &[Vec<usize>],
    statement_groups: &[Vec<usize>],
    index: &StoryIndex,
) -> Vec<Conflict> {
    let mut out: Vec<(Conflict, ConflictKind, String)> = Vec::new();
    // The group that last visited each link: a link is met from both ends.
    let mut visited = vec![usize::MAX; links.len()];
    for group in groups {
        for &l in group
            .statements
            .iter()
            .flat_map(|&s| statement_links[s].iter())
        {
            let link = &links[l];
            // Each link once, with both ends in this group.
            let in_group = |s: usize| statement_groups[s].contains(&group.id);
            if visited[l] == group.id || !in_group(link.a) || !in_group(link.b) {
                continue;
            }
            visited[l] = group.id;
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
