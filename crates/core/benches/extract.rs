//! Extraction throughput on a synthetic corpus of news-like articles, with the
//! Sahel gazetteer loaded when it can be found.
//!
//! `cargo bench -p kibaru-core --bench extract` prints MB/s. The gazetteer is read
//! from `$KIBARU_GAZETTEER`, else `../shared/data/geonames` beside the workspace,
//! else the test fixture. The corpus is generated from templates written for this
//! project with a fixed seed, so runs are comparable. The loop counts the events it
//! extracts and checks the count, so a broken fast path cannot look fast.

use kibaru_core::{Article, Pipeline};
use kibaru_geo::Gazetteer;
use std::path::PathBuf;
use std::time::Instant;

const PLACES: &[&str] = &[
    "Djibo",
    "Boni",
    "Douentza",
    "Ménaka",
    "Gao",
    "Tessit",
    "Kaya",
    "Dori",
    "Fada N'Gourma",
    "Diapaga",
    "Tillabéri",
    "Ansongo",
    "Bankass",
    "Koro",
    "Ségou",
    "Niono",
    "Kidal",
    "Ouahigouya",
    "Titao",
    "Sebba",
];
const ACTORS_FR: &[&str] = &[
    "Des hommes armés non identifiés",
    "Des terroristes",
    "Des éléments du JNIM",
    "Des combattants de l'EIGS",
    "Des individus armés",
];
const VICTIMS_FR: &[&str] = &[
    "civils",
    "soldats",
    "villageois",
    "volontaires",
    "gendarmes",
];
const NUMBERS_FR: &[&str] = &[
    "deux",
    "trois",
    "cinq",
    "une dizaine de",
    "douze",
    "vingt-trois",
    "plusieurs",
];
const DAYS_FR: &[&str] = &[
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const FILLER_FR: &[&str] = &[
    "La situation sécuritaire reste préoccupante dans la région, selon des sources locales.",
    "Les autorités n'ont pas encore communiqué de bilan officiel.",
    "Le gouvernement de transition a réaffirmé sa détermination à restaurer l'intégrité du territoire.",
    "Plusieurs familles ont quitté la zone pour se réfugier dans les villes voisines.",
    "Les marchés hebdomadaires de la localité sont fermés depuis plusieurs semaines.",
    "Une mission conjointe doit se rendre sur place dans les prochains jours.",
];
const FILLER_EN: &[&str] = &[
    "Residents said the security situation had worsened over recent months.",
    "The army did not respond to a request for comment.",
    "Aid agencies have warned of rising food insecurity in the area.",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next() % xs.len()]
    }
}

fn article(rng: &mut Rng, i: usize) -> Article {
    let english = rng.next().is_multiple_of(10);
    let mut text = String::new();
    if english {
        let place = rng.pick(PLACES);
        text.push_str(&format!(
            "Gunmen attacked the village of {place} on {}, killing {} civilians and torching shops, officials said.\n",
            ["Monday", "Tuesday", "Sunday"][rng.next() % 3],
            3 + rng.next() % 20
        ));
        for _ in 0..3 {
            text.push_str(rng.pick(FILLER_EN));
            text.push(' ');
        }
    } else {
        let place = rng.pick(PLACES);
        text.push_str(&format!("Attaque meurtrière à {place}\n\n"));
        text.push_str(&format!(
            "{} ont attaqué le village de {place} dans la nuit de {} à {}. {} {} ont été tués, selon un élu local. ",
            rng.pick(ACTORS_FR),
            rng.pick(DAYS_FR),
            rng.pick(DAYS_FR),
            rng.pick(NUMBERS_FR),
            rng.pick(VICTIMS_FR),
        ));
        for _ in 0..4 {
            text.push_str(rng.pick(FILLER_FR));
            text.push(' ');
        }
        text.push_str(&format!(
            "\nLe groupe opère régulièrement entre {} et {}.\n",
            rng.pick(PLACES),
            rng.pick(PLACES)
        ));
    }
    Article {
        id: format!("bench-{i}"),
        published: Some(format!(
            "2024-{:02}-{:02}",
            1 + rng.next() % 12,
            1 + rng.next() % 28
        )),
        lang: None,
        text,
        ..Article::default()
    }
}

fn gazetteer() -> (Gazetteer, String) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let candidates = [
        std::env::var_os("KIBARU_GAZETTEER").map(PathBuf::from),
        Some(root.join("../shared/data/geonames")),
        Some(root.join("crates/cli/tests/data/gazetteer")),
    ];
    for dir in candidates.into_iter().flatten() {
        if dir.is_dir() {
            let t = Instant::now();
            if let Ok(g) = Gazetteer::load_dir(&dir) {
                let label = format!(
                    "{} ({} places, loaded in {:.0} ms)",
                    dir.display(),
                    g.len(),
                    t.elapsed().as_secs_f64() * 1e3
                );
                return (g, label);
            }
        }
    }
    (Gazetteer::empty(), "none".into())
}

fn main() {
    let target_bytes: usize = std::env::var("KIBARU_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
        << 20;
    let mut rng = Rng(42);
    let mut corpus = Vec::new();
    let mut bytes = 0;
    while bytes < target_bytes {
        let a = article(&mut rng, corpus.len());
        bytes += a.text.len();
        corpus.push(a);
    }
    let (gaz, label) = gazetteer();
    let pipeline = Pipeline::new(&gaz);
    // Warm-up: compiles the dictionaries.
    let _ = pipeline.extract(&corpus[0]);
    let t = Instant::now();
    let mut events = 0usize;
    for a in &corpus {
        events += pipeline.extract(a).events.len();
    }
    let secs = t.elapsed().as_secs_f64();
    assert!(
        events >= corpus.len() / 2,
        "only {events} events from {} articles",
        corpus.len()
    );
    println!("gazetteer: {label}");
    println!(
        "extract: {} articles, {:.1} MB, {events} events in {secs:.2} s: {:.1} MB/s, {:.0} articles/s (one core)",
        corpus.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        corpus.len() as f64 / secs
    );
}
