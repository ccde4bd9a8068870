//! Notes figures: tagging until durable on disk, and opening a story with
//! 1,000 tags in the store (load + re-anchor) against an empty store.

use crossread::align::{Comparison, compare};
use crossread::notes::Notes;
use divan::Bencher;
use std::path::Path;

fn main() {
    divan::main();
}

fn sample() -> Comparison {
    compare(crossread::ingest::sample_story())
}

fn store_with_tags(dir: &Path, comparison: &Comparison, count: usize) {
    let mut notes = Notes::open_strict(Some(dir), comparison).expect("store opens");
    let statements = comparison.story.statements.len();
    for i in 0..count {
        notes
            .add(
                i % statements,
                ["verify", "disputed", "key fact"][i % 3],
                "a note",
            )
            .expect("tag saved");
    }
}

/// One `t`+Enter: the tag is committed (WAL, synchronous=FULL) when this returns.
#[divan::bench(sample_count = 200)]
fn tag_until_durable(bencher: Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let comparison = sample();
    let mut notes = Notes::open_strict(Some(dir.path()), &comparison).expect("store opens");
    let statements = comparison.story.statements.len();
    let mut i = 0;
    bencher.bench_local(|| {
        i += 1;
        notes.add(i % statements, "verify", "").expect("tag saved")
    });
}

/// Opening the story's notes when the store holds 1,000 of its tags.
#[divan::bench(sample_count = 50)]
fn open_story_with_1000_tags(bencher: Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let comparison = sample();
    store_with_tags(dir.path(), &comparison, 1000);
    bencher.bench_local(|| {
        let notes = Notes::open(Some(dir.path()), &comparison);
        assert_eq!(notes.tags().len(), 1000);
        notes
    });
}

/// The same with no tags in the store: the baseline for the difference.
#[divan::bench(sample_count = 50)]
fn open_story_without_tags(bencher: Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let comparison = sample();
    store_with_tags(dir.path(), &comparison, 0);
    bencher.bench_local(|| Notes::open(Some(dir.path()), &comparison));
}

fn harbour(name: &str) -> Comparison {
    let path = format!("{}/tests/fixtures/notes/{name}", env!("CARGO_MANIFEST_DIR"));
    compare(crossread::ingest::load(&[path]).expect("fixture loads"))
}

/// The worst case: 1,000 tags made on one version of an article, opened on a
/// re-scraped version where a third of them need the fuzzy search or end orphaned.
#[divan::bench(sample_count = 20)]
fn open_rescraped_story_with_1000_tags(bencher: Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    store_with_tags(dir.path(), &harbour("harbour_v1.txt"), 1000);
    let rescraped = harbour("harbour_v2.txt");
    bencher.bench_local(|| {
        let notes = Notes::open(Some(dir.path()), &rescraped);
        assert_eq!(notes.tags().len(), 1000);
        notes
    });
}
