//! Anchoring a tag to text so that it survives the text changing.
//!
//! A tag remembers *what* it marks, not where a file was: the source by the
//! SHA-256 of its cleaned text (plus a word-shingle fingerprint to recognise a
//! re-scraped copy of it), and the passage by a W3C Web Annotation
//! `TextQuoteSelector` (the quote with [`CONTEXT_CHARS`] code points of context
//! on each side) and `TextPositionSelector` (code-point `start`/`end`).
//!
//! Re-attaching ([`locate`]) tries, in order:
//! 1. the old position, if the text there is still the quote with the same context;
//! 2. the quote with matching context anywhere (nearest the old position);
//! 3. the quote anywhere (unique, else nearest the old position);
//! 4. a strict fuzzy match: an edit distance of at most [`MAX_FUZZY_RATIO`] of the
//!    quote's length, ties broken by how well the context matches, then by
//!    distance from the old position. Such a match is [`Placement::Fuzzy`]: the
//!    reader is asked to confirm it, because "disputed" on the wrong sentence is
//!    worse than no tag.
//!
//! Whatever fails all four is an orphan for the caller to keep.

use crate::model::Source;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Code points of context kept before and after a quote (Hypothesis's choice).
pub const CONTEXT_CHARS: usize = 32;
/// A fuzzy match may differ from the quote in at most this share of its length.
pub const MAX_FUZZY_RATIO: f64 = 0.2;
/// Quotes shorter than this only match fuzzily when their context agrees too:
/// a few edits in a short quote can land on an unrelated phrase.
const SHORT_QUOTE: usize = 24;
/// A stored source and an opened one are the same article, re-scraped or
/// edited, when their fingerprints agree on at least this share of shingles.
pub const SAME_ARTICLE_SIMILARITY: f64 = 0.5;

/// Where a tag's passage is: the W3C quote and position selectors, and the
/// source they point into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anchor {
    /// Hex SHA-256 of the source's cleaned text when the anchor was made.
    pub source_hash: String,
    /// The source's display name then (for orphans and listings).
    pub source_name: String,
    /// The quoted text (TextQuoteSelector `exact`).
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] code points before the quote.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] code points after the quote.
    pub suffix: String,
    /// Code-point offsets of the quote (TextPositionSelector).
    pub start: usize,
    pub end: usize,
}

/// How a located passage was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// The quote itself was found.
    Exact,
    /// Only a close variant of the quote was found: needs the reader's confirmation.
    Fuzzy,
}

/// A passage found for an anchor in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub start: usize,
    pub end: usize,
    pub placement: Placement,
    /// Edit distance between the quote and the found text (0 when exact).
    pub distance: usize,
}

/// Hex SHA-256 of a source's cleaned text: its identity by content.
pub fn content_hash(source: &Source) -> String {
    if source.content_hash.is_empty() {
        hash_text(&source.text)
    } else {
        source.content_hash.clone()
    }
}

/// Hex SHA-256 of a text.
pub fn hash_text(text: &str) -> String {
    hash_bytes(text.as_bytes())
}

/// Hex SHA-256 of bytes.
pub fn hash_bytes(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Anchor the code-point range `start..end` of a source's text (clamped to it).
pub fn anchor_text(
    source_hash: &str,
    source_name: &str,
    text: &[char],
    start: usize,
    end: usize,
) -> Anchor {
    let end = end.min(text.len());
    let start = start.min(end);
    Anchor {
        source_hash: source_hash.to_string(),
        source_name: source_name.to_string(),
        exact: text[start..end].iter().collect(),
        prefix: text[start.saturating_sub(CONTEXT_CHARS)..start]
            .iter()
            .collect(),
        suffix: text[end..(end + CONTEXT_CHARS).min(text.len())]
            .iter()
            .collect(),
        start,
        end,
    }
}

/// Find `anchor`'s passage in `text` (the code points of a source's cleaned text).
pub fn locate(anchor: &Anchor, text: &[char]) -> Option<Located> {
    let exact: Vec<char> = anchor.exact.chars().collect();
    if exact.is_empty() || exact.len() > text.len() {
        return None;
    }
    let prefix: Vec<char> = anchor.prefix.chars().collect();
    let suffix: Vec<char> = anchor.suffix.chars().collect();
    let found = |start: usize| Located {
        start,
        end: start + exact.len(),
        placement: Placement::Exact,
        distance: 0,
    };
    let context_matches =
        |start: usize| has_context(text, start, start + exact.len(), &prefix, &suffix);

    if text.get(anchor.start..anchor.start + exact.len()) == Some(&exact[..])
        && context_matches(anchor.start)
    {
        return Some(found(anchor.start));
    }
    let occurrences = find_all(text, &exact);
    let nearest = |candidates: &mut dyn Iterator<Item = usize>| {
        candidates.min_by_key(|&s| s.abs_diff(anchor.start))
    };
    if let Some(start) = nearest(&mut occurrences.iter().copied().filter(|&s| context_matches(s))) {
        return Some(found(start));
    }
    if let Some(start) = nearest(&mut occurrences.iter().copied()) {
        return Some(found(start));
    }
    fuzzy_locate(anchor, text, &exact, &prefix, &suffix)
}

fn has_context(text: &[char], start: usize, end: usize, prefix: &[char], suffix: &[char]) -> bool {
    start >= prefix.len()
        && text[start - prefix.len()..start] == *prefix
        && text.get(end..end + suffix.len()) == Some(suffix)
}

fn find_all(text: &[char], needle: &[char]) -> Vec<usize> {
    let Some(&first) = needle.first() else {
        return Vec::new();
    };
    (0..=text.len() - needle.len())
        .filter(|&i| text[i] == first && text[i..i + needle.len()] == *needle)
        .collect()
}

fn fuzzy_locate(
    anchor: &Anchor,
    text: &[char],
    exact: &[char],
    prefix: &[char],
    suffix: &[char],
) -> Option<Located> {
    let max_distance = (exact.len() as f64 * MAX_FUZZY_RATIO).floor() as usize;
    if max_distance == 0 {
        return None;
    }
    let ends = approximate_ends(exact, text, max_distance);
    let best = ends.iter().map(|&(_, d)| d).min()?;
    // Keep one end per run of adjacent best ends, the runs nearest the old end first.
    let mut candidate_ends: Vec<usize> = ends
        .iter()
        .filter(|&&(_, d)| d == best)
        .map(|&(e, _)| e)
        .collect();
    candidate_ends.dedup_by(|later, earlier| *later == *earlier + 1);
    candidate_ends.sort_by_key(|&e| e.abs_diff(anchor.end));
    candidate_ends.truncate(8);

    let context_budget = ((prefix.len() + suffix.len()) as f64 * MAX_FUZZY_RATIO).floor() as usize;
    candidate_ends
        .into_iter()
        .map(|end| {
            let start = best_start(exact, text, end, max_distance);
            let context = context_distance(text, start, end, prefix, suffix);
            (start, end, context)
        })
        .filter(|&(_, _, context)| exact.len() >= SHORT_QUOTE || context <= context_budget)
        .min_by_key(|&(start, _, context)| (context, start.abs_diff(anchor.start)))
        .map(|(start, end, _)| Located {
            start,
            end,
            placement: Placement::Fuzzy,
            distance: best,
        })
}

/// Sellers' approximate matching with Ukkonen's cut-off: every text position
/// where some substring ending there is within `max` edits of `pattern`, with
/// that distance. Work is about `max * text.len()` rather than `pattern * text`.
fn approximate_ends(pattern: &[char], text: &[char], max: usize) -> Vec<(usize, usize)> {
    let m = pattern.len();
    let mut column: Vec<usize> = (0..=m).collect();
    let mut last_active = max.min(m);
    let mut ends = Vec::new();
    for (j, &t) in text.iter().enumerate() {
        let limit = (last_active + 1).min(m);
        let mut diagonal = 0; // the previous column's value one row up
        for i in 1..=limit {
            let left = if i <= last_active { column[i] } else { max + 1 };
            let cost = usize::from(pattern[i - 1] != t);
            let value = (diagonal + cost).min(column[i - 1] + 1).min(left + 1);
            diagonal = left;
            column[i] = value;
        }
        last_active = limit;
        while last_active > 0 && column[last_active] > max {
            last_active -= 1;
        }
        if last_active == m {
            ends.push((j + 1, column[m]));
        }
    }
    ends
}

/// The start of the closest match to `pattern` that ends at `end`: edit
/// distance of the reversed pattern against the reversed text, anchored at `end`.
fn best_start(pattern: &[char], text: &[char], end: usize, max: usize) -> usize {
    let window_start = end.saturating_sub(pattern.len() + max);
    let window: Vec<char> = text[window_start..end].iter().rev().copied().collect();
    let reversed: Vec<char> = pattern.iter().rev().copied().collect();
    // row[j]: distance of reversed[..i] against window[..j]
    let mut row: Vec<usize> = (0..=window.len()).collect();
    for (i, &p) in reversed.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for j in 1..=window.len() {
            let above = row[j];
            let cost = usize::from(window[j - 1] != p);
            row[j] = (diagonal + cost).min(above + 1).min(row[j - 1] + 1);
            diagonal = above;
        }
    }
    let (length, _) = row
        .iter()
        .enumerate()
        .min_by_key(|&(j, &d)| (d, j.abs_diff(pattern.len())))
        .unwrap_or((pattern.len(), &0));
    end - length
}

fn context_distance(
    text: &[char],
    start: usize,
    end: usize,
    prefix: &[char],
    suffix: &[char],
) -> usize {
    let before = &text[start.saturating_sub(prefix.len())..start];
    let after = &text[end..(end + suffix.len()).min(text.len())];
    edit_distance(prefix, before) + edit_distance(suffix, after)
}

/// Levenshtein distance over code points.
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for j in 1..=b.len() {
            let above = row[j];
            row[j] = (diagonal + usize::from(b[j - 1] != x))
                .min(above + 1)
                .min(row[j - 1] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Number of bins in a [`Fingerprint`].
pub const FINGERPRINT_HASHES: usize = 64;

/// A one-permutation MinHash sketch of an article's word 3-shingles: each
/// shingle is hashed once and kept if it is the smallest in its bin. Two
/// versions of one article (re-scraped, a paragraph added, a typo fixed) share
/// most bins, two outlets' articles on one event share few (on NewsWCL50: at
/// least 0.83 for a re-scraped copy, at most 0.11 across outlets). It lets a
/// tag find its source again when the source's hash changed, without storing
/// the text, at one hash per word when a story is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(pub [u64; FINGERPRINT_HASHES]);

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut mins = [u64::MAX; FINGERPRINT_HASHES];
        let width = 3.min(words.len());
        if width == 0 {
            return Fingerprint(mins);
        }
        for shingle in words.windows(width) {
            let h = splitmix64(fnv1a(shingle));
            // The low bits choose the bin, the rest compete for the minimum.
            let bin = (h % FINGERPRINT_HASHES as u64) as usize;
            let value = h / FINGERPRINT_HASHES as u64;
            if value < mins[bin] {
                mins[bin] = value;
            }
        }
        Fingerprint(mins)
    }

    /// Estimated Jaccard similarity of the two shingle sets, 0.0..=1.0.
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        let mut same = 0;
        let mut used = 0;
        for (a, b) in self.0.iter().zip(&other.0) {
            if *a == u64::MAX && *b == u64::MAX {
                continue;
            }
            used += 1;
            if a == b {
                same += 1;
            }
        }
        if used == 0 {
            0.0
        } else {
            f64::from(same) / f64::from(used)
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|h| h.to_le_bytes()).collect()
    }

    /// `None` for a blob of the wrong size.
    pub fn from_bytes(bytes: &[u8]) -> Option<Fingerprint> {
        if bytes.len() != FINGERPRINT_HASHES * 8 {
            return None;
        }
        let mut mins = [0u64; FINGERPRINT_HASHES];
        for (slot, chunk) in mins.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            *slot = u64::from_le_bytes(word);
        }
        Some(Fingerprint(mins))
    }
}

fn fnv1a(words: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for word in words {
        for b in word.bytes().chain(std::iter::once(b' ')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor_in(text: &str, quote: &str) -> Anchor {
        let chars: Vec<char> = text.chars().collect();
        let q: Vec<char> = quote.chars().collect();
        let start = find_all(&chars, &q)[0];
        anchor_text(&hash_text(text), "s", &chars, start, start + q.len())
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn unchanged_text_reattaches_at_the_same_place() {
        let text = "One sentence here. The minister resigned on Tuesday. Another one.";
        let a = anchor_in(text, "The minister resigned on Tuesday.");
        let found = locate(&a, &chars(text)).unwrap();
        assert_eq!((found.start, found.end), (a.start, a.end));
        assert_eq!(found.placement, Placement::Exact);
    }

    #[test]
    fn moved_text_is_found_exactly() {
        let text = "One sentence here. The minister resigned on Tuesday. Another one.";
        let a = anchor_in(text, "The minister resigned on Tuesday.");
        let moved = format!("A whole new paragraph was inserted above.\n\n{text}");
        let found = locate(&a, &chars(&moved)).unwrap();
        assert_eq!(found.placement, Placement::Exact);
        let got: String = chars(&moved)[found.start..found.end].iter().collect();
        assert_eq!(got, a.exact);
    }

    #[test]
    fn repeated_quote_prefers_matching_context() {
        let text = "Alpha said yes. Prices rose. Beta said no. Prices rose. Gamma.";
        let chars_text = chars(text);
        let second = find_all(&chars_text, &chars("Prices rose."))[1];
        let mut a = anchor_in(text, "Prices rose.");
        a.start = second;
        a.end = second + 12;
        a.prefix = chars_text[second.saturating_sub(CONTEXT_CHARS)..second]
            .iter()
            .collect();
        // Shift everything: the old position no longer holds the quote.
        let shifted = format!("Intro. {text}");
        let found = locate(&a, &chars(&shifted)).unwrap();
        assert_eq!(found.start, second + 7);
    }

    #[test]
    fn fixed_typo_is_a_fuzzy_match() {
        let text = "Intro text. The govenment announced new measures on Friday. Outro.";
        let a = anchor_in(text, "The govenment announced new measures on Friday.");
        let fixed = text.replace("govenment", "government");
        let found = locate(&a, &chars(&fixed)).unwrap();
        assert_eq!(found.placement, Placement::Fuzzy);
        assert_eq!(found.distance, 1);
        let got: String = chars(&fixed)[found.start..found.end].iter().collect();
        assert_eq!(got, "The government announced new measures on Friday.");
    }

    #[test]
    fn deleted_text_is_not_found() {
        let text = "Intro text. The minister resigned on Tuesday. Outro text here.";
        let a = anchor_in(text, "The minister resigned on Tuesday.");
        assert_eq!(locate(&a, &chars("Intro text. Outro text here.")), None);
    }

    #[test]
    fn rewritten_text_beyond_the_fuzzy_limit_is_not_found() {
        let text = "Intro. Officials confirmed twelve people were hurt. Outro.";
        let a = anchor_in(text, "Officials confirmed twelve people were hurt.");
        let other = "Intro. Police said that several bystanders had been injured. Outro.";
        assert_eq!(locate(&a, &chars(other)), None);
    }

    #[test]
    fn approximate_ends_agree_with_brute_force() {
        let pattern = chars("kitten sat");
        let text = chars("the sitting kitten sits on a mat, a kiten sat there");
        let max = 3;
        let fast = approximate_ends(&pattern, &text, max);
        for end in 0..=text.len() {
            let brute = (0..=end)
                .map(|s| edit_distance(&pattern, &text[s..end]))
                .min()
                .unwrap();
            let fast_value = fast.iter().find(|&&(e, _)| e == end).map(|&(_, d)| d);
            if brute <= max {
                assert_eq!(fast_value, Some(brute), "end {end}");
            } else {
                assert_eq!(fast_value, None, "end {end}");
            }
        }
    }

    #[test]
    fn fingerprints_tell_versions_from_other_articles() {
        let a = "The storm hit the coast on Monday night, cutting power to thousands of homes. \
                 Officials said repairs would take days. Schools were closed across the region.";
        let b = format!("Breaking update. {a} More to follow.");
        let c = "A court ruled on Tuesday that the merger can go ahead, ending a long dispute \
                 between the two companies and their regulators.";
        let fa = Fingerprint::of(a);
        assert!(fa.similarity(&Fingerprint::of(&b)) >= SAME_ARTICLE_SIMILARITY);
        assert!(fa.similarity(&Fingerprint::of(c)) < SAME_ARTICLE_SIMILARITY);
        assert_eq!(Fingerprint::from_bytes(&fa.to_bytes()), Some(fa));
    }

    proptest::proptest! {
        #[test]
        fn an_anchor_survives_text_inserted_before_it(
            before in "[a-zé東🙂\u{301} .]{0,80}",
            quote in "[a-zA-Z東🙂 ]{12,60}",
            after in "[a-z .]{0,40}",
            inserted in "[a-z東🙂\n ]{0,40}",
        ) {
            let text = format!("{before}{quote}{after}");
            let chars_text = chars(&text);
            let start = before.chars().count();
            let anchor = anchor_text("h", "s", &chars_text, start, start + quote.chars().count());
            let same = locate(&anchor, &chars_text).unwrap();
            proptest::prop_assert_eq!(same.placement, Placement::Exact);
            let shifted_text = chars(&format!("{inserted}{text}"));
            let found = locate(&anchor, &shifted_text).unwrap();
            proptest::prop_assert_eq!(found.placement, Placement::Exact);
            let got: String = shifted_text[found.start..found.end].iter().collect();
            proptest::prop_assert_eq!(got, quote);
        }
    }
}
