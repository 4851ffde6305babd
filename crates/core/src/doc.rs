//! An article prepared for event detection: folded text, sentences, dictionary
//! matches, dates, numbers and places, each sorted by position so a range's
//! share of them is a binary search away, and a sentence's matches and dates
//! are kept by its index (numbers are read per sentence, when first asked for).

use crate::model::{Article, Diagnostic, Severity};
use kibaru_geo::{Gazetteer, PlaceMention};
use kibaru_lexicon::{Cue, Lexicon, Match, MatchKind, Number};
use kibaru_text::{Folded, Lang, TextRange};
use kibaru_time::{Date, DateMention, DayHint, Precision, PubDate};
use std::cell::OnceCell;

/// How far before the reference day an event may lie and still be news rather than
/// background.
pub const NEWS_WINDOW_DAYS: i64 = 31;

/// A prepared article.
pub struct Doc<'a> {
    pub article: &'a Article,
    pub folded: Folded<'a>,
    pub lang: Lang,
    pub published: Option<PubDate>,
    /// The day the article speaks from: its publication day, else the latest full
    /// date it gives, else the middle of its publication month.
    pub reference: Option<Date>,
    /// The last day that still counts as "now" for background tests.
    pub now_end: Option<Date>,
    pub sentences: Vec<TextRange>,
    pub matches: Vec<Match>,
    /// The numbers of each sentence, read when first asked for (see
    /// [`Doc::numbers_in`]): most sentences never are.
    numbers: Vec<OnceCell<Vec<Number>>>,
    /// The numbers of the whole text, for a range that is not a sentence.
    all_numbers: OnceCell<Vec<Number>>,
    pub dates: Vec<DateMention>,
    /// Where each sentence's matches and dates lie in `matches` and
    /// `dates` (see [`Doc::sentence_matches`]), found by one walk in
    /// [`Doc::locate`]; empty before.
    match_bounds: Vec<(u32, u32)>,
    date_bounds: Vec<(u32, u32)>,
    /// What unresolved day expressions say of their day (texts without any
    /// date to count from).
    pub hints: Vec<DayHint>,
    pub places: Vec<PlaceMention>,
    pub lexicon: &'static Lexicon,
    pub gazetteer: &'a Gazetteer,
}

impl<'a> Doc<'a> {
    /// Prepares an article completely: [`Doc::read`] then [`Doc::locate`].
    pub fn prepare(
        article: &'a Article,
        lexicon: &'static Lexicon,
        gazetteer: &'a Gazetteer,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Doc<'a> {
        let mut doc = Doc::read(article, lexicon, gazetteer, diagnostics);
        doc.locate();
        doc
    }

    /// The first, cheap stage of preparation: folded text, language, publication
    /// date, sentences and dictionary matches, with every diagnostic of preparation.
    /// Numbers, dates and places are left empty (and `reference`, `now_end` unset)
    /// until [`Doc::locate`]: event detection needs them only in articles where
    /// some sentence holds a trigger (see `detect::first_trigger_sentence`).
    pub fn read(
        article: &'a Article,
        lexicon: &'static Lexicon,
        gazetteer: &'a Gazetteer,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Doc<'a> {
        let folded = Folded::new(&article.text);
        let lang = article
            .lang
            .as_deref()
            .and_then(Lang::from_code)
            .or_else(|| kibaru_text::detect_lang(&article.text))
            .unwrap_or(Lang::Fr);
        // The given date, parsed once for both its value and its warning.
        let given = article.published.as_deref().map(PubDate::parse);
        let published = given.flatten().or_else(|| header_date(folded.as_str()));
        if given.is_some_and(|p| p.is_none()) {
            diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                message: format!(
                    "article {}: publication date {:?} is not YYYY-MM-DD or YYYY-MM",
                    article.id,
                    article.published.as_deref().unwrap_or_default()
                ),
            });
        }
        if published.is_none() {
            diagnostics.push(Diagnostic {
                severity: Severity::Info,
                message: format!("article {}: no publication date; relative dates resolved only against dates in the text", article.id),
            });
        }
        let sentences = kibaru_text::sentences(&folded);
        let matches = lexicon.scan(&folded);
        Doc {
            article,
            folded,
            lang,
            published,
            reference: None,
            now_end: None,
            sentences,
            matches,
            numbers: Vec::new(),
            all_numbers: OnceCell::new(),
            dates: Vec::new(),
            match_bounds: Vec::new(),
            date_bounds: Vec::new(),
            hints: Vec::new(),
            places: Vec::new(),
            lexicon,
            gazetteer,
        }
    }

    /// The second stage of preparation: dates (and the reference day they
    /// give) and places, resolved against the gazetteer; numbers are read per
    /// sentence when first asked for.
    pub fn locate(&mut self) {
        let text = self.folded.as_str();
        self.numbers = vec![OnceCell::new(); self.sentences.len()];
        let dates = kibaru_time::find_dates_and_hints(text, self.lang, self.published);
        (self.dates, self.hints) = (dates.mentions, dates.hints);
        self.places = kibaru_geo::find_places(&self.folded, self.gazetteer);
        kibaru_geo::resolve(&mut self.places, self.gazetteer);
        (self.reference, self.now_end) = reference_day(self.published, &self.dates);
        self.match_bounds = bounds_by_sentence(&self.sentences, &self.matches, |m| m.range);
        self.date_bounds = bounds_by_sentence(&self.sentences, &self.dates, |d| d.range);
    }

    /// The matches of sentence `i`: [`Doc::matches_in`] of it, without the
    /// two binary searches once [`Doc::locate`] has found every sentence's
    /// (coding an event asks for its sentences' matches many times).
    #[inline]
    pub fn sentence_matches(&self, i: usize) -> &[Match] {
        match self.match_bounds.get(i) {
            Some(&(lo, hi)) => &self.matches[lo as usize..hi as usize],
            None => self.matches_in(self.sentences[i]),
        }
    }

    /// The dates of sentence `i`: [`Doc::dates_in`] of it, as
    /// [`Doc::sentence_matches`] gives its matches.
    #[inline]
    pub fn sentence_dates(&self, i: usize) -> &[DateMention] {
        match self.date_bounds.get(i) {
            Some(&(lo, hi)) => &self.dates[lo as usize..hi as usize],
            None => self.dates_in(self.sentences[i]),
        }
    }

    /// The numbers of sentence `i`: [`Doc::numbers_in`] of it, without the
    /// search for the sentence.
    pub fn sentence_numbers(&self, i: usize) -> &[Number] {
        match self.numbers.get(i) {
            Some(cell) => cell.get_or_init(|| {
                self.lexicon
                    .numbers_in(self.folded.as_str(), self.sentences[i])
            }),
            None => self.numbers_in(self.sentences[i]),
        }
    }

    /// Whether any of the cues occurs in sentence `i` ([`Doc::has_any_cue`]
    /// of it).
    #[inline]
    pub fn sentence_has_any_cue(&self, i: usize, cues: &[Cue]) -> bool {
        any_cue(self.sentence_matches(i), cues)
    }

    /// Whether a cue occurs in sentence `i` ([`Doc::has_cue`] of it).
    pub fn sentence_has_cue(&self, i: usize, cue: Cue) -> bool {
        any_cue(self.sentence_matches(i), &[cue])
    }

    /// The matches inside a range.
    pub fn matches_in(&self, r: TextRange) -> &[Match] {
        slice_in(&self.matches, r, |m| m.range)
    }

    /// The matches of each sentence in turn, as [`Doc::matches_in`] gives them:
    /// both lists are in text order, so one walk over them, not two binary
    /// searches per sentence.
    pub fn matches_by_sentence(&self) -> impl Iterator<Item = &[Match]> + '_ {
        let all = &self.matches[..];
        sentence_bounds(&self.sentences, all, |m| m.range).map(move |(lo, hi)| &all[lo..hi])
    }

    /// The numbers inside a range. For a sentence, read from that sentence
    /// alone the first time (the same numbers: no number crosses a sentence
    /// end, see `Lexicon::numbers_in`); for any other range, from the whole text.
    pub fn numbers_in(&self, r: TextRange) -> &[Number] {
        let k = self.sentences.partition_point(|s| s.start < r.start);
        if let Some(cell) = self.numbers.get(k).filter(|_| self.sentences[k] == r) {
            let text = self.folded.as_str();
            return cell.get_or_init(|| self.lexicon.numbers_in(text, r));
        }
        let all = self
            .all_numbers
            .get_or_init(|| self.lexicon.numbers(self.folded.as_str()));
        slice_in(all, r, |n| n.range)
    }

    /// The dates inside a range.
    pub fn dates_in(&self, r: TextRange) -> &[DateMention] {
        slice_in(&self.dates, r, |d| d.range)
    }

    /// The indices of the places inside a range.
    pub fn places_in(&self, r: TextRange) -> std::ops::Range<usize> {
        let lo = self.places.partition_point(|p| p.range.start < r.start);
        let hi = self.places.partition_point(|p| p.range.start < r.end);
        lo..hi.max(lo)
    }

    /// Whether any of the cues occurs inside a range: one pass over its
    /// matches, not one per cue (the reference of
    /// [`Doc::sentence_has_any_cue`]).
    #[cfg(test)]
    pub fn has_any_cue(&self, r: TextRange, cues: &[Cue]) -> bool {
        any_cue(self.matches_in(r), cues)
    }

    /// Whether a cue occurs inside a range.
    pub fn has_cue(&self, r: TextRange, cue: Cue) -> bool {
        any_cue(self.matches_in(r), &[cue])
    }

    /// Whether a date lies before the news window.
    pub fn is_past(&self, d: &DateMention) -> bool {
        let Some(now) = self.now_end else {
            return false;
        };
        match d.precision {
            Precision::Year => d.date.year() < now.year(),
            Precision::Month => {
                (d.date.year(), d.date.month()) < (now.year(), now.month())
                    && now.to_days() - d.date.to_days() > NEWS_WINDOW_DAYS + 15
            }
            _ => now.to_days() - d.until.unwrap_or(d.date).to_days() > NEWS_WINDOW_DAYS,
        }
    }

    /// Whether a date lies after the article's present.
    pub fn is_future(&self, d: &DateMention) -> bool {
        let Some(now) = self.now_end else {
            return false;
        };
        // A month or a year is in the future only when it starts after now
        // ("juillet 2022" in an article of 4 July 2022 is not).
        let start = match d.precision {
            Precision::Month => Date::new(d.date.year(), d.date.month(), 1),
            Precision::Year => Date::new(d.date.year(), 1, 1),
            Precision::Day | Precision::Week => Some(d.date),
        }
        .unwrap_or(d.date);
        start.to_days() > now.to_days() + 1
    }
}

/// For each sentence, the bounds of its items in `items` (sorted by start),
/// as [`slice_in`] finds them: both lists are in text order, so one walk.
fn bounds_by_sentence<T>(
    sentences: &[TextRange],
    items: &[T],
    range: impl Fn(&T) -> TextRange,
) -> Vec<(u32, u32)> {
    sentence_bounds(sentences, items, range)
        .map(|(lo, hi)| (lo as u32, hi as u32))
        .collect()
}

/// The bounds in `items` (sorted by position) of each sentence's items, in
/// one walk over both lists.
fn sentence_bounds<'a, T>(
    sentences: &'a [TextRange],
    items: &'a [T],
    range: impl Fn(&T) -> TextRange + 'a,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut lo = 0;
    sentences.iter().map(move |s| {
        while lo < items.len() && range(&items[lo]).start < s.start {
            lo += 1;
        }
        let mut hi = lo;
        while hi < items.len() && range(&items[hi]).start < s.end {
            hi += 1;
        }
        (lo, hi)
    })
}

/// Whether any of `cues` is among the matches: one pass over them, not one
/// per cue.
#[inline]
fn any_cue(matches: &[Match], cues: &[Cue]) -> bool {
    matches
        .iter()
        .any(|m| matches!(m.kind, MatchKind::Cue(c) if cues.contains(&c)))
}

/// Sorted, non-overlapping items inside `r`.
fn slice_in<T>(items: &[T], r: TextRange, range: impl Fn(&T) -> TextRange) -> &[T] {
    let lo = items.partition_point(|x| range(x).start < r.start);
    let hi = items.partition_point(|x| range(x).start < r.end);
    &items[lo..hi.max(lo)]
}

/// A "date YYYY-MM[-DD]" header at the start of the text, as some scrapers write it.
fn header_date(folded: &str) -> Option<PubDate> {
    let rest = folded.trim_start().strip_prefix("date ")?;
    let token = rest.split(|c: char| c.is_whitespace()).next()?;
    PubDate::parse(token)
}

/// The reference day and the end of the article's present.
fn reference_day(
    published: Option<PubDate>,
    dates: &[DateMention],
) -> (Option<Date>, Option<Date>) {
    if let Some(p) = published {
        if let (Some(m), Some(d)) = (p.month, p.day) {
            let day = Date::new(p.year, m, d);
            return (day, day);
        }
        if let Some(m) = p.month {
            let first = Date::new(p.year, m, 1);
            let last = first
                .map(|f| f.add_days(40))
                .and_then(|x| Date::new(x.year(), x.month(), 1))
                .map(|x| x.add_days(-1));
            let latest = dates
                .iter()
                .filter(|d| d.precision == Precision::Day)
                .map(|d| d.date)
                // A day of the publication month or of the weeks just before it,
                // not the anniversary's day a year earlier.
                .filter(|d| last.is_none_or(|l| *d <= l))
                .filter(|d| first.is_none_or(|f| d.to_days() >= f.to_days() - NEWS_WINDOW_DAYS))
                .max();
            return (latest.or_else(|| Date::new(p.year, m, 15)), last);
        }
        let end = Date::new(p.year, 12, 31);
        return (None, end);
    }
    let latest = dates
        .iter()
        .filter(|d| d.precision == Precision::Day)
        .map(|d| d.date)
        .max();
    (latest, latest)
}

#[cfg(test)]
mod tests {
    use kibaru_lexicon::Lexicon;
    use kibaru_text::Folded;

    proptest::proptest! {
        /// The walk gives each sentence the matches the binary searches give it.
        #[test]
        fn matches_by_sentence_are_the_matches_in_each(words in proptest::collection::vec(
            "(attaque|tués|civils|soldats|FAMa|JNIM|n'a|pas|selon|Boni|deux|[.]|[?]|\n|\n\n|              , | |M[.]|aurait|depuis|2015)",
            0..40,
        )) {
            let article = crate::Article {
                id: "t".into(),
                text: words.join(" "),
                ..crate::Article::default()
            };
            let gazetteer = kibaru_geo::Gazetteer::from_dump_str("", "", "");
            let doc = super::Doc::read(&article, Lexicon::builtin(), &gazetteer, &mut Vec::new());
            let walked: Vec<_> = doc.matches_by_sentence().collect();
            let searched: Vec<_> = doc.sentences.iter().map(|&s| doc.matches_in(s)).collect();
            proptest::prop_assert_eq!(walked, searched, "{:?}", article.text);
        }
    }

    proptest::proptest! {
        /// Each sentence's matches, dates and numbers, read by its index,
        /// are those the searches by its range find, before and after
        /// `locate`.
        #[test]
        fn sentence_items_are_those_in_its_range(words in proptest::collection::vec(
            "(attaque|tués|civils|soldats|FAMa|JNIM|n'a|pas|selon|deux|vingt|12|1 200|lundi|\
              le 3 mars|mars 2024|hier|la veille|en 2015|[.]|[?]|\n|\n\n| |, |M[.]|aurait)",
            0..40,
        ), published in proptest::option::of("2025-03-0[1-9]")) {
            let article = crate::Article {
                id: "t".into(),
                text: words.join(" "),
                published,
                ..crate::Article::default()
            };
            let gazetteer = kibaru_geo::Gazetteer::from_dump_str("", "", "");
            let lexicon = Lexicon::builtin();
            let read = super::Doc::read(&article, lexicon, &gazetteer, &mut Vec::new());
            let doc = super::Doc::prepare(&article, lexicon, &gazetteer, &mut Vec::new());
            for d in [&read, &doc] {
                for (i, &s) in d.sentences.iter().enumerate() {
                    proptest::prop_assert_eq!(d.sentence_matches(i), d.matches_in(s));
                    proptest::prop_assert_eq!(d.sentence_dates(i), d.dates_in(s));
                    for cue in [kibaru_lexicon::Cue::Negation, kibaru_lexicon::Cue::Dead] {
                        proptest::prop_assert_eq!(d.sentence_has_cue(i, cue), d.has_cue(s, cue));
                    }
                    proptest::prop_assert_eq!(
                        d.sentence_has_any_cue(i, &crate::detect::FRAMING),
                        d.has_any_cue(s, &crate::detect::FRAMING)
                    );
                }
            }
            proptest::prop_assert!(doc.match_bounds.len() == doc.sentences.len());
            // Numbers: by index first in one document, by range first in another.
            let again = super::Doc::prepare(&article, lexicon, &gazetteer, &mut Vec::new());
            for (i, &s) in doc.sentences.iter().enumerate() {
                proptest::prop_assert_eq!(doc.sentence_numbers(i), again.numbers_in(s));
                let read = lexicon.numbers_in(doc.folded.as_str(), s);
                proptest::prop_assert_eq!(doc.sentence_numbers(i), read.as_slice());
            }
        }
    }

    proptest::proptest! {
        /// No number crosses a sentence end: the numbers read from each
        /// sentence alone are those of the whole text inside it, and every
        /// number of the whole text lies in some sentence.
        #[test]
        fn numbers_per_sentence_are_the_whole_texts(words in proptest::collection::vec(
            "(deux|vingt|quatre|et|un|une|dizaine|des|dizaines|milliers|1|200|3|000|2,5|Mi|\
              [.]|[,]|-| |  |\n|\n\n|[?]|[!]|Le|M[.]|L'|\"|[)]|aux|tués)",
            0..40,
        )) {
            let text = words.concat();
            let folded = Folded::new(&text);
            let lexicon = Lexicon::builtin();
            let all = lexicon.numbers(folded.as_str());
            let mut per_sentence = Vec::new();
            for s in kibaru_text::sentences(&folded) {
                per_sentence.extend(lexicon.numbers_in(folded.as_str(), s));
            }
            proptest::prop_assert_eq!(per_sentence, all, "{:?}", text);
        }
    }
}
