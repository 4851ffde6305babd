//! The store subcommands: `ingest` (articles -> events -> the store), `export`
//! (canonical events out of the store) and `db check`.

use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};
use kibaru_core::{Article, Pipeline};
use kibaru_export::{EventWriter, Format};
use kibaru_store::{Filter, Ingested, Store};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Articles committed together: a crash loses at most this many (re-running the
/// ingest redoes them; ingest is idempotent).
const BATCH: usize = 64;

/// Arguments of `kibaru ingest`.
#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// Files or directories (walked recursively, in sorted order); none or `-`
    /// reads standard input.
    pub files: Vec<PathBuf>,
    /// The database file (created if needed).
    #[arg(long, value_name = "FILE", default_value = "kibaru.db")]
    pub db: PathBuf,
    /// How to read every input; by default by extension (through `.gz`): `.jsonl`
    /// article JSONL, `.html`/`.htm` HTML pages, `.rss`/`.atom`/`.xml` feeds,
    /// anything else (and stdin) plain text.
    #[arg(long, value_enum)]
    pub input_format: Option<crate::InputFormat>,
    /// Publication date of plain-text and HTML articles (YYYY-MM-DD or YYYY-MM).
    #[arg(long)]
    pub published: Option<String>,
    /// Language of articles whose input does not say (fr or en); detected when absent.
    #[arg(long)]
    pub lang: Option<String>,
    /// Folder of GeoNames dump files.
    #[arg(long, value_name = "DIR")]
    pub gazetteer: Option<PathBuf>,
}

/// Export formats.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// Event JSONL, one canonical event a line.
    Jsonl,
    /// ACLED-compatible CSV.
    Csv,
    /// A GeoJSON FeatureCollection.
    Geojson,
    /// Apache Parquet (ACLED's columns, then kibaru's).
    Parquet,
}

/// Arguments of `kibaru export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The database file.
    #[arg(long, value_name = "FILE", default_value = "kibaru.db")]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Events on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Events on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Country: ISO alpha-3 code or name.
    #[arg(long)]
    pub country: Option<String>,
    /// First-level division.
    #[arg(long)]
    pub admin1: Option<String>,
    /// ACLED event type, e.g. "Battles".
    #[arg(long = "type", value_name = "EVENT_TYPE")]
    pub event_type: Option<String>,
    /// Substring of an actor name (case-insensitive).
    #[arg(long)]
    pub actor: Option<String>,
    /// Bounding box: min_lon,min_lat,max_lon,max_lat.
    #[arg(
        long,
        value_name = "MINLON,MINLAT,MAXLON,MAXLAT",
        allow_hyphen_values = true
    )]
    pub bbox: Option<String>,
}

/// Arguments of `kibaru db`.
#[derive(clap::Args, Debug)]
pub struct DbArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: DbCommand,
}

/// `kibaru db` subcommands.
#[derive(Subcommand, Debug)]
pub enum DbCommand {
    /// Check the file and the store's structure; exit 1 when a problem is found.
    Check {
        /// The database file.
        #[arg(long, value_name = "FILE", default_value = "kibaru.db")]
        db: PathBuf,
        /// Also check the content: every canonical event recomputed from its
        /// members and every event clustered again from scratch (slower).
        #[arg(long)]
        deep: bool,
    },
    /// Print how many articles, events and canonical events are stored.
    Stats {
        /// The database file.
        #[arg(long, value_name = "FILE", default_value = "kibaru.db")]
        db: PathBuf,
    },
}

fn is_publication_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    match b.len() {
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

/// The input files: directories walked recursively in sorted order (hidden
/// entries skipped); problems reported and skipped.
fn input_files(args: &[PathBuf], failed: &mut bool) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>, failed: &mut bool) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                eprintln!(
                    "kibaru: error: cannot read directory {}: {e}",
                    dir.display()
                );
                *failed = true;
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, out, failed);
            } else {
                out.push(p);
            }
        }
    }
    if args.is_empty() {
        return vec![PathBuf::from("-")];
    }
    let mut out = Vec::new();
    for a in args {
        if a.is_dir() {
            walk(a, &mut out, failed);
        } else {
            out.push(a.clone());
        }
    }
    out
}

/// Undated articles held back until the end of an ingest run, at most (beyond,
/// they are stored without the events they cannot date).
const MAX_HELD: usize = 20_000;

/// Counters and the open batch of an ingest run.
struct Ingest<'a> {
    store: Store,
    pipeline: Pipeline<'a>,
    batch: Vec<(Article, Vec<kibaru_core::Event>)>,
    /// Articles with events they cannot date, stored at the end of the run with
    /// those the other reports date (see [`Ingest::date_held`]).
    held: Vec<(
        Article,
        Vec<kibaru_core::Event>,
        Vec<kibaru_core::UndatedEvent>,
    )>,
    articles: u64,
    duplicates: u64,
    events: u64,
    progress: bool,
    last_progress: Instant,
}

impl Ingest<'_> {
    fn add(&mut self, article: Article) -> Result<()> {
        let extraction = self.pipeline.extract(&article);
        for d in &extraction.diagnostics {
            if d.severity == kibaru_core::Severity::Warning {
                eprintln!("kibaru: warning: {}: {}", article.id, d.message);
            }
        }
        if !extraction.undated.is_empty() && self.held.len() < MAX_HELD {
            self.held
                .push((article, extraction.events, extraction.undated));
            return Ok(());
        }
        // No room to wait (or nothing to wait for): the dates its own text gives.
        let mut events = extraction.events;
        events.extend(extraction.undated.iter().filter_map(|u| u.fallback()));
        self.batch.push((article, events));
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Stores the held articles with the events that the store's canonical
    /// events (this run's included) date, as `extract` does.
    fn date_held(&mut self) -> Result<()> {
        if self.held.is_empty() {
            return Ok(());
        }
        self.flush()?;
        let mut corroborator = kibaru_core::Corroborator::new();
        self.store
            .export_each(&kibaru_store::Filter::default(), |e| {
                corroborator.add(&e);
                Ok(())
            })
            .with_context(|| format!("cannot read {}", self.store.path().display()))?;
        for (article, mut events, undated) in std::mem::take(&mut self.held) {
            events.extend(
                undated
                    .iter()
                    .filter_map(|u| corroborator.date(u).or_else(|| u.fallback())),
            );
            self.batch.push((article, events));
            if self.batch.len() >= BATCH {
                self.flush()?;
            }
        }
        self.flush()
    }

    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let results = self
            .store
            .ingest_batch(&self.batch)
            .with_context(|| format!("cannot write to {}", self.store.path().display()))?;
        for ((_, events), r) in self.batch.iter().zip(results) {
            match r {
                Ingested::New { .. } => {
                    self.articles += 1;
                    self.events += events.len() as u64;
                }
                Ingested::Duplicate { .. } => self.duplicates += 1,
            }
        }
        self.batch.clear();
        if self.progress && self.last_progress.elapsed() >= Duration::from_millis(200) {
            self.last_progress = Instant::now();
            eprint!("\r{} articles, {} events", self.articles, self.events);
            let _ = std::io::stderr().flush();
        }
        Ok(())
    }
}

/// `kibaru ingest`: reads articles, extracts their events and stores both.
pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    if let Some(p) = &args.published {
        anyhow::ensure!(
            is_publication_date(p),
            "--published {p:?}: expected YYYY-MM-DD or YYYY-MM"
        );
    }
    if let Some(l) = &args.lang {
        anyhow::ensure!(
            matches!(l.as_str(), "fr" | "en"),
            "--lang {l:?}: expected fr or en"
        );
    }
    let gazetteer = crate::gazetteer_cmd::load_gazetteer(args.gazetteer.as_deref())?;
    let store = Store::open(&args.db)?;
    let mut failed = false;
    let files = input_files(&args.files, &mut failed);
    let mut run = Ingest {
        store,
        pipeline: Pipeline::new(&gazetteer),
        batch: Vec::with_capacity(BATCH),
        held: Vec::new(),
        articles: 0,
        duplicates: 0,
        events: 0,
        progress: std::io::stderr().is_terminal(),
        last_progress: Instant::now(),
    };
    let defaults = kibaru_intake::input::Defaults {
        published: args.published.as_deref(),
        lang: args.lang.as_deref(),
    };
    for path in &files {
        let name = path.display().to_string();
        let mut store_error = None;
        failed |= !crate::read_input(&name, args.input_format, defaults, |article| {
            if store_error.is_none() {
                if let Err(e) = run.add(article) {
                    store_error = Some(e);
                }
            }
        });
        if let Some(e) = store_error {
            return Err(e);
        }
    }
    run.flush()?;
    run.date_held()?;
    if run.progress {
        eprint!("\r\x1b[K");
    }
    let stats = run.store.stats()?;
    eprintln!(
        "ingested {} articles ({} duplicates skipped), {} events, {} canonical events",
        run.articles, run.duplicates, run.events, stats.canonical
    );
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn parse_bbox(s: &str) -> Result<[f64; 4]> {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    let bad =
        || anyhow::anyhow!("--bbox {s:?}: expected min_lon,min_lat,max_lon,max_lat (four numbers)");
    if parts.len() != 4 {
        return Err(bad());
    }
    let mut v = [0.0; 4];
    for (x, p) in v.iter_mut().zip(parts) {
        *x = p.parse::<f64>().map_err(|_| bad())?;
    }
    anyhow::ensure!(
        v.iter().all(|x| x.is_finite()) && v[0] <= v[2] && v[1] <= v[3],
        "--bbox {s:?}: expected min_lon <= max_lon and min_lat <= max_lat"
    );
    anyhow::ensure!(
        (-180.0..=180.0).contains(&v[0]) && (-180.0..=180.0).contains(&v[2]),
        "--bbox {s:?}: longitudes must be within -180..180"
    );
    anyhow::ensure!(
        (-90.0..=90.0).contains(&v[1]) && (-90.0..=90.0).contains(&v[3]),
        "--bbox {s:?}: latitudes must be within -90..90"
    );
    Ok(v)
}

/// `kibaru export`: writes the canonical events of the store.
pub fn export(args: ExportArgs) -> Result<ExitCode> {
    for (flag, v) in [("--since", &args.since), ("--until", &args.until)] {
        if let Some(d) = v {
            anyhow::ensure!(
                d.len() == 10 && is_publication_date(d),
                "{flag} {d:?}: expected a date YYYY-MM-DD"
            );
        }
    }
    let filter = Filter {
        since: args.since.clone(),
        until: args.until.clone(),
        country: args.country.clone(),
        admin1: args.admin1.clone(),
        event_type: args.event_type.clone(),
        actor: args.actor.clone(),
        bbox: args.bbox.as_deref().map(parse_bbox).transpose()?,
    };
    if args.format == ExportFormat::Parquet
        && args.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        anyhow::bail!("parquet is binary: write it to a file with -o FILE, or redirect stdout");
    }
    let store = Store::open_existing(&args.db)?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let format = match args.format {
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Geojson => Format::GeoJson,
        ExportFormat::Parquet => Format::Parquet,
    };
    let mut writer = EventWriter::new(out, format);
    let mut write_error = None;
    store.export_each(&filter, |event| {
        if write_error.is_none() {
            if let Err(e) = writer.write(&event) {
                write_error = Some(e);
            }
        }
        Ok(())
    })?;
    if let Some(e) = write_error {
        return Err(e).context("cannot write events");
    }
    writer.finish().context("cannot write events")?;
    Ok(ExitCode::SUCCESS)
}

/// `kibaru db check|stats`.
pub fn db(args: DbArgs) -> Result<ExitCode> {
    match args.command {
        DbCommand::Check { db, deep } => {
            let store = Store::open_existing(&db)?;
            let problems = if deep {
                store.check_deep()?
            } else {
                store.check()?
            };
            for p in &problems {
                println!("{p}");
            }
            if problems.is_empty() {
                let s = store.stats()?;
                eprintln!(
                    "{}: ok ({} articles, {} events, {} canonical events)",
                    db.display(),
                    s.articles,
                    s.events,
                    s.canonical
                );
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("{}: {} problem(s)", db.display(), problems.len());
                Ok(ExitCode::from(1))
            }
        }
        DbCommand::Stats { db } => {
            let s = Store::open_existing(&db)?.stats()?;
            println!(
                "articles\t{}\nevents\t{}\ncanonical\t{}",
                s.articles, s.events, s.canonical
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
