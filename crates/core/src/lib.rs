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
//! 1. prepare: fold the text, split sentences, scan the dictionaries, find dates,
//!    numbers and places;
//! 2. detect: sentences with an event trigger that is not negated, hedged into a
//!    threat, habitual, statistical or past context become event mentions;
//! 3. group: mentions of one incident (compatible date and place) become one event;
//! 4. code: type, actors, date, place, fatalities and evidence for each event.
#![deny(missing_docs)]

mod code;
mod detect;
mod doc;
mod explain;
mod fatalities;
mod model;
mod taxonomy;

pub use model::{Article, Diagnostic, Event, Evidence, Severity};
pub use taxonomy::{EventType, SubEventType};

use kibaru_geo::Gazetteer;
use kibaru_lexicon::Lexicon;

/// The result of extracting one article.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    /// The events the article reports, in order of first mention.
    pub events: Vec<Event>,
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
        let mut diagnostics = Vec::new();
        let doc = doc::Doc::prepare(article, self.lexicon, self.gazetteer, &mut diagnostics);
        let mentions = detect::mentions(&doc);
        let groups = detect::group(&doc, mentions);
        let mut events = Vec::with_capacity(groups.len());
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
            if let Some(event) = code::code_event(
                &doc,
                group,
                &taken,
                &earlier,
                events.len(),
                &mut diagnostics,
            ) {
                events.push(event);
            }
        }
        Extraction {
            events,
            diagnostics,
        }
    }
}
