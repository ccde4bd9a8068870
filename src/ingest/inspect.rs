//! `crossread inspect`: what cleaning and structuring made of each source.

use crate::model::{BlockKind, Story};
use std::fmt::Write;

fn kind_label(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Title => "title",
        BlockKind::Standfirst => "standfirst",
        BlockKind::Subheading => "subheading",
        BlockKind::Caption => "caption",
        BlockKind::Paragraph => "paragraph",
    }
}

/// A readable report of every source: metadata, blocks with their numbered
/// statements, and each removal with its line and rule.
pub fn report(story: &Story) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_report(story, &mut out);
    out
}

fn write_report(story: &Story, out: &mut String) -> std::fmt::Result {
    writeln!(out, "story: {}", story.title)?;
    for source in &story.sources {
        let statements = story.source_statements(source.id);
        let claims = statements.iter().filter(|s| s.kind.is_prose()).count();
        writeln!(out)?;
        writeln!(out, "━━ source {}: {} ━━", source.id + 1, source.name)?;
        writeln!(out, "  origin     {}", source.origin)?;
        for (label, value) in [
            ("title", &source.title),
            ("date", &source.date),
            ("byline", &source.byline),
            ("url", &source.url),
        ] {
            writeln!(out, "  {label:<10} {}", value.as_deref().unwrap_or("-"))?;
        }
        writeln!(
            out,
            "  content    {} blocks, {} statements ({} claims), {} characters, sha256 {}",
            source.blocks.len(),
            statements.len(),
            claims,
            source.text.chars().count(),
            source
                .content_hash
                .get(..12)
                .unwrap_or(&source.content_hash),
        )?;
        for (index, block) in source.blocks.iter().enumerate() {
            writeln!(out)?;
            writeln!(out, "  [{}] {}", index + 1, kind_label(block.kind))?;
            for statement in &story.statements[block.statements.clone()] {
                writeln!(
                    out,
                    "    {:>5}  {}",
                    format!("#{}", statement.id),
                    statement.text
                )?;
            }
        }
        writeln!(out)?;
        if source.removed.is_empty() {
            writeln!(out, "  removed: nothing")?;
            continue;
        }
        writeln!(out, "  removed: {}", source.removed.len())?;
        for removal in &source.removed {
            let line = removal
                .line
                .map_or_else(|| "-".to_string(), |l| l.to_string());
            let what = match &removal.replacement {
                Some(replacement) => format!("{:?} -> {:?}", removal.text, replacement),
                None => removal.text.clone(),
            };
            writeln!(out, "    line {line:>4}  {:<20} {what}", removal.rule)?;
        }
    }
    Ok(())
}
