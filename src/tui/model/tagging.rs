//! The reader's tagging state: the notes of the story and the overlay that
//! edits them. `update` changes it; views read it.

use crate::align::Comparison;
use crate::model::StatementId;
use crate::notes::export::Format;
use crate::notes::listing::Listing;
use crate::notes::prompt::LabelPrompt;
use crate::notes::{AttachedTag, Notes, TagState};
use ratatui_textarea::TextArea;
use std::path::PathBuf;

/// Where the reader keeps its tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum NotesStore {
    /// In memory only, silently (tests, benchmarks).
    #[default]
    Off,
    /// The platform's data directory.
    Platform,
    /// `--data-dir DIR`.
    Dir(PathBuf),
}

impl NotesStore {
    pub fn from_data_dir(dir: Option<PathBuf>) -> NotesStore {
        dir.map_or(NotesStore::Platform, NotesStore::Dir)
    }
}

/// An overlay of the tagging features, drawn over the current view.
pub enum Overlay {
    /// Choosing a label for the statement (or its whole claim).
    Label {
        prompt: LabelPrompt,
        statement: StatementId,
        whole_claim: bool,
    },
    /// Writing a tag's note.
    Note {
        editor: Box<TextArea<'static>>,
        tag: String,
        label: String,
        /// Go back to the notes view when done.
        from_list: bool,
    },
    /// The notes view: every tag of the story.
    List,
    /// Export: a format and a path.
    Export {
        format: Format,
        path: String,
        /// The path was typed, so changing the format keeps it.
        path_edited: bool,
        /// The file exists; Enter again overwrites it.
        confirm_overwrite: bool,
    },
}

/// The reader's tagging state.
pub struct Tagging {
    pub notes: Notes,
    pub overlay: Option<Overlay>,
    pub listing: Listing,
}

impl Tagging {
    pub fn open(store: &NotesStore, comparison: &Comparison) -> Tagging {
        let notes = match store {
            NotesStore::Off => Notes::in_memory(comparison),
            NotesStore::Platform => Notes::open(None, comparison),
            NotesStore::Dir(dir) => Notes::open(Some(dir), comparison),
        };
        Tagging {
            notes,
            overlay: None,
            listing: Listing::default(),
        }
    }

    /// An overlay that takes typed text is open.
    pub fn captures_keys(&self) -> bool {
        matches!(
            self.overlay,
            Some(Overlay::Label { .. } | Overlay::Note { .. } | Overlay::Export { .. })
        )
    }

    pub fn list_open(&self) -> bool {
        matches!(self.overlay, Some(Overlay::List))
    }

    /// A short flag for the footer while tags are not being saved.
    pub fn footer_flag(&self) -> Option<&'static str> {
        self.notes.warning().map(|_| "notes NOT saved")
    }
}

/// Appended to a badge whose tag was re-attached to changed text.
pub const FUZZY_MARK: &str = " ?";

/// A tag's badge label: the label, with [`FUZZY_MARK`] when it needs confirming.
pub fn badge_label(tag: &AttachedTag) -> String {
    match tag.state {
        TagState::Fuzzy => format!("{}{FUZZY_MARK}", tag.tag.label),
        _ => tag.tag.label.clone(),
    }
}
