//! Word-level differences between matching statements.
//!
//! Words are compared by their canonical key (see
//! [`normalize`](super::normalize)), so "per cent"/"percent", "Zelenskiy"/
//! "Zelenskyy" or "’"/"'" line up as equal; where the keys agree but the
//! folded surfaces do not, the difference is trivial. Small equal islands
//! between two changes are absorbed so a highlight reads as a phrase.

use super::normalize::{Token, TokenKind};
use super::{DiffClass, Highlight};
use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// Two changed runs separated by at most this many equal words, all of them
/// function words, become one phrase ("the", "of the"). An equal content
/// word is never absorbed: the reader should not see shared words marked.
const ISLAND_STOP_WORDS: usize = 2;

/// What happened to a run of words between two statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WordOpTag {
    /// The same words (trivial variants included: see `class`).
    Equal,
    /// Only in the first statement.
    Delete,
    /// Only in the second statement.
    Insert,
    /// Different words in the same place.
    Replace,
}

/// One operation of a word diff. Ranges are code points into each
/// statement's text (empty when that side has no words here).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WordOp {
    pub tag: WordOpTag,
    pub a: std::ops::Range<usize>,
    pub b: std::ops::Range<usize>,
    /// For `Equal`: `Trivial` when the surfaces differ only in style or
    /// spelling, `None` when identical. For changes: `Substantive`, or
    /// `Trivial` when only function words differ.
    pub class: Option<DiffClass>,
}

impl WordOp {
    /// The same operation seen from the other statement.
    pub fn reversed(&self) -> WordOp {
        WordOp {
            tag: match self.tag {
                WordOpTag::Delete => WordOpTag::Insert,
                WordOpTag::Insert => WordOpTag::Delete,
                other => other,
            },
            a: self.b.clone(),
            b: self.a.clone(),
            class: self.class,
        }
    }
}

fn span(tokens: &[Token], range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    match (
        tokens.get(range.start),
        range.end.checked_sub(1).and_then(|e| tokens.get(e)),
    ) {
        (Some(first), Some(last)) if !range.is_empty() => first.start..last.end,
        (Some(first), _) => first.start..first.start,
        _ => tokens.last().map_or(0..0, |t| t.end..t.end),
    }
}

fn ids(tokens: &[Token]) -> Vec<u64> {
    tokens.iter().map(|t| t.id).collect()
}

/// The raw diff of two token lists, on keys.
pub fn token_ops(a: &[Token], b: &[Token]) -> Vec<DiffOp> {
    let (ia, ib) = (ids(a), ids(b));
    if ia == ib {
        // Outlets copy agency copy word for word: no diff to run.
        return vec![DiffOp::Equal {
            old_index: 0,
            new_index: 0,
            len: ia.len(),
        }];
    }
    capture_diff_slices(Algorithm::Patience, &ia, &ib)
}

/// The word diff of two statements, as operations with code-point ranges.
pub fn word_ops(a: &[Token], b: &[Token]) -> Vec<WordOp> {
    let mut out = Vec::new();
    for op in token_ops(a, b) {
        let (tag, ra, rb) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => {
                // Split the equal run where the surfaces start or stop agreeing.
                let mut i = 0;
                while i < ra.len() {
                    let trivial = a[ra.start + i].folded != b[rb.start + i].folded;
                    let mut j = i + 1;
                    while j < ra.len()
                        && (a[ra.start + j].folded != b[rb.start + j].folded) == trivial
                    {
                        j += 1;
                    }
                    out.push(WordOp {
                        tag: WordOpTag::Equal,
                        a: span(a, ra.start + i..ra.start + j),
                        b: span(b, rb.start + i..rb.start + j),
                        class: trivial.then_some(DiffClass::Trivial),
                    });
                    i = j;
                }
            }
            _ => {
                let only_stop = a[ra.clone()]
                    .iter()
                    .chain(&b[rb.clone()])
                    .all(|t| t.kind == TokenKind::Stop);
                out.push(WordOp {
                    tag: match tag {
                        similar::DiffTag::Delete => WordOpTag::Delete,
                        similar::DiffTag::Insert => WordOpTag::Insert,
                        _ => WordOpTag::Replace,
                    },
                    a: span(a, ra),
                    b: span(b, rb),
                    class: Some(if only_stop {
                        DiffClass::Trivial
                    } else {
                        DiffClass::Substantive
                    }),
                });
            }
        }
    }
    out
}

/// How well one word of a statement is matched by its group mates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Matched {
    Missing,
    /// Same key, different surface (spelling, quote style, number format).
    Variant,
    Exact,
}

/// The highlights of one statement against its group mates: runs of words
/// that no mate contains (substantive), and words that mates carry only in
/// another spelling (trivial).
pub fn highlights(tokens: &[Token], mates: &[&[Token]]) -> Vec<Highlight> {
    if mates.is_empty() || tokens.is_empty() {
        return Vec::new();
    }
    let mut matched = vec![Matched::Missing; tokens.len()];
    for mate in mates {
        for op in token_ops(tokens, mate) {
            if let DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            {
                for k in 0..len {
                    let level = if tokens[old_index + k].folded == mate[new_index + k].folded {
                        Matched::Exact
                    } else {
                        Matched::Variant
                    };
                    matched[old_index + k] = matched[old_index + k].max(level);
                }
            }
        }
        // Outlets reorder: a content word the mate has elsewhere is not missing.
        for (i, t) in tokens.iter().enumerate() {
            if matched[i] != Matched::Missing || !t.is_content() {
                continue;
            }
            if let Some(other) = mate.iter().find(|m| m.id == t.id) {
                matched[i] = if other.folded == t.folded {
                    Matched::Exact
                } else {
                    Matched::Variant
                };
            }
        }
    }
    // Runs of unmatched words; a run of function words alone is noise.
    let mut runs: Vec<(usize, usize, Matched)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if matched[i] == Matched::Exact {
            i += 1;
            continue;
        }
        let level = matched[i];
        let mut j = i + 1;
        while j < tokens.len() && matched[j] == level {
            j += 1;
        }
        runs.push((i, j, level));
        i = j;
    }
    runs.retain(|&(s, e, level)| {
        level == Matched::Variant || tokens[s..e].iter().any(Token::is_content)
    });
    let mut merged: Vec<(usize, usize, Matched)> = Vec::new();
    for run in runs {
        if let Some(last) = merged.last_mut() {
            let gap = &tokens[last.1..run.0];
            let same_class = (last.2 == Matched::Missing) == (run.2 == Matched::Missing);
            let small = gap.len() <= ISLAND_STOP_WORDS && gap.iter().all(|t| !t.is_content());
            if same_class && small {
                last.1 = run.1;
                continue;
            }
        }
        merged.push(run);
    }
    merged
        .into_iter()
        .map(|(s, e, level)| Highlight {
            start: tokens[s].start,
            end: tokens[e - 1].end,
            class: if level == Matched::Missing {
                DiffClass::Substantive
            } else {
                DiffClass::Trivial
            },
            conflict: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::normalize::tokenize;

    fn text_of(text: &str, h: &Highlight) -> String {
        text.chars().skip(h.start).take(h.end - h.start).collect()
    }

    #[test]
    fn spelling_variants_are_trivial_and_new_words_substantive() {
        let a = "Russia holds roughly 20 percent of Donetsk, Zelenskyy said on Thursday.";
        let b = "Russia holds roughly 20 per cent of Donetsk, Zelenskiy said on Wednesday.";
        let (ta, tb) = (tokenize(a), tokenize(b));
        let hs = highlights(&ta, &[&tb]);
        let listed: Vec<(String, DiffClass)> =
            hs.iter().map(|h| (text_of(a, h), h.class)).collect();
        assert_eq!(
            listed,
            vec![
                ("percent".to_string(), DiffClass::Trivial),
                ("Zelenskyy".to_string(), DiffClass::Trivial),
                ("Thursday".to_string(), DiffClass::Substantive),
            ]
        );
    }

    #[test]
    fn changes_read_as_phrases() {
        let a = "The minister flew to Paris and met the French president on Monday.";
        let b = "The minister met the president.";
        let hs = highlights(&tokenize(a), &[&tokenize(b)]);
        let texts: Vec<String> = hs.iter().map(|h| text_of(a, h)).collect();
        assert_eq!(texts, vec!["flew to Paris and", "French", "on Monday"]);
    }

    #[test]
    fn ops_cover_both_statements() {
        let a = "Kyiv rejected the plan on Tuesday.";
        let b = "Kiev firmly rejected the plan.";
        let ops = word_ops(&tokenize(a), &tokenize(b));
        assert_eq!(ops[0].tag, WordOpTag::Equal);
        assert_eq!(ops[0].class, Some(DiffClass::Trivial));
        assert!(
            ops.iter()
                .any(|o| o.tag == WordOpTag::Insert && o.b == (5..11))
        );
        assert!(
            ops.iter()
                .any(|o| o.tag == WordOpTag::Delete && o.class == Some(DiffClass::Substantive))
        );
    }
}
