//! Similarity between statements, and the candidate pairs worth scoring.
//!
//! Every statement becomes a set of weighted features: the keys of its
//! content words (see [`normalize`](super::normalize)) and the bigrams of
//! consecutive content words. Weights are IDF taken from the story itself,
//! so a word every outlet repeats ("Russia" in a story about Russia) counts
//! little and a shared figure, name or quoted phrase counts a lot.
//!
//! Two statements are compared by weighted cosine and by weighted
//! containment of the lighter one in the heavier one, so a short statement
//! that another outlet folds into a longer sentence is still found.
//! Candidate pairs come from an inverted index over features, never from all
//! pairs: cost grows with the number of statements times the (capped)
//! posting length.

use super::normalize::{Token, TokenKind, Tokenizer};
use std::collections::HashMap;

/// Postings longer than this are not walked when looking for candidates: a
/// feature in that many statements is too common to tell claims apart (its
/// IDF is near zero anyway), and walking it would make the cost quadratic.
pub const MAX_POSTINGS: usize = 400;

/// Names and numbers are what a claim is about: a shared "Peskov" or "20"
/// says more than a shared "said" or "talks" with the same document frequency.
const NAME_BOOST: f32 = 1.4;
const NUMBER_BOOST: f32 = 1.4;
/// A shared bigram is evidence of shared wording on top of its two words;
/// weighted below a word so that paraphrase is not punished too much.
const BIGRAM_WEIGHT: f32 = 0.6;

/// Containment only counts when the lighter statement has at least this many
/// shared content features: "He said so." is contained in everything.
const MIN_SHARED_FOR_CONTAINMENT: usize = 3;
/// Containment is discounted against cosine: being inside a longer sentence
/// is weaker evidence than saying the same thing.
pub const CONTAINMENT_DISCOUNT: f32 = 0.8;

/// The scored comparison of two statements.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairScore {
    pub a: usize,
    pub b: usize,
    /// Weighted cosine of the two feature sets.
    pub cosine: f32,
    /// Weighted share of the lighter statement found in the heavier one.
    pub containment: f32,
    /// The lexical score: `max(cosine, CONTAINMENT_DISCOUNT * containment)`
    /// (containment only when enough is shared).
    pub lexical: f32,
    /// Cosine of the two statements' story-centred static embeddings (0
    /// until the aligner adds it; see [`super::embed`]).
    pub meaning: f32,
    /// The decision score: the lexical score, and, once the aligner has
    /// weighed meaning in, their blend (see `Options::meaning_weight`).
    pub score: f32,
    /// Shared word features (bigrams not counted).
    pub shared_words: u16,
    /// Whether `a` is the lighter (contained) side.
    pub a_is_lighter: bool,
}

/// The shared mass of a pair split by feature kind.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairParts {
    pub mass_a: f32,
    pub mass_b: f32,
    pub word_mass: f32,
    pub bigram_mass: f32,
    pub words: usize,
    pub bigrams: usize,
    pub words_a: usize,
    pub words_b: usize,
}

/// What the index needs to know about each statement.
pub struct Item<'a> {
    pub text: &'a str,
    pub source: usize,
    /// Only claims (body prose) are indexed and compared.
    pub is_claim: bool,
}

/// Tokens and weighted features of every statement of a story.
pub struct StoryIndex {
    pub tokens: Vec<Vec<Token>>,
    /// Per statement: (feature id, weight), sorted by id, unique.
    features: Vec<Vec<(u32, f32)>>,
    is_word_feature: Vec<bool>,
    /// Per statement: sum of squared weights.
    mass: Vec<f32>,
    sources: Vec<usize>,
    claims: Vec<bool>,
    postings: Vec<Vec<u32>>,
}

impl StoryIndex {
    pub fn build(items: &[Item<'_>]) -> Self {
        let mut tokenizer = Tokenizer::default();
        let tokens: Vec<Vec<Token>> = items.iter().map(|i| tokenizer.tokenize(i.text)).collect();
        let mut interner: HashMap<u64, u32> = HashMap::new();
        let mut is_word_feature = Vec::new();
        let mut boosts: Vec<f32> = Vec::new();
        let mut raw_features: Vec<Vec<u32>> = Vec::with_capacity(items.len());
        // Features are found by a u64: a word's key id, or a mix of two key
        // ids for a bigram.
        let mut intern = |key: u64, word: bool, boost: f32| -> u32 {
            let next = interner.len() as u32;
            let id = *interner.entry(key).or_insert(next);
            if id == next {
                is_word_feature.push(word);
                boosts.push(boost);
            } else if boosts[id as usize] < boost {
                boosts[id as usize] = boost;
            }
            id
        };
        for (item, toks) in items.iter().zip(&tokens) {
            let mut feats = Vec::new();
            if item.is_claim {
                let content: Vec<&Token> = toks.iter().filter(|t| t.is_content()).collect();
                for t in &content {
                    let boost = match t.kind {
                        TokenKind::Name => NAME_BOOST,
                        TokenKind::Number => NUMBER_BOOST,
                        _ => 1.0,
                    };
                    feats.push(intern(t.id, true, boost));
                }
                for pair in content.windows(2) {
                    let key =
                        pair[0].id.rotate_left(17) ^ pair[1].id.wrapping_mul(0x9e37_79b9_7f4a_7c15);
                    feats.push(intern(key, false, BIGRAM_WEIGHT));
                }
            }
            feats.sort_unstable();
            feats.dedup();
            raw_features.push(feats);
        }
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); interner.len()];
        for (s, feats) in raw_features.iter().enumerate() {
            for &f in feats {
                postings[f as usize].push(s as u32);
            }
        }
        let claims = items.iter().filter(|i| i.is_claim).count().max(1) as f32;
        let idf: Vec<f32> = postings
            .iter()
            .map(|p| ((claims + 1.0) / p.len().max(1) as f32).ln().max(0.05))
            .collect();
        let features: Vec<Vec<(u32, f32)>> = raw_features
            .iter()
            .map(|feats| {
                feats
                    .iter()
                    .map(|&f| (f, idf[f as usize] * boosts[f as usize]))
                    .collect()
            })
            .collect();
        let mass = features
            .iter()
            .map(|f| f.iter().map(|(_, w)| w * w).sum())
            .collect();
        StoryIndex {
            tokens,
            features,
            is_word_feature,
            mass,
            sources: items.iter().map(|i| i.source).collect(),
            claims: items.iter().map(|i| i.is_claim).collect(),
            postings,
        }
    }

    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    fn finish(&self, a: usize, b: usize, dot: f32, shared_words: usize) -> PairScore {
        let (ma, mb) = (self.mass[a], self.mass[b]);
        let cosine = if ma > 0.0 && mb > 0.0 {
            dot / (ma * mb).sqrt()
        } else {
            0.0
        };
        let lighter = ma.min(mb);
        let containment = if lighter > 0.0 { dot / lighter } else { 0.0 };
        let contained = if shared_words >= MIN_SHARED_FOR_CONTAINMENT {
            CONTAINMENT_DISCOUNT * containment
        } else {
            0.0
        };
        // Rounded so that the order in which files were given (which sets the
        // order of float sums) cannot tip a comparison between equal scores.
        let round = |x: f32| (x * 1e4).round() / 1e4;
        let lexical = round(cosine.max(contained).min(1.0));
        PairScore {
            a,
            b,
            cosine: round(cosine),
            containment: round(containment),
            lexical,
            meaning: 0.0,
            score: lexical,
            shared_words: shared_words.min(u16::MAX as usize) as u16,
            a_is_lighter: ma <= mb,
        }
    }

    /// Score two statements directly (no index walk).
    pub fn score(&self, a: usize, b: usize) -> PairScore {
        let (fa, fb) = (&self.features[a], &self.features[b]);
        let (mut i, mut j, mut dot, mut shared) = (0, 0, 0.0f32, 0usize);
        while i < fa.len() && j < fb.len() {
            match fa[i].0.cmp(&fb[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += fa[i].1 * fb[j].1;
                    if self.is_word_feature[fa[i].0 as usize] {
                        shared += 1;
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        self.finish(a, b, dot, shared)
    }

    /// How much of what `long` shares with `new` it already shares with
    /// `known` (weighted, 0 to 1): low when `new` matches another part of
    /// `long` than `known` does.
    pub fn shared_overlap(&self, long: usize, known: usize, new: usize) -> f32 {
        let has = |s: usize, f: u32| self.features[s].binary_search_by_key(&f, |x| x.0).is_ok();
        let (mut with_new, mut with_both) = (0.0f32, 0.0f32);
        for &(f, w) in &self.features[long] {
            if has(new, f) {
                with_new += w * w;
                if has(known, f) {
                    with_both += w * w;
                }
            }
        }
        if with_new > 0.0 {
            with_both / with_new
        } else {
            1.0
        }
    }

    /// The parts of a pair's score, for calibration and diagnostics.
    pub fn explain(&self, a: usize, b: usize) -> PairParts {
        let (fa, fb) = (&self.features[a], &self.features[b]);
        let mut parts = PairParts {
            mass_a: self.mass[a],
            mass_b: self.mass[b],
            ..PairParts::default()
        };
        let (mut i, mut j) = (0, 0);
        while i < fa.len() && j < fb.len() {
            match fa[i].0.cmp(&fb[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let w2 = fa[i].1 * fb[j].1;
                    if self.is_word_feature[fa[i].0 as usize] {
                        parts.word_mass += w2;
                        parts.words += 1;
                    } else {
                        parts.bigram_mass += w2;
                        parts.bigrams += 1;
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        parts.words_a = self.tokens[a].iter().filter(|t| t.is_content()).count();
        parts.words_b = self.tokens[b].iter().filter(|t| t.is_content()).count();
        parts
    }

    /// Every pair of claims of different sources whose score reaches
    /// `min_score`, found through the inverted index. Each pair once, `a < b`.
    pub fn candidates(&self, min_score: f32) -> Vec<PairScore> {
        let mut out = Vec::new();
        self.visit_pairs(min_score, false, 0..self.len(), |pair| {
            if pair.score >= min_score {
                out.push(pair);
            }
        });
        out
    }

    /// Call `visit` with every pair of claims of different sources whose
    /// containment reaches `min_containment` (found through the inverted
    /// index: cost grows with statements times capped posting length), or,
    /// with `every_pair`, with every pair of claims of different sources,
    /// sharing words or not (quadratic: for stories of a few hundred
    /// statements). Each pair once, `a < b`, for the `a` in `rows` (so that
    /// slices of rows can be visited on different threads).
    pub fn visit_pairs(
        &self,
        min_containment: f32,
        every_pair: bool,
        rows: std::ops::Range<usize>,
        mut visit: impl FnMut(PairScore),
    ) {
        let min_score = min_containment;
        let n = self.len();
        let mut dot = vec![0.0f32; n];
        let mut shared = vec![0u32; n];
        let mut touched: Vec<usize> = Vec::new();
        for a in rows.start..rows.end.min(n) {
            for &(f, w) in &self.features[a] {
                let posting = &self.postings[f as usize];
                if posting.len() > MAX_POSTINGS {
                    continue;
                }
                let word = self.is_word_feature[f as usize];
                for &b in posting {
                    let b = b as usize;
                    if b <= a || self.sources[b] == self.sources[a] {
                        continue;
                    }
                    if dot[b] == 0.0 && shared[b] == 0 {
                        touched.push(b);
                    }
                    // Weights are per feature, identical on both sides.
                    dot[b] += w * w;
                    if word {
                        shared[b] += 1;
                    }
                }
            }
            if every_pair && self.claims[a] {
                for b in a + 1..n {
                    if self.claims[b] && self.sources[b] != self.sources[a] {
                        visit(self.finish(a, b, dot[b], shared[b] as usize));
                    }
                }
            } else {
                for &b in &touched {
                    // Cheap bound first: the cosine can only be below the dot
                    // over the lighter mass (the containment), so most pairs
                    // are dropped without the full score.
                    let lighter = self.mass[a].min(self.mass[b]);
                    if lighter > 0.0 && dot[b] / lighter < min_score - 1e-3 {
                        continue;
                    }
                    visit(self.finish(a, b, dot[b], shared[b] as usize));
                }
            }
            for &b in &touched {
                dot[b] = 0.0;
                shared[b] = 0;
            }
            touched.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(texts: &[(&str, usize)]) -> StoryIndex {
        let items: Vec<Item> = texts
            .iter()
            .map(|&(text, source)| Item {
                text,
                source,
                is_claim: true,
            })
            .collect();
        StoryIndex::build(&items)
    }

    #[test]
    fn candidates_agree_with_direct_scores() {
        let idx = index(&[
            ("Kremlin spokesman Dmitry Peskov declined to comment.", 0),
            ("The weather in Moscow was cold on Tuesday.", 0),
            (
                "Dmitry Peskov, the Kremlin spokesman, would not comment.",
                1,
            ),
            ("Fierce fighting raged near Pokrovsk.", 1),
        ]);
        let pairs = idx.candidates(0.0);
        assert!(pairs.iter().all(|p| p.a < p.b));
        let found = pairs.iter().find(|p| (p.a, p.b) == (0, 2));
        let direct = idx.score(0, 2);
        assert_eq!(found.map(|p| p.score), Some(direct.score));
        assert!(direct.score > 0.5, "{direct:?}");
        assert!(!pairs.iter().any(|p| (p.a, p.b) == (0, 1)), "same source");
    }

    #[test]
    fn a_short_statement_inside_a_long_one_is_contained() {
        let idx = index(&[
            ("Russia controls roughly 20 per cent of Donetsk region.", 0),
            (
                "Moscow demands all of Donetsk, and Russia controls roughly 20 percent of Donetsk region already, while talks in Abu Dhabi go on.",
                1,
            ),
            ("Sports news: the cup final ended in a draw.", 1),
        ]);
        let p = idx.score(0, 1);
        assert!(p.containment > 0.9, "{p:?}");
        assert!(p.a_is_lighter);
        assert!(p.score > p.cosine);
        assert!(idx.score(0, 2).score < 0.1);
    }
}
