//! The library view's state: the stories the store keeps, which one is
//! selected, and why the last one chosen could not be opened.

use super::{Modal, Model};
use crate::tui::news::{Listing, StoryRow};

/// The library view, drawn over the current view while open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryView {
    pub listing: Listing,
    pub selected: usize,
    /// The last story chosen could not be opened: why.
    pub error: Option<String>,
}

impl LibraryView {
    /// Open on `listing`, with the story the reader shows selected.
    pub fn new(listing: Listing) -> LibraryView {
        let selected = match (&listing.stories, &listing.current) {
            (Ok(stories), Some(current)) => {
                stories.iter().position(|s| &s.id == current).unwrap_or(0)
            }
            _ => 0,
        };
        LibraryView {
            listing,
            selected,
            error: None,
        }
    }

    /// The stories listed (none when the store cannot be read).
    pub fn stories(&self) -> &[StoryRow] {
        self.listing.stories.as_deref().unwrap_or(&[])
    }

    pub fn selected_story(&self) -> Option<&StoryRow> {
        self.stories().get(self.selected)
    }
}

impl Model {
    /// The story chosen in the open library view, to be opened
    /// ([`Effect::OpenStory`](crate::tui::action::Effect::OpenStory)).
    pub fn library_choice(&self) -> Option<&str> {
        match &self.modal {
            Some(Modal::Library(view)) => view.selected_story().map(|s| s.id.as_str()),
            _ => None,
        }
    }
}
