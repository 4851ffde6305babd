//! `kibaru places FILE...`: every place mention of an article, resolved, with
//! its role: `event` when an extracted event is located there (the event's
//! `location` evidence is this mention), else `context`.

use super::load_gazetteer;
use anyhow::{Context, Result};
use kibaru_core::Pipeline;
use kibaru_geo::{find_places, resolve, Gazetteer, PlaceCue, PlaceLevel};
use kibaru_text::Folded;
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `kibaru places`.
#[derive(clap::Args)]
pub(crate) struct PlacesArgs {
    /// Plain-text articles, one a file (`-` reads standard input).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Dump folder or compiled index (default: the installed default index).
    #[arg(long, value_name = "PATH")]
    gazetteer: Option<PathBuf>,
    /// Publication date (YYYY-MM-DD or YYYY-MM), for the event extraction that
    /// decides the roles.
    #[arg(long)]
    published: Option<String>,
    /// Language (fr or en); detected when absent.
    #[arg(long)]
    lang: Option<String>,
}

fn cue_name(c: PlaceCue) -> &'static str {
    match c {
        PlaceCue::Settlement => "settlement",
        PlaceCue::Near => "near",
        PlaceCue::Distance(_) => "distance",
        PlaceCue::Admin2 => "admin2",
        PlaceCue::Admin1 => "admin1",
        PlaceCue::At => "at",
        PlaceCue::Between => "between",
        PlaceCue::Road => "road",
        PlaceCue::From => "from",
    }
}

fn level_name(l: PlaceLevel) -> &'static str {
    match l {
        PlaceLevel::Country => "country",
        PlaceLevel::Admin1 => "admin1",
        PlaceLevel::Admin2 => "admin2",
        PlaceLevel::Locality => "locality",
    }
}

/// The place mentions of one article as JSON values, in text order.
pub(crate) fn article_places(
    name: &str,
    text: &str,
    gaz: &Gazetteer,
    events: &[kibaru_core::Event],
) -> Vec<Value> {
    let folded = Folded::new(text);
    let mut mentions = find_places(&folded, gaz);
    resolve(&mut mentions, gaz);
    let sentences = kibaru_text::sentences(&folded);
    mentions
        .iter()
        .map(|m| {
            let o = folded.to_original(m.range);
            let located: Vec<&str> = events
                .iter()
                .filter(|e| {
                    e.evidence
                        .iter()
                        .any(|ev| ev.field == "location" && ev.start < o.end && o.start < ev.end)
                })
                .map(|e| e.event_id.as_str())
                .collect();
            let cue = m.cue_range.map(|r| {
                let c = folded.to_original(r);
                json!({"text": &text[c.as_range()], "start": c.start, "end": c.end})
            });
            let sentence = sentences
                .iter()
                .find(|s| s.contains_range(m.range))
                .map(|&s| {
                    let s = folded.to_original(s);
                    json!({"text": &text[s.as_range()], "start": s.start, "end": s.end})
                });
            let place = m.resolved.and_then(|id| gaz.get(id)).map(|p| {
                json!({
                    "geonameid": p.geonameid,
                    "name": p.name,
                    "lat": p.lat,
                    "lon": p.lon,
                    "country": p.country,
                    "admin1": gaz.admin1_name(p),
                    "admin2": gaz.admin2_name(p),
                    "feature_code": p.feature_code,
                })
            });
            json!({
                "article": name,
                "text": &text[o.as_range()],
                "start": o.start,
                "end": o.end,
                "cue": m.cue.map(cue_name),
                "distance_km": match m.cue { Some(PlaceCue::Distance(km)) => Some(km), _ => None },
                "level": level_name(m.level),
                "country": m.country.map(|c| c.iso2),
                "role": if located.is_empty() { "context" } else { "event" },
                "events": located,
                "place": place,
                "candidates": m.candidates.len(),
                "evidence": {"cue": cue, "sentence": sentence},
            })
        })
        .collect()
}

/// Runs `kibaru places`.
pub(crate) fn places(args: PlacesArgs) -> Result<ExitCode> {
    let gaz = load_gazetteer(args.gazetteer.as_deref())?;
    let pipeline = Pipeline::new(&gaz);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for path in &args.files {
        let name = path.display().to_string();
        let bytes = if name == "-" {
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut b).map(|_| b)
        } else {
            std::fs::read(path)
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                eprintln!("kibaru: error: cannot read {name}: {e}");
                failed = true;
                continue;
            }
        };
        let (article, warning) = kibaru_intake::text_article(
            &name,
            &bytes,
            args.published.as_deref(),
            args.lang.as_deref(),
        );
        if let Some(w) = warning {
            eprintln!("kibaru: warning: {w}");
        }
        let extraction = pipeline.extract(&article);
        for v in article_places(&name, &article.text, &gaz, &extraction.events) {
            writeln!(out, "{v}").context("cannot write to standard output")?;
        }
    }
    out.flush().context("cannot write to standard output")?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
