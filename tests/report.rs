//! `crossread compare` as scripts and readers use it.

use std::process::{Command, Output};

fn crossread(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crossread"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("temp file");
    path.to_string_lossy().into_owned()
}

#[test]
fn json_carries_the_documented_fields() {
    let out = crossread(&["compare", "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let sources = v["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 2);
    for key in ["id", "name", "path"] {
        assert!(sources[0].get(key).is_some(), "source.{key}");
    }
    let statements = v["statements"].as_array().expect("statements");
    for key in [
        "id",
        "source",
        "paragraph",
        "text",
        "unique",
        "start",
        "end",
        "kind",
    ] {
        assert!(statements[0].get(key).is_some(), "statement.{key}");
    }
    let groups = v["groups"].as_array().expect("groups");
    assert!(!groups.is_empty());
    for g in groups {
        let ids = g["statements"].as_array().expect("group statements");
        assert!(ids.len() >= 2);
        assert!(g["sources"].as_array().is_some_and(|s| s.len() >= 2));
    }
    assert!(v["conflicts"].is_array());
    let links = v["links"].as_array().expect("links");
    assert!(
        links
            .iter()
            .any(|l| l["diff"].as_array().is_some_and(|d| !d.is_empty()))
    );
    assert!(links.iter().all(|l| l["score"].as_f64().is_some()));
    assert!(v["rows"].as_array().is_some_and(|r| !r.is_empty()));
    // A statement marked unique is in no group; `unique` is exactly the
    // "only here" verdict.
    for s in statements {
        assert_eq!(s["unique"] == true, s["uniqueness"] == "only_here", "{s}");
        if s["unique"] == true {
            let id = &s["id"];
            assert!(
                !groups
                    .iter()
                    .any(|g| g["statements"].as_array().is_some_and(|m| m.contains(id)))
            );
        }
    }
}

#[test]
fn text_and_markdown_reports_read_as_reports() {
    let text = crossread(&["compare", "--format", "text"]);
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    for part in ["Sources (2)", "Shared claims", "Unique claims", "Conflicts"] {
        assert!(text.contains(part), "{part} in text report");
    }
    assert!(text.contains("Fierce fighting is still raging"));
    let md = crossread(&["compare", "--format", "markdown", "--reference", "1"]);
    assert!(md.status.success());
    let md = String::from_utf8_lossy(&md.stdout);
    for part in [
        "## Sources",
        "## Shared claims",
        "## Unique claims",
        "## Conflicts",
        "> **",
    ] {
        assert!(md.contains(part), "{part} in markdown report");
    }
}

#[test]
fn bad_input_fails_in_one_line_with_status_2() {
    let out = crossread(&["compare", "--reference", "7"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1);
    assert!(err.starts_with("crossread: --reference 7"), "{err}");

    let out = crossread(&["compare", "/no/such/article.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1);
    assert!(err.contains("/no/such/article.txt"));
}

#[test]
fn one_source_still_reports_with_a_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(
        &dir,
        "alone.txt",
        "Storm closes the coast road\n\nA storm closed the coast road on Monday.\n\nNo one was hurt.\n",
    );
    let out = crossread(&["compare", "--format", "json", &file]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("only one source"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["groups"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["sources"][0]["path"], file.as_str());
}

#[test]
fn identical_files_and_an_empty_source_do_not_break_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "Bridge reopens\n\nThe old bridge reopened to traffic after two years of repairs.\n\nThe work cost 12 million euros.\n";
    let a = write(&dir, "a.txt", text);
    let b = write(&dir, "b.txt", text);
    let out = crossread(&["compare", "--format", "json", &a, &b]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["groups"].as_array().map(Vec::len), Some(2));
    assert!(v["conflicts"].as_array().is_some_and(Vec::is_empty));

    // A file with only a headline: no claims, but the comparison goes on.
    let c = write(&dir, "c.txt", "Only a headline\n");
    let out = crossread(&["compare", "--format", "text", &a, &c]);
    assert!(
        out.status.success() || out.status.code() == Some(2),
        "either works or fails cleanly"
    );
    if out.status.code() == Some(2) {
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).trim().lines().count(),
            1
        );
    }
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().expect("temp dir");
    // Far more JSON than a pipe holds, so the writer meets the closed pipe.
    let article = |outlet: &str| {
        (0..400)
            .map(|i| format!("The {outlet} report number {i} says the council met on day {i}.\n"))
            .collect::<String>()
    };
    let files = [
        write(&dir, "a.txt", &article("first")),
        write(&dir, "b.txt", &article("second")),
    ];
    for args in [
        vec!["compare", "--format", "json", &files[0], &files[1]],
        vec!["inspect", &files[0], &files[1]],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crossread"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let mut head = [0u8; 16];
        child
            .stdout
            .take()
            .expect("piped")
            .read_exact(&mut head)
            .expect("some output");
        // stdout is dropped here: the pipe is closed after 16 bytes.
        let out = child.wait_with_output().expect("it ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_a_one_line_error_with_status_1() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("no /dev/full here: skipped");
        return;
    };
    for format in ["json", "text", "markdown"] {
        let out = Command::new(env!("CARGO_BIN_EXE_crossread"))
            .args(["compare", "--format", format])
            .stdout(full.try_clone().expect("dup /dev/full"))
            .output()
            .expect("the binary runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(
            stderr.contains("cannot write the output"),
            "{format}: {stderr}"
        );
        assert_eq!(stderr.trim().lines().count(), 1, "{format}: {stderr}");
    }
}
