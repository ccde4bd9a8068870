//! Reading a story's inputs in parallel, with the progress a reader can show.
//!
//! [`Loader::start`] hands the [`Job`]s to a few worker threads and returns
//! at once; each job reports [`Progress`] on one channel: bytes so far while
//! a page arrives, then `Cleaning`, then `Done` with the prepared article or
//! `Failed` with a one-line error. A caller that only wants the result calls
//! [`Loader::wait`]; the reader can instead drain [`Loader::events`] between
//! frames and draw each source's column as it goes. [`Loader::cancel`] sets a
//! flag the workers look at between reads: pending jobs end as `Failed`
//! ("cancelled"), and a read already under way ends at the next chunk or at
//! the timeout. Dropping the loader abandons whatever is still running.

use super::{Article, IngestError, RawArticle};
use crate::model::WebOrigin;
use crate::web::{Client, FetchOptions};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

/// Pages fetched at once.
pub const PARALLEL: usize = 4;

/// One input to read.
#[derive(Debug)]
pub enum Job {
    /// A file, read on a worker (a missing one fails there).
    File { origin: String, path: PathBuf },
    /// A web address.
    Url(String),
    /// Bytes already in hand: standard input, or a snapshot from the library.
    Bytes {
        raw: RawArticle,
        web: Option<WebOrigin>,
        read_at: String,
    },
    /// Read again (`--refresh`), keeping the snapshot if that fails.
    Refresh { fresh: Box<Job>, snapshot: Box<Job> },
    /// An input that failed before reading (a folder without articles).
    Failed(IngestError),
}

/// One input read and prepared.
#[derive(Debug)]
pub struct Loaded {
    pub article: Article,
    /// When its bytes were read (RFC 3339; a snapshot's original time).
    pub read_at: String,
    /// When a refresh failed and the snapshot was kept: why it failed.
    pub refresh_failed: Option<IngestError>,
}

/// What one job reports.
#[derive(Debug)]
pub enum Progress {
    /// Bytes of a page received so far.
    Bytes(u64),
    /// All bytes in; decoding, extracting and cleaning.
    Cleaning,
    Done(Box<Loaded>),
    Failed(IngestError),
}

/// A report about the job at `index` (its place in the list given to [`Loader::start`]).
#[derive(Debug)]
pub struct Event {
    pub index: usize,
    pub progress: Progress,
}

impl Event {
    /// `Done` and `Failed` are the last event of a job.
    pub fn is_final(&self) -> bool {
        matches!(self.progress, Progress::Done(_) | Progress::Failed(_))
    }
}

/// Jobs under way.
#[derive(Debug)]
pub struct Loader {
    events: Receiver<Event>,
    cancel: Arc<AtomicBool>,
    jobs: usize,
}

impl Loader {
    /// Start reading `jobs` on up to [`PARALLEL`] threads.
    pub fn start(jobs: Vec<Job>, options: FetchOptions) -> Loader {
        let count = jobs.len();
        let queue = Arc::new(Mutex::new(
            jobs.into_iter().enumerate().collect::<VecDeque<_>>(),
        ));
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, events) = channel();
        let client = Client::new(options);
        for _ in 0..count.clamp(1, PARALLEL) {
            let worker = Worker {
                client: client.clone(),
                cancel: Arc::clone(&cancel),
                events: sender.clone(),
            };
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || {
                loop {
                    let next = queue.lock().unwrap_or_else(|p| p.into_inner()).pop_front();
                    let Some((index, job)) = next else { break };
                    worker.run(index, job);
                }
            });
        }
        Loader {
            events,
            cancel,
            jobs: count,
        }
    }

    /// The stream of progress reports.
    pub fn events(&self) -> &Receiver<Event> {
        &self.events
    }

    /// How many jobs were started.
    pub fn len(&self) -> usize {
        self.jobs
    }

    pub fn is_empty(&self) -> bool {
        self.jobs == 0
    }

    /// Ask every job to stop; each still running ends with `Failed` ("cancelled").
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The flag [`Loader::cancel`] sets (for a signal handler).
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.cancel)
    }

    /// Wait for every job; the results in the order the jobs were given.
    pub fn wait(self) -> Vec<Result<Loaded, IngestError>> {
        let mut results = Results::new(self.jobs);
        while !results.is_complete() {
            // Every worker gone without reporting: a job died (it cannot, but never hang).
            let Ok(event) = self.events.recv() else { break };
            results.add(event);
        }
        results.into_vec()
    }
}

/// The results of a loader's jobs, gathered from its events by a caller
/// that drains them itself (the reader, between frames): hand every event
/// to [`Results::add`]; once [`Results::is_complete`], [`Results::into_vec`]
/// is what [`crate::library::finish`] takes.
#[derive(Debug)]
pub struct Results {
    slots: Vec<Option<Result<Loaded, IngestError>>>,
    left: usize,
}

impl Results {
    pub fn new(jobs: usize) -> Results {
        Results {
            slots: (0..jobs).map(|_| None).collect(),
            left: jobs,
        }
    }

    /// Keep a final event's result; progress events are the caller's to show.
    /// Returns the event back when it was not final.
    pub fn add(&mut self, event: Event) -> Option<Event> {
        let Event { index, progress } = event;
        let result = match progress {
            Progress::Done(loaded) => Ok(*loaded),
            Progress::Failed(error) => Err(error),
            progress => return Some(Event { index, progress }),
        };
        if let Some(slot) = self.slots.get_mut(index)
            && slot.is_none()
        {
            *slot = Some(result);
            self.left -= 1;
        }
        None
    }

    pub fn is_complete(&self) -> bool {
        self.left == 0
    }

    /// The results in job order; a job that never reported is an error.
    pub fn into_vec(self) -> Vec<Result<Loaded, IngestError>> {
        self.slots
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| Err(IngestError::input("crossread", "a reading job stopped")))
            })
            .collect()
    }
}

struct Worker {
    client: Client,
    cancel: Arc<AtomicBool>,
    events: Sender<Event>,
}

impl Worker {
    fn run(&self, index: usize, job: Job) {
        let send = |progress| {
            // The receiver may be gone (the reader quit): nothing to tell then.
            let _ = self.events.send(Event { index, progress });
        };
        let result = if self.cancel.load(Ordering::Relaxed) && !matches!(job, Job::Failed(_)) {
            Err(cancelled(&job))
        } else {
            self.load(index, job)
        };
        send(match result {
            Ok(loaded) => Progress::Done(Box::new(loaded)),
            Err(error) => Progress::Failed(error),
        });
    }

    fn load(&self, index: usize, job: Job) -> Result<Loaded, IngestError> {
        let read_at = crate::notes::store::now_rfc3339();
        let (raw, web, read_at) = match job {
            Job::Failed(error) => return Err(error),
            Job::Refresh { fresh, snapshot } => {
                return match self.load(index, *fresh) {
                    Ok(loaded) => Ok(loaded),
                    Err(error) if self.cancel.load(Ordering::Relaxed) => Err(error),
                    Err(error) => {
                        let mut kept = self.load(index, *snapshot)?;
                        kept.refresh_failed = Some(error);
                        Ok(kept)
                    }
                };
            }
            Job::Bytes { raw, web, read_at } => (raw, web, read_at),
            Job::File { origin, path } => (super::read_file(&origin, &path)?, None, read_at),
            Job::Url(address) => {
                let mut report = |bytes| {
                    let _ = self.events.send(Event {
                        index,
                        progress: Progress::Bytes(bytes),
                    });
                };
                let page = self.client.fetch(&address, &self.cancel, &mut report)?;
                let web = WebOrigin {
                    url: page.url,
                    final_url: page.final_url,
                    content_type: page.content_type,
                };
                let raw = RawArticle {
                    origin: address,
                    path: None,
                    bytes: page.bytes,
                };
                (raw, Some(web), read_at)
            }
        };
        let _ = self.events.send(Event {
            index,
            progress: Progress::Cleaning,
        });
        Ok(Loaded {
            article: Article::prepare(raw, web)?,
            read_at,
            refresh_failed: None,
        })
    }
}

fn cancelled(job: &Job) -> IngestError {
    let origin = match job {
        Job::File { origin, .. } => origin.clone(),
        Job::Url(address) => address.clone(),
        Job::Bytes { raw, .. } => raw.origin.clone(),
        Job::Refresh { fresh, .. } => return cancelled(fresh),
        Job::Failed(_) => String::new(),
    };
    IngestError::input(origin, "cancelled")
}
