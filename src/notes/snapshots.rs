//! The library in the store: snapshots of every source as read, and the
//! stories that read them.
//!
//! A snapshot is the bytes of one input exactly as read (a page as the
//! server sent it, decompressed; a file as it was on disk), compressed with
//! zlib and addressed by the SHA-256 of the uncompressed bytes, so the same
//! bytes are kept once however many stories read them. A story is named by
//! its *key*: the inputs that opened it (addresses as given, absolute file
//! paths), sorted, one per line. A *reading* records that a story read one
//! of its inputs at some time and got some snapshot; the latest reading of
//! each input is what the story shows.
//!
//! Each change is one `BEGIN IMMEDIATE` transaction, so two processes saving
//! the same story wait for each other and agree on it (the key is unique),
//! and a process killed mid-save leaves the store as it was before.

use super::store::{Store, StoreError, as_sql_int, now_rfc3339};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};

/// Characters of story ids: lowercase letters and digits a person can type
/// and read back without mistaking one for another (no 0/o, 1/l/i).
const ID_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Story ids are this long unless two keys collide.
const ID_LENGTH: usize = 6;

/// How a source was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Url,
    File,
    Stdin,
}

impl SourceKind {
    fn as_str(self) -> &'static str {
        match self {
            SourceKind::Url => "url",
            SourceKind::File => "file",
            SourceKind::Stdin => "stdin",
        }
    }

    fn parse(s: &str) -> SourceKind {
        match s {
            "url" => SourceKind::Url,
            "stdin" => SourceKind::Stdin,
            _ => SourceKind::File,
        }
    }
}

/// One source of a story as read: what to save, or what was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The address as given, the absolute path, or `-`.
    pub origin: String,
    pub kind: SourceKind,
    /// SHA-256 of the bytes as read.
    pub snapshot: String,
    pub read_at: String,
    pub final_url: Option<String>,
    pub content_type: Option<String>,
    /// The source's display name when read.
    pub name: String,
    /// SHA-256 of its cleaned text: what tags anchor to.
    pub content_hash: String,
}

/// Bytes ready to be saved: hashed and compressed outside the write lock.
#[derive(Debug, Clone)]
pub struct PackedSnapshot {
    pub hash: String,
    size: usize,
    data: Vec<u8>,
}

impl PackedSnapshot {
    pub fn pack(bytes: &[u8]) -> PackedSnapshot {
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        // Writing to a Vec cannot fail.
        let data = encoder
            .write_all(bytes)
            .and_then(|()| encoder.finish())
            .unwrap_or_default();
        PackedSnapshot {
            hash: snapshot_hash(bytes),
            size: bytes.len(),
            data,
        }
    }
}

/// The address of a snapshot: hex SHA-256 of its bytes.
pub fn snapshot_hash(bytes: &[u8]) -> String {
    super::anchor::hash_bytes(bytes)
}

/// A story of the library, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRecord {
    pub id: String,
    pub key: String,
    pub title: String,
    pub first_read: String,
    pub last_opened: String,
    /// Its sources in story order: the latest reading of each input.
    pub sources: Vec<Reading>,
    /// Tags on any text any of its sources ever had.
    pub tags: usize,
}

/// The stable short id of a story key, `length` characters long.
pub fn story_id(key: &str, length: usize) -> String {
    let digest = Sha256::digest(key.as_bytes());
    // 5 bits per character from the digest's bits, enough for 51 characters.
    let mut bits = digest
        .iter()
        .flat_map(|byte| (0..8).rev().map(move |i| (byte >> i) & 1));
    (0..length.min(51))
        .map(|_| {
            let value = (0..5).fold(0usize, |v, _| {
                (v << 1) | usize::from(bits.next().unwrap_or(0))
            });
            char::from(ID_ALPHABET[value % ID_ALPHABET.len()])
        })
        .collect()
}

impl Store {
    /// Whether a snapshot with this hash is kept (to skip packing it again).
    pub fn has_snapshot(&self, hash: &str) -> Result<bool, StoreError> {
        self.conn
            .query_row("SELECT 1 FROM snapshot WHERE hash = ?1", [hash], |_| Ok(()))
            .optional()
            .map(|found| found.is_some())
            .map_err(|e| self.err(e))
    }

    /// The bytes of a snapshot, checked against their hash.
    pub fn snapshot(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let row: Option<(i64, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT size, data FROM snapshot WHERE hash = ?1",
                [hash],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((size, data)) = row else {
            return Ok(None);
        };
        let damaged = |detail: String| StoreError::Damaged {
            path: self.path().to_path_buf(),
            detail,
        };
        let size = usize::try_from(size).unwrap_or(0);
        let mut bytes = Vec::with_capacity(size);
        flate2::read::ZlibDecoder::new(data.as_slice())
            .take(size as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(format!("snapshot {hash}: {e}")))?;
        if bytes.len() != size || snapshot_hash(&bytes) != hash {
            return Err(damaged(format!("snapshot {hash} does not match its hash")));
        }
        Ok(Some(bytes))
    }

    /// The id of the story with this key.
    pub fn story_by_key(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT id FROM story WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    /// One story of the library (ids are matched without case).
    pub fn story(&self, id: &str) -> Result<Option<StoryRecord>, StoreError> {
        let row: Option<(String, String, String, String, String)> = self
            .conn
            .query_row(
                "SELECT id, key, title, first_read, last_opened FROM story WHERE id = ?1",
                [id.trim().to_ascii_lowercase()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((id, key, title, first_read, last_opened)) = row else {
            return Ok(None);
        };
        let sources = self.current_readings(&id)?;
        let tags = self.story_tag_count(&id)?;
        Ok(Some(StoryRecord {
            id,
            key,
            title,
            first_read,
            last_opened,
            sources,
            tags,
        }))
    }

    /// Every story, the most recently opened first.
    pub fn stories(&self) -> Result<Vec<StoryRecord>, StoreError> {
        let ids: Vec<String> = (|| {
            let mut statement = self
                .conn
                .prepare("SELECT id FROM story ORDER BY last_opened DESC, id")?;
            let rows = statement.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<String>>>()
        })()
        .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(story) = self.story(&id)? {
                out.push(story);
            }
        }
        Ok(out)
    }

    /// The latest reading of each of a story's inputs, in story order.
    pub fn current_readings(&self, story: &str) -> Result<Vec<Reading>, StoreError> {
        let run = || -> rusqlite::Result<Vec<Reading>> {
            let mut statement = self.conn.prepare_cached(
                "SELECT r.origin, r.kind, r.snapshot, r.read_at, r.final_url, r.content_type,
                        r.name, r.content_hash
                 FROM reading r
                 WHERE r.story = ?1 AND r.id = (
                     SELECT max(id) FROM reading WHERE story = r.story AND origin = r.origin)
                 ORDER BY r.position, r.id",
            )?;
            let rows = statement.query_map([story], |r| {
                Ok(Reading {
                    origin: r.get(0)?,
                    kind: SourceKind::parse(&r.get::<_, String>(1)?),
                    snapshot: r.get(2)?,
                    read_at: r.get(3)?,
                    final_url: r.get(4)?,
                    content_type: r.get(5)?,
                    name: r.get(6)?,
                    content_hash: r.get(7)?,
                })
            })?;
            rows.collect()
        };
        run().map_err(|e| self.err(e))
    }

    fn story_tag_count(&self, story: &str) -> Result<usize, StoreError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM tag WHERE source_hash IN
                    (SELECT content_hash FROM reading WHERE story = ?1)",
                [story],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(|e| self.err(e))
    }

    /// Save a story as read: its snapshots, a reading for each input whose
    /// bytes differ from its latest one, the title and the time it was
    /// opened; all in one transaction. Returns the story's id.
    pub fn save_story(
        &mut self,
        key: &str,
        title: &str,
        readings: &[Reading],
        snapshots: &[PackedSnapshot],
    ) -> Result<String, StoreError> {
        let now = now_rfc3339();
        let run = |conn: &mut rusqlite::Connection| -> rusqlite::Result<String> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let id = match tx
                .query_row("SELECT id FROM story WHERE key = ?1", [key], |r| r.get(0))
                .optional()?
            {
                Some(id) => {
                    tx.execute(
                        "UPDATE story SET title = ?2, last_opened = ?3 WHERE id = ?1",
                        params![id, title, now],
                    )?;
                    id
                }
                None => {
                    let id = free_id(&tx, key)?;
                    tx.execute(
                        "INSERT INTO story (id, key, title, first_read, last_opened)
                         VALUES (?1, ?2, ?3, ?4, ?4)",
                        params![id, key, title, now],
                    )?;
                    id
                }
            };
            for snapshot in snapshots {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO snapshot (hash, size, data) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![
                    snapshot.hash,
                    as_sql_int(snapshot.size),
                    snapshot.data
                ])?;
            }
            for reading in readings {
                let latest: Option<(String, i64)> = tx
                    .prepare_cached(
                        "SELECT snapshot, position FROM reading WHERE story = ?1 AND origin = ?2
                         ORDER BY id DESC LIMIT 1",
                    )?
                    .query_row(params![id, reading.origin], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let position = match latest {
                    Some((snapshot, _)) if snapshot == reading.snapshot => continue,
                    Some((_, position)) => position,
                    None => tx.query_row(
                        "SELECT coalesce(max(position) + 1, 0) FROM reading WHERE story = ?1",
                        [&id],
                        |r| r.get(0),
                    )?,
                };
                tx.prepare_cached(
                    "INSERT INTO reading (story, position, origin, kind, snapshot, read_at,
                        final_url, content_type, name, content_hash)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?
                .execute(params![
                    id,
                    position,
                    reading.origin,
                    reading.kind.as_str(),
                    reading.snapshot,
                    reading.read_at,
                    reading.final_url,
                    reading.content_type,
                    reading.name,
                    reading.content_hash,
                ])?;
            }
            tx.commit()?;
            Ok(id)
        };
        let result = run(&mut self.conn);
        result.map_err(|e| self.err(e))
    }

    /// Remove a story and the snapshots no other story reads. Its tags stay
    /// (they belong to the sources' texts, which may be opened again).
    /// Returns false when there is no such story.
    pub fn remove_story(&mut self, id: &str) -> Result<bool, StoreError> {
        let id = id.trim().to_ascii_lowercase();
        let run = |conn: &mut rusqlite::Connection| -> rusqlite::Result<bool> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute("DELETE FROM reading WHERE story = ?1", [&id])?;
            let removed = tx.execute("DELETE FROM story WHERE id = ?1", [&id])? > 0;
            tx.execute(
                "DELETE FROM snapshot WHERE hash NOT IN (SELECT snapshot FROM reading)",
                [],
            )?;
            tx.commit()?;
            Ok(removed)
        };
        let result = run(&mut self.conn);
        result.map_err(|e| self.err(e))
    }
}

/// The shortest id of `key` not taken by another story.
fn free_id(tx: &rusqlite::Transaction<'_>, key: &str) -> rusqlite::Result<String> {
    let mut length = ID_LENGTH;
    loop {
        let id = story_id(key, length);
        let owner: Option<String> = tx
            .query_row("SELECT key FROM story WHERE id = ?1", [&id], |r| r.get(0))
            .optional()?;
        if owner.is_none_or(|k| k == key) || length >= 51 {
            return Ok(id);
        }
        length += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn story_ids_are_short_stable_and_typable() {
        let id = story_id("https://a.example/x\nhttps://b.example/y", ID_LENGTH);
        assert_eq!(id.len(), 6);
        assert_eq!(
            id,
            story_id("https://a.example/x\nhttps://b.example/y", ID_LENGTH)
        );
        assert!(id.bytes().all(|b| ID_ALPHABET.contains(&b)));
        assert!(story_id("k", 8).starts_with(&story_id("k", 6)));
    }

    #[test]
    fn snapshots_round_trip_and_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(Some(dir.path())).unwrap();
        let bytes = b"<html>page</html>".repeat(100);
        let packed = PackedSnapshot::pack(&bytes);
        assert!(packed.data.len() < bytes.len());
        let reading = Reading {
            origin: "http://127.0.0.1/a".into(),
            kind: SourceKind::Url,
            snapshot: packed.hash.clone(),
            read_at: now_rfc3339(),
            final_url: Some("http://127.0.0.1/b".into()),
            content_type: Some("text/html".into()),
            name: "a".into(),
            content_hash: "c".into(),
        };
        let id = store
            .save_story(
                "k",
                "Title",
                std::slice::from_ref(&reading),
                std::slice::from_ref(&packed),
            )
            .unwrap();
        assert_eq!(
            store
                .save_story("k", "Title", &[reading], std::slice::from_ref(&packed))
                .unwrap(),
            id,
            "the same key is the same story"
        );
        assert_eq!(store.snapshot(&packed.hash).unwrap().unwrap(), bytes);
        let story = store.story(&id).unwrap().unwrap();
        assert_eq!(
            story.sources.len(),
            1,
            "an unchanged source adds no reading"
        );
        assert!(store.remove_story(&id).unwrap());
        assert!(store.snapshot(&packed.hash).unwrap().is_none());
        assert!(!store.remove_story(&id).unwrap());
    }
}
