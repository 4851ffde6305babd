//! Dates in French and English news text, resolved against the publication date.
//!
//! STUB: the API below is the contract the pipeline codes against.
#![deny(missing_docs)]

use kibaru_text::{Lang, TextRange};

/// A civil (proleptic Gregorian) date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let _ = (year, month, day);
        None
    }
    /// Year.
    pub fn year(self) -> i32 {
        self.year
    }
    /// Month, 1..=12.
    pub fn month(self) -> u8 {
        self.month
    }
    /// Day of month, 1..=31.
    pub fn day(self) -> u8 {
        self.day
    }
    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        0
    }
    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let _ = days;
        Date { year: 1970, month: 1, day: 1 }
    }
    /// This date plus `n` days (n may be negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }
    /// Day of week, 0 = Monday .. 6 = Sunday.
    pub fn weekday(self) -> u8 {
        0
    }
    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let _ = s;
        None
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// How much of a date is known, as ACLED's time_precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// 1: the exact day.
    Day,
    /// 2: the week (the date is its middle day).
    Week,
    /// 3: the month (the date is its 15th).
    Month,
    /// Only the year ("en 2019"): never an event date, but tells the pipeline a mention is old.
    Year,
}

impl Precision {
    /// ACLED's time_precision code (1, 2, 3; a year counts as 3).
    pub fn code(self) -> u8 {
        match self {
            Precision::Day => 1,
            Precision::Week => 2,
            Precision::Month | Precision::Year => 3,
        }
    }
}

/// A publication date, as much of it as is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PubDate {
    /// Year.
    pub year: i32,
    /// Month, when known.
    pub month: Option<u8>,
    /// Day, when known.
    pub day: Option<u8>,
}

impl PubDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a longer ISO timestamp is cut to the day).
    pub fn parse(s: &str) -> Option<PubDate> {
        let _ = s;
        None
    }
}

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

/// Finds and resolves the dates in a folded text.
pub fn find_dates(folded: &str, lang: Lang, published: Option<PubDate>) -> Vec<DateMention> {
    let _ = (folded, lang, published);
    Vec::new()
}
