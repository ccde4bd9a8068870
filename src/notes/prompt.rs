//! The label prompt behind the reader's `t` key, kept free of any terminal
//! code so its behaviour is tested here and the TUI only draws it.
//!
//! Typing filters the offered labels (those starting with the input first,
//! then those containing it); Tab completes to the highlighted match; Up and
//! Down move the highlight; Enter applies the highlighted match, or the typed
//! text as a new label. While nothing is typed, `1`-`9` pick the first nine
//! offered labels at once (the configured ones come first).

/// What a key did to the prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptOutcome {
    /// Still editing.
    Editing,
    /// A label was chosen: apply it.
    Chosen(String),
}

/// The state of the label prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelPrompt {
    offered: Vec<String>,
    input: String,
    /// Index into [`LabelPrompt::matches`] of the highlighted label, once the
    /// reader moved the highlight or completed.
    highlighted: Option<usize>,
    /// While Tab cycles: the text typed before the first Tab, and the match shown.
    completion: Option<(String, usize)>,
}

/// `offered` filtered by `input`: labels starting with it first, then those containing it.
fn matches_for<'a>(offered: &'a [String], input: &str) -> Vec<&'a str> {
    let needle = input.trim().to_lowercase();
    let lower: Vec<String> = offered.iter().map(|l| l.to_lowercase()).collect();
    let starting = offered
        .iter()
        .zip(&lower)
        .filter(|(_, l)| l.starts_with(&needle));
    let containing = offered
        .iter()
        .zip(&lower)
        .filter(|(_, l)| !l.starts_with(&needle) && l.contains(&needle));
    starting
        .chain(containing)
        .map(|(o, _)| o.as_str())
        .collect()
}

impl LabelPrompt {
    /// A prompt offering `labels` (configured ones first, as [`super::Notes::labels`] gives them).
    pub fn new(labels: Vec<String>) -> LabelPrompt {
        LabelPrompt {
            offered: labels,
            input: String::new(),
            highlighted: None,
            completion: None,
        }
    }

    pub fn input(&self) -> &str {
        &self.input
    }

    /// The labels offered for the current input, best first.
    pub fn matches(&self) -> Vec<&str> {
        matches_for(&self.offered, &self.input)
    }

    /// The highlighted match, if the reader picked one.
    pub fn highlighted(&self) -> Option<usize> {
        self.highlighted
    }

    /// The shortcut digit shown next to an offered label (1-9), while nothing is typed.
    pub fn shortcut(&self, index: usize) -> Option<char> {
        (self.input.is_empty() && index < 9)
            .then(|| char::from_digit(index as u32 + 1, 10))
            .flatten()
    }

    /// A typed character.
    pub fn type_char(&mut self, c: char) -> PromptOutcome {
        if self.input.is_empty()
            && let Some(digit) = c.to_digit(10).filter(|d| (1..=9).contains(d))
            && let Some(label) = self.offered.get(digit as usize - 1)
        {
            return PromptOutcome::Chosen(label.clone());
        }
        if c.is_control() {
            return PromptOutcome::Editing;
        }
        self.input.push(c);
        self.highlighted = None;
        self.completion = None;
        PromptOutcome::Editing
    }

    pub fn backspace(&mut self) {
        self.input.pop();
        self.highlighted = None;
        self.completion = None;
    }

    /// Tab: replace the input with the first match; Tab again: the next one.
    pub fn complete(&mut self) {
        let (typed, next) = match self.completion.take() {
            Some((typed, shown)) => (typed, shown + 1),
            None => (self.input.clone(), 0),
        };
        let matches = matches_for(&self.offered, &typed);
        if matches.is_empty() {
            return;
        }
        let next = next % matches.len();
        self.input = matches[next].to_string();
        self.highlighted = None;
        self.completion = Some((typed, next));
    }

    pub fn highlight_next(&mut self) {
        let count = self.matches().len();
        if count > 0 {
            self.highlighted = Some(self.highlighted.map_or(0, |i| (i + 1) % count));
        }
    }

    pub fn highlight_previous(&mut self) {
        let count = self.matches().len();
        if count > 0 {
            self.highlighted = Some(
                self.highlighted
                    .map_or(count - 1, |i| (i + count - 1) % count),
            );
        }
    }

    /// Enter: the highlighted match, else the typed text as a (possibly new)
    /// label, else nothing (an empty prompt does not tag).
    pub fn submit(&self) -> Option<String> {
        if let Some(label) = self
            .highlighted
            .and_then(|i| self.matches().get(i).map(|s| s.to_string()))
        {
            return Some(label);
        }
        let typed = self.input.split_whitespace().collect::<Vec<_>>().join(" ");
        if typed.is_empty() {
            return None;
        }
        // Typing an existing label in another case reuses it rather than making a twin.
        Some(
            self.offered
                .iter()
                .find(|l| l.to_lowercase() == typed.to_lowercase())
                .cloned()
                .unwrap_or(typed),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt() -> LabelPrompt {
        LabelPrompt::new(
            ["verify", "disputed", "key fact", "quote", "follow up"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        )
    }

    #[test]
    fn digits_pick_offered_labels_while_nothing_is_typed() {
        let mut p = prompt();
        assert_eq!(p.shortcut(0), Some('1'));
        assert_eq!(p.type_char('2'), PromptOutcome::Chosen("disputed".into()));
        assert_eq!(
            p.type_char('9'),
            PromptOutcome::Editing,
            "no ninth label: typed"
        );
        assert_eq!(p.input(), "9");
        assert_eq!(p.shortcut(0), None);
    }

    #[test]
    fn typing_filters_prefix_matches_first() {
        let mut p = prompt();
        for c in "u".chars() {
            p.type_char(c);
        }
        assert_eq!(p.matches(), vec!["disputed", "quote", "follow up"]);
        p.backspace();
        for c in "QU".chars() {
            p.type_char(c);
        }
        assert_eq!(p.matches(), vec!["quote"]);
    }

    #[test]
    fn tab_completes_and_enter_applies() {
        let mut p = prompt();
        p.type_char('k');
        p.complete();
        assert_eq!(p.input(), "key fact");
        assert_eq!(p.submit(), Some("key fact".into()));
        let mut p = prompt();
        p.type_char('u');
        p.complete();
        p.complete();
        assert_eq!(p.input(), "quote", "the second Tab shows the second match");
        p.complete();
        p.complete();
        assert_eq!(p.input(), "disputed", "and cycles");
    }

    #[test]
    fn new_labels_are_created_and_case_twins_reused() {
        let mut p = prompt();
        for c in "  needs   source ".chars() {
            p.type_char(c);
        }
        assert_eq!(p.submit(), Some("needs source".into()));
        let mut p = prompt();
        for c in "Verify".chars() {
            p.type_char(c);
        }
        assert_eq!(p.submit(), Some("verify".into()));
        assert_eq!(prompt().submit(), None);
    }

    #[test]
    fn arrows_move_the_highlight_through_matches() {
        let mut p = prompt();
        p.highlight_previous();
        assert_eq!(p.submit(), Some("follow up".into()));
        p.highlight_next();
        assert_eq!(p.submit(), Some("verify".into()));
    }
}
