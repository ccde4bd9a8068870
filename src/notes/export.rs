//! Notes leave the program as Markdown (for writing), JSON (for tools), CSV
//! (for spreadsheets) or W3C Web Annotation JSON-LD (for annotation tools).
//!
//! Every format carries, per tag: the label, the note, the quote, the source
//! (name, date, URL where known), the attachment state, and which other
//! sources carry the same claim (or that only this source does) and any
//! conflict the comparison found on it. Orphans are exported with their stored
//! quote and marked as such.

use super::{AttachedTag, Notes, TagState};
use crate::align::Comparison;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
    Csv,
    W3c,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "w3c" | "jsonld" | "json-ld" => Ok(Format::W3c),
            other => Err(format!(
                "unknown export format \"{other}\" (use md, json, csv or w3c)"
            )),
        }
    }
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::W3c => "jsonld",
        }
    }
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{}: already exists (use --force to overwrite)", path.display())]
    Exists { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Everything exported about one tag.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedTag {
    pub id: String,
    pub label: String,
    pub note: String,
    pub state: TagState,
    pub quote: String,
    pub source: ExportedSource,
    /// Code points into the source's cleaned text (the stored ones for an orphan).
    pub start: usize,
    pub end: usize,
    pub statements: Vec<usize>,
    /// The quote, context and position as the tag was made (W3C selectors).
    pub anchor: super::anchor::Anchor,
    /// Names of the other sources carrying the same claim.
    pub also_reported_by: Vec<String>,
    /// No other source carries this claim, even in part.
    pub only_this_source: bool,
    /// Sources that may carry it: their nearest statement is a candidate
    /// that falls short of a shared fact (worth checking by hand).
    pub maybe_reported_by: Vec<String>,
    pub conflicts: Vec<ExportedConflict>,
    /// Shared by tags put on a whole claim at once.
    pub claim: Option<String>,
    pub created: String,
    pub modified: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedSource {
    pub name: String,
    pub origin: String,
    pub date: Option<String>,
    pub url: Option<String>,
    pub content_hash: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedConflict {
    /// number, date or name.
    pub kind: String,
    /// "value (source)" for each side.
    pub values: Vec<ConflictValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConflictValue {
    pub source: String,
    pub value: String,
}

#[derive(Serialize)]
struct JsonExport<'a> {
    story: JsonStory<'a>,
    tags: &'a [ExportedTag],
}

#[derive(Serialize)]
struct JsonStory<'a> {
    title: &'a str,
    sources: Vec<ExportedSource>,
}

/// The story's tags (optionally only those labelled `label`) as exportable records.
pub fn collect(notes: &Notes, comparison: &Comparison, label: Option<&str>) -> Vec<ExportedTag> {
    notes
        .tags()
        .iter()
        .filter(|t| label.is_none_or(|l| t.tag.label == l))
        .map(|t| exported(t, comparison))
        .collect()
}

fn exported_source(comparison: &Comparison, id: usize) -> Option<ExportedSource> {
    comparison.story.sources.get(id).map(|s| ExportedSource {
        name: s.name.clone(),
        origin: s.origin.clone(),
        date: s.date.clone(),
        url: s.url.clone(),
        content_hash: super::anchor::content_hash(s),
    })
}

fn exported(t: &AttachedTag, comparison: &Comparison) -> ExportedTag {
    let story = &comparison.story;
    let source = exported_source(comparison, t.source).unwrap_or_else(|| ExportedSource {
        name: t.tag.anchor.source_name.clone(),
        origin: String::new(),
        date: None,
        url: None,
        content_hash: t.tag.anchor.source_hash.clone(),
    });
    let source_name = |id: usize| {
        story
            .statements
            .get(id)
            .and_then(|s| story.sources.get(s.source))
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let mut others: Vec<usize> = Vec::new();
    for &s in &t.statements {
        for &g in comparison.statement_groups.get(s).into_iter().flatten() {
            if let Some(group) = comparison.groups.get(g) {
                others.extend(group.sources.iter().copied());
            }
        }
        for link in &comparison.links {
            let other = if link.a == s {
                link.b
            } else if link.b == s {
                link.a
            } else {
                continue;
            };
            if let Some(st) = story.statements.get(other) {
                others.push(st.source);
            }
        }
    }
    others.sort_unstable();
    others.dedup();
    others.retain(|&s| s != t.source);
    let also_reported_by: Vec<String> = others
        .iter()
        .filter_map(|&s| story.sources.get(s).map(|s| s.name.clone()))
        .collect();
    let only_this_source = also_reported_by.is_empty()
        && !t.statements.is_empty()
        && t.statements.iter().all(|&s| comparison.is_unique(s));
    let mut maybe_sources: Vec<usize> = Vec::new();
    if also_reported_by.is_empty() {
        for &s in &t.statements {
            if comparison.verdict(s) == crate::align::Uniqueness::MaybeElsewhere {
                maybe_sources.extend(comparison.candidates_elsewhere(s).map(|n| n.source));
            }
        }
    }
    maybe_sources.sort_unstable();
    maybe_sources.dedup();
    let maybe_reported_by: Vec<String> = maybe_sources
        .iter()
        .filter_map(|&s| story.sources.get(s).map(|s| s.name.clone()))
        .collect();
    let conflicts = comparison
        .conflicts
        .iter()
        .filter(|c| c.statements.iter().any(|s| t.statements.contains(s)))
        .map(|c| ExportedConflict {
            kind: format!("{:?}", c.kind).to_lowercase(),
            values: c
                .statements
                .iter()
                .zip(&c.values)
                .map(|(&s, v)| ConflictValue {
                    source: source_name(s),
                    value: v.clone(),
                })
                .collect(),
        })
        .collect();
    let (start, end) = t.location.unwrap_or((t.tag.anchor.start, t.tag.anchor.end));
    ExportedTag {
        id: t.tag.id.clone(),
        label: t.tag.label.clone(),
        note: t.tag.note.clone(),
        state: t.state,
        quote: t.quote.clone(),
        source,
        start,
        end,
        statements: t.statements.clone(),
        anchor: t.tag.anchor.clone(),
        also_reported_by,
        only_this_source,
        maybe_reported_by,
        conflicts,
        claim: t.tag.claim.clone(),
        created: t.tag.created.clone(),
        modified: t.tag.modified.clone(),
    }
}

/// Render the tags in `format`.
pub fn render(format: Format, comparison: &Comparison, tags: &[ExportedTag]) -> String {
    match format {
        Format::Markdown => markdown(&comparison.story.title, tags),
        Format::Json => json(comparison, tags),
        Format::Csv => csv(tags),
        Format::W3c => w3c(&comparison.story.title, tags),
    }
}

/// Markdown grouped by label: the quote as a blockquote, then source, note, corroboration.
pub fn markdown(title: &str, tags: &[ExportedTag]) -> String {
    let mut out = format!("# Notes: {}\n", escape_inline(title));
    if tags.is_empty() {
        out.push_str("\nNo tags.\n");
        return out;
    }
    let mut labels: Vec<&str> = tags.iter().map(|t| t.label.as_str()).collect();
    labels.sort_unstable();
    labels.dedup();
    for label in labels {
        let group: Vec<&ExportedTag> = tags.iter().filter(|t| t.label == label).collect();
        out.push_str(&format!(
            "\n## {} ({})\n",
            escape_inline(label),
            group.len()
        ));
        for t in group {
            out.push('\n');
            for line in t.quote.lines() {
                out.push_str("> ");
                out.push_str(&escape_line(line));
                out.push('\n');
            }
            out.push('\n');
            let mut source = format!("— **{}**", escape_inline(&t.source.name));
            if let Some(date) = &t.source.date {
                source.push_str(&format!(", {}", escape_inline(date)));
            }
            if let Some(url) = &t.source.url {
                source.push_str(&format!(", <{}>", url.replace(['<', '>', ' '], "")));
            }
            out.push_str(&source);
            out.push('\n');
            match t.state {
                TagState::Exact => {}
                TagState::Fuzzy => {
                    out.push_str("\n*Re-attached to a changed text: to be confirmed.*\n")
                }
                TagState::Orphan => {
                    out.push_str("\n*Orphan: this text is no longer in the source.*\n")
                }
            }
            if !t.note.trim().is_empty() {
                out.push('\n');
                let lines: Vec<String> = t.note.lines().map(escape_line).collect();
                // A trailing backslash is a Markdown hard line break: the note keeps its lines.
                out.push_str(&lines.join("\\\n"));
                out.push('\n');
            }
            out.push('\n');
            if !t.also_reported_by.is_empty() {
                let names: Vec<String> = t
                    .also_reported_by
                    .iter()
                    .map(|n| escape_inline(n))
                    .collect();
                out.push_str(&format!("Also reported by: {}.\n", names.join(", ")));
            } else if t.only_this_source {
                out.push_str(&format!(
                    "Only {} reports this.\n",
                    escape_inline(&t.source.name)
                ));
            } else if !t.maybe_reported_by.is_empty() {
                let names: Vec<String> = t
                    .maybe_reported_by
                    .iter()
                    .map(|n| escape_inline(n))
                    .collect();
                out.push_str(&format!(
                    "Maybe also in {} (a close statement falls short; check it).\n",
                    names.join(", ")
                ));
            }
            for c in &t.conflicts {
                let sides: Vec<String> = c
                    .values
                    .iter()
                    .map(|v| format!("{} ({})", escape_inline(&v.value), escape_inline(&v.source)))
                    .collect();
                out.push_str(&format!(
                    "Conflict on a {}: {}.\n",
                    c.kind,
                    sides.join(" vs ")
                ));
            }
        }
    }
    out
}

/// Escape what Markdown would read as markup anywhere in a line.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Escape a whole line, including what would start a list, heading or quote.
/// Leading spaces are dropped: four of them would make a code block.
fn escape_line(line: &str) -> String {
    let trimmed = line.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(trimmed[digits..].chars().next(), Some('.' | ')')) {
        // "1." opens an ordered list; only the punctuation can be escaped.
        return format!(
            "{}\\{}",
            &trimmed[..digits],
            escape_inline(&trimmed[digits..])
        );
    }
    let escaped = escape_inline(trimmed);
    if matches!(trimmed.chars().next(), Some('-' | '+' | '=')) {
        format!("\\{escaped}")
    } else {
        escaped
    }
}

/// JSON: the story's sources, then every tag with stable ids.
pub fn json(comparison: &Comparison, tags: &[ExportedTag]) -> String {
    let export = JsonExport {
        story: JsonStory {
            title: &comparison.story.title,
            sources: (0..comparison.story.sources.len())
                .filter_map(|id| exported_source(comparison, id))
                .collect(),
        },
        tags,
    };
    let mut text = serde_json::to_string_pretty(&export).unwrap_or_default();
    text.push('\n');
    text
}

/// CSV for spreadsheets: UTF-8 with a BOM, formula-looking cells neutralised.
pub fn csv(tags: &[ExportedTag]) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = [
        "id",
        "label",
        "note",
        "quote",
        "source",
        "date",
        "url",
        "state",
        "start",
        "end",
        "also_reported_by",
        "only_this_source",
        "conflicts",
        "created",
        "maybe_reported_by",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for t in tags {
        let conflicts: Vec<String> = t
            .conflicts
            .iter()
            .map(|c| {
                let sides: Vec<String> = c
                    .values
                    .iter()
                    .map(|v| format!("{} ({})", v.value, v.source))
                    .collect();
                format!("{}: {}", c.kind, sides.join(" vs "))
            })
            .collect();
        rows.push(vec![
            t.id.clone(),
            neutralise(&t.label),
            neutralise(&t.note),
            neutralise(&t.quote),
            neutralise(&t.source.name),
            neutralise(t.source.date.as_deref().unwrap_or("")),
            neutralise(t.source.url.as_deref().unwrap_or("")),
            t.state.as_str().to_string(),
            t.start.to_string(),
            t.end.to_string(),
            neutralise(&t.also_reported_by.join("; ")),
            t.only_this_source.to_string(),
            neutralise(&conflicts.join("; ")),
            t.created.clone(),
            neutralise(&t.maybe_reported_by.join("; ")),
        ]);
    }
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice).
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// W3C Web Annotation JSON-LD: an AnnotationCollection of the tags.
pub fn w3c(title: &str, tags: &[ExportedTag]) -> String {
    let items: Vec<serde_json::Value> = tags.iter().map(annotation).collect();
    let collection = serde_json::json!({
        "@context": [
            "http://www.w3.org/ns/anno.jsonld",
            { "crossread": "urn:crossread:" },
        ],
        "type": "AnnotationCollection",
        "label": format!("crossread notes: {title}"),
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    let mut text = serde_json::to_string_pretty(&collection).unwrap_or_default();
    text.push('\n');
    text
}

fn annotation(t: &ExportedTag) -> serde_json::Value {
    let mut body = vec![serde_json::json!({
        "type": "TextualBody",
        "purpose": "tagging",
        "value": t.label,
    })];
    if !t.note.is_empty() {
        body.push(serde_json::json!({
            "type": "TextualBody",
            "purpose": "commenting",
            "value": t.note,
            "format": "text/plain",
        }));
    }
    let motivation = if t.note.is_empty() {
        "tagging"
    } else {
        "commenting"
    };
    let target_source = match &t.source.url {
        Some(url) => url.clone(),
        None => format!("urn:sha256:{}", t.source.content_hash),
    };
    // For an attached tag the selectors describe where it is now; for an orphan, where it was.
    let (exact, prefix, suffix) = if t.state == TagState::Orphan {
        (&t.anchor.exact, &t.anchor.prefix, &t.anchor.suffix)
    } else {
        (&t.quote, &t.anchor.prefix, &t.anchor.suffix)
    };
    serde_json::json!({
        "id": format!("urn:uuid:{}", t.id),
        "type": "Annotation",
        "motivation": motivation,
        "created": t.created,
        "modified": t.modified,
        "body": body,
        "target": {
            "source": target_source,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": exact,
                    "prefix": prefix,
                    "suffix": suffix,
                },
                {
                    "type": "TextPositionSelector",
                    "start": t.start,
                    "end": t.end,
                },
            ],
        },
        "crossread:state": t.state.as_str(),
        "crossread:sourceName": t.source.name,
    })
}

/// Write `contents` to `path` atomically: a temporary file in the same
/// directory, flushed to disk, then moved into place. Without `force` an
/// existing file is refused (checked atomically: the move fails if one appeared).
pub fn write_atomically(path: &Path, contents: &[u8], force: bool) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    if !force && path.exists() {
        return Err(ExportError::Exists {
            path: path.to_path_buf(),
        });
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".to_string());
    let temp = dir.join(format!(
        ".{file_name}.tmp-{}-{}",
        std::process::id(),
        super::store::unique_suffix()
    ));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(contents)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(io(e));
    }
    let placed = if force {
        std::fs::rename(&temp, path)
    } else {
        // A hard link never replaces an existing file, so a file created since the check survives.
        std::fs::hard_link(&temp, path).and_then(|()| std::fs::remove_file(&temp))
    };
    if let Err(e) = placed {
        let _ = std::fs::remove_file(&temp);
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            return Err(ExportError::Exists {
                path: path.to_path_buf(),
            });
        }
        return Err(io(e));
    }
    if let Ok(handle) = std::fs::File::open(&dir) {
        let _ = handle.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("-5"), "'-5");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("plain"), "plain");
    }

    #[test]
    fn markdown_lines_cannot_open_blocks() {
        assert_eq!(escape_line("> not a quote"), "\\> not a quote");
        assert_eq!(escape_line("- not a list"), "\\- not a list");
        assert_eq!(escape_line("1. not a list"), "1\\. not a list");
        assert_eq!(escape_line("a | b"), "a \\| b");
    }
}
