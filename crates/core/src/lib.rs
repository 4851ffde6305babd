//! The kibaru pipeline: one article in, coded conflict events with their evidence
//! out.
//!
//! [`Pipeline::extract`] reads an [`Article`] and returns an [`Extraction`]: the
//! [`Event`]s it reports, each field backed by [`Evidence`] spans, and
//! [`Diagnostic`]s about the text. The pipeline never does IO and never reads the
//! clock: the publication date comes in with the article, the gazetteer and the
//! dictionaries are handed over already loaded.
//!
//! Stages, in order (see `doc.rs`, `detect.rs`, `code.rs`):
//! 1. prepare: fold the text, split sentences, scan the dictionaries; then, only
//!    if some sentence holds a trigger (no other article can report an event),
//!    find dates, numbers and places;
//! 2. detect: sentences with an event trigger that is not negated, hedged into a
//!    threat, habitual, statistical or past context become event mentions;
//! 3. group: mentions of one incident (compatible date and place) become one event;
//! 4. code: type, actors, date, place, fatalities and evidence for each event.
//!
//! An article with no publication date and no year in its text cannot date what
//! it reports; its events come out as [`UndatedEvent`]s, and a [`Corroborator`]
//! that has seen the dated events of other articles dates them from another
//! report of the same incident (`corroborate.rs`).
#![deny(missing_docs)]

mod code;
mod corroborate;
mod detect;
mod doc;
mod explain;
mod fatalities;
mod model;
mod taxonomy;

pub use corroborate::Corroborator;
pub use model::{Article, Diagnostic, Event, Evidence, Severity, UndatedEvent};
pub use taxonomy::{EventType, SubEventType};

use kibaru_geo::Gazetteer;
use kibaru_lexicon::Lexicon;

/// The result of extracting one article.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    /// The events the article reports, in order of first mention.
    pub events: Vec<Event>,
    /// The events it reports but gives no day for (no publication date and no
    /// year in the text), for a [`Corroborator`] to date.
    pub undated: Vec<UndatedEvent>,
    /// Problems noticed in the text.
    pub diagnostics: Vec<Diagnostic>,
}

/// The extraction pipeline, holding the loaded dictionaries and gazetteer.
pub struct Pipeline<'g> {
    lexicon: &'static Lexicon,
    gazetteer: &'g Gazetteer,
}

impl<'g> Pipeline<'g> {
    /// A pipeline with the built-in dictionaries and the given gazetteer.
    pub fn new(gazetteer: &'g Gazetteer) -> Pipeline<'g> {
        Pipeline {
            lexicon: Lexicon::builtin(),
            gazetteer,
        }
    }

    /// How the pipeline read one article, sentence by sentence, as plain text:
    /// dictionary matches, dates, numbers, places and event mentions.
    pub fn explain(&self, article: &Article) -> String {
        let mut diagnostics = Vec::new();
        let doc = doc::Doc::prepare(article, self.lexicon, self.gazetteer, &mut diagnostics);
        explain::explain(&doc)
    }

    /// Extracts the events of one article.
    pub fn extract(&self, article: &Article) -> Extraction {
        self.extract_with(article, true)
    }

    /// [`Pipeline::extract`], with the fast path for articles that cannot report
    /// an event (no sentence with a trigger) on or off; the result is the same.
    fn extract_with(&self, article: &Article, fast: bool) -> Extraction {
        let mut diagnostics = Vec::new();
        let mut doc = doc::Doc::read(article, self.lexicon, self.gazetteer, &mut diagnostics);
        // The sentences before the first with a trigger give no mention: the
        // search for mentions starts at it.
        let first = if fast {
            let Some(first) = detect::first_trigger_sentence(&doc) else {
                return Extraction {
                    diagnostics,
                    ..Extraction::default()
                };
            };
            Some(first)
        } else {
            None
        };
        doc.locate();
        let mentions = match first {
            Some(first) => detect::mentions_from(&doc, first),
            None => detect::mentions(&doc),
        };
        let groups = detect::group(&doc, mentions);
        let mut events = Vec::with_capacity(groups.len());
        let mut undated = Vec::new();
        let mut taken: Vec<usize> = groups
            .iter()
            .flat_map(|g| g.mentions.iter().map(|m| m.sentence))
            .collect();
        taken.sort_unstable();
        // Sentences that tell an earlier event in the pluperfect: their days are
        // not lent to undated incidents.
        let mut earlier: Vec<usize> = groups
            .iter()
            .flat_map(|g| g.mentions.iter().filter(|m| m.earlier).map(|m| m.sentence))
            .collect();
        earlier.sort_unstable();
        for group in &groups {
            for coded in code::code_event(
                &doc,
                group,
                &taken,
                &earlier,
                events.len() + undated.len(),
                &mut diagnostics,
            ) {
                match coded {
                    code::Coded::Dated(event) => events.push(event),
                    code::Coded::Undated(event) => undated.push(event),
                }
            }
        }
        Extraction {
            events,
            undated,
            diagnostics,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path (no numbers, dates or places for articles without a
    /// trigger) gives what the full path gives, on articles with and without
    /// events and with and without a publication date.
    #[test]
    fn the_fast_path_gives_the_full_paths_result() {
        let gazetteer = Gazetteer::from_dump_str(
            "11\tBoni\tBoni\t\t15.047\t-1.97\tP\tPPL\tML\t\t04\t\t\t\t0\t\t300\tAfrica/Bamako\t2024-01-01\n",
            "ML.04\tMopti\tMopti\t1\n",
            "",
        );
        let pipeline = Pipeline::new(&gazetteer);
        let texts = [
            // Events.
            "Des hommes armés ont attaqué le village de Boni lundi, tuant sept civils.",
            include_str!("../../../examples/attaque-boni.txt"),
            include_str!("../../../examples/nantaka-en.txt"),
            // No trigger: the fast path.
            "Le marché de Boni a rouvert lundi. Les commerçants, au nombre de 120, sont satisfaits.",
            // Triggers ruled out (negated, framed): the full path, no event.
            "Boni n'a pas été attaqué. Les attaques se multiplient depuis 2015.",
            "",
        ];
        for text in texts {
            for published in [Some("2025-03-05"), Some("2025-03"), Some("bad"), None] {
                let article = Article {
                    id: "t".into(),
                    published: published.map(str::to_string),
                    text: text.into(),
                    ..Article::default()
                };
                let fast = pipeline.extract_with(&article, true);
                let full = pipeline.extract_with(&article, false);
                assert_eq!(fast.events, full.events, "{text:?} {published:?}");
                assert_eq!(fast.undated, full.undated, "{text:?} {published:?}");
                assert_eq!(fast.diagnostics, full.diagnostics, "{text:?} {published:?}");
            }
        }
        let attack = Article {
            text: texts[0].into(),
            published: Some("2025-03-05".into()),
            ..Article::default()
        };
        assert_eq!(
            pipeline.extract(&attack).events.len(),
            1,
            "the test sees an event"
        );
        let quiet = Article {
            text: texts[3].into(),
            ..Article::default()
        };
        let doc = doc::Doc::read(&quiet, pipeline.lexicon, &gazetteer, &mut Vec::new());
        assert!(
            detect::first_trigger_sentence(&doc).is_none(),
            "the no-trigger article takes the fast path"
        );
    }
}
