//! Text made safe for a terminal, and a word wrapper that keeps code-point
//! positions so highlights can be mapped onto cells.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Shown instead of a control character, so a hostile article's escape
/// sequences are visible as text and never reach the terminal.
pub const CONTROL_PLACEHOLDER: char = '\u{FFFD}';

/// Replace every character a terminal could interpret (C0 and C1 controls,
/// ESC, DEL, bidirectional overrides and isolates) by a visible placeholder,
/// one character for one, so code-point offsets into the text stay valid.
/// Tabs and line breaks become spaces: layout is ours to decide.
pub fn sanitize(text: &str) -> String {
    text.chars().map(sanitize_char).collect()
}

fn sanitize_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => ' ',
        c if c.is_control() => CONTROL_PLACEHOLDER,
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            CONTROL_PLACEHOLDER
        }
        c => c,
    }
}

/// Like [`sanitize`], but line breaks and tabs stay visible as symbols: for
/// showing what cleaning removed, where a removed line break is the point.
pub fn sanitize_visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' => '⏎',
            '\t' => '⇥',
            c => sanitize_char(c),
        })
        .collect()
}

/// The number of cells a grapheme cluster takes, as ratatui's buffer counts it
/// (including the halfwidth sound marks it widens).
pub fn grapheme_width(grapheme: &str) -> usize {
    if grapheme.len() == 1 {
        return usize::from(!grapheme.as_bytes()[0].is_ascii_control());
    }
    let marks = grapheme
        .chars()
        .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
        .count();
    grapheme.width() + marks
}

/// Display width of a string in cells.
pub fn display_width(text: &str) -> usize {
    text.graphemes(true).map(grapheme_width).sum()
}

/// Cut `text` to at most `width` cells, ending with `…` when it was cut.
pub fn truncate(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = grapheme_width(g);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push('…');
    out
}

/// One grapheme cluster of a text with its place in code points and bytes.
#[derive(Debug, Clone, Copy)]
struct Grapheme {
    cp: usize,
    cp_len: usize,
    width: usize,
    space: bool,
}

fn graphemes(text: &str) -> Vec<Grapheme> {
    let mut cp = 0;
    text.graphemes(true)
        .map(|g| {
            let cp_len = g.chars().count();
            let item = Grapheme {
                cp,
                cp_len,
                width: grapheme_width(g),
                space: g.chars().all(char::is_whitespace),
            };
            cp += cp_len;
            item
        })
        .collect()
}

/// Wrap `text` into lines of at most `width` cells. Each line is the range of
/// code points it shows, without the spaces where it was broken. Words wider
/// than the line are broken between grapheme clusters. Always at least one
/// line, so an empty statement still takes a row.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let items = graphemes(text);
    let mut lines = Vec::new();
    let mut i = 0;
    while i < items.len() {
        while i < items.len() && items[i].space {
            i += 1;
        }
        if i >= items.len() {
            break;
        }
        let line_start = i;
        let mut used = 0;
        // Index just past the last grapheme that fits and may end a line.
        let mut last_break: Option<usize> = None;
        let mut j = i;
        while j < items.len() {
            let w = items[j].width;
            if used + w > width {
                break;
            }
            used += w;
            j += 1;
            if j < items.len() && items[j].space {
                last_break = Some(j);
            }
        }
        let end = if j >= items.len() {
            items.len()
        } else if items[j].space {
            j
        } else if let Some(b) = last_break {
            b
        } else if j == line_start {
            // A single grapheme wider than the line: show it alone.
            j + 1
        } else {
            j
        };
        let mut trimmed = end;
        while trimmed > line_start && items[trimmed - 1].space {
            trimmed -= 1;
        }
        let start_cp = items[line_start].cp;
        let end_cp = items[trimmed - 1].cp + items[trimmed - 1].cp_len;
        lines.push(start_cp..end_cp);
        i = end;
    }
    if lines.is_empty() {
        lines.push(0..0);
    }
    lines
}

/// Byte offset of each code point (plus the end), to slice by code points.
pub fn char_byte_offsets(text: &str) -> Vec<usize> {
    let mut offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    offsets.push(text.len());
    offsets
}

/// Slice by code points, clamped to the text.
pub fn slice_cp<'a>(text: &'a str, offsets: &[usize], range: Range<usize>) -> &'a str {
    let last = offsets.len().saturating_sub(1);
    let start = range.start.min(last);
    let end = range.end.clamp(start, last);
    match (offsets.get(start), offsets.get(end)) {
        (Some(&a), Some(&b)) => &text[a..b],
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize) -> Vec<&str> {
        let offsets = char_byte_offsets(text);
        wrap(text, width)
            .into_iter()
            .map(|r| slice_cp(text, &offsets, r))
            .collect()
    }

    #[test]
    fn sanitize_neutralizes_escape_sequences_and_keeps_length() {
        let hostile = "a\x1b]0;pwned\x07b\x1b[2Jc\x1b]52;c;aGk=\x07d\u{9b}e\u{202E}f\u{7f}";
        let clean = sanitize(hostile);
        assert_eq!(clean.chars().count(), hostile.chars().count());
        assert!(!clean.chars().any(|c| c.is_control()));
        assert!(!clean.contains('\u{202E}'));
        assert!(clean.contains("pwned"));
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(lines("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(lines("", 5), [""]);
        assert_eq!(lines("   ", 5), [""]);
    }

    #[test]
    fn breaks_words_wider_than_the_line() {
        assert_eq!(lines("abcdefghij xy", 4), ["abcd", "efgh", "ij", "xy"]);
    }

    #[test]
    fn wide_characters_take_two_cells() {
        // Each CJK character is two cells: three fit in six cells.
        assert_eq!(lines("漢字漢字漢字", 6), ["漢字漢", "字漢字"]);
        // A wide grapheme in a one-cell line is shown alone rather than looping.
        assert_eq!(lines("漢字", 1), ["漢", "字"]);
        assert_eq!(lines("a 👍🏽 b", 3), ["a", "👍🏽", "b"]);
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        let text = "cafe\u{301} cafe\u{301}";
        assert_eq!(lines(text, 4), ["cafe\u{301}", "cafe\u{301}"]);
        assert_eq!(display_width("cafe\u{301}"), 4);
    }

    #[test]
    fn ranges_are_code_points() {
        let text = "élan vital";
        assert_eq!(wrap(text, 5), vec![0..4, 5..10]);
    }

    proptest::proptest! {
        /// Lines fit (or hold one grapheme too wide to fit), follow each other,
        /// and together show every non-space grapheme of the text.
        #[test]
        fn wrapped_lines_fit_and_lose_nothing(
            text in "[a-z \u{301}漢👍🏽\u{200d}é-]{0,80}",
            width in 1usize..30,
        ) {
            let offsets = char_byte_offsets(&text);
            let lines = wrap(&text, width);
            let mut shown = String::new();
            let mut last_end = 0;
            for range in &lines {
                proptest::prop_assert!(range.start >= last_end);
                last_end = range.end;
                let line = slice_cp(&text, &offsets, range.clone());
                let cells = display_width(line);
                proptest::prop_assert!(
                    cells <= width || line.graphemes(true).count() == 1,
                    "{line:?} is {cells} cells in {width}"
                );
                shown.push_str(line);
            }
            let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            proptest::prop_assert_eq!(visible(&shown), visible(&text));
        }
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate("漢字漢字", 4), "漢…");
    }
}
