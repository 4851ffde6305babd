//! Dating a report from other reports of the same incident.
//!
//! Outlets copy each other, and many copies lose their date: no publication date
//! comes with the page and the text says "samedi" or nothing at all. A coder then
//! dates the report from the other reports of the same incident. So does
//! [`Corroborator`]: it remembers the day-dated events of every article it is shown
//! and dates an [`UndatedEvent`] when other reports place an event of the same type
//! within [`SAME_PLACE_KM`] on one day (or on days one apart, as reports of a night
//! do) that fits what the text says of the day ([`DayHint`]: its weekday, day of
//! month or month). Reports that disagree by more than a day leave it undated, as do
//! undated events without a place or placed only by their region.
//!
//! What is remembered is one small record per type, place and day, so memory grows
//! with the number of distinct incidents, not with the number of reports.

use std::collections::HashMap;

use kibaru_geo::haversine_km;
use kibaru_time::{Date, DayHint, PubDate};

use crate::model::{Event, UndatedEvent};

/// How far apart two reports may place one incident, in km.
pub const SAME_PLACE_KM: f64 = 25.0;

/// Grid cell size in degrees: 0.25 degree is at least 27 km north-south and,
/// below 30 degrees of latitude, east-west, so one incident's reports lie in
/// neighbouring cells.
const CELL_DEG: f64 = 0.25;

/// Dates undated events from the dated events of other reports.
#[derive(Debug, Default)]
pub struct Corroborator {
    cells: HashMap<(i32, i32), Vec<Seen>>,
}

/// One incident as reported: a type, a place and a day.
#[derive(Debug)]
struct Seen {
    event_type: std::borrow::Cow<'static, str>,
    lat: f64,
    lon: f64,
    date: Date,
    /// The first report of it, and how many reports gave it.
    article: String,
    reports: u32,
}

fn cell(lat: f64, lon: f64) -> (i32, i32) {
    (
        (lat / CELL_DEG).floor() as i32,
        (lon / CELL_DEG).floor() as i32,
    )
}

fn parse_day(s: &str) -> Option<Date> {
    PubDate::parse(s)?.date()
}

impl Corroborator {
    /// An empty corroborator.
    pub fn new() -> Corroborator {
        Corroborator::default()
    }

    /// Remembers a dated event. Only events dated to the day and placed are kept.
    pub fn add(&mut self, e: &Event) {
        let (Some(lat), Some(lon)) = (e.latitude, e.longitude) else {
            return;
        };
        let Some(date) = parse_day(&e.event_date).filter(|_| e.time_precision == 1) else {
            return;
        };
        if !lat.is_finite() || !lon.is_finite() || e.geo_precision > 2 {
            return;
        }
        let seen = self.cells.entry(cell(lat, lon)).or_default();
        let same = seen.iter_mut().find(|s| {
            s.date == date && s.event_type == e.event_type && s.lat == lat && s.lon == lon
        });
        match same {
            Some(s) => s.reports = s.reports.saturating_add(1),
            None => seen.push(Seen {
                event_type: e.event_type.clone(),
                lat,
                lon,
                date,
                // A canonical event (from the store) names its reports in `article_ids`.
                article: e
                    .article_id
                    .clone()
                    .or_else(|| e.article_ids.first().cloned())
                    .unwrap_or_default(),
                reports: 1,
            }),
        }
    }

    /// The undated event dated from other reports, or `None` when they do not
    /// date it (none near, or days that disagree).
    pub fn date(&self, u: &UndatedEvent) -> Option<Event> {
        let (day, source) = self.day_of(u)?;
        Some(dated(u.event.clone(), day, source))
    }

    /// [`Corroborator::date`], else [`UndatedEvent::fallback`], of an event
    /// given away: dated in place, not copied.
    pub fn date_or_fallback(&self, u: UndatedEvent) -> Option<Event> {
        match self.day_of(&u) {
            Some((day, source)) => Some(dated(u.event, day, source)),
            None => u.into_fallback(),
        }
    }

    /// The day other reports give an undated event, and the article of the
    /// report that dates it (see [`Corroborator::date`]).
    fn day_of(&self, u: &UndatedEvent) -> Option<(Date, &str)> {
        let e = &u.event;
        let (lat, lon) = (e.latitude?, e.longitude?);
        if !lat.is_finite() || !lon.is_finite() || e.geo_precision > 2 {
            return None;
        }
        let fits = |d: Date| u.hint.as_ref().is_none_or(|h: &DayHint| h.fits(d));
        let (ci, cj) = cell(lat, lon);
        let mut found: Vec<&Seen> = Vec::new();
        for i in ci.saturating_sub(1)..=ci.saturating_add(1) {
            for j in cj.saturating_sub(1)..=cj.saturating_add(1) {
                let Some(seen) = self.cells.get(&(i, j)) else {
                    continue;
                };
                found.extend(seen.iter().filter(|s| {
                    s.event_type == e.event_type
                        && e.article_id.as_deref() != Some(s.article.as_str())
                        && fits(s.date)
                        && haversine_km((lat, lon), (s.lat, s.lon)) <= SAME_PLACE_KM
                }));
            }
        }
        let first = found.iter().map(|s| s.date).min()?;
        let last = found.iter().map(|s| s.date).max()?;
        if last.to_days() - first.to_days() > 1 {
            return None;
        }
        // The day most reports give; on a tie the earlier (a night's first day).
        let count = |d: Date| -> u32 {
            found
                .iter()
                .filter(|s| s.date == d)
                .map(|s| s.reports)
                .sum()
        };
        let day = if count(last) > count(first) {
            last
        } else {
            first
        };
        let source = found
            .iter()
            .filter(|s| s.date == day)
            .min_by(|a, b| a.article.cmp(&b.article))?;
        Some((day, source.article.as_str()))
    }
}

/// An undated event given the day `source` reports.
fn dated(mut event: Event, day: Date, source: &str) -> Event {
    event.event_date = day.to_string();
    event.time_precision = 1;
    event.notes = format!("On {day}, {} Dated from report {}.", event.notes, source);
    event
}
