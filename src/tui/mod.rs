//! The interactive reader: Elm-style. Terminal events become [`action::Action`]s
//! through the [`keymap::Keymap`]; [`update::update`] is the only place the
//! [`model::Model`] changes and returns [`action::Effect`]s for the loop in
//! [`app`]; [`views::draw`] renders a `&Model`.
//!
//! Everything derived from the [`Comparison`](crate::align::Comparison) is
//! computed once ([`data::ViewData`]) or when the size or columns change
//! ([`layout::Layout`]), never while drawing.
//!
//! Extending it (tagging, a notes view) without touching what exists:
//! - a key: a variant in the `bindable!` list of [`action`] and a
//!   `[[binding]]` in `assets/keymap.toml` (help and footer follow);
//! - an overlay or prompt: a [`model::Modal`] variant, or a
//!   [`model::PromptPurpose`] for one-line input (the footer edits it and
//!   `Action::PromptSubmit` hands the text to `update`);
//! - a view: a [`model::View`] variant, its arm in `update::command_update`
//!   and in `views::draw`;
//! - marks on statements: `views::notes::draw_badges`, called per line;
//! - something only the loop can do (write a file, copy): an
//!   [`action::Effect`] variant, carried out in [`app`].
//!
//! The statement under the cursor is [`model::Model::cursor_statement`];
//! messages go to the status line with `set_status` / `set_error`.

pub mod action;
pub mod app;
pub mod config;
pub mod data;
pub mod error;
pub mod keymap;
pub mod layout;
pub mod model;
pub mod text;
pub mod theme;
pub mod update;
pub mod views;

pub use app::{Ending, TuiError, run};
pub use model::Options;
