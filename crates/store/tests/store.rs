//! Tests of the store against real SQLite files, with articles and events written
//! for these tests.

use kibaru_core::{Article, Event};
use kibaru_store::{DuplicateReason, Error, Filter, Ingested, Store, SCHEMA_VERSION};
use std::path::PathBuf;

fn db(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kibaru-store-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

fn article(id: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        url: Some(format!("https://news.example/{id}")),
        source: Some(format!("Journal {id}")),
        published: Some("2025-02-06".into()),
        lang: Some("fr".into()),
        title: None,
        text: text.into(),
    }
}

/// A per-article event: an attack on civilians near a place (name, lat, lon).
fn event(article: &str, date: &str, place: (&str, f64, f64), fatalities: u32) -> Event {
    Event {
        event_id: format!("{article}-1"),
        event_date: date.into(),
        time_precision: 1,
        disorder_type: "Political violence".into(),
        event_type: "Violence against civilians".into(),
        sub_event_type: "Attack".into(),
        actor1: "JNIM: Group for Support of Islam and Muslims".into(),
        inter1: "Rebel group".into(),
        actor2: "Civilians (Mali)".into(),
        inter2: "Civilians".into(),
        interaction: "Rebel group-Civilians".into(),
        civilian_targeting: "Civilian targeting".into(),
        iso: 466,
        country: "Mali".into(),
        admin1: "Mopti".into(),
        location: place.0.into(),
        latitude: Some(place.1),
        longitude: Some(place.2),
        geo_precision: 1,
        source: format!("Journal {article}"),
        fatalities,
        article_id: Some(article.into()),
        country_iso3: "MLI".into(),
        lang: "fr".into(),
        confidence: 0.7,
        ..Event::default()
    }
}

const NANTAKA: (&str, f64, f64) = ("Nantaka", 14.55, -4.22);
const SEVARE: (&str, f64, f64) = ("Sevare", 14.53, -4.10);
const BONI: (&str, f64, f64) = ("Boni", 15.047, -1.97);
const GAO: (&str, f64, f64) = ("Gao", 16.27, -0.04);

fn jsonl(events: &[Event]) -> String {
    events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap() + "\n")
        .collect()
}

#[test]
fn ingesting_twice_changes_nothing() {
    let path = db("idempotent");
    let mut s = Store::open(&path).unwrap();
    let a = article(
        "a1",
        "Des hommes armés ont attaqué le village de Nantaka mardi.",
    );
    let ev = [event("a1", "2025-02-04", NANTAKA, 5)];
    assert_eq!(s.ingest(&a, &ev).unwrap(), Ingested::New { events: 1 });
    let before = s.stats().unwrap();
    let export = jsonl(&s.export(&Filter::default()).unwrap());
    assert_eq!(
        s.ingest(&a, &ev).unwrap(),
        Ingested::Duplicate {
            of: "a1".into(),
            reason: DuplicateReason::SameId
        }
    );
    // Same text with other case and spacing, other id and URL.
    let mut same_text = article(
        "a2",
        "des hommes armés  ont attaqué\nle village de NANTAKA mardi.",
    );
    same_text.url = None;
    assert_eq!(
        s.ingest(&same_text, &ev).unwrap(),
        Ingested::Duplicate {
            of: "a1".into(),
            reason: DuplicateReason::SameText
        }
    );
    // Same URL, other id and text.
    let mut same_url = article("a3", "Une autre version du même article.");
    same_url.url = a.url.clone();
    assert_eq!(
        s.ingest(&same_url, &[]).unwrap(),
        Ingested::Duplicate {
            of: "a1".into(),
            reason: DuplicateReason::SameUrl
        }
    );
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.stats().unwrap(), before);
    assert_eq!(before.articles, 1);
    assert_eq!(jsonl(&s.export(&Filter::default()).unwrap()), export);
    assert_eq!(s.check_deep().unwrap(), Vec::<String>::new());
}

#[test]
fn three_reports_of_one_attack_make_one_canonical_event() {
    let mut s = Store::open(db("three-reports")).unwrap();
    s.ingest(
        &article("r1", "Premier récit de l'attaque."),
        &[event("r1", "2025-02-04", NANTAKA, 7)],
    )
    .unwrap();
    s.ingest(
        &article("r2", "Deuxième récit de l'attaque."),
        &[event("r2", "2025-02-05", SEVARE, 5)],
    )
    .unwrap();
    let mut no_toll = event("r3", "2025-02-04", NANTAKA, 0);
    no_toll.time_precision = 1;
    s.ingest(&article("r3", "Troisième récit, sans bilan."), &[no_toll])
        .unwrap();
    let out = s.export(&Filter::default()).unwrap();
    assert_eq!(out.len(), 1, "{out:#?}");
    let k = &out[0];
    assert_eq!(k.article_ids, ["r1", "r2", "r3"]);
    assert_eq!(k.fatalities, 5);
    assert_eq!(k.event_date, "2025-02-04");
    assert_eq!(k.location, "Nantaka");
    assert_eq!(k.source, "Journal r1; Journal r2; Journal r3");
    assert_eq!(k.article_id, None);
    assert!(k.event_id.starts_with('K'));
    assert_eq!(s.members(&k.event_id).unwrap().len(), 3);
    assert_eq!(s.stats().unwrap().canonical, 1);
    assert_eq!(s.check_deep().unwrap(), Vec::<String>::new());
}

#[test]
fn different_events_stay_apart() {
    let mut s = Store::open(db("apart")).unwrap();
    s.ingest(
        &article("n", "Attaque à Nantaka."),
        &[event("n", "2025-02-04", NANTAKA, 5)],
    )
    .unwrap();
    // Same day, 250 km away.
    s.ingest(
        &article("b", "Attaque à Boni."),
        &[event("b", "2025-02-04", BONI, 5)],
    )
    .unwrap();
    // Same place, a week later.
    s.ingest(
        &article("n2", "Nouvelle attaque à Nantaka."),
        &[event("n2", "2025-02-11", NANTAKA, 2)],
    )
    .unwrap();
    // Same place and day, other perpetrator named.
    let mut other = event("i", "2025-02-04", NANTAKA, 3);
    other.actor1 = "Islamic State Sahel Province".into();
    s.ingest(&article("i", "L'EIGS revendique une attaque."), &[other])
        .unwrap();
    let out = s.export(&Filter::default()).unwrap();
    assert_eq!(out.len(), 4, "{out:#?}");
    assert!(out.iter().all(|k| k.article_ids.len() == 1));
    assert_eq!(s.check_deep().unwrap(), Vec::<String>::new());
}

#[test]
fn two_events_of_one_article_never_merge_with_each_other() {
    let mut s = Store::open(db("same-article")).unwrap();
    let evs = [
        event("x", "2025-02-04", NANTAKA, 5),
        event("x", "2025-02-04", BONI, 2),
    ];
    s.ingest(&article("x", "Deux villages attaqués."), &evs)
        .unwrap();
    assert_eq!(s.stats().unwrap().canonical, 2);
    // A later report of the first one joins it only.
    s.ingest(
        &article("y", "Retour sur Nantaka."),
        &[event("y", "2025-02-04", NANTAKA, 4)],
    )
    .unwrap();
    let out = s.export(&Filter::default()).unwrap();
    let sizes: Vec<usize> = out.iter().map(|k| k.article_ids.len()).collect();
    assert_eq!(out.len(), 2, "{out:#?}");
    assert!(sizes.contains(&2) && sizes.contains(&1));
    assert_eq!(s.check_deep().unwrap(), Vec::<String>::new());
}

#[test]
fn a_late_report_bridges_two_clusters() {
    let mut s = Store::open(db("bridge")).unwrap();
    // 2025-02-01 and 2025-02-05 are 4 days apart: not linked directly.
    s.ingest(
        &article("p", "Premier."),
        &[event("p", "2025-02-01", NANTAKA, 6)],
    )
    .unwrap();
    s.ingest(
        &article("q", "Second."),
        &[event("q", "2025-02-05", NANTAKA, 4)],
    )
    .unwrap();
    assert_eq!(s.stats().unwrap().canonical, 2);
    s.ingest(
        &article("r", "Troisième."),
        &[event("r", "2025-02-03", NANTAKA, 0)],
    )
    .unwrap();
    let out = s.export(&Filter::default()).unwrap();
    assert_eq!(out.len(), 1, "{out:#?}");
    assert_eq!(out[0].article_ids, ["p", "q", "r"]);
    assert_eq!(out[0].fatalities, 4);
    assert_eq!(s.check_deep().unwrap(), Vec::<String>::new());
}

/// A set of articles with overlapping reports: several clusters, a bridge, a
/// month-precision report, an article with two events, events without coordinates.
fn corpus() -> Vec<(Article, Vec<Event>)> {
    let mut v = Vec::new();
    let mut add = |id: &str, events: Vec<Event>| {
        v.push((article(id, &format!("Texte de l'article {id}.")), events));
    };
    add("c01", vec![event("c01", "2025-02-04", NANTAKA, 7)]);
    add("c02", vec![event("c02", "2025-02-05", SEVARE, 5)]);
    add(
        "c03",
        vec![
            event("c03", "2025-02-06", NANTAKA, 0),
            event("c03", "2025-02-06", BONI, 2),
        ],
    );
    add("c04", vec![event("c04", "2025-02-07", BONI, 3)]);
    let mut month = event("c05", "2025-02-15", SEVARE, 9);
    month.time_precision = 3;
    add("c05", vec![month]);
    let mut vague = event("c06", "2025-02-08", GAO, 1);
    (
        vague.latitude,
        vague.longitude,
        vague.admin1,
        vague.location,
    ) = (None, None, "Gao".into(), String::new());
    add("c06", vec![vague]);
    let mut gao = event("c07", "2025-02-09", GAO, 2);
    gao.admin1 = "Gao".into();
    add("c07", vec![gao]);
    let mut battle = event("c08", "2025-02-09", GAO, 4);
    battle.admin1 = "Gao".into();
    battle.event_type = "Battles".into();
    battle.sub_event_type = "Armed clash".into();
    battle.actor2 = "Military Forces of Mali".into();
    add("c08", vec![battle]);
    add("c09", vec![event("c09", "2025-03-01", NANTAKA, 1)]);
    add("c10", vec![]);
    let mut bf = event("c11", "2025-02-04", NANTAKA, 8);
    (bf.country_iso3, bf.country, bf.iso) = ("BFA".into(), "Burkina Faso".into(), 854);
    add("c11", vec![bf]);
    add("c12", vec![event("c12", "2025-02-02", NANTAKA, 3)]);
    v
}

/// [`corpus`] and reports that name no place: one that only the Gao battle fits
/// (it joins it), and two that fit both Mopti and Boni clusters (they stay apart,
/// together).
fn corpus_with_placeless() -> Vec<(Article, Vec<Event>)> {
    let mut v = corpus();
    let placeless = |id: &str, date: &str| {
        let mut e = event(id, date, ("", 0.0, 0.0), 0);
        (e.latitude, e.longitude, e.admin1, e.geo_precision) = (None, None, String::new(), 3);
        e
    };
    let mut battle = placeless("c13", "2025-02-09");
    battle.event_type = "Battles".into();
    battle.sub_event_type = "Armed clash".into();
    battle.actor2 = "Military Forces".into();
    v.push((article("c13", "Texte de l'article c13."), vec![battle]));
    for id in ["c14", "c15"] {
        v.push((
            article(id, &format!("Texte de l'article {id}.")),
            vec![placeless(id, "2025-02-05")],
        ));
    }
    v
}

/// A fixed-seed shuffle (64-bit LCG, Fisher-Yates).
fn shuffle<T>(v: &mut [T], mut seed: u64) {
    for i in (1..v.len()).rev() {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = ((seed >> 33) % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

#[test]
fn export_does_not_depend_on_ingest_order() {
    let mut reference: Option<String> = None;
    for (n, seed) in [0u64, 1, 7, 42, 1234, 99_999, 5, 77]
        .into_iter()
        .enumerate()
    {
        let mut items = corpus_with_placeless();
        if seed != 0 {
            shuffle(&mut items, seed);
        }
        let mut s = Store::open(db(&format!("order-{n}"))).unwrap();
        if n % 2 == 0 {
            for (a, e) in &items {
                s.ingest(a, e).unwrap();
            }
        } else {
            for chunk in items.chunks(5) {
                s.ingest_batch(chunk).unwrap();
            }
        }
        assert_eq!(s.check_deep().unwrap(), Vec::<String>::new(), "seed {seed}");
        let out = jsonl(&s.export(&Filter::default()).unwrap());
        match &reference {
            None => reference = Some(out),
            Some(r) => assert_eq!(&out, r, "seed {seed}"),
        }
    }
    let r = reference.unwrap();
    // Mopti cluster (c01, c02, c03, c05, c12 bridged), Boni (c03, c04), Gao (c06, c07,
    // c08, and c13 without a place), Nantaka in March (c09), Burkina (c11), and
    // c14 + c15 (no place, Mopti or Boni).
    assert_eq!(r.lines().count(), 6, "{r}");
    let out: Vec<Event> = r
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids = |k: &Event| k.article_ids.join(",");
    let all: Vec<String> = out.iter().map(ids).collect();
    assert!(all.contains(&"c01,c02,c03,c05,c12".to_string()), "{all:?}");
    assert!(all.contains(&"c06,c07,c08,c13".to_string()), "{all:?}");
    assert!(all.contains(&"c14,c15".to_string()), "{all:?}");
}

#[test]
fn export_filters() {
    let mut s = Store::open(db("filters")).unwrap();
    for (a, e) in corpus() {
        s.ingest(&a, &e).unwrap();
    }
    let n = |f: Filter| s.export(&f).unwrap().len();
    assert_eq!(n(Filter::default()), 5);
    assert_eq!(
        n(Filter {
            country: Some("bfa".into()),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        n(Filter {
            country: Some("burkina faso".into()),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        n(Filter {
            country: Some("MLI".into()),
            ..Filter::default()
        }),
        4
    );
    assert_eq!(
        n(Filter {
            since: Some("2025-02-10".into()),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        n(Filter {
            until: Some("2025-02-04".into()),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        n(Filter {
            admin1: Some("gao".into()),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        n(Filter {
            event_type: Some("violence against civilians".into()),
            ..Filter::default()
        }),
        5
    );
    assert_eq!(
        n(Filter {
            event_type: Some("Protests".into()),
            ..Filter::default()
        }),
        0
    );
    assert_eq!(
        n(Filter {
            actor: Some("jnim".into()),
            ..Filter::default()
        }),
        5
    );
    assert_eq!(
        n(Filter {
            actor: Some("military forces".into()),
            ..Filter::default()
        }),
        0
    );
    // Around Boni only.
    assert_eq!(
        n(Filter {
            bbox: Some([-2.5, 14.8, -1.5, 15.3]),
            ..Filter::default()
        }),
        1
    );
    let bad = s
        .export(&Filter {
            since: Some("2025-13-01".into()),
            ..Filter::default()
        })
        .unwrap_err();
    assert!(bad.to_string().contains("since \"2025-13-01\""), "{bad}");
    let bad = s
        .export(&Filter {
            bbox: Some([1.0, 0.0, 0.0, 1.0]),
            ..Filter::default()
        })
        .unwrap_err();
    assert!(matches!(bad, Error::Filter(_)), "{bad}");
}

/// The schema of version 1 as kibaru 0.1 wrote it (frozen here: the migrations
/// must keep opening such files).
const V1_SCHEMA: &str = r#"
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
    PRAGMA application_id = 1263092289;
    PRAGMA user_version = 1;
"#;

#[test]
fn a_version_1_file_is_migrated_and_reclustered() {
    let path = db("migrate-v1");
    {
        // Written as kibaru 0.1 did, each event its own canonical event (the
        // migration must rebuild the clusters).
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(V1_SCHEMA).unwrap();
        let mut rowid = 0;
        for (a, events) in corpus() {
            conn.execute(
                "INSERT INTO articles (id, url, source, published, lang, title, text, content_hash, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7, 0)",
                rusqlite::params![a.id, a.url, a.source, a.published, a.lang, a.text, format!("hash-{}", a.id)],
            )
            .unwrap();
            for (ordinal, e) in events.iter().enumerate() {
                rowid += 1;
                let day: i64 = conn
                    .query_row(
                        "SELECT julianday(?1) - julianday('1970-01-01')",
                        [&e.event_date],
                        |r| r.get::<_, f64>(0),
                    )
                    .map(|d| d as i64)
                    .unwrap();
                conn.execute(
                    "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                    rusqlite::params![
                        rowid, a.id, ordinal as i64, e.event_date, day, e.country_iso3, e.admin1,
                        e.event_type, e.sub_event_type, e.latitude, e.longitude, e.geo_precision,
                        e.fatalities, e.actor1, e.actor2, serde_json::to_string(e).unwrap()
                    ],
                )
                .unwrap();
                conn.execute(
                    "INSERT INTO canonical VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, '', ?11)",
                    rusqlite::params![
                        rowid, format!("old-{rowid}"), e.event_date, e.country_iso3, e.country,
                        e.admin1, e.event_type, e.latitude, e.longitude, e.fatalities,
                        serde_json::to_string(e).unwrap()
                    ],
                )
                .unwrap();
                conn.execute("INSERT INTO canonical_members VALUES (?1, ?1)", [rowid])
                    .unwrap();
            }
        }
    }
    assert!(matches!(
        Store::open_read_only(&path),
        Err(Error::TooOld { found: 1, .. })
    ));
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.stats().unwrap().events, 12);
    assert_eq!(s.check_deep().unwrap(), Vec::<String>::new());
    // Clustered with today's rules: the same as ingesting the corpus anew.
    let mut fresh = Store::open(db("migrate-v1-fresh")).unwrap();
    for (a, e) in corpus() {
        fresh.ingest(&a, &e).unwrap();
    }
    assert_eq!(
        jsonl(&s.export(&Filter::default()).unwrap()),
        jsonl(&fresh.export(&Filter::default()).unwrap())
    );
    assert_eq!(s.export(&Filter::default()).unwrap().len(), 5);
    drop(s);
    let again = Store::open(&path).unwrap();
    assert_eq!(again.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_file_at_an_intermediate_version_is_migrated() {
    let path = db("migrate-v2");
    drop(Store::open_up_to(&path, 2).unwrap());
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.check_deep().unwrap(), Vec::<String>::new());
}

#[test]
fn a_newer_schema_is_refused() {
    let path = db("too-new");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&format!("PRAGMA user_version = {}", SCHEMA_VERSION + 5))
        .unwrap();
    drop(conn);
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, Error::TooNew { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("newer than this kibaru knows") && msg.contains("too-new.db"),
        "{msg}"
    );
}

#[test]
fn bad_paths_give_clear_errors() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kibaru-store-tests");
    std::fs::create_dir_all(&dir).unwrap();

    let missing_dir = dir.join("no-such-dir/x.db");
    let msg = Store::open(&missing_dir).unwrap_err().to_string();
    assert!(
        msg.starts_with("cannot open database ") && msg.contains("no-such-dir/x.db"),
        "{msg}"
    );

    let msg = Store::open(&dir).unwrap_err().to_string();
    assert!(msg.starts_with("cannot open database "), "{msg}");

    let text = dir.join("not-a-db.txt");
    std::fs::write(
        &text,
        "Ceci n'est pas une base de données, mais un texte assez long pour SQLite.\n".repeat(20),
    )
    .unwrap();
    let msg = Store::open(&text).unwrap_err().to_string();
    assert!(
        msg.contains("not-a-db.txt") && msg.contains("not a database"),
        "{msg}"
    );

    let foreign = db("foreign");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let msg = Store::open(&foreign).unwrap_err().to_string();
    assert!(msg.contains("not a kibaru store"), "{msg}");

    let msg = Store::open_existing(dir.join("absent.db"))
        .unwrap_err()
        .to_string();
    assert!(
        msg.starts_with("no database at ") && msg.contains("absent.db"),
        "{msg}"
    );
    assert!(!dir.join("absent.db").exists());
}

#[test]
fn check_reports_broken_invariants() {
    let path = db("broken");
    let mut s = Store::open(&path).unwrap();
    for (a, e) in corpus() {
        s.ingest(&a, &e).unwrap();
    }
    assert_eq!(s.check_deep().unwrap(), Vec::<String>::new());
    drop(s);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DELETE FROM canonical_members WHERE event_rowid = (SELECT min(rowid) FROM events)",
    )
    .unwrap();
    drop(conn);
    let problems = Store::open(&path).unwrap().check_deep().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("belongs to no canonical event")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("does not match its members")),
        "{problems:#?}"
    );
}

#[test]
fn the_file_uses_wal_and_foreign_keys() {
    let path = db("pragmas");
    let s = Store::open(&path).unwrap();
    drop(s);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let mut s = Store::open(&path).unwrap();
    // An event whose article is missing cannot be inserted behind the store's back...
    let err = conn
        .execute_batch("PRAGMA foreign_keys = ON; INSERT INTO canonical_members VALUES (12345, 1)")
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    // ...and a batch with a duplicate inside it stores the article once.
    let a = article("d", "Texte unique.");
    let out = s.ingest_batch(&[(a.clone(), vec![]), (a, vec![])]).unwrap();
    assert_eq!(
        out[1],
        Ingested::Duplicate {
            of: "d".into(),
            reason: DuplicateReason::SameId
        }
    );
    assert_eq!(s.stats().unwrap().articles, 1);
}
