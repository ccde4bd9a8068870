//! What is drawn over the view and takes the keys while open: the help, a
//! one-line prompt, the source picker, the library.

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

/// Something drawn over the view that takes the keys while open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    Help {
        scroll: usize,
    },
    Prompt(Prompt),
    /// The source picker: which columns are shown, which is the reference.
    Sources {
        selected: usize,
    },
    /// The library: the stories kept, Enter opens one.
    Library(super::library::LibraryView),
}
