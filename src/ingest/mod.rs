//! Reading articles as people have them and turning each into a clean,
//! structured [`Source`](crate::model::Source).

use crate::model::{Block, BlockKind, Source, Statement, Story};
use std::path::{Path, PathBuf};
use unicode_segmentation::UnicodeSegmentation;

/// Files larger than this are refused.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Why an input could not be read. Displays as one line naming the input.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{origin}: {problem}")]
    Input { origin: String, problem: String },
    #[error("no articles given")]
    NoInput,
}

impl IngestError {
    pub fn input(origin: impl Into<String>, problem: impl Into<String>) -> Self {
        IngestError::Input {
            origin: origin.into(),
            problem: problem.into(),
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

/// Read every argument: files, folders (their supported files in name order) and `-`.
pub fn read_inputs(args: &[String]) -> Result<Vec<RawArticle>, IngestError> {
    if args.is_empty() {
        return Err(IngestError::NoInput);
    }
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            use std::io::Read;
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| IngestError::input("-", format!("cannot read standard input: {e}")))?;
            out.push(RawArticle {
                origin: "-".into(),
                path: None,
                bytes,
            });
        } else {
            let path = Path::new(arg);
            let bytes = std::fs::read(path).map_err(|e| IngestError::input(arg, e.to_string()))?;
            out.push(RawArticle {
                origin: arg.clone(),
                path: Some(path.to_path_buf()),
                bytes,
            });
        }
    }
    Ok(out)
}

/// Decode, clean, structure and segment every article into one story.
pub fn build_story(articles: Vec<RawArticle>) -> Result<Story, IngestError> {
    let mut sources = Vec::new();
    let mut statements = Vec::new();
    for (id, raw) in articles.into_iter().enumerate() {
        let text = String::from_utf8_lossy(&raw.bytes).into_owned();
        let mut blocks = Vec::new();
        let mut clean = String::new();
        let first = statements.len();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !clean.is_empty() {
                clean.push_str("\n\n");
            }
            let start = clean.chars().count();
            clean.push_str(line);
            let block_first = statements.len();
            let mut offset = start;
            for sentence in line.split_sentence_bounds() {
                let len = sentence.chars().count();
                let trimmed = sentence.trim_end();
                if !trimmed.is_empty() {
                    statements.push(Statement {
                        id: statements.len(),
                        source: id,
                        paragraph: blocks.len(),
                        kind: BlockKind::Paragraph,
                        text: trimmed.to_string(),
                        start: offset,
                        end: offset + trimmed.chars().count(),
                    });
                }
                offset += len;
            }
            blocks.push(Block {
                kind: BlockKind::Paragraph,
                text: line.to_string(),
                start,
                end: start + line.chars().count(),
                statements: block_first..statements.len(),
            });
        }
        let name = raw
            .origin
            .rsplit('/')
            .next()
            .unwrap_or(&raw.origin)
            .trim_end_matches(".txt")
            .to_string();
        sources.push(Source {
            id,
            name,
            path: raw.path,
            origin: raw.origin,
            title: None,
            byline: None,
            date: None,
            url: None,
            content_hash: String::new(),
            text: clean,
            blocks,
            removed: Vec::new(),
            statements: first..statements.len(),
        });
    }
    let title = sources.first().map(|s| s.name.clone()).unwrap_or_default();
    Ok(Story {
        title,
        sources,
        statements,
    })
}

/// Read and build in one step.
pub fn load(args: &[String]) -> Result<Story, IngestError> {
    build_story(read_inputs(args)?)
}

/// The bundled sample story.
pub fn sample_story() -> Story {
    build_story(sample_articles()).expect("the bundled sample story is valid")
}
