//! Static sentence embeddings: meaning beyond shared words.
//!
//! A table distilled from all-MiniLM-L6-v2 by model2vec (see
//! `assets/embed/rebuild.py`) gives every WordPiece token of the model's
//! vocabulary one vector; a statement's embedding is the mean of its tokens'
//! vectors, so "pushed back the deadline" and "delayed the tariffs" land
//! near each other though they share no word. The table ships inside the
//! binary (int8 with one scale per row, about 7.5 MB, checked at build time
//! by `src/build.rs`); it is read in place, never parsed or copied.
//!
//! Every statement of a story is about the story, so raw embeddings of one
//! story are all alike. [`center`] removes the story's mean direction before
//! statements are compared: what is left is what a statement says that the
//! others do not.

use super::wordpiece::Vocab;
use std::sync::OnceLock;

/// Dimensions of a statement embedding.
pub const DIMS: usize = 256;

/// The vocabulary, for tests that compare tokenizers.
pub fn vocab() -> Option<&'static Vocab> {
    table().map(|t| &t.vocab)
}

/// Tokens past this many are not read: the distilled model pools at most
/// 512, and a statement's meaning is settled long before.
pub const MAX_TOKENS: usize = 512;

/// Bytes of text handed to the tokenizer at most: with at least one byte
/// per token, enough for [`MAX_TOKENS`] tokens of any script.
const MAX_TEXT_BYTES: usize = 16 * 1024;

static TABLE: &[u8] = include_bytes!("../../assets/embed/minilm-static.bin");
static VOCAB: &str = include_str!("../../assets/embed/vocab.txt");

const MAGIC: &[u8; 4] = b"XRSE";
const HEADER: usize = 12;

/// One statement's embedding: unit length, or all zeros when the statement
/// has no token the table knows.
pub type Vector = [f32; DIMS];

struct Table {
    vocab: Vocab,
    rows: usize,
    scales: &'static [u8],
    values: &'static [u8],
}

impl Table {
    fn load() -> Option<Table> {
        let header = TABLE.get(..HEADER)?;
        if &header[..4] != MAGIC {
            return None;
        }
        let word =
            |i: usize| u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]);
        let (rows, dims) = (word(4) as usize, word(8) as usize);
        if dims != DIMS || TABLE.len() != HEADER + rows * 4 + rows * dims {
            return None;
        }
        let vocab = Vocab::new(VOCAB)?;
        if vocab.len() != rows {
            return None;
        }
        Some(Table {
            vocab,
            rows,
            scales: &TABLE[HEADER..HEADER + rows * 4],
            values: &TABLE[HEADER + rows * 4..],
        })
    }

    fn add_row(&self, row: usize, sum: &mut Vector) {
        let s = &self.scales[row * 4..row * 4 + 4];
        let scale = f32::from_le_bytes([s[0], s[1], s[2], s[3]]);
        let values = &self.values[row * DIMS..(row + 1) * DIMS];
        for (acc, &v) in sum.iter_mut().zip(values) {
            *acc += scale * f32::from(v as i8);
        }
    }

    fn embed(&self, text: &str) -> Vector {
        let mut sum = [0.0f32; DIMS];
        let text = cut_at_char_boundary(text, MAX_TEXT_BYTES);
        // Unknown tokens carry nothing (model2vec drops them too).
        let unknown = self.vocab.unknown();
        let mut count = 0usize;
        for id in self.vocab.tokenize(text, MAX_TOKENS * 2) {
            if id == unknown || id as usize >= self.rows {
                continue;
            }
            self.add_row(id as usize, &mut sum);
            count += 1;
            if count == MAX_TOKENS {
                break;
            }
        }
        normalize(&mut sum);
        sum
    }
}

fn table() -> Option<&'static Table> {
    static LOADED: OnceLock<Option<Table>> = OnceLock::new();
    LOADED.get_or_init(Table::load).as_ref()
}

fn cut_at_char_boundary(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Scale to unit length; a zero (or non-finite) vector becomes all zeros.
fn normalize(v: &mut Vector) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 1e-9 && norm.is_finite() {
        v.iter_mut().for_each(|x| *x /= norm);
    } else {
        *v = [0.0; DIMS];
    }
}

/// The embedding of one statement (see [`Vector`]).
pub fn embed(text: &str) -> Vector {
    table().map_or([0.0; DIMS], |t| t.embed(text))
}

/// Embeddings of many statements, on the available cores.
pub fn embed_all(texts: &[&str]) -> Vec<Vector> {
    let Some(table) = table() else {
        return vec![[0.0; DIMS]; texts.len()];
    };
    super::parallel::map(texts.len(), 64, |i| table.embed(texts[i]))
}

/// Remove the direction every statement shares: subtract the mean of the
/// (non-zero) embeddings and scale each back to unit length. Statements the
/// table knows nothing of stay zero.
pub fn center(vectors: &mut [Vector]) {
    let mut mean = [0.0f32; DIMS];
    let mut count = 0usize;
    for v in vectors.iter().filter(|v| v.iter().any(|&x| x != 0.0)) {
        mean.iter_mut().zip(v).for_each(|(m, x)| *m += x);
        count += 1;
    }
    if count == 0 {
        return;
    }
    mean.iter_mut().for_each(|m| *m /= count as f32);
    for v in vectors.iter_mut().filter(|v| v.iter().any(|&x| x != 0.0)) {
        v.iter_mut().zip(&mean).for_each(|(x, m)| *x -= m);
        normalize(v);
    }
}

/// Cosine of two unit (or zero) vectors.
pub fn cosine(a: &Vector, b: &Vector) -> f32 {
    // Eight running sums, so the compiler can keep them in one SIMD
    // register: a single sum must add in order and cannot.
    let mut acc = [0.0f32; 8];
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    acc.iter().sum()
}

/// Whether the embedding table loaded (it always does in a sound build).
pub fn available() -> bool {
    table().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_loads() {
        assert!(available());
    }

    /// The figures model2vec's own `StaticModel.encode` gives with the
    /// unquantised table (assets/embed/rebuild.py): same tokens, same vector
    /// within the int8 rounding.
    #[test]
    fn matches_the_python_reference() {
        let text = "Zelenskiy rejected the invitation to Moscow.";
        let t = table().expect("table");
        assert_eq!(
            t.vocab.tokenize(text, 100),
            vec![26841, 6773, 4491, 1103, 4840, 999, 7471, 1003, 3927, 15]
        );
        let v = embed(text);
        let want = [0.2866, 0.0531, 0.2184, -0.058, 0.0208, -0.1912];
        for (got, want) in v.iter().zip(want) {
            assert!((got - want).abs() < 0.01, "{got} vs {want}");
        }
    }

    #[test]
    fn paraphrases_are_closer_than_other_topics() {
        let a = embed("President Trump delayed the steel tariffs for allies.");
        let b = embed("Trump pushed back his decision on tariffs on steel from the EU.");
        let c = embed("The earthquake woke residents of Santa Rosa before dawn.");
        assert!(
            cosine(&a, &b) > cosine(&a, &c) + 0.1,
            "{} {}",
            cosine(&a, &b),
            cosine(&a, &c)
        );
        let norm: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4);
    }

    #[test]
    fn text_with_no_known_token_is_zero_not_nan() {
        for text in ["", "   ", "\u{1F600}\u{1F600}", "\u{0}\u{1}"] {
            let v = embed(text);
            assert!(v.iter().all(|x| *x == 0.0 || x.is_finite()), "{text:?}");
        }
        let mut vs = vec![embed(""), embed("Moscow"), embed("Kyiv")];
        center(&mut vs);
        assert!(vs.iter().flatten().all(|x| x.is_finite()));
        assert!(vs[0].iter().all(|&x| x == 0.0));
    }

    #[test]
    fn a_huge_statement_is_cut_not_slow() {
        let long = "the committee said the vote would happen on Tuesday ".repeat(1000);
        let started = std::time::Instant::now();
        let v = embed(&long);
        assert!(v.iter().any(|&x| x != 0.0));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}
