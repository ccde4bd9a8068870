//! Everything the reader derives from a [`Comparison`] once, at startup:
//! sanitized text, counts, group mates, claims. Drawing only reads this.

use crate::align::{self, Comparison, DiffClass, Relation};
use crate::model::{SourceId, StatementId};
use std::collections::HashMap;

use super::text::{sanitize, sanitize_visible};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceCounts {
    pub statements: usize,
    /// Statements in at least one group with another source.
    pub shared: usize,
    pub unique: usize,
}

/// How a source carries a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Coverage {
    Absent,
    /// The source's nearest statement is a candidate that falls short.
    Maybe,
    Partial,
    Full,
}

/// One row of the claims view: a group, a unique statement, or one that
/// another source may carry.
#[derive(Debug, Clone)]
pub struct Claim {
    pub statements: Vec<StatementId>,
    /// Per source.
    pub coverage: Vec<Coverage>,
    pub unique: bool,
    /// Not in a group, not unique: a candidate elsewhere falls short.
    pub maybe: bool,
    pub conflict: bool,
    /// Sources carrying it fully or in part.
    pub sources_covering: usize,
}

/// One removal of cleaning, sanitized for display.
#[derive(Debug, Clone)]
pub struct RemovalLine {
    pub line: Option<usize>,
    pub rule: String,
    pub text: String,
    pub replacement: Option<String>,
}

#[derive(Debug)]
pub struct ViewData {
    pub comparison: Comparison,
    pub title: String,
    pub source_names: Vec<String>,
    /// Sanitized statement texts: same code points as the originals.
    pub texts: Vec<String>,
    /// Lower-cased texts for search.
    pub folded: Vec<String>,
    pub counts: Vec<SourceCounts>,
    /// Per statement: statements of other sources sharing a group with it.
    pub mates: Vec<Vec<StatementId>>,
    /// Per statement: statements of other sources that share a fact with it
    /// without stating its claim (partial links outside any shared group):
    /// why a statement with no mate is still not unique.
    pub kin: Vec<Vec<StatementId>>,
    /// Per statement: it takes part in a conflict.
    pub in_conflict: Vec<bool>,
    /// Per statement: it has a substantive highlight or a conflict.
    pub differs: Vec<bool>,
    pub claims: Vec<Claim>,
    /// Per statement: its claim in `claims`, if any.
    pub statement_claim: Vec<Option<usize>>,
    pub removed: Vec<Vec<RemovalLine>>,
}

impl ViewData {
    pub fn new(comparison: Comparison) -> Self {
        let story = &comparison.story;
        let n_sources = story.sources.len();
        let n_statements = story.statements.len();
        let texts: Vec<String> = story.statements.iter().map(|s| sanitize(&s.text)).collect();
        let folded = texts.iter().map(|t| t.to_lowercase()).collect();
        let source_names = story
            .sources
            .iter()
            .map(|s| {
                let name = sanitize(s.name.trim());
                if name.is_empty() {
                    format!("source {}", s.id + 1)
                } else {
                    name
                }
            })
            .collect();

        let flag = |f: &dyn Fn(StatementId) -> bool| (0..n_statements).map(f).collect::<Vec<_>>();
        let unique = flag(&|id| comparison.is_unique(id));
        let mut in_conflict = vec![false; n_statements];
        for conflict in &comparison.conflicts {
            for &id in &conflict.statements {
                if let Some(slot) = in_conflict.get_mut(id) {
                    *slot = true;
                }
            }
        }
        let differs = flag(&|id| {
            in_conflict[id]
                || comparison.highlights.get(id).is_some_and(|hs| {
                    hs.iter()
                        .any(|h| h.conflict || h.class == DiffClass::Substantive)
                })
        });

        let mut mates = vec![Vec::new(); n_statements];
        for group in &comparison.groups {
            for &a in &group.statements {
                for &b in &group.statements {
                    let (Some(sa), Some(sb)) = (story.statements.get(a), story.statements.get(b))
                    else {
                        continue;
                    };
                    if sa.source != sb.source && !mates[a].contains(&b) {
                        mates[a].push(b);
                    }
                }
            }
        }

        let mut kin = vec![Vec::new(); n_statements];
        for link in comparison.links.iter().filter(|l| !l.grouped) {
            for (a, b) in [(link.a, link.b), (link.b, link.a)] {
                if let Some(list) = kin.get_mut(a)
                    && !mates.get(a).is_some_and(|m| m.contains(&b))
                    && !list.contains(&b)
                {
                    list.push(b);
                }
            }
        }

        let counts = story
            .sources
            .iter()
            .map(|source| {
                let ids = source.statements.clone();
                SourceCounts {
                    statements: ids.len(),
                    shared: ids.clone().filter(|&id| !mates[id].is_empty()).count(),
                    unique: ids.filter(|&id| unique[id]).count(),
                }
            })
            .collect();

        let (claims, statement_claim) =
            build_claims(&comparison, &unique, &in_conflict, n_sources, n_statements);

        let removed = story
            .sources
            .iter()
            .map(|s| {
                s.removed
                    .iter()
                    .map(|r| RemovalLine {
                        line: r.line,
                        rule: sanitize(&r.rule),
                        text: sanitize_visible(&r.text),
                        replacement: r.replacement.as_deref().map(sanitize_visible),
                    })
                    .collect()
            })
            .collect();

        ViewData {
            title: sanitize(story.title.trim()),
            source_names,
            texts,
            folded,
            counts,
            mates,
            kin,
            in_conflict,
            differs,
            claims,
            statement_claim,
            removed,
            comparison,
        }
    }

    pub fn source_count(&self) -> usize {
        self.comparison.story.sources.len()
    }

    pub fn statement_count(&self) -> usize {
        self.texts.len()
    }

    /// The source's display name; empty for a source that does not exist.
    pub fn source_name(&self, source: SourceId) -> &str {
        self.source_names.get(source).map_or("", String::as_str)
    }

    pub fn source_of(&self, id: StatementId) -> Option<SourceId> {
        self.comparison.story.statements.get(id).map(|s| s.source)
    }

    pub fn is_unique(&self, id: StatementId) -> bool {
        self.comparison.is_unique(id)
    }

    /// A claim another source may carry: its nearest statement there falls
    /// short of sharing a fact (the `?` mark).
    pub fn is_maybe(&self, id: StatementId) -> bool {
        self.comparison.verdict(id) == align::Uniqueness::MaybeElsewhere
    }
}

fn build_claims(
    comparison: &Comparison,
    unique: &[bool],
    in_conflict: &[bool],
    n_sources: usize,
    n_statements: usize,
) -> (Vec<Claim>, Vec<Option<usize>>) {
    let story = &comparison.story;
    // A link of relation Same makes both ends full carriers of the claim.
    let mut full_links: HashMap<StatementId, bool> = HashMap::new();
    for link in &comparison.links {
        if link.relation == Relation::Same {
            full_links.insert(link.a, true);
            full_links.insert(link.b, true);
        }
    }
    let mut claims = Vec::new();
    let mut statement_claim = vec![None; n_statements];
    for (group_index, group) in comparison.groups.iter().enumerate() {
        let statements: Vec<StatementId> = group
            .statements
            .iter()
            .copied()
            .filter(|&id| id < n_statements)
            .collect();
        if statements.is_empty() {
            continue;
        }
        let mut coverage = vec![Coverage::Absent; n_sources];
        match comparison.coverage.get(group_index) {
            // Align's judgement, when it made one for this group.
            Some(per_source) if per_source.len() == n_sources => {
                for (slot, c) in coverage.iter_mut().zip(per_source) {
                    *slot = match c {
                        align::Coverage::Full => Coverage::Full,
                        align::Coverage::Partial => Coverage::Partial,
                        align::Coverage::Absent => Coverage::Absent,
                    };
                }
            }
            _ => {
                for &id in &statements {
                    let source = story.statements[id].source;
                    let here = if full_links.contains_key(&id) || comparison.links.is_empty() {
                        Coverage::Full
                    } else {
                        Coverage::Partial
                    };
                    if source < n_sources {
                        coverage[source] = coverage[source].max(here);
                    }
                }
            }
        }
        let conflict = statements.iter().any(|&id| in_conflict[id]);
        let index = claims.len();
        for &id in &statements {
            statement_claim[id].get_or_insert(index);
        }
        claims.push(Claim {
            sources_covering: coverage.iter().filter(|c| **c != Coverage::Absent).count(),
            statements,
            coverage,
            unique: false,
            maybe: false,
            conflict,
        });
    }
    let maybe = |id: StatementId| comparison.verdict(id) == align::Uniqueness::MaybeElsewhere;
    for id in 0..n_statements {
        if (unique[id] || maybe(id)) && statement_claim[id].is_none() {
            let source = story.statements[id].source;
            let mut coverage = vec![Coverage::Absent; n_sources];
            // Where the candidates are: sources whose nearest statement
            // reaches the "maybe" bar.
            for n in comparison.candidates_elsewhere(id) {
                if n.source < n_sources {
                    coverage[n.source] = Coverage::Maybe;
                }
            }
            if source < n_sources {
                coverage[source] = Coverage::Full;
            }
            statement_claim[id] = Some(claims.len());
            claims.push(Claim {
                statements: vec![id],
                sources_covering: coverage.iter().filter(|c| **c >= Coverage::Partial).count(),
                coverage,
                unique: unique[id],
                maybe: !unique[id],
                conflict: in_conflict[id],
            });
        }
    }
    (claims, statement_claim)
}

/// Claims in display order: widest coverage first, then reading order.
pub fn claims_order(data: &ViewData, filter: ClaimFilter) -> Vec<usize> {
    let mut order: Vec<usize> = (0..data.claims.len())
        .filter(|&i| {
            let claim = &data.claims[i];
            match filter {
                ClaimFilter::All => true,
                ClaimFilter::Unique => claim.unique,
                ClaimFilter::Maybe => claim.maybe,
                ClaimFilter::Conflicts => claim.conflict,
            }
        })
        .collect();
    order.sort_by_key(|&i| {
        let claim = &data.claims[i];
        let first = claim.statements.iter().min().copied().unwrap_or(0);
        (std::cmp::Reverse(claim.sources_covering), first)
    });
    order
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimFilter {
    All,
    Unique,
    Maybe,
    Conflicts,
}

impl ClaimFilter {
    pub fn next(self) -> Self {
        match self {
            ClaimFilter::All => ClaimFilter::Unique,
            ClaimFilter::Unique => ClaimFilter::Maybe,
            ClaimFilter::Maybe => ClaimFilter::Conflicts,
            ClaimFilter::Conflicts => ClaimFilter::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ClaimFilter::All => "all claims",
            ClaimFilter::Unique => "unique claims",
            ClaimFilter::Maybe => "claims maybe elsewhere",
            ClaimFilter::Conflicts => "conflicts",
        }
    }
}
