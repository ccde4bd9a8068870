//! Helpers shared by the notes tests.
#![allow(dead_code)]

use crossread::align::{self, Comparison, Group};
use crossread::model::StatementId;
use crossread::notes::Notes;
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
    // No claim is unique (a verdict of "maybe elsewhere" stays).
    for verdict in &mut comparison.uniqueness {
        if *verdict == align::Uniqueness::OnlyHere {
            *verdict = align::Uniqueness::Shared;
        }
    }
    comparison
}

/// The sample story with every finding removed but one shared claim: the
/// statement `first` places into source 0 and the one `second` places into
/// source 1. Returns the story and the two statements.
pub fn sample_sharing(first: usize, second: usize) -> (Comparison, StatementId, StatementId) {
    let mut comparison = bare_sample();
    let a = comparison.story.sources[0].statements.start + first;
    let b = comparison.story.sources[1].statements.start + second;
    comparison.groups.push(Group {
        id: 0,
        statements: vec![a, b],
        sources: vec![0, 1],
    });
    comparison.statement_groups[a].push(0);
    comparison.statement_groups[b].push(0);
    (comparison, a, b)
}

/// Tag the first scrape of the harbour story in the store at `data`: for
/// each (text, label, note), the statement containing the text. Returns the
/// re-scraped story (`harbour_v2.txt`), which the tests then open.
pub fn tag_then_rescrape(data: &Path, tags: &[(&str, &str, &str)]) -> Comparison {
    let v1 = compare_files(&[fixture("harbour_v1.txt")]);
    let mut notes = Notes::open_strict(Some(data), &v1).expect("notes store opens");
    for (text, label, note) in tags {
        notes
            .add(statement_with(&v1, text), label, note)
            .expect("tag added");
    }
    compare_files(&[fixture("harbour_v2.txt")])
}
