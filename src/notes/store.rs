//! The durable notes store: one SQLite database for every story.
//!
//! Durability: each change is one `BEGIN IMMEDIATE` transaction, committed
//! before the call returns, in WAL mode with `synchronous=FULL`. NORMAL would
//! already survive the process being killed (the WAL is in the OS page cache),
//! but FULL also fsyncs the WAL at every commit, so a tag survives a power cut
//! too; it costs one fsync per tag: `cargo bench --bench notes` measured a
//! median of 0.3-4 ms per tag with FULL on a quiet machine (8 ms with four
//! other builds running) against 27 µs with NORMAL, inside the 10 ms budget,
//! so the safer one is used. A busy timeout lets two readers tagging
//! the same story wait for each other instead of failing with "database is locked".
//!
//! Safety of the user's file: an existing file is validated before SQLite may
//! write to it — header, size against the page count, `quick_check`, the
//! application id and the schema version are all read through a read-only
//! connection. SQLite would happily turn a zero-byte file into a fresh
//! database; here a zero-byte, truncated, garbage, foreign or newer file is
//! refused with a clear error and left byte-for-byte as it was. A new store is
//! built in a temporary file and linked into place only if no file appeared
//! meanwhile, so no other process ever sees a half-made store.

use super::anchor::{Anchor, Fingerprint};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The store's file name inside the data directory.
pub const STORE_FILE: &str = "notes.sqlite3";
/// `PRAGMA application_id`: "CRNT", marks the file as a crossread notes store.
const APPLICATION_ID: i32 = 0x4352_4E54;
/// How long a writer waits for another process's transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Schema migrations: entry `n` takes `user_version` from `n` to `n + 1`.
/// 1: sources with tags, and tags. 2: the library: snapshots (the bytes of
/// every source as read, compressed, addressed by their SHA-256), stories
/// (named by the inputs that opened them) and readings (which snapshot of
/// which input a story read when; the latest per input is the current one).
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE source (
        content_hash TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        origin TEXT NOT NULL,
        url TEXT,
        date TEXT,
        char_count INTEGER NOT NULL,
        fingerprint BLOB NOT NULL,
        first_seen TEXT NOT NULL
    );
    CREATE TABLE tag (
        id TEXT PRIMARY KEY,
        source_hash TEXT NOT NULL REFERENCES source(content_hash),
        label TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        start INTEGER NOT NULL,
        \"end\" INTEGER NOT NULL,
        claim TEXT,
        state TEXT NOT NULL DEFAULT 'exact',
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    );
    CREATE INDEX tag_by_source ON tag(source_hash);
",
    "
    CREATE TABLE snapshot (
        hash TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        data BLOB NOT NULL
    );
    CREATE TABLE story (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        first_read TEXT NOT NULL,
        last_opened TEXT NOT NULL
    );
    CREATE TABLE reading (
        id INTEGER PRIMARY KEY,
        story TEXT NOT NULL REFERENCES story(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        origin TEXT NOT NULL,
        kind TEXT NOT NULL,
        snapshot TEXT NOT NULL REFERENCES snapshot(hash),
        read_at TEXT NOT NULL,
        final_url TEXT,
        content_type TEXT,
        name TEXT NOT NULL,
        content_hash TEXT NOT NULL
    );
    CREATE INDEX reading_by_story ON reading(story, origin, id);
    CREATE INDEX reading_by_snapshot ON reading(snapshot);
",
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Why the store cannot be used. Displays as `<file>: <problem>`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no data directory found for this platform; use --data-dir DIR")]
    NoDataDir,
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: empty file (0 bytes), not a notes store; left untouched", path.display())]
    Empty { path: PathBuf },
    #[error("{}: not an SQLite database (unrecognised header); left untouched", path.display())]
    NotSqlite { path: PathBuf },
    #[error("{}: truncated database ({actual} of {expected} bytes); left untouched", path.display())]
    Truncated {
        path: PathBuf,
        expected: u64,
        actual: u64,
    },
    #[error("{}: damaged database ({detail}); left untouched", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("{}: an SQLite database of another program, not a crossread notes store; left untouched", path.display())]
    Foreign { path: PathBuf },
    #[error("{}: written by a newer crossread (schema {found}; this version reads up to {SCHEMA_VERSION}); left untouched", path.display())]
    Newer { path: PathBuf, found: i64 },
    #[error("{}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

/// What the store keeps about a source that has tags.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRecord {
    pub content_hash: String,
    pub name: String,
    pub origin: String,
    pub url: Option<String>,
    pub date: Option<String>,
    pub char_count: usize,
    pub fingerprint: Fingerprint,
}

/// Where a tag stood when it was last placed: written back so that
/// `crossread notes` can list orphans without opening the articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TagState {
    /// Attached to the quote itself.
    Exact,
    /// Attached to a close variant of the quote; the reader should confirm.
    Fuzzy,
    /// Its text is gone from the source; kept, listed and exported.
    Orphan,
}

impl TagState {
    pub fn as_str(self) -> &'static str {
        match self {
            TagState::Exact => "exact",
            TagState::Fuzzy => "fuzzy",
            TagState::Orphan => "orphan",
        }
    }

    fn parse(s: &str) -> TagState {
        match s {
            "fuzzy" => TagState::Fuzzy,
            "orphan" => TagState::Orphan,
            _ => TagState::Exact,
        }
    }
}

/// A tag as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// Stable id (random, UUID-shaped): the same tag keeps it in every export.
    pub id: String,
    pub label: String,
    /// Free text, possibly multi-line; empty when there is no note.
    pub note: String,
    pub anchor: Anchor,
    /// Shared by the tags made together on every statement of one claim.
    pub claim: Option<String>,
    /// The state it was last seen in.
    pub state: TagState,
    /// RFC 3339 UTC.
    pub created: String,
    pub modified: String,
}

/// An open notes store.
pub struct Store {
    pub(super) conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// The platform's data directory for crossread (e.g. `~/.local/share/crossread`).
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "crossread").map(|d| d.data_dir().to_path_buf())
}

/// The store file inside `data_dir`, or inside the platform's data directory.
pub fn store_path(data_dir: Option<&Path>) -> Result<PathBuf, StoreError> {
    let dir = match data_dir {
        Some(dir) => dir.to_path_buf(),
        None => default_data_dir().ok_or(StoreError::NoDataDir)?,
    };
    Ok(dir.join(STORE_FILE))
}

impl Store {
    /// Open (or create) the store in `data_dir` or the platform data directory.
    pub fn open_in(data_dir: Option<&Path>) -> Result<Store, StoreError> {
        Store::open(&store_path(data_dir)?)
    }

    /// Open the store file at `path`, creating it (and its directory) if absent.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let path = path.to_path_buf();
        if !path.exists() {
            create_store(&path)?;
        }
        validate(&path)?;
        let sqlite = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        // No CREATE flag: if the file vanished since validation, fail rather than make an empty one.
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(sqlite)?;
        let mut store = Store { conn, path };
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// SQLite's count of commits made to the file by other connections:
    /// when it moves, another process (a second reader, `crossread tag`)
    /// changed the tags.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    pub(super) fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sqlite = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        // Most opens find the schema current: no write lock for them.
        let current: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sqlite)?;
        if current == SCHEMA_VERSION {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        // Read again under the write lock: another process may have migrated meanwhile.
        let version: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sqlite)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: path.clone(),
                found: version,
            });
        }
        for (from, migration) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            tx.execute_batch(migration).map_err(sqlite)?;
            tx.pragma_update(None, "user_version", from as i64 + 1)
                .map_err(sqlite)?;
        }
        tx.commit().map_err(sqlite)
    }

    /// Record sources (once each) and insert tags, in one durable transaction.
    pub fn insert_tags(
        &mut self,
        sources: &[SourceRecord],
        tags: &[Tag],
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            for source in sources {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO source
                     (content_hash, name, origin, url, date, char_count, fingerprint, first_seen)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    source.content_hash,
                    source.name,
                    source.origin,
                    source.url,
                    source.date,
                    as_sql_int(source.char_count),
                    source.fingerprint.to_bytes(),
                    now_rfc3339(),
                ])?;
            }
            for tag in tags {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO tag
                     (id, source_hash, label, note, exact, prefix, suffix, start, \"end\",
                      claim, state, created, modified)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )?
                .execute(params![
                    tag.id,
                    tag.anchor.source_hash,
                    tag.label,
                    tag.note,
                    tag.anchor.exact,
                    tag.anchor.prefix,
                    tag.anchor.suffix,
                    as_sql_int(tag.anchor.start),
                    as_sql_int(tag.anchor.end),
                    tag.claim,
                    tag.state.as_str(),
                    tag.created,
                    tag.modified,
                ])?;
            }
            Ok(())
        })
    }

    pub fn delete_tags(&mut self, ids: &[String]) -> Result<(), StoreError> {
        self.write(|tx| {
            for id in ids {
                tx.prepare_cached("DELETE FROM tag WHERE id = ?1")?
                    .execute([id])?;
            }
            Ok(())
        })
    }

    pub fn update_note(&mut self, id: &str, note: &str, modified: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE tag SET note = ?2, modified = ?3 WHERE id = ?1",
                params![id, note, modified],
            )?;
            Ok(())
        })
    }

    /// Remember where tags were last found (only the ones whose state changed).
    pub fn update_states(&mut self, states: &[(String, TagState)]) -> Result<(), StoreError> {
        if states.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            for (id, state) in states {
                tx.prepare_cached("UPDATE tag SET state = ?2 WHERE id = ?1")?
                    .execute(params![id, state.as_str()])?;
            }
            Ok(())
        })
    }

    pub(super) fn write(
        &mut self,
        body: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<()>,
    ) -> Result<(), StoreError> {
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            body(&tx)?;
            tx.commit()
        })();
        result.map_err(|e| self.err(e))
    }

    /// Every stored source's hash and fingerprint.
    pub fn source_fingerprints(&self) -> Result<Vec<(String, Fingerprint)>, StoreError> {
        let run = || -> rusqlite::Result<Vec<(String, Fingerprint)>> {
            let mut statement = self
                .conn
                .prepare_cached("SELECT content_hash, fingerprint FROM source")?;
            let rows = statement.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (hash, blob) = row?;
                if let Some(fingerprint) = Fingerprint::from_bytes(&blob) {
                    out.push((hash, fingerprint));
                }
            }
            Ok(out)
        };
        run().map_err(|e| self.err(e))
    }

    /// Tags on any of the given sources, oldest first.
    pub fn tags_for_sources(&self, hashes: &[String]) -> Result<Vec<Tag>, StoreError> {
        let mut out = Vec::new();
        for hash in hashes {
            let run = || -> rusqlite::Result<Vec<Tag>> {
                let mut statement = self.conn.prepare_cached(&format!(
                    "{TAG_SELECT} WHERE t.source_hash = ?1 ORDER BY t.created, t.id"
                ))?;
                let rows = statement.query_map([hash], tag_from_row)?;
                rows.collect()
            };
            out.extend(run().map_err(|e| self.err(e))?);
        }
        out.sort_by(|a, b| (&a.created, &a.id).cmp(&(&b.created, &b.id)));
        Ok(out)
    }

    /// Every tag in the store, with its source's record, oldest first.
    pub fn all_tags(&self) -> Result<Vec<(Tag, SourceSummary)>, StoreError> {
        let run = || -> rusqlite::Result<Vec<(Tag, SourceSummary)>> {
            let mut statement = self
                .conn
                .prepare(&format!("{TAG_SELECT} ORDER BY t.created, t.id"))?;
            let rows = statement.query_map([], |r| {
                Ok((
                    tag_from_row(r)?,
                    SourceSummary {
                        origin: r.get(13)?,
                        url: r.get(14)?,
                        date: r.get(15)?,
                    },
                ))
            })?;
            rows.collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// The stored record of one source.
    pub fn source(&self, hash: &str) -> Result<Option<SourceSummary>, StoreError> {
        self.conn
            .query_row(
                "SELECT origin, url, date FROM source WHERE content_hash = ?1",
                [hash],
                |r| {
                    Ok(SourceSummary {
                        origin: r.get(0)?,
                        url: r.get(1)?,
                        date: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }
}

/// Where a stored source came from, for listings of tags whose files are not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSummary {
    pub origin: String,
    pub url: Option<String>,
    pub date: Option<String>,
}

const TAG_SELECT: &str =
    "SELECT t.id, t.label, t.note, t.exact, t.prefix, t.suffix, t.start, t.\"end\",
        t.claim, t.state, t.created, t.modified, s.name, s.origin, s.url, s.date, t.source_hash
    FROM tag t JOIN source s ON s.content_hash = t.source_hash";

fn tag_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Tag> {
    Ok(Tag {
        id: r.get(0)?,
        label: r.get(1)?,
        note: r.get(2)?,
        anchor: Anchor {
            source_hash: r.get(16)?,
            source_name: r.get(12)?,
            exact: r.get(3)?,
            prefix: r.get(4)?,
            suffix: r.get(5)?,
            start: offset(r, 6)?,
            end: offset(r, 7)?,
        },
        claim: r.get(8)?,
        state: TagState::parse(&r.get::<_, String>(9)?),
        created: r.get(10)?,
        modified: r.get(11)?,
    })
}

pub(super) fn as_sql_int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn offset(r: &rusqlite::Row<'_>, column: usize) -> rusqlite::Result<usize> {
    let value: i64 = r.get(column)?;
    usize::try_from(value).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(column, value))
}

/// Build a fresh store beside `path` and link it into place unless a file
/// appeared there meanwhile (then that file is validated like any other).
fn create_store(path: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let temp = dir.join(format!(
        ".{STORE_FILE}.new-{}-{}",
        std::process::id(),
        unique_suffix()
    ));
    let built = (|| -> rusqlite::Result<()> {
        let mut conn = Connection::open_with_flags(
            &temp,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
        conn.execute_batch("PRAGMA synchronous = FULL")?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        for migration in MIGRATIONS {
            tx.execute_batch(migration)?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        conn.close().map_err(|(_, e)| e)
    })();
    let result = match built {
        Err(source) => Err(StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        }),
        Ok(()) => {
            if let Ok(file) = std::fs::File::open(&temp) {
                file.sync_all().map_err(io)?;
            }
            match std::fs::hard_link(&temp, path) {
                Ok(()) => {
                    sync_dir(dir);
                    Ok(())
                }
                // Another process created the store first: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
                Err(e) => Err(io(e)),
            }
        }
    };
    for leftover in ["", "-wal", "-shm", "-journal"] {
        let mut name = temp.clone().into_os_string();
        name.push(leftover);
        let _ = std::fs::remove_file(name);
    }
    result
}

/// Check an existing file without writing to it. A read-only look at a WAL
/// database makes SQLite create `-wal`/`-shm` side files: on refusal, the
/// ones that did not exist before are removed again, so the directory is as
/// it was.
fn validate(path: &Path) -> Result<(), StoreError> {
    let side_files: Vec<PathBuf> = ["-wal", "-shm"]
        .iter()
        .map(|suffix| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        })
        .filter(|p| !p.exists())
        .collect();
    let result = check_file(path);
    if result.is_err() {
        for created in side_files {
            let _ = std::fs::remove_file(created);
        }
    }
    result
}

fn check_file(path: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size == 0 {
        return Err(StoreError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut header = [0u8; 100];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]).map_err(io)? {
            0 => break,
            n => read += n,
        }
    }
    if read < header.len() || &header[..16] != SQLITE_HEADER {
        return Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65536,
        n => u64::from(n),
    };
    let page_count = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    if page_size < 512 || !page_size.is_power_of_two() {
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: format!("invalid page size {page_size}"),
        });
    }
    // The page count in the header is only meaningful when its version-valid-for
    // number matches the change counter (older writers leave it stale).
    let header_count_valid = header[24..28] == header[92..96];
    if header_count_valid && page_count * page_size > size {
        return Err(StoreError::Truncated {
            path: path.to_path_buf(),
            expected: page_count * page_size,
            actual: size,
        });
    }

    let damaged = |detail: String| StoreError::Damaged {
        path: path.to_path_buf(),
        detail,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| damaged(e.to_string()))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| damaged(e.to_string()))?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| damaged(e.to_string()))?;
    if check != "ok" {
        // quick_check reports one problem per line under a "*** in database main ***" banner.
        let first = check
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("***"))
            .unwrap_or("integrity check failed");
        return Err(damaged(first.to_string()));
    }
    let application_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| damaged(e.to_string()))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| damaged(e.to_string()))?;
    if application_id != APPLICATION_ID {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: version,
        });
    }
    Ok(())
}

fn sync_dir(dir: &Path) {
    // Makes the new directory entry durable; not possible on every platform, hence best effort.
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// A value unlikely to repeat between two calls, even across processes.
pub(crate) fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{nanos:x}-{:x}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The current time as RFC 3339 UTC with milliseconds.
pub fn now_rfc3339() -> String {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    rfc3339(since.as_secs(), since.subsec_millis())
}

fn rfc3339(secs: u64, millis: u32) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_schema_is_migrated_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(STORE_FILE);
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            conn.pragma_update(None, "user_version", 0).unwrap();
        }
        let store = Store::open(&path).unwrap();
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        assert!(store.all_tags().unwrap().is_empty());
    }

    #[test]
    fn a_first_schema_store_keeps_its_tags_when_the_library_is_added() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(STORE_FILE);
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.execute_batch(
                "INSERT INTO source VALUES ('h', 'nyt', 'a.txt', NULL, NULL, 3, x'00', 't');
                 INSERT INTO tag (id, source_hash, label, exact, prefix, suffix, start, \"end\",
                     created, modified)
                 VALUES ('t1', 'h', 'verify', 'abc', '', '', 0, 3, 't', 't');",
            )
            .unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
        }
        let store = Store::open(&path).unwrap();
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let tags = store.all_tags().unwrap();
        assert_eq!(tags.len(), 1);
        assert_eq!(tags[0].0.label, "verify");
        assert!(store.stories().unwrap().is_empty());
    }

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_709_210_096, 7), "2024-02-29T12:34:56.007Z");
    }
}
