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

/// The reader's first frame (model, notes, one draw at 120x40) with the
/// store holding 1,000 tags of the story, and with an empty store.
fn first_frame(bencher: Bencher, tags: usize) {
    use crossread::tui::{config::Config, model::Model, model::tagging::NotesStore};
    use ratatui::{Terminal, backend::TestBackend};
    let dir = tempfile::tempdir().expect("temp dir");
    let comparison = sample();
    store_with_tags(dir.path(), &comparison, tags);
    let config = Config::defaults().expect("built-in config");
    let options = crossread::tui::Options {
        notes: NotesStore::Dir(dir.path().to_path_buf()),
        ..Default::default()
    };
    bencher
        .with_inputs(|| comparison.clone())
        .bench_local_values(|comparison| {
            let model = Model::new(comparison, &config, &options, (120, 40));
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
            terminal
                .draw(|frame| crossread::tui::views::draw(frame, &model))
                .expect("draw");
            model.tagging.notes.tags().len()
        });
}

#[divan::bench(sample_count = 30)]
fn first_frame_with_1000_tags(bencher: Bencher) {
    first_frame(bencher, 1000);
}

#[divan::bench(sample_count = 30)]
fn first_frame_without_tags(bencher: Bencher) {
    first_frame(bencher, 0);
}
