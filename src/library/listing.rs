//! `crossread stories`: the library as text for people and JSON for scripts.

use crate::notes::snapshots::{SourceKind, StoryRecord};
use serde::Serialize;

/// Output formats of `crossread stories`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// One story as listed.
#[derive(Debug, Serialize)]
pub struct ListedStory<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub sources: Vec<ListedSource<'a>>,
    pub tags: usize,
    pub first_read: &'a str,
    pub last_opened: &'a str,
}

/// One source of a listed story: its name, and its address or its path.
#[derive(Debug, Serialize)]
pub struct ListedSource<'a> {
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
    /// When this version of it was read.
    pub read_at: &'a str,
}

/// The listing of one story.
pub fn listed(story: &StoryRecord) -> ListedStory<'_> {
    ListedStory {
        id: &story.id,
        title: &story.title,
        sources: story
            .sources
            .iter()
            .map(|r| ListedSource {
                name: &r.name,
                url: (r.kind == SourceKind::Url).then_some(r.origin.as_str()),
                path: match r.kind {
                    SourceKind::Url => None,
                    SourceKind::File => Some(r.origin.as_str()),
                    SourceKind::Stdin => Some("-"),
                },
                read_at: &r.read_at,
            })
            .collect(),
        tags: story.tags,
        first_read: &story.first_read,
        last_opened: &story.last_opened,
    }
}

/// The library in `format`, the most recently opened story first.
pub fn render(stories: &[StoryRecord], format: Format) -> String {
    let listed: Vec<ListedStory<'_>> = stories.iter().map(listed).collect();
    match format {
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&listed).unwrap_or_else(|_| "[]".into());
            json.push('\n');
            json
        }
        Format::Text => text(&listed),
    }
}

fn text(stories: &[ListedStory<'_>]) -> String {
    if stories.is_empty() {
        return "no stories yet: open articles in the reader to keep them here\n".to_string();
    }
    let mut out = String::new();
    for story in stories {
        out.push_str(&format!(
            "{}  {}\n    {} tag{}, first read {}, last opened {}\n",
            story.id,
            story.title,
            story.tags,
            if story.tags == 1 { "" } else { "s" },
            super::day_and_time(story.first_read),
            super::day_and_time(story.last_opened),
        ));
        for source in &story.sources {
            let place = source.url.or(source.path).unwrap_or("");
            out.push_str(&format!("    - {}  {}\n", source.name, place));
        }
    }
    out
}
