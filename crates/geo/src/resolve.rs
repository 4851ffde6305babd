//! Disambiguation: choosing one gazetteer place for each place mention.
//!
//! Deterministic and cheap (about mentions × candidates × a few anchors). For
//! each ambiguous mention the candidates are ordered by, best first:
//!
//! 1. agreement with the article's admin mentions ("cercle de Bankass",
//!    "région de Mopti", "province du Soum");
//! 2. the article's country context: the countries it names and the countries of
//!    its unambiguous places vote, the most voted one is the main country;
//! 3. distance to the article's unambiguous places (in bands, so that a
//!    slightly closer hamlet does not beat a town);
//! 4. the static prior: populated places first, then seats (PPLC, PPLA, ...),
//!    population, geonameid.

use crate::{Gazetteer, Place, PlaceLevel, PlaceMention};
use std::cmp::Reverse;

/// The static prior of a place, smaller is better: feature class (P, then A,
/// then natural features), feature code (capital and seats first), population
/// (larger first), geonameid.
pub(crate) type StaticRank = (u8, u8, Reverse<u64>, u32);

/// See [`StaticRank`].
pub(crate) fn static_rank(p: &Place) -> StaticRank {
    let class = match p.feature_class {
        b'P' => 0,
        b'A' => 1,
        _ => 2,
    };
    let code = match p.feature_code.as_str() {
        "PPLC" | "ADM1" | "PCLI" => 0,
        "PPLA" | "ADM2" => 1,
        "PPLA2" | "ADM3" => 2,
        "PPLA3" | "ADM4" => 3,
        "PPLA4" => 4,
        "PPL" => 5,
        _ => 6,
    };
    (class, code, Reverse(p.population), p.geonameid)
}

/// How much a place is likely to be the one a news report means, whatever the
/// article: capitals and seats first, then larger places. A capital of a million
/// people outweighs a same-named hamlet near the article's other places.
fn importance(p: &Place) -> f64 {
    let seat = match p.feature_code.as_str() {
        "PPLC" => 2.5,
        "PPLA" => 1.5,
        "PPLA2" => 1.0,
        "PPLA3" => 0.5,
        _ => 0.0,
    };
    let class = if p.feature_class == b'P' { 0.5 } else { 0.0 };
    // Towns count by size; among hamlets size only breaks ties.
    let size = log10_population(p.population);
    seat + class + 0.5 * (size - 3.0).max(0.0) + 0.01 * size
}

/// `(population as f64).max(1.0).log10()`, without the call for the many
/// places of population 0 or 1 (most hamlets in GeoNames): `log10(1.0)` is
/// exactly 0.
#[inline]
fn log10_population(population: u64) -> f64 {
    if population <= 1 {
        0.0
    } else {
        (population as f64).log10()
    }
}

/// How much more likely (in [`importance`] plus country agreement) the best
/// candidate of an ambiguous name must be than every other for the name to
/// anchor distances: a capital or a seat among hamlets, not a village among villages.
const DOMINANT_MARGIN: f64 = 1.5;

/// At most this many places anchor the distance criterion.
const MAX_ANCHORS: usize = 24;

/// Distance band to the nearest anchor: 0 within 50 km, ... 4 beyond 800 km.
fn distance_band(km: f64) -> u8 {
    match km {
        d if d <= 50.0 => 0,
        d if d <= 150.0 => 1,
        d if d <= 400.0 => 2,
        d if d <= 800.0 => 3,
        _ => 4,
    }
}

/// The score of a candidate for the [`distance_band`] of its nearest anchor
/// (`None`: no anchor).
fn near_score(band: Option<u8>) -> f64 {
    match band {
        None => 0.0,
        Some(0) => 2.0,
        // Two places on one road or in one district are often 50 to 150 km
        // apart: still more telling than one vote in the country count.
        Some(1) => 1.5,
        Some(2) => 0.5,
        _ => 0.0,
    }
}

/// Latitude difference in radians beyond which two points are surely more than
/// 400 km apart (the last band that scores, see [`near_score`]): the
/// great-circle distance is at least the radius times the latitude
/// difference; the margin covers the rounding of [`Point::distance_km`].
const FAR_LAT: f64 = 400.0 / crate::EARTH_RADIUS_KM * (1.0 + 1e-6);

/// What [`near_score`] needs of the distance from `p` to the nearest of the
/// anchors other than mention `i` (`p` in degrees): its [`distance_band`], `None` when there is
/// none. Bands 3 and 4 score like no anchor, so an anchor further than
/// [`FAR_LAT`] in latitude alone is skipped, and the search stops in band 0:
/// the same score as the minimum over all anchors, with fewer sines.
fn anchors_band(anchors: &[Anchor], i: usize, p: (f64, f64)) -> Option<u8> {
    // The point (and its cosine) only once an anchor is near enough to ask.
    let lat = p.0.to_radians();
    let lon = p.1.to_radians();
    let mut here: Option<Point> = None;
    let mut nearest = f64::INFINITY;
    for Anchor {
        mention: j,
        at,
        lon_scale,
    } in anchors
    {
        if *j == i || (lat - at.lat).abs() > FAR_LAT {
            continue;
        }
        // Far in longitude alone (see `Anchor::lon_scale`): x is half the
        // longitude difference, at most a quarter turn, where sin x >= x - x³/6.
        let dlon = (lon - at.lon).abs();
        let x = dlon.min(2.0 * std::f64::consts::PI - dlon) / 2.0;
        if lon_scale * (x - x * x * x / 6.0) > FAR_KM {
            continue;
        }
        let here = here.get_or_insert_with(|| Point::new(p.0, p.1));
        nearest = nearest.min(at.distance_km(here));
        if nearest <= 50.0 {
            break;
        }
    }
    if nearest <= 400.0 {
        Some(distance_band(nearest))
    } else {
        // Bands 3 and 4 (or no anchor): scored alike.
        None
    }
}

/// A distance surely beyond the last band that scores (400 km, see
/// [`near_score`]), with a margin for the rounding of the bound and of
/// [`Point::distance_km`].
const FAR_KM: f64 = 400.0 * (1.0 + 1e-6);

/// A place that anchors the distance criterion, from mention `mention`.
#[derive(Clone, Copy)]
struct Anchor {
    mention: usize,
    at: Point,
    /// `2 R sqrt(cos φa · cos φ)` for the anchor's latitude φa and the
    /// largest latitude φ within [`FAR_LAT`] of it (the least cosine): the
    /// haversine term `cos φa cos φc sin²(Δλ/2)` alone makes the distance to
    /// any point within [`FAR_LAT`] in latitude at least this times
    /// `sin(Δλ/2)` (and `asin y >= y`), so an anchor far in longitude is
    /// skipped without its sines.
    lon_scale: f64,
}

impl Anchor {
    fn new(mention: usize, lat: f64, lon: f64) -> Anchor {
        let at = Point::new(lat, lon);
        let far_lat = (at.lat.abs() + FAR_LAT).min(std::f64::consts::FRAC_PI_2);
        let lon_scale = 2.0 * crate::EARTH_RADIUS_KM * (at.cos_lat * far_lat.cos()).max(0.0).sqrt();
        Anchor {
            mention,
            at,
            lon_scale,
        }
    }
}

/// A point in radians with the cosine of its latitude: the distances from an
/// anchor to every candidate reuse what depends on one point alone.
#[derive(Clone, Copy)]
struct Point {
    lat: f64,
    lon: f64,
    cos_lat: f64,
}

impl Point {
    fn new(lat: f64, lon: f64) -> Point {
        let lat = lat.to_radians();
        Point {
            lat,
            lon: lon.to_radians(),
            cos_lat: lat.cos(),
        }
    }

    /// [`crate::haversine_km`] from this point to `to`, the same operations in the same
    /// order, so the same bits.
    fn distance_km(&self, to: &Point) -> f64 {
        let h = ((to.lat - self.lat) / 2.0).sin().powi(2)
            + self.cos_lat * to.cos_lat * ((to.lon - self.lon) / 2.0).sin().powi(2);
        2.0 * crate::EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
    }
}

/// String equality for the short codes of places ("ML", "04"), without a call
/// to `memcmp` (see [`crate::index::same_bytes`]).
fn same(a: &str, b: &str) -> bool {
    crate::index::same_bytes(a.as_bytes(), b.as_bytes())
}

/// The country all candidates of a mention share, if they share one.
fn single_country<'g>(m: &PlaceMention, gaz: &'g Gazetteer) -> Option<&'g str> {
    let first = gaz.get(*m.candidates.first()?)?;
    m.candidates
        .iter()
        .all(|&id| {
            gaz.get(id)
                .is_some_and(|p| same(&p.country, &first.country))
        })
        .then_some(first.country.as_str())
}

/// Chooses a candidate for each mention, using the article's country context,
/// admin mentions, distance to the article's other places, feature class and
/// population. Candidates are reordered best first; `resolved` is the first one,
/// or `None` when a mention has no candidate.
pub fn resolve(mentions: &mut [PlaceMention], gaz: &Gazetteer) {
    // Drop ids that are not from this gazetteer (never panic on foreign input).
    for m in mentions.iter_mut() {
        m.candidates.retain(|&id| gaz.get(id).is_some());
        m.resolved = None;
    }

    // 1. Country votes: named countries weigh 3, unambiguous places 1.
    // Codes borrowed from the country table and the gazetteer: no copy.
    let mut votes: Vec<(&str, u32, usize)> = Vec::new();
    let mut vote = |iso2, w: u32, at: usize| match votes.iter_mut().find(|v| same(v.0, iso2)) {
        Some(v) => v.1 += w,
        None => votes.push((iso2, w, at)),
    };
    for (i, m) in mentions.iter().enumerate() {
        if m.level == PlaceLevel::Country {
            if let Some(c) = m.country {
                vote(c.iso2, 3, i);
            }
        } else if let Some(c) = single_country(m, gaz) {
            vote(c, 1, i);
        }
    }
    let main = votes
        .iter()
        .max_by_key(|v| (v.1, Reverse(v.2)))
        .map(|v| v.0);
    let country_score = |p: &Place| -> u8 {
        if main.is_some_and(|m| same(m, &p.country)) {
            2
        } else if votes.iter().any(|v| same(v.0, &p.country)) {
            1
        } else {
            0
        }
    };

    // 2. Country and admin mentions: by country, then static prior.
    for m in mentions.iter_mut() {
        if matches!(m.level, PlaceLevel::Admin1 | PlaceLevel::Admin2) {
            m.candidates.sort_by_cached_key(|&id| {
                let p = gaz.place(id);
                (Reverse(country_score(p)), static_rank(p), id)
            });
        }
        m.resolved = m.candidates.first().copied();
    }
    // Admin constraints from the resolved admin mentions: (country, admin1, admin2?).
    let mut admin: Vec<(&str, &str, Option<&str>)> = Vec::new();
    for m in mentions.iter() {
        let Some(p) = m.resolved.map(|id| gaz.place(id)) else {
            continue;
        };
        match m.level {
            PlaceLevel::Admin1 if !p.admin1.is_empty() => admin.push((&p.country, &p.admin1, None)),
            PlaceLevel::Admin2 if !p.admin1.is_empty() && !p.admin2.is_empty() => {
                admin.push((&p.country, &p.admin1, Some(&p.admin2)))
            }
            // A seat town standing for its division ("cercle de Douentza") often
            // lacks the division's code in GeoNames: its region still constrains.
            PlaceLevel::Admin2 if !p.admin1.is_empty() => admin.push((&p.country, &p.admin1, None)),
            _ => {}
        }
    }
    let admin_score = |p: &Place| -> u8 {
        let mut best = 0;
        for (c, a1, a2) in &admin {
            if !same(c, &p.country) || !same(a1, &p.admin1) {
                continue;
            }
            best = best.max(match a2 {
                Some(a2) if same(a2, &p.admin2) => 2,
                _ => 1,
            });
        }
        best
    };

    // 3. Anchors: localities with a single candidate, or one that dwarfs the
    // others (a capital or a city beside same-named hamlets: "Bamako", "Djibo").
    // Second-level divisions named in the article ("province des Balé") anchor
    // by their seat as well.
    let dominant = |m: &PlaceMention| -> Option<crate::PlaceId> {
        let mut best: Option<(f64, crate::PlaceId)> = None;
        let mut second = f64::NEG_INFINITY;
        for &id in &m.candidates {
            let p = gaz.place(id);
            let s = importance(p) + f64::from(country_score(p));
            match best {
                Some((b, _)) if s <= b => second = second.max(s),
                _ => {
                    if let Some((b, _)) = best {
                        second = second.max(b);
                    }
                    best = Some((s, id));
                }
            }
        }
        best.filter(|(b, _)| *b - second >= DOMINANT_MARGIN)
            .map(|(_, id)| id)
    };
    let anchors: Vec<Anchor> = mentions
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let id = match m.level {
                PlaceLevel::Locality if m.candidates.len() == 1 => m.candidates[0],
                PlaceLevel::Locality => dominant(m)?,
                PlaceLevel::Admin2 => m.resolved?,
                _ => return None,
            };
            let p = gaz.place(id);
            Some(Anchor::new(i, p.lat, p.lon))
        })
        .take(MAX_ANCHORS)
        .collect();

    // 4. Localities.
    for (i, m) in mentions.iter_mut().enumerate() {
        if m.level != PlaceLevel::Locality {
            continue;
        }
        if m.candidates.len() > 1 {
            let mut scored: Vec<(f64, u32)> = m
                .candidates
                .iter()
                .map(|&id| {
                    let p = gaz.place(id);
                    let near = near_score(anchors_band(&anchors, i, (p.lat, p.lon)));
                    let score = 3.0 * f64::from(admin_score(p))
                        + f64::from(country_score(p))
                        + near
                        + importance(p);
                    (score, id.0)
                })
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            m.candidates = scored
                .into_iter()
                .map(|(_, id)| crate::PlaceId(id))
                .collect();
        }
        m.resolved = m.candidates.first().copied();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::haversine_km;

    proptest::proptest! {
        /// The population's logarithm without the call for 0 and 1 is the
        /// plain one, bit for bit.
        #[test]
        fn population_logs_are_plain_logs(pop in proptest::prop_oneof![0u64..4, 0u64..u64::MAX]) {
            let plain = (pop as f64).max(1.0).log10();
            proptest::prop_assert_eq!(log10_population(pop).to_bits(), plain.to_bits());
        }

        /// Distances between precomputed points are `haversine_km`'s, bit for bit.
        #[test]
        fn point_distances_are_haversine(
            a in (-90.0f64..90.0, -180.0f64..180.0),
            b in (-90.0f64..90.0, -180.0f64..180.0),
        ) {
            let d = Point::new(a.0, a.1).distance_km(&Point::new(b.0, b.1));
            proptest::prop_assert_eq!(d.to_bits(), haversine_km(a, b).to_bits());
        }

        /// The band search (anchors far in latitude or in longitude skipped,
        /// stop in band 0) scores as the band of the minimum over every other
        /// anchor did.
        #[test]
        fn near_scores_are_those_of_the_nearest_anchor(
            p in (-30.0f64..40.0, -20.0f64..30.0),
            at in proptest::collection::vec((-30.0f64..40.0, -180.0f64..180.0), 0..8),
            near in proptest::collection::vec((-0.5f64..0.5, -0.5f64..0.5), 0..4),
            mid in proptest::collection::vec((-1.0f64..1.0, -6.0f64..6.0), 0..4),
            i in 0usize..16,
        ) {
            // Anchors anywhere, some within a few dozen km of `p` and some a
            // few hundred km away in longitude (around the bands' limits), in
            // turn.
            let mut points: Vec<(f64, f64)> = at;
            for (k, d) in near.iter().enumerate() {
                points.insert((k * 3).min(points.len()), (p.0 + d.0, p.1 + d.1));
            }
            for (k, d) in mid.iter().enumerate() {
                points.insert((k * 2).min(points.len()), (p.0 + d.0, p.1 + d.1));
            }
            let anchors: Vec<Anchor> = points
                .iter()
                .enumerate()
                .map(|(j, &(lat, lon))| Anchor::new(j, lat, lon))
                .collect();
            let here = Point::new(p.0, p.1);
            let nearest = anchors
                .iter()
                .filter(|a| a.mention != i)
                .map(|a| a.at.distance_km(&here))
                .fold(f64::INFINITY, f64::min);
            let plain: f64 = match distance_band(nearest) {
                _ if !nearest.is_finite() => 0.0,
                0 => 2.0,
                1 => 1.5,
                2 => 0.5,
                _ => 0.0,
            };
            let fast = near_score(anchors_band(&anchors, i, p));
            proptest::prop_assert_eq!(fast.to_bits(), plain.to_bits());
        }
    }
}
