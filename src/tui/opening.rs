//! Reading stories for the reader, on the loop's side: a story's sources
//! read in the background while the loading view shows them arriving
//! ([`Pending`]), and the library's stories listed and opened ([`Opener`]).
//! What the views need of it goes to `update` as [`news`](super::news).

use super::action::Action;
use super::config::Config;
use super::model::{Model, Options};
use super::news::{LibraryNews, Listing, LoadingNews, OpenedSummary, SourceState, StoryRow};
use super::update::update;
use crate::align::{self, Comparison};
use crate::ingest::load::{Event, Job, Loader, Progress, Results};
use crate::library::{self, Keep, OpenOptions, Plan, Request};
use crate::model::BlockKind;
use crate::web::FetchOptions;
use std::sync::mpsc::{RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

/// How long the reader waits for a story with web pages before it draws
/// the loading view. Pages that arrive sooner (a fast server, the same
/// machine) open straight into the story instead of flashing the loading
/// view for a few milliseconds; a story of files, snapshots and standard
/// input is always waited for, as it is read in milliseconds.
pub const FIRST_FRAME_GRACE: Duration = Duration::from_millis(50);

/// A story opened: aligned, with what the reader says about it.
#[derive(Debug)]
pub struct OpenedStory {
    pub comparison: Comparison,
    pub summary: OpenedSummary,
    /// For standard error once the reader closes: sources that failed and
    /// what the library noted, one line each.
    pub report: Vec<String>,
}

/// A story's sources being read.
pub struct Pending {
    plan: Plan,
    loader: Loader,
    results: Results,
    origins: Vec<String>,
    network: bool,
    refresh: bool,
    /// Where each source got to.
    states: Vec<SourceState>,
    /// Every worker is gone (they never go before reporting, but never hang on it).
    gone: bool,
}

impl Pending {
    /// Start reading the plan's sources, on the loader's threads.
    pub fn start(mut plan: Plan, fetch: FetchOptions, refresh: bool) -> Pending {
        let jobs = plan.take_jobs();
        let planned = plan.origins();
        let origins: Vec<String> = jobs
            .iter()
            .enumerate()
            .map(|(i, job)| {
                planned
                    .get(i)
                    .map(|o| o.to_string())
                    .or_else(|| job_origin(job))
                    .unwrap_or_else(|| format!("source {}", i + 1))
            })
            .collect();
        let network = jobs.iter().any(needs_network);
        let loader = Loader::start(jobs, fetch);
        let results = Results::new(loader.len());
        Pending {
            plan,
            states: vec![SourceState::Waiting; origins.len()],
            origins,
            loader,
            results,
            network,
            refresh,
            gone: false,
        }
    }

    /// Where each source comes from (its address or path), in order.
    pub fn origins(&self) -> &[String] {
        &self.origins
    }

    /// Some source is fetched from the web (its time is the server's).
    pub fn needs_network(&self) -> bool {
        self.network
    }

    /// Every source has arrived or failed.
    pub fn is_complete(&self) -> bool {
        self.results.is_complete() || self.gone
    }

    /// Stop the sources still coming: each ends as failed ("cancelled").
    pub fn cancel(&self) {
        self.loader.cancel();
    }

    /// The reports that came in since last asked, without waiting.
    pub fn news(&mut self) -> Vec<(usize, SourceState)> {
        let mut news = Vec::new();
        while !self.is_complete() {
            match self.loader.events().try_recv() {
                Ok(event) => news.push(self.take(event)),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => self.gone = true,
            }
        }
        news
    }

    /// Wait until every source is in, or until `deadline`; the reports meanwhile.
    pub fn wait_until(&mut self, deadline: Option<Instant>) -> Vec<(usize, SourceState)> {
        let mut news = Vec::new();
        while !self.is_complete() {
            let event = match deadline {
                None => self.loader.events().recv().map_err(|_| ()),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    match self.loader.events().recv_timeout(left) {
                        Ok(event) => Ok(event),
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => Err(()),
                    }
                }
            };
            match event {
                Ok(event) => news.push(self.take(event)),
                Err(()) => self.gone = true,
            }
        }
        news
    }

    /// Keep a report: its result, and the state it leaves its source in.
    fn take(&mut self, event: Event) -> (usize, SourceState) {
        let index = event.index;
        let state = state_of(&event.progress);
        if let Some(slot) = self.states.get_mut(index) {
            *slot = state.clone();
        }
        self.results.add(event);
        (index, state)
    }

    /// Once complete: assemble the story, keep it in the library, align it.
    /// `Err` holds one line for every source that failed when none could be
    /// read (or why the story could not be assembled).
    pub fn finish(
        self,
        options: &OpenOptions,
        align: align::Options,
    ) -> Result<OpenedStory, Vec<String>> {
        let mut failures: Vec<String> = self
            .states
            .iter()
            .filter_map(|s| match s {
                SourceState::Failed(error) => Some(error.clone()),
                _ => None,
            })
            .collect();
        let kept_snapshots = self
            .states
            .iter()
            .filter(|s| {
                matches!(
                    s,
                    SourceState::Ready {
                        kept_snapshot: Some(_),
                        ..
                    }
                )
            })
            .count();
        let opened = match library::finish(self.plan, self.results.into_vec(), options) {
            Ok(opened) => opened,
            Err(error) => {
                let error = error.to_string();
                if !failures.contains(&error) {
                    failures.push(error);
                }
                return Err(failures);
            }
        };
        let summary = OpenedSummary {
            id: opened.id.clone(),
            sources: opened.story.sources.len(),
            failed: opened.failed.iter().map(ToString::to_string).collect(),
            changed: self
                .refresh
                .then(|| opened.changed.iter().map(|c| c.name.clone()).collect()),
            kept_snapshots,
            from_library: false,
        };
        let report = summary
            .failed
            .iter()
            .cloned()
            .chain(opened.notes.iter().cloned())
            .collect();
        Ok(OpenedStory {
            comparison: align::compare_with(opened.story, align),
            summary,
            report,
        })
    }
}

/// Read from the web, so its time is not ours.
fn needs_network(job: &Job) -> bool {
    match job {
        Job::Url(_) => true,
        Job::Refresh { fresh, .. } => needs_network(fresh),
        Job::File { .. } | Job::Bytes { .. } | Job::Failed(_) => false,
    }
}

/// What a job reads, when the plan does not name it (the sample story).
fn job_origin(job: &Job) -> Option<String> {
    match job {
        Job::File { origin, .. } => Some(origin.clone()),
        Job::Url(address) => Some(address.clone()),
        Job::Bytes { raw, .. } => Some(raw.origin.clone()),
        Job::Refresh { fresh, .. } => job_origin(fresh),
        Job::Failed(_) => None,
    }
}

fn state_of(progress: &Progress) -> SourceState {
    match progress {
        Progress::Bytes(bytes) => SourceState::Receiving(*bytes),
        Progress::Cleaning => SourceState::Cleaning,
        Progress::Done(loaded) => {
            let prepared = &loaded.article.prepared;
            SourceState::Ready {
                title: prepared.meta.title.clone().or_else(|| {
                    prepared
                        .blocks
                        .iter()
                        .find(|(kind, _)| *kind == BlockKind::Title)
                        .map(|(_, text)| text.clone())
                }),
                paragraphs: prepared
                    .blocks
                    .iter()
                    .filter(|(kind, _)| *kind == BlockKind::Paragraph)
                    .count(),
                kept_snapshot: loaded.refresh_failed.as_ref().map(ToString::to_string),
            }
        }
        Progress::Failed(error) => SourceState::Failed(error.to_string()),
    }
}

/// What the reader needs to open the library's stories.
#[derive(Debug, Clone)]
pub struct Opener {
    /// How stories are opened (the store, fetch limits); a story opened
    /// from the library is read from its snapshots, not refreshed.
    pub open: OpenOptions,
    pub align: align::Options,
}

impl Opener {
    /// The library's stories, most recently opened first; `current` is the
    /// one the reader shows.
    pub fn listing(&self, current: Option<&str>) -> Listing {
        let stories = library::stories(self.open.data_dir.as_deref())
            .map(|stories| {
                stories
                    .into_iter()
                    .map(|story| StoryRow {
                        sources: story.sources.iter().map(|r| r.name.clone()).collect(),
                        last_opened: library::day_and_time(&story.last_opened),
                        id: story.id,
                        title: story.title,
                        tags: story.tags,
                    })
                    .collect()
            })
            .map_err(|e| format!("notes store {e}"));
        Listing {
            stories,
            current: current.map(str::to_string),
        }
    }

    /// Open a story of the library from its snapshots (read in
    /// milliseconds, so the reader waits for it).
    pub fn open_story(&self, id: &str) -> Result<OpenedStory, String> {
        let options = OpenOptions {
            refresh: false,
            keep: Keep::Always,
            ..self.open.clone()
        };
        let plan = library::plan(Request::Story(id), &options).map_err(|e| e.to_string())?;
        let mut pending = Pending::start(plan, options.fetch, false);
        pending.wait_until(None);
        let mut opened = pending
            .finish(&options, self.align)
            .map_err(|errors| errors.join("; "))?;
        opened.summary.from_library = true;
        Ok(opened)
    }
}

/// Replace the story `model` shows by the one chosen in its library view,
/// with that story's tags; when it cannot be opened, keep the one shown
/// and say why in the library view. `Some` with the id of the story now
/// shown when it changed.
pub fn open_chosen_story(
    model: &mut Model,
    opener: &Opener,
    config: &Config,
    options: &Options,
) -> Option<Option<String>> {
    let id = model.library_choice()?.to_string();
    match opener.open_story(&id) {
        Ok(opened) => {
            let mut next = Model::new(
                opened.comparison,
                config,
                options,
                (model.width, model.height),
            );
            // The mouse stays as the user left it (its capture is unchanged).
            next.mouse = model.mouse;
            let shown = opened.summary.id.clone();
            update(
                &mut next,
                Action::Loading(LoadingNews::Opened(opened.summary)),
            );
            *model = next;
            Some(shown)
        }
        Err(error) => {
            update(model, Action::Library(LibraryNews::NotOpened(error)));
            None
        }
    }
}
