//! From decoded text to an article's blocks: junk lines dropped, lines broken
//! mid-sentence joined, and title, standfirst, subheadings, captions and body
//! paragraphs told apart.

use super::clean::{LineAction, RULES, clean_line};
use super::segment::sentences;
use crate::model::{BlockKind, Removal};
use regex::Regex;
use std::sync::LazyLock;

/// How the text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Markdown,
    /// Text extracted from a web page: the page's metadata gives the title.
    Extracted,
}

/// What is known about an article besides its body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub site_name: Option<String>,
}

/// An article's blocks and what cleaning took out.
#[derive(Debug, Clone, Default)]
pub struct Structured {
    pub blocks: Vec<(BlockKind, String)>,
    pub removed: Vec<Removal>,
    pub meta: Meta,
}

struct Line {
    number: usize,
    text: String,
    heading: Option<usize>,
    /// Lines of one group have no blank line between them.
    group: usize,
    /// The line opened with a dateline ("WASHINGTON — "): body text.
    dateline: bool,
}

struct RawBlock {
    /// 1-based line the block starts on.
    line: usize,
    text: String,
    heading: Option<usize>,
    dateline: bool,
    first_group: usize,
    last_group: usize,
}

static MARKDOWN_HEADING: LazyLock<Regex> = LazyLock::new(|| built_in(r"^(#{1,6})\s+(.*?)\s*#*$"));
static MARKDOWN_BULLET: LazyLock<Regex> =
    LazyLock::new(|| built_in(r"^(?:>\s*)+|^(?:[-*+]|\d{1,3}[.)])\s+"));
static MARKDOWN_LINK: LazyLock<Regex> =
    LazyLock::new(|| built_in(r"!?\[([^\]]*)\]\([^)\s]*(?:\s+[^)]*)?\)"));
static MARKDOWN_EMPHASIS: LazyLock<Regex> =
    LazyLock::new(|| built_in(r"\*\*([^*]+)\*\*|__([^_]+)__|`([^`]+)`"));

fn built_in(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("built-in pattern {pattern}: {e}"))
}

/// Clean and structure one article's decoded text.
pub fn structure(text: &str, format: Format, mut meta: Meta) -> Structured {
    let mut removed = Vec::new();
    let lines = clean_lines(text, format, &mut meta, &mut removed);
    let raw_blocks = join_lines(lines, &mut removed);
    let blocks = classify(raw_blocks, format, &mut meta, &mut removed);
    // Joins are found after the junk, so put the record back in line order.
    removed.sort_by_key(|r| r.line.unwrap_or(usize::MAX));
    if meta.title.is_none() {
        meta.title = blocks
            .iter()
            .find(|(kind, _)| *kind == BlockKind::Title)
            .map(|(_, text)| text.clone());
    }
    Structured {
        blocks,
        removed,
        meta,
    }
}

fn clean_lines(
    text: &str,
    format: Format,
    meta: &mut Meta,
    removed: &mut Vec<Removal>,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut group = 0;
    let mut raw_lines = text.split('\n').enumerate().peekable();
    if format == Format::Markdown {
        skip_front_matter(&mut raw_lines, meta, removed);
    }
    for (index, raw) in raw_lines {
        let number = index + 1;
        let mut line = clean_line(raw, number, removed).trim().to_string();
        let dateline = RULES.is_dateline(&line);
        let mut heading = None;
        // Markdown junk (an image, a rule) is recognised before its markup
        // is taken off, so that an image's alt text is not kept as prose.
        let mut junk = RULES.junk_rule(&line);
        if format == Format::Markdown && junk.is_none() {
            if let Some(caps) = MARKDOWN_HEADING.captures(&line) {
                heading = Some(caps[1].len());
                line = caps[2].to_string();
            }
            line = strip_markdown(&line);
            junk = RULES.junk_rule(&line);
        }
        if line.is_empty() {
            group += 1;
            continue;
        }
        if let Some((rule, kept)) = junk {
            match (rule.action, kept) {
                (LineAction::Date, Some(date)) if meta.date.is_none() => meta.date = Some(date),
                (LineAction::Byline, Some(byline)) if meta.byline.is_none() => {
                    meta.byline = Some(byline)
                }
                _ => {}
            }
            removed.push(Removal {
                line: Some(number),
                text: line,
                rule: rule.name.clone(),
                replacement: None,
            });
            continue;
        }
        lines.push(Line {
            number,
            text: line,
            heading,
            group,
            dateline,
        });
    }
    lines
}

/// YAML front matter of a Markdown file: its title, date and author are kept.
fn skip_front_matter<'a>(
    lines: &mut std::iter::Peekable<impl Iterator<Item = (usize, &'a str)>>,
    meta: &mut Meta,
    removed: &mut Vec<Removal>,
) {
    if !matches!(lines.peek(), Some((_, first)) if first.trim() == "---") {
        return;
    }
    let mut taken = Vec::new();
    for (index, line) in lines.by_ref() {
        taken.push((index + 1, line));
        if taken.len() > 1 && line.trim() == "---" {
            break;
        }
        if let Some((key, value)) = line.split_once(':') {
            let value = value.trim().trim_matches(['"', '\'']).trim();
            let slot = match key.trim().to_ascii_lowercase().as_str() {
                "title" => &mut meta.title,
                "date" | "published" => &mut meta.date,
                "author" | "byline" => &mut meta.byline,
                "url" | "link" => &mut meta.url,
                "site" | "site_name" | "source" => &mut meta.site_name,
                _ => continue,
            };
            if slot.is_none() && !value.is_empty() {
                *slot = Some(value.to_string());
            }
        }
    }
    for (number, line) in taken {
        removed.push(Removal {
            line: Some(number),
            text: line.to_string(),
            rule: "front-matter".into(),
            replacement: None,
        });
    }
}

fn strip_markdown(line: &str) -> String {
    let line = MARKDOWN_BULLET.replace(line, "");
    let line = MARKDOWN_LINK.replace_all(&line, "$1");
    let line = MARKDOWN_EMPHASIS.replace_all(&line, "$1$2$3");
    line.trim().to_string()
}

/// Join lines into paragraphs: hard-wrapped paragraphs (blank lines between
/// paragraphs, several lines in most) are reflowed; elsewhere a line broken
/// mid-sentence is joined to the next and the repair recorded.
fn join_lines(lines: Vec<Line>, removed: &mut Vec<Removal>) -> Vec<RawBlock> {
    let groups = lines.last().map_or(0, |l| l.group + 1);
    let mut group_sizes = vec![0usize; groups];
    for line in &lines {
        group_sizes[line.group] += 1;
    }
    let used: Vec<usize> = group_sizes.iter().copied().filter(|&n| n > 0).collect();
    let wrapped = used.len() >= 2 && used.iter().filter(|&&n| n > 1).count() * 2 >= used.len();

    let mut blocks: Vec<RawBlock> = Vec::new();
    for line in lines {
        if let Some(last) = blocks.last_mut()
            && line.heading.is_none()
            && last.heading.is_none()
        {
            let same_group = last.last_group == line.group;
            if wrapped && same_group && !looks_like_heading(&last.text) {
                last.text.push(' ');
                last.text.push_str(&line.text);
                continue;
            }
            if is_broken_sentence(&last.text, &line.text) {
                removed.push(Removal {
                    line: Some(line.number),
                    text: "\n".into(),
                    rule: "join-broken-line".into(),
                    replacement: Some(" ".into()),
                });
                last.text.push(' ');
                last.text.push_str(&line.text);
                last.last_group = line.group;
                continue;
            }
        }
        blocks.push(RawBlock {
            line: line.number,
            text: line.text,
            heading: line.heading,
            dateline: line.dateline,
            first_group: line.group,
            last_group: line.group,
        });
    }
    blocks
}

/// Words that cannot end a sentence: a line ending in one was cut short.
const DANGLING_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "and", "or", "in", "on", "for", "with", "that", "by", "at",
    "from", "as", "his", "her", "its", "their", "was", "were", "is", "are", "be", "but", "who",
    "which", "than", "into", "over", "about",
];

fn is_broken_sentence(before: &str, after: &str) -> bool {
    if ends_clause(before) || looks_like_heading(before) {
        return false;
    }
    let next_starts_lower = after
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase);
    let last_word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_lowercase();
    next_starts_lower || before.ends_with(',') || DANGLING_WORDS.contains(&last_word.as_str())
}

/// Characters that close a quotation or parenthesis after a sentence's end.
fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']')
}

/// Ends like a finished sentence (".", "!", "?", "…", maybe inside a quote).
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(is_closing)
        .ends_with(['.', '!', '?', '…'])
}

/// Ends in sentence punctuation or a clause mark that is not a broken line.
fn ends_clause(text: &str) -> bool {
    ends_sentence(text) || text.ends_with([':', ';'])
}

const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "at", "by", "as", "with", "from",
    "vs", "vs.", "is", "but", "nor", "up",
];

/// Most words capitalised ("US-Mediated Abu Dhabi Talks"), or all capitals.
fn is_title_case(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    if words.len() < 2 {
        return words
            .first()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
    }
    let significant: Vec<&&str> = words
        .iter()
        .filter(|w| !SMALL_WORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    let capitalised = significant
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    !significant.is_empty() && capitalised * 4 >= significant.len() * 3
}

/// Short, unpunctuated and title case: a headline or subheading.
fn looks_like_heading(text: &str) -> bool {
    let words = text.split_whitespace().count();
    words <= 16 && text.chars().count() <= 140 && !ends_clause(text) && is_title_case(text)
}

fn classify(
    raw_blocks: Vec<RawBlock>,
    format: Format,
    meta: &mut Meta,
    removed: &mut Vec<Removal>,
) -> Vec<(BlockKind, String)> {
    let mut blocks: Vec<(BlockKind, String)> = Vec::with_capacity(raw_blocks.len() + 1);
    let mut raw_blocks = raw_blocks.into_iter().peekable();
    let mut has_title = false;
    let mut paragraphs_seen = std::collections::HashSet::new();
    if format == Format::Extracted
        && let Some(title) = meta.title.clone().filter(|t| !t.trim().is_empty())
    {
        // The page's title gets the same repairs as its text.
        let mut title_removed = Vec::new();
        let title = collapse_spaces(&clean_line(&title, 0, &mut title_removed));
        removed.extend(
            title_removed
                .into_iter()
                .map(|r| Removal { line: None, ..r }),
        );
        if raw_blocks
            .peek()
            .is_some_and(|b| b.text.eq_ignore_ascii_case(&title))
        {
            raw_blocks.next();
        }
        // A title that was all debris ("Â") leaves nothing to show.
        if !title.trim().is_empty() {
            blocks.push((BlockKind::Title, title));
            has_title = true;
        }
    }
    while let Some(block) = raw_blocks.next() {
        let index = blocks.len();
        let blank_after = raw_blocks
            .peek()
            .is_some_and(|next| next.first_group != block.last_group);
        let kind = if let Some(level) = block.heading {
            if level == 1 && !has_title {
                BlockKind::Title
            } else {
                BlockKind::Subheading
            }
        } else if block.dateline {
            BlockKind::Paragraph
        } else if index == 0 && format != Format::Extracted && is_headline(&block.text, blank_after)
        {
            BlockKind::Title
        } else if index == 1 && blocks[0].0 == BlockKind::Title && is_standfirst(&block.text) {
            BlockKind::Standfirst
        } else if RULES.caption_rule(&block.text).is_some() {
            BlockKind::Caption
        } else if looks_like_heading(&block.text) || is_short_fragment(&block.text) {
            BlockKind::Subheading
        } else {
            BlockKind::Paragraph
        };
        // A block repeated verbatim (a pull quote, an embedded tweet shown
        // twice) adds nothing but a duplicate statement.
        if kind == BlockKind::Paragraph && !paragraphs_seen.insert(block.text.clone()) {
            removed.push(Removal {
                line: Some(block.line),
                text: block.text,
                rule: "repeated-paragraph".into(),
                replacement: None,
            });
            continue;
        }
        has_title |= kind == BlockKind::Title;
        blocks.push((kind, block.text));
    }
    blocks
}

/// Whether the first block of a plain text reads like a headline: one short
/// sentence, unpunctuated, or set apart by a blank line as in
/// "title line, then paragraphs separated by blank lines".
fn is_headline(text: &str, blank_after: bool) -> bool {
    let chars = text.chars().count();
    if chars > 220 {
        return false;
    }
    // "President Trump Is Coming to Britain. Here's What He Can Expect."
    if sentences(text).len() > 1 {
        return chars <= 120 && is_title_case(text);
    }
    !ends_clause(text) || (blank_after && chars <= 160)
}

fn is_standfirst(text: &str) -> bool {
    let words = text.split_whitespace().count();
    !ends_clause(text) && (6..=40).contains(&words) && !is_title_case(text)
}

/// A few words without sentence punctuation: a label, not a claim.
fn is_short_fragment(text: &str) -> bool {
    !ends_clause(text) && text.split_whitespace().count() <= 6
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        structure(text, Format::Plain, Meta::default()).blocks
    }

    #[test]
    fn one_paragraph_per_line_with_headline_and_subheadings() {
        let text = "Minister resigns over budget row\n\
                    The finance minister quit on Monday after a dispute over spending cuts\n\
                    The minister said she could not support a plan that was cutting\n\
                    schools by a third. She left at noon.\n\
                    What Happens Next\n\
                    A vote is due on Friday.";
        let blocks = kinds(text);
        let expected = [
            (BlockKind::Title, "Minister resigns over budget row"),
            (
                BlockKind::Standfirst,
                "The finance minister quit on Monday after a dispute over spending cuts",
            ),
            (
                BlockKind::Paragraph,
                "The minister said she could not support a plan that was cutting schools by a third. She left at noon.",
            ),
            (BlockKind::Subheading, "What Happens Next"),
            (BlockKind::Paragraph, "A vote is due on Friday."),
        ];
        let got: Vec<(BlockKind, &str)> = blocks.iter().map(|(k, t)| (*k, t.as_str())).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn title_line_then_blank_separated_paragraphs() {
        let text = "CIA chief met Kim over Easter weekend.\n\nThe director met the leader.\n\nHe said it went well.\n";
        let blocks = kinds(text);
        assert_eq!(blocks[0].0, BlockKind::Title);
        assert_eq!(blocks[1].0, BlockKind::Paragraph);
        assert_eq!(blocks.len(), 3);
    }

    #[test]
    fn dateline_paragraph_is_body_text() {
        let text = "Budget Row Deepens\n\nWASHINGTON — The minister's plan assumes the same savings as the old law\n\nA vote is due.";
        let blocks = kinds(text);
        assert_eq!(blocks[1].0, BlockKind::Paragraph);
        assert!(blocks[1].1.starts_with("WASHINGTON — The minister's plan"));
    }

    #[test]
    fn first_paragraph_is_not_a_title() {
        let text =
            "Russia said on Thursday it sent an invitation. The talks continue.\nMore came later.";
        assert_eq!(kinds(text)[0].0, BlockKind::Paragraph);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_reflowed() {
        let text = "Budget Row Deepens\n\nThe minister said she could not\nsupport the plan. She left at\nNoon on Monday.\n\nA vote is due\nFriday.\n";
        let blocks = kinds(text);
        assert_eq!(blocks.len(), 3);
        assert_eq!(
            blocks[1].1,
            "The minister said she could not support the plan. She left at Noon on Monday."
        );
    }

    #[test]
    fn headline_is_not_joined_to_lowercase_line() {
        let blocks = kinds("Budget Row Deepens In Parliament\nthe minister quit on Monday.");
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn junk_dates_bylines_and_captions() {
        let text = "Storm Hits Coast\nBy Jane Doe\nA storm hit the coast on Monday, officials said.\nWaves crash over the sea wall in Brighton. (Photo: Reuters)\nRead more: Storm warnings issued\nFirst Published: Jan 29 2026 | 11:14 PM IST";
        let structured = structure(text, Format::Plain, Meta::default());
        assert_eq!(structured.meta.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(
            structured.meta.date.as_deref(),
            Some("Jan 29 2026 | 11:14 PM IST")
        );
        assert_eq!(structured.meta.title.as_deref(), Some("Storm Hits Coast"));
        let kinds: Vec<BlockKind> = structured.blocks.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [BlockKind::Title, BlockKind::Paragraph, BlockKind::Caption]
        );
        let rules: Vec<(Option<usize>, &str)> = structured
            .removed
            .iter()
            .map(|r| (r.line, r.rule.as_str()))
            .collect();
        assert_eq!(
            rules,
            [
                (Some(2), "byline"),
                (Some(5), "read-more"),
                (Some(6), "first-published")
            ]
        );
    }

    #[test]
    fn markdown_headings_front_matter_and_links() {
        let text = "---\ntitle: Front Title\ndate: 2026-01-29\n---\n# Storm Hits Coast\n\n![Waves over the wall](img/waves.jpg)\n\nA **storm** hit the [coast](https://x.test/a) on Monday.\n\n## Damage\n\n- Roofs were torn off in two towns.\n";
        let structured = structure(text, Format::Markdown, Meta::default());
        assert_eq!(structured.meta.date.as_deref(), Some("2026-01-29"));
        let got: Vec<(BlockKind, &str)> = structured
            .blocks
            .iter()
            .map(|(k, t)| (*k, t.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (BlockKind::Title, "Storm Hits Coast"),
                (BlockKind::Paragraph, "A storm hit the coast on Monday."),
                (BlockKind::Subheading, "Damage"),
                (BlockKind::Paragraph, "Roofs were torn off in two towns."),
            ]
        );
        assert_eq!(structured.meta.title.as_deref(), Some("Front Title"));
    }
}
