//! The [`Gazetteer`]: GeoNames places, the folded-name index over their names, the
//! admin1/admin2 code tables, and the lookups the pipeline needs (admin names,
//! admin seats, country features, nearest place).
//!
//! Parsing lives in [`crate::load`]; this module holds the data and accessors.

use crate::countries;
use crate::index::{key_hash, key_hash_bytes, norm_key_into, variant_key_bytes, NameIndex};
use crate::{Country, Place, PlaceId};
use std::collections::HashMap;

/// A first- or second-level administrative division known by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminUnit {
    /// 1 for admin1 (region), 2 for admin2 (cercle, province, département).
    pub level: u8,
    /// ISO alpha-2 country code.
    pub country: String,
    /// GeoNames admin1 code.
    pub admin1: String,
    /// GeoNames admin2 code (empty for admin1 units).
    pub admin2: String,
    /// Name as GeoNames writes it ("Mopti", "Province du Soum").
    pub name: String,
}

/// The gazetteer: GeoNames places and everything needed to find them by name.
#[derive(Default)]
pub struct Gazetteer {
    pub(crate) places: crate::places::Places,
    /// Normalised name -> places, sorted by static prior (see [`crate::resolve`]).
    pub(crate) names: NameIndex<PlaceId>,
    /// Spelling-variant key (see [`crate::index::variant_key_into`]) -> places,
    /// for names whose variant key differs from their exact key.
    pub(crate) variants: NameIndex<PlaceId>,
    /// Admin units known by name.
    pub(crate) units: Vec<AdminUnit>,
    /// Normalised admin name (with "Province du", "Cercle", ... stripped) -> unit numbers.
    pub(crate) unit_names: NameIndex<PlaceId>,
    /// "ML.04" -> "Mopti"; "ML.04.7670549" -> "Douentza Cercle".
    pub(crate) admin_code_names: HashMap<String, String>,
    /// "ML.04" -> the ADM1 feature; "ML.04.7670549" -> the ADM2 feature.
    pub(crate) admin_features: HashMap<String, PlaceId>,
    /// "ML.04" / "ML.04.7670549" -> seat (chief town).
    pub(crate) seats: HashMap<String, PlaceId>,
    /// "ML" -> the PCLI (independent political entity) feature.
    pub(crate) country_features: HashMap<String, PlaceId>,
    /// Countries with at least one place, sorted.
    pub(crate) loaded_countries: Vec<String>,
    pub(crate) skipped: usize,
    pub(crate) filtered: usize,
    /// Proper word prefixes of every multi-word name, unit and country key
    /// ("fada" of "fada n'gourma"): a span of text that is neither a name nor
    /// such a prefix cannot grow into a name. Built on first use.
    pub(crate) prefixes: std::sync::OnceLock<PrefixFilter>,
}

/// The word prefixes of the names, as a Bloom filter: one bit array in 64-bit
/// blocks, two bits of one block a prefix. It may answer yes for a key that is
/// no prefix (about one in a hundred), never no for one that is; a bit array of
/// a few hundred kilobytes instead of a set of boxed strings, one read a query.
#[derive(Default, Debug, PartialEq, Eq)]
pub(crate) struct PrefixFilter {
    blocks: Vec<u64>,
}

impl PrefixFilter {
    /// The filter of the proper word prefixes (up to a space or an apostrophe)
    /// of the keys `keys` calls its argument with.
    fn new(keys: impl Fn(&mut dyn FnMut(&str))) -> PrefixFilter {
        let mut count = 0;
        keys(&mut |k| count += k.bytes().filter(|&b| b == b' ' || b == b'\'').count());
        // About 16 bits a prefix (counted with repeats, so more for the distinct).
        let mut filter = PrefixFilter {
            blocks: vec![0; (count / 4 + 1).next_power_of_two()],
        };
        keys(&mut |k| {
            // Spaces and apostrophes are ASCII: their offsets are char boundaries.
            for (p, &c) in k.as_bytes().iter().enumerate() {
                if c == b' ' || c == b'\'' {
                    let (block, bits) = filter.bits(&k[..p]);
                    filter.blocks[block] |= bits;
                }
            }
        });
        filter
    }

    /// The bit array, as the index file stores it.
    pub(crate) fn blocks(&self) -> &[u64] {
        &self.blocks
    }

    /// A filter of a stored bit array; `None` unless its length is a power
    /// of two (what [`PrefixFilter::new`] makes and `bits` relies on).
    pub(crate) fn from_blocks(blocks: Vec<u64>) -> Option<PrefixFilter> {
        blocks
            .len()
            .is_power_of_two()
            .then_some(PrefixFilter { blocks })
    }

    /// The block and the two bits of `key`.
    fn bits(&self, key: &str) -> (usize, u64) {
        use std::hash::Hasher;
        let mut h = kibaru_text::hash::FxHasher::default();
        h.write(key.as_bytes());
        let h = h.finish();
        let block = (h >> 12) as usize & (self.blocks.len() - 1);
        (block, 1 << (h & 63) | 1 << ((h >> 6) & 63))
    }

    /// False when `key` is certainly no prefix.
    fn may_contain(&self, key: &str) -> bool {
        let (block, bits) = self.bits(key);
        self.blocks[block] & bits == bits
    }
}

/// "ML" + "04" -> "ML.04"; with an admin2 code, "ML.04.7670549".
pub(crate) fn admin_key(country: &str, admin1: &str, admin2: Option<&str>) -> String {
    let mut k = String::with_capacity(country.len() + admin1.len() + 16);
    k.push_str(country);
    k.push('.');
    k.push_str(admin1);
    if let Some(a2) = admin2 {
        k.push('.');
        k.push_str(a2);
    }
    k
}

impl Gazetteer {
    /// An empty gazetteer.
    pub fn empty() -> Gazetteer {
        Gazetteer::default()
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.places.len() == 0
    }

    /// One place. Panics on an id that did not come from this gazetteer.
    pub fn place(&self, id: PlaceId) -> &Place {
        match self.places.get(id.0 as usize) {
            Some(p) => p,
            None => panic!("place id {} out of range", id.0),
        }
    }

    /// One place, or `None` for an id out of range.
    pub fn get(&self, id: PlaceId) -> Option<&Place> {
        self.places.get(id.0 as usize)
    }

    /// All places with their ids.
    pub fn places(&self) -> impl Iterator<Item = (PlaceId, &Place)> {
        self.places
            .iter()
            .enumerate()
            .map(|(i, p)| (PlaceId(i as u32), p))
    }

    /// Number of dump lines skipped because they were malformed (wrong number of
    /// columns, unparsable id or coordinates).
    pub fn skipped_lines(&self) -> usize {
        self.skipped
    }

    /// Number of well-formed dump lines left out because of their feature class
    /// (spots, roads, undersea features) or because the geonameid was already loaded.
    pub fn filtered_lines(&self) -> usize {
        self.filtered
    }

    /// Number of distinct normalised names in the index.
    pub fn name_count(&self) -> usize {
        self.names.key_count()
    }

    /// ISO alpha-2 codes of the countries that have places in this gazetteer, sorted.
    pub fn loaded_countries(&self) -> &[String] {
        &self.loaded_countries
    }

    /// Places whose name, ASCII name or Latin-script alternate name is `name`
    /// (folded and normalised here, so "Tin-Akoff" and "tin akoff" are the same),
    /// best-known first (populated places, then admin features, then natural
    /// features; then by feature code, population and geonameid).
    pub fn lookup(&self, name: &str) -> &[PlaceId] {
        let mut key = String::new();
        norm_key_into(name, &mut key);
        self.names.get(&key)
    }

    /// Places whose name matches `key` (already normalised) up to spelling
    /// variants ("Segu" finds "Ségou", "Jibo" finds "Djibo"), sorted by static
    /// prior. Empty when nothing matches.
    pub(crate) fn lookup_variant_key(&self, key: &str) -> Vec<PlaceId> {
        self.lookup_variant_key_with(key, &mut Vec::new())
    }

    /// [`Gazetteer::lookup_variant_key`] with a buffer for the variant key (no
    /// allocation per lookup).
    pub(crate) fn lookup_variant_key_with(&self, key: &str, v: &mut Vec<u8>) -> Vec<PlaceId> {
        variant_key_bytes(key, v);
        let v = v.as_slice();
        let h = key_hash_bytes(v);
        let variants = self.variants.get_bytes_hashed(v, h);
        let names = if v != key.as_bytes() {
            self.names.get_bytes_hashed(v, h)
        } else {
            &[]
        };
        if variants.is_empty() && names.is_empty() {
            // The usual case for words of a text: no list to build and sort.
            return Vec::new();
        }
        let mut out: Vec<PlaceId> = variants.to_vec();
        out.extend_from_slice(names);
        out.sort_by_key(|&id| (crate::resolve::static_rank(self.place(id)), id));
        out.dedup();
        out
    }

    /// Adds to `out` the places whose name or spelling-variant key is the variant
    /// key `v` (one hash for both indexes), unsorted.
    pub(crate) fn extend_by_variant(&self, v: &[u8], out: &mut Vec<PlaceId>) {
        let h = key_hash_bytes(v);
        out.extend_from_slice(self.variants.get_bytes_hashed(v, h));
        out.extend_from_slice(self.names.get_bytes_hashed(v, h));
    }

    /// Places whose name matches `name` exactly or, failing that, up to the
    /// spelling variants common in Sahel transliteration (see
    /// [`Gazetteer::lookup`]; "Segu" finds "Ségou").
    pub fn lookup_fuzzy(&self, name: &str) -> Vec<PlaceId> {
        let mut key = String::new();
        norm_key_into(name, &mut key);
        let exact = self.names.get(&key);
        if !exact.is_empty() {
            return exact.to_vec();
        }
        self.lookup_variant_key(&key)
    }

    /// The places named by an already normalised key and the admin units named
    /// so ([`Gazetteer::units_by_key`]), the key hashed once for both indexes.
    pub(crate) fn places_and_units_by_key(
        &self,
        key: &str,
    ) -> (&[PlaceId], impl Iterator<Item = &AdminUnit> + '_) {
        let h = key_hash(key);
        let units = self
            .unit_names
            .get_hashed(key, h)
            .iter()
            .filter_map(|u| self.units.get(u.0 as usize));
        (self.names.get_hashed(key, h), units)
    }

    /// Admin units whose name, once "Province du", "Cercle", "Région de" ... are
    /// stripped, is the normalised `key`.
    pub(crate) fn units_by_key(&self, key: &str) -> impl Iterator<Item = &AdminUnit> + '_ {
        self.unit_names
            .get(key)
            .iter()
            .filter_map(|u| self.units.get(u.0 as usize))
    }

    /// Admin units (admin1 and admin2) named `name`, e.g. "Soum" finds the Burkina
    /// province "Province du Soum"; sorted by level, then country and codes.
    pub fn admin_units_by_name(&self, name: &str) -> Vec<&AdminUnit> {
        let mut key = String::new();
        norm_key_into(name, &mut key);
        self.units_by_key(&key).collect()
    }

    /// Whether `key` (normalised) may be a proper word prefix of a longer place,
    /// unit or country name, see [`Gazetteer::prefixes`]. Never false for a
    /// prefix; rarely true for a key that is none. Place finding only uses it to
    /// stop growing a span of words: a span that is no prefix never grows into a
    /// name (the key of a longer span is this key, a space or an apostrophe and
    /// more), so a wrong yes costs one more lookup, never another result.
    pub(crate) fn is_name_prefix(&self, key: &str) -> bool {
        self.prefix_filter().may_contain(key)
    }

    /// The prefix filter: read from the index file, else built on first use.
    pub(crate) fn prefix_filter(&self) -> &PrefixFilter {
        self.prefixes.get_or_init(|| self.build_prefix_filter())
    }

    /// The prefix filter built from the names, unit names and country keys.
    pub(crate) fn build_prefix_filter(&self) -> PrefixFilter {
        PrefixFilter::new(|f| {
            self.names.keys().for_each(&mut *f);
            self.unit_names.keys().for_each(&mut *f);
            crate::countries::country_keys().for_each(&mut *f);
        })
    }

    /// Longest number of words in any indexed name.
    pub(crate) fn max_name_words(&self) -> usize {
        self.names.max_words().max(self.unit_names.max_words())
    }

    /// The admin1 name of a place ("Mopti"), when known.
    pub fn admin1_name(&self, place: &Place) -> Option<&str> {
        self.admin1_name_by_code(&place.country, &place.admin1)
    }

    /// The admin2 name of a place, when known.
    pub fn admin2_name(&self, place: &Place) -> Option<&str> {
        self.admin2_name_by_code(&place.country, &place.admin1, &place.admin2)
    }

    /// The admin1 name for a country and admin1 code: `("ML", "04")` -> "Mopti".
    pub fn admin1_name_by_code(&self, country: &str, admin1: &str) -> Option<&str> {
        if admin1.is_empty() {
            return None;
        }
        self.admin_code_names
            .get(&admin_key(country, admin1, None))
            .map(String::as_str)
    }

    /// The admin2 name for a country, admin1 and admin2 code.
    pub fn admin2_name_by_code(&self, country: &str, admin1: &str, admin2: &str) -> Option<&str> {
        if admin1.is_empty() || admin2.is_empty() {
            return None;
        }
        self.admin_code_names
            .get(&admin_key(country, admin1, Some(admin2)))
            .map(String::as_str)
    }

    /// The admin1 code of the region of `country` named `name` (any case/accents;
    /// "Région de", "Province" ... may be included): `("ML", "mopti")` -> "04",
    /// `("BF", "boucle du mouhoun")` -> "01".
    pub fn admin1_code_by_name(&self, country: &str, name: &str) -> Option<&str> {
        let mut key = String::new();
        norm_key_into(name, &mut key);
        let stripped = crate::load::strip_admin_words(&key);
        let found = [key.as_str(), stripped.as_str()].into_iter().find_map(|k| {
            self.units_by_key(k)
                .find(|u| u.level == 1 && u.country.eq_ignore_ascii_case(country))
                .map(|u| u.admin1.as_str())
        });
        found
    }

    /// The ADM1 feature of a region, when the dump has it.
    pub fn admin1_feature(&self, country: &str, admin1: &str) -> Option<PlaceId> {
        self.admin_features
            .get(&admin_key(country, admin1, None))
            .copied()
    }

    /// The ADM2 feature of a second-level division, when the dump has it.
    pub fn admin2_feature(&self, country: &str, admin1: &str, admin2: &str) -> Option<PlaceId> {
        self.admin_features
            .get(&admin_key(country, admin1, Some(admin2)))
            .copied()
    }

    /// The seat (chief town) of a region: the populated place coded PPLA (or PPLC)
    /// in it, the most populous if several; failing that the largest populated place.
    /// `("ML", "04")` -> Mopti, `("BF", "12")` -> Dori.
    pub fn admin1_seat(&self, country: &str, admin1: &str) -> Option<PlaceId> {
        self.seats.get(&admin_key(country, admin1, None)).copied()
    }

    /// The seat of a second-level division (PPLA2, else PPLA/PPLC, else the largest
    /// populated place in it).
    pub fn admin2_seat(&self, country: &str, admin1: &str, admin2: &str) -> Option<PlaceId> {
        self.seats
            .get(&admin_key(country, admin1, Some(admin2)))
            .copied()
    }

    /// The country feature (PCLI) of an ISO alpha-2 code, when the dump has it.
    pub fn country_feature(&self, iso2: &str) -> Option<PlaceId> {
        if !iso2.bytes().any(|b| b.is_ascii_lowercase()) {
            // Already uppercase, as the country table writes it: no copy.
            return self.country_features.get(iso2).copied();
        }
        self.country_features
            .get(&iso2.to_ascii_uppercase())
            .copied()
    }

    /// The country of a place, from the static table.
    pub fn country_of(&self, place: &Place) -> Option<&'static Country> {
        countries::country(&place.country)
    }

    /// The nearest place to `(lat, lon)` whose feature class is in `classes`
    /// (e.g. `b"P"`), with its distance in km. Linear scan: for occasional use
    /// (falling back from an unknown locality to the nearest named one).
    pub fn nearest(&self, lat: f64, lon: f64, classes: &[u8]) -> Option<(PlaceId, f64)> {
        let mut best: Option<(PlaceId, f64)> = None;
        // Classes and coordinates are read without decoding the records.
        for i in 0..self.places.len() {
            if !classes.is_empty() && !classes.contains(&self.places.feature_class(i)) {
                continue;
            }
            let d = crate::haversine_km((lat, lon), self.places.coords(i));
            if let Some((_, bd)) = best {
                if d >= bd {
                    continue;
                }
            }
            best = Some((PlaceId(i as u32), d));
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefix filter knows every prefix and few keys that are none.
    #[test]
    fn prefix_filter_has_no_false_negatives() {
        let keys: Vec<String> = (0..2000)
            .map(|i| format!("tin{i} n'gourma{} ag {i}", i % 7))
            .chain(["fada n'gourma".to_string(), "boni".to_string()])
            .collect();
        let filter = PrefixFilter::new(|f| keys.iter().for_each(|k| f(k)));
        for k in &keys {
            for (p, c) in k.char_indices() {
                if c == ' ' || c == '\'' {
                    assert!(filter.may_contain(&k[..p]), "{:?}", &k[..p]);
                }
            }
        }
        assert!(filter.may_contain("fada") && filter.may_contain("fada n"));
        let wrong = (0..2000)
            .filter(|i| filter.may_contain(&format!("ouaga{i}")))
            .count();
        assert!(wrong < 100, "{wrong} false positives in 2000");
    }
}
