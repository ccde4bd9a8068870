//! Tags come back when the story is opened again: from other paths, with
//! sources added or removed, from re-scraped text, and with Unicode before them.

mod notes_support;

use crossread::notes::{Notes, TagState};
use notes_support::*;

#[test]
fn rescraped_article_reattaches_exact_fuzzy_and_orphan() {
    let dir = tempfile::tempdir().unwrap();
    // The re-scraped copy: a paragraph inserted above, the typo fixed, the ferry sentence gone.
    let v2 = tag_then_rescrape(
        dir.path(),
        &[
            ("Traffic was diverted", "key fact", ""),
            ("govenment", "verify", "check the amount"),
            ("ferry service", "quote", ""),
        ],
    );
    let notes = Notes::open_strict(Some(dir.path()), &v2).unwrap();
    assert_eq!(notes.tags().len(), 3, "no tag is dropped");
    let by_label = |label: &str| {
        notes
            .tags()
            .iter()
            .find(|t| t.tag.label == label)
            .unwrap()
            .clone()
    };

    let key_fact = by_label("key fact");
    assert_eq!(key_fact.state, TagState::Exact);
    assert_eq!(
        key_fact.statements,
        vec![statement_with(&v2, "Traffic was diverted")]
    );

    let verify = by_label("verify");
    assert_eq!(verify.state, TagState::Fuzzy);
    assert_eq!(
        verify.statements,
        vec![statement_with(&v2, "The government")]
    );
    assert!(verify.quote.starts_with("The government has promised"));
    assert_eq!(verify.tag.note, "check the amount");

    let orphan = by_label("quote");
    assert_eq!(orphan.state, TagState::Orphan);
    assert!(orphan.statements.is_empty());
    assert!(orphan.quote.contains("ferry service"));
}

#[test]
fn confirming_a_fuzzy_tag_makes_it_exact_on_the_new_text() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = compare_files(&[fixture("harbour_v1.txt")]);
    Notes::open_strict(Some(dir.path()), &v1)
        .unwrap()
        .add(statement_with(&v1, "govenment"), "verify", "")
        .unwrap();

    let v2 = compare_files(&[fixture("harbour_v2.txt")]);
    let mut notes = Notes::open_strict(Some(dir.path()), &v2).unwrap();
    let id = notes.tags()[0].tag.id.clone();
    assert_eq!(notes.tags()[0].state, TagState::Fuzzy);
    notes.confirm(&id).unwrap();
    assert_eq!(notes.tag(&id).unwrap().state, TagState::Exact);
    drop(notes);

    let again = Notes::open_strict(Some(dir.path()), &v2).unwrap();
    assert_eq!(again.tags().len(), 1);
    assert_eq!(again.tags()[0].state, TagState::Exact);
    assert_eq!(again.tags()[0].tag.id, id, "the id is stable");
    assert!(again.tags()[0].tag.anchor.exact.contains("government"));
}

#[test]
fn tags_follow_content_not_paths_and_survive_added_and_removed_sources() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let original = fixture("harbour_v1.txt");
    let other = fixture("harbour_other_outlet.txt");
    let story = compare_files(&[original.clone(), other.clone()]);
    let tagged = statement_with(&story, "apologised to commuters");
    Notes::open_strict(Some(data.path()), &story)
        .unwrap()
        .add(tagged, "disputed", "")
        .unwrap();

    // Same article under another name and path, opened alone: the tag is there.
    let copy = write_article(
        dir.path(),
        "renamed.txt",
        &std::fs::read_to_string(&original).unwrap(),
    );
    let alone = compare_files(std::slice::from_ref(&copy));
    let notes = Notes::open_strict(Some(data.path()), &alone).unwrap();
    assert_eq!(notes.tags().len(), 1);
    assert_eq!(notes.tags()[0].state, TagState::Exact);
    assert_eq!(
        notes.tags()[0].statements,
        vec![statement_with(&alone, "apologised to commuters")]
    );

    // Other sources first, the tagged one last: still found.
    let reordered = compare_files(&[other.clone(), copy]);
    let notes = Notes::open_strict(Some(data.path()), &reordered).unwrap();
    assert_eq!(notes.tags().len(), 1);
    assert_eq!(notes.tags()[0].source, 1);

    // A story without the tagged source shows none of its tags.
    let without = compare_files(&[other]);
    assert!(
        Notes::open_strict(Some(data.path()), &without)
            .unwrap()
            .tags()
            .is_empty()
    );
}

#[test]
fn emoji_cjk_and_combining_marks_before_the_statement_keep_code_point_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let text = "Résumé of the day 🇺🇦👩‍👩‍👧: 東京で会議が開かれた。 Cafe\u{301} owners e\u{301}lus said so.\n\n\
                The mayor announced the new budget on Friday.\n\n\
                Nothing else happened.\n";
    let path = write_article(dir.path(), "unicode.txt", text);
    let story = compare_files(std::slice::from_ref(&path));
    let id = statement_with(&story, "The mayor announced");
    let mut notes = Notes::open_strict(Some(data.path()), &story).unwrap();
    let tag_id = notes.add(id, "verify", "").unwrap();

    let source_text = &story.story.sources[0].text;
    let byte_start = source_text.find("The mayor").unwrap();
    let expected_start = source_text[..byte_start].chars().count();
    let tag = notes.tag(&tag_id).unwrap().clone();
    assert_eq!(tag.tag.anchor.start, expected_start);
    assert_eq!(
        tag.tag.anchor.end,
        expected_start
            + "The mayor announced the new budget on Friday."
                .chars()
                .count()
    );
    assert!(expected_start < byte_start, "the text before is multi-byte");
    let slice: String = source_text
        .chars()
        .skip(tag.tag.anchor.start)
        .take(tag.tag.anchor.end - tag.tag.anchor.start)
        .collect();
    assert_eq!(slice, tag.tag.anchor.exact);
    assert!(tag.tag.anchor.prefix.chars().count() <= 32);
    drop(notes);

    let reopened = Notes::open_strict(Some(data.path()), &story).unwrap();
    assert_eq!(reopened.tags()[0].state, TagState::Exact);
    assert_eq!(
        reopened.tags()[0].location,
        Some((tag.tag.anchor.start, tag.tag.anchor.end))
    );
    assert_eq!(reopened.tags()[0].statements, vec![id]);
}
