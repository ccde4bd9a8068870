//! Every cross-source pair of claims with the evidence the aligner weighs,
//! for calibration: `crossread pairs FILE...` prints it as JSON, and
//! `tests/tune/cv.py` fits the thresholds on it under leave-one-cluster-out
//! cross-validation. Quadratic in statements: a tool for story-sized inputs,
//! not part of [`compare`](super::compare).

use super::embed;
use super::similarity::StoryIndex;
use crate::model::Story;
use serde::Serialize;

/// What the aligner knows about one pair of statements.
#[derive(Debug, Clone, Serialize)]
pub struct PairEvidence {
    pub a: usize,
    pub b: usize,
    /// Weighted (story-IDF) cosine of content words and bigrams.
    pub cosine: f32,
    /// Weighted share of the lighter statement found in the heavier one.
    pub containment: f32,
    /// The lexical score: `max(cosine, discounted containment)`.
    pub lexical: f32,
    /// Shared content words.
    pub shared_words: u16,
    /// Cosine of the two statements' story-centred static embeddings
    /// (before `Options::meaning_shrink`).
    pub meaning: f32,
    /// Words of the shorter statement (what `meaning_shrink` weighs).
    pub shorter_words: usize,
}

/// One statement as the calibration sees it.
#[derive(Debug, Clone, Serialize)]
pub struct StatementInfo {
    pub id: usize,
    pub source: usize,
    pub claim: bool,
    pub text: String,
}

/// The whole evidence of a story.
#[derive(Debug, Clone, Serialize)]
pub struct StoryEvidence {
    pub sources: Vec<String>,
    pub statements: Vec<StatementInfo>,
    pub pairs: Vec<PairEvidence>,
}

/// Every pair of claims of different sources, with its evidence.
pub fn story_evidence(story: &Story) -> StoryEvidence {
    let items = super::statement_items(story);
    let index = StoryIndex::build(&items);
    let meaning = super::meaning_vectors(story);
    let claims: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.is_claim)
        .map(|(n, _)| n)
        .collect();
    let words = super::statement_words(story);
    let mut pairs = Vec::new();
    for (k, &a) in claims.iter().enumerate() {
        for &b in &claims[k + 1..] {
            if items[a].source == items[b].source {
                continue;
            }
            let p = index.score(a, b);
            pairs.push(PairEvidence {
                a,
                b,
                cosine: p.cosine,
                containment: p.containment,
                lexical: p.score,
                shared_words: p.shared_words,
                meaning: embed::cosine(&meaning[a], &meaning[b]),
                shorter_words: words[a].min(words[b]),
            });
        }
    }
    StoryEvidence {
        sources: story.sources.iter().map(|s| s.origin.clone()).collect(),
        statements: story
            .statements
            .iter()
            .map(|s| StatementInfo {
                id: s.id,
                source: s.source,
                claim: s.kind.is_prose(),
                text: s.text.clone(),
            })
            .collect(),
        pairs,
    }
}
