//! crossread: load several articles about one story, clean them, align their
//! statements across sources, and read, tag and export the result.
//!
//! Data flows one way:
//! `ingest` (files -> [`model::Story`]) -> `align` (-> [`align::Comparison`])
//! -> `tui` | `report` | `notes`.

pub mod align;
pub mod ingest;
pub mod model;
pub mod notes;
pub mod report;
pub mod tui;
