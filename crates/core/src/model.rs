//! The data kibaru reads and writes: articles in, events with evidence out.
//!
//! Field names follow the contracts in PRODUCT.md: ACLED's column names where ACLED
//! has the field, plus kibaru's own (article_id, evidence, confidence, ...).

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A news article, as read from article JSONL or a text file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier.
    pub id: String,
    /// Where it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The outlet (site name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Publication date: `YYYY-MM-DD`, `YYYY-MM` or absent.
    #[serde(default)]
    pub published: Option<String>,
    /// Language code (`fr`, `en`) or absent (detected).
    #[serde(default)]
    pub lang: Option<String>,
    /// Title, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The text, exactly as retrieved.
    pub text: String,
}

/// The text span that a coded field came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The field it supports (`event_type`, `actor1`, `location`, `event_date`,
    /// `fatalities`, or `sentence` for a sentence that reports the event).
    /// Borrowed when extracted (one of those names: no allocation a span),
    /// owned when read back.
    pub field: std::borrow::Cow<'static, str>,
    /// The text of the span, as in the article.
    pub text: String,
    /// First byte of the span in the article text.
    pub start: u32,
    /// One past the last byte of the span in the article text.
    pub end: u32,
}

/// One coded event (the event JSONL contract).
///
/// The fields that hold one of a few fixed names (the types, the inter labels,
/// the country, the language, the tags) are `Cow`s: borrowed when extracted
/// (no allocation a field and event), owned when read back; serialized alike.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Identifier, stable for the same input.
    pub event_id: String,
    /// `YYYY-MM-DD`.
    pub event_date: String,
    /// 1 exact day, 2 week, 3 month.
    pub time_precision: u8,
    /// ACLED disorder type.
    pub disorder_type: Cow<'static, str>,
    /// ACLED event type.
    pub event_type: Cow<'static, str>,
    /// ACLED sub-event type.
    pub sub_event_type: Cow<'static, str>,
    /// The actor who acts.
    pub actor1: String,
    /// Actors associated with actor1.
    pub assoc_actor_1: String,
    /// actor1's inter label ("State forces").
    pub inter1: Cow<'static, str>,
    /// The other actor (the civilians in violence against civilians).
    pub actor2: String,
    /// Actors associated with actor2.
    pub assoc_actor_2: String,
    /// actor2's inter label.
    pub inter2: Cow<'static, str>,
    /// "State forces-Rebel group" and so on.
    pub interaction: Cow<'static, str>,
    /// "Civilian targeting" or empty.
    pub civilian_targeting: Cow<'static, str>,
    /// ISO 3166-1 numeric country code (0 when unknown).
    pub iso: u16,
    /// Country name.
    pub country: Cow<'static, str>,
    /// First-level division.
    pub admin1: String,
    /// Second-level division.
    pub admin2: String,
    /// Third-level division.
    pub admin3: String,
    /// Most specific named place.
    pub location: String,
    /// Latitude, 4 decimals; absent when no place is known.
    pub latitude: Option<f64>,
    /// Longitude, 4 decimals; absent when no place is known.
    pub longitude: Option<f64>,
    /// 1 that very place, 2 near it, 3 region only.
    pub geo_precision: u8,
    /// The outlet(s).
    pub source: String,
    /// Source scale (empty when unknown).
    pub source_scale: String,
    /// One sentence in English that summarises the event.
    pub notes: String,
    /// Deaths, lowest credible figure.
    pub fatalities: u32,
    /// Free tags (`unconfirmed` for hedged reports).
    pub tags: Cow<'static, str>,
    /// Unix time of the publication day (0 when unknown); never the wall clock.
    pub timestamp: i64,
    /// Sub-unit of actor1, when named (e.g. a katiba).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub actor1_detail: String,
    /// Sub-unit of actor2, when named.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub actor2_detail: String,
    /// The article this event was extracted from (per-article extraction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article_id: Option<String>,
    /// The articles reporting this event (canonical events).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub article_ids: Vec<String>,
    /// ISO 3166-1 alpha-3.
    pub country_iso3: Cow<'static, str>,
    /// GeoNames id of the location.
    pub geonameid: Option<u32>,
    /// Language of the article.
    pub lang: Cow<'static, str>,
    /// Confidence in 0..=1.
    pub confidence: f64,
    /// Where each field came from.
    pub evidence: Vec<Evidence>,
}

/// An event of an article that gives no day to date it by: no publication date
/// (or only its year) and no year in the text, or a weekday in an article dated by
/// its month only. Coded in full except its day, it waits for another report of
/// the same incident to date it ([`crate::Corroborator`]).
#[derive(Clone, Debug, PartialEq)]
pub struct UndatedEvent {
    /// The event, with `notes` without their "On DATE, " opening, and an empty
    /// `event_date` and `time_precision` 0, or the month-level date the text gives
    /// (see [`UndatedEvent::fallback`]).
    pub event: Event,
    /// What the text says of the day ("samedi", "le 14 février"), if anything; its
    /// range is in the folded text (the event's `event_date` evidence is the
    /// original span).
    pub hint: Option<kibaru_time::DayHint>,
}

impl UndatedEvent {
    /// The event as its own text dates it, when it does (the middle of the
    /// publication month, time precision 3): for when no other report dates it.
    pub fn fallback(&self) -> Option<Event> {
        if self.event.event_date.is_empty() {
            return None;
        }
        let mut e = self.event.clone();
        e.notes = format!("On {}, {}", e.event_date, e.notes);
        Some(e)
    }

    /// [`UndatedEvent::fallback`] of an event given away: no copy of it.
    pub fn into_fallback(self) -> Option<Event> {
        let mut e = self.event;
        if e.event_date.is_empty() {
            return None;
        }
        e.notes = format!("On {}, {}", e.event_date, e.notes);
        Some(e)
    }
}

/// Severity of a diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something the user should know (e.g. relative dates left unresolved).
    Warning,
    /// Informational.
    Info,
}

/// A problem noticed in an article; the pipeline reports, it never fails.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious.
    pub severity: Severity,
    /// What happened, lowercase, no trailing dot.
    pub message: String,
}
