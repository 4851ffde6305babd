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
use std::collections::BTreeSet;
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

/// Migrations, in order: `MIGRATIONS[i]` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: articles, per-article events, canonical events and membership.
    r#"
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
    // 2: indexes for export filters.
    r#"
    CREATE INDEX canonical_by_date ON canonical (event_date, event_id);
    CREATE INDEX canonical_by_country ON canonical (country_iso3, event_date);
    CREATE INDEX canonical_by_place ON canonical (lon, lat);
    "#,
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
            let sql = MIGRATIONS[(version - 1) as usize];
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
            tx.execute_batch(sql).map_err(mig)?;
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
        let r = ingest_one(&tx, article, events)?;
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
        for (article, events) in items {
            out.push(ingest_one(&tx, article, events)?);
        }
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

    /// Checks the file and the store's invariants; returns the problems found
    /// (empty when all is well).
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
        if problems.iter().any(|p| p.starts_with("integrity")) {
            return Ok(problems);
        }
        // Canonical events must be what their members make, and clusters must be
        // connected components (no compatible pair across two canonical events).
        let mut stmt = self
            .conn
            .prepare("SELECT id, event_id, json FROM canonical ORDER BY id")?;
        let canon: Vec<(i64, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut members_stmt = self.conn.prepare(
            "SELECT e.rowid, e.article_id, e.ordinal, e.json FROM canonical_members m
             JOIN events e ON e.rowid = m.event_rowid WHERE m.canonical_id = ?",
        )?;
        for (id, event_id, json) in canon {
            let rows: Vec<(i64, String, i64, String)> = members_stmt
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<_, _>>()?;
            let mut events = Vec::new();
            for (_, a, o, j) in &rows {
                match serde_json::from_str::<Event>(j) {
                    Ok(e) => events.push((a.clone(), *o as u32, e)),
                    Err(e) => {
                        problems.push(format!("event {a}#{o}: stored JSON does not parse: {e}"))
                    }
                }
            }
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
            let stored: Option<Event> = serde_json::from_str(&json).ok();
            match stored {
                None => problems.push(format!("canonical event {event_id}: stored JSON does not parse")),
                Some(s) if s != expected || s.event_id != event_id => problems.push(format!(
                    "canonical event {event_id} does not match its members (article_ids {:?}, expected {:?})",
                    s.article_ids, expected.article_ids
                )),
                Some(_) => {}
            }
            for (_, _, e) in &events {
                for (other_id, other) in self.candidates(e)? {
                    if other_id != id && dedup::same_event(e, &other) {
                        problems.push(format!(
                            "canonical event {event_id}: member from {} matches a member of another canonical event",
                            e.article_id.as_deref().unwrap_or("?")
                        ));
                    }
                }
            }
        }
        Ok(problems)
    }

    /// Stored events that may report the same event as `e`: (canonical id, event).
    fn candidates(&self, e: &Event) -> Result<Vec<(i64, Event)>> {
        candidates(&self.conn, e)
    }
}

fn parse_event(key: &str, json: &str) -> Result<Event> {
    serde_json::from_str(json).map_err(|source| Error::Corrupt {
        key: key.to_string(),
        source,
    })
}

/// Stored events of the same country within the widest date window of `e`, from
/// other articles, with their canonical id.
fn candidates(conn: &Connection, e: &Event) -> Result<Vec<(i64, Event)>> {
    let Some(day) = dedup::day_number(&e.event_date) else {
        return Ok(Vec::new());
    };
    if e.country_iso3.is_empty() {
        return Ok(Vec::new());
    }
    // A superset of what dedup::same_event can accept: both with precise
    // coordinates (geo_precision < 3) within ~30 km (a box a little larger), or
    // one of them without precise coordinates and the same admin1.
    let precise = e.geo_precision < 3
        && e.latitude.is_some_and(f64::is_finite)
        && e.longitude.is_some_and(f64::is_finite);
    let (lat, lon) = match (e.latitude, e.longitude) {
        (Some(lat), Some(lon)) if precise => (lat, lon),
        _ => (f64::NAN, f64::NAN),
    };
    let dlat = dedup::MAX_KM / 111.0 + 0.01;
    let dlon = if lat.abs() < 80.0 {
        dlat / lat.to_radians().cos()
    } else {
        360.0
    };
    let mut stmt = conn.prepare_cached(
        "SELECT m.canonical_id, e.article_id, e.ordinal, e.json FROM events e
         JOIN canonical_members m ON m.event_rowid = e.rowid
         WHERE e.country_iso3 = ?1 AND e.day BETWEEN ?2 AND ?3 AND e.article_id <> ?4
         AND ((e.lat BETWEEN ?5 AND ?6 AND e.lon BETWEEN ?7 AND ?8 AND e.geo_precision < 3)
              OR ((?10 = 0 OR e.lat IS NULL OR e.lon IS NULL OR e.geo_precision >= 3)
                  AND e.admin1 = ?9 COLLATE NOCASE))",
    )?;
    let finite = |x: f64| if x.is_finite() { Some(x) } else { None };
    let rows = stmt.query_map(
        params![
            e.country_iso3,
            day - dedup::WINDOW_DAYS,
            day + dedup::WINDOW_DAYS,
            e.article_id.as_deref().unwrap_or(""),
            finite(lat - dlat),
            finite(lat + dlat),
            finite(lon - dlon),
            finite(lon + dlon),
            e.admin1.trim(),
            precise,
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (cid, a, o, json) = row?;
        out.push((cid, parse_event(&format!("{a}#{o}"), &json)?));
    }
    Ok(out)
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn ingest_one(tx: &Transaction<'_>, article: &Article, events: &[Event]) -> Result<Ingested> {
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

    let mut touched: BTreeSet<i64> = BTreeSet::new();
    for (ordinal, event) in events.iter().enumerate() {
        let mut event = event.clone();
        event.article_id = Some(article.id.clone());
        event.article_ids = Vec::new();
        let json = serde_json::to_string(&event).map_err(|source| Error::Corrupt {
            key: format!("{}#{ordinal}", article.id),
            source,
        })?;
        // Link to the clusters of compatible stored events (before inserting this one).
        let linked: BTreeSet<i64> = candidates(tx, &event)?
            .into_iter()
            .filter(|(_, c)| dedup::same_event(&event, c))
            .map(|(id, _)| id)
            .collect();
        tx.prepare_cached(
            "INSERT INTO events (article_id, ordinal, event_date, day, country_iso3, admin1, event_type,
             sub_event_type, lat, lon, geo_precision, fatalities, actor1, actor2, json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?
        .execute(params![
            article.id,
            ordinal as i64,
            event.event_date,
            dedup::day_number(&event.event_date),
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
            json
        ])?;
        let rowid = tx.last_insert_rowid();
        let cid = match linked.first() {
            None => {
                tx.prepare_cached(
                    "INSERT INTO canonical (event_id, event_date, country_iso3, country, admin1, event_type,
                     fatalities, actors, json) VALUES (?1, '', '', '', '', '', 0, '', '{}')",
                )?
                .execute([format!("pending-{rowid}")])?;
                tx.last_insert_rowid()
            }
            Some(&keep) => {
                for &other in linked.iter().skip(1) {
                    tx.prepare_cached(
                        "UPDATE canonical_members SET canonical_id = ?1 WHERE canonical_id = ?2",
                    )?
                    .execute([keep, other])?;
                    tx.prepare_cached("DELETE FROM canonical WHERE id = ?1")?
                        .execute([other])?;
                    touched.remove(&other);
                }
                keep
            }
        };
        tx.prepare_cached(
            "INSERT INTO canonical_members (event_rowid, canonical_id) VALUES (?1, ?2)",
        )?
        .execute([rowid, cid])?;
        touched.insert(cid);
    }
    for cid in touched {
        recompute(tx, cid)?;
    }
    Ok(Ingested::New {
        events: events.len(),
    })
}

/// Recomputes a canonical event from its members.
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
