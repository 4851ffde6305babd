//! The place records of a [`crate::Gazetteer`]: built in memory from dumps, or
//! kept packed as the index file stores them and decoded one by one when first
//! asked for.
//!
//! A national gazetteer holds a few hundred thousand places and an article looks
//! up a few dozen of them: decoding every record when the index opens (five
//! strings a record) cost more than all the lookups of a thousand articles.
//! [`PackedPlaces`] keeps the columns of the index file (checked when it opens,
//! so decoding cannot fail) and a cell a place that the first
//! [`Places::get`] fills.

use crate::slab::Owner;
use crate::Place;
use std::sync::OnceLock;

/// The places, by id.
pub(crate) enum Places {
    /// Built from dump files: every record decoded.
    Built(Vec<Place>),
    /// Read from an index file: records decoded on first use.
    Packed(Box<PackedPlaces>),
}

impl Default for Places {
    fn default() -> Places {
        Places::Built(Vec::new())
    }
}

impl Places {
    /// Number of places.
    pub(crate) fn len(&self) -> usize {
        match self {
            Places::Built(v) => v.len(),
            Places::Packed(p) => p.cells.len(),
        }
    }

    /// One place, or `None` for an id out of range.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&Place> {
        match self {
            Places::Built(v) => v.get(i),
            Places::Packed(p) => p.get(i),
        }
    }

    /// Every place in id order (decoding the packed ones not yet decoded).
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Place> + '_ {
        (0..self.len()).filter_map(move |i| self.get(i))
    }

    /// The feature class of a place, without decoding its record.
    pub(crate) fn feature_class(&self, i: usize) -> u8 {
        match self {
            Places::Built(v) => v[i].feature_class,
            Places::Packed(p) => p.class(i),
        }
    }

    /// The coordinates of a place, without decoding its record.
    pub(crate) fn coords(&self, i: usize) -> (f64, f64) {
        match self {
            Places::Built(v) => (v[i].lat, v[i].lon),
            Places::Packed(p) => p.coords(i),
        }
    }
}

/// Bytes the packed columns are read from: a section of the index file as it
/// lies in memory (mapped, see `crate::indexfile`), shared, or a copy of it.
pub(crate) struct Section {
    pub(crate) owner: Owner,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Section {
    #[inline]
    pub(crate) fn bytes(&self) -> &[u8] {
        &(*self.owner).as_ref()[self.start..self.end]
    }
}

/// A string column of the index file: the spans of its distinct values in the
/// section, and where the value number of each row is.
pub(crate) struct PackedColumn {
    /// Byte spans of the distinct values in the section (each checked to be
    /// UTF-8 when the file opens).
    pub(crate) dict: Vec<(u32, u32)>,
    /// Offset in the section of the rows' little-endian u32 indices into
    /// `dict` (each checked to be in range when the file opens).
    pub(crate) rows: usize,
}

/// Places as the index file stores them, decoded when first asked for. The
/// numeric columns are read in place, little-endian, from the file's bytes:
/// opening the index copies none of them (every place's coordinates and class
/// are read by the checks on open, and a few dozen records by an article).
pub(crate) struct PackedPlaces {
    pub(crate) section: Section,
    /// Offsets in the section of the columns: ids (u32), latitudes and
    /// longitudes (f64 bits), classes (u8), populations (u64).
    pub(crate) ids: usize,
    pub(crate) lat: usize,
    pub(crate) lon: usize,
    pub(crate) classes: usize,
    pub(crate) populations: usize,
    /// Name, feature code, country, admin1, admin2.
    pub(crate) columns: [PackedColumn; 5],
    pub(crate) cells: Box<[OnceLock<Box<Place>>]>,
}

/// The little-endian u32 at `at` (the caller has checked it lies in `b`).
#[inline]
pub(crate) fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(w)
}

/// The little-endian u64 at `at` (the caller has checked it lies in `b`).
#[inline]
pub(crate) fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

impl PackedPlaces {
    /// Packed places of `n` rows; the column offsets must leave room for `n`
    /// rows in the section, every row index must be in its dictionary and
    /// every dictionary span UTF-8 (the index reader checks all of it).
    pub(crate) fn new(
        n: usize,
        section: Section,
        [ids, lat, lon, classes, populations]: [usize; 5],
        columns: [PackedColumn; 5],
    ) -> PackedPlaces {
        PackedPlaces {
            section,
            ids,
            lat,
            lon,
            classes,
            populations,
            columns,
            cells: std::iter::repeat_with(OnceLock::new).take(n).collect(),
        }
    }

    #[inline]
    pub(crate) fn class(&self, i: usize) -> u8 {
        self.section.bytes()[self.classes + i]
    }

    #[inline]
    pub(crate) fn coords(&self, i: usize) -> (f64, f64) {
        let b = self.section.bytes();
        (
            f64::from_bits(u64_at(b, self.lat + 8 * i)),
            f64::from_bits(u64_at(b, self.lon + 8 * i)),
        )
    }

    #[inline]
    fn get(&self, i: usize) -> Option<&Place> {
        let cell = self.cells.get(i)?;
        Some(cell.get_or_init(|| Box::new(self.decode(i))))
    }

    fn text(&self, column: usize, i: usize) -> String {
        let c = &self.columns[column];
        let b = self.section.bytes();
        let (s, e) = c.dict[u32_at(b, c.rows + 4 * i) as usize];
        // Checked to be UTF-8 on open: never lossy.
        String::from_utf8_lossy(&b[s as usize..e as usize]).into_owned()
    }

    fn decode(&self, i: usize) -> Place {
        Place {
            geonameid: u32_at(self.section.bytes(), self.ids + 4 * i),
            name: self.text(0, i),
            lat: self.coords(i).0,
            lon: self.coords(i).1,
            feature_class: self.class(i),
            feature_code: self.text(1, i),
            country: self.text(2, i),
            admin1: self.text(3, i),
            admin2: self.text(4, i),
            population: u64_at(self.section.bytes(), self.populations + 8 * i),
        }
    }
}
