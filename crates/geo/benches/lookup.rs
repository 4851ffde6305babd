//! Gazetteer benchmark: load time from dump files and from the compiled index,
//! lookup latency (p50/p99), and what place finding + resolution add per KB of
//! text.
//!
//! `cargo bench -p kibaru-geo --bench lookup`. The gazetteer is read from
//! `$KIBARU_GAZETTEER`, else `../shared/data/geonames` beside the workspace,
//! else the CLI's test fixture. Names to look up are drawn from the gazetteer
//! with a fixed seed; every lookup must find its place and the counts are
//! checked, so a broken fast path cannot look fast.

use kibaru_geo::{find_places, resolve, Gazetteer};
use kibaru_text::Folded;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn gazetteer_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("KIBARU_GAZETTEER") {
        return PathBuf::from(p);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared/data/geonames");
    if shared.is_dir() {
        shared
    } else {
        root.join("crates/cli/tests/data/gazetteer")
    }
}

/// xorshift64*: a fixed-seed generator, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        out = Some(v);
    }
    (best, out.expect("runs > 0"))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let dir = gazetteer_dir();
    println!("gazetteer: {}", dir.display());

    let (t_dir, g) = best_of(3, || Gazetteer::load_dir(&dir).expect("load dump folder"));
    assert!(!g.is_empty());
    let index = std::env::temp_dir().join(format!("kibaru-bench-{}.kgz", std::process::id()));
    g.save(&index, "bench").expect("save index");
    let size = std::fs::metadata(&index).expect("index written").len();
    let (t_read, bytes) = best_of(5, || std::fs::read(&index).expect("read index"));
    let (t_parse, _) = best_of(5, || Gazetteer::from_index_bytes(&bytes).expect("parse"));
    if let Some(n) = std::env::var("KIBARU_BENCH_PARSE_LOOPS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        // For profiling the index reader alone.
        let (t, _) = best_of(n, || Gazetteer::from_index_bytes(&bytes).expect("parse"));
        println!("parse best of {n}: {:.1} ms", t.as_secs_f64() * 1e3);
        return;
    }
    let (t_open, h) = best_of(5, || Gazetteer::open_index(&index).expect("open index"));
    let _ = std::fs::remove_file(&index);
    assert_eq!(h.len(), g.len());
    assert_eq!(h.name_count(), g.name_count());
    println!(
        "places {}, names {}, countries {}",
        g.len(),
        g.name_count(),
        g.loaded_countries().len()
    );
    println!(
        "load dump folder      {:>8.1} ms",
        t_dir.as_secs_f64() * 1e3
    );
    println!("index file            {:>8.1} MB", size as f64 / 1e6);
    println!(
        "open index            {:>8.1} ms  (read {:.1} ms + parse {:.1} ms)",
        t_open.as_secs_f64() * 1e3,
        t_read.as_secs_f64() * 1e3,
        t_parse.as_secs_f64() * 1e3
    );

    // Lookup latency over names drawn from the gazetteer (fixed seed), with
    // accents and case as GeoNames writes them, so each lookup folds.
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let all: Vec<&str> = h.places().map(|(_, p)| p.name.as_str()).collect();
    let names: Vec<&str> = (0..20_000).map(|_| all[rng.below(all.len())]).collect();
    let mut lat = Vec::with_capacity(names.len());
    let mut found = 0usize;
    for _ in 0..2 {
        lat.clear();
        found = 0;
        for name in &names {
            let t = Instant::now();
            let n = h.lookup(name).len();
            lat.push(t.elapsed());
            found += (n > 0) as usize;
        }
    }
    lat.sort();
    // Names shorter than two characters once normalised are not indexed.
    assert!(
        found * 100 >= names.len() * 99,
        "{found} of {} found",
        names.len()
    );
    let (t_fuzzy, fuzzy_found) = best_of(3, || {
        names
            .iter()
            .filter(|n| !h.lookup_fuzzy(n).is_empty())
            .count()
    });
    assert!(fuzzy_found >= found);
    println!(
        "lookup ({} names)  p50 {:>6.0} ns  p99 {:>6.0} ns  max {:>7.0} ns; lookup_fuzzy mean {:.0} ns",
        names.len(),
        percentile(&lat, 0.5).as_nanos(),
        percentile(&lat, 0.99).as_nanos(),
        lat.last().copied().unwrap_or_default().as_nanos(),
        t_fuzzy.as_nanos() as f64 / names.len() as f64
    );

    // find_places + resolve per KB of news-like text naming places of the
    // gazetteer, in articles of about 3 KB (resolution works per article).
    let templates = [
        "Des hommes armés ont attaqué le village de {} dans la nuit de jeudi. ",
        "L'armée a mené une frappe près de {}, à 30 km de {}. ",
        "Les habitants de {} ont fui vers {} après l'attaque. ",
        "Le convoi a été pris en embuscade sur l'axe {}-{}. ",
        "Le gouvernement a annoncé de nouvelles mesures pour la saison des pluies. ",
    ];
    let mut rng = Rng(42);
    let populated: Vec<&str> = h
        .places()
        .filter(|(_, p)| p.feature_class == b'P' && p.population > 0)
        .map(|(_, p)| p.name.as_str())
        .collect();
    let pool = if populated.is_empty() {
        &all
    } else {
        &populated
    };
    let mut articles: Vec<String> = Vec::new();
    let mut total = 0;
    while total < 300_000 {
        let mut text = String::new();
        while text.len() < 3000 {
            let t = templates[rng.below(templates.len())];
            let mut s = t.to_string();
            while let Some(i) = s.find("{}") {
                s.replace_range(i..i + 2, pool[rng.below(pool.len())]);
            }
            text.push_str(&s);
        }
        total += text.len();
        articles.push(text);
    }
    let (t_places, (mentions, resolved)) = best_of(3, || {
        let (mut n, mut r) = (0, 0);
        for text in &articles {
            let folded = Folded::new(text);
            let mut m = find_places(&folded, &h);
            resolve(&mut m, &h);
            r += m.iter().filter(|m| m.resolved.is_some()).count();
            n += m.len();
        }
        (n, r)
    });
    assert!(mentions > total / 200, "{mentions} mentions");
    assert!(resolved * 2 > mentions, "{resolved} of {mentions} resolved");
    println!(
        "find_places + resolve {:>8.1} µs/KB  ({} articles, {} KB, {mentions} mentions, {resolved} resolved)",
        t_places.as_secs_f64() * 1e6 / (total as f64 / 1024.0),
        articles.len(),
        total / 1024
    );
}
