//! BERT's uncased WordPiece tokenization, as the embedding table needs it.
//!
//! This is the pipeline of the `tokenizers` crate's `BertNormalizer` (clean
//! the text, space out CJK ideographs, strip accents, lowercase),
//! `BertPreTokenizer` (split on whitespace, isolate punctuation) and
//! `WordPiece` model (greedy longest match, `##` continuations), written for
//! this one use: no offsets, no allocation per character, and a vocabulary
//! read in place. The crate itself takes about 11 ms to build its
//! vocabulary and 75 µs a statement, which alone would break the 20 ms
//! budget of a whole comparison; it stays the reference, and
//! `tests/wordpiece_oracle.rs` checks that both give the same ids, token for
//! token, on real articles and on random text.
//!
//! Character classes come from `unicode_categories`, the crate `tokenizers`
//! uses, so the two agree on what counts as punctuation or a control.

use unicode_categories::UnicodeCategories;
use unicode_normalization::UnicodeNormalization;

/// A word longer than this many characters is one unknown token.
pub const MAX_WORD_CHARS: usize = 100;

/// The vocabulary: token text to id, borrowed from the embedded list and
/// found through an open-addressing table of ids (built in well under a
/// millisecond: no string is copied).
pub struct Vocab {
    tokens: Vec<&'static str>,
    /// `id + 1` of the token whose hash lands here (or after, probing
    /// linearly); 0 for an empty slot. A power of two, at most half full.
    slots: Vec<u32>,
    unknown: u32,
    longest: usize,
}

impl Vocab {
    /// Read a vocabulary of one token per line (line number = id). `None`
    /// when it has no `[UNK]`.
    pub fn new(lines: &'static str) -> Option<Vocab> {
        let tokens: Vec<&'static str> = lines.split_terminator('\n').collect();
        let size = (tokens.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![0u32; size];
        for (id, token) in tokens.iter().enumerate() {
            let mut slot = fnv(token.as_bytes()) as usize & (size - 1);
            while slots[slot] != 0 {
                if tokens[slots[slot] as usize - 1] == *token {
                    break; // a repeated line keeps its first id
                }
                slot = (slot + 1) & (size - 1);
            }
            if slots[slot] == 0 {
                slots[slot] = id as u32 + 1;
            }
        }
        let longest = tokens.iter().map(|t| t.len()).max().unwrap_or(0);
        let mut vocab = Vocab {
            tokens,
            slots,
            unknown: 0,
            longest,
        };
        vocab.unknown = vocab.id("[UNK]")?;
        Some(vocab)
    }

    fn id(&self, token: &str) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut slot = fnv(token.as_bytes()) as usize & mask;
        loop {
            match self.slots[slot] {
                0 => return None,
                n if self.tokens[n as usize - 1] == token => return Some(n - 1),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The id of `[UNK]`.
    pub fn unknown(&self) -> u32 {
        self.unknown
    }

    /// The ids of `text`'s tokens, `[UNK]` included, at most `max` of them
    /// (a statement of thousands of words stops early).
    pub fn tokenize(&self, text: &str, max: usize) -> Vec<u32> {
        let normalized = normalize(text);
        let mut ids = Vec::new();
        let mut piece = String::new();
        'words: for word in normalized.split(char::is_whitespace) {
            let mut rest = word;
            while !rest.is_empty() {
                // A punctuation character is a word of its own.
                let cut = rest
                    .char_indices()
                    .find(|&(_, c)| is_punctuation(c))
                    .map_or(rest.len(), |(i, _)| i);
                let (part, after) = if cut == 0 {
                    let len = rest.chars().next().map_or(1, char::len_utf8);
                    rest.split_at(len)
                } else {
                    rest.split_at(cut)
                };
                self.word_pieces(part, &mut piece, &mut ids);
                if ids.len() >= max {
                    ids.truncate(max);
                    break 'words;
                }
                rest = after;
            }
        }
        ids
    }

    /// Greedy longest-match-first split of one word into vocabulary pieces;
    /// a word that cannot be split entirely is one `[UNK]`.
    fn word_pieces(&self, word: &str, piece: &mut String, ids: &mut Vec<u32>) {
        if word.chars().count() > MAX_WORD_CHARS {
            ids.push(self.unknown);
            return;
        }
        let first = ids.len();
        let mut start = 0;
        while start < word.len() {
            // No token is longer than the vocabulary's longest, "##" included.
            let mut end = word.len().min(start + self.longest);
            while !word.is_char_boundary(end) {
                end -= 1;
            }
            let mut found = None;
            while start < end {
                piece.clear();
                if start > 0 {
                    piece.push_str("##");
                }
                piece.push_str(&word[start..end]);
                if let Some(id) = self.id(piece) {
                    found = Some(id);
                    break;
                }
                end -= word[..end].chars().next_back().map_or(1, char::len_utf8);
            }
            match found {
                Some(id) => {
                    ids.push(id);
                    start = end;
                }
                None => {
                    ids.truncate(first);
                    ids.push(self.unknown);
                    return;
                }
            }
        }
    }
}

/// `BertNormalizer` with every option on: drop controls, turn whitespace
/// into spaces, space out CJK ideographs, strip accents (NFD, then drop
/// nonspacing marks), lowercase. In that order, as the reference does.
fn normalize(text: &str) -> String {
    if text.is_ascii() {
        let mut out: String = text
            .chars()
            .filter(|&c| !is_control(c))
            .map(|c| if is_whitespace(c) { ' ' } else { c })
            .collect();
        out.make_ascii_lowercase();
        return out;
    }
    let mut cleaned = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        if is_whitespace(c) {
            cleaned.push(' ');
        } else if is_chinese_char(c) {
            cleaned.push(' ');
            cleaned.push(c);
            cleaned.push(' ');
        } else {
            cleaned.push(c);
        }
    }
    cleaned
        .nfd()
        .filter(|c| !c.is_mark_nonspacing())
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || c.is_whitespace()
}

fn is_control(c: char) -> bool {
    if c.is_ascii() {
        // The only "other" characters in ASCII are its controls (Cc).
        c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r')
    } else {
        c.is_other()
    }
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_ascii() && c.is_punctuation())
}

fn is_chinese_char(c: char) -> bool {
    matches!(
        c as u32,
        0x4E00..=0x9FFF
            | 0x3400..=0x4DBF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2B73F
            | 0x2B740..=0x2B81F
            | 0x2B920..=0x2CEAF
            | 0xF900..=0xFAFF
            | 0x2F800..=0x2FA1F
    )
}

/// FNV-1a: vocabulary keys are a few bytes long, where it is fast and
/// spreads well; the keys are fixed, so flooding is no concern.
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_controls_match_the_unicode_classes() {
        for c in (0u8..128).map(char::from) {
            let by_category = !matches!(c, '\t' | '\n' | '\r') && c.is_other();
            assert_eq!(is_control(c), by_category, "{c:?}");
        }
    }

    fn vocab() -> Vocab {
        Vocab::new("[PAD]\n[UNK]\n!\n,\nthe\nun\n##aff\n##able\ncafe\n##s\n中\n")
            .expect("has [UNK]")
    }

    #[test]
    fn splits_words_into_the_longest_pieces() {
        let v = vocab();
        assert_eq!(v.tokenize("The unaffable!", 100), vec![4, 5, 6, 7, 2]);
        assert_eq!(v.tokenize("Cafés, the", 100), vec![8, 9, 3, 4]);
        assert_eq!(v.tokenize("unknownword the", 100), vec![1, 4]);
        assert_eq!(v.tokenize("中the", 100), vec![10, 4]);
    }

    #[test]
    fn stops_at_the_limit_and_survives_odd_text() {
        let v = vocab();
        assert_eq!(v.tokenize(&"the ".repeat(10_000), 5).len(), 5);
        assert_eq!(v.tokenize("", 10), Vec::<u32>::new());
        assert_eq!(v.tokenize("\u{0}\u{7}\u{fffd}", 10), Vec::<u32>::new());
        assert_eq!(v.tokenize(&"x".repeat(500), 10), vec![1]);
    }
}
