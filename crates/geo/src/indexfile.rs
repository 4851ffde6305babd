//! The compiled gazetteer file (`.kgz`): a [`Gazetteer`] serialised so that it
//! opens with one mapping of the file and a pass over packed arrays, with no
//! text parsing and no re-indexing of names. Place records are not decoded on
//! open: their columns are checked and read where the file holds them, and each
//! record is decoded when first looked up (see `crate::places`).
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! magic    8 bytes  "KIBARUGZ"
//! version  u32      FORMAT_VERSION
//! flags    u32      0
//! length   u64      payload bytes
//! checksum u64      hash of the payload (see `checksum`)
//! payload:
//!   source   str    what the index was built from (cache key of a dump folder)
//!   skipped, filtered  u64
//!   places   n, then columns: geonameid u32×n, lat f64×n, lon f64×n,
//!            class u8×n, population u64×n, and five string columns (name,
//!            feature code, country, admin1, admin2), each a dictionary of
//!            distinct strings plus u32×n indices into it
//!   names, variants   name index: key arena, key spans (u32, u32)×k, list
//!            spans (u32, u32)×k, values u32×v, hash table u32×t (entries
//!            tagged as lookups use them, see `index.rs`), longest key in
//!            words; each array after zero bytes up to a multiple of 8 from
//!            the start of the file, so that it is read where the file lies in
//!            memory (mapped, see `FileBytes` and `crate::slab`)
//!   units    count, then level u8 and four strings each
//!   unit_names        name index (values are unit numbers)
//!   admin_code_names  sorted (str, str) pairs
//!   admin_features, seats, country_features   sorted (str, place id) pairs
//!   loaded_countries  strings
//!   prefix filter     count (a power of two), then u64×count: the Bloom
//!            filter of the word prefixes of the names (see `PrefixFilter`)
//! ```
//!
//! A str is a u32 length and UTF-8 bytes. Every length, span and id is checked
//! on open, and the checksum catches damaged bytes: a truncated or corrupt file
//! gives [`GeoError::BadIndex`], never a panic or a gazetteer that could panic
//! later.

use crate::gazetteer::{AdminUnit, Gazetteer, PrefixFilter};
use crate::index::NameIndex;
use crate::places::{u64_at, PackedColumn, PackedPlaces, Places, Section};
use crate::slab::{Owner, Plain, Slab};
use crate::{GeoError, Place, PlaceId};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// First bytes of every compiled gazetteer file.
pub const MAGIC: &[u8; 8] = b"KIBARUGZ";
/// Version of the layout; files of another version are refused (and, for a
/// cache, rebuilt).
pub const FORMAT_VERSION: u32 = 4;
const HEADER_LEN: usize = 8 + 4 + 4 + 8 + 8;

/// A fast 64-bit hash of the payload (not cryptographic: it detects damage,
/// not tampering), 32 bytes a step in four independent lanes so that the
/// multiplications of one step do not wait on each other (the whole file is
/// hashed by every run that opens it).
fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0xff51_afd7_ed55_8ccd;
    let mut lanes = [
        0x9e37_79b9_7f4a_7c15 ^ bytes.len() as u64,
        0xc2b2_ae3d_27d4_eb4f,
        0x1656_67b1_9e37_79f9,
        0x85eb_ca77_c2b2_ae63,
    ];
    let mut blocks = bytes.chunks_exact(32);
    for b in &mut blocks {
        for (h, w) in lanes.iter_mut().zip(b.chunks_exact(8)) {
            let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
            *h = (*h ^ w).wrapping_mul(K).rotate_left(29);
        }
    }
    let mut h = lanes
        .iter()
        .fold(0u64, |acc, &l| (acc ^ l).wrapping_mul(K).rotate_left(31));
    for &b in blocks.remainder() {
        h = (h ^ b as u64)
            .wrapping_mul(0xc4ce_b9fe_1a85_ec53)
            .rotate_left(29);
    }
    h ^ (h >> 31)
}

/// The little-endian u32 of four bytes.
fn le32(c: &[u8]) -> u32 {
    u32::from_le_bytes([c[0], c[1], c[2], c[3]])
}

/// Whether `bytes` start like a compiled gazetteer file.
pub fn is_index_bytes(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).expect("gazetteer section over 4 G entries"));
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }
    fn u32s(&mut self, v: impl IntoIterator<Item = u32>) {
        for x in v {
            self.u32(x);
        }
    }
    /// A string column: dictionary of distinct values, then one index a row.
    fn str_column<'a>(&mut self, rows: impl Iterator<Item = &'a str> + Clone) {
        let mut dict: HashMap<&str, u32> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        let idx: Vec<u32> = rows
            .map(|s| {
                *dict.entry(s).or_insert_with(|| {
                    order.push(s);
                    order.len() as u32 - 1
                })
            })
            .collect();
        self.len(order.len());
        for s in &order {
            self.str(s);
        }
        self.u32s(idx);
    }
    /// Zero bytes up to the next multiple of 8 (the payload starts at one),
    /// so that the array after them can be viewed in place (see [`Slab`]).
    fn align(&mut self) {
        while !self.buf.len().is_multiple_of(8) {
            self.buf.push(0);
        }
    }
    fn name_index(&mut self, ix: &NameIndex<PlaceId>) {
        let (arena, keys, lists, values, table, max_words) = ix.parts();
        self.str(arena);
        self.len(keys.len());
        self.align();
        for &(s, l) in keys.iter().chain(lists) {
            self.u32(s);
            self.u32(l);
        }
        self.len(values.len());
        self.align();
        self.u32s(values.iter().map(|v| v.0));
        self.len(table.len());
        self.align();
        self.u32s(table.iter().copied());
        self.len(max_words);
    }
    fn id_map(&mut self, m: &HashMap<String, PlaceId>) {
        let mut v: Vec<_> = m.iter().collect();
        v.sort();
        self.len(v.len());
        for (k, id) in v {
            self.str(k);
            self.u32(id.0);
        }
    }
}

/// Reads the payload; every read is bounds-checked.
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// The bytes `buf` lies in and where it starts there, when arrays may be
    /// viewed in place rather than copied (see [`Slab`]).
    owner: Option<(Owner, usize)>,
}

type R<T> = Result<T, String>;

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| format!("truncated at byte {}", self.pos + HEADER_LEN))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> R<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> R<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> R<u64> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes([
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
        ]))
    }
    /// A count of items of at least `item_bytes` each: refused when the rest
    /// of the file could not hold them (so a corrupt count cannot make us
    /// allocate gigabytes).
    fn count(&mut self, item_bytes: usize) -> R<usize> {
        let n = self.u32()? as usize;
        if n.saturating_mul(item_bytes.max(1)) > self.buf.len() - self.pos {
            return Err(format!(
                "count {n} at byte {} exceeds the file",
                self.pos + HEADER_LEN - 4
            ));
        }
        Ok(n)
    }
    fn str(&mut self) -> R<&'a str> {
        let n = self.count(1)?;
        let at = self.pos;
        std::str::from_utf8(self.take(n)?)
            .map_err(|_| format!("invalid UTF-8 at byte {}", at + HEADER_LEN))
    }
    /// A string column of `rows` rows, left in place: the spans of its
    /// distinct values and the offset of its row indices, both from `base`
    /// (the start of the place columns), each value checked to be UTF-8 and
    /// each row index to be in the dictionary.
    ///
    /// The dictionary is stored as (u32 length, bytes) entries back to back.
    /// When every length is below 128, its four bytes are ASCII, so the run
    /// is UTF-8 exactly when every value is (no character can straddle an
    /// ASCII byte): one check of the run instead of one per value (the name
    /// column holds over a hundred thousand values).
    fn str_column(&mut self, rows: usize, base: usize) -> R<PackedColumn> {
        let n = self.count(4)?;
        // Walked by hand over the rest of the payload: one bounds check per
        // value and the 4 GB check once at the end, since every span ends at
        // or before the end of the run.
        let start = self.pos;
        let run = &self.buf[start..];
        let at = start - base;
        let truncated = |p: usize| format!("truncated at byte {}", start + p + HEADER_LEN);
        let mut dict = Vec::with_capacity(n);
        let mut longest = 0;
        let mut p = 0;
        for _ in 0..n {
            let Some(&[l0, l1, l2, l3]) = run.get(p..p + 4) else {
                return Err(truncated(p));
            };
            let a = p + 4;
            let len = u32::from_le_bytes([l0, l1, l2, l3]) as usize;
            let Some(b) = a.checked_add(len).filter(|&b| b <= run.len()) else {
                return Err(truncated(a));
            };
            longest = longest.max(len);
            // Section offsets; truncation is ruled out below.
            dict.push(((at + a) as u32, (at + b) as u32));
            p = b;
        }
        if u32::try_from(at + p).is_err() {
            return Err("string columns over 4 GB".to_string());
        }
        let utf8 = if longest < 128 {
            std::str::from_utf8(&run[..p]).is_ok()
        } else {
            dict.iter()
                .all(|&(a, b)| std::str::from_utf8(&run[a as usize - at..b as usize - at]).is_ok())
        };
        if !utf8 {
            return Err("invalid UTF-8 in a string column".to_string());
        }
        self.pos = start + p;
        let rows_at = self.pos - base;
        let idx = self.take(rows.checked_mul(4).ok_or("count overflow")?)?;
        // A fold with no early exit: a straight loop over every row.
        let out_of_range = idx.chunks_exact(4).fold(false, |bad, c| {
            bad | (u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize >= dict.len())
        });
        if out_of_range {
            return Err("string index out of range".to_string());
        }
        Ok(PackedColumn {
            dict,
            rows: rows_at,
        })
    }
    /// Padding up to the next multiple of 8 (see `Writer::align`).
    fn align(&mut self) -> R<()> {
        self.take(self.pos.next_multiple_of(8) - self.pos)
            .map(|_| ())
    }
    /// `n` items of `size` bytes after padding: viewed where the file holds
    /// them when it can be (see [`Slab::view`]), else decoded by `decode`.
    fn slab<T: Plain>(&mut self, n: usize, decode: impl Fn(&[u8]) -> T) -> R<Slab<T>> {
        self.align()?;
        let at = self.pos;
        let b = self.take(
            n.checked_mul(std::mem::size_of::<T>())
                .ok_or("count overflow")?,
        )?;
        Ok(match &self.owner {
            Some((owner, base)) => {
                Slab::view(owner, base + at, n, decode).ok_or("array out of the file")?
            }
            None => Slab::from(
                b.chunks_exact(std::mem::size_of::<T>())
                    .map(decode)
                    .collect::<Vec<T>>(),
            ),
        })
    }
    fn name_index(&mut self, what: &str, bound: usize) -> R<NameIndex<PlaceId>> {
        let arena = self.str()?.to_string();
        let n = self.count(16)?;
        let span = |c: &[u8]| (le32(&c[..4]), le32(&c[4..]));
        let keys = self.slab(n, span)?;
        let lists = self.slab(n, span)?;
        let nv = self.count(4)?;
        let values = self.slab(nv, |c| PlaceId(le32(c)))?;
        let nt = self.count(4)?;
        let table = self.slab(nt, le32)?;
        let max_words = self.u32()? as usize;
        NameIndex::from_parts(arena, keys, lists, values, table, max_words, |v| {
            (v.0 as usize) < bound
        })
        .map_err(|e| format!("{what}: {e}"))
    }
    fn id_map(&mut self, what: &str, bound: usize) -> R<HashMap<String, PlaceId>> {
        let n = self.count(8)?;
        let mut m = HashMap::with_capacity(n);
        for _ in 0..n {
            let k = self.str()?.to_string();
            let id = self.u32()?;
            if id as usize >= bound {
                return Err(format!("{what}: place id {id} out of range"));
            }
            m.insert(k, PlaceId(id));
        }
        Ok(m)
    }
}

impl Gazetteer {
    /// The gazetteer as the bytes of a compiled gazetteer file; `source` says
    /// what it was built from (kept in the file, see [`Gazetteer::index_source`]).
    pub fn to_index_bytes(&self, source: &str) -> Vec<u8> {
        let mut w = Writer {
            buf: Vec::with_capacity(self.places.len() * 96 + 4096),
        };
        let p: Vec<&Place> = self.places.iter().collect();
        w.str(source);
        w.u64(self.skipped as u64);
        w.u64(self.filtered as u64);
        w.len(p.len());
        w.u32s(p.iter().map(|p| p.geonameid));
        for x in p.iter().map(|p| p.lat).chain(p.iter().map(|p| p.lon)) {
            w.u64(x.to_bits());
        }
        for x in &p {
            w.u8(x.feature_class);
        }
        for x in &p {
            w.u64(x.population);
        }
        w.str_column(p.iter().map(|p| p.name.as_str()));
        w.str_column(p.iter().map(|p| p.feature_code.as_str()));
        w.str_column(p.iter().map(|p| p.country.as_str()));
        w.str_column(p.iter().map(|p| p.admin1.as_str()));
        w.str_column(p.iter().map(|p| p.admin2.as_str()));
        w.name_index(&self.names);
        w.name_index(&self.variants);
        w.len(self.units.len());
        for u in &self.units {
            w.u8(u.level);
            w.str(&u.country);
            w.str(&u.admin1);
            w.str(&u.admin2);
            w.str(&u.name);
        }
        w.name_index(&self.unit_names);
        let mut names: Vec<_> = self.admin_code_names.iter().collect();
        names.sort();
        w.len(names.len());
        for (k, v) in names {
            w.str(k);
            w.str(v);
        }
        w.id_map(&self.admin_features);
        w.id_map(&self.seats);
        w.id_map(&self.country_features);
        w.len(self.loaded_countries.len());
        for c in &self.loaded_countries {
            w.str(c);
        }
        // Built once here rather than by every run that opens the file.
        let prefixes = self.prefix_filter().blocks();
        w.len(prefixes.len());
        for &b in prefixes {
            w.u64(b);
        }
        seal(&w.buf)
    }

    /// A gazetteer from the bytes of a compiled gazetteer file, and the
    /// `source` it was built from. Refuses anything damaged with a
    /// description of the problem.
    pub fn from_index_bytes(bytes: &[u8]) -> Result<(Gazetteer, String), String> {
        parse_payload(checked_payload(bytes)?, None)
    }

    /// Opens a compiled gazetteer file, also returning what it was built from.
    pub fn open_index_with_source(path: &Path) -> Result<(Gazetteer, String), GeoError> {
        let io = |source| GeoError::Io {
            path: path.display().to_string(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let bytes = Arc::new(FileBytes::new(file).map_err(io)?);
        checked_payload((*bytes).as_ref())
            .and_then(|payload| {
                let owner: Arc<dyn AsRef<[u8]> + Send + Sync> = bytes.clone();
                parse_payload(payload, Some((owner, HEADER_LEN)))
            })
            .map_err(|reason| GeoError::BadIndex {
                path: path.display().to_string(),
                reason,
            })
    }
}

/// The payload of a compiled gazetteer file, once its header and checksum are
/// checked.
fn checked_payload(bytes: &[u8]) -> Result<&[u8], String> {
    if bytes.len() < HEADER_LEN || !is_index_bytes(bytes) {
        return Err("not a kibaru gazetteer index (bad magic bytes)".to_string());
    }
    let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    if version != FORMAT_VERSION {
        return Err(format!(
            "index format version {version}, this kibaru reads version {FORMAT_VERSION}: rebuild it"
        ));
    }
    let flags = u32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]);
    if flags != 0 {
        return Err(format!("unknown index flags {flags:#x}"));
    }
    let mut h = Reader {
        buf: &bytes[16..HEADER_LEN],
        pos: 0,
        owner: None,
    };
    let len = h.u64()?;
    let sum = h.u64()?;
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 != len {
        return Err(format!(
            "truncated or padded: header says {len} payload bytes, file has {}",
            payload.len()
        ));
    }
    if checksum(payload) != sum {
        return Err("checksum mismatch: the file is damaged".to_string());
    }
    Ok(payload)
}

impl Gazetteer {
    /// Writes the compiled gazetteer file to `path` (through a temporary file
    /// in the same folder, renamed into place, so readers never see half a file).
    pub fn save(&self, path: &Path, source: &str) -> Result<(), GeoError> {
        let io = |source| GeoError::Io {
            path: path.display().to_string(),
            source,
        };
        let bytes = self.to_index_bytes(source);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "gazetteer".to_string());
        let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, &bytes).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(e)
        })
    }

    /// Opens a compiled gazetteer file written by [`Gazetteer::save`].
    pub fn open_index(path: &Path) -> Result<Gazetteer, GeoError> {
        Ok(Gazetteer::open_index_with_source(path)?.0)
    }
}

/// The bytes of an index file: mapped into memory when the file is a regular
/// file of some size, read otherwise.
///
/// Every run opens the index, and reading it meant a fresh 20 MB buffer that
/// the kernel zeroes page by page only to copy the file over it. A mapping
/// shares the file's cached pages instead, and the place columns are then read
/// where they lie (see `crate::places::PackedPlaces`), so the gazetteer keeps
/// the mapping for as long as it lives.
enum FileBytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl FileBytes {
    /// Below this size a plain read is as cheap as a mapping.
    const MAP_FROM: u64 = 1 << 20;

    fn new(file: std::fs::File) -> std::io::Result<FileBytes> {
        FileBytes::mapped_from(file, Self::MAP_FROM)
    }

    fn mapped_from(mut file: std::fs::File, map_from: u64) -> std::io::Result<FileBytes> {
        let meta = file.metadata()?;
        if meta.is_file() && meta.len() >= map_from && usize::try_from(meta.len()).is_ok() {
            // SAFETY: the mapping is only ever read. Mapped bytes stay sound
            // as long as no one writes to or truncates the file while it is
            // mapped: kibaru never does (its cache files are written to a
            // temporary file renamed over the old one, whose mapped pages stay
            // as they were). A file written in place by another program while
            // kibaru runs could make it read changed bytes or be killed
            // (SIGBUS), as with any mapped file (ripgrep takes the same risk).
            if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
                return Ok(FileBytes::Mapped(map));
            }
        }
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut v)?;
        Ok(FileBytes::Read(v))
    }
}

impl AsRef<[u8]> for FileBytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            FileBytes::Mapped(m) => m,
            FileBytes::Read(v) => v,
        }
    }
}

/// Header + payload.
pub(crate) fn seal(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

fn parse_payload(
    payload: &[u8],
    owner: Option<(Owner, usize)>,
) -> Result<(Gazetteer, String), String> {
    let mut r = Reader {
        buf: payload,
        pos: 0,
        owner: owner.clone(),
    };
    let source = r.str()?.to_string();
    let skipped = r.u64()? as usize;
    let filtered = r.u64()? as usize;
    let n = r.count(4 + 16 + 1 + 8 + 20)?;
    // The place columns, left where they are: offsets from `base`.
    let base = r.pos;
    let mut offsets = [0usize; 5];
    for (o, width) in offsets.iter_mut().zip([4, 8, 8, 1, 8]) {
        *o = r.pos - base;
        r.take(n * width)?;
    }
    let columns = [
        r.str_column(n, base)?,
        r.str_column(n, base)?,
        r.str_column(n, base)?,
        r.str_column(n, base)?,
        r.str_column(n, base)?,
    ];
    let section = &payload[base..r.pos];
    let [_, lat, lon, _, _] = offsets;
    let bad_coords = |i: usize| {
        let a = f64::from_bits(u64_at(section, lat + 8 * i));
        let o = f64::from_bits(u64_at(section, lon + 8 * i));
        !(-90.0..=90.0).contains(&a) || !(-180.0..=180.0).contains(&o)
    };
    // A fold with no early exit, then the place named when one is bad.
    if (0..n).fold(false, |bad, i| bad | bad_coords(i)) {
        let i = (0..n).position(bad_coords).unwrap_or_default();
        return Err(format!("place {i}: coordinates out of range"));
    }
    let section = match owner {
        Some((owner, at)) => Section {
            owner,
            start: at + base,
            end: at + r.pos,
        },
        None => Section {
            owner: Arc::new(section.to_vec()),
            start: 0,
            end: section.len(),
        },
    };
    let mut g = parse_indexes(&mut r, n, payload.len())?;
    // Records are decoded when first looked up (see `crate::places`).
    g.places = Places::Packed(Box::new(PackedPlaces::new(n, section, offsets, columns)));
    g.skipped = skipped;
    g.filtered = filtered;
    Ok((g, source))
}

/// The little-endian u64s of `b`, each through `f`. Filled in place rather
/// than collected (as in [`Reader::u32s`]): a plain loop with no index to
/// check, for arrays of a few hundred thousand entries.
fn le64s<T: Copy + Default>(b: &[u8], f: impl Fn(u64) -> T) -> Vec<T> {
    let mut v = vec![T::default(); b.len() / 8];
    for (x, c) in v.iter_mut().zip(b.chunks_exact(8)) {
        *x = f(u64::from_le_bytes([
            c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
        ]));
    }
    v
}

/// The sections after the places: everything but the places themselves.
fn parse_indexes(r: &mut Reader<'_>, n: usize, total: usize) -> R<Gazetteer> {
    let names = r.name_index("names", n)?;
    let variants = r.name_index("variants", n)?;
    let nu = r.count(17)?;
    let mut units = Vec::with_capacity(nu);
    for _ in 0..nu {
        let level = r.u8()?;
        if !(1..=2).contains(&level) {
            return Err(format!("admin unit level {level}"));
        }
        units.push(AdminUnit {
            level,
            country: r.str()?.to_string(),
            admin1: r.str()?.to_string(),
            admin2: r.str()?.to_string(),
            name: r.str()?.to_string(),
        });
    }
    let unit_names = r.name_index("unit names", units.len())?;
    let nn = r.count(8)?;
    let mut admin_code_names = HashMap::with_capacity(nn);
    for _ in 0..nn {
        let k = r.str()?.to_string();
        admin_code_names.insert(k, r.str()?.to_string());
    }
    let admin_features = r.id_map("admin features", n)?;
    let seats = r.id_map("seats", n)?;
    let country_features = r.id_map("country features", n)?;
    let nc = r.count(4)?;
    let loaded_countries = (0..nc)
        .map(|_| r.str().map(str::to_string))
        .collect::<R<Vec<_>>>()?;
    let nb = r.count(8)?;
    let blocks = le64s(r.take(nb * 8)?, |x| x);
    let prefixes = PrefixFilter::from_blocks(blocks)
        .ok_or_else(|| format!("prefix filter of {nb} blocks, not a power of two"))?;
    if r.pos != total {
        return Err(format!(
            "{} unexpected bytes after the last section",
            total - r.pos
        ));
    }
    Ok(Gazetteer {
        places: Places::default(),
        names,
        variants,
        units,
        unit_names,
        admin_code_names,
        admin_features,
        seats,
        country_features,
        loaded_countries,
        skipped: 0,
        filtered: 0,
        prefixes: prefixes.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DUMP: &str = "\
1\tSerma\tSerma\tSerma Village\t14.86\t-2.264\tP\tPPL\tML\t\t04\t\t\t\t0\t\t300\tAfrica/Bamako\t2024-01-01
2\tMopti\tMopti\t\t14.49\t-4.19\tP\tPPLA\tML\t\t04\t\t\t\t120000\t\t300\tAfrica/Bamako\t2024-01-01
3\tMopti\tMopti\tRégion de Mopti\t14.5\t-3.5\tA\tADM1\tML\t\t04\t\t\t\t0\t\t300\tAfrica/Bamako\t2024-01-01
4\tDjibo\tDjibo\t\t14.1\t-1.63\tP\tPPLA2\tBF\t\t12\t1234\t\t\t45000\t\t300\tAfrica/Ouagadougou\t2024-01-01
5\tRépublique du Mali\tRepublique du Mali\tMali\t17\t-4\tA\tPCLI\tML\t\t00\t\t\t\t20000000\t\t300\tAfrica/Bamako\t2024-01-01
6\tDouentza Cercle\tDouentza Cercle\t\t15\t-2.9\tA\tADM2\tML\t\t04\t777\t\t\t0\t\t300\tAfrica/Bamako\t2024-01-01
";
    const ADMIN1: &str = "ML.04\tMopti\tMopti\t3\nBF.12\tSahel\tSahel\t9\n";
    const ADMIN2: &str = "ML.04.777\tDouentza Cercle\tDouentza Cercle\t6\n";

    fn small() -> Gazetteer {
        Gazetteer::from_dump_str(DUMP, ADMIN1, ADMIN2)
    }

    fn same(a: &Gazetteer, b: &Gazetteer) {
        assert_eq!(
            a.places().collect::<Vec<_>>(),
            b.places().collect::<Vec<_>>()
        );
        assert_eq!(a.units, b.units);
        assert_eq!(a.admin_code_names, b.admin_code_names);
        assert_eq!(a.admin_features, b.admin_features);
        assert_eq!(a.seats, b.seats);
        assert_eq!(a.country_features, b.country_features);
        assert_eq!(a.loaded_countries, b.loaded_countries);
        assert_eq!(a.name_count(), b.name_count());
        assert_eq!(a.max_name_words(), b.max_name_words());
        assert_eq!((a.skipped, a.filtered), (b.skipped, b.filtered));
        for (_, p) in a.places() {
            for name in [
                p.name.as_str(),
                "serma village",
                "region de mopti",
                "nowhere",
            ] {
                assert_eq!(a.lookup(name), b.lookup(name), "{name}");
                assert_eq!(a.lookup_fuzzy(name), b.lookup_fuzzy(name), "{name}");
                assert_eq!(
                    a.admin_units_by_name(name),
                    b.admin_units_by_name(name),
                    "{name}"
                );
            }
        }
        assert_eq!(a.lookup_fuzzy("Jibo"), b.lookup_fuzzy("Jibo"));
        assert!(!b.lookup_fuzzy("Jibo").is_empty());
    }

    #[test]
    fn round_trips() {
        let g = small();
        let bytes = g.to_index_bytes("test source");
        let (h, source) = Gazetteer::from_index_bytes(&bytes).unwrap();
        assert_eq!(source, "test source");
        same(&g, &h);
        assert_eq!(h.admin1_seat("ML", "04"), g.admin1_seat("ML", "04"));
        // Records decoded on first use, classes and coordinates read packed.
        assert!(matches!(h.places, Places::Packed(_)));
        assert_eq!(h.len(), g.len());
        assert!(h.get(PlaceId(g.len() as u32)).is_none());
        for (lat, lon) in [(14.5, -3.0), (14.1, -1.6), (0.0, 0.0)] {
            for classes in [&b""[..], b"P", b"A", b"H"] {
                assert_eq!(h.nearest(lat, lon, classes), g.nearest(lat, lon, classes));
            }
        }
        assert!(h.country_feature("ml").is_some());
        // An uppercase code is looked up without a copy, to the same place.
        assert_eq!(h.country_feature("ML"), h.country_feature("ml"));
        assert_eq!(h.country_feature("Ml"), h.country_feature("ml"));
        // Deterministic bytes.
        assert_eq!(bytes, h.to_index_bytes("test source"));
        // The stored prefix filter is the one the names build.
        assert_eq!(h.prefixes.get(), Some(&h.build_prefix_filter()));
        assert_eq!(h.prefix_filter(), g.prefix_filter());
    }

    /// String columns are read as whole runs with their length prefixes
    /// zeroed: values longer than 127 bytes (whose length has a non-ASCII
    /// byte) and non-ASCII values still round-trip, and a value that is not
    /// UTF-8 is still refused.
    #[test]
    fn long_and_accented_strings_round_trip() {
        let long = format!("{}Sud", "Ségou-Tillabéri ".repeat(12));
        assert!(long.len() > 128);
        let dump = DUMP.replace("Serma Village", &long).replacen(
            "1\tSerma\tSerma",
            &format!("1\t{long}\tSerma"),
            1,
        );
        let g = Gazetteer::from_dump_str(&dump, ADMIN1, ADMIN2);
        let bytes = g.to_index_bytes("src");
        let (h, _) = Gazetteer::from_index_bytes(&bytes).unwrap();
        same(&g, &h);
        assert_eq!(h.place(PlaceId(0)).name, long);

        // Damage the first byte of the long name and reseal: refused.
        let payload = &bytes[HEADER_LEN..];
        let at = payload
            .windows(long.len())
            .position(|w| w == long.as_bytes())
            .unwrap();
        for bad in [0xffu8, 0x80] {
            let mut p = payload.to_vec();
            p[at] = bad;
            let e = Gazetteer::from_index_bytes(&seal(&p)).err().unwrap();
            assert!(e.contains("UTF-8"), "{e}");
        }
    }

    /// A short value (the whole-run UTF-8 check) damaged and resealed is
    /// refused too.
    #[test]
    fn short_strings_with_bad_utf8_are_refused() {
        let g = small();
        let bytes = g.to_index_bytes("src");
        let payload = &bytes[HEADER_LEN..];
        let at = payload.windows(5).position(|w| w == b"Serma").unwrap();
        for bad in [0xffu8, 0x80, 0xc3] {
            let mut p = payload.to_vec();
            p[at + 1] = bad;
            let e = Gazetteer::from_index_bytes(&seal(&p)).err().unwrap();
            assert!(e.contains("UTF-8"), "{e}");
        }
    }

    /// An index opened from a mapped file reads its place columns where the
    /// mapping holds them, and gives what the built gazetteer gives, also
    /// once the file is gone (the mapping outlives the name).
    #[test]
    fn a_mapped_index_file_reads_like_the_built_gazetteer() {
        let g = small();
        let dir = std::env::temp_dir().join(format!("kibaru-mapped-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("small.kgz");
        g.save(&path, "src").unwrap();
        let bytes = FileBytes::mapped_from(std::fs::File::open(&path).unwrap(), 0).unwrap();
        assert!(matches!(bytes, FileBytes::Mapped(_)));
        let bytes: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(bytes);
        let payload = checked_payload((*bytes).as_ref()).unwrap();
        let (h, source) = parse_payload(payload, Some((bytes.clone(), HEADER_LEN))).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(source, "src");
        assert!(matches!(h.places, Places::Packed(_)));
        same(&g, &h);
        // And through the public entry point (small files are read, not mapped).
        let path = dir.join("again.kgz");
        std::fs::create_dir_all(&dir).unwrap();
        g.save(&path, "src").unwrap();
        let (k, _) = Gazetteer::open_index_with_source(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        same(&g, &k);
    }

    /// Any one damaged bit of the payload is caught by the checksum (each
    /// step of a lane is a bijection of the lane, so one changed word always
    /// changes the sum), at every position of the 32-byte blocks and of the
    /// tail.
    #[test]
    fn the_checksum_catches_every_flipped_bit() {
        let bytes = small().to_index_bytes("src");
        assert!(
            !(bytes.len() - HEADER_LEN).is_multiple_of(32),
            "the test wants a tail"
        );
        for i in HEADER_LEN..bytes.len() {
            for bit in [0, 3, 7] {
                let mut b = bytes.clone();
                b[i] ^= 1 << bit;
                let e = Gazetteer::from_index_bytes(&b).err().unwrap();
                assert!(e.contains("checksum"), "byte {i}: {e}");
            }
        }
    }

    #[test]
    fn empty_round_trips() {
        let g = Gazetteer::empty();
        let (h, _) = Gazetteer::from_index_bytes(&g.to_index_bytes("")).unwrap();
        assert!(h.is_empty());
        assert!(h.lookup("gao").is_empty());
    }

    #[test]
    fn refuses_wrong_magic_and_version() {
        let mut bytes = small().to_index_bytes("");
        assert!(Gazetteer::from_index_bytes(b"9100001\tSerma").is_err());
        bytes[8] = 99;
        let e = Gazetteer::from_index_bytes(&bytes).err().unwrap();
        assert!(e.contains("version 99"), "{e}");
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = small().to_index_bytes("src");
        for n in 0..bytes.len() {
            assert!(Gazetteer::from_index_bytes(&bytes[..n]).is_err(), "{n}");
        }
    }

    /// Flipping any byte of the payload and re-sealing it (so the checksum
    /// passes and the structure checks are what stands between the bytes and a
    /// panic) gives an error or a gazetteer whose lookups do not panic.
    #[test]
    fn every_resealed_byte_flip_is_safe() {
        let bytes = small().to_index_bytes("src");
        let payload = &bytes[HEADER_LEN..];
        // Every one of the first 400 bytes, then about 1500 positions spread over the rest.
        let step = (payload.len() / 1500).max(1);
        for i in 0..payload.len() {
            if i % step != 0 && i > 400 {
                continue;
            }
            let mut p = payload.to_vec();
            p[i] ^= if i % 2 == 0 { 0x01 } else { 0xff };
            exercise(&seal(&p));
        }
    }

    fn exercise(bytes: &[u8]) {
        if let Ok((g, _)) = Gazetteer::from_index_bytes(bytes) {
            for name in ["Serma", "Mopti", "Jibo", "Douentza", "Mali", "x"] {
                for &id in g.lookup(name) {
                    let _ = g.place(id);
                }
                for id in g.lookup_fuzzy(name) {
                    let _ = g.place(id);
                }
                let _ = g.admin_units_by_name(name);
                let _ = g.admin1_code_by_name("ML", name);
            }
            for (id, p) in g.places() {
                let _ = (g.admin1_name(p), g.admin2_name(p), g.place(id));
            }
            if let Some(id) = g.admin1_seat("ML", "04") {
                let _ = g.place(id);
            }
            let folded =
                kibaru_text::Folded::new("Attaque à Serma, près de Mopti (Mali), vers Djibo.");
            let mut m = crate::find_places(&folded, &g);
            crate::resolve(&mut m, &g);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn damaged_files_never_panic(
            cut in 0usize..2000,
            flips in proptest::collection::vec((0usize..2000, any::<u8>()), 0..6),
            reseal in any::<bool>(),
        ) {
            let bytes = small().to_index_bytes("src");
            let mut b = bytes.clone();
            for (i, x) in &flips {
                let i = i % b.len();
                b[i] ^= x;
            }
            b.truncate(cut.min(b.len()).max(if reseal { HEADER_LEN } else { 0 }));
            let b = if reseal && b.len() >= HEADER_LEN {
                seal(&b[HEADER_LEN..])
            } else {
                b
            };
            let r = Gazetteer::from_index_bytes(&b);
            if !reseal && (b != bytes) {
                prop_assert!(r.is_err());
            }
            exercise(&b);
        }
    }
}
