//! News from outside the reader that the loop hands to `update` as an
//! [`Action`](super::action::Action): how each source of a story being read
//! is coming along, what opening it gave, and the library's stories. Plain
//! data (the loop turns the loader's and the library's types into it), so
//! tests can send it as the loop would.

/// Where one source of a story being read has got to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceState {
    /// Not started, or waiting for the server's first bytes.
    Waiting,
    /// Bytes of a page received so far.
    Receiving(u64),
    /// All in; decoding, extracting and cleaning.
    Cleaning,
    /// Read and cleaned.
    Ready {
        /// The article's own title, when it has one.
        title: Option<String>,
        paragraphs: usize,
        /// A `--refresh` failed and the snapshot was kept: why.
        kept_snapshot: Option<String>,
    },
    /// Cannot be read: the one-line error.
    Failed(String),
}

impl SourceState {
    /// Ready or failed: nothing more will come.
    pub fn is_final(&self) -> bool {
        matches!(self, SourceState::Ready { .. } | SourceState::Failed(_))
    }
}

/// What opening a story gave, for the reader to say once it shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenedSummary {
    /// Its id in the library, when kept.
    pub id: Option<String>,
    /// Sources opened.
    pub sources: usize,
    /// One line for each source that could not be read.
    pub failed: Vec<String>,
    /// Sources read again with `--refresh`: the names of those whose text changed.
    pub changed: Option<Vec<String>>,
    /// Sources whose `--refresh` failed, so that their snapshot was kept.
    pub kept_snapshots: usize,
    /// Opened from the library's view rather than from the command line.
    pub from_library: bool,
}

/// News while a story is being read, and once it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadingNews {
    /// Source `index` (in the order given) got further.
    Source { index: usize, state: SourceState },
    /// Whole seconds since reading began.
    Elapsed(u64),
    /// Every source arrived or failed: the story is being aligned.
    Aligning,
    /// The story is open (sent to the reader that shows it).
    Opened(OpenedSummary),
}

/// One story of the library as its view lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRow {
    pub id: String,
    pub title: String,
    /// Its sources' names, in story order.
    pub sources: Vec<String>,
    pub tags: usize,
    /// When it was last opened, `2026-11-26 10:42 UTC`.
    pub last_opened: String,
}

/// The library's stories, or why they cannot be listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub stories: Result<Vec<StoryRow>, String>,
    /// The id of the story the reader shows, when it is in the library.
    pub current: Option<String>,
}

/// News from the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryNews {
    /// Its stories, most recently opened first: the library view opens on them.
    Listed(Listing),
    /// The chosen story could not be opened: the one-line error.
    NotOpened(String),
}
