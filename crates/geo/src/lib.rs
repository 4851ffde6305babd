//! The gazetteer (GeoNames), place recognition in text and disambiguation.
//!
//! STUB: the API below is the contract the pipeline codes against.
#![deny(missing_docs)]

use kibaru_text::{Folded, TextRange};
use std::path::Path;

/// Index of a place in a [`Gazetteer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlaceId(pub u32);

/// One GeoNames record.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// GeoNames id.
    pub geonameid: u32,
    /// Name as GeoNames writes it.
    pub name: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Feature class (`P` populated place, `A` administrative, `H`, `L`, `T`, `V`, ...).
    pub feature_class: u8,
    /// Feature code (`PPL`, `PPLA`, `ADM1`, ...).
    pub feature_code: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// GeoNames admin1 code.
    pub admin1: String,
    /// GeoNames admin2 code.
    pub admin2: String,
    /// Population (0 when unknown).
    pub population: u64,
}

/// A country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub iso2: &'static str,
    /// ISO 3166-1 alpha-3.
    pub iso3: &'static str,
    /// ISO 3166-1 numeric.
    pub numeric: u16,
    /// English name as ACLED writes it.
    pub name: &'static str,
}

/// Errors loading a gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The folder holds no GeoNames dump file.
    #[error("no GeoNames dump file (XX.txt, allCountries.txt) in {0}")]
    NoDumps(String),
}

/// The gazetteer.
#[derive(Default)]
pub struct Gazetteer {
    places: Vec<Place>,
}

impl Gazetteer {
    /// An empty gazetteer.
    pub fn empty() -> Gazetteer {
        Gazetteer::default()
    }
    /// Loads GeoNames dump files from a folder.
    pub fn load_dir(dir: &Path) -> Result<Gazetteer, GeoError> {
        Err(GeoError::NoDumps(dir.display().to_string()))
    }
    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }
    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
    /// One place.
    pub fn place(&self, id: PlaceId) -> &Place {
        &self.places[id.0 as usize]
    }
    /// The admin1 name of a place ("Mopti"), when known.
    pub fn admin1_name(&self, place: &Place) -> Option<&str> {
        let _ = place;
        None
    }
    /// The admin2 name of a place, when known.
    pub fn admin2_name(&self, place: &Place) -> Option<&str> {
        let _ = place;
        None
    }
}

/// A country by ISO alpha-2 code.
pub fn country(iso2: &str) -> Option<&'static Country> {
    let _ = iso2;
    None
}

/// What introduces a place name in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaceCue {
    /// A settlement noun: "village de", "localité de", "commune de", "ville de", "town of".
    Settlement,
    /// "près de", "non loin de", "à proximité de", "aux environs de", "near", "outside".
    Near,
    /// "à 30 km de": the distance in km.
    Distance(u32),
    /// "cercle de", "département de", "province du", "district of".
    Admin2,
    /// "région de", "region of".
    Admin1,
    /// A bare locative preposition: "à", "au", "dans", "in", "at".
    At,
    /// "entre X et Y", "between X and Y".
    Between,
    /// "axe X-Y", "route de", "road to".
    Road,
    /// "de", "from", "originaire de": origin rather than location.
    From,
}

/// Whether a mention names a country, a region, a second-level division or a locality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaceLevel {
    /// A country ("Mali", "au Burkina").
    Country,
    /// A first-level division.
    Admin1,
    /// A second-level division.
    Admin2,
    /// A populated place or any other named feature.
    Locality,
}

/// A place name found in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceMention {
    /// The name, in folded-text bytes.
    pub range: TextRange,
    /// The cue before it, if any.
    pub cue: Option<PlaceCue>,
    /// The cue's range in folded text.
    pub cue_range: Option<TextRange>,
    /// What level of place it names.
    pub level: PlaceLevel,
    /// ISO alpha-2 of the country it names, for country mentions.
    pub country: Option<&'static Country>,
    /// Gazetteer candidates, best first after [`resolve`].
    pub candidates: Vec<PlaceId>,
    /// The chosen candidate after [`resolve`].
    pub resolved: Option<PlaceId>,
}

/// Finds place mentions in an article.
pub fn find_places(folded: &Folded<'_>, gaz: &Gazetteer) -> Vec<PlaceMention> {
    let _ = (folded, gaz);
    Vec::new()
}

/// Chooses a candidate for each mention, using the article's country context,
/// admin mentions, distance to the article's other places, feature class and population.
pub fn resolve(mentions: &mut [PlaceMention], gaz: &Gazetteer) {
    let _ = (mentions, gaz);
}

/// Great-circle distance in km.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let _ = (a, b);
    0.0
}
