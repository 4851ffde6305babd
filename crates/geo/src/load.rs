//! Loading GeoNames dump files into a [`Gazetteer`].
//!
//! The dumps are 19-column tab-separated files (geonameid, name, asciiname,
//! alternatenames, latitude, longitude, feature class, feature code, country code,
//! cc2, admin1, admin2, admin3, admin4, population, elevation, dem, timezone,
//! modification date). Only populated places (P), administrative divisions (A)
//! and named natural features (L areas, T relief, H water, V vegetation) are kept.
//! `admin1CodesASCII.txt` and `admin2Codes.txt` (code, name, asciiname, geonameid)
//! give the names of the divisions, kept for the loaded countries only.
//!
//! Malformed lines never stop a load: they are counted
//! ([`Gazetteer::skipped_lines`]) and skipped.

use crate::gazetteer::{admin_key, AdminUnit, Gazetteer};
use crate::index::{norm_key_into, variant_key_into, NameIndex};
use crate::resolve::static_rank;
use crate::{GeoError, Place, PlaceId};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

/// Prefixes and suffixes that name the kind of division rather than the division
/// ("Province du Soum", "Douentza Cercle", "Région de Mopti"), normalised.
const ADMIN_PREFIXES: &[&str] = &[
    "province de la ",
    "province de l'",
    "province du ",
    "province des ",
    "province de ",
    "province d'",
    "departement de la ",
    "departement de l'",
    "departement du ",
    "departement des ",
    "departement de ",
    "departement d'",
    "prefecture de la ",
    "prefecture de l'",
    "prefecture du ",
    "prefecture de ",
    "prefecture d'",
    "region de la ",
    "region de l'",
    "region du ",
    "region des ",
    "region de ",
    "region d'",
    "cercle de ",
    "cercle d'",
    "cercle du ",
    "district de ",
    "district du ",
    "district d'",
    "ville de ",
    "commune de ",
    "wilaya de ",
    "wilaya du ",
    "wilaya d'",
];
const ADMIN_SUFFIXES: &[&str] = &[
    " province",
    " cercle",
    " region",
    " department",
    " departement",
    " prefecture",
    " district",
    " commune",
    " wilaya",
];

/// `key` without its leading "province du"/"région de"/... or trailing
/// "cercle"/"province"/... (normalised keys in, normalised key out; unchanged
/// when there is nothing to strip or nothing would be left).
pub(crate) fn strip_admin_words(key: &str) -> String {
    let mut k = key;
    for p in ADMIN_PREFIXES {
        if let Some(rest) = k.strip_prefix(p) {
            if !rest.is_empty() {
                k = rest;
                break;
            }
        }
    }
    for s in ADMIN_SUFFIXES {
        if let Some(rest) = k.strip_suffix(s) {
            if !rest.is_empty() {
                k = rest;
                break;
            }
        }
    }
    k.to_string()
}

/// Whether an alternate name is worth indexing: Latin script only, has a letter,
/// and is not a short all-capitals code (IATA "BKO", "GAQ").
fn keep_alternate(alt: &str) -> bool {
    if alt.is_empty() || alt.len() > 80 {
        return false;
    }
    let short_code = alt.len() <= 4
        && alt
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    !short_code && latin(alt)
}

/// The first part of a two-part hyphenated name ("Ogassagou-Peulh",
/// "Guiwagou-Fittobé": a village and its quarter or community), which the press
/// often writes alone ("Ogassagou"). At least five letters, so "Tin-Essako" gives
/// no "Tin". Indexed as a spelling variant: found only when no name matches
/// exactly, and taken in text only with a place cue.
fn hyphen_head(name: &str) -> Option<&str> {
    let (head, tail) = name.split_once('-')?;
    let word = |w: &str| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic);
    (word(head)
        && !tail.is_empty()
        && !tail.contains(['-', ' '])
        && tail.chars().all(char::is_alphabetic))
    .then_some(head)
}

/// Whether every letter of `s` is Latin (folds to ASCII) and there is at least one.
fn latin(s: &str) -> bool {
    let check = |t: &str| {
        let mut letter = false;
        for c in t.chars() {
            if c.is_ascii_alphabetic() {
                letter = true;
            } else if !c.is_ascii() && c.is_alphabetic() {
                return false;
            }
        }
        letter
    };
    if s.is_ascii() {
        check(s)
    } else {
        check(&kibaru_text::fold(s))
    }
}

/// Builds a [`Gazetteer`] from dump texts added one by one.
#[derive(Default)]
pub struct GazetteerBuilder {
    places: Vec<Place>,
    seen: HashSet<u32>,
    names: NameIndex<PlaceId>,
    variants: NameIndex<PlaceId>,
    /// Normalised names of ADM1/ADM2 features, for the admin-name index.
    admin_feature_keys: Vec<(PlaceId, String)>,
    admin1_texts: Vec<String>,
    admin2_texts: Vec<String>,
    alternate_texts: Vec<String>,
    skipped: usize,
    filtered: usize,
    key: String,
    variant: String,
}

impl GazetteerBuilder {
    /// A builder with nothing loaded.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder::default()
    }

    /// Adds the lines of one GeoNames dump (country file or allCountries).
    /// A place whose geonameid is already loaded is ignored.
    pub fn add_dump(&mut self, text: &str) {
        for line in text.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            self.add_line(line);
        }
    }

    fn add_line(&mut self, line: &str) {
        let mut f: [&str; 19] = [""; 19];
        let mut n = 0;
        for (i, part) in line.split('\t').enumerate() {
            if i < 19 {
                f[i] = part;
            }
            n = i + 1;
        }
        if !(15..=19).contains(&n) {
            self.skipped += 1;
            return;
        }
        let (Ok(geonameid), Ok(lat), Ok(lon)) = (
            f[0].parse::<u32>(),
            f[4].trim().parse::<f64>(),
            f[5].trim().parse::<f64>(),
        ) else {
            self.skipped += 1;
            return;
        };
        if !(-90.0..=90.0).contains(&lat)
            || !(-180.0..=180.0).contains(&lon)
            || f[1].trim().is_empty()
        {
            self.skipped += 1;
            return;
        }
        let class = f[6].as_bytes().first().copied().unwrap_or(0);
        if !matches!(class, b'P' | b'A' | b'L' | b'T' | b'H' | b'V') || f[8].len() != 2 {
            self.filtered += 1;
            return;
        }
        if !self.seen.insert(geonameid) {
            self.filtered += 1;
            return;
        }
        let id = PlaceId(self.places.len() as u32);
        let place = Place {
            geonameid,
            name: f[1].trim().to_string(),
            lat,
            lon,
            feature_class: class,
            feature_code: f[7].to_string(),
            country: f[8].to_ascii_uppercase(),
            admin1: f[10].to_string(),
            admin2: f[11].to_string(),
            population: f[14].trim().parse().unwrap_or(0),
        };
        let is_admin = class == b'A' && matches!(f[7], "ADM1" | "ADM2");
        let mut key = std::mem::take(&mut self.key);
        let names = [f[1], f[2]]
            .into_iter()
            .filter(|s| latin(s))
            .chain(f[3].split(',').filter(|a| keep_alternate(a)));
        for name in names {
            norm_key_into(name, &mut key);
            if key.len() < 2 {
                continue;
            }
            self.names.insert(&key, id);
            variant_key_into(&key, &mut self.variant);
            if self.variant != key {
                self.variants.insert(&self.variant, id);
            }
            if let Some(head) = hyphen_head(name) {
                norm_key_into(head, &mut self.variant);
                let head_key = std::mem::take(&mut self.variant);
                variant_key_into(&head_key, &mut self.variant);
                self.variants.insert(&self.variant, id);
            }
            if is_admin {
                self.admin_feature_keys.push((id, key.clone()));
            }
        }
        self.key = key;
        self.places.push(place);
    }

    /// Adds the text of `admin1CodesASCII.txt` (`ML.04<TAB>Mopti<TAB>Mopti<TAB>2453347`).
    pub fn add_admin1_codes(&mut self, text: &str) {
        self.admin1_texts.push(text.to_string());
    }

    /// Adds the text of `admin2Codes.txt` (`ML.04.7670549<TAB>Douentza Cercle<TAB>...`).
    pub fn add_admin2_codes(&mut self, text: &str) {
        self.admin2_texts.push(text.to_string());
    }

    /// Adds the text of `alternateNamesV2.txt` (alternateNameId, geonameid,
    /// isolanguage, alternate name, isPreferredName, isShortName, isColloquial,
    /// isHistoric, from, to). Names of loaded places are indexed like the
    /// dump's alternate names (Latin script, no short codes); links, postal
    /// codes, airport codes and historic names are left out. Takes effect in
    /// [`GazetteerBuilder::build`], so it may come before or after the dumps.
    pub fn add_alternate_names(&mut self, text: &str) {
        self.alternate_texts.push(text.to_string());
    }

    /// Number of malformed lines seen so far.
    pub fn skipped_lines(&self) -> usize {
        self.skipped
    }

    /// Finishes the gazetteer: admin tables, seats and sorted indexes.
    pub fn build(self) -> Gazetteer {
        let GazetteerBuilder {
            places,
            mut names,
            mut variants,
            admin_feature_keys,
            admin1_texts,
            admin2_texts,
            alternate_texts,
            mut skipped,
            filtered,
            ..
        } = self;
        if !alternate_texts.is_empty() {
            let by_geonameid: HashMap<u32, PlaceId> = places
                .iter()
                .enumerate()
                .map(|(i, p)| (p.geonameid, PlaceId(i as u32)))
                .collect();
            let (mut key, mut variant) = (String::new(), String::new());
            for text in &alternate_texts {
                for line in text.split('\n') {
                    let line = line.strip_suffix('\r').unwrap_or(line);
                    if line.trim().is_empty() {
                        continue;
                    }
                    let cols: Vec<&str> = line.split('\t').collect();
                    if cols.len() < 4 {
                        skipped += 1;
                        continue;
                    }
                    let Some(&id) = cols[1].parse().ok().and_then(|g| by_geonameid.get(&g)) else {
                        continue;
                    };
                    let historic = cols.get(7) == Some(&"1");
                    let code_lang = matches!(
                        cols[2],
                        "link"
                            | "post"
                            | "iata"
                            | "icao"
                            | "faac"
                            | "fr_1793"
                            | "abbr"
                            | "wkdt"
                            | "tcid"
                            | "unlc"
                    );
                    if historic || code_lang || !keep_alternate(cols[3]) {
                        continue;
                    }
                    norm_key_into(cols[3], &mut key);
                    if key.len() < 2 {
                        continue;
                    }
                    names.insert(&key, id);
                    variant_key_into(&key, &mut variant);
                    if variant != key {
                        variants.insert(&variant, id);
                    }
                    if let Some(head) = hyphen_head(cols[3]) {
                        norm_key_into(head, &mut key);
                        variant_key_into(&key, &mut variant);
                        variants.insert(&variant, id);
                    }
                }
            }
        }
        let mut loaded: Vec<String> = places
            .iter()
            .map(|p| p.country.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        loaded.sort();

        // Admin code tables, for the loaded countries only.
        let mut admin_code_names = HashMap::new();
        let mut units: Vec<AdminUnit> = Vec::new();
        let mut unit_of: HashMap<String, u32> = HashMap::new();
        for (level, texts) in [(1u8, &admin1_texts), (2u8, &admin2_texts)] {
            for text in texts.iter() {
                for line in text.split('\n') {
                    let line = line.strip_suffix('\r').unwrap_or(line);
                    if line.trim().is_empty() || line.starts_with('#') {
                        continue;
                    }
                    let mut cols = line.split('\t');
                    let (Some(code), Some(name)) = (cols.next(), cols.next()) else {
                        skipped += 1;
                        continue;
                    };
                    let parts: Vec<&str> = code.split('.').collect();
                    if parts.len() != level as usize + 1
                        || parts.iter().any(|p| p.is_empty())
                        || name.trim().is_empty()
                    {
                        skipped += 1;
                        continue;
                    }
                    if loaded
                        .binary_search_by(|c| c.as_str().cmp(parts[0]))
                        .is_err()
                    {
                        continue;
                    }
                    let unit = AdminUnit {
                        level,
                        country: parts[0].to_string(),
                        admin1: parts[1].to_string(),
                        admin2: parts.get(2).unwrap_or(&"").to_string(),
                        name: name.trim().to_string(),
                    };
                    admin_code_names.insert(code.to_string(), unit.name.clone());
                    unit_of.entry(code.to_string()).or_insert_with(|| {
                        units.push(unit);
                        units.len() as u32 - 1
                    });
                }
            }
        }

        // ADM1/ADM2 features, PCLI features, and units known only from features.
        let mut admin_features = HashMap::new();
        let mut country_features = HashMap::new();
        for (i, p) in places.iter().enumerate() {
            let id = PlaceId(i as u32);
            match (p.feature_class, p.feature_code.as_str()) {
                (b'A', "ADM1") if !p.admin1.is_empty() => {
                    let k = admin_key(&p.country, &p.admin1, None);
                    keep_best(&mut admin_features, k, id, &places);
                }
                (b'A', "ADM2") if !p.admin1.is_empty() && !p.admin2.is_empty() => {
                    let k = admin_key(&p.country, &p.admin1, Some(&p.admin2));
                    keep_best(&mut admin_features, k, id, &places);
                }
                (b'A', "PCLI") => {
                    keep_best(&mut country_features, p.country.clone(), id, &places);
                }
                _ => {}
            }
        }
        let mut feature_unit: HashMap<u32, u32> = HashMap::new();
        for (code, &id) in sorted(&admin_features) {
            let p = &places[id.0 as usize];
            let level = if p.feature_code == "ADM1" { 1 } else { 2 };
            let u = *unit_of.entry(code.clone()).or_insert_with(|| {
                units.push(AdminUnit {
                    level,
                    country: p.country.clone(),
                    admin1: p.admin1.clone(),
                    admin2: if level == 2 {
                        p.admin2.clone()
                    } else {
                        String::new()
                    },
                    name: p.name.clone(),
                });
                units.len() as u32 - 1
            });
            feature_unit.insert(id.0, u);
        }

        // Admin-name index: code-file names and feature names, stripped of
        // "Province du", "Cercle", ...
        let mut unit_names = NameIndex::default();
        let mut key = String::new();
        for (u, unit) in units.iter().enumerate() {
            norm_key_into(&unit.name, &mut key);
            unit_names.insert(&key, PlaceId(u as u32));
            unit_names.insert(&strip_admin_words(&key), PlaceId(u as u32));
        }
        for (id, key) in &admin_feature_keys {
            if let Some(&u) = feature_unit.get(&id.0) {
                unit_names.insert(key, PlaceId(u));
                unit_names.insert(&strip_admin_words(key), PlaceId(u));
            }
        }
        unit_names.finish(|u| {
            let unit = &units[u.0 as usize];
            (
                unit.level,
                unit.country.clone(),
                unit.admin1.clone(),
                unit.admin2.clone(),
            )
        });

        // Seats: best populated place per admin1 and per admin2.
        let mut seats: HashMap<String, (PlaceId, (u8, u64))> = HashMap::new();
        for (i, p) in places.iter().enumerate() {
            if p.feature_class != b'P' || p.admin1.is_empty() {
                continue;
            }
            let id = PlaceId(i as u32);
            let r1 = match p.feature_code.as_str() {
                "PPLA" | "PPLC" => 4,
                "PPLA2" => 2,
                "PPLA3" => 1,
                _ => 0,
            };
            let r2 = match p.feature_code.as_str() {
                "PPLA2" => 4,
                "PPLA" | "PPLC" => 3,
                "PPLA3" => 1,
                _ => 0,
            };
            offer_seat(
                &mut seats,
                admin_key(&p.country, &p.admin1, None),
                id,
                (r1, p.population),
                &places,
            );
            if !p.admin2.is_empty() {
                offer_seat(
                    &mut seats,
                    admin_key(&p.country, &p.admin1, Some(&p.admin2)),
                    id,
                    (r2, p.population),
                    &places,
                );
            }
        }
        let seats = seats.into_iter().map(|(k, (id, _))| (k, id)).collect();

        let ranks: Vec<_> = places.iter().map(static_rank).collect();
        names.finish(|id| ranks[id.0 as usize]);
        variants.finish(|id| ranks[id.0 as usize]);

        Gazetteer {
            places: crate::places::Places::Built(places),
            names,
            variants,
            units,
            unit_names,
            admin_code_names,
            admin_features,
            seats,
            country_features,
            loaded_countries: loaded,
            skipped,
            filtered,
            prefixes: Default::default(),
        }
    }
}

/// Map entries in key order (deterministic iteration).
fn sorted<V>(m: &HashMap<String, V>) -> Vec<(&String, &V)> {
    let mut v: Vec<_> = m.iter().collect();
    v.sort_by(|a, b| a.0.cmp(b.0));
    v
}

/// Keeps, per key, the feature with the lowest geonameid (deterministic when a
/// dump has two features for one code).
fn keep_best(m: &mut HashMap<String, PlaceId>, k: String, id: PlaceId, places: &[Place]) {
    let e = m.entry(k).or_insert(id);
    if places[id.0 as usize].geonameid < places[e.0 as usize].geonameid {
        *e = id;
    }
}

fn offer_seat(
    seats: &mut HashMap<String, (PlaceId, (u8, u64))>,
    k: String,
    id: PlaceId,
    rank: (u8, u64),
    places: &[Place],
) {
    let e = seats.entry(k).or_insert((id, rank));
    let better = rank > e.1
        || (rank == e.1 && places[id.0 as usize].geonameid < places[e.0 .0 as usize].geonameid);
    if better {
        *e = (id, rank);
    }
}

/// Whether a file name is a GeoNames dump: `XX.txt` (two uppercase letters) or
/// `allCountries.txt`.
pub(crate) fn is_dump_name(name: &str) -> bool {
    if name == "allCountries.txt" {
        return true;
    }
    let b = name.as_bytes();
    b.len() == 6 && b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase() && &b[2..] == b".txt"
}

fn read_text(path: &Path) -> Result<String, GeoError> {
    let bytes = std::fs::read(path).map_err(|source| GeoError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

impl Gazetteer {
    /// Loads GeoNames dump files from a folder: every `XX.txt` and/or
    /// `allCountries.txt`, plus `admin1CodesASCII.txt`, `admin2Codes.txt` and `alternateNamesV2.txt` when
    /// present. Files are read in name order; a geonameid seen twice is kept once.
    pub fn load_dir(dir: &Path) -> Result<Gazetteer, GeoError> {
        let entries = std::fs::read_dir(dir).map_err(|source| GeoError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let mut dumps: Vec<String> = Vec::new();
        for e in entries {
            let e = e.map_err(|source| GeoError::Io {
                path: dir.display().to_string(),
                source,
            })?;
            if let Some(name) = e.file_name().to_str() {
                if is_dump_name(name) {
                    dumps.push(name.to_string());
                }
            }
        }
        if dumps.is_empty() {
            return Err(GeoError::NoDumps(dir.display().to_string()));
        }
        dumps.sort();
        // Read and parse files in parallel; index in name order.
        let texts: Vec<Result<String, GeoError>> = std::thread::scope(|s| {
            let handles: Vec<_> = dumps
                .iter()
                .map(|name| s.spawn(move || read_text(&dir.join(name))))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(GeoError::NoDumps(String::new())))
                })
                .collect()
        });
        let mut b = GazetteerBuilder::new();
        for text in texts {
            b.add_dump(&text?);
        }
        for (n, file) in crate::source::SIDE_FILES.iter().enumerate() {
            let path = dir.join(file);
            if path.is_file() {
                let text = read_text(&path)?;
                match n {
                    0 => b.add_admin1_codes(&text),
                    1 => b.add_admin2_codes(&text),
                    _ => b.add_alternate_names(&text),
                }
            }
        }
        Ok(b.build())
    }

    /// A gazetteer from in-memory texts: one dump (any number of lines in the
    /// 19-column format) and the admin1/admin2 code files (may be empty).
    pub fn from_dump_str(dump: &str, admin1_codes: &str, admin2_codes: &str) -> Gazetteer {
        let mut b = GazetteerBuilder::new();
        b.add_dump(dump);
        b.add_admin1_codes(admin1_codes);
        b.add_admin2_codes(admin2_codes);
        b.build()
    }

    /// A gazetteer from readers: dump files, then optional admin1 and admin2 code
    /// files. Invalid UTF-8 is replaced, never fatal.
    pub fn from_readers<R: Read>(
        dumps: impl IntoIterator<Item = R>,
        admin1_codes: Option<R>,
        admin2_codes: Option<R>,
    ) -> Result<Gazetteer, GeoError> {
        fn read_all<R: Read>(mut r: R) -> Result<String, GeoError> {
            let mut bytes = Vec::new();
            r.read_to_end(&mut bytes).map_err(|source| GeoError::Io {
                path: "<reader>".to_string(),
                source,
            })?;
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
        let mut b = GazetteerBuilder::new();
        for r in dumps {
            b.add_dump(&read_all(r)?);
        }
        if let Some(r) = admin1_codes {
            b.add_admin1_codes(&read_all(r)?);
        }
        if let Some(r) = admin2_codes {
            b.add_admin2_codes(&read_all(r)?);
        }
        Ok(b.build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternate_names_file_adds_names_of_loaded_places() {
        let dump = "1\tSerma\tSerma\t\t14.86\t-2.264\tP\tPPL\tML\t\t04\t\t\t\t0\t\t300\tAfrica/Bamako\t2024-01-01\n";
        let alternates = "\
10\t1\tfr\tSerma-Village\t\t\t\t
11\t1\tlink\thttps://example.org/Serma\t\t\t\t
12\t1\t\tVieux Serma\t\t\t\t1
13\t99\tfr\tElsewhere\t\t\t\t
14\t1\tar\tسرما\t\t\t\t
bad line
";
        let mut b = GazetteerBuilder::new();
        b.add_alternate_names(alternates);
        b.add_dump(dump);
        let g = b.build();
        assert_eq!(g.lookup("serma village"), &[PlaceId(0)]);
        assert!(
            g.lookup("vieux serma").is_empty(),
            "historic names are left out"
        );
        assert!(g.lookup("elsewhere").is_empty());
        assert!(g.lookup("https example org serma").is_empty());
        assert_eq!(g.skipped_lines(), 1);
    }
}
