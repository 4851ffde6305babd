//! `kibaru eval`: extraction on a gold file, scored the way `score.py` scores it,
//! with the confusion matrix of event types and every miss and false alarm.

use crate::{default_jobs, extract_all};
use anyhow::{Context, Result};
use kibaru_core::{Corroborator, Pipeline};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `kibaru eval`.
#[derive(clap::Args)]
pub struct EvalArgs {
    /// Gold file: article JSONL where each article carries its gold `events`.
    gold: PathBuf,
    /// Folder of GeoNames dump files, as for `extract`.
    #[arg(long, value_name = "DIR")]
    gazetteer: Option<PathBuf>,
    /// Print the metrics as one JSON object (the keys of `score.py --json`).
    #[arg(long)]
    json: bool,
    /// Metrics only: no confusion matrix, misses or false alarms.
    #[arg(long)]
    summary: bool,
    /// Also write the extracted events (event JSONL) to this file.
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// Threads for extraction (default: all cores).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
}

/// Runs `kibaru eval`.
pub fn eval(args: EvalArgs) -> Result<ExitCode> {
    let name = args.gold.display().to_string();
    let text =
        std::fs::read_to_string(&args.gold).with_context(|| format!("cannot read {name}"))?;
    let gold = kibaru_eval::read_jsonl(&text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let mut articles = Vec::new();
    let mut bad = false;
    kibaru_intake::read_jsonl(
        &name,
        text.as_bytes(),
        |a| articles.push(a),
        |problem| {
            bad |= problem.skipped;
            eprintln!("kibaru: warning: {problem}");
        },
    )
    .with_context(|| format!("cannot read {name}"))?;
    let gazetteer = crate::gazetteer_cmd::load_gazetteer(args.gazetteer.as_deref())?;
    let pipeline = Pipeline::new(&gazetteer);
    let extractions = extract_all(
        &pipeline,
        &articles,
        args.jobs.unwrap_or_else(default_jobs).max(1),
    );
    // Undated reports dated from the others, as `extract` does.
    let mut corroborator = Corroborator::new();
    for event in extractions.iter().flat_map(|x| &x.events) {
        corroborator.add(event);
    }
    let dated: Vec<_> = extractions
        .iter()
        .flat_map(|x| &x.undated)
        .filter_map(|u| corroborator.date(u).or_else(|| u.fallback()))
        .collect();
    let mut system = Vec::new();
    let mut lines = String::new();
    for event in extractions.iter().flat_map(|x| &x.events).chain(&dated) {
        let line = serde_json::to_string(event).context("cannot serialise an event")?;
        system.push(serde_json::from_str(&line).context("cannot re-read an event")?);
        lines.push_str(&line);
        lines.push('\n');
    }
    if let Some(path) = &args.events {
        std::fs::write(path, &lines).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let report = kibaru_eval::score(&gold, &system);
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", report.to_json())?;
    } else {
        report.write_text(&mut out, !args.summary)?;
    }
    Ok(if bad {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
