//! Tags and notes on statements: the durable store, anchoring, and export.
//!
//! # What a story is, for the notes
//!
//! There is no story record. A tag belongs to a *source*, known by the
//! SHA-256 of its cleaned text, and a story is whatever set of sources is
//! open. Opening any set of files therefore shows every tag whose source is
//! among them — whatever paths they were read from, in whatever order, with
//! other sources added or removed. A source whose text changed (re-scraped,
//! a typo fixed, a paragraph inserted) has a new hash; it is recognised by a
//! MinHash fingerprint of its word shingles kept with each tagged source
//! ([`anchor::Fingerprint`]), and its tags are re-anchored by quote
//! ([`anchor::locate`]): exactly, fuzzily (to be confirmed), or not at all
//! (an orphan, kept and exported, never dropped).
//!
//! [`Notes`] is the session the reader and the CLI use: it never fails to
//! open (without a usable store it keeps tags in memory and says so through
//! [`Notes::warning`]), and every change is committed to disk before the call
//! that made it returns.

pub mod anchor;
pub mod cli;
pub mod export;
pub mod listing;
pub mod prompt;
pub mod snapshots;
pub mod store;

use crate::align::Comparison;
use crate::model::{SourceId, StatementId};
use anchor::{Anchor, Fingerprint, Placement};
use std::collections::HashMap;
use std::path::Path;
pub use store::{Store, StoreError, Tag, TagState};

/// Labels offered before any are used (the reader's config may replace them).
pub const DEFAULT_LABELS: &[&str] = &["verify", "disputed", "key fact", "quote"];

/// Why a notes request was refused.
#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error("notes store {0}")]
    Store(#[from] StoreError),
    #[error("statement {0}: no such statement in this story")]
    NoStatement(StatementId),
    #[error("label: a tag needs a label")]
    EmptyLabel,
    #[error("tag {0}: no such tag in this story")]
    NoTag(String),
}

/// A stored tag placed on the open story.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachedTag {
    pub tag: Tag,
    /// How it attached this time: exact, fuzzy (confirm it) or orphan.
    pub state: TagState,
    /// The open source it belongs to (by hash, or by fingerprint when re-scraped).
    pub source: SourceId,
    /// Where the passage is now, in code points of the source's text; `None` for an orphan.
    pub location: Option<(usize, usize)>,
    /// The statements the passage covers, the one it covers most first; empty for an orphan.
    pub statements: Vec<StatementId>,
    /// The text now at `location` (for a fuzzy tag it differs from the stored quote);
    /// the stored quote for an orphan.
    pub quote: String,
}

/// One change, remembered so that it can be undone.
#[derive(Debug, Clone)]
enum Change {
    Added(Vec<String>),
    Removed(Vec<AttachedTag>),
    NoteEdited {
        id: String,
        note: String,
        modified: String,
    },
    Confirmed(Box<AttachedTag>),
}

#[derive(Debug, Clone)]
struct OpenSource {
    record: store::SourceRecord,
    text: Vec<char>,
    statements: std::ops::Range<StatementId>,
}

#[derive(Debug, Clone, Copy)]
struct StatementSpan {
    source: SourceId,
    start: usize,
    end: usize,
}

/// The tags of the open story, backed by the store.
#[derive(Debug)]
pub struct Notes {
    store: Option<Store>,
    /// A store that does not exist yet: created on the first change, so that
    /// only reading a story leaves no file behind.
    pending: Option<std::path::PathBuf>,
    /// Store failures are errors rather than a switch to memory (the CLI wants that).
    strict: bool,
    warning: Option<String>,
    sources: Vec<OpenSource>,
    statements: Vec<StatementSpan>,
    /// Per statement, every statement sharing a claim with it (itself included).
    claims: Vec<Vec<StatementId>>,
    tags: Vec<AttachedTag>,
    by_statement: HashMap<StatementId, Vec<usize>>,
    undo: Vec<Change>,
    /// The store's `data_version` when the tags were last read.
    seen_version: Option<i64>,
}

impl Notes {
    /// Open the notes for `comparison`'s story from the store in `data_dir` (or
    /// the platform data directory). Never fails: on a store problem the notes
    /// live in memory only and [`Notes::warning`] says so.
    pub fn open(data_dir: Option<&Path>, comparison: &Comparison) -> Notes {
        let mut notes = Notes::in_memory(comparison);
        match store::store_path(data_dir) {
            Ok(path) if !path.exists() => {
                // Only a directory that exists or can be made is worth waiting for.
                let nearest = path.ancestors().skip(1).find(|a| a.exists());
                if nearest.is_some_and(Path::is_dir) {
                    notes.pending = Some(path);
                } else {
                    notes.degrade(&format!(
                        "{}: the data directory is not a directory",
                        path.display()
                    ));
                }
                return notes;
            }
            Ok(_) => {}
            Err(e) => {
                notes.degrade(&e);
                return notes;
            }
        }
        match Store::open_in(data_dir) {
            Ok(store) => {
                notes.store = Some(store);
                if let Err(e) = notes.reload() {
                    notes.degrade(&e);
                }
            }
            Err(e) => notes.degrade(&e),
        }
        notes
    }

    /// Like [`Notes::open`], but any store problem, now or on a later change, is an error.
    pub fn open_strict(
        data_dir: Option<&Path>,
        comparison: &Comparison,
    ) -> Result<Notes, NotesError> {
        let mut notes = Notes::in_memory(comparison);
        notes.store = Some(Store::open_in(data_dir)?);
        notes.strict = true;
        notes.reload()?;
        Ok(notes)
    }

    /// Like [`Notes::open_strict`] for reading only: without a store file there
    /// are simply no tags, and none is created.
    pub fn open_existing(
        data_dir: Option<&Path>,
        comparison: &Comparison,
    ) -> Result<Notes, NotesError> {
        if !store::store_path(data_dir)?.exists() {
            return Ok(Notes::in_memory(comparison));
        }
        Notes::open_strict(data_dir, comparison)
    }

    /// Notes that are never saved (no warning: the caller chose this).
    pub fn in_memory(comparison: &Comparison) -> Notes {
        let story = &comparison.story;
        let sources = story
            .sources
            .iter()
            .map(|source| OpenSource {
                record: store::SourceRecord {
                    content_hash: anchor::content_hash(source),
                    name: source.name.clone(),
                    origin: source.origin.clone(),
                    url: source.url.clone(),
                    date: source.date.clone(),
                    char_count: source.text.chars().count(),
                    fingerprint: Fingerprint::of(&source.text),
                },
                text: source.text.chars().collect(),
                statements: source.statements.clone(),
            })
            .collect();
        let statements = story
            .statements
            .iter()
            .map(|s| StatementSpan {
                source: s.source,
                start: s.start,
                end: s.end,
            })
            .collect();
        let claims = (0..story.statements.len())
            .map(|id| {
                let mut members: Vec<StatementId> = comparison
                    .statement_groups
                    .get(id)
                    .into_iter()
                    .flatten()
                    .filter_map(|&g| comparison.groups.get(g))
                    .flat_map(|g| g.statements.iter().copied())
                    .chain(std::iter::once(id))
                    .collect();
                members.sort_unstable();
                members.dedup();
                members
            })
            .collect();
        Notes {
            store: None,
            pending: None,
            strict: false,
            warning: None,
            sources,
            statements,
            claims,
            tags: Vec::new(),
            by_statement: HashMap::new(),
            undo: Vec::new(),
            seen_version: None,
        }
    }

    /// Set when tags are not being saved: "notes not saved: <file>: <problem>".
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// The store file in use (or to be created by the first tag), if tags are being saved.
    pub fn store_path(&self) -> Option<&Path> {
        self.store
            .as_ref()
            .map(Store::path)
            .or(self.pending.as_deref())
    }

    /// Every tag of the open story, oldest first.
    pub fn tags(&self) -> &[AttachedTag] {
        &self.tags
    }

    pub fn tag(&self, id: &str) -> Option<&AttachedTag> {
        self.tags.iter().find(|t| t.tag.id == id)
    }

    /// The tags drawn on a statement.
    pub fn tags_on(&self, statement: StatementId) -> impl Iterator<Item = &AttachedTag> {
        self.by_statement
            .get(&statement)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.tags.get(i))
    }

    /// Labels to offer: the configured ones first, then the others in use, alphabetically.
    pub fn labels(&self, configured: &[String]) -> Vec<String> {
        let mut used: Vec<String> = self
            .tags
            .iter()
            .map(|t| t.tag.label.clone())
            .filter(|l| !configured.contains(l))
            .collect();
        used.sort();
        used.dedup();
        configured.iter().cloned().chain(used).collect()
    }

    /// Read the story's tags from the store again (to see another process's tags).
    pub fn reload(&mut self) -> Result<(), NotesError> {
        let Some(store) = self.store.as_mut() else {
            return Ok(());
        };
        let version = store.data_version()?;
        let (tags, changed) = load(store, &self.sources, &self.statements)?;
        self.seen_version = Some(version);
        self.tags = tags;
        self.reindex();
        // Only the cached state for `crossread notes`; the tags are shown even if this fails.
        self.persist(|store| store.update_states(&changed))
    }

    /// Pick up what another process (a second reader, `crossread tag`) saved
    /// since the tags were last read, including a store it created while this
    /// one had none yet. True when the tags were read again. One `PRAGMA
    /// data_version` when nothing changed: cheap enough for every idle tick.
    pub fn refresh(&mut self) -> Result<bool, NotesError> {
        if self.pending.as_deref().is_some_and(Path::exists) {
            self.open_pending();
        }
        let Some(store) = self.store.as_ref() else {
            return Ok(false);
        };
        let version = match store.data_version() {
            Ok(version) => version,
            Err(e) if self.strict => return Err(e.into()),
            Err(_) => return Ok(false),
        };
        if self.seen_version == Some(version) {
            return Ok(false);
        }
        match self.reload() {
            Ok(()) => Ok(true),
            Err(e) if self.strict => Err(e),
            // A look that failed (the file busy beyond the timeout) loses
            // nothing: the next one tries again.
            Err(_) => Ok(false),
        }
    }

    /// Tag one statement. Returns the new tag's id.
    pub fn add(
        &mut self,
        statement: StatementId,
        label: &str,
        note: &str,
    ) -> Result<String, NotesError> {
        let mut ids = self.add_tags(&[statement], label, note, None)?;
        Ok(ids.pop().unwrap_or_default())
    }

    /// Tag every statement carrying the same claim as `statement` (its groups'
    /// statements in every source; just itself when no other source carries it).
    pub fn add_to_claim(
        &mut self,
        statement: StatementId,
        label: &str,
        note: &str,
    ) -> Result<Vec<String>, NotesError> {
        let members = self
            .claims
            .get(statement)
            .cloned()
            .ok_or(NotesError::NoStatement(statement))?;
        let claim = new_id();
        self.add_tags(&members, label, note, Some(claim))
    }

    fn add_tags(
        &mut self,
        statements: &[StatementId],
        label: &str,
        note: &str,
        claim: Option<String>,
    ) -> Result<Vec<String>, NotesError> {
        let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
        if label.is_empty() {
            return Err(NotesError::EmptyLabel);
        }
        let now = store::now_rfc3339();
        let mut attached = Vec::new();
        let mut records = Vec::new();
        for &id in statements {
            let span = *self.statements.get(id).ok_or(NotesError::NoStatement(id))?;
            let source = self
                .sources
                .get(span.source)
                .ok_or(NotesError::NoStatement(id))?;
            let anchor = anchor_span(source, span.start, span.end);
            let quote = anchor.exact.clone();
            attached.push(AttachedTag {
                tag: Tag {
                    id: new_id(),
                    label: label.clone(),
                    note: note.to_string(),
                    anchor,
                    claim: claim.clone(),
                    state: TagState::Exact,
                    created: now.clone(),
                    modified: now.clone(),
                },
                state: TagState::Exact,
                source: span.source,
                location: Some((span.start, span.end)),
                statements: vec![id],
                quote,
            });
            if !records
                .iter()
                .any(|r: &store::SourceRecord| r.content_hash == source.record.content_hash)
            {
                records.push(source.record.clone());
            }
        }
        let rows: Vec<Tag> = attached.iter().map(|a| a.tag.clone()).collect();
        self.persist(|store| store.insert_tags(&records, &rows))?;
        let ids: Vec<String> = rows.into_iter().map(|t| t.id).collect();
        self.tags.extend(attached);
        self.reindex();
        self.undo.push(Change::Added(ids.clone()));
        Ok(ids)
    }

    /// Replace a tag's note.
    pub fn edit_note(&mut self, id: &str, note: &str) -> Result<(), NotesError> {
        let index = self.index_of(id)?;
        let old = self.tags[index].tag.clone();
        let now = store::now_rfc3339();
        self.persist(|store| store.update_note(id, note, &now))?;
        let tag = &mut self.tags[index].tag;
        tag.note = note.to_string();
        tag.modified = now;
        self.undo.push(Change::NoteEdited {
            id: id.to_string(),
            note: old.note,
            modified: old.modified,
        });
        Ok(())
    }

    /// Remove a tag (and, for a tag made on a whole claim, only this one).
    pub fn remove(&mut self, id: &str) -> Result<(), NotesError> {
        let index = self.index_of(id)?;
        self.persist(|store| store.delete_tags(&[id.to_string()]))?;
        let removed = self.tags.remove(index);
        self.reindex();
        self.undo.push(Change::Removed(vec![removed]));
        Ok(())
    }

    /// Accept a fuzzy re-attachment: the tag is re-anchored where it now sits.
    pub fn confirm(&mut self, id: &str) -> Result<(), NotesError> {
        let index = self.index_of(id)?;
        let before = self.tags[index].clone();
        let Some((start, end)) = before.location else {
            return Ok(());
        };
        let source = &self.sources[before.source];
        let mut tag = before.tag.clone();
        tag.anchor = anchor_span(source, start, end);
        tag.state = TagState::Exact;
        tag.modified = store::now_rfc3339();
        let record = source.record.clone();
        self.persist(|store| store.insert_tags(&[record], std::slice::from_ref(&tag)))?;
        let current = &mut self.tags[index];
        current.quote = tag.anchor.exact.clone();
        current.tag = tag;
        current.state = TagState::Exact;
        self.undo.push(Change::Confirmed(Box::new(before)));
        Ok(())
    }

    /// Undo this session's last change. Returns what was undone, `None` when nothing was left.
    pub fn undo(&mut self) -> Result<Option<String>, NotesError> {
        let Some(change) = self.undo.pop() else {
            return Ok(None);
        };
        let result = self.revert(&change);
        if result.is_err() {
            self.undo.push(change);
        }
        result.map(Some)
    }

    fn revert(&mut self, change: &Change) -> Result<String, NotesError> {
        match change {
            Change::Added(ids) => {
                self.persist(|store| store.delete_tags(ids))?;
                let label = self
                    .tags
                    .iter()
                    .find(|t| ids.contains(&t.tag.id))
                    .map(|t| t.tag.label.clone())
                    .unwrap_or_default();
                self.tags.retain(|t| !ids.contains(&t.tag.id));
                self.reindex();
                Ok(format!("removed the tag \"{label}\" just added"))
            }
            Change::Removed(tags) => {
                self.restore(tags)?;
                Ok(format!("restored {} removed tag(s)", tags.len()))
            }
            Change::NoteEdited { id, note, modified } => {
                self.persist(|store| store.update_note(id, note, modified))?;
                if let Ok(index) = self.index_of(id) {
                    self.tags[index].tag.note = note.clone();
                    self.tags[index].tag.modified = modified.clone();
                }
                Ok("restored the previous note".to_string())
            }
            Change::Confirmed(before) => {
                self.restore(std::slice::from_ref(before.as_ref()))?;
                Ok("the tag is unconfirmed again".to_string())
            }
        }
    }

    fn restore(&mut self, tags: &[AttachedTag]) -> Result<(), NotesError> {
        let mut records: Vec<store::SourceRecord> = Vec::new();
        for t in tags {
            let record = self.sources[t.source].record.clone();
            if !records.contains(&record) {
                records.push(record);
            }
        }
        let rows: Vec<Tag> = tags.iter().map(|t| t.tag.clone()).collect();
        self.persist(|store| store.insert_tags(&records, &rows))?;
        for t in tags {
            match self.tags.iter_mut().find(|x| x.tag.id == t.tag.id) {
                Some(existing) => *existing = t.clone(),
                None => self.tags.push(t.clone()),
            }
        }
        self.tags
            .sort_by(|a, b| (&a.tag.created, &a.tag.id).cmp(&(&b.tag.created, &b.tag.id)));
        self.reindex();
        Ok(())
    }

    fn index_of(&self, id: &str) -> Result<usize, NotesError> {
        self.tags
            .iter()
            .position(|t| t.tag.id == id)
            .ok_or_else(|| NotesError::NoTag(id.to_string()))
    }

    fn reindex(&mut self) {
        self.by_statement.clear();
        for (i, t) in self.tags.iter().enumerate() {
            for &s in &t.statements {
                self.by_statement.entry(s).or_default().push(i);
            }
        }
    }

    /// Write through to the store; without one, or after it failed, changes stay in memory.
    /// Open the store that was waiting for a first change (made by this
    /// process or another one). False when it cannot be opened: the notes
    /// then stay in memory, with a warning.
    fn open_pending(&mut self) -> bool {
        let Some(path) = self.pending.take() else {
            return true;
        };
        match Store::open(&path) {
            Ok(store) => {
                self.store = Some(store);
                true
            }
            Err(e) => {
                self.degrade(&e);
                false
            }
        }
    }

    fn persist(
        &mut self,
        write: impl FnOnce(&mut Store) -> Result<(), StoreError>,
    ) -> Result<(), NotesError> {
        if !self.open_pending() {
            return Ok(());
        }
        let Some(store) = self.store.as_mut() else {
            return Ok(());
        };
        match write(store) {
            Ok(()) => Ok(()),
            Err(e) if self.strict => Err(e.into()),
            Err(e) => {
                self.degrade(&e);
                Ok(())
            }
        }
    }

    fn degrade(&mut self, problem: &dyn std::fmt::Display) {
        self.store = None;
        self.warning = Some(format!("notes not saved: {problem}"));
    }
}

fn anchor_span(source: &OpenSource, start: usize, end: usize) -> Anchor {
    anchor::anchor_text(
        &source.record.content_hash,
        &source.record.name,
        &source.text,
        start,
        end,
    )
}

/// The placed tags, and the ids of those whose stored state is out of date.
type Placed = (Vec<AttachedTag>, Vec<(String, TagState)>);

/// Find the open story's tags in the store and place each one. Also returns
/// the tags whose state differs from the stored one, to write back.
fn load(
    store: &Store,
    sources: &[OpenSource],
    statements: &[StatementSpan],
) -> Result<Placed, StoreError> {
    let mut owner: HashMap<String, SourceId> = HashMap::new();
    for (hash, fingerprint) in store.source_fingerprints()? {
        if let Some(id) = sources.iter().position(|s| s.record.content_hash == hash) {
            owner.insert(hash, id);
            continue;
        }
        let best = sources
            .iter()
            .enumerate()
            .map(|(id, s)| (id, s.record.fingerprint.similarity(&fingerprint)))
            .filter(|&(_, similarity)| similarity >= anchor::SAME_ARTICLE_SIMILARITY)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((id, _)) = best {
            owner.insert(hash, id);
        }
    }
    let hashes: Vec<String> = owner.keys().cloned().collect();
    let mut attached = Vec::new();
    let mut changed = Vec::new();
    for tag in store.tags_for_sources(&hashes)? {
        let Some(&source_id) = owner.get(&tag.anchor.source_hash) else {
            continue;
        };
        let source = &sources[source_id];
        let found = anchor::locate(&tag.anchor, &source.text);
        let state = match found.map(|f| f.placement) {
            Some(Placement::Exact) => TagState::Exact,
            Some(Placement::Fuzzy) => TagState::Fuzzy,
            None => TagState::Orphan,
        };
        let location = found.map(|f| (f.start, f.end));
        let covered = location
            .map(|(start, end)| covered_statements(source, statements, start, end))
            .unwrap_or_default();
        // A passage that no longer falls in any statement cannot be shown: treat it as an orphan.
        let (state, location) = if covered.is_empty() {
            (TagState::Orphan, None)
        } else {
            (state, location)
        };
        let quote = match location {
            Some((start, end)) => source.text[start..end].iter().collect(),
            None => tag.anchor.exact.clone(),
        };
        if state != tag.state {
            changed.push((tag.id.clone(), state));
        }
        attached.push(AttachedTag {
            tag,
            state,
            source: source_id,
            location,
            statements: covered,
            quote,
        });
    }
    Ok((attached, changed))
}

/// The statements of `source` overlapping `start..end`, the most covered first.
fn covered_statements(
    source: &OpenSource,
    statements: &[StatementSpan],
    start: usize,
    end: usize,
) -> Vec<StatementId> {
    let mut overlaps: Vec<(usize, StatementId)> = source
        .statements
        .clone()
        .filter_map(|id| {
            let s = statements.get(id)?;
            let overlap = end.min(s.end).saturating_sub(start.max(s.start));
            (overlap > 0).then_some((overlap, id))
        })
        .collect();
    overlaps.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    overlaps.into_iter().map(|(_, id)| id).collect()
}

/// A random id shaped like a version-4 UUID.
fn new_id() -> String {
    let seed = format!(
        "{}-{}-{:?}",
        std::process::id(),
        store::unique_suffix(),
        std::thread::current().id()
    );
    let hex = anchor::hash_text(&seed);
    let mut chars: Vec<char> = hex[..32].chars().collect();
    chars[12] = '4';
    chars[16] = ['8', '9', 'a', 'b'][chars[16].to_digit(16).unwrap_or(0) as usize % 4];
    let s: String = chars.into_iter().collect();
    format!(
        "{}-{}-{}-{}-{}",
        &s[..8],
        &s[8..12],
        &s[12..16],
        &s[16..20],
        &s[20..32]
    )
}
