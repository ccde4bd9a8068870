//! Tagging in the reader, driven by keys through the real keymap and update,
//! drawn on ratatui's TestBackend.

mod notes_support;
mod tui_support;

use crossread::align::Comparison;
use crossread::notes::{Notes, TagState};
use crossread::tui::model::tagging::{NotesStore, Overlay};
use crossread::tui::model::{Model, Options};
use crossread::tui::theme::ThemeName;
use notes_support::*;
use ratatui::style::{Color, Modifier};
use tui_support::*;

fn model_with(
    comparison: Comparison,
    theme: ThemeName,
    notes: NotesStore,
    size: (u16, u16),
) -> Model {
    let options = Options {
        theme: Some(theme),
        notes,
        ..Options::default()
    };
    reader(comparison, options, size)
}

fn model(size: (u16, u16)) -> Model {
    model_with(bare_sample(), ThemeName::Dark, NotesStore::Off, size)
}

#[test]
fn t_then_a_digit_tags_the_cursor_statement_and_draws_a_badge() {
    let mut m = model((100, 30));
    let statement = m.cursor.unwrap();
    press(&mut m, "t");
    let prompt = text_of(&render(&m));
    assert!(prompt.contains("tag this statement"), "{prompt}");
    assert!(prompt.contains("1  verify"), "{prompt}");
    press(&mut m, "1");
    assert!(m.tagging.overlay.is_none());
    let tags: Vec<_> = m.tagging.notes.tags_on(statement).collect();
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].tag.label, "verify");

    let screen = render(&m);
    let (x, y) = find(&screen, " verify ").expect("badge drawn");
    let cell = &screen[(x + 1, y)];
    assert_eq!(cell.style().fg, Some(Color::Black));
    assert!(cell.style().bg.is_some(), "badge has a background colour");
    assert!(text_of(&screen).contains("tagged \"verify\""));
}

#[test]
fn the_mono_theme_draws_badges_in_reverse_video() {
    let mut m = model_with(bare_sample(), ThemeName::Mono, NotesStore::Off, (100, 30));
    press(&mut m, "t 2");
    let screen = render(&m);
    let (x, y) = find(&screen, " disputed ").expect("badge drawn");
    let style = screen[(x + 1, y)].style();
    assert!(style.add_modifier.contains(Modifier::REVERSED));
    assert!(
        matches!(style.bg, None | Some(Color::Reset)),
        "no colour: {:?}",
        style.bg
    );
}

#[test]
fn typed_labels_complete_and_new_ones_are_created() {
    let mut m = model((100, 30));
    let statement = m.cursor.unwrap();
    press(&mut m, "t");
    type_text(&mut m, "ke");
    press(&mut m, "tab enter");
    press(&mut m, "t");
    type_text(&mut m, "needs a second source\n");
    let labels: Vec<String> = m
        .tagging
        .notes
        .tags_on(statement)
        .map(|t| t.tag.label.clone())
        .collect();
    assert_eq!(labels, vec!["key fact", "needs a second source"]);
    // The new label is offered next time, after the configured ones.
    press(&mut m, "t");
    let prompt = text_of(&render(&m));
    assert!(prompt.contains("needs a second source"), "{prompt}");
    press(&mut m, "esc");
    assert!(m.tagging.overlay.is_none());
}

#[test]
fn shift_t_tags_every_statement_of_the_claim() {
    let (comparison, a, b) = sample_sharing(0, 1);
    let mut m = model_with(comparison, ThemeName::Dark, NotesStore::Off, (120, 30));
    m.move_cursor_to(a);
    press(&mut m, "T 1");
    assert_eq!(m.tagging.notes.tags_on(a).count(), 1);
    assert_eq!(m.tagging.notes.tags_on(b).count(), 1);
    press(&mut m, "z");
    assert!(
        m.tagging.notes.tags().is_empty(),
        "one undo removes the claim's tags"
    );
}

#[test]
fn notes_are_written_in_a_multiline_editor_removed_and_undone() {
    let mut m = model((100, 30));
    let statement = m.cursor.unwrap();
    press(&mut m, "t 1 e");
    assert!(matches!(m.tagging.overlay, Some(Overlay::Note { .. })));
    type_text(&mut m, "first line, \"quoted\"\nlínea ✓ 東京 e\u{301}");
    let editing = text_of(&render(&m));
    assert!(editing.contains("note on \"verify\""), "{editing}");
    press(&mut m, "ctrl-s");
    let note = m
        .tagging
        .notes
        .tags_on(statement)
        .next()
        .unwrap()
        .tag
        .note
        .clone();
    assert_eq!(note, "first line, \"quoted\"\nlínea ✓ 東京 e\u{301}");

    press(&mut m, "-");
    assert_eq!(m.tagging.notes.tags_on(statement).count(), 0);
    press(&mut m, "z");
    let restored = m.tagging.notes.tags_on(statement).next().unwrap();
    assert_eq!(restored.tag.note, note);
    press(&mut m, "e esc");
    assert_eq!(
        m.tagging.notes.tags_on(statement).next().unwrap().tag.note,
        note
    );
}

#[test]
fn the_notes_view_lists_filters_and_jumps() {
    let mut m = model((80, 24));
    let first = m.cursor.unwrap();
    press(&mut m, "t 1 j j t 2 j t 1");
    let third = m.cursor.unwrap();
    press(&mut m, "g 5");
    let screen = render(&m);
    insta::assert_snapshot!("notes_view_80x24", text_of(&screen));
    press(&mut m, "f");
    let filtered = text_of(&render(&m));
    assert!(
        filtered.contains("notes: 1 of 3 tags · only \"disputed\""),
        "{filtered}"
    );
    press(&mut m, "f f");
    assert_eq!(m.tagging.listing.filter(), None);
    press(&mut m, "j j enter");
    assert!(m.tagging.overlay.is_none());
    assert_eq!(m.cursor, Some(third));
    assert_ne!(third, first);
}

#[test]
fn the_label_prompt_snapshot() {
    let mut m = model((80, 24));
    press(&mut m, "t");
    type_text(&mut m, "u");
    insta::assert_snapshot!("label_prompt_80x24", text_of(&render(&m)));
}

#[test]
fn export_from_the_reader_writes_the_file_and_asks_before_overwriting() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("notes.json");
    let mut m = model((100, 30));
    press(&mut m, "t 1 E tab");
    for _ in 0.."crossread-notes.json".chars().count() {
        press(&mut m, "backspace");
    }
    type_text(&mut m, &target.to_string_lossy());
    press(&mut m, "enter");
    assert!(m.tagging.overlay.is_none());
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(value["tags"][0]["label"], "verify");

    std::fs::write(&target, "keep me").unwrap();
    press(&mut m, "E tab");
    for _ in 0.."crossread-notes.json".chars().count() {
        press(&mut m, "backspace");
    }
    type_text(&mut m, &target.to_string_lossy());
    press(&mut m, "enter");
    assert!(text_of(&render(&m)).contains("enter again to overwrite"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    press(&mut m, "enter");
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("\"verify\"")
    );
}

#[test]
fn tags_made_in_the_reader_are_there_next_time() {
    let data = tempfile::tempdir().unwrap();
    let store = NotesStore::Dir(data.path().to_path_buf());
    let mut m = model_with(bare_sample(), ThemeName::Dark, store.clone(), (100, 30));
    let statement = m.cursor.unwrap();
    press(&mut m, "t 3");
    drop(m);
    let again = model_with(bare_sample(), ThemeName::Dark, store, (100, 30));
    let tag = again
        .tagging
        .notes
        .tags_on(statement)
        .next()
        .expect("tag kept");
    assert_eq!(tag.tag.label, "key fact");
    assert_eq!(tag.state, TagState::Exact);
    assert!(find(&render(&again), " key fact ").is_some());
    let direct = Notes::open_strict(Some(data.path()), &bare_sample()).unwrap();
    assert_eq!(direct.tags().len(), 1);
}

#[test]
fn an_unreadable_store_is_said_on_screen_and_tagging_still_works() {
    let data = tempfile::tempdir().unwrap();
    let file = store_file(data.path());
    std::fs::write(
        &file,
        b"not a database at all, just some bytes that are long enough to be read as a header......",
    )
    .unwrap();
    let before = file_digest(&file);
    let mut m = model_with(
        bare_sample(),
        ThemeName::Dark,
        NotesStore::Dir(data.path().to_path_buf()),
        (120, 30),
    );
    let screen = text_of(&render(&m));
    assert!(screen.contains("notes not saved:"), "{screen}");
    press(&mut m, "t 1");
    assert_eq!(m.tagging.notes.tags().len(), 1);
    let screen = text_of(&render(&m));
    assert!(screen.contains("notes NOT saved"), "{screen}");
    assert_eq!(file_digest(&file), before);
}

#[test]
fn every_tagging_overlay_draws_at_any_size_without_panicking() {
    for (width, height) in [(1, 1), (20, 5), (30, 6), (40, 10), (80, 24), (200, 60)] {
        for keys in ["t", "t 1 e", "t 1 5", "E", "t 1 T"] {
            let mut m = model((width, height));
            press(&mut m, keys);
            type_text(&mut m, "x");
            let _ = render(&m);
            let resized = {
                press(&mut m, "esc");
                render(&m)
            };
            assert_eq!(resized.area.width, width);
        }
    }
}

#[test]
fn a_rescraped_story_shows_fuzzy_tags_to_confirm_and_orphans() {
    let data = tempfile::tempdir().unwrap();
    let v2 = tag_then_rescrape(
        data.path(),
        &[("govenment", "verify", ""), ("ferry service", "quote", "")],
    );
    let fuzzy_statement = statement_with(&v2, "The government");
    let mut m = model_with(
        v2,
        ThemeName::Dark,
        NotesStore::Dir(data.path().to_path_buf()),
        (100, 30),
    );
    let screen = render(&m);
    assert!(
        find(&screen, " verify ? ").is_some(),
        "{}",
        text_of(&screen)
    );
    press(&mut m, "5");
    let listed = text_of(&render(&m));
    assert!(listed.contains("[text changed: confirm]"), "{listed}");
    assert!(listed.contains("[orphan: text gone]"), "{listed}");
    assert!(listed.contains("ferry service"), "{listed}");
    // The fuzzy tag comes first (it has a place in the text); confirm it.
    press(&mut m, "y");
    let tag = m.tagging.notes.tags_on(fuzzy_statement).next().unwrap();
    assert_eq!(tag.state, TagState::Exact);
    // Enter on the orphan says why it cannot jump.
    press(&mut m, "j enter");
    assert!(text_of(&render(&m)).contains("orphan: this text is no longer in"));
}

#[test]
fn badges_sit_on_their_own_line_under_the_statement() {
    let mut m = model((80, 24));
    press(&mut m, "t 1 t 2 j t 4");
    let screen = render(&m);
    insta::assert_snapshot!("badges_80x24", text_of(&screen));
    let (x, y) = find(&screen, " verify ").expect("badge drawn");
    let (x2, y2) = find(&screen, " disputed ").expect("second badge");
    assert_eq!(y, y2, "both labels of one statement on one line");
    assert_ne!(
        screen[(x + 1, y)].style().bg,
        screen[(x2 + 1, y2)].style().bg
    );
    // Removing both tags removes the badge line.
    press(&mut m, "k - -");
    let text = text_of(&render(&m));
    assert!(!text.contains(" verify "), "{text}");
}
