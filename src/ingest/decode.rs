//! Bytes to text: byte-order marks, UTF-8, UTF-16, legacy single-byte pages,
//! and refusing what is not text at all.

use encoding_rs::{Encoding, UTF_8};
use std::sync::LazyLock;

/// Why a file's bytes are not an article's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeProblem {
    #[error("empty file")]
    Empty,
    #[error("binary file, not text ({0})")]
    Binary(&'static str),
    #[error("not valid text in any encoding tried ({0})")]
    Undecodable(String),
}

/// The decoded text and the encoding it was read as.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Magic numbers of formats people rename to `.txt` by mistake.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media file"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"SQLite format 3\0", "SQLite database"),
];

/// How much of the start of a file is inspected for binary content.
const SNIFF_BYTES: usize = 8192;

/// Decode an article's bytes. Line ends are normalised to `\n`.
pub fn decode(bytes: &[u8], html_hint: bool) -> Result<Decoded, DecodeProblem> {
    decode_declared(bytes, html_hint, None)
}

/// Like [`decode`], with the charset a web server declared in its
/// `Content-Type` header: it beats the page's own `<meta charset>` (a
/// byte-order mark beats both, and bytes that are not valid in it are not
/// forced through it).
pub fn decode_declared(
    bytes: &[u8],
    html_hint: bool,
    header_charset: Option<&str>,
) -> Result<Decoded, DecodeProblem> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeProblem::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let text = encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .ok_or_else(|| {
                DecodeProblem::Undecodable(format!("{} byte-order mark", encoding.name()))
            })?;
        return finish(&text, encoding.name());
    }
    if let Some(encoding) = bomless_utf16(bytes)
        && let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes)
        && !has_many_controls(&text)
    {
        return finish(&text, encoding.name());
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(DecodeProblem::Binary(kind));
    }
    let from_header = header_charset.and_then(|label| Encoding::for_label(label.as_bytes()));
    if let Some(encoding) = from_header.filter(|&e| e != UTF_8)
        && let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes)
        && !has_many_controls(&text)
    {
        return finish(&text, encoding.name());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return finish(text, UTF_8.name());
    }
    let mut tried = vec![UTF_8.name()];
    let declared = if html_hint || looks_like_html(bytes) {
        declared_charset(bytes)
    } else {
        None
    };
    let guess = {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Deny)
    };
    for encoding in declared.into_iter().chain(std::iter::once(guess)) {
        // A page that declares UTF-8 but is not valid UTF-8 is mislabelled.
        if encoding == UTF_8 || tried.contains(&encoding.name()) {
            continue;
        }
        tried.push(encoding.name());
        if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes)
            && !has_many_controls(&text)
        {
            return finish(&text, encoding.name());
        }
    }
    Err(DecodeProblem::Undecodable(tried.join(", ")))
}

/// UTF-16 saved without a byte-order mark: mostly Latin text, so nearly
/// every other byte is zero.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    if head.len() < 8 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = head.len() / 2;
    let zero_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even_zeros, odd_zeros) = (zero_at(0), zero_at(1));
    if odd_zeros * 10 >= pairs * 9 && even_zeros * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_zeros * 10 >= pairs * 9 && odd_zeros * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

fn finish(text: &str, encoding: &'static str) -> Result<Decoded, DecodeProblem> {
    if text.chars().all(char::is_whitespace) {
        return Err(DecodeProblem::Empty);
    }
    if text.contains('\0') {
        return Err(DecodeProblem::Binary("contains NUL characters"));
    }
    if has_many_controls(text) {
        return Err(DecodeProblem::Binary("mostly control characters"));
    }
    Ok(Decoded {
        text: normalize_line_ends(text),
        encoding,
    })
}

/// Recognise binary content: a known magic number, NUL bytes, or many
/// control bytes near the start.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return Some("contains NUL bytes");
    }
    let controls = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    (controls * 10 > head.len()).then_some("mostly control bytes")
}

fn has_many_controls(text: &str) -> bool {
    let mut total = 0usize;
    let mut controls = 0usize;
    for c in text.chars().take(SNIFF_BYTES) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0c}') {
            controls += 1;
        }
    }
    controls * 10 > total
}

fn normalize_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether the bytes start like an HTML document (after whitespace and a BOM).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let start = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(bytes)
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let head = &bytes[start..bytes.len().min(start + 64)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || lower.starts_with(b"<head")
        || lower.starts_with(b"<meta")
        || (lower.starts_with(b"<!--") && bytes.len() > 64 && contains_html_tag(bytes))
}

fn contains_html_tag(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    head.windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"<html") || w.eq_ignore_ascii_case(b"<body"))
}

static META_CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(
        r#"(?i-u)<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-z0-9_:.\-]{2,40})"#,
    )
    .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});

/// The encoding a page declares in `<meta charset>` or `http-equiv`.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let caps = META_CHARSET.captures(head)?;
    Encoding::for_label(caps.get(1)?.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"caf\xc3\xa9\n", false).unwrap().text, "café\n");
        assert_eq!(
            decode(b"\xef\xbb\xbfcaf\xc3\xa9", false).unwrap().text,
            "café"
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xff, 0xfe];
        for unit in "Hé\r\nok".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode(&le, false).unwrap();
        assert_eq!(decoded.text, "Hé\nok");
        assert_eq!(decoded.encoding, "UTF-16LE");
        let mut be = vec![0xfe, 0xff];
        for unit in "Hé".encode_utf16() {
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&be, false).unwrap().text, "Hé");
    }

    #[test]
    fn utf16_without_bom() {
        let le: Vec<u8> = "Plain words here.\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&le, false).unwrap().text, "Plain words here.\n");
        let be: Vec<u8> = "Plain words here."
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(&be, false).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn legacy_single_byte_is_detected() {
        let bytes = b"The minister\x92s plan was \x93bold\x94, said the caf\xe9 owner.\r\nSecond line\rThird";
        let decoded = decode(bytes, false).unwrap();
        assert_eq!(decoded.encoding, "windows-1252");
        assert_eq!(
            decoded.text,
            "The minister’s plan was “bold”, said the café owner.\nSecond line\nThird"
        );
    }

    #[test]
    fn declared_charset_wins_for_html() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body>na\xefve</body></html>";
        assert_eq!(
            declared_charset(page).map(Encoding::name),
            Some("windows-1252")
        );
        assert!(decode(page, true).unwrap().text.contains("naïve"));
    }

    #[test]
    fn a_header_charset_beats_meta_and_detection() {
        let page =
            b"<html><head><meta charset=\"windows-1252\"></head><body>na\xefve</body></html>";
        assert!(decode(page, true).unwrap().text.contains("na\u{ef}ve"));
        let decoded = decode_declared(page, true, Some("ISO-8859-2")).unwrap();
        assert_eq!(decoded.encoding, "ISO-8859-2");
        assert!(decoded.text.contains("na\u{10f}ve"));
        // A byte-order mark still wins.
        let bom = b"\xef\xbb\xbfna\xc3\xafve";
        assert_eq!(
            decode_declared(bom, false, Some("ISO-8859-2"))
                .unwrap()
                .text,
            "na\u{ef}ve"
        );
    }

    #[test]
    fn refuses_binary_empty_and_broken_utf16() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", false).unwrap_err(),
            DecodeProblem::Binary("PNG image")
        );
        assert_eq!(decode(b" \n\t ", false).unwrap_err(), DecodeProblem::Empty);
        assert_eq!(decode(b"", false).unwrap_err(), DecodeProblem::Empty);
        assert!(matches!(
            decode(b"text\0with nul", false).unwrap_err(),
            DecodeProblem::Binary(_)
        ));
        // A lone surrogate after a UTF-16 byte-order mark.
        assert!(matches!(
            decode(b"\xff\xfe\x00\xd8\x41\x00", false).unwrap_err(),
            DecodeProblem::Undecodable(_)
        ));
    }
}
