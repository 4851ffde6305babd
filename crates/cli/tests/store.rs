//! End-to-end tests of `kibaru ingest`, `export` and `db check`: the real binary,
//! articles generated from templates written for these tests, the tiny gazetteer
//! in `tests/data/gazetteer`, and a real crash (SIGKILL) in the middle of an ingest.

use kibaru_store::{Filter, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn kibaru(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kibaru"))
        .args(args)
        .output()
        .expect("run kibaru")
}

fn gazetteer() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/gazetteer")
        .display()
        .to_string()
}

fn dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("kibaru-store-cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const VILLAGES: [&str; 10] = [
    "Nantaka",
    "Boni",
    "Hombori",
    "Serma",
    "Douentza",
    "Sévaré",
    "Gao",
    "Ségou",
    "Kobaka",
    "Tiénkoro",
];
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const NUMBERS: [&str; 6] = ["deux", "trois", "cinq", "sept", "une dizaine de", "douze"];

/// Article `i` of a generated corpus, as one JSONL line. Every third article
/// reports the same attack as the one before it (another outlet, other words),
/// so deduplication has work to do.
fn generated_article(i: usize) -> String {
    let k = if i % 3 == 2 { i - 1 } else { i };
    let village = VILLAGES[(k * 7) % VILLAGES.len()];
    let day = 1 + (k * 5) % 27;
    let month = (k / 9) % 12;
    let year = 2023 + (k / 108) % 3;
    let n = NUMBERS[k % NUMBERS.len()];
    let text = match i % 3 {
        0 => format!(
            "Des hommes armés non identifiés ont attaqué le village de {village} le {day} {} {year}, tuant {n} civils, \
             selon des sources locales. Les assaillants sont repartis à moto. (dépêche {i})",
            MONTHS[month]
        ),
        1 => format!(
            "Le {day} {} {year}, le village de {village} a été la cible d'une attaque d'hommes armés : {n} habitants \
             ont été tués, selon un élu local joint par téléphone. (dépêche {i})",
            MONTHS[month]
        ),
        _ => format!(
            "Selon un responsable local, {n} civils ont été tués lors de l'attaque du village de {village} le {day} {} \
             {year} par des hommes armés. (brève {i})",
            MONTHS[month]
        ),
    };
    let published = format!("{year}-{:02}-{:02}", month + 1, (day + 1).min(28));
    serde_json::json!({
        "id": format!("gen-{i:05}"),
        "url": format!("https://journal{}.example/article/{i}", i % 4),
        "source": format!("Journal {}", i % 4),
        "published": published,
        "lang": "fr",
        "text": text,
    })
    .to_string()
}

fn write_corpus(path: &Path, range: std::ops::Range<usize>) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in range {
        writeln!(f, "{}", generated_article(i)).unwrap();
    }
}

fn ingest(db: &Path, inputs: &[&str]) -> Output {
    let gaz = gazetteer();
    let mut args = vec!["ingest", "--db", s(db), "--gazetteer", gaz.as_str()];
    args.extend_from_slice(inputs);
    kibaru(&args)
}

fn export(db: &Path, extra: &[&str]) -> String {
    let mut args = vec!["export", "--db", s(db)];
    args.extend_from_slice(extra);
    let out = kibaru(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn check(db: &Path) -> Output {
    kibaru(&["db", "check", "--db", s(db)])
}

#[test]
fn ingest_is_idempotent_and_reports_bad_lines() {
    let d = dir("idempotent");
    let input = d.join("articles.jsonl");
    write_corpus(&input, 0..30);
    let mut text = std::fs::read_to_string(&input).unwrap();
    text.push_str("pas du JSON\n{\"id\":\"sans-texte\"}\n");
    std::fs::write(&input, text).unwrap();
    let db = d.join("k.db");

    let first = ingest(&db, &[s(&input)]);
    let err = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(1), "{err}");
    assert!(err.contains("articles.jsonl:31: not valid JSON"), "{err}");
    assert!(
        err.contains("articles.jsonl:32: no field \"text\""),
        "{err}"
    );
    assert!(
        err.contains("ingested 30 articles (0 duplicates skipped)"),
        "{err}"
    );
    let exported = export(&db, &[]);
    assert!(!exported.is_empty());

    let second = ingest(&db, &[s(&input)]);
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains("ingested 0 articles (30 duplicates skipped), 0 events"),
        "{err}"
    );
    assert_eq!(export(&db, &[]), exported);
    assert!(check(&db).status.success());
    let deep = kibaru(&["db", "check", "--deep", "--db", s(&db)]);
    assert!(
        deep.status.success(),
        "{}{}",
        String::from_utf8_lossy(&deep.stdout),
        String::from_utf8_lossy(&deep.stderr)
    );
}

#[test]
fn export_filters_and_formats() {
    let d = dir("filters");
    let input = d.join("articles.jsonl");
    write_corpus(&input, 0..60);
    let db = d.join("k.db");
    assert!(ingest(&db, &[s(&input)])
        .status
        .code()
        .is_some_and(|c| c == 0));

    let all: Vec<serde_json::Value> = export(&db, &[])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!all.is_empty());
    // Sorted by date, then id; canonical events carry article_ids.
    let keys: Vec<(String, String)> = all
        .iter()
        .map(|e| {
            (
                e["event_date"].as_str().unwrap().into(),
                e["event_id"].as_str().unwrap().into(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(all
        .iter()
        .all(|e| e["article_ids"].as_array().is_some_and(|a| !a.is_empty())));
    assert!(
        all.iter()
            .any(|e| e["article_ids"].as_array().unwrap().len() >= 2),
        "no report was merged"
    );

    let count = |extra: &[&str]| export(&db, extra).lines().count();
    let expect = |f: &dyn Fn(&serde_json::Value) -> bool| all.iter().filter(|e| f(e)).count();
    assert_eq!(
        count(&["--since", "2024-01-01"]),
        expect(&|e| e["event_date"].as_str().unwrap() >= "2024-01-01")
    );
    assert_eq!(
        count(&["--until", "2023-06-30"]),
        expect(&|e| e["event_date"].as_str().unwrap() <= "2023-06-30")
    );
    assert_eq!(
        count(&["--country", "mli"]),
        expect(&|e| e["country_iso3"] == "MLI")
    );
    assert_eq!(
        count(&["--country", "Mali"]),
        expect(&|e| e["country_iso3"] == "MLI")
    );
    assert_eq!(count(&["--country", "NER"]), 0);
    assert_eq!(
        count(&["--admin1", "mopti"]),
        expect(&|e| e["admin1"] == "Mopti")
    );
    assert_eq!(count(&["--type", "Protests"]), 0);
    let t = all[0]["event_type"].as_str().unwrap();
    assert_eq!(count(&["--type", t]), expect(&|e| e["event_type"] == t));
    assert_eq!(
        count(&["--actor", "unidentified"]),
        expect(&|e| e["actor1"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("unidentified")
            || e["actor2"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("unidentified"))
    );
    let in_box = |e: &serde_json::Value| {
        e["longitude"]
            .as_f64()
            .is_some_and(|x| (-2.5..=-1.5).contains(&x))
            && e["latitude"]
                .as_f64()
                .is_some_and(|y| (14.5..=15.5).contains(&y))
    };
    assert_eq!(count(&["--bbox", "-2.5,14.5,-1.5,15.5"]), expect(&in_box));

    let csv = export(&db, &["--format", "csv"]);
    assert!(csv.starts_with("event_id_cnty,event_date,year,"));
    assert_eq!(csv.lines().count(), all.len() + 1);
    let out = d.join("events.geojson");
    export(&db, &["--format", "geojson", "-o", s(&out)]);
    let g: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(g["features"].as_array().unwrap().len(), all.len());
    // Parquet: magic at both ends, the footer names ACLED's columns and kibaru's
    // (pyarrow reads the file back in `scripts/eval-grouping.sh`).
    let out = d.join("events.parquet");
    export(&db, &["--format", "parquet", "-o", s(&out)]);
    let pq = std::fs::read(&out).unwrap();
    assert!(pq.starts_with(b"PAR1") && pq.ends_with(b"PAR1"));
    let footer_len = u32::from_le_bytes(pq[pq.len() - 8..pq.len() - 4].try_into().unwrap());
    let footer = &pq[pq.len() - 8 - footer_len as usize..pq.len() - 8];
    for name in ["event_id_cnty", "sub_event_type", "article_ids", "evidence"] {
        assert!(
            footer.windows(name.len()).any(|w| w == name.as_bytes()),
            "{name} not in the footer"
        );
    }
    let first_id = all[0]["event_id"].as_str().unwrap();
    assert!(pq.windows(first_id.len()).any(|w| w == first_id.as_bytes()));

    let bad = kibaru(&["export", "--db", s(&db), "--bbox", "1,2,3"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--bbox"));
    let bad = kibaru(&["export", "--db", s(&db), "--since", "2024-02"]);
    assert_eq!(bad.status.code(), Some(2));
    let missing = kibaru(&["export", "--db", s(&d.join("absent.db"))]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no database at"));
}

/// Articles stored, and whether each has its events and canonical links.
fn consistency(db: &Path) -> u64 {
    let store = Store::open_read_only(db).unwrap();
    let problems = store.check().unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
    store.stats().unwrap().articles
}

/// Number of events of each stored article.
fn events_per_article(db: &Path) -> std::collections::BTreeMap<String, i64> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut stmt = conn
        .prepare("SELECT a.id, count(e.rowid) FROM articles a LEFT JOIN events e ON e.article_id = a.id GROUP BY a.id")
        .unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn a_killed_ingest_leaves_a_consistent_database_and_resumes() {
    const N: usize = 2000;
    let d = dir("crash");
    let input = d.join("articles.jsonl");
    write_corpus(&input, 0..N);
    let db = d.join("crashed.db");
    let gaz = gazetteer();

    let mut child = Command::new(env!("CARGO_BIN_EXE_kibaru"))
        .args([
            "ingest",
            "--db",
            s(&db),
            "--gazetteer",
            gaz.as_str(),
            s(&input),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until a batch is committed, then kill -9.
    let start = Instant::now();
    loop {
        let stored = Store::open_read_only(&db)
            .ok()
            .and_then(|s| s.stats().ok())
            .map_or(0, |s| s.articles);
        if stored > 0 {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("ingest ended ({status}) before the test saw any article stored");
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no article stored after 60 s"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();

    let out = check(&db);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let stored = consistency(&db);
    assert!(stored > 0);
    if status.success() {
        eprintln!("note: the ingest finished before it was killed ({stored} articles)");
    } else {
        assert!(
            stored < N as u64,
            "killed, yet all {stored} articles are stored"
        );
    }
    // Every stored article has all its events (compared below with a clean ingest).
    let crashed_counts = events_per_article(&db);
    assert_eq!(crashed_counts.len() as u64, stored);

    // Resume, then compare with a clean single ingest.
    let resumed = ingest(&db, &[s(&input)]);
    let err = String::from_utf8_lossy(&resumed.stderr);
    assert!(resumed.status.success(), "{err}");
    assert!(
        err.contains(&format!("({stored} duplicates skipped)")),
        "{err}"
    );
    let clean_db = d.join("clean.db");
    let clean = ingest(&clean_db, &[s(&input)]);
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    assert_eq!(consistency(&db), N as u64);
    let a = export(&db, &[]);
    let b = export(&clean_db, &[]);
    assert!(a.lines().count() > 0);
    assert!(a == b, "resumed and clean exports differ");
    let (sa, sb) = (
        Store::open_read_only(&db).unwrap().stats().unwrap(),
        Store::open_read_only(&clean_db).unwrap().stats().unwrap(),
    );
    assert_eq!(sa, sb);
    let clean_counts = events_per_article(&clean_db);
    for (id, n) in &crashed_counts {
        assert_eq!(clean_counts.get(id), Some(n), "article {id}");
    }
    // Filters through the library agree with the CLI.
    assert_eq!(
        Store::open_read_only(&db)
            .unwrap()
            .export(&Filter::default())
            .unwrap()
            .len(),
        a.lines().count()
    );
}

#[test]
fn undated_reports_join_the_incident_other_reports_date() {
    let d = dir("undated");
    let db = d.join("k.db");
    // The fixture `extract` is tested on: one copy dated by the others, one not.
    let input =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles/undated-reports.jsonl");
    let out = ingest(&db, &["--input-format", "jsonl", s(&input)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events: Vec<serde_json::Value> = export(&db, &["--format", "jsonl"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["event_date"], "2025-03-08");
    assert_eq!(
        events[0]["article_ids"],
        serde_json::json!(["copy", "dated"])
    );
    // Every article is stored, the one left undated without events.
    let store = Store::open_read_only(&db).unwrap();
    assert_eq!(store.stats().unwrap().articles, 3);
    assert!(check(&db).status.success());
}
