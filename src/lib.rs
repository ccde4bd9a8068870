//! crossread: load several articles about one story, clean them, align their
//! statements across sources, and read, tag and export the result.
//!
//! Data flows one way:
//! `ingest` (files -> [`model::Story`]) -> `align` (-> [`align::Comparison`])
//! -> `tui` | `report` | `notes`.

pub mod align;
pub mod ingest;
pub mod library;
pub mod model;
pub mod notes;
pub mod report;
pub mod tui;
pub mod web;

/// Write a command's output to standard output. A reader that stops early
/// (`crossread compare ... | head`) closes the pipe: that is not an error,
/// the rest of the output is simply not wanted.
pub fn write_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
