//! A plain-text account of how the pipeline read an article: each sentence with
//! its dictionary matches, dates, numbers and places, and whether it became an
//! event mention. For users checking a coding decision and for tuning rules.

use crate::detect;
use crate::doc::Doc;
use kibaru_lexicon::MatchKind;
use std::fmt::Write;

/// Writes the account of `doc` into a string.
pub fn explain(doc: &Doc<'_>) -> String {
    let mut out = String::new();
    let mentions = detect::mentions(doc);
    let _ = writeln!(
        out,
        "article {} lang={} published={:?} reference={:?}",
        doc.article.id,
        doc.lang.code(),
        doc.article.published,
        doc.reference.map(|d| d.to_string())
    );
    for (i, &s) in doc.sentences.iter().enumerate() {
        let _ = writeln!(
            out,
            "[{i}] {}",
            doc.folded.original_slice(s).replace('\n', " ")
        );
        for m in doc.matches_in(s) {
            let what = match m.kind {
                MatchKind::Actor(id) => format!("actor {}", doc.lexicon.actor(id).key),
                MatchKind::Trigger(t) => format!("trigger {}", t.name()),
                MatchKind::Cue(c) => format!("cue {}", c.name()),
            };
            let _ = writeln!(out, "    {what}: {:?}", doc.folded.original_slice(m.range));
        }
        for d in doc.dates_in(s) {
            let _ = writeln!(
                out,
                "    date {} {:?}{}: {:?}",
                d.date,
                d.precision,
                if doc.is_past(d) { " (past)" } else { "" },
                doc.folded.original_slice(d.range)
            );
        }
        for h in doc
            .hints
            .iter()
            .filter(|h| s.start <= h.range.start && h.range.start < s.end)
        {
            let _ = writeln!(
                out,
                "    day hint weekday={:?} day={:?} month={:?}: {:?}",
                h.weekday,
                h.day,
                h.month,
                doc.folded.original_slice(h.range)
            );
        }
        for n in doc.numbers_in(s) {
            let _ = writeln!(
                out,
                "    number {}{}: {:?}",
                n.value,
                if n.vague { " (vague)" } else { "" },
                doc.folded.original_slice(n.range)
            );
        }
        for p in doc.places_in(s).map(|k| &doc.places[k]) {
            let resolved = p.resolved.map(|id| {
                let place = doc.gazetteer.place(id);
                format!(
                    "{} {} ({:.4}, {:.4})",
                    place.name, place.country, place.lat, place.lon
                )
            });
            let _ = writeln!(
                out,
                "    place {:?} cue={:?} level={:?} -> {}",
                doc.folded.original_slice(p.range),
                p.cue,
                p.level,
                resolved.unwrap_or_else(|| "unresolved".into())
            );
        }
        if let Some(m) = mentions.iter().find(|m| m.sentence == i) {
            let _ = writeln!(
                out,
                "    => mention strong={} hedged={} date={:?} place={:?}",
                m.strong,
                m.hedged,
                m.date.map(|d| d.date.to_string()),
                m.place
                    .map(|k| doc.folded.original_slice(doc.places[k].range))
            );
        }
    }
    out
}
