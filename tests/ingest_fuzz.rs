//! Property tests: no input makes the decoder, cleaner, segmenter or story
//! builder panic, and every story built keeps its offset invariants.

use crossread::ingest::{RawArticle, build_story, clean, decode, segment};
use crossread::model::Story;
use proptest::prelude::*;

/// Characters that stress cleaning: mojibake pieces, invisible characters,
/// quotes, sentence punctuation, abbreviations' periods, line ends.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        2 => proptest::char::range('A', 'Z'),
        3 => Just(' '),
        1 => Just('\n'),
        1 => Just('\r'),
        1 => Just('.'),
        1 => Just(','),
        1 => Just('?'),
        1 => Just('"'),
        1 => prop::sample::select(vec![
            'â', '€', '™', 'Ã', 'Â', '©', '\u{9d}', '\u{a0}', '\u{200b}', '\u{feff}', '“', '”',
            '’', '‘', '—', '–', '…', '\u{0}', '\u{7}', '\u{2028}', 'é', '\u{301}', '😀', '中',
            '(', ')', '#', '-', '*', '[', ']', '/', ':', '\t', '\u{fffd}',
        ]),
    ]
}

fn tricky_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..max).prop_map(|chars| chars.into_iter().collect())
}

/// News-like lines: words, abbreviations, quotes, junk lines and mojibake.
fn article_text() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "Mr.",
        "U.S.",
        "said",
        "the",
        "Kremlin",
        "“Very",
        "close,”",
        "he",
        "told",
        "Jan.",
        "29",
        "3.5",
        "D-Nev.",
        "C.I.A.",
        "â",
        "â€",
        "â€™s",
        "Zelenskiy",
        "talks.",
        "war?",
        "Ukraine!",
        "READ",
        "MORE:",
        "(Photo:",
        "Reuters)",
        "https://x.test/a",
        "/images/a.webp",
        "F.",
        "Kennedy",
        "\"quote.\"",
        "Topics",
        ":",
        "Also",
        "Read",
        "by",
        "By",
        "—",
    ]);
    let line = prop::collection::vec(token, 0..18).prop_map(|words| words.join(" "));
    let separator = prop::sample::select(vec!["\n", "\n\n", "\r\n", "\r", "\n \n"]);
    prop::collection::vec((line, separator), 0..14).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(line, sep)| format!("{line}{sep}"))
            .collect()
    })
}

fn raw(origin: &str, bytes: Vec<u8>) -> RawArticle {
    RawArticle {
        origin: origin.to_string(),
        path: None,
        bytes,
    }
}

/// Statement ids, ranges and code-point offsets agree with the texts.
fn check_invariants(story: &Story) {
    let mut next_id = 0;
    for (source_index, source) in story.sources.iter().enumerate() {
        assert_eq!(source.id, source_index);
        let chars: Vec<char> = source.text.chars().collect();
        assert_eq!(source.statements.start, next_id);
        let mut block_end = 0;
        let mut block_statements_end = source.statements.start;
        for (index, block) in source.blocks.iter().enumerate() {
            assert!(block.start >= block_end && block.start <= block.end);
            assert!(block.end <= chars.len());
            let slice: String = chars[block.start..block.end].iter().collect();
            assert_eq!(slice, block.text);
            assert_eq!(block.statements.start, block_statements_end);
            for id in block.statements.clone() {
                let statement = &story.statements[id];
                assert_eq!(statement.paragraph, index);
                assert_eq!(statement.kind, block.kind);
                assert!(statement.start >= block.start && statement.end <= block.end);
            }
            block_end = block.end;
            block_statements_end = block.statements.end;
        }
        assert_eq!(block_statements_end, source.statements.end);
        let mut previous_end = 0;
        for statement in story.source_statements(source.id) {
            assert_eq!(statement.id, next_id);
            assert_eq!(statement.source, source.id);
            assert!(statement.start >= previous_end && statement.start < statement.end);
            let slice: String = chars[statement.start..statement.end].iter().collect();
            assert_eq!(slice, statement.text);
            assert_eq!(statement.text.trim(), statement.text);
            previous_end = statement.end;
            next_id += 1;
        }
        assert_eq!(source.statements.end, next_id);
        assert_eq!(source.content_hash.len(), 64);
    }
    assert_eq!(next_id, story.statements.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn decoder_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600), html in any::<bool>()) {
        if let Ok(decoded) = decode::decode(&bytes, html) {
            prop_assert!(!decoded.text.contains('\r'));
        }
    }

    #[test]
    fn cleaner_never_panics(line in tricky_text(120), number in 1usize..1000) {
        let mut removed = Vec::new();
        let cleaned = clean::clean_line(&line, number, &mut removed);
        let invisible = ['\u{200b}', '\u{a0}', '\u{feff}'];
        prop_assert!(!cleaned.contains(invisible), "invisible characters left in {:?}", cleaned);
        prop_assert!(removed.iter().all(|r| r.line == Some(number)));
    }

    #[test]
    fn cleaner_never_panics_on_any_unicode(line in any::<String>()) {
        let mut removed = Vec::new();
        let _ = clean::clean_line(&line, 1, &mut removed);
    }

    #[test]
    fn segmenter_ranges_are_ordered_trimmed_and_inside(text in prop_oneof![tricky_text(200), any::<String>()]) {
        let ranges = segment::sentences(&text);
        let mut previous_end = 0;
        for range in ranges {
            prop_assert!(range.start >= previous_end && range.start < range.end);
            prop_assert!(range.end <= text.len());
            prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            let sentence = &text[range.clone()];
            prop_assert_eq!(sentence.trim(), sentence);
            previous_end = range.end;
        }
    }

    #[test]
    fn story_from_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..800), ext in prop::sample::select(vec!["txt", "md", "html", "bin"])) {
        if let Ok(story) = build_story(vec![raw(&format!("a.{ext}"), bytes)]) {
            check_invariants(&story);
        }
    }

    #[test]
    fn story_from_news_like_text(a in article_text(), b in prop_oneof![tricky_text(400), any::<String>()], ext in prop::sample::select(vec!["txt", "md"])) {
        let articles = vec![
            raw(&format!("one.{ext}"), a.into_bytes()),
            raw("two.txt", b.into_bytes()),
        ];
        match build_story(articles) {
            Ok(story) => check_invariants(&story),
            Err(error) => {
                let origin = error.origin().unwrap_or_default().to_string();
                prop_assert!(origin == "two.txt" || origin.starts_with("one."));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn web_pages_never_panic(body in article_text(), junk in tricky_text(80)) {
        let paragraphs: String = body
            .split('\n')
            .map(|p| format!("<p>{p}</p>\n"))
            .collect();
        let page = format!(
            "<!DOCTYPE html><html><head><title>{junk}</title></head><body><nav><a href='/'>Home</a></nav><article>{paragraphs}</article><footer>About</footer></body></html>"
        );
        if let Ok(story) = build_story(vec![raw("page.html", page.into_bytes())]) {
            check_invariants(&story);
        }
    }
}

/// Broken markup: unclosed, misnested and stray tags, entities, scripts.
fn tag_soup() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "<p>",
        "</p>",
        "<div class='article-body'>",
        "</div>",
        "<article>",
        "</article>",
        "<nav>",
        "</nav>",
        "<footer>",
        "<script>var x = '</p>';</script>",
        "<br>",
        "<br/>",
        "<h1>",
        "</h1>",
        "<h2>",
        "<figure><img src=a.jpg><figcaption>",
        "</figcaption></figure>",
        "<meta charset=\"windows-1252\">",
        "<meta property=\"og:site_name\" content=\"\">",
        "&amp;",
        "&nbsp;",
        "&#x2019;",
        "&#0;",
        "&bogus;",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<table><tr><td>",
        "</td></tr></table>",
        "<a href='https://x.test'>",
        "</a>",
        "<",
        ">",
        "\"",
        "Officials said on Monday that the bridge was safe.",
        "READ MORE: other story",
        "Mr. Smith said",
        "â€™",
        "\u{0}",
        "\u{feff}",
    ]);
    prop::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn tag_soup_never_panics(soup in tag_soup(), doctype in any::<bool>()) {
        let page = if doctype { format!("<!DOCTYPE html><html><body>{soup}") } else { soup };
        if let Ok(story) = build_story(vec![raw("soup.html", page.into_bytes())]) {
            check_invariants(&story);
        }
    }
}

#[test]
fn sample_story_keeps_invariants() {
    check_invariants(&crossread::ingest::sample_story());
}

/// Found by `web_pages_never_panic`: a page title that is nothing but
/// encoding debris was cleaned to an empty title statement.
#[test]
fn a_title_of_debris_alone_leaves_no_empty_statement() {
    let page = "<!DOCTYPE html><html><head><title>\u{c2}</title></head><body><nav><a href='/'>Home</a></nav><article><p>The council met on Monday and approved the budget.</p>\n</article><footer>About</footer></body></html>";
    if let Ok(story) = build_story(vec![raw("page.html", page.as_bytes().to_vec())]) {
        check_invariants(&story);
        assert!(story.statements.iter().all(|s| !s.text.is_empty()));
    }
}
