//! The `kibaru` command: glue between files, the pipeline and the writers.
//!
//! Subcommands: `extract` (articles -> events on stdout, no database).

mod eval_cmd;
mod gazetteer_cmd;
mod store_cmd;

/// mimalloc instead of the system allocator: extraction allocates many small
/// strings per article, and glibc's malloc and free took about 12% of the run
/// (mimalloc: 6.6% fewer instructions in all, a fifth less time). Built without
/// transparent huge pages (the `no_thp` feature, see Cargo.toml): a third less
/// peak memory and no kernel time spent zeroing 2 MB pages.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use kibaru_core::{Article, Corroborator, Extraction, Pipeline, UndatedEvent};
use kibaru_export::{EventWriter, Format};
use kibaru_intake::input::{Defaults, Kind};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kibaru",
    version,
    about = "Turns news reports into a geocoded dataset of conflict events"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract events from articles and write them to stdout (or -o FILE).
    Extract(ExtractArgs),
    /// Extract the articles of a gold file and score the events against it.
    Eval(eval_cmd::EvalArgs),
    /// Extract events from articles and store them (deduplicated) in a database.
    Ingest(store_cmd::IngestArgs),
    /// Write the canonical events of a database (JSONL, CSV, GeoJSON or Parquet).
    Export(store_cmd::ExportArgs),
    /// Database maintenance (`db check`).
    Db(store_cmd::DbArgs),
    /// Build, fetch or query the gazetteer (GeoNames).
    Gazetteer(gazetteer_cmd::GazetteerArgs),
    /// Print every place mention of articles, resolved, with its role (event or context).
    Places(gazetteer_cmd::PlacesArgs),
}

/// How to read an input (shared by `extract` and `ingest`).
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum InputFormat {
    /// One article a file (plain text).
    Text,
    /// Article JSONL: one {"id","published","lang","text",...} object a line.
    Jsonl,
    /// One article a file (an HTML page; its main text is used).
    Html,
    /// An RSS or Atom feed: one article an item.
    Feed,
}

/// Reads every article of one input (`-` is standard input), reporting what is
/// wrong with it on standard error. Returns false when some of it was skipped or
/// could not be read.
pub(crate) fn read_input(
    name: &str,
    forced: Option<InputFormat>,
    defaults: Defaults<'_>,
    article: impl FnMut(Article),
) -> bool {
    let reader = match kibaru_intake::input::open(name) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kibaru: error: cannot read {name}: {e}");
            return false;
        }
    };
    let mut ok = true;
    let result = kibaru_intake::input::read_articles(
        name,
        input_kind(name, forced),
        reader,
        defaults,
        article,
        |problem| {
            let level = if problem.skipped { "error" } else { "warning" };
            ok &= !problem.skipped;
            eprintln!("kibaru: {level}: {problem}");
        },
    );
    if let Err(e) = result {
        eprintln!("kibaru: error: cannot read {name}: {e}");
        ok = false;
    }
    ok
}

/// The kind of input `name` is: the flag when given, else its extension.
pub(crate) fn input_kind(name: &str, forced: Option<InputFormat>) -> Kind {
    match forced {
        Some(InputFormat::Text) => Kind::Text,
        Some(InputFormat::Jsonl) => Kind::Jsonl,
        Some(InputFormat::Html) => Kind::Html,
        Some(InputFormat::Feed) => Kind::Feed,
        None => Kind::of_path(name),
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// Event JSONL, one event a line.
    Jsonl,
    /// ACLED-compatible CSV.
    Csv,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Input files, gzipped or not; none or `-` reads standard input.
    files: Vec<PathBuf>,
    /// How to read every input; by default by extension (through `.gz`): `.jsonl`
    /// article JSONL, `.html`/`.htm` HTML pages, `.rss`/`.atom`/`.xml` feeds,
    /// anything else (and stdin) plain text.
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// Publication date of plain-text and HTML articles (YYYY-MM-DD or YYYY-MM).
    #[arg(long)]
    published: Option<String>,
    /// Language of articles whose input does not say (fr or en); detected when absent.
    #[arg(long)]
    lang: Option<String>,
    /// Folder of GeoNames dump files (XX.txt, allCountries.txt, admin1CodesASCII.txt,
    /// admin2Codes.txt; compiled and cached on first use) or a compiled index
    /// (`kibaru gazetteer build`); default: the installed default index; `none`: no gazetteer.
    #[arg(long, value_name = "DIR|FILE")]
    gazetteer: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: OutputFormat,
    /// Write events to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Threads for extraction (default: all cores); the output is the same for any value.
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Also print, on standard error, how each article was read: sentences with
    /// their dictionary matches, dates, numbers, places and event mentions.
    #[arg(long)]
    explain: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Eval(args) => eval_cmd::eval(args),
        Command::Ingest(args) => store_cmd::ingest(args),
        Command::Export(args) => store_cmd::export(args),
        Command::Db(args) => store_cmd::db(args),
        Command::Gazetteer(args) => gazetteer_cmd::gazetteer(args),
        Command::Places(args) => gazetteer_cmd::places(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kibaru: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn extract(args: ExtractArgs) -> Result<ExitCode> {
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
    let gazetteer = gazetteer_cmd::load_gazetteer(args.gazetteer.as_deref())?;
    let pipeline = Pipeline::new(&gazetteer);
    // Events take more bytes than their articles: a large buffer keeps the
    // write calls few.
    const OUT_BUFFER: usize = 1 << 18;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::with_capacity(
            OUT_BUFFER,
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::with_capacity(
            OUT_BUFFER,
            std::io::stdout().lock(),
        )),
    };
    let format = match args.format {
        OutputFormat::Jsonl => Format::Jsonl,
        OutputFormat::Csv => Format::Csv,
    };
    let jobs = if args.explain {
        1
    } else {
        args.jobs.unwrap_or_else(default_jobs).max(1)
    };
    let mut sink = EventSink {
        writer: EventWriter::new(out, format),
        write_error: None,
        progress: Progress::new(),
        corroborator: Corroborator::new(),
        undated: Vec::new(),
        undated_dropped: 0,
    };
    let files: Vec<PathBuf> = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    let defaults = Defaults {
        published: args.published.as_deref(),
        lang: args.lang.as_deref(),
    };
    let failed = if jobs > 1 {
        extract_pipelined(
            &pipeline,
            jobs,
            &files,
            args.input_format,
            defaults,
            &mut sink,
        )
    } else {
        // One job: each article extracted and written as it is read.
        let mut failed = false;
        for path in &files {
            let name = path.display().to_string();
            failed |= !read_input(&name, args.input_format, defaults, |article| {
                if args.explain {
                    eprint!("{}", pipeline.explain(&article));
                }
                sink.take(pipeline.extract(&article));
            });
            if sink.write_error.is_some() {
                break;
            }
        }
        failed
    };
    sink.date_undated();
    sink.progress.finish();
    if let Some(e) = sink.write_error {
        return Err(e).context("cannot write events");
    }
    sink.writer.finish().context("cannot write events")?;
    // The process ends now: freeing the gazetteer's place records one by one
    // would only cost time (tens of milliseconds for a national dump).
    std::mem::forget(gazetteer);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub(crate) fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Where extracted events go, in input order; the events of undated reports
/// that other reports date come last, in input order too.
struct EventSink {
    writer: EventWriter<Box<dyn Write>>,
    write_error: Option<std::io::Error>,
    progress: Progress,
    corroborator: Corroborator,
    /// Boxed: an undated event is large (most of a kilobyte), and a vector of
    /// them copied itself and touched fresh pages at each doubling (measured:
    /// a tenth of the run's page faults on 20 MB).
    #[allow(clippy::vec_box)]
    undated: Vec<Box<UndatedEvent>>,
    undated_dropped: usize,
}

impl EventSink {
    /// Undated events kept for dating at the end, at most: beyond, memory would
    /// grow with the input.
    const MAX_UNDATED: usize = 20_000;

    /// Writes the undated events that the other reports date.
    fn date_undated(&mut self) {
        if self.undated_dropped > 0 {
            self.progress.clear();
            eprintln!(
                "kibaru: warning: {} events of undated reports were not kept for dating (more than {})",
                self.undated_dropped,
                Self::MAX_UNDATED
            );
        }
        let mut dated = 0;
        let mut left = 0;
        for u in std::mem::take(&mut self.undated) {
            let Some(event) = self.corroborator.date_or_fallback(*u) else {
                left += 1;
                continue;
            };
            if self.write_error.is_some() {
                return;
            }
            if let Err(e) = self.writer.write(&event) {
                self.write_error = Some(e);
                return;
            }
            dated += 1;
        }
        self.progress.add(0, dated);
        if left > 0 {
            self.progress.clear();
            eprintln!(
                "kibaru: note: events left out: {left} (their articles give no publication date \
                 and no year, and no other report of the run dates them)"
            );
        }
    }

    fn take(&mut self, extraction: Extraction) {
        for d in &extraction.diagnostics {
            if d.severity == kibaru_core::Severity::Warning {
                self.progress.clear();
                eprintln!("kibaru: warning: {}", d.message);
            }
        }
        if self.write_error.is_some() {
            return;
        }
        for event in &extraction.events {
            self.corroborator.add(event);
            if let Err(e) = self.writer.write(event) {
                self.write_error = Some(e);
                return;
            }
        }
        for u in extraction.undated {
            if self.undated.len() < Self::MAX_UNDATED {
                self.undated.push(Box::new(u));
            } else if let Some(event) = u.into_fallback() {
                // No room to wait: the date its own text gives.
                if let Err(e) = self.writer.write(&event) {
                    self.write_error = Some(e);
                    return;
                }
            } else {
                self.undated_dropped += 1;
            }
        }
        self.progress.add(1, extraction.events.len());
    }
}

/// Extraction on `jobs` threads (more than one) with reading and writing beside
/// it, so that no core waits while the input is parsed or events are written:
/// one thread reads and parses the files into batches, one extracts each batch
/// on `jobs` threads (itself and `jobs - 1` more), and this thread writes the
/// results, batch after batch, in input order (the output is the same as with
/// one job). Returns whether some input failed.
fn extract_pipelined(
    pipeline: &Pipeline<'_>,
    jobs: usize,
    files: &[PathBuf],
    input_format: Option<InputFormat>,
    defaults: Defaults<'_>,
    sink: &mut EventSink,
) -> bool {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::sync_channel;
    // Set when writing fails: reading then stops at the end of its file, as
    // without threads.
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        // One batch waits in each channel at most: memory stays bounded.
        let (to_extract, batches) = sync_channel::<Vec<Article>>(1);
        let (to_write, results) = sync_channel::<Vec<Extraction>>(1);
        let reader = scope.spawn(|| {
            // Owned here: the extracting thread ends when this thread does.
            let to_extract = to_extract;
            let size = jobs * ARTICLES_PER_JOB;
            let mut batch = Vec::with_capacity(size);
            let mut failed = false;
            for path in files {
                let name = path.display().to_string();
                failed |= !read_input(&name, input_format, defaults, |article| {
                    if stop.load(Ordering::Relaxed) {
                        // Writing failed: the rest of the file is read, not extracted.
                        return;
                    }
                    batch.push(article);
                    if batch.len() >= size {
                        // A closed channel: the writer stopped; `stop` says so.
                        let _ = to_extract
                            .send(std::mem::replace(&mut batch, Vec::with_capacity(size)));
                    }
                });
                if stop.load(Ordering::Relaxed) {
                    break;
                }
            }
            if !batch.is_empty() && !stop.load(Ordering::Relaxed) {
                let _ = to_extract.send(batch);
            }
            failed
        });
        scope.spawn(move || {
            for articles in batches {
                if to_write
                    .send(extract_all(pipeline, &articles, jobs))
                    .is_err()
                {
                    break;
                }
            }
        });
        for extractions in results {
            for e in extractions {
                sink.take(e);
            }
            if sink.write_error.is_some() {
                stop.store(true, Ordering::Relaxed);
                // Dropping `results` stops the extracting thread, and with it
                // the reader's sends.
                break;
            }
        }
        reader.join().expect("reading thread panicked")
    })
}

/// Articles per extracting thread in one batch of [`extract_pipelined`]:
/// enough to amortise thread start-up, few enough to keep memory bounded.
const ARTICLES_PER_JOB: usize = 256;

/// Extracts every article, on up to `jobs` threads; results in input order.
/// Threads take the next article as they become free (articles differ in length
/// by a hundred times: fixed shares would leave threads idle).
pub(crate) fn extract_all(
    pipeline: &Pipeline<'_>,
    articles: &[Article],
    jobs: usize,
) -> Vec<Extraction> {
    if jobs <= 1 || articles.len() <= 1 {
        return articles.iter().map(|a| pipeline.extract(a)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(a) = articles.get(i) else {
                return done;
            };
            done.push((i, pipeline.extract(a)));
        }
    };
    let mut all: Vec<(usize, Extraction)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..jobs.min(articles.len()))
            .map(|_| scope.spawn(work))
            .collect();
        // The calling thread works too.
        let mut all = work();
        for h in handles {
            all.extend(h.join().expect("extraction thread panicked"));
        }
        all
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, e)| e).collect()
}

/// A progress line on standard error, shown only when it is a terminal.
struct Progress {
    enabled: bool,
    articles: usize,
    events: usize,
    shown: usize,
}

impl Progress {
    fn new() -> Progress {
        use std::io::IsTerminal;
        Progress {
            enabled: std::io::stderr().is_terminal(),
            articles: 0,
            events: 0,
            shown: 0,
        }
    }

    fn add(&mut self, articles: usize, events: usize) {
        self.articles += articles;
        self.events += events;
        if self.enabled && self.articles - self.shown >= 500 {
            self.shown = self.articles;
            eprint!("\r{} articles, {} events", self.articles, self.events);
        }
    }

    fn clear(&mut self) {
        if self.enabled && self.shown > 0 {
            eprint!("\r\x1b[K");
            self.shown = 0;
        }
    }

    fn finish(&mut self) {
        if self.enabled && self.shown > 0 {
            eprintln!("\r{} articles, {} events", self.articles, self.events);
        }
    }
}

/// Whether `s` is `YYYY-MM-DD` or `YYYY-MM`.
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
