//! kibaru's dictionaries, compiled into one matcher over folded text.
//!
//! STUB: the API below is the contract the pipeline codes against; the data files
//! and the matcher are being written.
#![deny(missing_docs)]

mod types;

pub use types::{Actor, ActorId, Cue, Inter, TriggerClass};

use kibaru_text::{Folded, TextRange};

/// What a dictionary match is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// An actor alias.
    Actor(ActorId),
    /// An event trigger.
    Trigger(TriggerClass),
    /// A cue phrase.
    Cue(Cue),
}

/// One dictionary match, as a range of the folded text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Match {
    /// Where it matched, in folded-text bytes.
    pub range: TextRange,
    /// What matched.
    pub kind: MatchKind,
}

/// A number read from text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Number {
    /// Range of the number in folded text.
    pub range: TextRange,
    /// Its value (codebook value for vague words: "une dizaine" = 10, "des dizaines" = 12).
    pub value: u32,
    /// Whether it was a vague quantity ("plusieurs", "une dizaine", "dozens").
    pub vague: bool,
}

/// The compiled dictionaries.
pub struct Lexicon {
    actors: Vec<Actor>,
}

impl Lexicon {
    /// The built-in dictionaries (compiled on first use, then shared).
    pub fn builtin() -> &'static Lexicon {
        static L: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        L.get_or_init(|| Lexicon { actors: Vec::new() })
    }

    /// All actors.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// One actor.
    pub fn actor(&self, id: ActorId) -> &Actor {
        &self.actors[id.0 as usize]
    }

    /// An actor by its key.
    pub fn actor_by_key(&self, key: &str) -> Option<ActorId> {
        self.actors.iter().position(|a| a.key == key).map(|i| ActorId(i as u16))
    }

    /// Every match in the folded text, in order of start, non-overlapping
    /// (leftmost-longest), on word boundaries.
    pub fn scan(&self, folded: &Folded<'_>) -> Vec<Match> {
        let _ = folded;
        Vec::new()
    }

    /// Every number (digits, number words, vague quantities) in the folded text.
    pub fn numbers(&self, folded: &str) -> Vec<Number> {
        let _ = folded;
        Vec::new()
    }
}
