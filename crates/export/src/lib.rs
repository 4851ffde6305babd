//! Writers for events: event JSONL (kibaru's contract), ACLED-compatible CSV
//! (ACLED's 31 columns, in ACLED's order, with ACLED's names), GeoJSON (a
//! FeatureCollection of Points `[longitude, latitude]` whose properties are the
//! event's fields; an event without coordinates has a `null` geometry) and
//! Apache Parquet (ACLED's columns then kibaru's, see [`parquet`]).
//!
//! Writers format only; they never decide what an event is.
#![deny(missing_docs)]

use kibaru_core::Event;
use std::io::{self, Write};

mod jsonl;
pub mod parquet;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON event a line.
    Jsonl,
    /// ACLED-compatible CSV with a header line.
    Csv,
    /// A GeoJSON FeatureCollection, one Feature a line.
    GeoJson,
    /// Apache Parquet, one row an event.
    Parquet,
}

/// ACLED's columns, in order.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// Writes events in one format; call [`EventWriter::finish`] at the end.
pub struct EventWriter<W: Write> {
    sink: Sink<W>,
}

enum Sink<W: Write> {
    Text {
        out: W,
        format: Format,
        header_written: bool,
        features: usize,
        /// One JSON line, built here and handed to `out` in one write (the
        /// serializer makes a write a token: cheap into a vector, not into a
        /// boxed writer).
        line: Vec<u8>,
    },
    Parquet(parquet::ParquetWriter<W>),
}

impl<W: Write> EventWriter<W> {
    /// A writer of `format` to `out`.
    pub fn new(out: W, format: Format) -> EventWriter<W> {
        let sink = match format {
            Format::Parquet => Sink::Parquet(parquet::ParquetWriter::new(out)),
            _ => Sink::Text {
                out,
                format,
                header_written: false,
                features: 0,
                line: Vec::new(),
            },
        };
        EventWriter { sink }
    }

    /// Writes one event.
    pub fn write(&mut self, event: &Event) -> io::Result<()> {
        let (out, format, header_written, features, line) = match &mut self.sink {
            Sink::Parquet(p) => return p.write(event),
            Sink::Text {
                out,
                format,
                header_written,
                features,
                line,
            } => (out, format, header_written, features, line),
        };
        match format {
            Format::Jsonl => {
                line.clear();
                jsonl::write_event(line, event);
                line.push(b'\n');
                out.write_all(line)
            }
            Format::Csv => {
                text_header(out, *format, header_written)?;
                write_csv_row(out, &csv_row(event))
            }
            Format::GeoJson => {
                text_header(out, *format, header_written)?;
                if *features > 0 {
                    out.write_all(b",\n")?;
                }
                *features += 1;
                write_geojson_feature(out, event)
            }
            Format::Parquet => unreachable!("parquet has its own sink"),
        }
    }

    /// Writes what is still owed (a CSV header when there was no event, the end of
    /// the GeoJSON collection, the Parquet footer) and flushes.
    pub fn finish(self) -> io::Result<W> {
        match self.sink {
            Sink::Parquet(p) => p.finish(),
            Sink::Text {
                mut out,
                format,
                mut header_written,
                features,
                ..
            } => {
                text_header(&mut out, format, &mut header_written)?;
                if format == Format::GeoJson {
                    out.write_all(if features > 0 { b"\n]}\n" } else { b"]}\n" })?;
                }
                out.flush()?;
                Ok(out)
            }
        }
    }
}

/// The CSV header line or the start of the GeoJSON collection, once.
fn text_header<W: Write>(out: &mut W, format: Format, written: &mut bool) -> io::Result<()> {
    if !*written {
        *written = true;
        match format {
            Format::Csv => write_csv_row(out, &ACLED_COLUMNS.map(String::from))?,
            Format::GeoJson => {
                out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?
            }
            Format::Jsonl | Format::Parquet => {}
        }
    }
    Ok(())
}

/// Writes the GeoJSON Feature of an event on one line, its properties in the
/// event JSONL's field order.
fn write_geojson_feature<W: Write>(out: &mut W, e: &Event) -> io::Result<()> {
    out.write_all(b"{\"type\":\"Feature\",\"geometry\":")?;
    match (e.longitude, e.latitude) {
        (Some(lon), Some(lat)) if lon.is_finite() && lat.is_finite() => {
            out.write_all(b"{\"type\":\"Point\",\"coordinates\":")?;
            serde_json::to_writer(&mut *out, &[lon, lat])?;
            out.write_all(b"}")?;
        }
        _ => out.write_all(b"null")?,
    }
    out.write_all(b",\"properties\":")?;
    serde_json::to_writer(&mut *out, e)?;
    out.write_all(b"}")
}

/// The GeoJSON Feature of an event: a Point `[longitude, latitude]` (or a `null`
/// geometry when the event has no coordinates) with the event's fields as properties.
pub fn geojson_feature(e: &Event) -> serde_json::Value {
    let geometry = match (e.longitude, e.latitude) {
        (Some(lon), Some(lat)) if lon.is_finite() && lat.is_finite() => {
            serde_json::json!({"type": "Point", "coordinates": [lon, lat]})
        }
        _ => serde_json::Value::Null,
    };
    let properties = serde_json::to_value(e).unwrap_or(serde_json::Value::Null);
    serde_json::json!({"type": "Feature", "geometry": geometry, "properties": properties})
}

/// The ACLED CSV row of an event.
pub fn csv_row(e: &Event) -> [String; 31] {
    let coord = |x: Option<f64>| x.map(|v| format!("{v:.4}")).unwrap_or_default();
    [
        e.event_id.clone(),
        e.event_date.clone(),
        e.event_date.get(..4).unwrap_or_default().to_string(),
        e.time_precision.to_string(),
        e.disorder_type.to_string(),
        e.event_type.to_string(),
        e.sub_event_type.to_string(),
        e.actor1.clone(),
        e.assoc_actor_1.clone(),
        e.inter1.to_string(),
        e.actor2.clone(),
        e.assoc_actor_2.clone(),
        e.inter2.to_string(),
        e.interaction.to_string(),
        e.civilian_targeting.to_string(),
        if e.iso == 0 {
            String::new()
        } else {
            e.iso.to_string()
        },
        region(&e.country_iso3).to_string(),
        e.country.to_string(),
        e.admin1.clone(),
        e.admin2.clone(),
        e.admin3.clone(),
        e.location.clone(),
        coord(e.latitude),
        coord(e.longitude),
        e.geo_precision.to_string(),
        e.source.clone(),
        e.source_scale.clone(),
        e.notes.clone(),
        e.fatalities.to_string(),
        e.tags.to_string(),
        e.timestamp.to_string(),
    ]
}

fn write_csv_row<W: Write, S: AsRef<str>>(out: &mut W, fields: &[S]) -> io::Result<()> {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let f = f.as_ref();
        if f.contains([',', '"', '\n', '\r']) {
            out.write_all(b"\"")?;
            out.write_all(f.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(f.as_bytes())?;
        }
    }
    out.write_all(b"\n")
}

/// ACLED's region of a country, by ISO alpha-3 (African and the most reported others).
pub fn region(iso3: &str) -> &'static str {
    match iso3 {
        "BEN" | "BFA" | "CPV" | "CIV" | "GMB" | "GHA" | "GIN" | "GNB" | "LBR" | "MLI" | "MRT"
        | "NER" | "NGA" | "SEN" | "SLE" | "TGO" => "Western Africa",
        "AGO" | "CMR" | "CAF" | "TCD" | "COG" | "COD" | "GNQ" | "GAB" | "STP" => "Middle Africa",
        "DZA" | "EGY" | "LBY" | "MAR" | "SDN" | "TUN" | "ESH" => "Northern Africa",
        "BDI" | "COM" | "DJI" | "ERI" | "ETH" | "KEN" | "MDG" | "MWI" | "MUS" | "MOZ" | "RWA"
        | "SYC" | "SOM" | "SSD" | "TZA" | "UGA" | "ZMB" | "ZWE" => "Eastern Africa",
        "BWA" | "SWZ" | "LSO" | "NAM" | "ZAF" => "Southern Africa",
        "" => "",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        Event {
            event_id: "a-1".into(),
            event_date: "2024-12-26".into(),
            time_precision: 1,
            event_type: "Battles".into(),
            notes: "He said \"no\", twice.".into(),
            country: "Mali".into(),
            country_iso3: "MLI".into(),
            iso: 466,
            latitude: Some(14.86),
            longitude: Some(-2.264),
            fatalities: 1,
            ..Event::default()
        }
    }

    #[test]
    fn csv_has_acled_columns_and_quotes_fields() {
        let mut w = EventWriter::new(Vec::new(), Format::Csv);
        w.write(&event()).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let mut lines = out.lines();
        assert_eq!(lines.next().unwrap(), ACLED_COLUMNS.join(","));
        let row = lines.next().unwrap();
        assert!(row.starts_with("a-1,2024-12-26,2024,1,,Battles,"), "{row}");
        assert!(row.contains(",466,Western Africa,Mali,"), "{row}");
        assert!(row.contains(",14.8600,-2.2640,"), "{row}");
        assert!(row.contains(",\"He said \"\"no\"\", twice.\","), "{row}");
    }

    #[test]
    fn csv_without_events_still_has_a_header() {
        let w = EventWriter::new(Vec::new(), Format::Csv);
        assert_eq!(
            String::from_utf8(w.finish().unwrap())
                .unwrap()
                .lines()
                .count(),
            1
        );
    }

    #[test]
    fn geojson_is_a_feature_collection_with_lon_lat_points() {
        let mut w = EventWriter::new(Vec::new(), Format::GeoJson);
        w.write(&event()).unwrap();
        w.write(&Event {
            latitude: None,
            longitude: None,
            event_id: "a-2".into(),
            ..event()
        })
        .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["type"], "FeatureCollection");
        let f = v["features"].as_array().unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0]["type"], "Feature");
        assert_eq!(
            f[0]["geometry"]["coordinates"],
            serde_json::json!([-2.264, 14.86])
        );
        assert_eq!(f[0]["properties"]["event_id"], "a-1");
        assert_eq!(f[0]["properties"]["fatalities"], 1);
        assert!(f[1]["geometry"].is_null());
        assert_eq!(out.lines().count(), 4);
        assert!(out
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\""));
        assert_eq!(f[0], geojson_feature(&event()));
        let empty = EventWriter::new(Vec::new(), Format::GeoJson)
            .finish()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&empty).unwrap();
        assert_eq!(v["features"], serde_json::json!([]));
    }

    #[test]
    fn jsonl_is_one_object_a_line_in_contract_order() {
        let mut w = EventWriter::new(Vec::new(), Format::Jsonl);
        w.write(&event()).unwrap();
        w.write(&event()).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(out.lines().count(), 2);
        let first = out.lines().next().unwrap();
        assert!(
            first.starts_with(
                "{\"event_id\":\"a-1\",\"event_date\":\"2024-12-26\",\"time_precision\":1,"
            ),
            "{first}"
        );
        let v: serde_json::Value = serde_json::from_str(first).unwrap();
        assert_eq!(v["latitude"], 14.86);
    }
}
