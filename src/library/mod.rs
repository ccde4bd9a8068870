//! The library of stories: opening a story from the command line's inputs
//! (files, folders, standard input, web addresses) or by its id, keeping
//! every source as read, and telling which sources changed.
//!
//! # Which story, and what is read again
//!
//! A story is named by its inputs: the web addresses as given and the
//! absolute paths of its files (a folder stands for the files in it),
//! sorted; standard input by the hash of what was read. Opening the same
//! inputs again opens the same story:
//!
//! - a web page it has a snapshot of is **not fetched again**: it opens as
//!   read, offline, and a note says that `--refresh` fetches it again;
//! - a file is read fresh every time, and when its bytes changed a new
//!   snapshot is added to the story (the note names it);
//! - `--story ID` opens a story from its snapshots alone, after the page
//!   changed or the file moved; with `--refresh` its pages are fetched and
//!   its files read again, and a source that cannot be read keeps its
//!   snapshot (the note says why).
//!
//! Tags follow the sources' texts as they always did (exactly, fuzzily or
//! as orphans): nothing here moves them.
//!
//! The reader keeps every story it opens. The headless commands (`compare`,
//! `inspect`, `export`, `tag`) keep a story that has a web page (so that its
//! pages are not fetched again) or that is in the library already; a story
//! of local files only leaves no trace. The bundled sample story is never
//! kept. Nothing is written for a source that failed.
//!
//! [`open`] does it all in one call. The reader can instead [`plan`], run the
//! plan's jobs with [`Loader`](crate::ingest::load::Loader) (which reports
//! progress per source), and [`finish`].

pub mod listing;

use crate::ingest::load::{Job, Loaded, Loader};
use crate::ingest::{self, Article, IngestError, RawArticle};
use crate::model::{SourceId, Story, WebOrigin};
use crate::notes::snapshots::{PackedSnapshot, Reading, SourceKind, StoryRecord, snapshot_hash};
use crate::notes::store::{self, Store, StoreError};
use crate::web::{self, FetchOptions};
use std::path::{Path, PathBuf};

/// How a story is to be opened.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// The notes store's directory (`--data-dir`); `None`: the platform's.
    pub data_dir: Option<PathBuf>,
    pub fetch: FetchOptions,
    /// Fetch pages (and read files) again instead of using the snapshots.
    pub refresh: bool,
    pub keep: Keep,
}

/// Which stories are kept in the library.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Keep {
    /// Every story (the reader).
    Always,
    /// Stories with a web page, or already in the library (headless commands).
    #[default]
    WebOrKnown,
    /// None (a reader that cannot start).
    Never,
}

/// What to open.
#[derive(Debug, Clone, Copy)]
pub enum Request<'a> {
    /// Command-line inputs; none: the bundled sample story.
    Inputs(&'a [String]),
    /// A story of the library, by id.
    Story(&'a str),
}

impl<'a> Request<'a> {
    /// `--story ID` or the inputs, refusing both at once.
    pub fn new(inputs: &'a [String], story: Option<&'a str>) -> Result<Request<'a>, LibraryError> {
        match story {
            Some(_) if !inputs.is_empty() => Err(LibraryError::StoryAndInputs),
            Some(id) => Ok(Request::Story(id)),
            None => Ok(Request::Inputs(inputs)),
        }
    }
}

/// Why a story could not be opened or changed. One line each.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error("notes store {0}")]
    Store(#[from] StoreError),
    #[error("--story {0}: no such story in the library (`crossread stories` lists them)")]
    NoStory(String),
    #[error("--story {0}: the library has no notes store yet")]
    NoLibrary(String),
    #[error("--story ID and articles given together: give one or the other")]
    StoryAndInputs,
    #[error(
        "story {id} has {tags} tag(s); --force removes it anyway (its snapshots go, the tags stay in the store)"
    )]
    HasTags { id: String, tags: usize },
}

/// One input of a plan: what it is called in the library, and how it was last read.
#[derive(Debug, Clone)]
struct Input {
    /// The address as given, the absolute path, or `stdin:<hash>`.
    origin: String,
    kind: SourceKind,
    /// Its latest reading in the story, if the story has one.
    previous: Option<Reading>,
}

/// What to read for a request, before reading it.
#[derive(Debug)]
pub struct Plan {
    jobs: Vec<Job>,
    inputs: Vec<Input>,
    /// The story's key; `None` for the sample story, which is never kept.
    key: Option<String>,
    /// The story's id when the library has it already.
    known: Option<String>,
    store: Option<Store>,
    /// The store is there but cannot be used: the story is not kept (and the user was told).
    unusable: bool,
    notes: Vec<String>,
    refresh: bool,
}

impl Plan {
    /// The jobs to run, one per source (call once: they are handed over).
    pub fn take_jobs(&mut self) -> Vec<Job> {
        std::mem::take(&mut self.jobs)
    }

    /// Where each job's source comes from (its address or path), by job index.
    pub fn origins(&self) -> Vec<&str> {
        self.inputs.iter().map(|i| i.origin.as_str()).collect()
    }
}

/// A source whose text differs from the one the story read before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedSource {
    pub source: SourceId,
    pub name: String,
    /// The address or path it was read from.
    pub origin: String,
    /// When the previous version had been read.
    pub since: String,
}

/// An opened story.
#[derive(Debug)]
pub struct Opened {
    pub story: Story,
    /// Its id in the library, when kept.
    pub id: Option<String>,
    /// Sources that could not be read (the reader opens the others).
    pub failed: Vec<IngestError>,
    /// Sources whose text changed since the story last read them.
    pub changed: Vec<ChangedSource>,
    /// What the user should know (one line each, for standard error).
    pub notes: Vec<String>,
}

/// Open a story: plan, read every source (pages in parallel), keep it.
/// With `partial`, sources that fail are listed in [`Opened::failed`] and the
/// others open; without, the first failure is the error.
pub fn open(
    request: Request<'_>,
    options: &OpenOptions,
    partial: bool,
) -> Result<Opened, LibraryError> {
    let mut plan = plan(request, options)?;
    let results = Loader::start(plan.take_jobs(), options.fetch).wait();
    if !partial && let Some(first) = results.iter().position(Result::is_err) {
        // Nothing is kept when the command fails.
        if let Some(Err(error)) = results.into_iter().nth(first) {
            return Err(error.into());
        }
        return Err(IngestError::NoInput.into());
    }
    finish(plan, results, options)
}

/// Decide what to read: find the story in the library, and for each source
/// whether it comes from a snapshot, a file or the web.
pub fn plan(request: Request<'_>, options: &OpenOptions) -> Result<Plan, LibraryError> {
    match request {
        Request::Story(id) => plan_story(id, options),
        Request::Inputs([]) => Ok(Plan {
            jobs: ingest::sample_articles()
                .into_iter()
                .map(|raw| Job::Bytes {
                    raw,
                    web: None,
                    read_at: store::now_rfc3339(),
                })
                .collect(),
            inputs: Vec::new(),
            key: None,
            known: None,
            store: None,
            unusable: false,
            notes: Vec::new(),
            refresh: false,
        }),
        Request::Inputs(args) => plan_inputs(args, options),
    }
}

fn plan_story(id: &str, options: &OpenOptions) -> Result<Plan, LibraryError> {
    let path = store::store_path(options.data_dir.as_deref())?;
    if !path.exists() {
        return Err(LibraryError::NoLibrary(id.to_string()));
    }
    let store = Store::open(&path)?;
    let record = store
        .story(id)?
        .ok_or_else(|| LibraryError::NoStory(id.to_string()))?;
    let mut jobs = Vec::new();
    let mut inputs = Vec::new();
    for reading in &record.sources {
        let snapshot = snapshot_job(&store, reading)?;
        let fresh = match reading.kind {
            SourceKind::Url => Some(Job::Url(reading.origin.clone())),
            SourceKind::File => Some(Job::File {
                origin: reading.origin.clone(),
                path: PathBuf::from(&reading.origin),
            }),
            SourceKind::Stdin => None,
        };
        jobs.push(match fresh {
            Some(fresh) if options.refresh => Job::Refresh {
                fresh: Box::new(fresh),
                snapshot: Box::new(snapshot),
            },
            _ => snapshot,
        });
        inputs.push(Input {
            origin: reading.origin.clone(),
            kind: reading.kind,
            previous: Some(reading.clone()),
        });
    }
    let mut notes = Vec::new();
    if !options.refresh {
        notes.push(snapshot_note(&record));
    }
    Ok(Plan {
        jobs,
        inputs,
        key: Some(record.key.clone()),
        known: Some(record.id),
        store: Some(store),
        unusable: false,
        notes,
        refresh: options.refresh,
    })
}

fn snapshot_note(record: &StoryRecord) -> String {
    let when = record
        .sources
        .iter()
        .map(|r| r.read_at.as_str())
        .max()
        .unwrap_or("");
    format!(
        "story {}: opened from its snapshots (last read {}); --refresh reads the sources again",
        record.id,
        day_and_time(when)
    )
}

/// `2026-11-26T10:42:00.123Z` as `2026-11-26 10:42 UTC`.
pub(crate) fn day_and_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => rfc3339.to_string(),
    }
}

fn plan_inputs(args: &[String], options: &OpenOptions) -> Result<Plan, LibraryError> {
    let mut jobs = Vec::new();
    let mut inputs = Vec::new();
    for arg in args {
        if web::is_address(arg) {
            jobs.push(Job::Url(arg.clone()));
            inputs.push(Input {
                origin: arg.clone(),
                kind: SourceKind::Url,
                previous: None,
            });
        } else if arg == "-" {
            let raw = ingest::read_stdin()?;
            inputs.push(Input {
                origin: format!("stdin:{}", snapshot_hash(&raw.bytes)),
                kind: SourceKind::Stdin,
                previous: None,
            });
            jobs.push(Job::Bytes {
                raw,
                web: None,
                read_at: store::now_rfc3339(),
            });
        } else {
            let path = Path::new(arg);
            let files = if path.is_dir() {
                ingest::folder_articles(arg, path)?
                    .into_iter()
                    .map(|file| (file.display().to_string(), file))
                    .collect()
            } else {
                vec![(arg.clone(), path.to_path_buf())]
            };
            for (origin, path) in files {
                inputs.push(Input {
                    origin: absolute(&path),
                    kind: SourceKind::File,
                    previous: None,
                });
                jobs.push(Job::File { origin, path });
            }
        }
    }
    let mut keys: Vec<&str> = inputs.iter().map(|i| i.origin.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let key = keys.join("\n");
    let mut notes = Vec::new();
    let mut unusable = false;
    let (store, record) = match known_story(options, &key) {
        Ok(found) => found,
        Err(e) => {
            notes.push(format!(
                "the story is not kept in the library: notes store {e}"
            ));
            unusable = true;
            (None, None)
        }
    };
    if let (Some(store), Some(record)) = (&store, &record) {
        let mut from_snapshots = false;
        for (input, job) in inputs.iter_mut().zip(jobs.iter_mut()) {
            input.previous = record
                .sources
                .iter()
                .find(|r| r.origin == input.origin)
                .cloned();
            let Some(previous) = input.previous.as_ref() else {
                continue;
            };
            if input.kind != SourceKind::Url {
                continue;
            }
            let snapshot = snapshot_job(store, previous)?;
            *job = if options.refresh {
                Job::Refresh {
                    fresh: Box::new(std::mem::replace(job, Job::Url(String::new()))),
                    snapshot: Box::new(snapshot),
                }
            } else {
                from_snapshots = true;
                snapshot
            };
        }
        if from_snapshots {
            notes.push(snapshot_note(record));
        }
    }
    Ok(Plan {
        jobs,
        inputs,
        key: Some(key),
        known: record.map(|r| r.id),
        store,
        unusable,
        notes,
        refresh: options.refresh,
    })
}

/// The store (when there is one) and the story with this key in it.
fn known_story(
    options: &OpenOptions,
    key: &str,
) -> Result<(Option<Store>, Option<StoryRecord>), StoreError> {
    let path = store::store_path(options.data_dir.as_deref())?;
    if !path.exists() {
        return Ok((None, None));
    }
    let store = Store::open(&path)?;
    let record = match store.story_by_key(key)? {
        Some(id) => store.story(&id)?,
        None => None,
    };
    Ok((Some(store), record))
}

fn absolute(path: &Path) -> String {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// A job that reads a source from its snapshot, as it was read.
fn snapshot_job(store: &Store, reading: &Reading) -> Result<Job, LibraryError> {
    let bytes = store.snapshot(&reading.snapshot)?.ok_or_else(|| {
        LibraryError::Store(StoreError::Damaged {
            path: store.path().to_path_buf(),
            detail: format!("the snapshot of {} is missing", reading.origin),
        })
    })?;
    let web = (reading.kind == SourceKind::Url).then(|| WebOrigin {
        url: reading.origin.clone(),
        final_url: reading
            .final_url
            .clone()
            .unwrap_or_else(|| reading.origin.clone()),
        content_type: reading.content_type.clone(),
    });
    let path = (reading.kind == SourceKind::File).then(|| PathBuf::from(&reading.origin));
    Ok(Job::Bytes {
        raw: RawArticle {
            origin: reading.origin.clone(),
            path,
            bytes,
        },
        web,
        read_at: reading.read_at.clone(),
    })
}

/// Assemble the story from what was read, keep it in the library, and say
/// what changed. `results` are the plan's jobs' results, in order.
pub fn finish(
    mut plan: Plan,
    results: Vec<Result<Loaded, IngestError>>,
    options: &OpenOptions,
) -> Result<Opened, LibraryError> {
    let mut failed = Vec::new();
    let mut read: Vec<(Option<Input>, Loaded)> = Vec::new();
    let mut inputs = plan.inputs.drain(..).map(Some).collect::<Vec<_>>();
    inputs.resize_with(results.len(), || None);
    for (input, result) in inputs.into_iter().zip(results) {
        match result {
            Ok(loaded) => read.push((input, loaded)),
            Err(error) => failed.push(error),
        }
    }
    if read.is_empty() {
        return Err(match failed.into_iter().next() {
            Some(error) => error.into(),
            None => IngestError::NoInput.into(),
        });
    }
    let mut notes = std::mem::take(&mut plan.notes);
    for (_, loaded) in &read {
        if let Some(error) = &loaded.refresh_failed {
            notes.push(format!(
                "{error}; kept the snapshot read {}",
                day_and_time(&loaded.read_at)
            ));
        }
    }
    let snapshots: Vec<(Option<Input>, String, String, Option<WebOrigin>)> = read
        .iter()
        .map(|(input, loaded)| {
            (
                input.clone(),
                snapshot_hash(&loaded.article.raw.bytes),
                loaded.read_at.clone(),
                loaded.article.web.clone(),
            )
        })
        .collect();
    let raw_bytes: Vec<Vec<u8>> = read
        .iter()
        .map(|(_, loaded)| loaded.article.raw.bytes.clone())
        .collect();
    let articles: Vec<Article> = read.into_iter().map(|(_, loaded)| loaded.article).collect();
    let story = ingest::assemble_story(articles)?;

    let mut changed = Vec::new();
    for (source, (input, hash, _, _)) in story.sources.iter().zip(&snapshots) {
        if let Some(previous) = input.as_ref().and_then(|i| i.previous.as_ref())
            && previous.snapshot != *hash
            && previous.content_hash != source.content_hash
        {
            changed.push(ChangedSource {
                source: source.id,
                name: source.name.clone(),
                origin: previous.origin.clone(),
                since: previous.read_at.clone(),
            });
        }
    }

    let has_web = snapshots.iter().any(|(_, _, _, web)| web.is_some());
    let keep = plan.key.is_some()
        && !plan.unusable
        && match options.keep {
            Keep::Always => true,
            Keep::WebOrKnown => has_web || plan.known.is_some(),
            Keep::Never => false,
        };
    let mut id = plan.known.clone();
    if keep && let Some(key) = plan.key.as_deref() {
        let readings: Vec<Reading> = story
            .sources
            .iter()
            .zip(&snapshots)
            .filter_map(|(source, (input, hash, read_at, web))| {
                let input = input.as_ref()?;
                Some(Reading {
                    origin: input.origin.clone(),
                    kind: input.kind,
                    snapshot: hash.clone(),
                    read_at: read_at.clone(),
                    final_url: web.as_ref().map(|w| w.final_url.clone()),
                    content_type: web.as_ref().and_then(|w| w.content_type.clone()),
                    name: source.name.clone(),
                    content_hash: crate::notes::anchor::content_hash(source),
                })
            })
            .collect();
        match save(
            plan.store.take(),
            options,
            key,
            &story.title,
            &readings,
            &raw_bytes,
        ) {
            Ok(saved) => id = Some(saved),
            Err(e) => notes.push(format!(
                "the story is not kept in the library: notes store {e}"
            )),
        }
    }
    if let Some(id) = &id {
        if !changed.is_empty() {
            let names: Vec<String> = changed
                .iter()
                .map(|c| format!("{} (read before {})", c.name, day_and_time(&c.since)))
                .collect();
            notes.push(format!("story {id}: changed: {}", names.join(", ")));
        } else if plan.refresh {
            notes.push(format!("story {id}: no source changed"));
        }
    }
    Ok(Opened {
        story,
        id,
        failed,
        changed,
        notes,
    })
}

fn save(
    store: Option<Store>,
    options: &OpenOptions,
    key: &str,
    title: &str,
    readings: &[Reading],
    bytes: &[Vec<u8>],
) -> Result<String, StoreError> {
    let mut store = match store {
        Some(store) => store,
        None => Store::open_in(options.data_dir.as_deref())?,
    };
    // Compress outside the write lock, and only what the store lacks.
    let mut packed: Vec<PackedSnapshot> = Vec::new();
    for (reading, bytes) in readings.iter().zip(bytes) {
        if !store.has_snapshot(&reading.snapshot)?
            && !packed.iter().any(|p| p.hash == reading.snapshot)
        {
            packed.push(PackedSnapshot::pack(bytes));
        }
    }
    store.save_story(key, title, readings, &packed)
}

/// The stories of the library (none without a store).
pub fn stories(data_dir: Option<&Path>) -> Result<Vec<StoryRecord>, StoreError> {
    let path = store::store_path(data_dir)?;
    if !path.exists() {
        return Ok(Vec::new());
    }
    Store::open(&path)?.stories()
}

/// Remove a story's snapshots from the library; refused while it has tags, unless `force`.
pub fn remove(data_dir: Option<&Path>, id: &str, force: bool) -> Result<(), LibraryError> {
    let path = store::store_path(data_dir)?;
    if !path.exists() {
        return Err(LibraryError::NoStory(id.to_string()));
    }
    let mut store = Store::open(&path)?;
    let record = store
        .story(id)?
        .ok_or_else(|| LibraryError::NoStory(id.to_string()))?;
    if record.tags > 0 && !force {
        return Err(LibraryError::HasTags {
            id: record.id,
            tags: record.tags,
        });
    }
    store.remove_story(&record.id)?;
    Ok(())
}
