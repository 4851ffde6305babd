//! Event JSONL written field by field: the bytes `serde_json::to_writer` gives for
//! an [`Event`] (same field order, same escapes, same numbers), without going
//! through serde's generic machinery, which cost three times as much per byte
//! on the extraction benchmark. The tests hold the two outputs equal, so a field
//! added to `Event` and not here fails them.

use kibaru_core::{Event, Evidence};
use serde_json::ser::{CompactFormatter, Formatter};

/// The bytes that open member `name` of an object after the first:
/// `,"name":`, one copy a member rather than four pushes (of a length known
/// at compile time: a few stores, no call).
macro_rules! member {
    ($name:literal) => {
        concat!(",\"", $name, "\":")
    };
}

/// [`member!`] of a string member, with the string's opening quote.
macro_rules! string_member {
    ($name:literal) => {
        concat!(",\"", $name, "\":\"")
    };
}

/// The bytes that open an object and its first member `name`, a string,
/// with the string's opening quote: `{"name":"` (both objects written here
/// start with a string member).
macro_rules! first_string_member {
    ($name:literal) => {
        concat!("{\"", $name, "\":\"")
    };
}

/// Appends one event as a JSON object (no newline) to `out`.
///
/// Written first with every string copied as it is, then checked in one
/// pass ([`kibaru_text::json_quotes_if_plain`]): when the line holds no
/// backslash, no control byte and only the quotes written around names and
/// strings, no string had a byte to escape and the line is what the escaping
/// writer gives. Otherwise (one event in twenty: quotes in the evidence text)
/// it is written again with escapes. The search for escapes per string cost
/// more than the copy of most strings, a few bytes long.
pub fn write_event(out: &mut Vec<u8>, e: &Event) {
    let start = out.len();
    let quotes = write_fields::<true>(out, e);
    if kibaru_text::json_quotes_if_plain(&out[start..]) == Some(quotes) {
        return;
    }
    out.truncate(start);
    write_fields::<false>(out, e);
}

/// The event written as [`write_event`] says, its strings copied as they are
/// (`RAW`) or escaped; returns how many quotes were written around names and
/// strings.
fn write_fields<const RAW: bool>(out: &mut Vec<u8>, e: &Event) -> usize {
    let mut o = Writer::<RAW> { out, quotes: 0 };
    o.str(first_string_member!("event_id"), &e.event_id);
    o.str(string_member!("event_date"), &e.event_date);
    o.uint(member!("time_precision"), e.time_precision.into());
    o.str(string_member!("disorder_type"), &e.disorder_type);
    o.str(string_member!("event_type"), &e.event_type);
    o.str(string_member!("sub_event_type"), &e.sub_event_type);
    o.str(string_member!("actor1"), &e.actor1);
    o.str(string_member!("assoc_actor_1"), &e.assoc_actor_1);
    o.str(string_member!("inter1"), &e.inter1);
    o.str(string_member!("actor2"), &e.actor2);
    o.str(string_member!("assoc_actor_2"), &e.assoc_actor_2);
    o.str(string_member!("inter2"), &e.inter2);
    o.str(string_member!("interaction"), &e.interaction);
    o.str(string_member!("civilian_targeting"), &e.civilian_targeting);
    o.uint(member!("iso"), e.iso.into());
    o.str(string_member!("country"), &e.country);
    o.str(string_member!("admin1"), &e.admin1);
    o.str(string_member!("admin2"), &e.admin2);
    o.str(string_member!("admin3"), &e.admin3);
    o.str(string_member!("location"), &e.location);
    o.opt_float(member!("latitude"), e.latitude);
    o.opt_float(member!("longitude"), e.longitude);
    o.uint(member!("geo_precision"), e.geo_precision.into());
    o.str(string_member!("source"), &e.source);
    o.str(string_member!("source_scale"), &e.source_scale);
    o.str(string_member!("notes"), &e.notes);
    o.uint(member!("fatalities"), e.fatalities.into());
    o.str(string_member!("tags"), &e.tags);
    o.int(member!("timestamp"), e.timestamp);
    // Left out when empty, as `Event`'s serde attributes say.
    if !e.actor1_detail.is_empty() {
        o.str(string_member!("actor1_detail"), &e.actor1_detail);
    }
    if !e.actor2_detail.is_empty() {
        o.str(string_member!("actor2_detail"), &e.actor2_detail);
    }
    if let Some(id) = &e.article_id {
        o.str(string_member!("article_id"), id);
    }
    if !e.article_ids.is_empty() {
        o.key(member!("article_ids"));
        o.out.push(b'[');
        for (i, id) in e.article_ids.iter().enumerate() {
            if i > 0 {
                o.out.push(b',');
            }
            o.string(id);
        }
        o.out.push(b']');
    }
    o.str(string_member!("country_iso3"), &e.country_iso3);
    match e.geonameid {
        Some(id) => o.uint(member!("geonameid"), id.into()),
        None => o.null(member!("geonameid")),
    }
    o.str(string_member!("lang"), &e.lang);
    o.float(member!("confidence"), e.confidence);
    o.key(member!("evidence"));
    o.out.push(b'[');
    for (i, ev) in e.evidence.iter().enumerate() {
        if i > 0 {
            o.out.push(b',');
        }
        o.evidence(ev);
    }
    o.out.push(b']');
    o.out.push(b'}');
    o.quotes
}

/// JSON being written: an object's first member opens it (see
/// [`first_string_member!`]), each other adds its comma (see [`member!`]), so that
/// a member is written the same way wherever it is. Strings are copied as
/// they are (`RAW`) or escaped; `quotes` counts the quotes written around
/// names and strings.
struct Writer<'a, const RAW: bool> {
    out: &'a mut Vec<u8>,
    quotes: usize,
}

impl<const RAW: bool> Writer<'_, RAW> {
    fn evidence(&mut self, ev: &Evidence) {
        self.str(first_string_member!("field"), &ev.field);
        self.str(string_member!("text"), &ev.text);
        self.uint(member!("start"), ev.start.into());
        self.uint(member!("end"), ev.end.into());
        self.out.push(b'}');
    }

    /// A member's opening bytes, from [`member!`] (or the start of a string
    /// member's): names are plain ASCII here.
    fn key(&mut self, member: &'static str) {
        self.quotes += 2;
        self.out.extend_from_slice(member.as_bytes());
    }

    /// A string value, quoted.
    fn string(&mut self, value: &str) {
        self.quotes += 2;
        if RAW {
            self.out.reserve(value.len() + 2);
            self.out.push(b'"');
            self.out.extend_from_slice(value.as_bytes());
            self.out.push(b'"');
        } else {
            escaped(self.out, value);
        }
    }

    /// A string member: `open` from [`string_member!`] or
    /// [`first_string_member!`] (its name and the string's opening quote:
    /// one copy less a member).
    fn str(&mut self, open: &'static str, value: &str) {
        if RAW {
            self.quotes += 4;
            self.out.extend_from_slice(open.as_bytes());
            self.out.extend_from_slice(value.as_bytes());
            self.out.push(b'"');
        } else {
            self.key(&open[..open.len() - 1]);
            self.string(value);
        }
    }
    fn uint(&mut self, name: &'static str, value: u64) {
        self.key(name);
        // Writing to a vector cannot fail.
        let _ = CompactFormatter.write_u64(self.out, value);
    }

    fn int(&mut self, name: &'static str, value: i64) {
        self.key(name);
        let _ = CompactFormatter.write_i64(self.out, value);
    }

    fn null(&mut self, name: &'static str) {
        self.key(name);
        self.out.extend_from_slice(b"null");
    }

    /// serde_json writes NaN and the infinities as `null`.
    fn float(&mut self, name: &'static str, value: f64) {
        self.key(name);
        if value.is_finite() {
            let _ = CompactFormatter.write_f64(self.out, value);
        } else {
            self.out.extend_from_slice(b"null");
        }
    }

    fn opt_float(&mut self, name: &'static str, value: Option<f64>) {
        match value {
            Some(v) => self.float(name, v),
            None => self.null(name),
        }
    }
}

/// A JSON string with serde_json's escapes: `\"`, `\\`, the short forms `\b \t
/// \n \f \r`, `\u00xx` (lowercase hex) for the other control bytes; everything
/// else, non-ASCII included, as is.
fn escaped(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    // Most strings (short names above all) have nothing to escape: one test
    // (whole words, or 32 bytes, a step), then one copy.
    if !kibaru_text::json_needs_escape(bytes) {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut start = 0;
    let mut next = next_escape(bytes, 0);
    while let Some(k) = next {
        let b = bytes[k];
        out.extend_from_slice(&bytes[start..k]);
        start = k + 1;
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            b'\t' => b't',
            b'\n' => b'n',
            0x0c => b'f',
            b'\r' => b'r',
            _ => b'u',
        };
        out.push(b'\\');
        out.push(short);
        if short == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 15)],
            ]);
        }
        next = next_escape(bytes, start);
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// The position of the first byte from `from` on that must be escaped.
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    Some(kibaru_text::json_string_stop(bytes, from)).filter(|&k| k < bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn serde(e: &Event) -> Vec<u8> {
        serde_json::to_vec(e).unwrap()
    }

    fn ours(e: &Event) -> Vec<u8> {
        let mut v = Vec::new();
        write_event(&mut v, e);
        v
    }

    /// Every field set, the optional ones present: a field of `Event` missing
    /// here makes the outputs differ.
    fn full() -> Event {
        Event {
            event_id: "a-1#0-1".into(),
            event_date: "2025-03-05".into(),
            time_precision: 1,
            disorder_type: "Political violence".into(),
            event_type: "Battles".into(),
            sub_event_type: "Armed clash".into(),
            actor1: "JNIM".into(),
            assoc_actor_1: "x".into(),
            inter1: "Rebel group".into(),
            actor2: "Military Forces of Mali".into(),
            assoc_actor_2: "y".into(),
            inter2: "State forces".into(),
            interaction: "State forces-Rebel group".into(),
            civilian_targeting: "Civilian targeting".into(),
            iso: 466,
            country: "Mali".into(),
            admin1: "Mopti".into(),
            admin2: "Douentza".into(),
            admin3: "Boni".into(),
            location: "Boni".into(),
            latitude: Some(15.047),
            longitude: Some(-1.97),
            geo_precision: 2,
            source: "example.org".into(),
            source_scale: "National".into(),
            notes: "On 2025-03-05, \"quoted\" \\ and\ttab".into(),
            fatalities: 7,
            tags: "unconfirmed".into(),
            timestamp: 1_741_132_800,
            actor1_detail: "Katiba Macina".into(),
            actor2_detail: "GTIA".into(),
            article_id: Some("a-1".into()),
            article_ids: vec!["a-1".into(), "b-2".into()],
            country_iso3: "MLI".into(),
            geonameid: Some(2_460_000),
            lang: "fr".into(),
            confidence: 0.85,
            evidence: vec![
                Evidence {
                    field: "sentence".into(),
                    text: "Des hommes armés ont attaqué Boni.".into(),
                    start: 0,
                    end: 36,
                },
                Evidence {
                    field: "location".into(),
                    text: "Boni".into(),
                    start: 31,
                    end: 35,
                },
            ],
        }
    }

    #[test]
    fn a_full_event_is_written_as_serde_json_writes_it() {
        let e = full();
        assert_eq!(String::from_utf8(ours(&e)), String::from_utf8(serde(&e)));
    }

    /// Strings with nothing to escape: the line copied as it is stands.
    #[test]
    fn a_full_event_without_escapes_is_written_as_serde_json_writes_it() {
        let mut e = full();
        e.notes = "On 2025-03-05, 'quoted' / and no tab".into();
        assert!(!serde(&e).contains(&b'\\'));
        assert_eq!(String::from_utf8(ours(&e)), String::from_utf8(serde(&e)));
    }

    /// The raw writer's line, checked against the quotes it wrote: kept
    /// exactly when no string holds a byte to escape.
    #[test]
    fn the_raw_line_is_kept_only_without_bytes_to_escape() {
        for notes in [
            "plain",
            "a \"quote\"",
            "a \\ backslash",
            "a\ttab",
            "\"",
            "\u{1}",
        ] {
            let mut e = full();
            e.notes = notes.into();
            let mut raw = Vec::new();
            let quotes = write_fields::<true>(&mut raw, &e);
            let kept = kibaru_text::json_quotes_if_plain(&raw) == Some(quotes);
            assert_eq!(
                kept,
                !notes.bytes().any(kibaru_text::is_json_special),
                "{notes:?}"
            );
            assert_eq!(ours(&e), serde(&e), "{notes:?}");
        }
    }

    #[test]
    fn absent_and_empty_fields_are_written_as_serde_json_writes_them() {
        let mut e = full();
        e.latitude = None;
        e.longitude = Some(f64::NAN);
        e.confidence = f64::INFINITY;
        e.geonameid = None;
        e.article_id = None;
        e.article_ids.clear();
        e.actor1_detail.clear();
        e.actor2_detail.clear();
        e.evidence.clear();
        e.timestamp = -86_400;
        assert_eq!(String::from_utf8(ours(&e)), String::from_utf8(serde(&e)));
        assert_eq!(
            String::from_utf8(ours(&Event::default())),
            String::from_utf8(serde(&Event::default()))
        );
    }

    proptest! {
        /// The word-at-a-time search finds what a byte-by-byte one finds.
        #[test]
        fn the_escape_search_finds_the_first_byte_to_escape(
            // Mostly bytes kept as they are: runs of 32 and more without an
            // escape (the step tested at once) come up too.
            bytes in proptest::collection::vec(prop_oneof![40 => 0x20u8.., 1 => any::<u8>()], 0..120),
            from in 0usize..48,
        ) {
            let from = from.min(bytes.len());
            let slow = bytes[from..].iter().position(|&b| kibaru_text::is_json_special(b)).map(|k| from + k);
            prop_assert_eq!(next_escape(&bytes, from), slow);
        }

        /// Any text (control characters, quotes, backslashes, any script) and
        /// any numbers come out as serde_json writes them.
        #[test]
        fn any_strings_and_numbers_are_written_as_serde_json_writes_them(
            s in "(?s).{0,40}",
            t in "[\\x00-\\x7f\u{e9}\u{202e}\u{1F600}]{0,20}",
            lat in proptest::num::f64::ANY,
            conf in proptest::num::f64::ANY,
            n in any::<u32>(),
            ts in any::<i64>(),
        ) {
            let mut e = full();
            e.notes = s.clone();
            e.location = t.clone();
            e.article_ids = vec![t.clone(), s.clone()];
            e.evidence[0].text = t;
            e.latitude = Some(lat);
            e.confidence = conf;
            e.fatalities = n;
            e.timestamp = ts;
            prop_assert_eq!(ours(&e), serde(&e));
        }
    }
}
