//! Reading articles as people have them and turning each into a clean,
//! structured [`Source`](crate::model::Source).
//!
//! bytes -> [`decode`] -> (web pages: [`html`]) -> [`structure`] (which runs
//! [`clean`] on every line) -> [`segment`] -> [`Story`].

pub mod clean;
pub mod decode;
pub mod html;
pub mod inspect;
pub mod load;
pub mod segment;
pub mod structure;

use crate::model::{Block, BlockKind, Source, Statement, Story, WebOrigin};
use decode::DecodeProblem;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use structure::{Format, Meta};

/// Files larger than this are refused.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Articles whose text (decoded; for a web page, extracted) is longer than
/// this are refused: a news article is tens of kilobytes, and cleaning,
/// aligning and laying out a book-length text would keep the reader from
/// opening within a second or two.
pub const MAX_TEXT_BYTES: u64 = 2 * 1024 * 1024;

/// File name extensions read from a folder (compared without case).
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm"];

/// Why an input could not be read. Displays as one line naming the input.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// A problem described by the caller (see [`IngestError::input`]).
    #[error("{origin}: {problem}")]
    Input { origin: String, problem: String },
    /// A problem ingest found with one input.
    #[error("{origin}: {problem}")]
    Article { origin: String, problem: Problem },
    #[error("no articles given")]
    NoInput,
    /// A web page that could not be fetched.
    #[error(transparent)]
    Fetch(#[from] crate::web::FetchError),
}

/// What is wrong with one input.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("no such file or folder")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    #[error("cannot read: {0}")]
    Unreadable(String),
    #[error("no articles found in this folder (looked for .txt .text .md .markdown .html .htm)")]
    EmptyFolder,
    #[error("file too large ({} MB; the limit is {} MB)", .0.div_ceil(1024 * 1024), MAX_FILE_BYTES / (1024 * 1024))]
    TooLarge(u64),
    #[error(transparent)]
    Decode(#[from] DecodeProblem),
    #[error("{0}")]
    WebPage(String),
    #[error("article text too long ({} MB of text; the limit is {} MB)", .0.div_ceil(1024 * 1024), MAX_TEXT_BYTES / (1024 * 1024))]
    TextTooLong(u64),
    #[error("no article text left after cleaning ({0} lines removed as junk)")]
    NothingLeft(usize),
}

impl IngestError {
    pub fn input(origin: impl Into<String>, problem: impl Into<String>) -> Self {
        IngestError::Input {
            origin: origin.into(),
            problem: problem.into(),
        }
    }

    fn article(origin: &str, problem: impl Into<Problem>) -> Self {
        IngestError::Article {
            origin: origin.to_string(),
            problem: problem.into(),
        }
    }

    /// The input the error is about, if it is about one.
    pub fn origin(&self) -> Option<&str> {
        match self {
            IngestError::Input { origin, .. } | IngestError::Article { origin, .. } => Some(origin),
            IngestError::Fetch(e) => Some(&e.url),
            IngestError::NoInput => None,
        }
    }
}

/// One article's bytes and where they came from, before decoding.
#[derive(Debug, Clone)]
pub struct RawArticle {
    /// How the user named it: the path as given, `-`, or `sample/FILE`.
    pub origin: String,
    pub path: Option<PathBuf>,
    pub bytes: Vec<u8>,
}

/// The bundled sample story, compiled into the binary.
pub fn sample_articles() -> Vec<RawArticle> {
    [
        (
            "000_d3dc8e5c70a61056.txt",
            &include_bytes!("../../assets/sample/000_d3dc8e5c70a61056.txt")[..],
        ),
        (
            "003_fe422f7e920d1b98.txt",
            &include_bytes!("../../assets/sample/003_fe422f7e920d1b98.txt")[..],
        ),
    ]
    .into_iter()
    .map(|(name, bytes)| RawArticle {
        origin: format!("sample/{name}"),
        path: None,
        bytes: bytes.to_vec(),
    })
    .collect()
}

/// Read every argument: files, folders (their supported files in name order,
/// not recursive) and `-` for standard input.
pub fn read_inputs(args: &[String]) -> Result<Vec<RawArticle>, IngestError> {
    if args.is_empty() {
        return Err(IngestError::NoInput);
    }
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(read_stdin()?);
            continue;
        }
        let path = Path::new(arg);
        let metadata = std::fs::metadata(path).map_err(|e| io_error(arg, &e))?;
        if metadata.is_dir() {
            let files = folder_articles(arg, path)?;
            for file in files {
                let origin = file.display().to_string();
                out.push(read_file(&origin, &file)?);
            }
        } else {
            out.push(read_file(arg, path)?);
        }
    }
    Ok(out)
}

fn io_error(origin: &str, error: &std::io::Error) -> IngestError {
    let problem = match error.kind() {
        std::io::ErrorKind::NotFound => Problem::NotFound,
        std::io::ErrorKind::PermissionDenied => Problem::PermissionDenied,
        _ => Problem::Unreadable(error.to_string()),
    };
    IngestError::article(origin, problem)
}

pub(crate) fn read_stdin() -> Result<RawArticle, IngestError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error("-", &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(IngestError::article(
            "-",
            Problem::TooLarge(bytes.len() as u64),
        ));
    }
    Ok(RawArticle {
        origin: "-".into(),
        path: None,
        bytes,
    })
}

pub(crate) fn read_file(origin: &str, path: &Path) -> Result<RawArticle, IngestError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| io_error(origin, &e))?;
    let size = file.metadata().map_err(|e| io_error(origin, &e))?.len();
    if size > MAX_FILE_BYTES {
        return Err(IngestError::article(origin, Problem::TooLarge(size)));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // The file may grow between the size check and the read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(origin, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(IngestError::article(
            origin,
            Problem::TooLarge(bytes.len() as u64),
        ));
    }
    Ok(RawArticle {
        origin: origin.to_string(),
        path: Some(path.to_path_buf()),
        bytes,
    })
}

pub(crate) fn folder_articles(origin: &str, dir: &Path) -> Result<Vec<PathBuf>, IngestError> {
    let entries = std::fs::read_dir(dir).map_err(|e| io_error(origin, &e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_error(origin, &e))?;
        let path = entry.path();
        // Hidden files are editor swap files and the like, not articles.
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && path.is_file() && has_article_extension(&path) {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(IngestError::article(origin, Problem::EmptyFolder));
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

fn has_article_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn extension(origin: &str) -> String {
    Path::new(origin)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// One article cleaned and structured, before statements get global ids.
#[derive(Debug)]
pub struct Prepared {
    pub blocks: Vec<(BlockKind, String)>,
    pub removed: Vec<crate::model::Removal>,
    pub meta: Meta,
    /// The encoding the bytes were read as.
    pub encoding: &'static str,
}

/// One input read and prepared: what a story is assembled from. Preparing
/// is the costly part and needs nothing from the other articles, so each
/// can be prepared on its own thread as soon as its bytes are in.
#[derive(Debug)]
pub struct Article {
    pub raw: RawArticle,
    /// Set for a page fetched from the web.
    pub web: Option<WebOrigin>,
    pub prepared: Prepared,
}

impl Article {
    /// Decode, extract (web pages), clean and structure one input.
    pub fn prepare(raw: RawArticle, web: Option<WebOrigin>) -> Result<Article, IngestError> {
        let prepared = prepare_with(&raw, web.as_ref())?;
        Ok(Article { raw, web, prepared })
    }
}

/// Decode, extract (web pages), clean and structure one article.
pub fn prepare(raw: &RawArticle) -> Result<Prepared, IngestError> {
    prepare_with(raw, None)
}

fn prepare_with(raw: &RawArticle, web: Option<&WebOrigin>) -> Result<Prepared, IngestError> {
    let ext = extension(&raw.origin);
    let content_type = web
        .and_then(|w| w.content_type.as_deref())
        .map(str::to_ascii_lowercase);
    let served_as = |kind: &str| content_type.as_deref().is_some_and(|t| t.contains(kind));
    // A page saved under another name (or piped in) is still a page: no
    // article text starts with "<!DOCTYPE html" or "<html".
    let is_html = served_as("html")
        || (!served_as("text/plain") && matches!(ext.as_str(), "html" | "htm"))
        || decode::looks_like_html(&raw.bytes);
    let header_charset = content_type.as_deref().and_then(crate::web::charset_of);
    let decoded = decode::decode_declared(&raw.bytes, is_html, header_charset)
        .map_err(|e| IngestError::article(&raw.origin, e))?;
    let text_size = |text: &str| {
        if text.len() as u64 > MAX_TEXT_BYTES {
            Err(IngestError::article(
                &raw.origin,
                Problem::TextTooLong(text.len() as u64),
            ))
        } else {
            Ok(())
        }
    };
    let structured = if is_html {
        let (text, meta) = html::extract(&decoded.text)
            .map_err(|e| IngestError::article(&raw.origin, Problem::WebPage(e)))?;
        text_size(&text)?;
        structure::structure(&text, Format::Extracted, meta)
    } else {
        text_size(&decoded.text)?;
        let format = if served_as("markdown") || matches!(ext.as_str(), "md" | "markdown") {
            Format::Markdown
        } else {
            Format::Plain
        };
        structure::structure(&decoded.text, format, Meta::default())
    };
    if structured.blocks.is_empty() {
        let junk_lines = structured
            .removed
            .iter()
            .filter(|r| r.line.is_some() && r.replacement.is_none())
            .map(|r| r.line)
            .collect::<HashSet<_>>()
            .len();
        return Err(IngestError::article(
            &raw.origin,
            Problem::NothingLeft(junk_lines),
        ));
    }
    Ok(Prepared {
        blocks: structured.blocks,
        removed: structured.removed,
        meta: structured.meta,
        encoding: decoded.encoding,
    })
}

/// Decode, clean, structure and segment every article into one story.
pub fn build_story(articles: Vec<RawArticle>) -> Result<Story, IngestError> {
    if articles.is_empty() {
        return Err(IngestError::NoInput);
    }
    let prepared = articles
        .into_iter()
        .map(|raw| Article::prepare(raw, None))
        .collect::<Result<Vec<_>, _>>()?;
    assemble_story(prepared)
}

/// Segment prepared articles into one story, in the order given.
pub fn assemble_story(articles: Vec<Article>) -> Result<Story, IngestError> {
    if articles.is_empty() {
        return Err(IngestError::NoInput);
    }
    let mut sources = Vec::with_capacity(articles.len());
    let mut statements = Vec::new();
    let mut names = HashSet::new();
    for (id, article) in articles.into_iter().enumerate() {
        let name = display_name(&article);
        let name = unique_name(name, &article, &mut names);
        sources.push(assemble(id, article, name, &mut statements));
    }
    // The first source's headline; when it has none (a scrape without its
    // title line), the first headline of another source beats a file name.
    let title = sources
        .iter()
        .find_map(|s| s.title.clone())
        .or_else(|| sources.first().map(|s| s.name.clone()))
        .unwrap_or_default();
    Ok(Story {
        title,
        sources,
        statements,
    })
}

/// The site name from a web page; else, for a page fetched from the web,
/// its host; else the file name without its extension.
fn display_name(article: &Article) -> String {
    if let Some(site) = &article.prepared.meta.site_name {
        return site.clone();
    }
    if let Some(site) = article
        .web
        .as_ref()
        .and_then(|w| crate::web::site_of(&w.final_url))
    {
        return site;
    }
    let raw = &article.raw;
    if raw.origin == "-" {
        return "stdin".into();
    }
    Path::new(&raw.origin)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or(&raw.origin)
        .to_string()
}

/// Two sources never share a name: "fox" from two folders becomes
/// "2010_a/fox" and "2010_b/fox"; otherwise a number is added.
fn unique_name(name: String, article: &Article, taken: &mut HashSet<String>) -> String {
    let mut candidate = name.clone();
    if taken.contains(&candidate)
        && article.web.is_none()
        && let Some(parent) = Path::new(&article.raw.origin)
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|p| p.to_str())
    {
        candidate = format!("{parent}/{name}");
    }
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name} ({n})");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

fn assemble(id: usize, article: Article, name: String, statements: &mut Vec<Statement>) -> Source {
    let Article { raw, web, prepared } = article;
    let first_statement = statements.len();
    let mut text = String::new();
    let mut text_chars = 0usize;
    let mut blocks = Vec::with_capacity(prepared.blocks.len());
    for (paragraph, (kind, block_text)) in prepared.blocks.into_iter().enumerate() {
        if !text.is_empty() {
            text.push_str("\n\n");
            text_chars += 2;
        }
        let block_start = text_chars;
        let block_first = statements.len();
        let ranges = match kind {
            // A headline is one statement even if it holds a period.
            BlockKind::Title | BlockKind::Subheading => {
                std::iter::once(0..block_text.len()).collect()
            }
            _ => segment::sentences(&block_text),
        };
        let mut cursor_byte = 0;
        let mut cursor_char = block_start;
        for range in ranges {
            cursor_char += block_text[cursor_byte..range.start].chars().count();
            let sentence = &block_text[range.clone()];
            let len = sentence.chars().count();
            statements.push(Statement {
                id: statements.len(),
                source: id,
                paragraph,
                kind,
                text: sentence.to_string(),
                start: cursor_char,
                end: cursor_char + len,
            });
            cursor_char += len;
            cursor_byte = range.end;
        }
        let block_chars = block_text.chars().count();
        text.push_str(&block_text);
        text_chars += block_chars;
        blocks.push(Block {
            kind,
            text: block_text,
            start: block_start,
            end: block_start + block_chars,
            statements: block_first..statements.len(),
        });
    }
    let content_hash = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let meta = prepared.meta;
    Source {
        id,
        name,
        path: raw.path,
        origin: raw.origin,
        title: meta.title,
        byline: meta.byline,
        date: meta.date,
        // A page that names no canonical address is known by where it was fetched.
        url: meta
            .url
            .or_else(|| web.as_ref().map(|w| w.final_url.clone())),
        text,
        blocks,
        removed: prepared.removed,
        statements: first_statement..statements.len(),
        content_hash,
        web,
    }
}

/// Read and build in one step.
pub fn load(args: &[String]) -> Result<Story, IngestError> {
    build_story(read_inputs(args)?)
}

/// The story of the command line's articles; with none, the bundled sample
/// story (every command opens it then, the reader and `compare` alike).
pub fn load_or_sample(args: &[String]) -> Result<Story, IngestError> {
    if args.is_empty() {
        build_story(sample_articles())
    } else {
        load(args)
    }
}

/// The bundled sample story.
pub fn sample_story() -> Story {
    // The sample is part of the binary and tested; it cannot fail at run time.
    build_story(sample_articles()).unwrap_or_else(|e| panic!("the bundled sample story: {e}"))
}
