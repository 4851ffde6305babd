//! Ingest throughput: ~5,000 generated articles reporting ~1,500 incidents at 40
//! Sahel places over a year (1 to 8 reports each, dates a day off, neighbouring
//! places, some reports with no place or only the month), stored in batches of 64
//! into a temporary SQLite file. Prints articles/s and checks the counts.
//!
//! `cargo bench -p kibaru-store --bench ingest` (or `cargo run --release` style:
//! `cargo bench` builds it optimised). `KIBARU_BENCH_ARTICLES` changes the size.

use kibaru_core::{Article, Event};
use kibaru_store::Store;
use std::time::Instant;

/// Places (name, admin1, admin2, lat, lon, country ISO3, country).
const PLACES: &[(&str, &str, &str, f64, f64, &str, &str)] = &[
    ("Mopti", "Mopti", "Mopti", 14.4843, -4.1827, "MLI", "Mali"),
    ("Sévaré", "Mopti", "Mopti", 14.5333, -4.0833, "MLI", "Mali"),
    ("Djenné", "Mopti", "Djenné", 13.9061, -4.5533, "MLI", "Mali"),
    (
        "Bandiagara",
        "Mopti",
        "Bandiagara",
        14.35,
        -3.6167,
        "MLI",
        "Mali",
    ),
    (
        "Bankass", "Mopti", "Bankass", 14.0667, -3.5167, "MLI", "Mali",
    ),
    ("Douentza", "Mopti", "Douentza", 15.0, -2.95, "MLI", "Mali"),
    ("Boni", "Mopti", "Douentza", 15.047, -1.97, "MLI", "Mali"),
    (
        "Hombori", "Mopti", "Douentza", 15.279, -1.7004, "MLI", "Mali",
    ),
    (
        "Ténenkou",
        "Mopti",
        "Ténenkou",
        14.4572,
        -4.9169,
        "MLI",
        "Mali",
    ),
    ("Gao", "Gao", "Gao", 16.2717, -0.0447, "MLI", "Mali"),
    ("Ansongo", "Gao", "Ansongo", 15.6597, 0.5022, "MLI", "Mali"),
    ("Ménaka", "Ménaka", "Ménaka", 15.9182, 2.4022, "MLI", "Mali"),
    (
        "Tombouctou",
        "Tombouctou",
        "Tombouctou",
        16.7735,
        -3.0074,
        "MLI",
        "Mali",
    ),
    (
        "Léré",
        "Tombouctou",
        "Niafunké",
        15.7156,
        -4.9142,
        "MLI",
        "Mali",
    ),
    ("Niono", "Ségou", "Niono", 14.2526, -5.9931, "MLI", "Mali"),
    ("Macina", "Ségou", "Macina", 13.9622, -5.3578, "MLI", "Mali"),
    ("San", "Ségou", "San", 13.3034, -4.8956, "MLI", "Mali"),
    ("Kidal", "Kidal", "Kidal", 18.4411, 1.4078, "MLI", "Mali"),
    (
        "Tessalit", "Kidal", "Tessalit", 20.2013, 1.0119, "MLI", "Mali",
    ),
    ("Kati", "Koulikoro", "Kati", 12.7441, -8.0726, "MLI", "Mali"),
    (
        "Djibo",
        "Sahel",
        "Soum",
        14.0994,
        -1.6255,
        "BFA",
        "Burkina Faso",
    ),
    (
        "Arbinda",
        "Sahel",
        "Soum",
        14.2285,
        -0.8675,
        "BFA",
        "Burkina Faso",
    ),
    (
        "Dori",
        "Sahel",
        "Séno",
        14.0341,
        -0.0326,
        "BFA",
        "Burkina Faso",
    ),
    (
        "Sebba",
        "Sahel",
        "Yagha",
        13.4364,
        0.53,
        "BFA",
        "Burkina Faso",
    ),
    (
        "Gorom-Gorom",
        "Sahel",
        "Oudalan",
        14.4431,
        -0.2361,
        "BFA",
        "Burkina Faso",
    ),
    (
        "Kaya",
        "Centre-Nord",
        "Sanmatenga",
        13.0917,
        -1.0844,
        "BFA",
        "Burkina Faso",
    ),
    (
        "Barsalogho",
        "Centre-Nord",
        "Sanmatenga",
        13.4139,
        -1.0558,
        "BFA",
        "Burkina Faso",
    ),
    (
        "Kongoussi",
        "Centre-Nord",
        "Bam",
        13.3259,
        -1.5347,
        "BFA",
        "Burkina Faso",
    ),
    (
        "Fada N'Gourma",
        "Est",
        "Gourma",
        12.0616,
        0.3584,
        "BFA",
        "Burkina Faso",
    ),
    (
        "Diapaga",
        "Est",
        "Tapoa",
        12.0708,
        1.7889,
        "BFA",
        "Burkina Faso",
    ),
    (
        "Ouahigouya",
        "Nord",
        "Yatenga",
        13.5828,
        -2.4216,
        "BFA",
        "Burkina Faso",
    ),
    (
        "Tougan",
        "Boucle du Mouhoun",
        "Sourou",
        13.0686,
        -3.0697,
        "BFA",
        "Burkina Faso",
    ),
    (
        "Dédougou",
        "Boucle du Mouhoun",
        "Mouhoun",
        12.4634,
        -3.4607,
        "BFA",
        "Burkina Faso",
    ),
    (
        "Tillabéri",
        "Tillabéri",
        "Tillabéri",
        14.2117,
        1.4531,
        "NER",
        "Niger",
    ),
    (
        "Ouallam",
        "Tillabéri",
        "Ouallam",
        14.3188,
        2.0866,
        "NER",
        "Niger",
    ),
    ("Téra", "Tillabéri", "Téra", 14.0078, 0.7531, "NER", "Niger"),
    (
        "Banibangou",
        "Tillabéri",
        "Banibangou",
        15.0403,
        2.7053,
        "NER",
        "Niger",
    ),
    (
        "Tahoua", "Tahoua", "Tahoua", 14.8888, 5.2692, "NER", "Niger",
    ),
    ("Diffa", "Diffa", "Diffa", 13.3154, 12.6113, "NER", "Niger"),
    (
        "Niamey", "Niamey", "Niamey", 13.5137, 2.1098, "NER", "Niger",
    ),
];

/// Incident kinds: (event type, sub-event type, actor1, actor2 with `{}` for the country).
const KINDS: &[(&str, &str, &str, &str)] = &[
    (
        "Violence against civilians",
        "Attack",
        "JNIM: Group for Support of Islam and Muslims",
        "Civilians ({})",
    ),
    (
        "Violence against civilians",
        "Attack",
        "Unidentified Armed Group ({})",
        "Civilians ({})",
    ),
    (
        "Violence against civilians",
        "Abduction/forced disappearance",
        "Islamic State Sahel Province",
        "Civilians ({})",
    ),
    (
        "Battles",
        "Armed clash",
        "JNIM: Group for Support of Islam and Muslims",
        "Military Forces of {}",
    ),
    (
        "Battles",
        "Armed clash",
        "Islamic State Sahel Province",
        "Military Forces of {}",
    ),
    (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "Unidentified Armed Group ({})",
        "Military Forces of {}",
    ),
    (
        "Explosions/Remote violence",
        "Air/drone strike",
        "Military Forces of {}",
        "JNIM: Group for Support of Islam and Muslims",
    ),
    ("Protests", "Peaceful protest", "Protesters ({})", ""),
];

/// A 64-bit LCG: the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn date(day: i64) -> String {
    // Days since 2024-01-01 (2024 is a leap year; the corpus stays inside it).
    let months = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut m, mut d) = (0, day);
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("2024-{:02}-{:02}", m + 1, d + 1)
}

/// The articles, and how many incidents they report.
fn corpus(n_articles: usize) -> (Vec<(Article, Vec<Event>)>, usize) {
    let mut rng = Rng(0x6b69_6261_7275);
    let mut out = Vec::with_capacity(n_articles);
    let mut incidents = 0;
    while out.len() < n_articles {
        incidents += 1;
        let place = rng.below(PLACES.len());
        let kind = KINDS[rng.below(KINDS.len())];
        let day = rng.below(360) as i64;
        let deaths = [0, 2, 3, 5, 7, 12, 20, 35][rng.below(8)];
        let reports = 1 + rng.below(8);
        for r in 0..reports {
            if out.len() == n_articles {
                break;
            }
            let id = format!("a{:05}", out.len());
            let (name, admin1, admin2, mut lat, mut lon, iso3, country) = PLACES[place];
            let mut e = Event {
                event_date: date((day + [0, 0, 0, 1, -1][rng.below(5)] as i64).clamp(0, 365)),
                time_precision: 1,
                event_type: kind.0.into(),
                sub_event_type: kind.1.into(),
                actor1: kind.2.replace("{}", country),
                actor2: kind.3.replace("{}", country),
                country: country.into(),
                admin1: admin1.into(),
                admin2: admin2.into(),
                location: name.into(),
                geo_precision: 1,
                fatalities: if r % 3 == 2 { 0 } else { deaths },
                source: format!("Outlet {}", r % 12),
                article_id: Some(id.clone()),
                country_iso3: iso3.into(),
                lang: "fr".into(),
                confidence: 0.7,
                ..Event::default()
            };
            match rng.below(20) {
                // A village near the place.
                0..=3 => {
                    lat += (rng.below(200) as f64 - 100.0) / 1000.0;
                    lon += (rng.below(200) as f64 - 100.0) / 1000.0;
                    e.location = format!("{name} (village)");
                    e.geo_precision = 2;
                }
                // Only the region.
                4 => e.geo_precision = 3,
                // No place at all.
                5 => {
                    e.admin1.clear();
                    e.admin2.clear();
                    e.location.clear();
                    e.geo_precision = 3;
                }
                // Only the month.
                6 => {
                    e.event_date = format!("{}-15", &e.event_date[..7]);
                    e.time_precision = 3;
                }
                _ => {}
            }
            if !(e.admin1.is_empty()) {
                (e.latitude, e.longitude) = (Some(lat), Some(lon));
            }
            let article = Article {
                id: id.clone(),
                url: Some(format!("https://news.example/{id}")),
                source: Some(e.source.clone()),
                published: Some(e.event_date.clone()),
                lang: Some("fr".into()),
                title: None,
                text: format!(
                    "Article {id}: {} à {} le {} ({} morts).",
                    kind.1, name, e.event_date, e.fatalities
                ),
            };
            let mut events = vec![e];
            // Some articles also recall an earlier incident elsewhere.
            if rng.below(10) == 0 {
                let mut other = events[0].clone();
                let (n2, a1, a2, la, lo, i3, c) = PLACES[rng.below(PLACES.len())];
                (other.location, other.admin1, other.admin2) = (n2.into(), a1.into(), a2.into());
                (other.latitude, other.longitude) = (Some(la), Some(lo));
                (other.country_iso3, other.country) = (i3.into(), c.into());
                other.geo_precision = 1;
                other.event_date = date(rng.below(360) as i64);
                events.push(other);
            }
            out.push((article, events));
        }
    }
    (out, incidents)
}

fn main() {
    let n: usize = std::env::var("KIBARU_BENCH_ARTICLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000);
    let (items, incidents) = corpus(n);
    let n_events: usize = items.iter().map(|(_, e)| e.len()).sum();
    let path = std::env::temp_dir().join(format!("kibaru-bench-ingest-{}.db", std::process::id()));
    let remove = || {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    };
    remove();
    let mut store = Store::open(&path).expect("open the store");
    let start = Instant::now();
    for chunk in items.chunks(64) {
        store.ingest_batch(chunk).expect("ingest");
    }
    let elapsed = start.elapsed().as_secs_f64();
    let stats = store.stats().expect("stats");
    let check_start = Instant::now();
    let problems = store.check().expect("check");
    let check_s = check_start.elapsed().as_secs_f64();
    let deep_start = Instant::now();
    let deep = store.check_deep().expect("check --deep");
    let deep_s = deep_start.elapsed().as_secs_f64();
    drop(store);
    remove();

    println!(
        "ingest: {} articles, {} events, {} incidents -> {} canonical events in {:.2} s: {:.0} articles/s",
        stats.articles,
        stats.events,
        incidents,
        stats.canonical,
        elapsed,
        stats.articles as f64 / elapsed
    );
    println!("check: {check_s:.3} s; check --deep: {deep_s:.3} s");
    assert_eq!(stats.articles as usize, n);
    assert_eq!(stats.events as usize, n_events);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(deep.is_empty(), "{deep:#?}");
    // Reports of one incident mostly end up together; distinct incidents at one
    // place a day apart may merge, and recalled incidents add clusters.
    let canonical = stats.canonical as usize;
    assert!(
        canonical >= incidents / 2 && canonical <= incidents * 2,
        "{canonical} canonical events for {incidents} incidents"
    );
}
