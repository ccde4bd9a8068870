//! Turning a statement into comparable tokens.
//!
//! Each token keeps its span in the statement (code points) and two forms:
//! `folded`, the surface after Unicode/case/quote folding (two tokens whose
//! `folded` differ only because of style are trivial variants), and `key`,
//! the canonical form compared across sources: numbers in one notation,
//! UK spellings made American, a few newsroom synonyms folded ("nixed" and
//! "cancelled", "trip" and "visit"), Snowball stems, and a transliteration fold
//! (doubled letters collapsed, a trailing y/i dropped) so that Zelenskyy,
//! Zelenskiy and Zelensky meet.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// What a token contributes to similarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A function word: kept for the word diff, ignored by similarity.
    Stop,
    Word,
    /// A capitalised word inside the sentence: a person, place or body.
    Name,
    Number,
}

/// One word of a statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Code points into the statement's text.
    pub start: usize,
    pub end: usize,
    /// Surface after NFKC, case, diacritic and apostrophe folding.
    pub folded: String,
    /// Canonical form compared across sources.
    pub key: String,
    /// A 64-bit hash of `key`: diffs and indexes compare numbers, not strings.
    pub id: u64,
    pub kind: TokenKind,
}

/// FNV-1a: stable across runs and platforms, so ids never depend on a seed.
pub fn key_id(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl Token {
    pub fn is_content(&self) -> bool {
        self.kind != TokenKind::Stop
    }
}

struct Tables {
    stop: HashSet<&'static str>,
    spelling: HashMap<&'static str, &'static str>,
    names: HashMap<&'static str, &'static str>,
    synonyms: HashMap<&'static str, &'static str>,
    stemmer: Stemmer,
}

fn tsv(text: &'static str) -> HashMap<&'static str, &'static str> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.trim(), b.trim()))
        .collect()
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables {
        stop: include_str!("../../assets/align/stopwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect(),
        spelling: tsv(include_str!("../../assets/align/spelling.tsv")),
        names: tsv(include_str!("../../assets/align/names.tsv")),
        synonyms: tsv(include_str!("../../assets/align/synonyms.tsv")),
        stemmer: Stemmer::create(Algorithm::English),
    })
}

/// Whether a lower-cased, apostrophe-free word is a function word.
pub fn is_stop_word(word: &str) -> bool {
    tables().stop.contains(word)
}

const NUMBER_WORDS: [(&str, &str); 22] = [
    ("zero", "0"),
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("thirteen", "13"),
    ("fifteen", "15"),
    ("twenty", "20"),
    ("thirty", "30"),
    ("forty", "40"),
    ("fifty", "50"),
    ("hundred", "100"),
    ("dozen", "12"),
    ("half", "0.5"),
];

fn number_word(word: &str) -> Option<&'static str> {
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, digits)| *digits)
}

const MONTH_ABBREVIATIONS: [(&str, &str); 10] = [
    ("jan", "january"),
    ("feb", "february"),
    ("mar", "march"),
    ("apr", "april"),
    ("aug", "august"),
    ("sep", "september"),
    ("sept", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
];

/// Fold one character the way every comparison should see it: typographic
/// quotes and dashes to ASCII, compatibility forms (NFKC) decomposed,
/// diacritics dropped, lower case.
fn fold_char(c: char, out: &mut String) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
        _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        _ => {
            for d in std::iter::once(c).nfkd() {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            }
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}')
}

/// Split a statement into raw words with their code-point spans. A word is a
/// run of letters and digits; an apostrophe between letters stays inside
/// ("didn't"), a comma or point between digits stays inside ("1,000", "2.5"),
/// and "%" is a word of its own so "20%" reads like "20 percent".
fn raw_words(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '%' {
            words.push((i, i + 1, "%".to_string()));
            i += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let mut surface = String::new();
        while i < chars.len() {
            let c = chars[i];
            if c.is_alphanumeric() {
                surface.push(c);
                i += 1;
                continue;
            }
            let next = chars.get(i + 1).copied();
            let prev = chars[i - 1];
            // "U.S." and "U.K." are one word, as "US" and "UK" are.
            let single_letter_so_far = surface.chars().count() == 1
                || surface.chars().rev().nth(1).is_some_and(|c| c == '.');
            if c == '.'
                && prev.is_uppercase()
                && single_letter_so_far
                && next.is_some_and(char::is_uppercase)
                && !chars.get(i + 2).copied().is_some_and(char::is_alphanumeric)
            {
                surface.push(c);
                i += 1;
                continue;
            }
            let joins = match next {
                Some(n) if is_apostrophe(c) => prev.is_alphabetic() && n.is_alphabetic(),
                Some(n) if c == ',' || c == '.' => {
                    prev.is_ascii_digit()
                        && n.is_ascii_digit()
                        // "1,000" joins; "5,6" (a list) should not.
                        && (c == '.' || chars[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count() == 3)
                }
                _ => false,
            };
            if !joins {
                break;
            }
            surface.push(c);
            i += 1;
        }
        words.push((start, i, surface));
    }
    words
}

/// The transliteration fold applied to every alphabetic key: doubled letters
/// collapse and a trailing run of y/i goes, so "Zelenskyy", "Zelenskiy",
/// "Zelensky" (and the stems "polici"/"policy") share one key. Short words
/// keep their ending: "by" and "bi" must not meet.
fn skeleton(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    for c in word.chars() {
        if Some(c) != last {
            out.push(c);
        }
        last = Some(c);
    }
    let trimmed = out.trim_end_matches(['y', 'i']);
    if trimmed.chars().count() >= 4 {
        trimmed.to_string()
    } else {
        out
    }
}

fn alphabetic_key(word: &str) -> String {
    let t = tables();
    if let Some(canonical) = t.names.get(word) {
        return skeleton(canonical);
    }
    let word = t.synonyms.get(word).copied().unwrap_or(word);
    let american: std::borrow::Cow<str> = if let Some(us) = t.spelling.get(word) {
        (*us).into()
    } else if let Some(stem) = word.strip_suffix("isation") {
        format!("{stem}ization").into()
    } else if let Some(stem) = word.strip_suffix("isations") {
        format!("{stem}izations").into()
    } else {
        word.into()
    };
    let stem = t.stemmer.stem(&american);
    skeleton(&stem)
}

/// Names written in several words that outlets also write in one.
const MULTIWORD_ALIASES: [(&str, &str, &str); 4] = [
    ("united", "states", "usa"),
    ("united", "kingdom", "uk"),
    ("great", "britain", "uk"),
    ("new", "york", "ny"),
];

/// A multi-word name starting with `first`: its key and how many more words it spans.
fn multiword_alias(first: &str, rest: &[(usize, usize, String)]) -> Option<(&'static str, usize)> {
    let second = rest.first()?.2.to_lowercase();
    MULTIWORD_ALIASES
        .iter()
        .find(|(a, b, _)| *a == first && *b == second)
        .map(|(_, _, key)| (*key, 1))
}

/// Tokenizes many statements, remembering the key of every word it has
/// seen: stories repeat their words, and stemming is the costly step.
#[derive(Default)]
pub struct Tokenizer {
    keys: HashMap<String, String>,
}

impl Tokenizer {
    pub fn tokenize(&mut self, text: &str) -> Vec<Token> {
        tokenize_with(text, &mut |word| {
            if let Some(key) = self.keys.get(word) {
                return key.clone();
            }
            let key = alphabetic_key(word);
            self.keys.insert(word.to_string(), key.clone());
            key
        })
    }
}

/// Tokenize a statement for similarity and word diffs.
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_with(text, &mut alphabetic_key)
}

fn tokenize_with(text: &str, key_of: &mut dyn FnMut(&str) -> String) -> Vec<Token> {
    let words = raw_words(text);
    let mut tokens: Vec<Token> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let (start, end, surface) = &words[i];
        let mut folded = String::with_capacity(surface.len());
        for c in surface.chars() {
            fold_char(c, &mut folded);
        }
        // Apostrophes are style, and a possessive is the same name.
        // Points inside "U.S." go; a decimal point stays.
        let folded: String = if folded.starts_with(|c: char| c.is_ascii_digit()) {
            folded
        } else {
            folded.chars().filter(|&c| c != '.').collect()
        };
        let bare: String = {
            let no_possessive = folded
                .strip_suffix("'s")
                .filter(|rest| rest.chars().count() > 1)
                .unwrap_or(&folded);
            no_possessive.chars().filter(|&c| c != '\'').collect()
        };
        // "US" the country, not "us" the pronoun.
        let bare = if bare == "us" && surface.chars().all(|c| c.is_uppercase() || c == '.') {
            "usa".to_string()
        } else {
            bare
        };
        let capitalised = surface.chars().next().is_some_and(char::is_uppercase);
        let first_in_sentence = tokens.is_empty();
        let (key, kind, end) = if bare == "%" {
            ("percent".to_string(), TokenKind::Word, *end)
        } else if bare == "per"
            && words
                .get(i + 1)
                .is_some_and(|w| w.2.to_lowercase() == "cent")
        {
            // "per cent" is one word, spelled apart.
            i += 1;
            ("percent".to_string(), TokenKind::Word, words[i].1)
        } else if bare == "pct" || bare == "percent" {
            ("percent".to_string(), TokenKind::Word, *end)
        } else if let Some((key, span)) = multiword_alias(&bare, &words[i + 1..]) {
            i += span;
            (key.to_string(), TokenKind::Name, words[i].1)
        } else if bare.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            let digits: String = bare.chars().filter(|&c| c != ',').collect();
            // "13th" and "13" name the same day.
            let digits = ["st", "nd", "rd", "th"]
                .iter()
                .find_map(|suffix| digits.strip_suffix(suffix))
                .filter(|d| d.chars().all(|c| c.is_ascii_digit()))
                .map_or(digits.clone(), str::to_string);
            (digits, TokenKind::Number, *end)
        } else if let Some(digits) = number_word(&bare) {
            (digits.to_string(), TokenKind::Number, *end)
        } else if is_stop_word(&bare) {
            (bare.clone(), TokenKind::Stop, *end)
        } else {
            let expanded = MONTH_ABBREVIATIONS
                .iter()
                .find(|(abbr, _)| *abbr == bare)
                .map_or(bare.as_str(), |(_, month)| month);
            let kind = if capitalised && !first_in_sentence {
                TokenKind::Name
            } else {
                TokenKind::Word
            };
            (key_of(expanded), kind, *end)
        };
        tokens.push(Token {
            start: *start,
            end,
            folded: bare,
            id: key_id(&key),
            key,
            kind,
        });
        i += 1;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .filter(Token::is_content)
            .map(|t| t.key)
            .collect()
    }

    #[test]
    fn percent_in_every_spelling_is_one_key() {
        assert_eq!(keys("roughly 20 percent"), keys("roughly 20 per cent"));
        assert_eq!(keys("roughly 20 percent"), keys("roughly 20%"));
    }

    #[test]
    fn number_words_and_digits_meet() {
        assert_eq!(keys("a four-year term"), keys("a 4-year term"));
        assert_eq!(keys("1,000 troops"), keys("1000 troops"));
        assert_eq!(
            keys("6.2 miles"),
            vec!["6.2".to_string(), "mile".to_string()]
        );
        assert_ne!(keys("20 percent"), keys("25 percent"));
    }

    #[test]
    fn transliterations_meet() {
        let z = keys("Zelenskyy");
        assert_eq!(z, keys("Zelenskiy"));
        assert_eq!(z, keys("Zelensky"));
        assert_eq!(keys("Kiev"), keys("Kyiv"));
        assert_eq!(keys("Sergei"), keys("Sergey"));
        assert_eq!(keys("the U.S. embassy"), keys("the US embassy"));
        assert_eq!(keys("the U.K."), keys("the United Kingdom"));
        assert_eq!(keys("U.S. troops"), keys("United States troops"));
        assert_ne!(keys("US troops"), keys("us troops"));
        assert_eq!(keys("on the 13th of July"), keys("on 13 July"));
    }

    #[test]
    fn uk_spelling_meets_us_and_quotes_fold() {
        assert_eq!(keys("the labour rumours"), keys("the labor rumors"));
        assert_eq!(keys("the organisation"), keys("the organization"));
        assert_eq!(
            keys("Trump nixed the trip"),
            keys("Trump cancelled the visit")
        );
        assert_eq!(keys("“very good things”"), keys("\"very good things\""));
        assert_eq!(keys("Putin’s"), keys("Putin's"));
        assert_eq!(keys("Putin’s"), keys("Putin"));
    }

    #[test]
    fn spans_are_code_points() {
        let tokens = tokenize("“Zelenskyy” said 20%");
        assert_eq!((tokens[0].start, tokens[0].end), (1, 10));
        let percent = tokens.last().map(|t| (t.start, t.end, t.key.as_str()));
        assert_eq!(percent, Some((19, 20, "percent")));
    }

    #[test]
    fn inner_capitals_are_names() {
        let tokens = tokenize("Officials met Rubio");
        assert_eq!(tokens[0].kind, TokenKind::Word);
        assert_eq!(tokens[2].kind, TokenKind::Name);
    }
}
