//! Line cleaning driven by `assets/cleaning.toml`: double-encoding repair,
//! unrepairable mojibake remnants, invisible characters, and whole junk lines.
//! Everything removed or repaired is returned as a [`Removal`].

use crate::model::Removal;
use regex::Regex;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, OnceLock};
use unicode_normalization::UnicodeNormalization;

const RULES_TOML: &str = include_str!("../../assets/cleaning.toml");

#[derive(Deserialize)]
struct RuleFile {
    line: Vec<LineRuleSpec>,
    fragment: Vec<FragmentRule>,
    caption: Vec<CaptionRule>,
    structure: StructureSpec,
    segment: SegmentSpec,
}

#[derive(Deserialize)]
struct StructureSpec {
    dateline: String,
    #[serde(default)]
    dateline_needs: Vec<String>,
}

/// The fields a [`Pattern`] is read from; every kind of rule has them.
#[derive(Deserialize)]
struct PatternSpec {
    pattern: String,
    #[serde(default)]
    starts: Vec<String>,
    #[serde(default)]
    needs: Vec<String>,
}

impl From<PatternSpec> for Pattern {
    fn from(spec: PatternSpec) -> Pattern {
        Pattern::new(spec.pattern, spec.starts, spec.needs)
    }
}

#[derive(Deserialize)]
struct LineRuleSpec {
    name: String,
    #[serde(flatten)]
    pattern: Pattern,
    max_chars: Option<usize>,
    action: Option<String>,
}

#[derive(Deserialize)]
struct SegmentSpec {
    abbreviations: Vec<String>,
    name_titles: Vec<String>,
    sentence_starters: Vec<String>,
}

/// What a junk-line rule does besides dropping the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineAction {
    Drop,
    /// Keep the `date` group as the source's date.
    Date,
    /// Keep the `byline` group as the source's byline.
    Byline,
}

/// A rule's regex, compiled on first use, behind a cheap literal pre-check:
/// compiling the Unicode-aware rules is most of ingest's start-up cost, and
/// most rules never see a line that could match them.
///
/// `starts` and `needs` come from the rule file: every match of the pattern
/// begins with one of `starts` or contains one of `needs` (ASCII letters
/// compared case-insensitively; `#digit` in `starts` stands for any numeric
/// first character). With neither, the regex always runs.
#[derive(Deserialize)]
#[serde(from = "PatternSpec")]
pub struct Pattern {
    source: String,
    starts: Vec<String>,
    needs: Vec<String>,
    regex: OnceLock<Regex>,
}

impl Pattern {
    fn new(source: String, starts: Vec<String>, needs: Vec<String>) -> Pattern {
        Pattern {
            source,
            starts,
            needs,
            regex: OnceLock::new(),
        }
    }

    /// The compiled regex. The rule file is part of the binary and its every
    /// pattern is compiled by the tests, so a bad pattern is a build defect.
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            Regex::new(&self.source)
                .unwrap_or_else(|e| panic!("assets/cleaning.toml: pattern {}: {e}", self.source))
        })
    }

    /// False only when the pattern cannot match `text`.
    pub fn may_match(&self, text: &str) -> bool {
        if self.starts.is_empty() && self.needs.is_empty() {
            return true;
        }
        // Unicode case folding maps these two onto ASCII `k` and `s`.
        if !text.is_ascii() && text.contains(['\u{212A}', '\u{17F}']) {
            return true;
        }
        let hay = text.as_bytes();
        self.starts.iter().any(|start| {
            if start == "#digit" {
                text.chars().next().is_some_and(char::is_numeric)
            } else {
                hay.get(..start.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(start.as_bytes()))
            }
        }) || self
            .needs
            .iter()
            .any(|need| contains_ignore_ascii_case(hay, need.as_bytes()))
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.may_match(text) && self.regex().is_match(text)
    }

    pub fn captures<'t>(&self, text: &'t str) -> Option<regex::Captures<'t>> {
        if self.may_match(text) {
            self.regex().captures(text)
        } else {
            None
        }
    }
}

/// Whether `hay` contains `need`, ASCII letters compared case-insensitively.
/// Candidates come from a vectorised scan for the first byte in either case,
/// so a rule's pre-check costs about one pass over the line.
fn contains_ignore_ascii_case(hay: &[u8], need: &[u8]) -> bool {
    let Some((&first, rest)) = need.split_first() else {
        return true;
    };
    let last_start = match hay.len().checked_sub(need.len()) {
        Some(last) => last,
        None => return false,
    };
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay)
        .take_while(|&at| at <= last_start)
        .any(|at| hay[at + 1..at + need.len()].eq_ignore_ascii_case(rest))
}

pub struct LineRule {
    pub name: String,
    pattern: Pattern,
    max_chars: usize,
    pub action: LineAction,
}

#[derive(Deserialize)]
pub struct FragmentRule {
    pub name: String,
    #[serde(flatten)]
    pattern: Pattern,
    replace: String,
}

#[derive(Deserialize)]
pub struct CaptionRule {
    pub name: String,
    #[serde(flatten)]
    pub pattern: Pattern,
}

/// A byline holds at most this many names' words besides "and" ("By Jane
/// Doe and John Smith" holds four);
/// a longer capitalised line opening with "By" is a headline or a sentence.
const MAX_BYLINE_WORDS: usize = 8;
/// A dateline's place ("WEST PALM BEACH") and region ("Fla.") are short.
const DATELINE_PLACE_CHARS: usize = 41;
const DATELINE_REGION_CHARS: usize = 20;

/// The compiled cleaning and segmentation rules.
pub struct Rules {
    pub lines: Vec<LineRule>,
    pub fragments: Vec<FragmentRule>,
    pub captions: Vec<CaptionRule>,
    /// Where a story was filed, opening its first paragraph.
    pub dateline: Pattern,
    pub abbreviations: HashSet<String>,
    pub name_titles: HashSet<String>,
    pub sentence_starters: HashSet<String>,
}

/// The rules compiled once per process. The file is part of the binary and
/// covered by tests, so a malformed rule is a build defect, not an input error.
pub static RULES: LazyLock<Rules> = LazyLock::new(|| {
    Rules::parse(RULES_TOML).unwrap_or_else(|e| panic!("assets/cleaning.toml: {e}"))
});

impl Rules {
    pub fn parse(toml_text: &str) -> Result<Rules, String> {
        let file: RuleFile = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        let mut lines = Vec::new();
        for spec in file.line {
            let action = match spec.action.as_deref() {
                None => LineAction::Drop,
                Some("date") => LineAction::Date,
                Some("byline") => LineAction::Byline,
                Some(other) => return Err(format!("rule {}: unknown action {other}", spec.name)),
            };
            lines.push(LineRule {
                pattern: spec.pattern,
                max_chars: spec.max_chars.unwrap_or(usize::MAX),
                action,
                name: spec.name,
            });
        }
        Ok(Rules {
            lines,
            fragments: file.fragment,
            captions: file.caption,
            dateline: Pattern::new(
                file.structure.dateline,
                Vec::new(),
                file.structure.dateline_needs,
            ),
            abbreviations: file.segment.abbreviations.into_iter().collect(),
            name_titles: file.segment.name_titles.into_iter().collect(),
            sentence_starters: file.segment.sentence_starters.into_iter().collect(),
        })
    }

    /// The first junk-line rule matching the (trimmed) line.
    pub fn junk_rule(&self, line: &str) -> Option<(&LineRule, Option<String>)> {
        let chars = line.chars().count();
        self.lines.iter().find_map(|rule| {
            if chars > rule.max_chars {
                return None;
            }
            let caps = rule.pattern.captures(line)?;
            let kept = match rule.action {
                LineAction::Drop => None,
                LineAction::Date => caps.name("date").map(|m| m.as_str().trim().to_string()),
                LineAction::Byline => {
                    let byline = caps.name("byline")?.as_str().trim();
                    let names = byline.split_whitespace().filter(|w| *w != "and").count();
                    if names > MAX_BYLINE_WORDS {
                        return None;
                    }
                    Some(byline.to_string())
                }
            };
            Some((rule, kept))
        })
    }

    /// Whether the line opens with a dateline. The pattern begins
    /// `^\p{Lu}[\p{Lu}' .-]{3,}?`: checking the first four characters first
    /// keeps ordinary sentences from compiling it. The place's length bounds
    /// are checked here, on the shortest place that matches (see the rule).
    pub fn is_dateline(&self, line: &str) -> bool {
        let mut chars = line.chars();
        let head_ok = chars.next().is_some_and(char::is_uppercase)
            && chars
                .take(3)
                .filter(|&c| c.is_uppercase() || matches!(c, '\'' | ' ' | '.' | '-'))
                .count()
                == 3;
        let within = |m: Option<regex::Match>, most: usize| {
            m.is_none_or(|m| m.as_str().chars().count() <= most)
        };
        head_ok
            && self.dateline.captures(line).is_some_and(|caps| {
                within(caps.name("place"), DATELINE_PLACE_CHARS)
                    && within(caps.name("region"), DATELINE_REGION_CHARS)
            })
    }

    pub fn caption_rule(&self, block: &str) -> Option<&CaptionRule> {
        self.captions.iter().find(|r| r.pattern.is_match(block))
    }
}

/// Repair and strip one line in place of its text; removals are recorded
/// against `line_no`.
pub fn clean_line(line: &str, line_no: usize, removed: &mut Vec<Removal>) -> String {
    let mut text = repair_double_encoding(line, line_no, removed);
    text = strip_invisible(&text, line_no, removed);
    for rule in &RULES.fragments {
        if !rule.pattern.is_match(&text) {
            continue;
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for caps in rule.pattern.regex().captures_iter(&text) {
            let Some(whole) = caps.get(0) else { continue };
            let mut replacement = String::new();
            caps.expand(&rule.replace, &mut replacement);
            out.push_str(&text[last..whole.start()]);
            out.push_str(&replacement);
            last = whole.end();
            removed.push(Removal {
                line: Some(line_no),
                text: whole.as_str().to_string(),
                rule: rule.name.clone(),
                replacement: (!replacement.is_empty()).then_some(replacement),
            });
        }
        out.push_str(&text[last..]);
        text = out;
    }
    if text.is_ascii() {
        text
    } else {
        text.nfc().collect()
    }
}

/// The byte each windows-1252 character stands for, for bytes 0x80..=0xFF:
/// UTF-8 read as windows-1252 turns every byte into one of these. UTF-8 read
/// as ISO-8859-1 leaves C1 controls (U+0080..U+009F) instead, so those map to
/// their own value too.
static CP1252_BYTE: LazyLock<HashMap<char, u8>> = LazyLock::new(|| {
    let mut map: HashMap<char, u8> = (0x80u8..=0xff)
        .filter_map(|b| {
            let byte = [b];
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
            text.chars().next().map(|c| (c, b))
        })
        .collect();
    for b in 0x80u8..=0x9f {
        map.entry(char::from(b)).or_insert(b);
    }
    map
});

/// Repair UTF-8 that was decoded as windows-1252 ("â€™" -> "’", "Ã©" -> "é").
/// Only runs of characters that re-encode to a valid multi-byte UTF-8
/// sequence are changed, so ordinary accented text is left alone.
pub fn repair_double_encoding(line: &str, line_no: usize, removed: &mut Vec<Removal>) -> String {
    // Mojibake always starts with a lead byte shown as one of Â-ô.
    if line.is_ascii() || !line.chars().any(|c| ('\u{c2}'..='\u{f4}').contains(&c)) {
        return line.to_string();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some((repaired, used)) = decode_mojibake_at(&chars[i..]) {
            let original: String = chars[i..i + used].iter().collect();
            removed.push(Removal {
                line: Some(line_no),
                text: original,
                rule: "double-encoding".into(),
                replacement: Some(repaired.to_string()),
            });
            out.push(repaired);
            i += used;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// If the characters at the start re-encode (as windows-1252) to one valid
/// multi-byte UTF-8 character, that character and how many chars it used.
fn decode_mojibake_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = *CP1252_BYTE.get(chars.first()?)?;
    let len = match lead {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    if chars.len() < len {
        return None;
    }
    let mut bytes = [0u8; 4];
    bytes[0] = lead;
    for (k, c) in chars[1..len].iter().enumerate() {
        let b = *CP1252_BYTE.get(c)?;
        if !(0x80..=0xbf).contains(&b) {
            return None;
        }
        bytes[k + 1] = b;
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?;
    let c = decoded.chars().next()?;
    Some((c, len))
}

/// Remove zero-width and control characters, turn unusual spaces (NBSP and
/// friends) into plain spaces.
fn strip_invisible(line: &str, line_no: usize, removed: &mut Vec<Removal>) -> String {
    if line.is_ascii() && !line.bytes().any(|b| b.is_ascii_control()) {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut zero_width = String::new();
    let mut controls = String::new();
    let mut spaces = String::new();
    for c in line.chars() {
        match c {
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' | '\u{180e}' => {
                zero_width.push(c)
            }
            '\t' => out.push(' '),
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
                spaces.push(c);
                out.push(' ');
            }
            '\u{2028}' | '\u{2029}' => {
                controls.push(c);
                out.push(' ');
            }
            c if c.is_control() => controls.push(c),
            c => out.push(c),
        }
    }
    for (rule, text, replacement) in [
        ("zero-width", zero_width, None),
        ("control-character", controls, None),
        ("unusual-space", spaces, Some(" ".to_string())),
    ] {
        if !text.is_empty() {
            removed.push(Removal {
                line: Some(line_no),
                text: text.escape_unicode().to_string(),
                rule: rule.into(),
                replacement,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(line: &str) -> (String, Vec<Removal>) {
        let mut removed = Vec::new();
        (clean_line(line, 7, &mut removed), removed)
    }

    #[test]
    fn literal_pre_check_agrees_with_a_plain_scan() {
        let plain = |hay: &[u8], need: &[u8]| {
            need.is_empty()
                || hay
                    .windows(need.len())
                    .any(|w| w.eq_ignore_ascii_case(need))
        };
        let hays = [
            "",
            "a",
            "Read More",
            "read mor",
            "xxREAD MOREyy",
            "é read more é",
            "rrread",
        ];
        let needs = [
            "",
            "r",
            "read more",
            "READ",
            "ad m",
            "rread",
            "é r",
            "more é",
        ];
        for hay in hays {
            for need in needs {
                assert_eq!(
                    contains_ignore_ascii_case(hay.as_bytes(), need.as_bytes()),
                    plain(hay.as_bytes(), need.as_bytes()),
                    "{hay:?} contains {need:?}"
                );
            }
        }
    }

    #[test]
    fn rules_compile() {
        assert!(RULES.lines.len() > 10);
        let patterns = (RULES.lines.iter().map(|r| &r.pattern))
            .chain(RULES.fragments.iter().map(|r| &r.pattern))
            .chain(RULES.captions.iter().map(|r| &r.pattern))
            .chain([&RULES.dateline]);
        for pattern in patterns {
            pattern.regex();
        }
        assert!(RULES.abbreviations.contains("Mr"));
    }

    #[test]
    fn repairs_double_encoded_utf8() {
        let (text, removed) = clean("The Kremlinâ€™s statement, â€œvery closeâ€\u{9d} – cafÃ©");
        assert_eq!(text, "The Kremlin’s statement, “very close” – café");
        assert_eq!(removed.len(), 4);
        assert!(removed.iter().all(|r| r.rule == "double-encoding"));
        assert_eq!(removed[0].text, "â€™");
        assert_eq!(removed[0].replacement.as_deref(), Some("’"));
        assert_eq!(removed[0].line, Some(7));
    }

    #[test]
    fn repairs_utf8_read_as_latin1() {
        let (text, _) = clean("the Kremlin\u{e2}\u{80}\u{99}s view");
        assert_eq!(text, "the Kremlin’s view");
    }

    #[test]
    fn leaves_real_accents_alone() {
        let (text, removed) = clean("Ukraine’s Zaporizhzhia, São Paulo, naïve café, Â, ô.");
        assert_eq!(text, "Ukraine’s Zaporizhzhia, São Paulo, naïve café, Â, ô.");
        assert!(removed.is_empty(), "{removed:?}");
    }

    #[test]
    fn removes_unrepairable_remnants() {
        assert_eq!(
            clean("Volodymyr Zelenskiy â to come to Moscow").0,
            "Volodymyr Zelenskiy to come to Moscow"
        );
        assert_eq!(clean("every â€day. He").0, "every day. He");
        assert_eq!(
            clean("one central â issue which").0,
            "one central issue which"
        );
        let (text, removed) = clean("said â€ then");
        assert_eq!(text, "said then");
        assert_eq!(removed[0].rule, "mojibake-remnant");
    }

    #[test]
    fn recognises_datelines() {
        for line in [
            "WASHINGTON (Reuters) - The party sued on Friday.",
            "WEST PALM BEACH, Fla. — President Trump sent him.",
            "WASHINGTON, April 30 (Reuters) - Trump postponed tariffs.",
        ] {
            assert!(RULES.dateline.is_match(line), "{line}");
            assert!(RULES.is_dateline(line), "{line}");
        }
        assert!(
            !RULES
                .dateline
                .is_match("NATO allies met on Monday - and agreed.")
        );
        // The place and region bounds live in code, not in the pattern.
        let long_place = format!("{} - The rest.", "A".repeat(42));
        assert!(RULES.dateline.is_match(&long_place));
        assert!(!RULES.is_dateline(&long_place));
        assert!(RULES.is_dateline(&format!("{} - The rest.", "A".repeat(41))));
        assert!(!RULES.is_dateline("PARIS, Somewhere In A Very Long Region Name - text"));
        // The shortest place is measured: capitals after the dash do not count.
        assert!(RULES.is_dateline(&format!("NEW YORK - {} - text", "ALL CAPS ".repeat(6))));
    }

    #[test]
    fn a_byline_names_at_most_eight_words() {
        let (_, byline) = RULES
            .junk_rule("By Ann Lee, Bo Li, Cy Young and Di Ng")
            .unwrap();
        assert_eq!(
            byline.as_deref(),
            Some("Ann Lee, Bo Li, Cy Young and Di Ng")
        );
        let headline = "By The Numbers What Every Voter Should Know About The Race";
        assert!(RULES.junk_rule(headline).is_none());
    }

    #[test]
    fn strips_invisible_characters() {
        let (text, removed) = clean("a\u{200b}b\u{a0}c\u{7}d\u{feff}");
        assert_eq!(text, "ab cd");
        let rules: Vec<&str> = removed.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(rules, ["zero-width", "control-character", "unusual-space"]);
    }

    #[test]
    fn junk_lines() {
        let junk = [
            (
                "/images/ppid_59c68470-image-176973508916260567.webp)",
                "image-path",
            ),
            ("READ MORE: ‘It Was Very Nice’: Trump Says", "read-more"),
            ("Also Read", "read-more"),
            ("Listen to This Article", "listen-prompt"),
            ("More From This Section", "more-from-section"),
            ("Topics : Russia Ukraine Conflict Zelenskyy", "topics"),
            (
                "Don't miss the most important news and views of the day. Get them on our Telegram channel",
                "newsletter-promo",
            ),
            ("https://example.com/a/b?c=d", "bare-url"),
            ("Share this article", "share-prompt"),
            ("Advertisement", "advertisement"),
            ("Follow us on Twitter for the latest", "follow-us-promo"),
            (
                "First Published: Jan 29 2026 | 11:14 PM IST",
                "first-published",
            ),
            ("By Jane Doe and John Smith, Reuters", "byline"),
            (
                "#Tag pic.twitter.com/tBp5aXWhBj — Some Show (@Some_Show) December 4, 2017",
                "embedded-tweet",
            ),
            (
                "CORRECTION: An earlier version misstated the date.",
                "editor-note",
            ),
            ("April 18, 2018", "date-line"),
            ("Photo: Reuters", "image-credit"),
            ("Getty Images", "image-credit"),
            (
                "Copyright 2026 The Coastal Ledger. All rights reserved.",
                "image-credit",
            ),
            (
                "Reporting by Jane Doe; Editing by John Smith",
                "agency-credits",
            ),
            (
                "Our Standards: The Thomson Reuters Trust Principles.",
                "agency-credits",
            ),
            (
                "Associated Press writer Jane Doe contributed to this report.",
                "contributor-note",
            ),
            ("Write to Jane Doe at jane.doe@example.com", "contact-line"),
            ("Click here to read the full report", "click-here"),
            ("Skip to main content", "page-chrome"),
            ("Loading...", "page-chrome"),
        ];
        for (line, rule) in junk {
            let found = RULES.junk_rule(line).map(|(r, _)| r.name.as_str());
            assert_eq!(found, Some(rule), "{line}");
        }
        let (_, date) = RULES
            .junk_rule("First Published: Jan 29 2026 | 11:14 PM IST")
            .unwrap();
        assert_eq!(date.as_deref(), Some("Jan 29 2026 | 11:14 PM IST"));
        let (_, byline) = RULES.junk_rule("By Jane Doe").unwrap();
        assert_eq!(byline.as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn prose_is_not_junk() {
        let prose = [
            "Russia wants Ukrainian forces to withdraw from the roughly 20 per cent of Donetsk region.",
            "US-Mediated Abu Dhabi Talks",
            "Related talks are planned for Sunday, officials said.",
            "By the end of the week, the talks had stalled.",
            "Share prices fell sharply on Monday after the announcement.",
            "Photo opportunities were limited, aides said.",
            "Contact with the rebels was lost on Monday, officials said.",
            "Home prices rose for the third month in a row.",
            "Reporting by the newspaper showed the plan was delayed for years.",
            "Search teams found the wreck on Tuesday.",
            "He said the newsletter he wrote in 2015 was misquoted by several outlets in the months that followed, and that he had asked them to correct it many times over the years without any success at all, which he called outrageous and wrong and deeply unfair to his readers and family.",
        ];
        for line in prose {
            assert!(RULES.junk_rule(line).is_none(), "{line}");
        }
    }
}
