//! Helpers shared by the notes tests.
#![allow(dead_code)]

use crossread::align::{self, Comparison};
use crossread::model::StatementId;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/notes")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

pub fn compare_files(files: &[String]) -> Comparison {
    align::compare(crossread::ingest::load(files).expect("test articles load"))
}

/// The id of the first statement whose text contains `needle`.
pub fn statement_with(comparison: &Comparison, needle: &str) -> StatementId {
    comparison
        .story
        .statements
        .iter()
        .find(|s| s.text.contains(needle))
        .unwrap_or_else(|| panic!("no statement contains {needle:?}"))
        .id
}

pub fn crossread() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crossread"))
}

pub fn store_file(dir: &Path) -> PathBuf {
    dir.join(crossread::notes::store::STORE_FILE)
}

/// SHA-256 of a file's bytes, to prove it was left untouched.
pub fn file_digest(path: &Path) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(std::fs::read(path).expect("file readable")).to_vec()
}

/// Write a one-article story into `dir` and return its path.
pub fn write_article(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("article written");
    path.to_string_lossy().into_owned()
}

/// The sample story with every finding of the aligner removed, so that a test
/// can state exactly which claims are shared, whatever align finds.
pub fn bare_sample() -> Comparison {
    let mut comparison = align::compare(crossread::ingest::sample_story());
    let n = comparison.story.statements.len();
    comparison.groups.clear();
    comparison.links.clear();
    comparison.conflicts.clear();
    comparison.statement_groups = vec![Vec::new(); n];
    comparison.unique = vec![false; n];
    comparison
}
