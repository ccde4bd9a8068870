//! A linear pre-pass that bounds how deeply a page's elements nest.
//!
//! The HTML parser checks its stack of open elements on every tag and the
//! article extractor walks ancestors and subtrees of every node, so their
//! cost grows with the square of the nesting depth: a saved page of 10,000
//! nested `<div>`s took seconds, 20,000 far longer. Real pages nest a few
//! dozen levels. Past [`MAX_DEPTH`], start tags (and their end tags) are left
//! out here; their text stays, so nothing of the article is lost, only
//! wrappers that carried no structure a reader could see.
//!
//! The open elements are tracked the way a browser mostly would (void
//! elements, raw text elements, and the implied ends of `<p>`, `<li>`,
//! table cells and the like), so that an ordinary page, with its unclosed
//! paragraphs, never comes near the bound and passes through untouched.

use std::borrow::Cow;
use std::collections::HashMap;

/// Deeper elements than this are flattened into their ancestor at this depth.
pub const MAX_DEPTH: usize = 128;

const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is text up to their own end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Start tags that end an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "dd",
    "dt",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

/// For a start tag that ends an open sibling: the siblings it ends, and the
/// elements the search for one stops at.
fn implied_end(name: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match name {
        "li" => (&["li"], &["ul", "ol", "menu", "table", "body"]),
        "dt" | "dd" => (&["dt", "dd"], &["dl", "table", "body"]),
        "tr" => (&["tr"], &["table", "thead", "tbody", "tfoot"]),
        "td" | "th" => (&["td", "th"], &["tr", "table"]),
        "thead" | "tbody" | "tfoot" => (&["thead", "tbody", "tfoot"], &["table"]),
        "option" => (&["option"], &["select", "datalist", "optgroup"]),
        "optgroup" => (&["optgroup", "option"], &["select"]),
        _ => return None,
    })
}

/// The page with elements nested deeper than `max_depth` flattened; the
/// page itself (borrowed) when nothing is that deep.
pub fn bound(html: &str, max_depth: usize) -> Cow<'_, str> {
    let mut pass = Pass {
        html,
        out: None,
        copied_to: 0,
        open: Vec::new(),
        dropped: HashMap::new(),
        max_depth,
    };
    pass.run();
    match pass.out {
        None => Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[pass.copied_to..]);
            Cow::Owned(out)
        }
    }
}

struct Pass<'a> {
    html: &'a str,
    /// Only made once a tag is left out.
    out: Option<String>,
    /// Everything before this byte is in `out` already (or kept as is).
    copied_to: usize,
    open: Vec<String>,
    /// Start tags left out, by name, whose end tags are still to come.
    dropped: HashMap<String, usize>,
    max_depth: usize,
}

impl Pass<'_> {
    fn run(&mut self) {
        let bytes = self.html.as_bytes();
        let mut i = 0;
        while let Some(offset) = memchr(b'<', &bytes[i..]) {
            let at = i + offset;
            let rest = &bytes[at..];
            i = if rest.starts_with(b"<!--") {
                find(bytes, at + 4, b"-->").map_or(bytes.len(), |end| end + 3)
            } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
                memchr(b'>', &bytes[at..]).map_or(bytes.len(), |end| at + end + 1)
            } else if rest.starts_with(b"</") && rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
                self.end_tag(at)
            } else if rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
                self.start_tag(at)
            } else {
                at + 1
            };
        }
    }

    /// Handle the start tag at `at`; returns where scanning goes on.
    fn start_tag(&mut self, at: usize) -> usize {
        let bytes = self.html.as_bytes();
        let name = tag_name(bytes, at + 1);
        let end = tag_end(bytes, at + 1 + name.len());
        let self_closing = end >= 2 && bytes[end - 2] == b'/';
        let after = if RAW_TEXT.contains(&name.as_str()) {
            raw_text_end(bytes, end, &name)
        } else {
            end
        };
        if VOID.contains(&name.as_str()) || self_closing || RAW_TEXT.contains(&name.as_str()) {
            return after;
        }
        if name == "plaintext" {
            return bytes.len();
        }
        if CLOSES_P.contains(&name.as_str()) {
            self.close_nearest(&["p"], &["button", "table", "body", "html"]);
        }
        if let Some((siblings, barriers)) = implied_end(&name) {
            self.close_nearest(siblings, barriers);
        }
        if self.open.len() >= self.max_depth {
            *self.dropped.entry(name).or_default() += 1;
            self.leave_out(at, end);
        } else {
            self.open.push(name);
        }
        after
    }

    fn end_tag(&mut self, at: usize) -> usize {
        let bytes = self.html.as_bytes();
        let name = tag_name(bytes, at + 2);
        let end = tag_end(bytes, at + 2 + name.len());
        if let Some(count) = self.dropped.get_mut(&name).filter(|c| **c > 0) {
            *count -= 1;
            self.leave_out(at, end);
        } else if let Some(index) = self.open.iter().rposition(|open| *open == name) {
            self.open.truncate(index);
        }
        end
    }

    /// Pop the nearest open element named in `names`, unless a barrier comes first.
    fn close_nearest(&mut self, names: &[&str], barriers: &[&str]) {
        for index in (0..self.open.len()).rev() {
            let open = self.open[index].as_str();
            if names.contains(&open) {
                self.open.truncate(index);
                return;
            }
            if barriers.contains(&open) {
                return;
            }
        }
    }

    /// Leave `start..end` out of the page.
    fn leave_out(&mut self, start: usize, end: usize) {
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.html.len()));
        out.push_str(&self.html[self.copied_to..start]);
        self.copied_to = end;
    }
}

/// The lowercased tag name starting at `from` (ASCII, so slicing stays on char boundaries).
fn tag_name(bytes: &[u8], from: usize) -> String {
    let len = bytes[from..]
        .iter()
        .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
        .unwrap_or(bytes.len() - from);
    String::from_utf8_lossy(&bytes[from..from + len]).to_ascii_lowercase()
}

/// Just past the `>` that ends a tag whose attributes start at `from`
/// (a `>` inside a quoted attribute value does not end it).
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    let mut after_equals = false;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return i + 1,
            quote @ (b'"' | b'\'') if after_equals => {
                i = memchr(quote, &bytes[i + 1..]).map_or(bytes.len(), |end| i + 1 + end);
                after_equals = false;
            }
            b'=' => after_equals = true,
            b if b.is_ascii_whitespace() => {}
            _ => after_equals = false,
        }
        i += 1;
    }
    bytes.len()
}

/// Just past the end tag of the raw text element `name` whose content starts at `from`.
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(offset) = memchr(b'<', &bytes[i..]) {
        let at = i + offset;
        let candidate = &bytes[at..];
        if candidate.len() >= 2 + name.len()
            && candidate[1] == b'/'
            && candidate[2..2 + name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return tag_end(bytes, at + 2 + name.len());
        }
        i = at + 1;
    }
    bytes.len()
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!(
            "<html><body>{}<p>Text at the bottom.</p>{}</body></html>",
            "<div class=\"x\">".repeat(depth),
            "</div>".repeat(depth)
        )
    }

    #[test]
    fn ordinary_pages_pass_through_untouched() {
        let page = "<html><head><title>t</title><script>if (a<b) { x('<div>') }</script></head>\
            <body><p>One<p>Two<ul><li>a<li>b</ul><table><tr><td>1<td>2<tr><td>3</table>\
            <img src=x><br/><!-- <div> --><div a='>'>end</div></body></html>";
        assert!(matches!(bound(page, 8), Cow::Borrowed(_)));
        // A thousand unclosed paragraphs and list items are siblings, not a nest.
        let unclosed = format!("<body>{}</body>", "<p>para<li>item".repeat(1000));
        assert!(matches!(bound(&unclosed, 8), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened_and_text_kept() {
        let page = nested(1000);
        let bounded = bound(&page, 50);
        assert!(matches!(bounded, Cow::Owned(_)));
        assert_eq!(bounded.matches("<div").count(), 48);
        assert_eq!(bounded.matches("</div>").count(), 48);
        assert!(bounded.contains("Text at the bottom."));
        assert!(bounded.ends_with("</body></html>"));
    }

    #[test]
    fn broken_markup_ends_the_scan_safely() {
        for page in [
            "<div",
            "<div a=\"",
            "<!--",
            "</",
            "<script>",
            "<a b='x",
            "é<é>",
        ] {
            let _ = bound(page, 1);
        }
    }
}
