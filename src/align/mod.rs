//! Alignment: which statements carry the same claim across sources, which
//! claims only one source makes, what wording differs, and where sources
//! disagree.

use crate::model::{SourceId, StatementId, Story};
use serde::Serialize;

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
}

impl Comparison {
    /// Paragraph rows for the side-by-side view, relative to `reference`.
    pub fn rows(&self, reference: SourceId) -> Vec<Row> {
        let n = self.story.sources.len();
        let most = self
            .story
            .sources
            .iter()
            .map(|s| s.blocks.len())
            .max()
            .unwrap_or(0);
        let _ = reference;
        (0..most)
            .map(|i| Row {
                cells: (0..n)
                    .map(|s| {
                        if i < self.story.sources[s].blocks.len() {
                            vec![i]
                        } else {
                            vec![]
                        }
                    })
                    .collect(),
                moved: (0..n)
                    .map(|s| {
                        if i < self.story.sources[s].blocks.len() {
                            vec![None]
                        } else {
                            vec![]
                        }
                    })
                    .collect(),
            })
            .collect()
    }
}

/// Align a story's statements across its sources.
pub fn compare(story: Story) -> Comparison {
    let n = story.statements.len();
    let unique = story.statements.iter().map(|s| s.kind.is_prose()).collect();
    Comparison {
        story,
        groups: Vec::new(),
        links: Vec::new(),
        statement_groups: vec![Vec::new(); n],
        unique,
        highlights: vec![Vec::new(); n],
        conflicts: Vec::new(),
    }
}
