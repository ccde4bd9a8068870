//! What can happen to the reader: [`Action`]s go into `update`, [`Effect`]s
//! come out for the loop to carry out.

use super::news::{LibraryNews, LoadingNews};
use crate::model::StatementId;

/// Generates the key-bindable actions with their keymap names, so the names
/// in `assets/keymap.toml`, the parser and the help overlay cannot drift.
macro_rules! bindable {
    ($($variant:ident => $name:literal),* $(,)?) => {
        /// An action a key can be bound to. Its keymap name is snake_case.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Command {
            $($variant),*
        }

        impl Command {
            pub const ALL: &'static [Command] = &[$(Command::$variant),*];

            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$variant => $name),*
                }
            }

            pub fn from_name(name: &str) -> Option<Command> {
                match name {
                    $($name => Some(Command::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

bindable! {
    Quit => "quit",
    ForceQuit => "force_quit",
    Suspend => "suspend",
    Help => "help",
    Cancel => "cancel",
    Activate => "activate",
    CursorDown => "cursor_down",
    CursorUp => "cursor_up",
    FocusLeft => "focus_left",
    FocusRight => "focus_right",
    NextColumn => "next_column",
    PrevColumn => "prev_column",
    Top => "top",
    Bottom => "bottom",
    HalfPageDown => "half_page_down",
    HalfPageUp => "half_page_up",
    PageDown => "page_down",
    PageUp => "page_up",
    NextDifference => "next_difference",
    PrevDifference => "prev_difference",
    NextUnique => "next_unique",
    PrevUnique => "prev_unique",
    NextConflict => "next_conflict",
    PrevConflict => "prev_conflict",
    Search => "search",
    SearchNext => "search_next",
    SearchPrev => "search_prev",
    SetReference => "set_reference",
    HideColumn => "hide_column",
    ShowAllColumns => "show_all_columns",
    ScrollSourcesLeft => "scroll_sources_left",
    ScrollSourcesRight => "scroll_sources_right",
    PickSources => "pick_sources",
    Nearest => "nearest",
    ToggleMouse => "toggle_mouse",
    ViewCompare => "view_compare",
    ViewClaims => "view_claims",
    ViewReader => "view_reader",
    ViewRemoved => "view_removed",
    NextView => "next_view",
    CycleFilter => "cycle_filter",
    Tag => "tag",
    TagClaim => "tag_claim",
    EditNote => "edit_note",
    RemoveTag => "remove_tag",
    Undo => "undo",
    ConfirmTag => "confirm_tag",
    ViewNotes => "view_notes",
    ExportNotes => "export_notes",
    Library => "library",
}

/// Everything `update` reacts to: bound commands and the inputs that are not
/// key bindings (terminal size, mouse, typing into a prompt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Command(Command),
    Resize {
        width: u16,
        height: u16,
    },
    MouseScroll {
        lines: i32,
    },
    MouseClick {
        x: u16,
        y: u16,
    },
    /// A character typed into the open prompt.
    PromptInput(char),
    PromptBackspace,
    PromptSubmit,
    PromptCancel,
    /// Move the cursor to a statement, switching to the compare view.
    JumpTo(StatementId),
    /// A key for the open tagging overlay (label prompt, note editor, export path).
    NotesKey(crossterm::event::KeyEvent),
    /// No input for a moment: take in what changed outside the reader (tags
    /// another process saved).
    Tick,
    /// How the story being read is coming along, and what opening it gave.
    Loading(LoadingNews),
    /// The library's stories, or a story of it that could not be opened.
    Library(LibraryNews),
}

impl From<Command> for Action {
    fn from(command: Command) -> Self {
        Action::Command(command)
    }
}

/// Something only the loop can do: it owns the terminal and the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Give the terminal back and stop the process (Ctrl-Z); redraw on resume.
    Suspend,
    SetMouseCapture(bool),
    /// Draw again: something changed without a key (`Tick` and news from outside ask; the
    /// loop redraws after any input anyway).
    Redraw,
    /// Stop waiting for the sources still being read and open what arrived.
    CancelFetches,
    /// List the library's stories (answered with [`Action::Library`]).
    ListStories,
    /// Open the story chosen in the library view
    /// ([`Model::library_choice`](super::model::Model::library_choice)).
    OpenStory,
}
