//! Dates in French and English news text, resolved against the publication date.
//!
//! [`find_dates`] tokenizes the folded text (`lex`), recognises date expressions in it
//! (`parse`, which leaves them unresolved) and resolves them against an anchor day
//! (`resolve`, which documents how the anchor is chosen). Main types: [`Date`],
//! [`Precision`], [`PubDate`] and the result, [`DateMention`].
#![deny(missing_docs)]

mod date;
mod lex;
mod parse;
mod resolve;

#[cfg(test)]
mod tests;

use kibaru_text::{Lang, TextRange};

pub use date::{days_in_month, is_leap, Date, Precision, PubDate, MAX_DAYS};

/// What kind of expression a date mention was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// Day and month written out, with or without year ("26 décembre 2024", "le 10 avril", "12/03/2023").
    Explicit,
    /// A weekday ("jeudi", "lundi dernier", "on Tuesday").
    Weekday,
    /// Relative to the publication ("hier", "avant-hier", "aujourd'hui", "cette nuit", "yesterday").
    Relative,
    /// A month with or without year ("en février 2024", "début août", "in March").
    Month,
    /// A year alone ("en 2019", "depuis 2015").
    Year,
}

/// A date mentioned in the text, resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Range in the folded text.
    pub range: TextRange,
    /// The resolved date (first day of a range or night; the 15th for a month).
    pub date: Date,
    /// How precise it is.
    pub precision: Precision,
    /// The kind of expression.
    pub kind: MentionKind,
    /// For a span of days ("du 15 mars au 15 avril"), its last day.
    pub until: Option<Date>,
}

/// What a day expression that could not be resolved to its day still says about
/// it: a weekday ("samedi" in a text with no date to count from, or in an article
/// dated by its month only, which gets the month too), a day of month and a month
/// ("le 14 février" with no year anywhere), a month alone ("en mars"). A report
/// can then be dated from another report of the same incident whose date fits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayHint {
    /// Range in the folded text.
    pub range: TextRange,
    /// Weekday, 0 = Monday.
    pub weekday: Option<u8>,
    /// Day of month.
    pub day: Option<u8>,
    /// Month, 1 to 12.
    pub month: Option<u8>,
    /// A night ("dans la nuit de vendredi à samedi", "nuit du 3 au 4"): the day
    /// given is the evening's, and the morning's fits too.
    pub night: bool,
}

impl DayHint {
    /// Whether day `d` is one this hint allows.
    pub fn fits(&self, d: Date) -> bool {
        let on = |d: Date| {
            self.weekday.is_none_or(|w| d.weekday() == w)
                && self.day.is_none_or(|x| d.day() == x)
                && self.month.is_none_or(|m| d.month() == m)
        };
        on(d) || (self.night && on(d.add_days(-1)))
    }
}

/// The dates of a folded text: the resolved mentions and the hints left by the
/// day expressions that could not be resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dates {
    /// Resolved mentions, sorted by position, never overlapping.
    pub mentions: Vec<DateMention>,
    /// Hints of unresolved day expressions, sorted by position.
    pub hints: Vec<DayHint>,
}

/// Finds and resolves the dates in a folded text.
///
/// Mentions come out sorted by position and never overlap; their ranges are byte
/// ranges of `folded` on char boundaries. Expressions that cannot be resolved (an
/// invalid date, a relative date without any anchor) are left out.
pub fn find_dates(folded: &str, lang: Lang, published: Option<PubDate>) -> Vec<DateMention> {
    find_dates_and_hints(folded, lang, published).mentions
}

/// [`find_dates`], with the [`DayHint`]s of the day expressions left unresolved.
pub fn find_dates_and_hints(folded: &str, lang: Lang, published: Option<PubDate>) -> Dates {
    // About one token (word or punctuation) in five bytes: one allocation.
    let mut toks = Vec::with_capacity(folded.len() / 4 + 1);
    lex::tokenize(folded, &mut toks);
    let mut raws = Vec::new();
    parse::scan(folded, &toks, lang, &mut raws);
    resolve::resolve(&raws, published)
}
