//! Hostile pages and files: random tags, depths, attributes and encodings
//! never panic and never take long; very deep pages and huge texts open or
//! fail at once.

use crossread::ingest::{Article, IngestError, RawArticle};
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// Generous for a debug build on a busy two-core machine; a release build
/// takes a small fraction of it.
const BUDGET: Duration = Duration::from_secs(8);

fn raw(origin: &str, bytes: Vec<u8>) -> RawArticle {
    RawArticle {
        origin: origin.to_string(),
        path: None,
        bytes,
    }
}

fn prepare(origin: &str, bytes: Vec<u8>) -> (Result<Article, IngestError>, Duration) {
    let start = Instant::now();
    let result = Article::prepare(raw(origin, bytes), None);
    (result, start.elapsed())
}

const PROSE: &str = "Officials said on Monday that the bridge over the river was safe again. \
    The mayor told reporters that repairs would cost 12 million euros. ";

fn tag_name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "div", "p", "span", "a", "b", "i", "em", "article", "section", "table", "tr", "td", "li",
        "ul", "h1", "h2", "script", "style", "svg", "math", "template", "select", "option",
        "textarea", "title", "noscript", "iframe", "x-widget", "font", "nobr", "form", "button",
        "pre", "br", "img", "hr",
    ])
}

fn attribute() -> impl Strategy<Value = String> {
    let value = prop::sample::select(vec![
        "\"content\"",
        "'x > y'",
        "bare",
        "\"unclosed",
        "'",
        "\"a\"b\"",
        "\"og:site_name\"",
        "\"&amp;&#0;&bogus;\"",
        "",
    ]);
    let name = prop::sample::select(vec![
        "class", "id", "href", "property", "content", "charset", "x",
    ]);
    (name, value).prop_map(|(n, v)| {
        if v.is_empty() {
            n.to_string()
        } else {
            format!("{n}={v}")
        }
    })
}

/// One piece of markup: an open tag with attributes, a close, text, or a nest.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (tag_name(), prop::collection::vec(attribute(), 0..3))
            .prop_map(|(t, attrs)| format!("<{t} {}>", attrs.join(" "))),
        3 => tag_name().prop_map(|t| format!("</{t}>")),
        4 => Just(PROSE.to_string()),
        1 => (tag_name(), 1usize..3000).prop_map(|(t, n)| format!("<{t}>").repeat(n)),
        1 => (tag_name(), 1usize..3000).prop_map(|(t, n)| format!("</{t}>").repeat(n)),
        1 => prop::sample::select(vec![
            "<!--", "-->", "<!DOCTYPE html>", "<![CDATA[", "<?xml?>", "<", ">", "</", "<a/",
            "\u{0}", "\u{feff}", "é", "中文", "â€™", "&nbsp;",
        ]).prop_map(str::to_string),
    ]
}

/// How the page's text becomes bytes.
#[derive(Debug, Clone, Copy)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Windows1252Declared,
    DeclaredButWrong,
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop::sample::select(vec![
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Utf16Le,
        Encoding::Windows1252Declared,
        Encoding::DeclaredButWrong,
    ])
}

fn encode(page: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => page.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&b"\xef\xbb\xbf"[..], page.as_bytes()].concat(),
        Encoding::Utf16Le => {
            let mut bytes = vec![0xff, 0xfe];
            bytes.extend(page.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        }
        Encoding::Windows1252Declared => format!("<meta charset=\"windows-1252\">{page}")
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect(),
        Encoding::DeclaredButWrong => format!("<meta charset=\"shift_jis\">{page}").into_bytes(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_pages_never_panic_and_never_take_long(
        pieces in prop::collection::vec(piece(), 0..60),
        encoding in encoding(),
        doctype in any::<bool>(),
    ) {
        let body = pieces.concat();
        let page = if doctype {
            format!("<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>")
        } else {
            body
        };
        let (result, elapsed) = prepare("page.html", encode(&page, encoding));
        prop_assert!(elapsed < BUDGET, "{elapsed:?}");
        if let Err(error) = result {
            prop_assert_eq!(error.to_string().lines().count(), 1);
            prop_assert!(error.to_string().starts_with("page.html: "));
        }
    }
}

fn deep_page(depth: usize) -> String {
    let paragraphs = (0..30)
        .map(|i| format!("<p>Paragraph {i}. {PROSE}</p>"))
        .collect::<String>();
    format!(
        "<!DOCTYPE html><html><head><title>Deep</title></head><body>{}{paragraphs}{}</body></html>",
        "<div class=\"wrap\">".repeat(depth),
        "</div>".repeat(depth)
    )
}

#[test]
fn a_page_nested_twenty_thousand_deep_opens_with_its_text() {
    for depth in [1_000, 20_000, 100_000] {
        let (result, elapsed) = prepare("deep.html", deep_page(depth).into_bytes());
        assert!(elapsed < BUDGET, "{depth}: {elapsed:?}");
        let article = result.unwrap_or_else(|e| panic!("{depth}: {e}"));
        let text: String = article
            .prepared
            .blocks
            .iter()
            .map(|(_, b)| b.as_str())
            .collect();
        assert!(text.contains("Paragraph 0."), "{depth}");
        assert!(text.contains("Paragraph 29."), "{depth}");
    }
}

#[test]
fn a_huge_text_is_refused_at_once_with_its_size() {
    let line = "A line of a very long text that goes on and on without end\n";
    let text = line.repeat(10 * 1024 * 1024 / line.len());
    let (result, elapsed) = prepare("book.txt", text.into_bytes());
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    let error = result.unwrap_err().to_string();
    assert_eq!(
        error,
        "book.txt: article text too long (10 MB of text; the limit is 2 MB)"
    );
}

#[test]
fn a_long_text_under_the_limit_still_opens() {
    let paragraph = format!("{PROSE}\n\n");
    let text = paragraph.repeat(1024 * 1024 / paragraph.len());
    let (result, _) = prepare("long.txt", text.into_bytes());
    assert!(result.is_ok());
}
