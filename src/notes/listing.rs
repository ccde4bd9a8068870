//! The notes view's state, free of terminal code: which tags it lists (all,
//! or one label), in reading order, and which one is selected.

use super::{AttachedTag, Notes, TagState};
use crate::model::StatementId;

/// The notes view: a label filter and a selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    filter: Option<String>,
    selected: usize,
}

impl Listing {
    pub fn filter(&self) -> Option<&str> {
        self.filter.as_deref()
    }

    /// The listed tags: attached ones in reading order (source, then position),
    /// then orphans, which have no place in the text.
    pub fn entries<'a>(&self, notes: &'a Notes) -> Vec<&'a AttachedTag> {
        let mut entries: Vec<&AttachedTag> = notes
            .tags()
            .iter()
            .filter(|t| self.filter.as_ref().is_none_or(|l| &t.tag.label == l))
            .collect();
        entries.sort_by_key(|t| {
            (
                t.state == TagState::Orphan,
                t.source,
                t.location.map_or(t.tag.anchor.start, |(start, _)| start),
            )
        });
        entries
    }

    /// Next filter: every label in turn, then none.
    pub fn cycle_filter(&mut self, labels: &[String]) {
        self.filter = match &self.filter {
            None => labels.first().cloned(),
            Some(current) => labels
                .iter()
                .position(|l| l == current)
                .and_then(|i| labels.get(i + 1))
                .cloned(),
        };
        self.selected = 0;
    }

    pub fn set_filter(&mut self, label: Option<String>) {
        self.filter = label;
        self.selected = 0;
    }

    /// The selected row, kept inside the list as it shrinks.
    pub fn selected(&self, notes: &Notes) -> Option<usize> {
        let count = self.entries(notes).len();
        (count > 0).then(|| self.selected.min(count - 1))
    }

    pub fn select_next(&mut self, notes: &Notes) {
        let count = self.entries(notes).len();
        if count > 0 {
            self.selected = (self.selected.min(count - 1) + 1) % count;
        }
    }

    pub fn select_previous(&mut self, notes: &Notes) {
        let count = self.entries(notes).len();
        if count > 0 {
            self.selected = (self.selected.min(count - 1) + count - 1) % count;
        }
    }

    /// The selected tag.
    pub fn current<'a>(&self, notes: &'a Notes) -> Option<&'a AttachedTag> {
        let index = self.selected(notes)?;
        self.entries(notes).get(index).copied()
    }

    /// Where Enter jumps: the statement the selected tag covers most (none for an orphan).
    pub fn jump_target(&self, notes: &Notes) -> Option<StatementId> {
        self.current(notes)?.statements.first().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_in_reading_order_filters_and_jumps() {
        let comparison = crate::align::compare(crate::ingest::sample_story());
        let mut notes = Notes::in_memory(&comparison);
        notes.add(5, "verify", "").unwrap();
        notes.add(1, "disputed", "").unwrap();
        notes.add(3, "verify", "").unwrap();
        let mut listing = Listing::default();
        let order: Vec<StatementId> = listing
            .entries(&notes)
            .iter()
            .map(|t| t.statements[0])
            .collect();
        assert_eq!(order, vec![1, 3, 5]);
        assert_eq!(listing.jump_target(&notes), Some(1));
        listing.select_previous(&notes);
        assert_eq!(listing.jump_target(&notes), Some(5));

        let labels = notes.labels(&[]);
        listing.cycle_filter(&labels);
        assert_eq!(listing.filter(), Some("disputed"));
        assert_eq!(listing.entries(&notes).len(), 1);
        listing.cycle_filter(&labels);
        assert_eq!(listing.filter(), Some("verify"));
        assert_eq!(listing.entries(&notes).len(), 2);
        listing.cycle_filter(&labels);
        assert_eq!(listing.filter(), None);
    }
}
