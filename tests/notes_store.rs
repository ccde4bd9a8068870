//! Faults: killed processes, concurrent writers, and store files that cannot be read.

mod notes_support;

use crossread::notes::store::Store;
use crossread::notes::{Notes, TagState};
use notes_support::*;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

fn sample_statement(needle: &str) -> usize {
    let comparison = crossread::align::compare(crossread::ingest::sample_story());
    statement_with(&comparison, needle)
}

#[test]
fn a_tag_survives_sigkill_right_after_it_is_made() {
    let data = tempfile::tempdir().unwrap();
    let statement = sample_statement("Peskov");
    let mut child = crossread()
        .arg("--data-dir")
        .arg(data.path())
        .args(["tag", "--statement", &statement.to_string()])
        .args([
            "--label",
            "verify",
            "--note",
            "made just before the kill",
            "--hold",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let id = line.trim().to_string();
    assert_eq!(id.len(), 36, "the tag command reported a tag id: {line:?}");
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success(), "the process was killed, not finished");

    let comparison = crossread::align::compare(crossread::ingest::sample_story());
    let notes = Notes::open_strict(Some(data.path()), &comparison).unwrap();
    let tag = notes.tag(&id).expect("the tag is there after the kill");
    assert_eq!(tag.tag.note, "made just before the kill");
    assert_eq!(tag.statements, vec![statement]);
}

#[test]
fn two_processes_tagging_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let text: String = (0..120)
        .map(|i| {
            format!(
                "Witness {i} told reporters that {} trucks had crossed the border before {}:00.\n\n",
                i * 7 + 3,
                i % 24
            )
        })
        .collect();
    let article = write_article(dir.path(), "long.txt", &text);
    let comparison = compare_files(std::slice::from_ref(&article));
    assert!(comparison.story.statements.len() >= 100);
    let statements: Vec<String> = (0..100).map(|i| i.to_string()).collect();

    let spawn = |label: &str| {
        let mut command = crossread();
        command.arg("--data-dir").arg(data.path()).arg("tag");
        for s in &statements {
            command.args(["--statement", s]);
        }
        command
            .args(["--label", label, &article])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // Both start before either has created the store: creation races too.
    let first = spawn("first");
    let second = spawn("second");
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "tagging failed: {stderr}");
        assert!(!stderr.contains("locked"), "{stderr}");
    }

    let notes = Notes::open_strict(Some(data.path()), &comparison).unwrap();
    assert_eq!(notes.tags().len(), 200);
    for label in ["first", "second"] {
        let mut tagged: Vec<usize> = notes
            .tags()
            .iter()
            .filter(|t| t.tag.label == label)
            .map(|t| t.statements[0])
            .collect();
        tagged.sort_unstable();
        assert_eq!(tagged, (0..100).collect::<Vec<_>>(), "{label}");
    }
}

#[test]
fn two_sessions_on_one_story_both_keep_their_tags() {
    let data = tempfile::tempdir().unwrap();
    let comparison = crossread::align::compare(crossread::ingest::sample_story());
    let mut a = Notes::open_strict(Some(data.path()), &comparison).unwrap();
    let mut b = Notes::open_strict(Some(data.path()), &comparison).unwrap();
    a.add(1, "verify", "from a").unwrap();
    b.add(2, "disputed", "from b").unwrap();
    a.add(3, "quote", "").unwrap();
    b.reload().unwrap();
    assert_eq!(b.tags().len(), 3);
    let fresh = Notes::open_strict(Some(data.path()), &comparison).unwrap();
    assert_eq!(fresh.tags().len(), 3);
}

/// A store that is refused: the CLI says why and exits 2, the reader keeps
/// working in memory with a warning, and the file is byte-for-byte unchanged.
fn assert_refused(data: &Path, expected: &str) {
    let file = store_file(data);
    let before = file_digest(&file);

    for args in [
        vec!["export", "--format", "json"],
        vec!["notes"],
        vec!["tag", "--statement", "1", "--label", "verify"],
    ] {
        let output = crossread()
            .arg("--data-dir")
            .arg(data)
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("crossread: notes store "), "{stderr}");
        assert!(stderr.contains(&file.display().to_string()), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(stderr.contains("left untouched"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }

    let comparison = crossread::align::compare(crossread::ingest::sample_story());
    let mut notes = Notes::open(Some(data), &comparison);
    let warning = notes.warning().expect("a warning is shown").to_string();
    assert!(warning.starts_with("notes not saved: "), "{warning}");
    assert!(warning.contains(expected), "{warning}");
    let id = notes.add(1, "verify", "kept in memory").unwrap();
    assert_eq!(notes.tag(&id).unwrap().state, TagState::Exact);
    assert!(notes.undo().unwrap().is_some());

    assert_eq!(file_digest(&file), before, "the store file is unchanged");
    let leftovers: Vec<_> = std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        leftovers,
        vec![crossread::notes::store::STORE_FILE.to_string()]
    );
}

#[test]
fn a_zero_byte_store_is_refused_and_left_alone() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(store_file(data.path()), b"").unwrap();
    assert_refused(data.path(), "empty file");
}

#[test]
fn a_garbage_store_is_refused_and_left_alone() {
    let data = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(store_file(data.path()), garbage).unwrap();
    assert_refused(data.path(), "not an SQLite database");
}

fn store_with_tags(data: &Path, count: usize) {
    let comparison = crossread::align::compare(crossread::ingest::sample_story());
    let mut notes = Notes::open_strict(Some(data), &comparison).unwrap();
    for i in 0..count {
        notes
            .add(
                i % comparison.story.statements.len(),
                "verify",
                &"a long note ".repeat(40),
            )
            .unwrap();
    }
}

#[test]
fn a_truncated_store_is_refused_and_left_alone() {
    let data = tempfile::tempdir().unwrap();
    store_with_tags(data.path(), 200);
    let file = store_file(data.path());
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.len() > 8192, "the store spans several pages");
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    assert_refused(data.path(), "truncated");
}

#[test]
fn a_store_with_a_damaged_page_is_refused_and_left_alone() {
    let data = tempfile::tempdir().unwrap();
    store_with_tags(data.path(), 200);
    let file = store_file(data.path());
    let mut bytes = std::fs::read(&file).unwrap();
    let page = 4096;
    for b in &mut bytes[2 * page..3 * page] {
        *b = 0xA5;
    }
    std::fs::write(&file, &bytes).unwrap();
    assert_refused(data.path(), "damaged");
}

#[test]
fn a_store_from_a_newer_version_is_refused_and_left_alone() {
    let data = tempfile::tempdir().unwrap();
    store_with_tags(data.path(), 3);
    {
        let conn = rusqlite::Connection::open(store_file(data.path())).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE")
            .unwrap_or(());
    }
    assert_refused(data.path(), "newer crossread (schema 99");
}

#[test]
fn another_programs_database_is_refused_and_left_alone() {
    let data = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(store_file(data.path())).unwrap();
        conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
            .unwrap();
    }
    assert_refused(data.path(), "another program");
}

#[test]
fn a_missing_store_and_directory_are_created() {
    let data = tempfile::tempdir().unwrap();
    let nested = data.path().join("a/b");
    let store = Store::open_in(Some(&nested)).unwrap();
    assert_eq!(store.path(), store_file(&nested));
    drop(store);
    // Reopening an existing, valid store works and keeps the schema.
    Store::open_in(Some(&nested)).unwrap();
}
