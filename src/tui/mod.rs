//! The interactive reader: Elm-style. Terminal events become [`action::Action`]s
//! through the [`keymap::Keymap`]; [`update::update`] is the only place the
//! [`model::Model`] changes and returns [`action::Effect`]s for the loop in
//! [`app`]; [`views::draw`] renders a `&Model`.
//!
//! Everything derived from the [`Comparison`](crate::align::Comparison) is
//! computed once ([`data::ViewData`]) or when the size or columns change
//! ([`layout::Layout`]), never while drawing.

pub mod action;
pub mod app;
pub mod config;
pub mod data;
pub mod keymap;
pub mod layout;
pub mod model;
pub mod text;
pub mod theme;
pub mod update;
pub mod views;

pub use app::{TuiError, run};
pub use model::Options;
