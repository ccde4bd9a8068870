//! Articles from the web: one page over http or https, with the limits a
//! reader needs against hostile or broken servers.
//!
//! Redirects are followed here rather than by the HTTP client, so that each
//! hop is checked: at most [`MAX_REDIRECTS`], never to a scheme other than
//! http or https, never in a loop. The timeout is one budget for the whole
//! page (every hop and the body); the size cap is enforced while the body
//! streams, so a server that sends no `Content-Length` cannot exceed it
//! either. A type that is no article (a PDF, an image) is refused from its
//! headers, before its body is read.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use url::Url;

/// The whole page, every redirect and the body included, must arrive within this.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Larger pages are refused (after decompression).
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// More redirects than this and the page is refused.
pub const MAX_REDIRECTS: usize = 10;
/// The User-Agent header: crossread and its version.
pub const USER_AGENT: &str = concat!("crossread/", env!("CARGO_PKG_VERSION"));
/// How much is read between two looks at the cancel flag and two progress reports.
const CHUNK: usize = 32 * 1024;

/// Limits for one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchOptions {
    pub timeout: Duration,
    pub max_bytes: u64,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: DEFAULT_TIMEOUT,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// A page as the server sent it (decompressed, not decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The address as given.
    pub url: String,
    /// Where the redirects ended.
    pub final_url: String,
    /// The `Content-Type` header, as sent.
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// Why a page could not be had. Displays as one line: `<url>: <problem>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{url}: {problem}")]
pub struct FetchError {
    pub url: String,
    pub problem: FetchProblem,
}

/// What went wrong with one address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchProblem {
    #[error("not a web address ({0})")]
    BadUrl(String),
    #[error("{0}: addresses are read over http or https only")]
    Scheme(String),
    #[error("the server answered HTTP {0}")]
    Status(String),
    #[error("unknown host {0}")]
    UnknownHost(String),
    #[error("connection refused")]
    Refused,
    #[error("no complete page within {0} s (--timeout)")]
    Timeout(u64),
    #[error("page too large ({} MB; the limit is {} MB)", .size.div_ceil(1024 * 1024), .limit / (1024 * 1024))]
    TooLarge { size: u64, limit: u64 },
    #[error("page larger than the {} MB limit", .0 / (1024 * 1024))]
    OverLimit(u64),
    #[error("{0}, not a web page")]
    NotAPage(String),
    #[error("redirect loop (back to {0})")]
    RedirectLoop(String),
    #[error("more than {MAX_REDIRECTS} redirects")]
    TooManyRedirects,
    #[error("redirected to {0}: only http and https are followed")]
    RedirectScheme(String),
    #[error("a redirect without a usable Location header")]
    BadRedirect,
    #[error("content encoding {0} is not supported")]
    Encoding(String),
    #[error("cancelled")]
    Cancelled,
    #[error("{0}")]
    Network(String),
}

/// Whether a command-line argument names a web address rather than a file:
/// it starts with a scheme and `://` (`notaurl://x` is an address, refused
/// later for its scheme; `a:b.txt` is a file).
pub fn is_address(arg: &str) -> bool {
    let Some((scheme, _)) = arg.split_once("://") else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Parse an address; only http and https with a host are accepted.
pub fn parse(address: &str) -> Result<Url, FetchError> {
    let fail = |problem| FetchError {
        url: address.to_string(),
        problem,
    };
    let url = Url::parse(address).map_err(|e| fail(FetchProblem::BadUrl(e.to_string())))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(fail(FetchProblem::Scheme(format!("{}://", url.scheme()))));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(fail(FetchProblem::BadUrl("no host".into())));
    }
    Ok(url)
}

/// The host of an address without `www.`: a web source's name when the page
/// names no site.
pub fn site_of(address: &str) -> Option<String> {
    let url = Url::parse(address).ok()?;
    let host = url.host_str()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

/// The charset named by a `Content-Type` header, if any.
pub fn charset_of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
            .filter(|v| !v.is_empty())
    })
}

/// An HTTP client for pages: one per batch of fetches, shared by its threads.
#[derive(Debug, Clone)]
pub struct Client {
    agent: ureq::Agent,
    options: FetchOptions,
}

impl Client {
    pub fn new(options: FetchOptions) -> Client {
        let config = ureq::Agent::config_builder()
            // Redirects are followed by `fetch`, which checks every hop.
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .accept("text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5")
            .accept_encoding("gzip, deflate, br")
            .build();
        Client {
            agent: ureq::Agent::new_with_config(config),
            options,
        }
    }

    pub fn options(&self) -> FetchOptions {
        self.options
    }

    /// Fetch one page. `progress` hears the bytes read so far; `cancel` is
    /// looked at between reads (a read in progress ends at the timeout at the latest).
    pub fn fetch(
        &self,
        address: &str,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Page, FetchError> {
        let fail = |problem| FetchError {
            url: address.to_string(),
            problem,
        };
        let start = parse(address)?;
        let deadline = Instant::now() + self.options.timeout;
        let timeout = FetchProblem::Timeout(self.options.timeout.as_secs());
        let mut url = start;
        let mut visited = vec![url.clone()];
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Err(fail(FetchProblem::Cancelled));
            }
            let remaining = deadline
                .checked_duration_since(Instant::now())
                .filter(|d| !d.is_zero())
                .ok_or_else(|| fail(timeout.clone()))?;
            let host = url.host_str().unwrap_or_default().to_string();
            // RFC 6761: names under .invalid never resolve; no need to ask.
            if host.ends_with(".invalid") || host == "invalid" {
                return Err(fail(FetchProblem::UnknownHost(host)));
            }
            let response = self
                .agent
                .get(url.as_str())
                .config()
                .timeout_global(Some(remaining))
                .build()
                .call()
                .map_err(|e| fail(call_problem(&e, &host, &timeout)))?;
            let status = response.status();
            if status.is_redirection() {
                let next = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|location| url.join(location.trim()).ok())
                    .ok_or_else(|| fail(FetchProblem::BadRedirect))?;
                if !matches!(next.scheme(), "http" | "https") {
                    return Err(fail(FetchProblem::RedirectScheme(next.to_string())));
                }
                if visited.contains(&next) {
                    return Err(fail(FetchProblem::RedirectLoop(next.to_string())));
                }
                if visited.len() > MAX_REDIRECTS {
                    return Err(fail(FetchProblem::TooManyRedirects));
                }
                visited.push(next.clone());
                url = next;
                continue;
            }
            if !status.is_success() {
                let reason = status.canonical_reason().unwrap_or("");
                return Err(fail(FetchProblem::Status(
                    format!("{} {reason}", status.as_u16()).trim().to_string(),
                )));
            }
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            let content_type = header("content-type");
            if let Some(kind) = content_type.as_deref().and_then(refused_type) {
                return Err(fail(FetchProblem::NotAPage(kind)));
            }
            let encoding = header("content-encoding").map(|e| e.trim().to_ascii_lowercase());
            let declared_length = header("content-length").and_then(|l| l.trim().parse().ok());
            if let Some(size) = declared_length.filter(|&l: &u64| l > self.options.max_bytes) {
                return Err(fail(FetchProblem::TooLarge {
                    size,
                    limit: self.options.max_bytes,
                }));
            }
            let body = response
                .into_body()
                .into_with_config()
                .limit(u64::MAX)
                .reader();
            let bytes = self
                .read_body(body, cancel, progress, deadline)
                .map_err(|problem| fail(problem.unless_timeout(&timeout)))?;
            let bytes = match encoding.as_deref() {
                // The client decodes gzip and brotli itself.
                None | Some("" | "identity" | "gzip" | "x-gzip" | "br") => bytes,
                Some("deflate") => inflate(&bytes, self.options.max_bytes).map_err(fail)?,
                Some(other) => return Err(fail(FetchProblem::Encoding(other.to_string()))),
            };
            return Ok(Page {
                url: address.to_string(),
                final_url: url.to_string(),
                content_type,
                bytes,
            });
        }
    }

    fn read_body(
        &self,
        mut body: impl Read,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(u64),
        deadline: Instant,
    ) -> Result<Vec<u8>, FetchProblem> {
        let max = self.options.max_bytes;
        let mut bytes = Vec::new();
        let mut chunk = vec![0u8; CHUNK];
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Err(FetchProblem::Cancelled);
            }
            if Instant::now() >= deadline {
                return Err(FetchProblem::Timeout(0));
            }
            let n = match body.read(&mut chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(io_problem(&e)),
            };
            if n == 0 {
                return Ok(bytes);
            }
            if bytes.len() as u64 + n as u64 > max {
                return Err(FetchProblem::OverLimit(max));
            }
            bytes.extend_from_slice(&chunk[..n]);
            progress(bytes.len() as u64);
        }
    }
}

impl FetchProblem {
    /// Every timeout reads the same, whichever layer noticed it.
    fn unless_timeout(self, timeout: &FetchProblem) -> FetchProblem {
        match self {
            FetchProblem::Timeout(_) => timeout.clone(),
            other => other,
        }
    }
}

/// Types that are certainly no article, named for the error.
fn refused_type(content_type: &str) -> Option<String> {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let kind = match mime.as_str() {
        "application/pdf" => "a PDF document".to_string(),
        m if m.starts_with("image/") => format!("an image ({m})"),
        m if m.starts_with("audio/") || m.starts_with("video/") => format!("media ({m})"),
        m if m.starts_with("font/") => format!("a font ({m})"),
        "application/zip"
        | "application/gzip"
        | "application/x-gzip"
        | "application/x-tar"
        | "application/vnd.rar"
        | "application/x-7z-compressed" => {
            format!("an archive ({mime})")
        }
        "application/json" | "application/javascript" | "text/javascript" | "text/css" => {
            format!("not an article ({mime})")
        }
        _ => return None,
    };
    Some(kind)
}

/// `Content-Encoding: deflate`: zlib-wrapped as the standard says, or raw as some servers send it.
fn inflate(bytes: &[u8], max: u64) -> Result<Vec<u8>, FetchProblem> {
    let read = |reader: &mut dyn Read| {
        let mut out = Vec::new();
        reader.take(max + 1).read_to_end(&mut out).map(|_| out)
    };
    let out = read(&mut flate2::read::ZlibDecoder::new(bytes))
        .or_else(|_| read(&mut flate2::read::DeflateDecoder::new(bytes)))
        .map_err(|e| FetchProblem::Network(format!("cannot inflate the deflate body: {e}")))?;
    if out.len() as u64 > max {
        return Err(FetchProblem::OverLimit(max));
    }
    Ok(out)
}

fn call_problem(error: &ureq::Error, host: &str, timeout: &FetchProblem) -> FetchProblem {
    match error {
        ureq::Error::HostNotFound => FetchProblem::UnknownHost(host.to_string()),
        ureq::Error::Timeout(_) => timeout.clone(),
        ureq::Error::Io(e) => io_problem(e).unless_timeout(timeout),
        ureq::Error::BadUri(u) => FetchProblem::BadUrl(u.clone()),
        ureq::Error::Tls(e) => FetchProblem::Network(format!("TLS: {e}")),
        other => FetchProblem::Network(one_line(&other.to_string())),
    }
}

fn io_problem(error: &std::io::Error) -> FetchProblem {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::ConnectionRefused => FetchProblem::Refused,
        ErrorKind::TimedOut | ErrorKind::WouldBlock => FetchProblem::Timeout(0),
        _ => {
            // The client wraps its own errors (a timeout while reading the body) in io errors.
            match error
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<ureq::Error>())
            {
                Some(ureq::Error::Timeout(_)) => FetchProblem::Timeout(0),
                _ => FetchProblem::Network(one_line(&error.to_string())),
            }
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_told_from_files() {
        assert!(is_address("https://example.org/a"));
        assert!(is_address("notaurl://x"));
        assert!(!is_address("a:b.txt"));
        assert!(!is_address("story/a.html"));
        assert!(!is_address("://x"));
        assert!(!is_address("1http://x"));
    }

    #[test]
    fn only_http_and_https_are_accepted() {
        assert!(parse("http://example.org/").is_ok());
        let e = parse("notaurl://x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "notaurl://x: notaurl://: addresses are read over http or https only"
        );
        assert!(matches!(
            parse("http://").unwrap_err().problem,
            FetchProblem::BadUrl(_)
        ));
    }

    #[test]
    fn sites_and_charsets() {
        assert_eq!(
            site_of("https://www.example.org/x").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            charset_of("text/html; charset=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(charset_of("text/html"), None);
    }

    #[test]
    fn refused_types_are_named() {
        assert_eq!(
            refused_type("application/pdf").as_deref(),
            Some("a PDF document")
        );
        assert_eq!(
            refused_type("image/png; q=1").as_deref(),
            Some("an image (image/png)")
        );
        assert_eq!(refused_type("text/html; charset=utf-8"), None);
        assert_eq!(refused_type("application/octet-stream"), None);
    }

    #[test]
    fn deflate_in_both_wrappings() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"hello page").unwrap();
        assert_eq!(inflate(&z.finish().unwrap(), 100).unwrap(), b"hello page");
        let mut raw =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        raw.write_all(b"hello page").unwrap();
        assert_eq!(inflate(&raw.finish().unwrap(), 100).unwrap(), b"hello page");
        assert_eq!(
            inflate(&z_of(&[b'a'; 1000]), 100).unwrap_err(),
            FetchProblem::OverLimit(100)
        );
    }

    fn z_of(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(bytes).unwrap();
        z.finish().unwrap()
    }
}
