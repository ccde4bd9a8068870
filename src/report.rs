//! Headless output of a comparison: JSON for scripts, text and Markdown for
//! people.

use crate::align::{
    Comparison, Conflict, Coverage, DiffClass, Options, Relation, Row, Uniqueness, WordOp,
};
use crate::model::{BlockKind, SourceId, StatementId};
use serde::Serialize;
use serde_json::Value;
use std::fmt::Write;

/// Output formats of `crossread compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Text,
    Markdown,
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("--reference {given}: there {are} only {count} source{s} (ids 0 to {last})",
        are = if *count == 1 { "is" } else { "are" },
        s = if *count == 1 { "" } else { "s" },
        last = count.saturating_sub(1))]
    NoSuchReference { given: usize, count: usize },
    #[error("no sources to compare")]
    NoSources,
}

/// Render `comparison` in `format`, with side-by-side rows relative to `reference`.
pub fn render(
    comparison: &Comparison,
    format: Format,
    reference: SourceId,
) -> Result<String, ReportError> {
    check_reference(comparison, reference)?;
    Ok(match format {
        Format::Json => json_with_reference(comparison, reference),
        Format::Text => text(comparison),
        Format::Markdown => markdown(comparison),
    })
}

/// A report needs a source, and `reference` must be one of them.
fn check_reference(comparison: &Comparison, reference: SourceId) -> Result<(), ReportError> {
    let count = comparison.story.sources.len();
    if count == 0 {
        return Err(ReportError::NoSources);
    }
    if reference >= count {
        return Err(ReportError::NoSuchReference {
            given: reference,
            count,
        });
    }
    Ok(())
}

/// The comparison as JSON for scripts, rows relative to the first source.
pub fn json(comparison: &Comparison) -> String {
    json_with_reference(comparison, 0)
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

#[derive(Serialize)]
struct JsonSource<'a> {
    id: SourceId,
    name: &'a str,
    /// The path as the user gave it (for a web page: its address).
    path: &'a str,
    /// A web page's address as given, and where its redirects ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    final_url: Option<&'a str>,
    title: Option<&'a str>,
    statements: usize,
    unique: usize,
}

#[derive(Serialize)]
struct JsonHighlight {
    start: usize,
    end: usize,
    class: DiffClass,
    conflict: bool,
    text: String,
}

#[derive(Serialize)]
struct JsonStatement<'a> {
    id: StatementId,
    source: SourceId,
    paragraph: usize,
    text: &'a str,
    unique: bool,
    uniqueness: Uniqueness,
    nearest: Vec<JsonNearest>,
    start: usize,
    end: usize,
    kind: BlockKind,
    groups: &'a [usize],
    highlights: Vec<JsonHighlight>,
}

#[derive(Serialize)]
struct JsonNearest {
    source: SourceId,
    statement: StatementId,
    score: f64,
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    id: usize,
    statements: &'a [StatementId],
    sources: &'a [SourceId],
    coverage: &'a [Coverage],
}

#[derive(Serialize)]
struct JsonLink<'a> {
    a: StatementId,
    b: StatementId,
    score: f64,
    cosine: f64,
    containment: f64,
    relation: Relation,
    grouped: bool,
    contained: StatementId,
    diff: &'a [WordOp],
}

#[derive(Serialize)]
struct JsonReport<'a> {
    story: &'a str,
    reference: SourceId,
    options: &'a Options,
    sources: Vec<JsonSource<'a>>,
    statements: Vec<JsonStatement<'a>>,
    groups: Vec<JsonGroup<'a>>,
    links: Vec<JsonLink<'a>>,
    conflicts: &'a [Conflict],
    rows: Vec<Row>,
}

/// The flat JSON document, built from borrowed parts: a 200-source story
/// would take several times its output size as a `serde_json::Value` tree.
fn json_report(comparison: &Comparison, reference: SourceId) -> JsonReport<'_> {
    let story = &comparison.story;
    JsonReport {
        story: &story.title,
        reference,
        options: &comparison.options,
        sources: story
            .sources
            .iter()
            .map(|s| JsonSource {
                id: s.id,
                name: &s.name,
                path: &s.origin,
                url: s.web.as_ref().map(|w| w.url.as_str()),
                final_url: s.web.as_ref().map(|w| w.final_url.as_str()),
                title: s.title.as_deref(),
                statements: s.statements.len(),
                unique: comparison.unique_claims(s.id).count(),
            })
            .collect(),
        statements: story
            .statements
            .iter()
            .map(|s| JsonStatement {
                id: s.id,
                source: s.source,
                paragraph: s.paragraph,
                text: &s.text,
                unique: comparison.is_unique(s.id),
                uniqueness: comparison.verdict(s.id),
                nearest: comparison
                    .nearest
                    .get(s.id)
                    .into_iter()
                    .flatten()
                    .map(|m| JsonNearest {
                        source: m.source,
                        statement: m.statement,
                        score: round(m.score),
                    })
                    .collect(),
                start: s.start,
                end: s.end,
                kind: s.kind,
                groups: comparison
                    .statement_groups
                    .get(s.id)
                    .map_or(&[][..], Vec::as_slice),
                highlights: comparison
                    .highlights
                    .get(s.id)
                    .into_iter()
                    .flatten()
                    .map(|h| JsonHighlight {
                        start: h.start,
                        end: h.end,
                        class: h.class,
                        conflict: h.conflict,
                        text: slice(&s.text, h.start, h.end),
                    })
                    .collect(),
            })
            .collect(),
        groups: comparison
            .groups
            .iter()
            .map(|g| JsonGroup {
                id: g.id,
                statements: &g.statements,
                sources: &g.sources,
                coverage: comparison.coverage.get(g.id).map_or(&[][..], Vec::as_slice),
            })
            .collect(),
        links: comparison
            .links
            .iter()
            .enumerate()
            .map(|(i, l)| JsonLink {
                a: l.a,
                b: l.b,
                score: round(l.score),
                cosine: round(l.cosine),
                containment: round(l.containment),
                relation: l.relation,
                grouped: l.grouped,
                contained: l.contained,
                diff: comparison.link_diffs.get(i).map_or(&[][..], Vec::as_slice),
            })
            .collect(),
        conflicts: &comparison.conflicts,
        rows: comparison.rows(reference),
    }
}

/// The JSON document as a value, for callers that want to inspect it.
pub fn json_value(comparison: &Comparison, reference: SourceId) -> Value {
    serde_json::to_value(json_report(comparison, reference)).unwrap_or(Value::Null)
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

fn json_with_reference(comparison: &Comparison, reference: SourceId) -> String {
    serde_json::to_string_pretty(&json_report(comparison, reference))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Groups sorted by how many sources carry them, then by first appearance.
fn groups_by_coverage(comparison: &Comparison) -> Vec<usize> {
    let mut order: Vec<usize> = (0..comparison.groups.len()).collect();
    order.sort_by_key(|&g| {
        let group = &comparison.groups[g];
        (
            std::cmp::Reverse(group.sources.len()),
            group.statements.first().copied().unwrap_or(0),
        )
    });
    order
}

fn source_label(comparison: &Comparison, source: SourceId) -> String {
    comparison
        .story
        .sources
        .get(source)
        .map_or_else(|| format!("#{source}"), |s| s.name.clone())
}

fn statement_text(comparison: &Comparison, s: StatementId) -> &str {
    comparison
        .story
        .statements
        .get(s)
        .map_or("", |st| st.text.as_str())
}

fn coverage_word(c: Coverage) -> &'static str {
    match c {
        Coverage::Full => "full",
        Coverage::Partial => "partial",
        Coverage::Absent => "absent",
    }
}

fn substantive_differences(comparison: &Comparison, s: StatementId) -> Vec<String> {
    comparison
        .highlights
        .get(s)
        .into_iter()
        .flatten()
        .filter(|h| h.class == DiffClass::Substantive)
        .map(|h| slice(statement_text(comparison, s), h.start, h.end))
        .collect()
}

/// A shared claim as the text and Markdown reports show it.
struct SharedClaim<'a> {
    /// Counted from 1, in the groups' order.
    number: usize,
    /// How many sources carry it.
    carried_by: usize,
    /// Every source's name, with how fully it carries the claim.
    coverage: Vec<(&'a str, &'static str)>,
    statements: Vec<ClaimStatement<'a>>,
}

/// One source's statement of a shared claim.
struct ClaimStatement<'a> {
    source: String,
    text: &'a str,
    /// The substantive words no matching statement has.
    only_here: Vec<String>,
}

/// The shared claims, most widely carried first.
fn shared_claims(comparison: &Comparison) -> impl Iterator<Item = SharedClaim<'_>> {
    let story = &comparison.story;
    groups_by_coverage(comparison).into_iter().map(move |g| {
        let group = &comparison.groups[g];
        let coverage = story
            .sources
            .iter()
            .map(|s| {
                let c = comparison
                    .coverage
                    .get(g)
                    .and_then(|row| row.get(s.id))
                    .copied()
                    .unwrap_or(Coverage::Absent);
                (s.name.as_str(), coverage_word(c))
            })
            .collect();
        let statements = group
            .statements
            .iter()
            .map(|&s| ClaimStatement {
                source: source_label(
                    comparison,
                    story.statements.get(s).map_or(0, |st| st.source),
                ),
                text: statement_text(comparison, s),
                only_here: substantive_differences(comparison, s),
            })
            .collect();
        SharedClaim {
            number: g + 1,
            carried_by: group.sources.len(),
            coverage,
            statements,
        }
    })
}

fn conflict_line(comparison: &Comparison, c: &crate::align::Conflict) -> String {
    let values: Vec<String> = c
        .statements
        .iter()
        .zip(&c.values)
        .map(|(&s, v)| {
            let source = comparison.story.statements.get(s).map_or(0, |st| st.source);
            format!("\"{v}\" ({})", source_label(comparison, source))
        })
        .collect();
    format!(
        "claim {}, {}: {}",
        c.group + 1,
        serde_json::to_value(c.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        values.join(" vs ")
    )
}

/// A readable report: sources, claims by coverage, unique claims, conflicts.
pub fn text(comparison: &Comparison) -> String {
    let story = &comparison.story;
    let mut out = String::new();
    let _ = writeln!(out, "Story: {}", story.title);
    let _ = writeln!(out, "\nSources ({}):", story.sources.len());
    for s in &story.sources {
        let claims = s
            .statements
            .clone()
            .filter(|&i| story.statements[i].kind.is_prose())
            .count();
        let _ = writeln!(
            out,
            "  [{}] {} ({}): {} statements, {} claims, {} unique",
            s.id,
            s.name,
            s.origin,
            s.statements.len(),
            claims,
            comparison.unique_claims(s.id).count()
        );
    }
    let _ = writeln!(
        out,
        "\nShared claims ({}), most widely carried first:",
        comparison.groups.len()
    );
    for claim in shared_claims(comparison) {
        let per_source: Vec<String> = claim
            .coverage
            .iter()
            .map(|(name, word)| format!("{name} {word}"))
            .collect();
        let _ = writeln!(
            out,
            "\n  Claim {} — {}/{} sources ({})",
            claim.number,
            claim.carried_by,
            story.sources.len(),
            per_source.join(", ")
        );
        for statement in &claim.statements {
            let _ = writeln!(out, "    [{}] {}", statement.source, statement.text);
            if !statement.only_here.is_empty() {
                let _ = writeln!(
                    out,
                    "        only here: {}",
                    statement.only_here.join(" | ")
                );
            }
        }
    }
    let _ = writeln!(out, "\nUnique claims:");
    for s in &story.sources {
        let unique: Vec<StatementId> = comparison.unique_claims(s.id).collect();
        let _ = writeln!(out, "\n  {} ({}):", s.name, unique.len());
        for u in unique {
            let _ = writeln!(out, "    - {}", statement_text(comparison, u));
        }
    }
    let _ = writeln!(
        out,
        "\nMaybe elsewhere (a close statement in another source falls short of a shared fact):"
    );
    for s in &story.sources {
        let maybe: Vec<StatementId> = comparison
            .statements_judged(s.id, Uniqueness::MaybeElsewhere)
            .collect();
        let _ = writeln!(out, "\n  {} ({}):", s.name, maybe.len());
        for m in maybe {
            let _ = writeln!(out, "    ? {}", statement_text(comparison, m));
            let _ = writeln!(out, "      nearest: {}", nearest_line(comparison, m));
        }
    }
    let _ = writeln!(out, "\nConflicts ({}):", comparison.conflicts.len());
    for c in &comparison.conflicts {
        let _ = writeln!(out, "  - {}", conflict_line(comparison, c));
    }
    out
}

/// The candidates behind a `maybe_elsewhere` verdict: "NYT 0.21 “...”".
fn nearest_line(comparison: &Comparison, statement: StatementId) -> String {
    let candidates: Vec<String> = comparison
        .candidates_elsewhere(statement)
        .map(|n| {
            format!(
                "{} {:.2} “{}”",
                source_label(comparison, n.source),
                n.score,
                statement_text(comparison, n.statement)
            )
        })
        .collect();
    candidates.join(" | ")
}

fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The same report as Markdown, with a coverage table.
pub fn markdown(comparison: &Comparison) -> String {
    let story = &comparison.story;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_escape(&story.title));
    let _ = writeln!(out, "## Sources\n");
    let _ = writeln!(out, "| id | source | file | statements | unique |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    for s in &story.sources {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            s.id,
            md_escape(&s.name),
            md_escape(&s.origin),
            s.statements.len(),
            comparison.unique_claims(s.id).count()
        );
    }
    let _ = writeln!(out, "\n## Shared claims ({})\n", comparison.groups.len());
    for claim in shared_claims(comparison) {
        let covered: Vec<String> = claim
            .coverage
            .iter()
            .map(|(name, word)| format!("{}: {word}", md_escape(name)))
            .collect();
        let _ = writeln!(
            out,
            "### Claim {} ({}/{} sources)\n\n{}\n",
            claim.number,
            claim.carried_by,
            story.sources.len(),
            covered.join(" · ")
        );
        for statement in &claim.statements {
            let _ = writeln!(
                out,
                "> **{}**: {}\n",
                md_escape(&statement.source),
                md_escape(statement.text)
            );
            if !statement.only_here.is_empty() {
                let only_here: Vec<String> = statement
                    .only_here
                    .iter()
                    .map(|d| format!("*{}*", md_escape(d)))
                    .collect();
                let _ = writeln!(out, "Only here: {}\n", only_here.join(", "));
            }
        }
    }
    let _ = writeln!(out, "## Unique claims\n");
    for s in &story.sources {
        let unique: Vec<StatementId> = comparison.unique_claims(s.id).collect();
        let _ = writeln!(out, "### {} ({})\n", md_escape(&s.name), unique.len());
        for u in unique {
            let _ = writeln!(out, "- {}", md_escape(statement_text(comparison, u)));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Maybe elsewhere\n");
    let _ = writeln!(
        out,
        "Claims whose closest statement in another source falls short of sharing a fact: check them.\n"
    );
    for s in &story.sources {
        let maybe: Vec<StatementId> = comparison
            .statements_judged(s.id, Uniqueness::MaybeElsewhere)
            .collect();
        let _ = writeln!(out, "### {} ({})\n", md_escape(&s.name), maybe.len());
        for m in maybe {
            let _ = writeln!(
                out,
                "- {}  \n  nearest: {}",
                md_escape(statement_text(comparison, m)),
                md_escape(&nearest_line(comparison, m))
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Conflicts ({})\n", comparison.conflicts.len());
    for c in &comparison.conflicts {
        let _ = writeln!(out, "- {}", md_escape(&conflict_line(comparison, c)));
    }
    out
}

/// Why `crossread compare` failed: one line naming the input.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error(transparent)]
    Ingest(#[from] crate::ingest::IngestError),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error("cannot write the output: {0}")]
    Write(std::io::Error),
}

/// Write `comparison` in `format` to `out`, rows relative to `reference`.
/// JSON is streamed: a 200-source story's document is tens of megabytes,
/// and building it as one string first would hold it several times over.
pub fn write(
    comparison: &Comparison,
    format: Format,
    reference: SourceId,
    out: &mut dyn std::io::Write,
) -> Result<(), CompareError> {
    check_reference(comparison, reference)?;
    let written = match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &json_report(comparison, reference))
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
        }
        Format::Text | Format::Markdown => {
            let report = render(comparison, format, reference)?;
            out.write_all(report.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
        }
    }
    .and_then(|()| out.flush());
    match written {
        // A reader that stopped early (`| head`) has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(CompareError::Write),
    }
}

/// The whole headless analysis of a story read: align, write the report to
/// `out`. Returns a note for standard error, if any.
pub fn compare_command(
    story: crate::model::Story,
    format: Format,
    reference: SourceId,
    options: Options,
    out: &mut dyn std::io::Write,
) -> Result<Option<String>, CompareError> {
    let note = (story.sources.len() == 1)
        .then(|| "only one source: nothing to compare, every claim is its own".to_string());
    let comparison = crate::align::compare_with(story, options);
    write(&comparison, format, reference, out)?;
    Ok(note)
}
