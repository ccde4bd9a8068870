//! Export in every format, with notes that try to break each one.

mod notes_support;

use crossread::align::{Conflict, ConflictKind};
use crossread::notes::Notes;
use crossread::notes::export::{self, Format};
use notes_support::*;

const NASTY_NOTE: &str = "He said \"no\", twice,\nthen | left > quickly\n> not a quote\n=HYPERLINK(\"http://evil.example\",\"click\")";
const FORMULA_NOTE: &str = "=HYPERLINK(\"http://evil.example\",\"click\")";

/// The sample story with one claim grouped across both sources and a conflict on it.
fn tagged_sample(data: &std::path::Path) -> (crossread::align::Comparison, Notes) {
    let (mut comparison, a, b) = sample_sharing(1, 1);
    comparison.conflicts.push(Conflict {
        group: 0,
        statements: vec![a, b],
        kind: ConflictKind::Number,
        values: vec!["12".into(), "15".into()],
        spans: [(a, "12"), (b, "15")]
            .map(|(id, value)| {
                let text = &comparison.story.statements[id].text;
                let start = text.find(value).map_or(0, |at| text[..at].chars().count());
                [start, start + value.chars().count()]
            })
            .to_vec(),
    });
    let unique = comparison.story.sources[0].statements.start + 2;
    comparison.uniqueness[unique] = crossread::align::Uniqueness::OnlyHere;
    let mut notes = Notes::open_strict(Some(data), &comparison).unwrap();
    notes.add(a, "key fact", NASTY_NOTE).unwrap();
    notes
        .add(unique, "=cmd|' /C calc'!A0", FORMULA_NOTE)
        .unwrap();
    notes.add(b, "verify", "").unwrap();
    (comparison, notes)
}

#[test]
fn csv_round_trips_with_bom_and_neutralised_formulas() {
    let data = tempfile::tempdir().unwrap();
    let (comparison, notes) = tagged_sample(data.path());
    let tags = export::collect(&notes, &comparison, None);
    let text = export::render(Format::Csv, &comparison, &tags);
    let body = text.strip_prefix('\u{feff}').expect("UTF-8 BOM first");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let key = rows
        .iter()
        .find(|r| &r[column("label")] == "key fact")
        .unwrap();
    assert_eq!(
        &key[column("note")],
        NASTY_NOTE,
        "starts with H: left as is"
    );
    assert_eq!(
        &key[column("also_reported_by")],
        comparison.story.sources[1].name
    );
    assert!(key[column("conflicts")].contains("12"));
    let formula = rows
        .iter()
        .find(|r| r[column("label")].contains("cmd"))
        .unwrap();
    assert_eq!(&formula[column("label")], "'=cmd|' /C calc'!A0");
    assert_eq!(&formula[column("note")], format!("'{FORMULA_NOTE}"));
    assert_eq!(&formula[column("only_this_source")], "true");
    for row in &rows {
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '@']),
                "formula-looking cell survived: {cell}"
            );
        }
    }
}

#[test]
fn json_carries_stable_ids_and_exact_text() {
    let data = tempfile::tempdir().unwrap();
    let (comparison, notes) = tagged_sample(data.path());
    let tags = export::collect(&notes, &comparison, None);
    let value: serde_json::Value =
        serde_json::from_str(&export::render(Format::Json, &comparison, &tags)).unwrap();
    let exported = value["tags"].as_array().unwrap();
    assert_eq!(exported.len(), 3);
    let key = exported.iter().find(|t| t["label"] == "key fact").unwrap();
    assert_eq!(key["note"], NASTY_NOTE);
    assert_eq!(key["state"], "exact");
    assert_eq!(
        key["also_reported_by"][0],
        comparison.story.sources[1].name.as_str()
    );
    assert_eq!(key["conflicts"][0]["kind"], "number");
    let source_text = &comparison.story.sources[0].text;
    let start = key["start"].as_u64().unwrap() as usize;
    let end = key["end"].as_u64().unwrap() as usize;
    let slice: String = source_text.chars().skip(start).take(end - start).collect();
    assert_eq!(key["quote"], slice.as_str());

    // The same tags exported again (from a fresh session) keep their ids.
    let again = Notes::open_strict(Some(data.path()), &comparison).unwrap();
    let second: serde_json::Value = serde_json::from_str(&export::render(
        Format::Json,
        &comparison,
        &export::collect(&again, &comparison, None),
    ))
    .unwrap();
    let ids = |v: &serde_json::Value| {
        let mut ids: Vec<String> = v["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&value), ids(&second));
}

#[test]
fn w3c_is_a_web_annotation_collection_with_both_selectors() {
    let data = tempfile::tempdir().unwrap();
    let (comparison, notes) = tagged_sample(data.path());
    let tags = export::collect(&notes, &comparison, None);
    let value: serde_json::Value =
        serde_json::from_str(&export::render(Format::W3c, &comparison, &tags)).unwrap();
    assert_eq!(value["type"], "AnnotationCollection");
    assert_eq!(value["@context"][0], "http://www.w3.org/ns/anno.jsonld");
    let items = value["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let key = items
        .iter()
        .find(|a| a["body"][0]["value"] == "key fact")
        .unwrap();
    assert_eq!(key["type"], "Annotation");
    assert_eq!(key["motivation"], "commenting");
    assert_eq!(key["body"][1]["value"], NASTY_NOTE);
    assert!(key["id"].as_str().unwrap().starts_with("urn:uuid:"));
    let hash = crossread::notes::anchor::content_hash(&comparison.story.sources[0]);
    assert_eq!(key["target"]["source"], format!("urn:sha256:{hash}"));
    let selectors = key["target"]["selector"].as_array().unwrap();
    assert_eq!(selectors[0]["type"], "TextQuoteSelector");
    assert_eq!(selectors[1]["type"], "TextPositionSelector");
    let untagged_note = items
        .iter()
        .find(|a| a["body"][0]["value"] == "verify")
        .unwrap();
    assert_eq!(untagged_note["motivation"], "tagging");
}

#[test]
fn markdown_groups_by_label_and_keeps_notes_from_breaking_out() {
    let data = tempfile::tempdir().unwrap();
    let (comparison, notes) = tagged_sample(data.path());
    let tags = export::collect(&notes, &comparison, None);
    let md = export::render(Format::Markdown, &comparison, &tags);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.len(), 3, "{md}");
    assert!(md.contains("## key fact (1)"));

    // Every blockquote line is a line of a quoted statement, never of a note.
    let quotes: Vec<String> = tags.iter().map(|t| t.quote.clone()).collect();
    for line in md.lines().filter(|l| l.starts_with('>')) {
        let content = line.trim_start_matches("> ");
        assert!(
            quotes
                .iter()
                .any(|q| q.contains(&content.replace('\\', ""))),
            "unexpected blockquote line: {line}\n{md}"
        );
    }
    // The note's lines are there, escaped, joined by hard line breaks.
    assert!(md.contains("He said \"no\", twice,\\\nthen \\| left \\> quickly\\\n\\> not a quote\\\n\\=HYPERLINK(\"http://evil.example\",\"click\")"), "{md}");
    assert!(md.contains(&format!(
        "Also reported by: {}",
        comparison.story.sources[1].name.replace('_', "\\_")
    )));
    assert!(md.contains(&format!(
        "Only {} reports this",
        comparison.story.sources[0].name.replace('_', "\\_")
    )));
    assert!(md.contains("Conflict on a number: 12 ("), "{md}");
}

#[test]
fn label_filter_and_orphans_in_exports() {
    let data = tempfile::tempdir().unwrap();
    let v2 = tag_then_rescrape(
        data.path(),
        &[
            ("ferry service", "quote", "gone later"),
            ("Okafor", "verify", ""),
        ],
    );
    let notes = Notes::open_strict(Some(data.path()), &v2).unwrap();
    let only_quotes = export::collect(&notes, &v2, Some("quote"));
    assert_eq!(only_quotes.len(), 1);
    let md = export::render(Format::Markdown, &v2, &only_quotes);
    assert!(md.contains("Orphan"), "{md}");
    assert!(md.contains("ferry service"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&export::render(Format::Json, &v2, &only_quotes)).unwrap();
    assert_eq!(json["tags"][0]["state"], "orphan");
}

#[test]
fn cli_export_writes_atomically_and_refuses_to_overwrite_without_force() {
    let data = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let article = fixture("harbour_v1.txt");
    let v1 = compare_files(std::slice::from_ref(&article));
    let statement = statement_with(&v1, "Okafor").to_string();
    let tagged = crossread()
        .arg("--data-dir")
        .arg(data.path())
        .args([
            "tag",
            "--statement",
            &statement,
            "--label",
            "verify",
            "--note",
            "a, \"b\"",
            &article,
        ])
        .output()
        .unwrap();
    assert!(tagged.status.success());

    let target = out_dir.path().join("notes.csv");
    let export = |force: bool| {
        let mut command = crossread();
        command
            .arg("--data-dir")
            .arg(data.path())
            .args(["export", "--format", "csv", "-o"])
            .arg(&target);
        if force {
            command.arg("--force");
        }
        command.arg(&article).output().unwrap()
    };
    assert!(export(false).status.success());
    let first = std::fs::read(&target).unwrap();
    assert!(first.starts_with("\u{feff}id,label".as_bytes()));

    std::fs::write(&target, b"precious").unwrap();
    let refused = export(false);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.starts_with("crossread: ") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"precious");

    assert!(export(true).status.success());
    assert_eq!(std::fs::read(&target).unwrap(), first);
    let names: Vec<_> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");

    let bad = crossread()
        .arg("--data-dir")
        .arg(data.path())
        .args(["export", "--format", "pdf", &article])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));

    let listed = crossread()
        .arg("--data-dir")
        .arg(data.path())
        .args(["notes", "--label", "verify"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&listed.stdout);
    assert!(stdout.contains("[verify] exact"), "{stdout}");
    assert!(stdout.contains("Okafor"), "{stdout}");
}

#[test]
fn reading_commands_do_not_create_a_store() {
    let data = tempfile::tempdir().unwrap();
    let nested = data.path().join("not-yet");
    for args in [vec!["notes"], vec!["export", "--format", "json"]] {
        let output = crossread()
            .arg("--data-dir")
            .arg(&nested)
            .args(&args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
    }
    assert!(!nested.exists());
}
