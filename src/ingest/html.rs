//! Saved web pages: the article body and its metadata, without menus and
//! footers. The text then goes through the same cleaning as plain text,
//! because extractors keep "READ MORE" and promo lines.

mod depth;

use super::structure::Meta;
use dom_smoothie::{Config, Readability, TextMode};
use regex::Regex;
use std::sync::LazyLock;

/// `<link rel="canonical">` or `og:url`: dom_smoothie leaves the page's own
/// address out when no document URL is given.
static CANONICAL_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)<link[^>]*rel=["']canonical["'][^>]*href=["']([^"']+)["']|<meta[^>]*property=["']og:url["'][^>]*content=["']([^"']+)["']"#,
    )
    .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});

fn canonical_url(html: &str) -> Option<String> {
    let head_end = html
        .char_indices()
        .nth(65_536)
        .map_or(html.len(), |(i, _)| i);
    let caps = CANONICAL_URL.captures(&html[..head_end])?;
    caps.get(1)
        .or_else(|| caps.get(2))
        .map(|m| m.as_str().to_string())
}

/// The article's text (paragraphs separated by blank lines) and metadata.
pub fn extract(html: &str) -> Result<(String, Meta), String> {
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Default::default()
    };
    let bounded = depth::bound(html, depth::MAX_DEPTH);
    let article = without_panics(|| {
        let mut readability = Readability::new(bounded.as_ref(), None, Some(config))
            .map_err(|e| format!("cannot read the web page: {e}"))?;
        readability
            .parse()
            .map_err(|e| format!("no article found in the web page: {e}"))
    })
    .unwrap_or_else(|| Err("the web page broke the article extractor".to_string()))?;
    let meta = Meta {
        title: non_empty(Some(article.title.clone())),
        byline: non_empty(article.byline.clone()),
        date: non_empty(article.published_time.clone()),
        url: non_empty(article.url.clone()).or_else(|| canonical_url(html)),
        site_name: non_empty(article.site_name.clone()),
    };
    Ok((paragraphs(&article.text_content), meta))
}

/// Run a third-party parser on hostile input: a panic inside it becomes
/// `None` (one bad page is an error for that file, not a crash), and its
/// message is kept off the screen.
fn without_panics<T>(parse: impl FnOnce() -> T) -> Option<T> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse));
    std::panic::set_hook(previous);
    result.ok()
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|v| !v.is_empty())
}

/// Put a blank line between paragraphs, whatever the extractor emitted, so
/// that a hard line break inside a paragraph is not taken for a new one.
fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_parser_is_an_error_not_a_crash() {
        assert_eq!(without_panics(|| -> u8 { panic!("parser bug") }), None);
        assert_eq!(without_panics(|| 7), Some(7));
    }

    #[test]
    fn a_page_without_an_article_is_an_error() {
        let page = "<html><head><title>x</title></head><body></body></html>";
        assert!(extract(page).is_err());
    }
}
