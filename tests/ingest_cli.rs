//! The binary on bad and good input: one line on stderr naming the file and
//! the problem, exit code 2, never a panic.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn crossread(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crossread"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the crossread binary runs")
}

fn crossread_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_crossread"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the crossread binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input)
        .expect("stdin accepts the article");
    child.wait_with_output().expect("the crossread binary ends")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// Exit code 2 and exactly one stderr line naming `origin` and containing `problem`.
fn assert_bad_input(output: &Output, origin: &str, problem: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line expected: {stderr}");
    assert!(
        stderr.starts_with(&format!("crossread: {origin}: ")),
        "names the file: {stderr}"
    );
    assert!(stderr.contains(problem), "says {problem:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

const ARTICLE: &str =
    "Harbour Bridge Reopens\n\nThe bridge reopened on Thursday after repairs, the council said.\n";

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.txt").display().to_string();
    for command in [&["inspect"][..], &["compare"][..]] {
        let mut args = command.to_vec();
        args.push(&missing);
        assert_bad_input(&crossread(&args), &missing, "no such file or folder");
    }
}

#[test]
fn folder_without_articles() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.json"), "{}").unwrap();
    std::fs::write(dir.path().join("image.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let path = dir.path().display().to_string();
    assert_bad_input(&crossread(&["inspect", &path]), &path, "no articles found");
}

#[test]
fn empty_and_whitespace_files() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let blank = dir.path().join("blank.md");
    std::fs::write(&blank, b"  \r\n\t\n").unwrap();
    for path in [empty, blank] {
        let path = path.display().to_string();
        assert_bad_input(&crossread(&["inspect", &path]), &path, "empty file");
    }
}

#[test]
fn only_junk_left_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.txt");
    std::fs::write(
        &path,
        "Also Read\n/images/a.webp\nhttps://example.com/x\nShare this article\n",
    )
    .unwrap();
    let path = path.display().to_string();
    assert_bad_input(
        &crossread(&["inspect", &path]),
        &path,
        "no article text left after cleaning (4 lines removed",
    );
}

#[test]
fn binary_file_renamed_txt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photo.txt");
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    png.extend((0..2000u32).map(|i| (i * 7 % 251) as u8));
    std::fs::write(&path, png).unwrap();
    let path = path.display().to_string();
    assert_bad_input(
        &crossread(&["inspect", &path]),
        &path,
        "binary file, not text (PNG image)",
    );
}

#[test]
fn file_over_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    // A sparse file: the size is checked before anything is read.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(crossread::ingest::MAX_FILE_BYTES + 1).unwrap();
    let path = path.display().to_string();
    assert_bad_input(
        &crossread(&["inspect", &path]),
        &path,
        "file too large (21 MB; the limit is 20 MB)",
    );
}

#[test]
fn undecodable_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.txt");
    // A UTF-16 byte-order mark followed by a lone surrogate.
    std::fs::write(&path, b"\xff\xfeH\x00i\x00\x00\xd8!\x00").unwrap();
    let path = path.display().to_string();
    assert_bad_input(
        &crossread(&["inspect", &path]),
        &path,
        "not valid text in any encoding tried",
    );
}

#[test]
fn one_bad_file_among_several_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("a.txt");
    std::fs::write(&good, ARTICLE).unwrap();
    let bad = dir.path().join("b.txt");
    std::fs::write(&bad, b"\x00\x01\x02\x03binary").unwrap();
    let good = good.display().to_string();
    let bad = bad.display().to_string();
    assert_bad_input(
        &crossread(&["inspect", &good, &bad, &good]),
        &bad,
        "binary file",
    );
    // Inside a folder too: the file, not the folder, is named.
    let folder = dir.path().display().to_string();
    assert_bad_input(&crossread(&["inspect", &folder]), &bad, "binary file");
}

#[test]
fn folder_reads_supported_files_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("b_second.md"),
        "# Second Source\n\nThe second outlet reported the bridge reopened on Thursday.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a_first.txt"), ARTICLE).unwrap();
    std::fs::write(dir.path().join("c_ignored.json"), "{}").unwrap();
    let folder = dir.path().display().to_string();
    let output = crossread(&["inspect", &folder]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let first = stdout.find("source 1: a_first").expect("a_first listed");
    let second = stdout.find("source 2: b_second").expect("b_second listed");
    assert!(first < second);
    assert!(!stdout.contains("c_ignored"));
}

#[test]
fn standard_input_crlf_and_bom() {
    let input = b"\xef\xbb\xbfBridge Reopens\r\n\r\nThe bridge reopened on Thursday. Mr. Oduya said it was safe.\r\n";
    let output = crossread_with_stdin(&["inspect", "-"], input);
    assert!(output.status.success(), "{:?}", output);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("source 1: stdin"));
    assert!(stdout.contains("#1  The bridge reopened on Thursday.\n"));
    assert!(stdout.contains("#2  Mr. Oduya said it was safe.\n"));
    assert!(!stdout.contains('\r'));
}

#[test]
fn empty_standard_input() {
    let output = crossread_with_stdin(&["inspect", "-"], b"");
    assert_bad_input(&output, "-", "empty file");
}

#[test]
fn inspect_without_files_shows_the_sample() {
    let output = crossread(&["inspect"]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with(
        "story: Russia invites Zelenskiy to Moscow as US-led push for Ukraine peace grows\n"
    ));
    assert!(stdout.contains("line   26  first-published"));
    assert!(stdout.contains("[2] standfirst"));
    assert!(stdout.contains("removed: 4"));
}

#[test]
fn web_page_menus_and_footers_are_not_shown() {
    let output = crossread(&["inspect", &fixture("page_with_menus.html")]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("source 1: The Coastal Ledger"));
    assert!(stdout.contains("title      Harbour Bridge Reopens After Repairs"));
    assert!(stdout.contains("byline     Mira Castellano"));
    assert!(stdout.contains("date       2026-01-29"));
    assert!(stdout.contains("url        https://ledger.example/news/harbour-bridge-reopens"));
    assert!(stdout.contains("Mr. Oduya, the chief engineer, said"));
    for menu in [
        "Privacy policy",
        "Most read",
        "Weather",
        "Copyright 2026",
        "Local team wins cup",
    ] {
        assert!(!stdout.contains(menu), "{menu} shown:\n{stdout}");
    }
    assert!(stdout.contains("read-more            READ MORE: Council approves"));
}

#[test]
fn legacy_web_pages_with_and_without_declared_charset() {
    for (file, site) in [
        ("legacy_1252_meta.html", "Le Petit Journal"),
        ("legacy_1252_no_meta.html", "Le Grand Journal"),
    ] {
        let output = crossread(&["inspect", &fixture(file)]);
        assert!(output.status.success(), "{output:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains(&format!("source 1: {site}")), "{stdout}");
        assert!(stdout.contains("#0  Café owners protest new rules"));
        assert!(
            stdout.contains("“We have served customers here for forty years,” said Renée Marchand")
        );
        assert!(stdout.contains("outside the mayor’s office"));
        assert!(!stdout.contains("Accueil"));
        assert!(!stdout.contains("Mentions"));
        assert!(!stdout.contains('\u{fffd}'));
    }
}
