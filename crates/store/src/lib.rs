//! The kibaru event store: an SQLite file holding articles, the events extracted
//! from each article, and the canonical (deduplicated) events.
//!
//! - [`Store::open`] creates or opens the file (WAL journal, `synchronous=NORMAL`,
//!   foreign keys on) and brings its schema up to date: migrations run in order,
//!   each in its own transaction, and `PRAGMA user_version` records how far it got.
//!   A file written by a newer kibaru is refused with [`Error::TooNew`].
//! - [`Store::ingest`] / [`Store::ingest_batch`] store articles and their events in
//!   one transaction (per article or per batch): an article already stored (same
//!   id, same URL, or same normalised text) changes nothing. Deduplication runs
//!   incrementally inside the same transaction: each new event is compared (rules
//!   in [`dedup`]) with the stored events of the same country in a date window,
//!   found through an index, and joins, or bridges, their clusters.
//! - [`Store::export`] returns the canonical events matching a [`Filter`], sorted
//!   by date then id; the result depends on the set of articles stored, not on the
//!   order they were ingested in.
//! - [`Store::check`] verifies the file and the invariants (every event in exactly
//!   one canonical event, canonical events consistent with their members, ...).
//!
//! Durability: `synchronous=NORMAL` in WAL mode never corrupts the file and never
//! loses a committed transaction when the *process* dies (the WAL is written
//! before commit returns); a power loss may roll back the last transactions
//! committed before the last checkpoint, which re-running the ingest redoes
//! (ingest is idempotent). `FULL` would fsync on every commit for no gain against
//! crashes of the process, which is the case that matters here.
//!
//! Nothing stored depends on the wall clock except `articles.ingested_at`, which is
//! never exported.
#![deny(missing_docs)]

pub mod dedup;

use dedup::Member;
use kibaru_core::{Article, Event};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or is not an SQLite database.
    #[error("cannot open database {}: {source}", path.display())]
    Open {
        /// The path given.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// There is no database at this path (for commands that read one).
    #[error("no database at {} (create one with `kibaru ingest --db {}`)", path.display(), path.display())]
    Missing {
        /// The path given.
        path: PathBuf,
    },
    /// The file is an SQLite database that kibaru did not create.
    #[error("{} is an SQLite database but not a kibaru store", path.display())]
    Foreign {
        /// The path given.
        path: PathBuf,
    },
    /// The file was written by a newer kibaru.
    #[error(
        "database {} has schema version {found}, newer than this kibaru knows ({supported}): upgrade kibaru",
        path.display()
    )]
    TooNew {
        /// The path given.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        supported: i64,
    },
    /// The file system does not allow the WAL journal.
    #[error("cannot use a write-ahead log for {} (journal mode stays {mode})", path.display())]
    NoWal {
        /// The path given.
        path: PathBuf,
        /// The journal mode SQLite kept.
        mode: String,
    },
    /// A read-only open found a schema that needs migrating first.
    #[error("database {} has schema version {found}, older than {supported}: open it read-write once to migrate", path.display())]
    TooOld {
        /// The path given.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The version this build needs.
        supported: i64,
    },
    /// A migration failed (the file stays at the version before it).
    #[error("migrating database {} to schema version {version} failed: {source}", path.display())]
    Migration {
        /// The path given.
        path: PathBuf,
        /// The version being migrated to.
        version: i64,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// An SQLite error during an operation.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Stored JSON that does not parse as an event.
    #[error("corrupt stored event {key}: {source}")]
    Corrupt {
        /// Which row.
        key: String,
        /// The parse error.
        source: serde_json::Error,
    },
    /// A filter value that is not valid.
    #[error("invalid filter: {0}")]
    Filter(String),
}

/// Result of store operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why an article was recognised as already stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DuplicateReason {
    /// An article with the same id is stored.
    SameId,
    /// An article with the same URL is stored.
    SameUrl,
    /// An article with the same normalised text is stored.
    SameText,
}

/// What [`Store::ingest`] did with an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ingested {
    /// Stored, with this many events.
    New {
        /// Events stored for the article.
        events: usize,
    },
    /// Already stored: nothing changed.
    Duplicate {
        /// The id of the stored article.
        of: String,
        /// What matched.
        reason: DuplicateReason,
    },
}

/// Counts of what the store holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Articles.
    pub articles: u64,
    /// Per-article events.
    pub events: u64,
    /// Canonical events.
    pub canonical: u64,
}

/// Which canonical events to export; every field that is set must match.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// First day, `YYYY-MM-DD`, inclusive.
    pub since: Option<String>,
    /// Last day, `YYYY-MM-DD`, inclusive.
    pub until: Option<String>,
    /// ISO 3166-1 alpha-3 code or country name (case-insensitive).
    pub country: Option<String>,
    /// First-level division (case-insensitive).
    pub admin1: Option<String>,
    /// ACLED event type (case-insensitive).
    pub event_type: Option<String>,
    /// Substring of actor1, actor2 or an associated actor (case-insensitive).
    pub actor: Option<String>,
    /// `[min_lon, min_lat, max_lon, max_lat]`; events without coordinates never match.
    pub bbox: Option<[f64; 4]>,
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// `PRAGMA application_id` of kibaru stores ("KIBA").
const APPLICATION_ID: i64 = 0x4B49_4241;

/// One schema migration: SQL, then code (run in the same transaction).
struct Migration {
    sql: &'static str,
    code: Option<fn(&Transaction<'_>) -> Result<()>>,
}

/// Migrations, in order: `MIGRATIONS[i]` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[Migration] = &[
    // 1: articles, per-article events, canonical events and membership.
    Migration {
        sql: r#"
    CREATE TABLE articles (
        id           TEXT PRIMARY KEY NOT NULL,
        url          TEXT UNIQUE,
        source       TEXT,
        published    TEXT,
        lang         TEXT,
        title        TEXT,
        text         TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        ingested_at  INTEGER NOT NULL
    );
    CREATE TABLE events (
        rowid          INTEGER PRIMARY KEY,
        article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        ordinal        INTEGER NOT NULL,
        event_date     TEXT NOT NULL,
        day            INTEGER,
        country_iso3   TEXT NOT NULL,
        admin1         TEXT NOT NULL,
        event_type     TEXT NOT NULL,
        sub_event_type TEXT NOT NULL,
        lat            REAL,
        lon            REAL,
        geo_precision  INTEGER NOT NULL,
        fatalities     INTEGER NOT NULL,
        actor1         TEXT NOT NULL,
        actor2         TEXT NOT NULL,
        json           TEXT NOT NULL,
        UNIQUE (article_id, ordinal)
    );
    CREATE INDEX events_country_day ON events (country_iso3, day);
    CREATE TABLE canonical (
        id           INTEGER PRIMARY KEY,
        event_id     TEXT NOT NULL UNIQUE,
        event_date   TEXT NOT NULL,
        country_iso3 TEXT NOT NULL,
        country      TEXT NOT NULL,
        admin1       TEXT NOT NULL,
        event_type   TEXT NOT NULL,
        lat          REAL,
        lon          REAL,
        fatalities   INTEGER NOT NULL,
        actors       TEXT NOT NULL,
        json         TEXT NOT NULL
    );
    CREATE TABLE canonical_members (
        event_rowid  INTEGER PRIMARY KEY NOT NULL REFERENCES events(rowid) ON DELETE CASCADE,
        canonical_id INTEGER NOT NULL REFERENCES canonical(id)
    );
    CREATE INDEX canonical_members_by_canonical ON canonical_members (canonical_id);
    "#,
        code: None,
    },
    // 2: indexes for export filters.
    Migration {
        sql: r#"
    CREATE INDEX canonical_by_date ON canonical (event_date, event_id);
    CREATE INDEX canonical_by_country ON canonical (country_iso3, event_date);
    CREATE INDEX canonical_by_place ON canonical (lon, lat);
    "#,
        code: None,
    },
    // 3: what dedup compares, as columns (filled from the stored JSON), and the
    // clusters rebuilt with the rules of this version.
    Migration {
        sql: r#"
    ALTER TABLE events ADD COLUMN time_precision INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE events ADD COLUMN admin2 TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN actor_keys TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN perpetrator TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN placeless INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX events_placeless ON events (country_iso3, day) WHERE placeless = 1;
    "#,
        code: Some(migrate_v3),
    },
];

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the store at `path`, creating the file if needed, and migrates its
    /// schema to [`SCHEMA_VERSION`].
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Self::open_up_to(path.as_ref(), SCHEMA_VERSION)
    }

    /// Opens an existing store (error [`Error::Missing`] when there is no file),
    /// migrating it if needed.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(Error::Missing {
                path: path.to_path_buf(),
            });
        }
        Self::open(path)
    }

    /// Opens an existing store read-only (no migration: an older schema is an error).
    /// Safe to use while another process writes.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(Error::Missing {
                path: path.to_path_buf(),
            });
        }
        let open_err = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(open_err)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.check_identity(version)?;
        if version < SCHEMA_VERSION {
            return Err(Error::TooOld {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(store)
    }

    /// Opens and migrates only up to `target` (for tests of migrations).
    #[doc(hidden)]
    pub fn open_up_to(path: &Path, target: i64) -> Result<Store> {
        let open_err = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        if path.is_dir() {
            return Err(Error::Open {
                path: path.to_path_buf(),
                source: rusqlite::Error::InvalidPath(path.to_path_buf()),
            });
        }
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        // The first real read: a file that is not SQLite fails here.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(open_err)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.check_identity(version)?;
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::NoWal {
                path: path.to_path_buf(),
                mode,
            });
        }
        store
            .conn
            .execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(open_err)?;
        store.migrate(version, target)?;
        Ok(store)
    }

    fn check_identity(&self, version: i64) -> Result<()> {
        let path = || self.path.clone();
        let app: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|source| Error::Open {
                path: path(),
                source,
            })?;
        if version > SCHEMA_VERSION && app == APPLICATION_ID {
            return Err(Error::TooNew {
                path: path(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if app != APPLICATION_ID {
            let tables: i64 = self
                .conn
                .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
                .map_err(|source| Error::Open {
                    path: path(),
                    source,
                })?;
            if app != 0 || tables > 0 || version != 0 {
                return Err(Error::Foreign { path: path() });
            }
        }
        Ok(())
    }

    fn migrate(&mut self, from: i64, to: i64) -> Result<()> {
        for version in from + 1..=to {
            let migration = &MIGRATIONS[(version - 1) as usize];
            let mig = |source| Error::Migration {
                path: self.path.clone(),
                version,
                source,
            };
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(mig)?;
            // Another process may have migrated while we waited for the lock.
            let now: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(mig)?;
            if now >= version {
                continue;
            }
            tx.execute_batch(migration.sql).map_err(mig)?;
            if let Some(code) = migration.code {
                code(&tx).map_err(|e| match e {
                    Error::Sqlite(source) => mig(source),
                    other => other,
                })?;
            }
            tx.execute_batch(&format!(
                "PRAGMA user_version = {version}; PRAGMA application_id = {APPLICATION_ID};"
            ))
            .map_err(mig)?;
            tx.commit().map_err(mig)?;
        }
        Ok(())
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The path the store was opened at.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stores one article and its events in one transaction, then deduplicates.
    pub fn ingest(&mut self, article: &Article, events: &[Event]) -> Result<Ingested> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut run = Run::default();
        let r = ingest_one(&tx, article, events, &mut run)?;
        settle(&tx, run)?;
        tx.commit()?;
        Ok(r)
    }

    /// Stores several articles in one transaction: all of them or, after a crash,
    /// none.
    pub fn ingest_batch(&mut self, items: &[(Article, Vec<Event>)]) -> Result<Vec<Ingested>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut out = Vec::with_capacity(items.len());
        let mut run = Run::default();
        for (article, events) in items {
            out.push(ingest_one(&tx, article, events, &mut run)?);
        }
        settle(&tx, run)?;
        tx.commit()?;
        Ok(out)
    }

    /// How many articles, events and canonical events are stored.
    pub fn stats(&self) -> Result<Stats> {
        let count = |t: &str| -> Result<u64> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| {
                    r.get::<_, i64>(0)
                })? as u64)
        };
        Ok(Stats {
            articles: count("articles")?,
            events: count("events")?,
            canonical: count("canonical")?,
        })
    }

    /// The canonical events matching `filter`, sorted by date then event id.
    pub fn export(&self, filter: &Filter) -> Result<Vec<Event>> {
        let mut out = Vec::new();
        self.export_each(filter, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Like [`Store::export`], handing each event to `f` as it is read.
    pub fn export_each(
        &self,
        filter: &Filter,
        mut f: impl FnMut(Event) -> Result<()>,
    ) -> Result<()> {
        let mut sql = String::from("SELECT event_id, json FROM canonical WHERE 1 = 1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let date = |s: &str, what: &str| -> Result<String> {
            if dedup::day_number(s).is_none() {
                return Err(Error::Filter(format!(
                    "{what} {s:?}: expected a date YYYY-MM-DD"
                )));
            }
            Ok(s.to_string())
        };
        if let Some(s) = &filter.since {
            sql.push_str(" AND event_date >= ?");
            args.push(date(s, "since")?.into());
        }
        if let Some(s) = &filter.until {
            sql.push_str(" AND event_date <= ?");
            args.push(date(s, "until")?.into());
        }
        if let Some(c) = &filter.country {
            sql.push_str(" AND (country_iso3 = upper(?) OR country = ? COLLATE NOCASE)");
            args.push(c.trim().to_string().into());
            args.push(c.trim().to_string().into());
        }
        if let Some(a) = &filter.admin1 {
            sql.push_str(" AND admin1 = ? COLLATE NOCASE");
            args.push(a.trim().to_string().into());
        }
        if let Some(t) = &filter.event_type {
            sql.push_str(" AND event_type = ? COLLATE NOCASE");
            args.push(t.trim().to_string().into());
        }
        if let Some(a) = &filter.actor {
            sql.push_str(" AND instr(actors, ?) > 0");
            args.push(a.trim().to_lowercase().into());
        }
        if let Some([x0, y0, x1, y1]) = filter.bbox {
            if [x0, y0, x1, y1].iter().any(|v| !v.is_finite()) || x0 > x1 || y0 > y1 {
                return Err(Error::Filter(format!(
                    "bbox {x0},{y0},{x1},{y1}: expected min_lon,min_lat,max_lon,max_lat with min <= max"
                )));
            }
            sql.push_str(" AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?");
            args.extend([x0, x1, y0, y1].map(rusqlite::types::Value::from));
        }
        sql.push_str(" ORDER BY event_date, event_id");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let json: String = row.get(1)?;
            let event =
                serde_json::from_str(&json).map_err(|source| Error::Corrupt { key: id, source })?;
            f(event)?;
        }
        Ok(())
    }

    /// The per-article events (with their evidence) that a canonical event groups,
    /// sorted by article id and ordinal; empty for an unknown id.
    pub fn members(&self, canonical_event_id: &str) -> Result<Vec<Event>> {
        let mut stmt = self.conn.prepare(
            "SELECT e.article_id, e.ordinal, e.json FROM canonical c
             JOIN canonical_members m ON m.canonical_id = c.id
             JOIN events e ON e.rowid = m.event_rowid
             WHERE c.event_id = ? ORDER BY e.article_id, e.ordinal",
        )?;
        let rows = stmt.query_map([canonical_event_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (a, o, json) = row?;
            out.push(parse_event(&format!("{a}#{o}"), &json)?);
        }
        Ok(out)
    }

    /// Checks the file and the store's structure: SQLite integrity, foreign keys,
    /// every event in exactly one canonical event, no canonical event without
    /// members, each canonical id matching its members. Linear in the size of the
    /// file; returns the problems found (empty when all is well).
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let strings = |sql: &str| -> Result<Vec<String>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        for s in strings("PRAGMA integrity_check")? {
            if s != "ok" {
                problems.push(format!("integrity: {s}"));
            }
        }
        if !problems.is_empty() {
            return Ok(problems);
        }
        for s in strings(
            "SELECT \"table\" || ' row ' || coalesce(rowid, '?') || ' -> ' || parent FROM pragma_foreign_key_check",
        )? {
            problems.push(format!("foreign key: {s}"));
        }
        for s in strings(
            "SELECT e.article_id || '#' || e.ordinal FROM events e LEFT JOIN articles a ON a.id = e.article_id
             WHERE a.id IS NULL",
        )? {
            problems.push(format!("event {s} belongs to no stored article"));
        }
        for s in strings(
            "SELECT e.article_id || '#' || e.ordinal FROM events e
             LEFT JOIN canonical_members m ON m.event_rowid = e.rowid WHERE m.event_rowid IS NULL",
        )? {
            problems.push(format!("event {s} belongs to no canonical event"));
        }
        for s in strings(
            "SELECT 'member ' || m.event_rowid || ' -> canonical ' || m.canonical_id FROM canonical_members m
             LEFT JOIN canonical c ON c.id = m.canonical_id WHERE c.id IS NULL",
        )? {
            problems.push(format!("dangling {s}"));
        }
        for s in strings(
            "SELECT c.event_id FROM canonical c LEFT JOIN canonical_members m ON m.canonical_id = c.id
             WHERE m.canonical_id IS NULL",
        )? {
            problems.push(format!("canonical event {s} has no member"));
        }
        // Each canonical id is the hash of its member keys: one pass, in id order.
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.event_id, e.article_id, e.ordinal FROM canonical c
             JOIN canonical_members m ON m.canonical_id = c.id
             JOIN events e ON e.rowid = m.event_rowid ORDER BY c.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut current: Option<Group> = None;
        let mut finish = |c: Option<Group>| {
            if let Some((_, event_id, keys)) = c {
                let expected = dedup::canonical_id(keys.iter().map(|(a, o)| (a.as_str(), *o)));
                if expected != event_id {
                    let mut ids: Vec<&str> = keys.iter().map(|(a, _)| a.as_str()).collect();
                    ids.dedup();
                    problems.push(format!(
                        "canonical event {event_id} does not match its members (article_ids {ids:?}, expected id {expected})"
                    ));
                }
            }
        };
        while let Some(row) = rows.next()? {
            let (id, event_id, a, o): (i64, String, String, i64) =
                (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
            match &mut current {
                Some((cid, _, keys)) if *cid == id => keys.push((a, o as u32)),
                _ => {
                    finish(current.take());
                    current = Some((id, event_id, vec![(a, o as u32)]));
                }
            }
        }
        finish(current.take());
        Ok(problems)
    }

    /// [`Store::check`], then the content: the dedup columns of each event agree
    /// with its stored JSON, each canonical event is what its members make, and
    /// the clusters are what clustering all stored events from scratch gives.
    /// Reads every event once and clusters them by sorting (see
    /// [`dedup::cluster`]): for large files it takes a while.
    pub fn check_deep(&self) -> Result<Vec<String>> {
        let mut problems = self.check()?;
        if problems.iter().any(|p| p.starts_with("integrity")) {
            return Ok(problems);
        }
        // Columns against JSON, and the stored partition.
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {KEY_COLUMNS}, e.ordinal, e.json FROM events e
             LEFT JOIN canonical_members m ON m.event_rowid = e.rowid ORDER BY e.rowid"
        ))?;
        let mut rows = stmt.query([])?;
        let mut keys = Vec::new();
        let mut stored: Vec<Option<i64>> = Vec::new();
        let mut names = Vec::new();
        let mut by_canonical: BTreeMap<i64, Vec<(String, u32, Event)>> = BTreeMap::new();
        while let Some(row) = rows.next()? {
            let (_, cid, key) = key_from_row(row)?;
            let ordinal: i64 = row.get(15)?;
            let json: String = row.get(16)?;
            let name = format!("{}#{ordinal}", key.article);
            match serde_json::from_str::<Event>(&json) {
                Ok(e) => {
                    let mut fresh = dedup::Key::of(&e);
                    fresh.article = key.article.clone();
                    // JSON may round a coordinate's last bit differently.
                    let near = |a: Option<f64>, b: Option<f64>| match (a, b) {
                        (Some(x), Some(y)) => (x - y).abs() <= 1e-9,
                        (x, y) => x.is_none() && y.is_none(),
                    };
                    if near(fresh.lat, key.lat) && near(fresh.lon, key.lon) {
                        (fresh.lat, fresh.lon) = (key.lat, key.lon);
                    }
                    if fresh != key {
                        problems.push(format!(
                            "event {name}: dedup columns do not match its stored JSON"
                        ));
                    }
                    if let Some(cid) = cid {
                        by_canonical.entry(cid).or_default().push((
                            key.article.clone(),
                            ordinal as u32,
                            e,
                        ));
                    }
                }
                Err(e) => problems.push(format!("event {name}: stored JSON does not parse: {e}")),
            }
            keys.push(key);
            stored.push(cid);
            names.push(name);
        }
        drop(rows);
        // Canonical events against their members.
        let mut canon_stmt = self
            .conn
            .prepare("SELECT id, event_id, json FROM canonical")?;
        let canon: Vec<(i64, String, String)> = canon_stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        for (id, event_id, json) in canon {
            let Some(events) = by_canonical.get(&id) else {
                continue;
            };
            let members: Vec<Member<'_>> = events
                .iter()
                .map(|(a, o, e)| Member {
                    article_id: a,
                    ordinal: *o,
                    event: e,
                })
                .collect();
            let Some(expected) = dedup::canonical(&members) else {
                continue;
            };
            match serde_json::from_str::<Event>(&json) {
                Err(_) => problems.push(format!(
                    "canonical event {event_id}: stored JSON does not parse"
                )),
                Ok(s) if s != expected || s.event_id != event_id => problems.push(format!(
                    "canonical event {event_id} does not match its members (article_ids {:?}, expected {:?})",
                    s.article_ids, expected.article_ids
                )),
                Ok(_) => {}
            }
        }
        // The partition against clustering from scratch.
        let labels = dedup::cluster(&keys);
        let mut label_of_cid: BTreeMap<i64, usize> = BTreeMap::new();
        let mut cid_of_label: BTreeMap<usize, i64> = BTreeMap::new();
        for (i, cid) in stored.iter().enumerate() {
            let Some(cid) = *cid else { continue };
            let l = labels[i];
            if *label_of_cid.entry(cid).or_insert(l) != l {
                problems.push(format!(
                    "event {}: its canonical event holds events that are not reports of one event",
                    names[i]
                ));
            }
            if *cid_of_label.entry(l).or_insert(cid) != cid {
                problems.push(format!(
                    "event {}: a report of the same event as {} is in another canonical event",
                    names[i], names[l]
                ));
            }
        }
        Ok(problems)
    }

    /// Rebuilds every cluster from scratch (after the dedup rules changed).
    pub fn recluster(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        rebuild_clusters(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

fn parse_event(key: &str, json: &str) -> Result<Event> {
    serde_json::from_str(json).map_err(|source| Error::Corrupt {
        key: key.to_string(),
        source,
    })
}

/// The event columns that make a [`dedup::Key`], with the event's rowid and
/// canonical id (`e` is `events`, `m` is `canonical_members`).
const KEY_COLUMNS: &str = "e.rowid, m.canonical_id, e.article_id, e.day, e.time_precision, \
     e.country_iso3, e.admin1, e.admin2, e.lat, e.lon, e.geo_precision, e.event_type, \
     e.sub_event_type, e.actor_keys, e.perpetrator";

/// (rowid, canonical id, key) of a row selected with [`KEY_COLUMNS`] first.
fn key_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Option<i64>, dedup::Key)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        dedup::Key {
            article: r.get(2)?,
            day: r.get(3)?,
            time_precision: r.get(4)?,
            country: r.get(5)?,
            admin1: r.get::<_, String>(6)?.trim().to_lowercase(),
            admin2: r.get::<_, String>(7)?.trim().to_lowercase(),
            lat: r.get(8)?,
            lon: r.get(9)?,
            geo_precision: r.get(10)?,
            event_type: r.get(11)?,
            sub_event_type: r.get(12)?,
            actors: r.get(13)?,
            perpetrator: r.get(14)?,
        },
    ))
}

/// A canonical event and its member keys: (id, event id, [(article id, ordinal)]).
type Group = (i64, String, Vec<(String, u32)>);

/// A stored event near another: rowid, canonical id, key.
type Neighbour = (i64, i64, dedup::Key);

/// Which stored events [`neighbours`] returns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// Placed events that may be strongly linked to a placed key.
    Strong,
    /// Events of the same type that may be weakly linked to a placeless key.
    WeakAll,
    /// Placeless events of the same type that may be weakly linked to a placed key.
    WeakPlaceless,
}

/// Stored events of the same country, from other articles, in the date window of
/// `k`, that [`dedup::link`] may link to it (a superset, found through indexes;
/// the caller applies `link`).
fn neighbours(conn: &Connection, k: &dedup::Key, want: Want) -> Result<Vec<Neighbour>> {
    let Some(day) = k.day else {
        return Ok(Vec::new());
    };
    if k.country.is_empty() {
        return Ok(Vec::new());
    }
    // Exact days match within EXACT_DAYS of exact days; anything vaguer within the
    // widest window.
    let (near, window) = if k.time_precision <= 1 {
        (dedup::EXACT_DAYS, dedup::WINDOW_DAYS)
    } else {
        (dedup::WINDOW_DAYS, dedup::WINDOW_DAYS)
    };
    let base = format!(
        "SELECT {KEY_COLUMNS} FROM events e JOIN canonical_members m ON m.event_rowid = e.rowid
         WHERE e.country_iso3 = ?1 AND e.day BETWEEN ?2 AND ?3 AND e.article_id <> ?4
         AND (e.day BETWEEN ?5 AND ?6 OR e.time_precision > 1)"
    );
    let mut out = Vec::new();
    let collect = |rows: rusqlite::MappedRows<'_, _>, out: &mut Vec<Neighbour>| -> Result<()> {
        for row in rows {
            let (rowid, cid, key): (i64, Option<i64>, dedup::Key) = row?;
            if let Some(cid) = cid {
                out.push((rowid, cid, key));
            }
        }
        Ok(())
    };
    match want {
        Want::Strong => {
            // Both with precise coordinates within a box a little larger than
            // MAX_KM, or one of them without them and the same admin1.
            let (lat, lon) = k.coords().unwrap_or((f64::NAN, f64::NAN));
            let dlat = dedup::MAX_KM / 111.0 + 0.01;
            let dlon = if lat.abs() < 80.0 {
                dlat / lat.to_radians().cos()
            } else {
                360.0
            };
            let finite = |x: f64| if x.is_finite() { Some(x) } else { None };
            let mut stmt = conn.prepare_cached(&format!(
                "{base} AND e.placeless = 0
                 AND ((e.lat BETWEEN ?7 AND ?8 AND e.lon BETWEEN ?9 AND ?10 AND e.geo_precision < 3)
                      OR ((?12 = 0 OR e.lat IS NULL OR e.lon IS NULL OR e.geo_precision >= 3)
                          AND e.admin1 = ?11 COLLATE NOCASE))"
            ))?;
            let rows = stmt.query_map(
                params![
                    k.country,
                    day - window,
                    day + window,
                    k.article,
                    day - near,
                    day + near,
                    finite(lat - dlat),
                    finite(lat + dlat),
                    finite(lon - dlon),
                    finite(lon + dlon),
                    k.admin1,
                    k.coords().is_some(),
                ],
                key_from_row,
            )?;
            collect(rows, &mut out)?;
        }
        Want::WeakAll | Want::WeakPlaceless => {
            let only = if want == Want::WeakPlaceless {
                " AND e.placeless = 1"
            } else {
                ""
            };
            let mut stmt = conn.prepare_cached(&format!("{base} AND e.event_type = ?7{only}"))?;
            let rows = stmt.query_map(
                params![
                    k.country,
                    day - window,
                    day + window,
                    k.article,
                    day - near,
                    day + near,
                    k.event_type,
                ],
                key_from_row,
            )?;
            collect(rows, &mut out)?;
        }
    }
    Ok(out)
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// What one ingest transaction changed, for [`settle`].
#[derive(Default)]
struct Run {
    /// Canonical events whose members changed.
    touched: BTreeSet<i64>,
    /// Canonical events that absorbed others.
    merged: BTreeSet<i64>,
    /// New placed events (rowid, key).
    placed: Vec<(i64, dedup::Key)>,
    /// New placeless events.
    placeless: Vec<i64>,
}

/// Inserts an empty canonical event row, to be filled by [`recompute`]; its
/// event id is `pending-` and its row id until then.
fn new_canonical(tx: &Transaction<'_>) -> Result<i64> {
    let id: i64 = tx
        .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM canonical")?
        .query_row([], |r| r.get(0))?;
    tx.prepare_cached(
        "INSERT INTO canonical (id, event_id, event_date, country_iso3, country, admin1, event_type,
         fatalities, actors, json) VALUES (?1, 'pending-' || ?1, '', '', '', '', '', 0, '', '{}')",
    )?
    .execute([id])?;
    Ok(id)
}

fn ingest_one(
    tx: &Transaction<'_>,
    article: &Article,
    events: &[Event],
    run: &mut Run,
) -> Result<Ingested> {
    let hash = dedup::content_hash(&article.text);
    let url = article
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let existing: Option<(String, Option<String>, String)> = tx
        .prepare_cached("SELECT id, url, content_hash FROM articles WHERE id = ?1 OR url = ?2 OR content_hash = ?3 LIMIT 1")?
        .query_row(params![article.id, url, hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    if let Some((id, old_url, old_hash)) = existing {
        let reason = if id == article.id {
            DuplicateReason::SameId
        } else if url.is_some() && old_url.as_deref() == url {
            DuplicateReason::SameUrl
        } else {
            debug_assert_eq!(old_hash, hash);
            DuplicateReason::SameText
        };
        return Ok(Ingested::Duplicate { of: id, reason });
    }
    tx.prepare_cached(
        "INSERT INTO articles (id, url, source, published, lang, title, text, content_hash, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        article.id,
        url,
        article.source,
        article.published,
        article.lang,
        article.title,
        article.text,
        hash,
        unix_now()
    ])?;

    for (ordinal, event) in events.iter().enumerate() {
        let mut event = event.clone();
        event.article_id = Some(article.id.clone());
        event.article_ids = Vec::new();
        let json = serde_json::to_string(&event).map_err(|source| Error::Corrupt {
            key: format!("{}#{ordinal}", article.id),
            source,
        })?;
        let key = dedup::Key::of(&event);
        // Link to the clusters of strongly linked stored events (before inserting
        // this one); a placeless event waits for `settle`.
        let linked: BTreeSet<i64> = if key.placeless() {
            BTreeSet::new()
        } else {
            neighbours(tx, &key, Want::Strong)?
                .into_iter()
                .filter(|(_, _, c)| dedup::link(&key, c) == dedup::Link::Strong)
                .map(|(_, cid, _)| cid)
                .collect()
        };
        let rowid = insert_event(tx, &article.id, ordinal as i64, &event, &key, &json)?;
        let cid = match linked.first() {
            None => new_canonical(tx)?,
            Some(&keep) => {
                for &other in linked.iter().skip(1) {
                    tx.prepare_cached(
                        "UPDATE canonical_members SET canonical_id = ?1 WHERE canonical_id = ?2",
                    )?
                    .execute([keep, other])?;
                    tx.prepare_cached("DELETE FROM canonical WHERE id = ?1")?
                        .execute([other])?;
                    run.touched.remove(&other);
                    run.merged.remove(&other);
                    run.merged.insert(keep);
                }
                keep
            }
        };
        tx.prepare_cached(
            "INSERT INTO canonical_members (event_rowid, canonical_id) VALUES (?1, ?2)",
        )?
        .execute([rowid, cid])?;
        run.touched.insert(cid);
        if key.placeless() {
            run.placeless.push(rowid);
        } else {
            run.placed.push((rowid, key));
        }
    }
    Ok(Ingested::New {
        events: events.len(),
    })
}

fn insert_event(
    tx: &Transaction<'_>,
    article_id: &str,
    ordinal: i64,
    event: &Event,
    key: &dedup::Key,
    json: &str,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO events (article_id, ordinal, event_date, day, country_iso3, admin1, event_type,
         sub_event_type, lat, lon, geo_precision, fatalities, actor1, actor2, json,
         time_precision, admin2, actor_keys, perpetrator, placeless)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    )?
    .execute(params![
        article_id,
        ordinal,
        event.event_date,
        key.day,
        event.country_iso3,
        event.admin1,
        event.event_type,
        event.sub_event_type,
        event.latitude,
        event.longitude,
        event.geo_precision,
        event.fatalities,
        event.actor1,
        event.actor2,
        json,
        event.time_precision,
        event.admin2,
        key.actors,
        key.perpetrator,
        key.placeless(),
    ])?;
    Ok(tx.last_insert_rowid())
}

/// The second stage of clustering (see [`dedup::cluster`]) for what a transaction
/// changed: the placeless events whose attachment may have changed (new ones,
/// those linked to new placed events or to members of merged clusters, those in
/// changed clusters, and the placeless events linked to any of these) are taken
/// out of their clusters and attached again; then the changed canonical events
/// are recomputed.
fn settle(tx: &Transaction<'_>, mut run: Run) -> Result<()> {
    let mut todo: Vec<i64> = std::mem::take(&mut run.placeless);
    let mut sources: Vec<dedup::Key> = run.placed.drain(..).map(|(_, k)| k).collect();
    for &cid in &run.merged {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {KEY_COLUMNS} FROM canonical_members m JOIN events e ON e.rowid = m.event_rowid
             WHERE m.canonical_id = ?1 AND e.placeless = 0"
        ))?;
        for row in stmt.query_map([cid], key_from_row)? {
            sources.push(row?.2);
        }
    }
    for k in &sources {
        for (rowid, _, p) in neighbours(tx, k, Want::WeakPlaceless)? {
            if dedup::link(k, &p) == dedup::Link::Weak {
                todo.push(rowid);
            }
        }
    }
    for &cid in &run.touched {
        let mut stmt = tx.prepare_cached(
            "SELECT m.event_rowid FROM canonical_members m JOIN events e ON e.rowid = m.event_rowid
             WHERE m.canonical_id = ?1 AND e.placeless = 1",
        )?;
        for row in stmt.query_map([cid], |r| r.get::<_, i64>(0))? {
            todo.push(row?);
        }
    }
    if todo.is_empty() {
        return recompute_all(tx, &run.touched);
    }
    // Close over weak links between placeless events; note the placed neighbours.
    let mut index: BTreeMap<i64, usize> = BTreeMap::new();
    let mut rows: Vec<i64> = Vec::new();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut placed_links: Vec<(usize, i64)> = Vec::new();
    let mut key_stmt = tx.prepare_cached(&format!(
        "SELECT {KEY_COLUMNS} FROM events e JOIN canonical_members m ON m.event_rowid = e.rowid
         WHERE e.rowid = ?1"
    ))?;
    let mut i = 0;
    while i < todo.len() {
        let rowid = todo[i];
        i += 1;
        if index.contains_key(&rowid) {
            continue;
        }
        let me = rows.len();
        index.insert(rowid, me);
        rows.push(rowid);
        let Some((_, _, key)) = key_stmt.query_row([rowid], key_from_row).optional()? else {
            continue;
        };
        for (other, cid, k) in neighbours(tx, &key, Want::WeakAll)? {
            if dedup::link(&key, &k) != dedup::Link::Weak {
                continue;
            }
            if k.placeless() {
                todo.push(other);
                if let Some(&j) = index.get(&other) {
                    edges.push((me, j));
                } else {
                    // Recorded from the other side when it is visited.
                }
            } else {
                placed_links.push((me, cid));
            }
        }
    }
    // Edges between placeless events were found from both ends: the second visit
    // records them; group the rows.
    let mut groups = dedup::UnionFind::new(rows.len());
    for (a, b) in edges {
        groups.union(a, b);
    }
    // Take them out of their clusters, then attach each group.
    let mut old_stmt =
        tx.prepare_cached("SELECT canonical_id FROM canonical_members WHERE event_rowid = ?1")?;
    for &rowid in &rows {
        if let Some(cid) = old_stmt
            .query_row([rowid], |r| r.get::<_, i64>(0))
            .optional()?
        {
            run.touched.insert(cid);
        }
    }
    // Placed members keep their clusters: the targets are read after detaching,
    // but detaching moves placeless events only.
    let mut targets: BTreeMap<usize, BTreeSet<i64>> = BTreeMap::new();
    for (me, cid) in placed_links {
        targets.entry(groups.min_of(me)).or_default().insert(cid);
    }
    let mut home: BTreeMap<usize, i64> = BTreeMap::new();
    for g in (0..rows.len()).map(|i| groups.min_of(i)) {
        if home.contains_key(&g) {
            continue;
        }
        let cid = match targets.get(&g) {
            Some(t) if t.len() == 1 => *t.iter().next().unwrap_or(&0),
            _ => new_canonical(tx)?,
        };
        home.insert(g, cid);
    }
    let mut move_stmt =
        tx.prepare_cached("UPDATE canonical_members SET canonical_id = ?2 WHERE event_rowid = ?1")?;
    for (i, &rowid) in rows.iter().enumerate() {
        let cid = home[&groups.min_of(i)];
        move_stmt.execute([rowid, cid])?;
        run.touched.insert(cid);
    }
    recompute_all(tx, &run.touched)
}

/// Recomputes changed canonical events; their ids are cleared first, so that a
/// recomputed id never collides with a stale one.
fn recompute_all(tx: &Transaction<'_>, cids: &BTreeSet<i64>) -> Result<()> {
    for &cid in cids {
        tx.prepare_cached("UPDATE canonical SET event_id = 'pending-' || id WHERE id = ?1")?
            .execute([cid])?;
    }
    for &cid in cids {
        recompute(tx, cid)?;
    }
    Ok(())
}

/// Clusters every stored event from scratch ([`dedup::cluster`]) and rewrites
/// the canonical events.
fn rebuild_clusters(tx: &Transaction<'_>) -> Result<()> {
    let mut stmt = tx.prepare(&format!(
        "SELECT {KEY_COLUMNS} FROM events e LEFT JOIN canonical_members m ON m.event_rowid = e.rowid
         ORDER BY e.rowid"
    ))?;
    let rows: Vec<(i64, Option<i64>, dedup::Key)> = stmt
        .query_map([], key_from_row)?
        .collect::<Result<_, _>>()?;
    drop(stmt);
    let keys: Vec<dedup::Key> = rows.iter().map(|(_, _, k)| k.clone()).collect();
    let labels = dedup::cluster(&keys);
    tx.execute_batch("DELETE FROM canonical_members; DELETE FROM canonical;")?;
    let mut cid_of: BTreeMap<usize, i64> = BTreeMap::new();
    for (i, (rowid, _, _)) in rows.iter().enumerate() {
        let cid = match cid_of.get(&labels[i]) {
            Some(&c) => c,
            None => {
                let c = new_canonical(tx)?;
                cid_of.insert(labels[i], c);
                c
            }
        };
        tx.prepare_cached(
            "INSERT INTO canonical_members (event_rowid, canonical_id) VALUES (?1, ?2)",
        )?
        .execute([*rowid, cid])?;
    }
    for cid in cid_of.into_values() {
        recompute(tx, cid)?;
    }
    Ok(())
}

/// Migration 3: fills the dedup columns from the stored JSON, then rebuilds the
/// clusters with this version's rules.
fn migrate_v3(tx: &Transaction<'_>) -> Result<()> {
    let rows: Vec<(i64, String, i64, String)> = tx
        .prepare("SELECT rowid, article_id, ordinal, json FROM events")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    for (rowid, a, o, json) in rows {
        let e = parse_event(&format!("{a}#{o}"), &json)?;
        let key = dedup::Key::of(&e);
        tx.prepare_cached(
            "UPDATE events SET time_precision = ?2, admin2 = ?3, actor_keys = ?4, perpetrator = ?5,
             placeless = ?6 WHERE rowid = ?1",
        )?
        .execute(params![
            rowid,
            e.time_precision,
            e.admin2,
            key.actors,
            key.perpetrator,
            key.placeless()
        ])?;
    }
    rebuild_clusters(tx)
}

/// Recomputes a canonical event from its members (deleting it when it has none).
fn recompute(tx: &Transaction<'_>, cid: i64) -> Result<()> {
    let rows: Vec<(String, i64, String)> = tx
        .prepare_cached(
            "SELECT e.article_id, e.ordinal, e.json FROM canonical_members m
             JOIN events e ON e.rowid = m.event_rowid WHERE m.canonical_id = ?1",
        )?
        .query_map([cid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut events = Vec::with_capacity(rows.len());
    for (a, o, json) in &rows {
        events.push((
            a.as_str(),
            *o as u32,
            parse_event(&format!("{a}#{o}"), json)?,
        ));
    }
    let members: Vec<Member<'_>> = events
        .iter()
        .map(|(a, o, e)| Member {
            article_id: a,
            ordinal: *o,
            event: e,
        })
        .collect();
    let Some(k) = dedup::canonical(&members) else {
        tx.prepare_cached("DELETE FROM canonical WHERE id = ?1")?
            .execute([cid])?;
        return Ok(());
    };
    let actors = [&k.actor1, &k.assoc_actor_1, &k.actor2, &k.assoc_actor_2]
        .iter()
        .map(|s| s.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    let json = serde_json::to_string(&k).map_err(|source| Error::Corrupt {
        key: k.event_id.clone(),
        source,
    })?;
    tx.prepare_cached(
        "UPDATE canonical SET event_id = ?2, event_date = ?3, country_iso3 = ?4, country = ?5, admin1 = ?6,
         event_type = ?7, lat = ?8, lon = ?9, fatalities = ?10, actors = ?11, json = ?12 WHERE id = ?1",
    )?
    .execute(params![
        cid,
        k.event_id,
        k.event_date,
        k.country_iso3,
        k.country,
        k.admin1,
        k.event_type,
        k.latitude,
        k.longitude,
        k.fatalities,
        actors,
        json
    ])?;
    Ok(())
}
