//! The interactive reader: Elm-style. Terminal events become [`action::Action`]s
//! through the [`keymap::Keymap`]; [`update::update`] is the only place the
//! [`model::Model`] changes and returns [`action::Effect`]s for the loop in
//! [`app`]; [`views::draw`] renders a `&Model`.
//!
//! Imports run one way, from the top: `app` -> `update`, `views` -> `model`
//! -> `config`, `keymap`, `layout`, `data`, `theme`, `text`, `error`,
//! `action`. Views import nothing from `update` or `app`: what they draw,
//! overlays included, is model state ([`model::modal`], [`model::tagging`]).
//! Handlers in `update/` never call `update`; they return what comes next
//! (an effect, or another action, as the notes view's Enter returns
//! `Action::JumpTo`).
//!
//! Everything derived from the [`Comparison`](crate::align::Comparison) is
//! computed once ([`data::ViewData`]) or when the size or columns change
//! ([`layout::Layout`]), never while drawing.
//!
//! Extending it without touching what exists:
//! - a key: a variant in the `bindable!` list of [`action`] and a
//!   `[[binding]]` in `assets/keymap.toml` (help and footer follow);
//! - an overlay: a [`model::Modal`] variant holding its state, a file in
//!   `update/` with its `command` and an arm in `update::command_update`,
//!   a file in `views/` with its `draw` and an arm in `views::draw`;
//!   one-line input is a [`model::PromptPurpose`] instead (the footer edits
//!   it and `Action::PromptSubmit` hands the text to `update/prompt.rs`);
//! - a view: a [`model::View`] variant, a file in `update/` (`command`, and
//!   `scroll`/`click` for the mouse) with its arms in `update/mod.rs`, and a
//!   file in `views/` with its arm in `views::draw`;
//! - news from outside the reader (tags saved by another process, later
//!   sources arriving): an [`action::Action`] the loop sends, handled in
//!   `update`, asking for [`action::Effect::Redraw`] when the screen changed
//!   (as `Action::Tick` does);
//! - marks on statements: [`model::Model::set_badges`], drawn under the
//!   statement by `views/statements.rs`;
//! - something only the loop can do (write a file, copy): an
//!   [`action::Effect`] variant, carried out in `app::carry_out`.
//!
//! The statement under the cursor is [`model::Model::cursor_statement`];
//! messages go to the status line with `set_status` / `set_error`.
//!
//! [`app::open`] starts the reader before its story is read: the loop reads
//! the sources ([`opening`]) and shows them arriving in a
//! [`model::loading::Loading`] (its own update and view, fed
//! [`news`] as `Action::Loading`), then builds the [`model::Model`]. The
//! library view asks the loop for the stories (`Effect::ListStories`,
//! answered with `Action::Library`) and to open one (`Effect::OpenStory`).

pub mod action;
pub mod app;
pub mod config;
pub mod data;
pub mod error;
pub mod keymap;
pub mod layout;
pub mod model;
pub mod news;
pub mod opening;
pub mod text;
pub mod theme;
pub mod update;
pub mod views;

pub use app::{Closed, Ending, TuiError, open, run};
pub use model::Options;
