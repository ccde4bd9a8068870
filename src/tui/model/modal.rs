//! What is drawn over the view and takes the keys while open: the help, a
//! one-line prompt, the source picker, the library, the nearest statements of a claim.

use crate::align::{Uniqueness, WordOp};
use crate::model::{SourceId, StatementId};

/// What a prompt's text is for when it is submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptPurpose {
    Search,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: PromptPurpose,
    pub label: String,
    pub input: String,
}

/// One other source's closest statement to the claim under study.
#[derive(Debug, Clone, PartialEq)]
pub struct NearestEntry {
    pub source: SourceId,
    pub statement: StatementId,
    pub score: f32,
    /// The word diff from the claim to this statement (`b` ranges are in
    /// this statement's text).
    pub diff: Vec<WordOp>,
}

/// The "nearest in other sources" overlay: the evidence behind a verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct NearestView {
    pub statement: StatementId,
    pub verdict: Uniqueness,
    pub entries: Vec<NearestEntry>,
    pub selected: usize,
    /// First entry shown (entries taller than the box scroll).
    pub scroll: usize,
}

/// Something drawn over the view that takes the keys while open.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    Help {
        scroll: usize,
    },
    Prompt(Prompt),
    /// The source picker: which columns are shown, which is the reference.
    Sources {
        selected: usize,
    },
    /// Each other source's closest statement to one claim.
    Nearest(NearestView),
    /// The library: the stories kept, Enter opens one.
    Library(super::library::LibraryView),
}
