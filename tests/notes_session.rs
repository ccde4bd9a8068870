//! The notes session the reader uses: add, claim tags, edit, remove, undo, labels.

mod notes_support;

use notes_support::*;

use crossread::notes::{Notes, NotesError, TagState};

fn grouped_sample() -> crossread::align::Comparison {
    sample_sharing(3, 2).0
}

#[test]
fn every_change_is_on_disk_when_the_call_returns_and_undo_reverts_it() {
    let data = tempfile::tempdir().unwrap();
    let comparison = grouped_sample();
    let reopen = || Notes::open_strict(Some(data.path()), &comparison).unwrap();
    let mut notes = reopen();
    assert!(notes.warning().is_none());

    let id = notes
        .add(0, "verify", "first line\nsecond línea ✓")
        .unwrap();
    assert_eq!(
        reopen().tag(&id).unwrap().tag.note,
        "first line\nsecond línea ✓"
    );

    notes.edit_note(&id, "rewritten").unwrap();
    assert_eq!(reopen().tag(&id).unwrap().tag.note, "rewritten");
    notes.undo().unwrap().unwrap();
    assert_eq!(
        reopen().tag(&id).unwrap().tag.note,
        "first line\nsecond línea ✓"
    );

    notes.remove(&id).unwrap();
    assert!(reopen().tag(&id).is_none());
    notes.undo().unwrap().unwrap();
    assert_eq!(reopen().tag(&id).unwrap().tag.label, "verify");
    assert_eq!(notes.tags_on(0).count(), 1);

    notes.undo().unwrap().unwrap(); // the add itself
    assert!(reopen().tags().is_empty());
    assert_eq!(notes.tags_on(0).count(), 0);
    assert_eq!(notes.undo().unwrap(), None, "nothing left to undo");
}

#[test]
fn a_claim_tag_marks_every_sources_statement_and_undoes_as_one() {
    let data = tempfile::tempdir().unwrap();
    let comparison = grouped_sample();
    let a = comparison.story.sources[0].statements.start + 3;
    let b = comparison.story.sources[1].statements.start + 2;
    let mut notes = Notes::open_strict(Some(data.path()), &comparison).unwrap();
    let ids = notes.add_to_claim(b, "disputed", "").unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(notes.tags_on(a).next().unwrap().tag.label, "disputed");
    assert_eq!(notes.tags_on(b).next().unwrap().tag.label, "disputed");
    let claim = notes.tags()[0].tag.claim.clone();
    assert!(claim.is_some());
    assert_eq!(notes.tags()[1].tag.claim, claim);

    // A statement no other source carries: the claim is just itself.
    let lone = notes.add_to_claim(0, "verify", "").unwrap();
    assert_eq!(lone.len(), 1);

    notes.undo().unwrap();
    notes.undo().unwrap();
    assert!(notes.tags().is_empty());
    assert!(
        Notes::open_strict(Some(data.path()), &comparison)
            .unwrap()
            .tags()
            .is_empty()
    );
}

#[test]
fn labels_offer_configured_ones_first_and_refuse_empty_or_unknown_input() {
    let comparison = grouped_sample();
    let mut notes = Notes::in_memory(&comparison);
    assert!(notes.warning().is_none());
    notes.add(1, "  breaking   news ", "").unwrap();
    notes.add(2, "verify", "").unwrap();
    let configured: Vec<String> = crossread::notes::DEFAULT_LABELS
        .iter()
        .map(|s| s.to_string())
        .collect();
    let labels = notes.labels(&configured);
    assert_eq!(&labels[..4], &configured[..]);
    assert_eq!(labels[4], "breaking news");
    assert_eq!(labels.len(), 5);

    assert!(matches!(
        notes.add(1, "   ", ""),
        Err(NotesError::EmptyLabel)
    ));
    assert!(matches!(
        notes.add(usize::MAX, "verify", ""),
        Err(NotesError::NoStatement(_))
    ));
    assert!(matches!(notes.remove("nope"), Err(NotesError::NoTag(_))));
    assert!(notes.tags().iter().all(|t| t.state == TagState::Exact));
}

#[test]
fn an_unusable_data_dir_keeps_notes_in_memory_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_dir = dir.path().join("file");
    std::fs::write(&not_a_dir, b"x").unwrap();
    let comparison = grouped_sample();
    let mut notes = Notes::open(Some(&not_a_dir), &comparison);
    let warning = notes.warning().unwrap();
    assert!(warning.starts_with("notes not saved: "), "{warning}");
    assert!(notes.store_path().is_none());
    notes.add(0, "verify", "").unwrap();
    assert_eq!(notes.tags().len(), 1);
}

#[test]
fn opening_without_tagging_creates_no_store_and_the_first_tag_does() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("later");
    let comparison = grouped_sample();
    let mut notes = Notes::open(Some(&dir), &comparison);
    assert!(notes.warning().is_none());
    assert!(!dir.exists(), "reading creates nothing");
    let id = notes.add(0, "verify", "").unwrap();
    assert!(notes.warning().is_none());
    let reopened = Notes::open_strict(Some(&dir), &comparison).unwrap();
    assert!(reopened.tag(&id).is_some());
}

#[test]
fn a_second_reader_picks_up_tags_the_first_one_saves() {
    let data = tempfile::tempdir().unwrap();
    let comparison = grouped_sample();
    // The second reader opens first, before any store exists.
    let mut second = Notes::open(Some(data.path()), &comparison);
    let mut first = Notes::open(Some(data.path()), &comparison);
    assert!(!second.refresh().unwrap(), "nothing to pick up yet");

    let id = first.add(0, "verify", "seen by the other").unwrap();
    assert!(second.refresh().unwrap(), "the store the first made");
    assert_eq!(second.tag(&id).unwrap().tag.note, "seen by the other");
    assert!(!second.refresh().unwrap(), "nothing new since");

    first.edit_note(&id, "changed").unwrap();
    assert!(second.refresh().unwrap());
    assert_eq!(second.tag(&id).unwrap().tag.note, "changed");

    // The second reader's own change is not news to itself.
    second.add(1, "context", "").unwrap();
    assert!(!second.refresh().unwrap());
    assert!(first.refresh().unwrap());
    assert_eq!(first.tags().len(), 2);
    assert!(second.warning().is_none() && first.warning().is_none());
}
