//! One article in every encoding and line-end style people have it in gives
//! the same statements.

use crossread::ingest::{RawArticle, build_story};

const ARTICLE: &str = "Café Owners Protest New Rules\n\
The mayor’s office said on Monday that terraces must close at ten.\n\
“We have served customers here for forty years,” said Renée Marchand. She runs a bistro.\n";

fn statements_of(origin: &str, bytes: Vec<u8>) -> Vec<String> {
    let story = build_story(vec![RawArticle {
        origin: origin.into(),
        path: None,
        bytes,
    }])
    .unwrap_or_else(|e| panic!("{origin}: {e}"));
    story.statements.into_iter().map(|s| s.text).collect()
}

fn expected() -> Vec<String> {
    statements_of("utf8.txt", ARTICLE.as_bytes().to_vec())
}

#[test]
fn reference_statements() {
    assert_eq!(
        expected(),
        [
            "Café Owners Protest New Rules",
            "The mayor’s office said on Monday that terraces must close at ten.",
            "“We have served customers here for forty years,” said Renée Marchand.",
            "She runs a bistro.",
        ]
    );
}

#[test]
fn utf8_with_bom_crlf_and_cr() {
    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend(ARTICLE.replace('\n', "\r\n").as_bytes());
    assert_eq!(statements_of("bom.txt", with_bom), expected());
    let old_mac = ARTICLE.replace('\n', "\r").into_bytes();
    assert_eq!(statements_of("cr.txt", old_mac), expected());
}

#[test]
fn utf16_with_bom() {
    let mut le = vec![0xff, 0xfe];
    let mut be = vec![0xfe, 0xff];
    for unit in ARTICLE.encode_utf16() {
        le.extend(unit.to_le_bytes());
        be.extend(unit.to_be_bytes());
    }
    assert_eq!(statements_of("le.txt", le), expected());
    assert_eq!(statements_of("be.txt", be), expected());
}

#[test]
fn legacy_windows_1252_text() {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(ARTICLE);
    assert!(!unmappable);
    assert_eq!(statements_of("legacy.txt", bytes.into_owned()), expected());
}

#[test]
fn double_encoded_utf8_is_repaired() {
    // UTF-8 bytes read as windows-1252 and saved again as UTF-8.
    let (mojibake, _, _) = encoding_rs::WINDOWS_1252.decode(ARTICLE.as_bytes());
    assert!(mojibake.contains("â€™"));
    assert_eq!(
        statements_of("mojibake.txt", mojibake.into_owned().into_bytes()),
        expected()
    );
}

#[test]
fn invisible_characters_and_nbsp() {
    let noisy = ARTICLE
        .replace("mayor’s", "may\u{200b}or’s")
        .replace("at ten", "at\u{a0}ten")
        .replace("She runs", "\u{feff}She runs");
    assert_eq!(statements_of("noisy.txt", noisy.into_bytes()), expected());
}
