//! The gazetteer (GeoNames), place recognition in text and disambiguation.
//!
//! - [`Gazetteer`] holds GeoNames places, a folded-name index and the admin
//!   tables; it is loaded from dump files ([`Gazetteer::load_dir`]) or strings
//!   ([`Gazetteer::from_dump_str`]).
//! - [`find_places`] finds place names in an article (with the cue that
//!   introduces them: "village de", "près de", "à 30 km de", "cercle de", ...).
//! - [`resolve`] picks one gazetteer place per mention from the article's
//!   country context, admin mentions and distances.
#![deny(missing_docs)]

use kibaru_text::TextRange;

mod atc;
mod countries;
mod gazetteer;
mod index;
mod indexfile;
mod load;
mod mentions;
mod places;
mod resolve;
mod slab;
mod source;

pub use countries::{all_countries, country, country_by_iso3, country_by_name, country_by_numeric};
pub use gazetteer::{AdminUnit, Gazetteer};
pub use index::norm_key;
pub use indexfile::{is_index_bytes, FORMAT_VERSION, MAGIC};
pub use load::GazetteerBuilder;
pub use mentions::find_places;
pub use resolve::resolve;
pub use source::{default_cache_dir, folder_fingerprint, Loaded, Origin};

/// Index of a place in a [`Gazetteer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
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
    /// A compiled gazetteer file is damaged, truncated or of another version.
    #[error("{path} is not a usable kibaru gazetteer index: {reason}")]
    BadIndex {
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The folder holds no GeoNames dump file.
    #[error("no GeoNames dump file (XX.txt, allCountries.txt) in {0}")]
    NoDumps(String),
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

/// Mean Earth radius in km, for [`haversine_km`].
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// Great-circle distance in km between two `(lat, lon)` points in degrees.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}
