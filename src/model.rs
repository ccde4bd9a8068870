//! The story model: what ingest produces and everything downstream reads.
//!
//! Offsets (`start`, `end`) are Unicode code points into [`Source::text`], the
//! cleaned text of one source, never bytes.

use serde::Serialize;
use std::path::PathBuf;

/// Index of a source in [`Story::sources`].
pub type SourceId = usize;
/// Index of a statement in [`Story::statements`].
pub type StatementId = usize;

/// Several articles about one event, cleaned and split into statements.
#[derive(Debug, Clone, Serialize)]
pub struct Story {
    /// The story's title: the first source's headline, else its name.
    pub title: String,
    pub sources: Vec<Source>,
    /// Every statement of every source, grouped by source, in reading order.
    pub statements: Vec<Statement>,
}

/// One article as cleaned by ingest.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub id: SourceId,
    /// Display name: the site name from HTML, else derived from the file name.
    pub name: String,
    /// Where it was read from (`None` for standard input or the bundled sample).
    pub path: Option<PathBuf>,
    /// The label used for `path` in reports (the path as given, `-`, or `sample/NAME`).
    pub origin: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    /// The cleaned text: blocks joined by blank lines. All offsets point into it.
    pub text: String,
    pub blocks: Vec<Block>,
    /// Everything cleaning removed or repaired, with the rule that did it.
    pub removed: Vec<Removal>,
    /// Range of this source's statements in [`Story::statements`].
    pub statements: std::ops::Range<StatementId>,
    /// Hex SHA-256 of the cleaned text: identifies the source by content.
    pub content_hash: String,
    /// For a page fetched from the web: the address given, where it ended, its type.
    pub web: Option<WebOrigin>,
}

/// Where a web source was fetched from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebOrigin {
    /// The address as given.
    pub url: String,
    /// Where the redirects ended.
    pub final_url: String,
    /// The `Content-Type` header, as sent.
    pub content_type: Option<String>,
}

/// What a block of an article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Title,
    Standfirst,
    Subheading,
    Caption,
    Paragraph,
}

impl BlockKind {
    /// Body prose carries claims; headlines, captions and subheadings do not.
    pub fn is_prose(self) -> bool {
        matches!(self, BlockKind::Paragraph)
    }
}

/// A paragraph-level unit of a source: a title, a caption, a body paragraph...
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Range of this block's statements in [`Story::statements`].
    pub statements: std::ops::Range<StatementId>,
}

/// One sentence of one source.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub id: StatementId,
    pub source: SourceId,
    /// Index of the block in [`Source::blocks`].
    pub paragraph: usize,
    pub kind: BlockKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A line or fragment that cleaning removed or repaired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Removal {
    /// 1-based line in the decoded input (for a web page: in the article text
    /// extracted from it), when the removal concerns one line.
    pub line: Option<usize>,
    /// The text removed (or, for a repair, the text before it).
    pub text: String,
    /// The name of the rule that removed it, as in `assets/cleaning.toml`.
    pub rule: String,
    /// For repairs: what replaced the text.
    pub replacement: Option<String>,
}

impl Story {
    pub fn source_statements(&self, source: SourceId) -> &[Statement] {
        &self.statements[self.sources[source].statements.clone()]
    }
}
