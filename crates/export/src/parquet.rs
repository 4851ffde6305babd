//! A small Apache Parquet writer for events: flat columns, PLAIN encoding, no
//! compression, one row group every [`ROW_GROUP`] events. It streams: nothing is
//! seeked, the footer (Thrift compact protocol) is written by `finish`.
//!
//! Only what events need is here: required INT32 / INT64 / DOUBLE / UTF8 columns,
//! and optional DOUBLE / INT64 columns whose nulls are definition levels
//! (RLE-encoded, bit width 1). Readers (Arrow, DuckDB, pandas, Spark) see the
//! event's fields by name, `event_date` as a DATE.

use kibaru_core::Event;
use std::io::{self, Write};

/// Events per row group.
pub const ROW_GROUP: usize = 65_536;

/// Parquet physical types used here.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Physical {
    Int32 = 1,
    Int64 = 2,
    Double = 5,
    ByteArray = 6,
}

/// How a column's values are read from an event.
#[derive(Clone, Copy)]
enum Getter {
    Str(fn(&Event) -> String),
    I32(fn(&Event) -> i32),
    I64(fn(&Event) -> i64),
    F64(fn(&Event) -> f64),
    OptF64(fn(&Event) -> Option<f64>),
    OptI64(fn(&Event) -> Option<i64>),
    /// `YYYY-MM-DD` as days since 1970-01-01 (null when not a date).
    Date(fn(&Event) -> Option<i32>),
}

impl Getter {
    fn physical(self) -> Physical {
        match self {
            Getter::Str(_) => Physical::ByteArray,
            Getter::I32(_) | Getter::Date(_) => Physical::Int32,
            Getter::I64(_) | Getter::OptI64(_) => Physical::Int64,
            Getter::F64(_) | Getter::OptF64(_) => Physical::Double,
        }
    }

    fn optional(self) -> bool {
        matches!(
            self,
            Getter::OptF64(_) | Getter::OptI64(_) | Getter::Date(_)
        )
    }
}

/// The columns, in order: ACLED's 31 (with `event_date` a DATE), then kibaru's own.
fn columns() -> Vec<(&'static str, Getter)> {
    use Getter::*;
    vec![
        ("event_id_cnty", Str(|e| e.event_id.clone())),
        ("event_date", Date(|e| days_from_iso(&e.event_date))),
        (
            "year",
            I32(|e| {
                e.event_date
                    .get(..4)
                    .and_then(|y| y.parse().ok())
                    .unwrap_or(0)
            }),
        ),
        ("time_precision", I32(|e| i32::from(e.time_precision))),
        ("disorder_type", Str(|e| e.disorder_type.to_string())),
        ("event_type", Str(|e| e.event_type.to_string())),
        ("sub_event_type", Str(|e| e.sub_event_type.to_string())),
        ("actor1", Str(|e| e.actor1.clone())),
        ("assoc_actor_1", Str(|e| e.assoc_actor_1.clone())),
        ("inter1", Str(|e| e.inter1.to_string())),
        ("actor2", Str(|e| e.actor2.clone())),
        ("assoc_actor_2", Str(|e| e.assoc_actor_2.clone())),
        ("inter2", Str(|e| e.inter2.to_string())),
        ("interaction", Str(|e| e.interaction.to_string())),
        (
            "civilian_targeting",
            Str(|e| e.civilian_targeting.to_string()),
        ),
        ("iso", I32(|e| i32::from(e.iso))),
        (
            "region",
            Str(|e| crate::region(&e.country_iso3).to_string()),
        ),
        ("country", Str(|e| e.country.to_string())),
        ("admin1", Str(|e| e.admin1.clone())),
        ("admin2", Str(|e| e.admin2.clone())),
        ("admin3", Str(|e| e.admin3.clone())),
        ("location", Str(|e| e.location.clone())),
        ("latitude", OptF64(|e| e.latitude.filter(|v| v.is_finite()))),
        (
            "longitude",
            OptF64(|e| e.longitude.filter(|v| v.is_finite())),
        ),
        ("geo_precision", I32(|e| i32::from(e.geo_precision))),
        ("source", Str(|e| e.source.clone())),
        ("source_scale", Str(|e| e.source_scale.clone())),
        ("notes", Str(|e| e.notes.clone())),
        ("fatalities", I64(|e| i64::from(e.fatalities))),
        ("tags", Str(|e| e.tags.to_string())),
        ("timestamp", I64(|e| e.timestamp)),
        ("actor1_detail", Str(|e| e.actor1_detail.clone())),
        ("actor2_detail", Str(|e| e.actor2_detail.clone())),
        (
            "article_ids",
            Str(|e| match (&e.article_id, e.article_ids.is_empty()) {
                (_, false) => e.article_ids.join(";"),
                (Some(id), true) => id.clone(),
                (None, true) => String::new(),
            }),
        ),
        ("country_iso3", Str(|e| e.country_iso3.to_string())),
        ("geonameid", OptI64(|e| e.geonameid.map(i64::from))),
        ("lang", Str(|e| e.lang.to_string())),
        ("confidence", F64(|e| e.confidence)),
        (
            "evidence",
            Str(|e| serde_json::to_string(&e.evidence).unwrap_or_default()),
        ),
    ]
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, `None` when it is not one.
pub fn days_from_iso(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(..4)?.parse().ok()?;
    let m: i64 = s.get(5..7)?.parse().ok()?;
    let d: i64 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

/// One column's buffered values for the current row group.
struct Column {
    name: &'static str,
    get: Getter,
    /// PLAIN-encoded non-null values.
    values: Vec<u8>,
    /// Definition levels (1 present, 0 null), for optional columns.
    levels: Vec<bool>,
    /// Metadata of the chunks already written: (data page offset, size).
    chunks: Vec<(u64, u64)>,
}

impl Column {
    /// A value of an optional column: its definition level, and its bytes when present.
    fn push_optional<const N: usize>(&mut self, value: Option<[u8; N]>) {
        self.levels.push(value.is_some());
        if let Some(bytes) = value {
            self.values.extend_from_slice(&bytes);
        }
    }
}

/// Writes events as a Parquet file; call [`ParquetWriter::finish`] at the end.
pub struct ParquetWriter<W: Write> {
    out: W,
    offset: u64,
    columns: Vec<Column>,
    rows: usize,
    /// Rows of each row group written.
    groups: Vec<usize>,
    group_rows: usize,
}

impl<W: Write> ParquetWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> ParquetWriter<W> {
        ParquetWriter::with_group_rows(out, ROW_GROUP)
    }

    /// A writer that starts a new row group every `group_rows` events (at least 1).
    pub fn with_group_rows(out: W, group_rows: usize) -> ParquetWriter<W> {
        let columns = columns()
            .into_iter()
            .map(|(name, get)| Column {
                name,
                get,
                values: Vec::new(),
                levels: Vec::new(),
                chunks: Vec::new(),
            })
            .collect();
        ParquetWriter {
            out,
            offset: 0,
            columns,
            rows: 0,
            groups: Vec::new(),
            group_rows: group_rows.max(1),
        }
    }

    /// Writes the leading magic before the first bytes.
    fn start(&mut self) -> io::Result<()> {
        if self.offset == 0 {
            self.out.write_all(b"PAR1")?;
            self.offset = 4;
        }
        Ok(())
    }

    /// Adds one event.
    pub fn write(&mut self, e: &Event) -> io::Result<()> {
        for c in &mut self.columns {
            match c.get {
                Getter::Str(f) => {
                    let s = f(e);
                    let len = u32::try_from(s.len()).map_err(|_| {
                        io::Error::new(io::ErrorKind::InvalidData, "a field over 4 GiB")
                    })?;
                    c.values.extend_from_slice(&len.to_le_bytes());
                    c.values.extend_from_slice(s.as_bytes());
                }
                Getter::I32(f) => c.values.extend_from_slice(&f(e).to_le_bytes()),
                Getter::I64(f) => c.values.extend_from_slice(&f(e).to_le_bytes()),
                Getter::F64(f) => c.values.extend_from_slice(&f(e).to_le_bytes()),
                Getter::OptF64(f) => c.push_optional(f(e).map(f64::to_le_bytes)),
                Getter::OptI64(f) => c.push_optional(f(e).map(i64::to_le_bytes)),
                Getter::Date(f) => c.push_optional(f(e).map(i32::to_le_bytes)),
            }
        }
        self.rows += 1;
        if self.rows == self.group_rows {
            self.flush_group()?;
        }
        Ok(())
    }

    /// Writes the buffered rows as one row group (one data page per column).
    fn flush_group(&mut self) -> io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        self.start()?;
        let rows = self.rows;
        for c in &mut self.columns {
            let mut body = Vec::with_capacity(c.values.len() + 16);
            if c.get.optional() {
                let levels = rle_levels(&c.levels);
                body.extend_from_slice(&(levels.len() as u32).to_le_bytes());
                body.extend_from_slice(&levels);
            }
            body.extend_from_slice(&c.values);
            let size = i32::try_from(body.len()).map_err(|_| {
                io::Error::new(io::ErrorKind::InvalidData, "a column page over 2 GiB")
            })?;
            let mut header = Thrift::default();
            header.i32(1, 0); // DATA_PAGE
            header.i32(2, size);
            header.i32(3, size);
            header.begin_struct(5); // DataPageHeader
            header.i32(1, rows as i32);
            header.i32(2, 0); // PLAIN
            header.i32(3, 3); // RLE definition levels
            header.i32(4, 3); // RLE repetition levels
            header.end_struct();
            header.stop();
            let start = self.offset;
            self.out.write_all(&header.buf)?;
            self.out.write_all(&body)?;
            let len = (header.buf.len() + body.len()) as u64;
            self.offset += len;
            c.chunks.push((start, len));
            c.values.clear();
            c.levels.clear();
        }
        self.groups.push(rows);
        self.rows = 0;
        Ok(())
    }

    /// Writes the last row group and the footer, flushes, and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.flush_group()?;
        self.start()?;
        let mut m = Thrift::default();
        m.i32(1, 1); // version
        m.begin_list(2, self.columns.len() + 1, T_STRUCT); // schema
        m.begin_elem();
        m.binary(4, b"schema");
        m.i32(5, self.columns.len() as i32);
        m.end_elem();
        for c in &self.columns {
            m.begin_elem();
            m.i32(1, c.get.physical() as i32);
            m.i32(3, i32::from(c.get.optional()));
            m.binary(4, c.name.as_bytes());
            match c.get {
                Getter::Str(_) => {
                    m.i32(6, 0); // UTF8
                    m.begin_struct(10); // LogicalType
                    m.begin_struct(1); // STRING
                    m.end_struct();
                    m.end_struct();
                }
                Getter::Date(_) => {
                    m.i32(6, 6); // DATE
                    m.begin_struct(10);
                    m.begin_struct(6); // DATE
                    m.end_struct();
                    m.end_struct();
                }
                _ => {}
            }
            m.end_elem();
        }
        let total: usize = self.groups.iter().sum();
        m.i64(3, total as i64);
        m.begin_list(4, self.groups.len(), T_STRUCT); // row groups
        for (g, &rows) in self.groups.iter().enumerate() {
            m.begin_elem();
            m.begin_list(1, self.columns.len(), T_STRUCT);
            let mut bytes = 0u64;
            for c in &self.columns {
                let (offset, len) = c.chunks[g];
                bytes += len;
                m.begin_elem();
                m.i64(2, offset as i64);
                m.begin_struct(3); // ColumnMetaData
                m.i32(1, c.get.physical() as i32);
                m.begin_list(2, 2, T_I32);
                m.list_i32(0); // PLAIN
                m.list_i32(3); // RLE
                m.begin_list(3, 1, T_BINARY);
                m.list_binary(c.name.as_bytes());
                m.i32(4, 0); // UNCOMPRESSED
                m.i64(5, rows as i64);
                m.i64(6, len as i64);
                m.i64(7, len as i64);
                m.i64(9, offset as i64);
                m.end_struct();
                m.end_elem();
            }
            m.i64(2, bytes as i64);
            m.i64(3, rows as i64);
            m.end_elem();
        }
        m.binary(6, b"kibaru");
        m.stop();
        self.out.write_all(&m.buf)?;
        self.out.write_all(&(m.buf.len() as u32).to_le_bytes())?;
        self.out.write_all(b"PAR1")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Definition levels of bit width 1 in the RLE/bit-packed hybrid encoding, as
/// runs of equal values.
fn rle_levels(levels: &[bool]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < levels.len() {
        let v = levels[i];
        let run = levels[i..].iter().take_while(|&&x| x == v).count();
        varint(&mut out, (run as u64) << 1);
        out.push(u8::from(v));
        i += run;
    }
    out
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

const T_I32: u8 = 5;
const T_I64: u8 = 6;
const T_BINARY: u8 = 8;
const T_LIST: u8 = 9;
const T_STRUCT: u8 = 12;

/// A Thrift compact-protocol encoder, just what the Parquet footer needs.
#[derive(Default)]
struct Thrift {
    buf: Vec<u8>,
    /// The last field id of each open struct.
    last: Vec<i16>,
    cur: i16,
}

impl Thrift {
    fn field(&mut self, id: i16, ty: u8) {
        let delta = id - self.cur;
        if (1..=15).contains(&delta) {
            self.buf.push(((delta as u8) << 4) | ty);
        } else {
            self.buf.push(ty);
            varint(&mut self.buf, zigzag(i64::from(id)));
        }
        self.cur = id;
    }

    fn i32(&mut self, id: i16, v: i32) {
        self.field(id, T_I32);
        varint(&mut self.buf, zigzag(i64::from(v)));
    }

    fn i64(&mut self, id: i16, v: i64) {
        self.field(id, T_I64);
        varint(&mut self.buf, zigzag(v));
    }

    fn binary(&mut self, id: i16, v: &[u8]) {
        self.field(id, T_BINARY);
        varint(&mut self.buf, v.len() as u64);
        self.buf.extend_from_slice(v);
    }

    fn begin_struct(&mut self, id: i16) {
        self.field(id, T_STRUCT);
        self.last.push(self.cur);
        self.cur = 0;
    }

    fn end_struct(&mut self) {
        self.buf.push(0);
        self.cur = self.last.pop().unwrap_or(0);
    }

    fn begin_list(&mut self, id: i16, len: usize, elem: u8) {
        self.field(id, T_LIST);
        if len < 15 {
            self.buf.push(((len as u8) << 4) | elem);
        } else {
            self.buf.push(0xf0 | elem);
            varint(&mut self.buf, len as u64);
        }
    }

    /// A struct element of a list.
    fn begin_elem(&mut self) {
        self.last.push(self.cur);
        self.cur = 0;
    }

    fn end_elem(&mut self) {
        self.end_struct();
    }

    fn list_i32(&mut self, v: i32) {
        varint(&mut self.buf, zigzag(i64::from(v)));
    }

    fn list_binary(&mut self, v: &[u8]) {
        varint(&mut self.buf, v.len() as u64);
        self.buf.extend_from_slice(v);
    }

    /// The end of the top-level struct.
    fn stop(&mut self) {
        self.buf.push(0);
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

#[cfg(test)]
mod tests;
