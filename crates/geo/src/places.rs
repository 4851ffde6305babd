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
            Places::Packed(p) => p.classes[i],
        }
    }

    /// The coordinates of a place, without decoding its record.
    pub(crate) fn coords(&self, i: usize) -> (f64, f64) {
        match self {
            Places::Built(v) => (v[i].lat, v[i].lon),
            Places::Packed(p) => (p.lat[i], p.lon[i]),
        }
    }
}

/// A string column of the index file: its distinct values in one arena, and
/// the value of each row.
pub(crate) struct PackedColumn {
    /// Byte spans of the distinct values in the arena.
    pub(crate) dict: Vec<(u32, u32)>,
    /// Index into `dict` of each row (checked to be in range).
    pub(crate) rows: Vec<u32>,
}

/// Places as the index file stores them, decoded when first asked for.
pub(crate) struct PackedPlaces {
    pub(crate) ids: Vec<u32>,
    pub(crate) lat: Vec<f64>,
    pub(crate) lon: Vec<f64>,
    pub(crate) classes: Vec<u8>,
    pub(crate) populations: Vec<u64>,
    /// The distinct strings of the columns, one after the other.
    pub(crate) arena: String,
    /// Name, feature code, country, admin1, admin2.
    pub(crate) columns: [PackedColumn; 5],
    pub(crate) cells: Box<[OnceLock<Box<Place>>]>,
}

impl PackedPlaces {
    /// Packed places; every column must hold `n` rows, every row index must
    /// be in its dictionary and every span in the arena on char boundaries
    /// (the index reader checks all of it).
    pub(crate) fn new(
        ids: Vec<u32>,
        lat: Vec<f64>,
        lon: Vec<f64>,
        classes: Vec<u8>,
        populations: Vec<u64>,
        arena: String,
        columns: [PackedColumn; 5],
    ) -> PackedPlaces {
        let n = ids.len();
        PackedPlaces {
            ids,
            lat,
            lon,
            classes,
            populations,
            arena,
            columns,
            cells: std::iter::repeat_with(OnceLock::new).take(n).collect(),
        }
    }

    #[inline]
    fn get(&self, i: usize) -> Option<&Place> {
        let cell = self.cells.get(i)?;
        Some(cell.get_or_init(|| Box::new(self.decode(i))))
    }

    fn text(&self, column: usize, i: usize) -> String {
        let c = &self.columns[column];
        let (s, e) = c.dict[c.rows[i] as usize];
        self.arena[s as usize..e as usize].to_string()
    }

    fn decode(&self, i: usize) -> Place {
        Place {
            geonameid: self.ids[i],
            name: self.text(0, i),
            lat: self.lat[i],
            lon: self.lon[i],
            feature_class: self.classes[i],
            feature_code: self.text(1, i),
            country: self.text(2, i),
            admin1: self.text(3, i),
            admin2: self.text(4, i),
            population: self.populations[i],
        }
    }
}
