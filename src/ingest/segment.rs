//! Splitting a paragraph into sentences that survive news prose.
//!
//! Unicode sentence bounds (UAX #29) are the starting point; they break after
//! every abbreviation ("Mr. Smith", "U.S. President") and before a lowercase
//! word that follows a quoted exclamation. Those false breaks are merged back
//! using the abbreviation lists in `assets/cleaning.toml`.

use super::clean::RULES;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Byte ranges of the sentences of `text`, trimmed of surrounding whitespace,
/// in order and not overlapping.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (start, piece) in text.split_sentence_bound_indices() {
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if trimmed.is_empty() {
            continue;
        }
        let range = start + lead..start + lead + trimmed.len();
        match out.last_mut() {
            Some(last) if is_false_break(&text[last.clone()], trimmed) => last.end = range.end,
            _ => out.push(range),
        }
    }
    out
}

/// Whether the break between `before` and `after` is not a sentence end.
fn is_false_break(before: &str, after: &str) -> bool {
    if !after.chars().any(char::is_alphanumeric) {
        return true;
    }
    let first_letter = after
        .chars()
        .find(|c| !is_opening_punctuation(*c))
        .unwrap_or(' ');
    // News sentences never start lowercase: `"Stop!" he said.`, `... and so on.`
    if first_letter.is_lowercase() {
        return true;
    }
    if ends_quoted_exclamation(before) && is_speech_tag(after) {
        return true;
    }
    // Only a period can be an abbreviation's; "?" and "!" end sentences.
    let Some(token) = before.split_whitespace().next_back() else {
        return false;
    };
    // "the U.S.' Kurdish allies": a possessive or closing quote after the period.
    let token = token
        .trim_start_matches(is_opening_punctuation)
        .trim_end_matches(['\'', '’', '"', '”', ')']);
    let Some(core) = token.strip_suffix('.') else {
        return false;
    };
    let rules = &*RULES;
    if rules.name_titles.contains(core) {
        return true;
    }
    let abbreviation = rules.abbreviations.contains(core)
        || is_initial(core)
        || is_dotted_acronym(core)
        || is_party_state(core);
    abbreviation && !starts_sentence(after)
}

/// `... does he stand with them?"` or `... for years!"`: the quotation ends
/// in "?" or "!", so the attribution after it may still belong to it.
fn ends_quoted_exclamation(before: &str) -> bool {
    let unquoted = before.trim_end_matches(['"', '”', '’', '\'']);
    unquoted.len() < before.len() && unquoted.ends_with(['?', '!'])
}

/// Verbs that attribute a quotation: "Walsh asked.", "Trump said in a tweet."
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "asked",
    "asks",
    "told",
    "tweeted",
    "wrote",
    "added",
    "replied",
    "shouted",
    "continued",
    "exclaimed",
    "declared",
    "insisted",
    "responded",
    "posted",
    "quipped",
    "joked",
];

/// A short clause whose second or third word is a speech verb.
fn is_speech_tag(after: &str) -> bool {
    let words: Vec<&str> = after.split_whitespace().take(4).collect();
    after.split_whitespace().count() <= 12
        && words
            .iter()
            .skip(1)
            .take(2)
            .any(|w| SPEECH_VERBS.contains(&w.trim_end_matches(|c: char| !c.is_alphanumeric())))
}

fn is_opening_punctuation(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '„' | '(' | '[' | '—' | '–' | '-'
    )
}

/// "F" in "John F. Kennedy".
fn is_initial(core: &str) -> bool {
    let mut chars = core.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// "U.S", "C.I.A", "e.g", "D.C": letters separated by periods.
fn is_dotted_acronym(core: &str) -> bool {
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

/// "D-Nev", "R-S.C", "I-Vt": party and state after a US politician's name.
fn is_party_state(core: &str) -> bool {
    let Some((party, state)) = core.split_once('-') else {
        return false;
    };
    matches!(party, "D" | "R" | "I")
        && (2..=6).contains(&state.len())
        && state.starts_with(|c: char| c.is_ascii_uppercase())
        && state.chars().all(|c| c.is_ascii_alphabetic() || c == '.')
}

fn starts_sentence(after: &str) -> bool {
    let word = after
        .trim_start_matches(is_opening_punctuation)
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .next()
        .unwrap_or("");
    RULES.sentence_starters.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_and_titles() {
        assert_eq!(
            split("Mr. Smith met Dr. Jones on Jan. 29 in Washington. They talked."),
            [
                "Mr. Smith met Dr. Jones on Jan. 29 in Washington.",
                "They talked."
            ]
        );
        assert_eq!(
            split("U.S. President Donald Trump spoke. The C.I.A. Director listened."),
            [
                "U.S. President Donald Trump spoke.",
                "The C.I.A. Director listened."
            ]
        );
        assert_eq!(
            split("They fear abandoning the U.S.' Kurdish allies. They said so."),
            [
                "They fear abandoning the U.S.' Kurdish allies.",
                "They said so."
            ]
        );
        assert_eq!(
            split("He flew to the U.S. The next day he left."),
            ["He flew to the U.S.", "The next day he left."]
        );
        assert_eq!(
            split("Sen. Harry Reid, D-Nev., said no. Sen. Jim DeMint, R-S.C. Said yes."),
            [
                "Sen. Harry Reid, D-Nev., said no.",
                "Sen. Jim DeMint, R-S.C. Said yes."
            ]
        );
    }

    #[test]
    fn abbreviations_that_can_end_a_sentence() {
        assert_eq!(
            split("\"Did he agree?\" \"No.\" He left for Main St. The car waited."),
            [
                "\"Did he agree?\"",
                "\"No.\"",
                "He left for Main St.",
                "The car waited."
            ]
        );
        assert_eq!(
            split("He lives at No. 10 near St. Paul's Cathedral."),
            ["He lives at No. 10 near St. Paul's Cathedral."]
        );
    }

    #[test]
    fn initials_decimals_numbers() {
        assert_eq!(
            split("John F. Kennedy won 49.7 percent. Growth was 3.5% in 2.018 units."),
            [
                "John F. Kennedy won 49.7 percent.",
                "Growth was 3.5% in 2.018 units."
            ]
        );
        assert_eq!(
            split("It cost $1,200.50 on No. 10 Downing St. last year."),
            ["It cost $1,200.50 on No. 10 Downing St. last year."]
        );
    }

    #[test]
    fn quotations() {
        let text = "“They’ve never experienced cold like that. And I personally asked him. And he agreed, it was very nice,” Trump said at a Cabinet meeting, citing “extraordinary cold” in the region.";
        assert_eq!(
            split(text),
            [
                "“They’ve never experienced cold like that.",
                "And I personally asked him.",
                "And he agreed, it was very nice,” Trump said at a Cabinet meeting, citing “extraordinary cold” in the region.",
            ]
        );
        assert_eq!(
            split(
                "\"I believe the war must go on,\" he told reporters. \"I am against talks.\" Then he left."
            ),
            [
                "\"I believe the war must go on,\" he told reporters.",
                "\"I am against talks.\"",
                "Then he left."
            ]
        );
        assert_eq!(
            split("“Will it continue?” Trump tweeted. “Why?” Walsh asked. “Go!” The crowd ran."),
            [
                "“Will it continue?” Trump tweeted.",
                "“Why?” Walsh asked.",
                "“Go!”",
                "The crowd ran."
            ]
        );
        assert_eq!(
            split("\"Stop!\" he shouted. \"Why?\" she asked."),
            ["\"Stop!\" he shouted.", "\"Why?\" she asked."]
        );
    }

    #[test]
    fn trims_and_orders() {
        let text = "  One.   Two!  ";
        let ranges = sentences(text);
        assert_eq!(ranges, [2..6, 9..13]);
        assert!(sentences("   ").is_empty());
        assert_eq!(split("No punctuation at all"), ["No punctuation at all"]);
    }
}
