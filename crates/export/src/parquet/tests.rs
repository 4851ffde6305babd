//! The writer's output read back by an independent decoder written from the
//! Parquet and Thrift compact-protocol specifications.

use super::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
enum V {
    Int(i64),
    Bin(Vec<u8>),
    Bool(bool),
    List(Vec<V>),
    Struct(BTreeMap<i16, V>),
}

impl V {
    fn get(&self, id: i16) -> &V {
        match self {
            V::Struct(m) => m
                .get(&id)
                .unwrap_or_else(|| panic!("no field {id} in {m:?}")),
            other => panic!("not a struct: {other:?}"),
        }
    }
    fn has(&self, id: i16) -> bool {
        matches!(self, V::Struct(m) if m.contains_key(&id))
    }
    fn int(&self) -> i64 {
        match self {
            V::Int(v) => *v,
            other => panic!("not an int: {other:?}"),
        }
    }
    fn str(&self) -> String {
        match self {
            V::Bin(b) => String::from_utf8(b.clone()).unwrap(),
            other => panic!("not binary: {other:?}"),
        }
    }
    fn list(&self) -> &[V] {
        match self {
            V::List(v) => v,
            other => panic!("not a list: {other:?}"),
        }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        let v = self.b[self.pos];
        self.pos += 1;
        v
    }
    fn varint(&mut self) -> u64 {
        let (mut v, mut shift) = (0u64, 0);
        loop {
            let b = self.byte();
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return v;
            }
            shift += 7;
        }
    }
    fn zigzag(&mut self) -> i64 {
        let v = self.varint();
        ((v >> 1) as i64) ^ -((v & 1) as i64)
    }
    fn value(&mut self, ty: u8) -> V {
        match ty {
            1 => V::Bool(true),
            2 => V::Bool(false),
            3 => V::Int(i64::from(self.byte() as i8)),
            4..=6 => V::Int(self.zigzag()),
            7 => {
                let v = f64::from_le_bytes(self.b[self.pos..self.pos + 8].try_into().unwrap());
                self.pos += 8;
                V::Int(v as i64)
            }
            8 => {
                let n = self.varint() as usize;
                let v = self.b[self.pos..self.pos + n].to_vec();
                self.pos += n;
                V::Bin(v)
            }
            9 => {
                let h = self.byte();
                let elem = h & 0x0f;
                let n = if h >> 4 == 15 {
                    self.varint() as usize
                } else {
                    usize::from(h >> 4)
                };
                let items = (0..n)
                    .map(|_| {
                        if elem == 1 || elem == 2 {
                            V::Bool(self.byte() == 1)
                        } else {
                            self.value(elem)
                        }
                    })
                    .collect();
                V::List(items)
            }
            12 => self.structure(),
            other => panic!("unexpected Thrift type {other} at {}", self.pos),
        }
    }
    fn structure(&mut self) -> V {
        let mut fields = BTreeMap::new();
        let mut last = 0i16;
        loop {
            let h = self.byte();
            if h == 0 {
                return V::Struct(fields);
            }
            let ty = h & 0x0f;
            let id = if h >> 4 == 0 {
                self.zigzag() as i16
            } else {
                last + i16::from(h >> 4)
            };
            last = id;
            let v = self.value(ty);
            assert!(fields.insert(id, v).is_none(), "field {id} twice");
        }
    }
}

/// Column name -> the decoded values of every row (`None` for nulls), across
/// all row groups, plus the footer.
struct Decoded {
    footer: V,
    columns: Vec<(String, Vec<Option<Vec<u8>>>)>,
}

fn decode(file: &[u8]) -> Decoded {
    assert_eq!(&file[..4], b"PAR1");
    assert_eq!(&file[file.len() - 4..], b"PAR1");
    let n = u32::from_le_bytes(file[file.len() - 8..file.len() - 4].try_into().unwrap()) as usize;
    let start = file.len() - 8 - n;
    let mut r = Reader {
        b: file,
        pos: start,
    };
    let footer = r.structure();
    assert_eq!(r.pos, file.len() - 8, "footer length");
    let schema = footer.get(2).list();
    assert_eq!(schema[0].get(5).int() as usize, schema.len() - 1);
    let leaves = &schema[1..];
    let mut columns: Vec<(String, Vec<Option<Vec<u8>>>)> = leaves
        .iter()
        .map(|s| (s.get(4).str(), Vec::new()))
        .collect();
    let mut total = 0;
    for rg in footer.get(4).list() {
        let rows = rg.get(3).int() as usize;
        total += rows;
        let chunks = rg.get(1).list();
        assert_eq!(chunks.len(), leaves.len());
        for (i, chunk) in chunks.iter().enumerate() {
            let meta = chunk.get(3);
            assert_eq!(meta.get(3).list()[0].str(), columns[i].0);
            assert_eq!(meta.get(4).int(), 0, "uncompressed");
            assert_eq!(meta.get(5).int() as usize, rows);
            let physical = meta.get(1).int();
            assert_eq!(physical, leaves[i].get(1).int());
            let optional = leaves[i].get(3).int() == 1;
            let mut r = Reader {
                b: file,
                pos: meta.get(9).int() as usize,
            };
            let page = r.structure();
            assert_eq!(page.get(1).int(), 0, "data page");
            let size = page.get(3).int() as usize;
            let body = &file[r.pos..r.pos + size];
            assert_eq!(
                (r.pos + size - meta.get(9).int() as usize) as i64,
                meta.get(7).int(),
                "chunk size"
            );
            assert_eq!(page.get(5).get(1).int() as usize, rows);
            let mut pos = 0;
            let mut present = vec![true; rows];
            if optional {
                let len = u32::from_le_bytes(body[..4].try_into().unwrap()) as usize;
                let mut lr = Reader {
                    b: &body[4..4 + len],
                    pos: 0,
                };
                let mut levels = Vec::new();
                while lr.pos < len {
                    let h = lr.varint();
                    assert_eq!(h & 1, 0, "only RLE runs are written");
                    let v = lr.byte();
                    levels.extend(std::iter::repeat_n(v == 1, (h >> 1) as usize));
                }
                assert_eq!(levels.len(), rows);
                present = levels;
                pos = 4 + len;
            }
            for p in present {
                if !p {
                    columns[i].1.push(None);
                    continue;
                }
                let width = match physical {
                    1 => 4,
                    2 | 5 => 8,
                    6 => {
                        let n = u32::from_le_bytes(body[pos..pos + 4].try_into().unwrap());
                        pos += 4;
                        n as usize
                    }
                    other => panic!("unexpected physical type {other}"),
                };
                columns[i].1.push(Some(body[pos..pos + width].to_vec()));
                pos += width;
            }
            assert_eq!(pos, body.len(), "page fully read");
        }
    }
    assert_eq!(footer.get(3).int() as usize, total);
    Decoded { footer, columns }
}

fn column<'a>(d: &'a Decoded, name: &str) -> &'a [Option<Vec<u8>>] {
    &d.columns.iter().find(|(n, _)| n == name).unwrap().1
}

fn strings(d: &Decoded, name: &str) -> Vec<String> {
    column(d, name)
        .iter()
        .map(|v| String::from_utf8(v.clone().unwrap()).unwrap())
        .collect()
}

fn event(i: usize) -> Event {
    Event {
        event_id: format!("kb-{i}"),
        event_date: "2024-12-26".into(),
        time_precision: 1,
        event_type: "Explosions/Remote violence".into(),
        sub_event_type: "Air/drone strike".into(),
        actor1: "Military Forces of Mali (2021-)".into(),
        actor2: "JNIM: Jama'at Nusrat al-Islam wal Muslimin".into(),
        country: "Mali".into(),
        country_iso3: "MLI".into(),
        iso: 466,
        location: if i.is_multiple_of(2) {
            "Sèrma"
        } else {
            "Ségou, \"centre\""
        }
        .into(),
        latitude: (!i.is_multiple_of(3)).then_some(14.86),
        longitude: (!i.is_multiple_of(3)).then_some(-2.2642),
        geonameid: i.is_multiple_of(2).then_some(2_453_000 + i as u32),
        fatalities: i as u32,
        timestamp: 1_735_171_200,
        article_ids: vec![format!("a{i}"), format!("b{i}")],
        confidence: 0.75,
        ..Event::default()
    }
}

fn write(events: &[Event], group_rows: usize) -> Vec<u8> {
    let mut w = ParquetWriter::with_group_rows(Vec::new(), group_rows);
    for e in events {
        w.write(e).unwrap();
    }
    w.finish().unwrap()
}

#[test]
fn columns_read_back_as_written() {
    let events: Vec<Event> = (0..7).map(event).collect();
    let d = decode(&write(&events, ROW_GROUP));
    assert_eq!(d.footer.get(4).list().len(), 1, "one row group");
    assert_eq!(
        strings(&d, "location"),
        events
            .iter()
            .map(|e| e.location.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(strings(&d, "article_ids")[3], "a3;b3");
    assert_eq!(strings(&d, "region")[0], "Western Africa");
    let lat: Vec<Option<f64>> = column(&d, "latitude")
        .iter()
        .map(|v| {
            v.as_ref()
                .map(|b| f64::from_le_bytes(b[..].try_into().unwrap()))
        })
        .collect();
    assert_eq!(lat, events.iter().map(|e| e.latitude).collect::<Vec<_>>());
    let ids: Vec<Option<i64>> = column(&d, "geonameid")
        .iter()
        .map(|v| {
            v.as_ref()
                .map(|b| i64::from_le_bytes(b[..].try_into().unwrap()))
        })
        .collect();
    assert_eq!(ids[2], Some(2_453_002));
    assert_eq!(ids[1], None);
    let fatalities: Vec<i64> = column(&d, "fatalities")
        .iter()
        .map(|v| i64::from_le_bytes(v.as_ref().unwrap()[..].try_into().unwrap()))
        .collect();
    assert_eq!(fatalities, (0..7).collect::<Vec<i64>>());
    let date = column(&d, "event_date")[0].as_ref().unwrap();
    assert_eq!(i32::from_le_bytes(date[..].try_into().unwrap()), 20_083);
}

#[test]
fn schema_names_types_and_logical_types() {
    let d = decode(&write(&[event(1)], ROW_GROUP));
    let schema = d.footer.get(2).list();
    let names: Vec<String> = schema[1..].iter().map(|s| s.get(4).str()).collect();
    assert_eq!(names[..31], crate::ACLED_COLUMNS.map(String::from));
    let by_name = |n: &str| schema.iter().find(|s| s.get(4).str() == n).unwrap();
    // UTF8 strings, a DATE, optional coordinates.
    assert_eq!(by_name("notes").get(6).int(), 0);
    assert!(by_name("notes").get(10).has(1));
    assert_eq!(by_name("event_date").get(6).int(), 6);
    assert_eq!(by_name("latitude").get(3).int(), 1);
    assert_eq!(by_name("latitude").get(1).int(), 5);
    assert_eq!(by_name("fatalities").get(3).int(), 0);
    assert_eq!(d.footer.get(6).str(), "kibaru");
}

#[test]
fn row_groups_split_and_keep_order() {
    let events: Vec<Event> = (0..10).map(event).collect();
    let d = decode(&write(&events, 4));
    let groups = d.footer.get(4).list();
    assert_eq!(
        groups.iter().map(|g| g.get(3).int()).collect::<Vec<_>>(),
        [4, 4, 2]
    );
    assert_eq!(
        strings(&d, "event_id_cnty"),
        (0..10).map(|i| format!("kb-{i}")).collect::<Vec<_>>()
    );
}

#[test]
fn no_events_is_a_valid_empty_file() {
    let d = decode(&write(&[], ROW_GROUP));
    assert_eq!(d.footer.get(3).int(), 0);
    assert!(d.footer.get(4).list().is_empty());
    assert_eq!(d.columns.len(), columns().len());
}

#[test]
fn output_is_deterministic() {
    let events: Vec<Event> = (0..5).map(event).collect();
    assert_eq!(write(&events, 2), write(&events, 2));
}

#[test]
fn dates_to_days() {
    assert_eq!(days_from_iso("1970-01-01"), Some(0));
    assert_eq!(days_from_iso("2000-03-01"), Some(11_017));
    assert_eq!(days_from_iso("2024-12-26"), Some(20_083));
    assert_eq!(days_from_iso("1969-12-31"), Some(-1));
    for bad in [
        "",
        "2024-12",
        "2024-13-01",
        "2024-00-10",
        "abcd-ef-gh",
        "2024/12/26",
    ] {
        assert_eq!(days_from_iso(bad), None, "{bad}");
    }
}
