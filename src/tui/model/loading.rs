//! The reader while its story is being read: one column per source with
//! where it has got to. It becomes the [`Model`](super::Model) once every
//! source has arrived or failed. Only `update/loading.rs` changes it;
//! `views/loading.rs` draws it.

use crate::tui::config::Config;
use crate::tui::keymap::Keymap;
use crate::tui::model::Options;
use crate::tui::news::{OpenedSummary, SourceState};
use crate::tui::theme::Theme;

/// One source being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSource {
    /// Its address, path, or what stands for it.
    pub origin: String,
    pub state: SourceState,
}

/// The reader's state while the story is read.
#[derive(Debug, Clone)]
pub struct Loading {
    pub sources: Vec<PendingSource>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub width: u16,
    pub height: u16,
    /// Whole seconds since reading began.
    pub elapsed: u64,
    /// When a page is given up on (`--timeout`), in seconds.
    pub timeout: u64,
    /// The sources still coming are being cancelled (the user asked to open
    /// what arrived).
    pub stopping: bool,
    /// Every source is in: the story is being aligned.
    pub aligning: bool,
}

impl Loading {
    pub fn new(
        origins: Vec<String>,
        config: &Config,
        options: &Options,
        size: (u16, u16),
        timeout: u64,
    ) -> Loading {
        Loading {
            sources: origins
                .into_iter()
                .map(|origin| PendingSource {
                    origin,
                    state: SourceState::Waiting,
                })
                .collect(),
            keymap: config.keymap.clone(),
            theme: Theme::new(options.theme.unwrap_or(config.theme)),
            width: size.0,
            height: size.1,
            elapsed: 0,
            timeout,
            stopping: false,
            aligning: false,
        }
    }

    /// Sources read and cleaned.
    pub fn ready(&self) -> usize {
        self.count(|s| matches!(s, SourceState::Ready { .. }))
    }

    /// Sources that cannot be read.
    pub fn failed(&self) -> usize {
        self.count(|s| matches!(s, SourceState::Failed(_)))
    }

    fn count(&self, which: impl Fn(&SourceState) -> bool) -> usize {
        self.sources.iter().filter(|s| which(&s.state)).count()
    }
}

/// What the status line says once a story opened: sources that failed
/// (an error), else after `--refresh` which sources changed, else nothing.
/// `None` when there is nothing to say; `Some((text, is_error))` otherwise.
pub fn opened_status(summary: &OpenedSummary) -> Option<(String, bool)> {
    let mut parts = Vec::new();
    let total = summary.sources + summary.failed.len();
    if let Some(first) = summary.failed.first() {
        let more = match summary.failed.len() {
            1 => String::new(),
            n => format!(" (and {} more, listed when you quit)", n - 1),
        };
        parts.push(format!(
            "{} of {total} sources could not be read: {first}{more}",
            summary.failed.len()
        ));
    }
    if let Some(changed) = &summary.changed {
        parts.push(match changed.as_slice() {
            [] => "refreshed: no source changed".to_string(),
            names => format!(
                "refreshed: {} of {} changed: {}",
                names.len(),
                summary.sources,
                names.join(", ")
            ),
        });
        if summary.kept_snapshots > 0 {
            parts.push(format!(
                "{} could not be fetched (snapshot kept)",
                summary.kept_snapshots
            ));
        }
    }
    if parts.is_empty() && summary.from_library {
        let id = summary.id.as_deref().unwrap_or("the story");
        parts.push(format!("opened {id} from the library"));
    }
    if parts.is_empty() {
        return None;
    }
    Some((parts.join(" · "), !summary.failed.is_empty()))
}

/// The progress line of a source, as its column shows it.
pub fn progress_text(state: &SourceState) -> String {
    match state {
        SourceState::Waiting => "waiting".to_string(),
        SourceState::Receiving(bytes) => format!("fetching {}", size_text(*bytes)),
        SourceState::Cleaning => "cleaning".to_string(),
        SourceState::Ready {
            paragraphs,
            kept_snapshot,
            ..
        } => {
            let kept = if kept_snapshot.is_some() {
                " (snapshot kept)"
            } else {
                ""
            };
            let s = if *paragraphs == 1 { "" } else { "s" };
            format!("ready: {paragraphs} paragraph{s}{kept}")
        }
        SourceState::Failed(_) => "failed".to_string(),
    }
}

/// Bytes as people read them: `812 B`, `12 KB`, `1.4 MB`.
pub fn size_text(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    match bytes {
        b if b < KB => format!("{b} B"),
        b if b < 10 * KB => format!("{:.1} KB", b as f64 / KB as f64),
        b if b < MB => format!("{} KB", b / KB),
        b => format!("{:.1} MB", b as f64 / MB as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_names_failures_first_then_what_a_refresh_changed() {
        let quiet = OpenedSummary {
            sources: 3,
            ..OpenedSummary::default()
        };
        assert_eq!(opened_status(&quiet), None);

        let failed = OpenedSummary {
            sources: 2,
            failed: vec![
                "http://a/x: HTTP 404".into(),
                "http://b/y: timed out".into(),
            ],
            ..OpenedSummary::default()
        };
        assert_eq!(
            opened_status(&failed),
            Some((
                "2 of 4 sources could not be read: http://a/x: HTTP 404 \
                 (and 1 more, listed when you quit)"
                    .to_string(),
                true
            ))
        );

        let none_changed = OpenedSummary {
            sources: 2,
            changed: Some(Vec::new()),
            ..OpenedSummary::default()
        };
        assert_eq!(
            opened_status(&none_changed),
            Some(("refreshed: no source changed".to_string(), false))
        );

        let some_changed = OpenedSummary {
            sources: 3,
            changed: Some(vec!["Reuters".into(), "AP".into()]),
            kept_snapshots: 1,
            ..OpenedSummary::default()
        };
        assert_eq!(
            opened_status(&some_changed).unwrap().0,
            "refreshed: 2 of 3 changed: Reuters, AP · 1 could not be fetched (snapshot kept)"
        );
    }

    #[test]
    fn sizes_read_like_sizes() {
        assert_eq!(size_text(0), "0 B");
        assert_eq!(size_text(1023), "1023 B");
        assert_eq!(size_text(1536), "1.5 KB");
        assert_eq!(size_text(200 * 1024), "200 KB");
        assert_eq!(size_text(3 * 1024 * 1024 / 2), "1.5 MB");
    }
}
