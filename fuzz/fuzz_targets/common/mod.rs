//! Shared by the fuzz targets: a small gazetteer and input helpers.
#![allow(dead_code)]

use arbitrary::{Arbitrary, Unstructured};
use kibaru_geo::Gazetteer;
use std::sync::OnceLock;

/// One GeoNames dump line (19 tab-separated columns).
#[allow(clippy::too_many_arguments)]
fn row(
    id: u32,
    name: &str,
    alts: &str,
    lat: f64,
    lon: f64,
    class: &str,
    code: &str,
    cc: &str,
    a1: &str,
    a2: &str,
    pop: u64,
) -> String {
    format!("{id}\t{name}\t{name}\t{alts}\t{lat}\t{lon}\t{class}\t{code}\t{cc}\t\t{a1}\t{a2}\t\t\t{pop}\t\t300\tAfrica/Bamako\t2024-01-01\n")
}

/// A gazetteer of a few Sahel places, with ambiguous names across countries,
/// accents, multi-word and hyphenated names, admin units and country features.
pub fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let rows = [
            row(1, "Republic of Mali", "Mali", 17.0, -4.0, "A", "PCLI", "ML", "00", "", 20_000_000),
            row(2, "Burkina Faso", "Burkina", 12.5, -1.67, "A", "PCLI", "BF", "00", "", 20_000_000),
            row(3, "Niger", "Republique du Niger", 17.0, 9.0, "A", "PCLI", "NE", "00", "", 20_000_000),
            row(10, "Mopti", "Region de Mopti", 14.5, -3.5, "A", "ADM1", "ML", "04", "", 2_000_000),
            row(11, "Mopti", "", 14.48, -4.18, "P", "PPLA", "ML", "04", "100", 108_456),
            row(100, "Douentza Cercle", "", 15.1, -2.5, "A", "ADM2", "ML", "04", "100", 0),
            row(12, "Douentza", "", 15.0, -2.95, "P", "PPLA2", "ML", "04", "100", 8054),
            row(13, "Boni", "", 15.07, -2.22, "P", "PPL", "ML", "04", "100", 0),
            row(14, "Boni", "", 11.5, -3.2, "P", "PPL", "BF", "47", "", 0),
            row(15, "Sévaré", "Sevare,Sévaré,سيفاري", 14.53, -4.1, "P", "PPL", "ML", "04", "", 40_000),
            row(16, "Ségou", "Segou,ⵙⵉⴳⵓ,ߛߍߜߎ", 13.43, -6.26, "P", "PPLA", "ML", "05", "", 130_000),
            row(17, "Djibo", "Jibo", 14.1, -1.63, "P", "PPLA2", "BF", "49", "", 60_000),
            row(18, "Fada N'Gourma", "Fada N’Gourma,Fada", 12.06, 0.36, "P", "PPLA", "BF", "48", "", 40_000),
            row(19, "Tillabéri", "Tillaberi", 14.21, 1.45, "P", "PPLA", "NE", "06", "", 20_000),
            row(20, "In-Tillit", "In Tillit", 15.8, -0.6, "P", "PPL", "ML", "09", "", 0),
            row(21, "Bon", "", 14.3, -3.9, "P", "PPL", "ML", "04", "", 0),
            row(22, "Ménaka", "Menaka", 15.92, 2.4, "P", "PPLA", "ML", "10", "", 20_000),
            row(23, "Bamako", "", 12.65, -8.0, "P", "PPLC", "ML", "01", "", 2_000_000),
            row(24, "Soum", "Province du Soum", 14.0, -1.5, "A", "ADM2", "BF", "49", "200", 0),
            row(25, "Lac Faguibine", "", 16.75, -3.75, "H", "LK", "ML", "06", "", 0),
        ];
        let admin1 = "ML.04\tMopti\tMopti\t10\nML.05\tSegou\tSegou\t16\nBF.49\tSahel\tSahel\t0\nNE.06\tTillabéri\tTillaberi\t19\n";
        let admin2 = "ML.04.100\tDouentza Cercle\tDouentza Cercle\t100\nBF.49.200\tProvince du Soum\tProvince du Soum\t24\n";
        Gazetteer::from_dump_str(&rows.concat(), admin1, admin2)
    })
}

/// A publication date string: mostly well formed, sometimes anything.
pub fn published(u: &mut Unstructured<'_>) -> arbitrary::Result<Option<String>> {
    Ok(match u.int_in_range(0..=4u8)? {
        0 => None,
        1 => Some(format!(
            "{:04}-{:02}",
            u.int_in_range(0..=9999u16)?,
            u.int_in_range(0..=13u8)?
        )),
        2 => Some(format!(
            "{:04}-{:02}-{:02}",
            u.int_in_range(0..=9999u16)?,
            u.int_in_range(0..=13u8)?,
            u.int_in_range(0..=32u8)?
        )),
        3 => Some(format!("{:04}", u.int_in_range(0..=9999u16)?)),
        _ => Some(String::arbitrary(u)?),
    })
}

/// A language code: fr, en, absent or anything.
pub fn lang(u: &mut Unstructured<'_>) -> arbitrary::Result<Option<String>> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => None,
        1 => Some("fr".into()),
        2 => Some("en".into()),
        _ => Some(String::arbitrary(u)?),
    })
}

/// Checks that a folded range lies on char boundaries of the folded text.
pub fn check_range(text: &str, r: kibaru_text::TextRange, what: &str) {
    assert!(r.start <= r.end, "{what}: inverted range {r:?}");
    assert!(
        (r.end as usize) <= text.len(),
        "{what}: range {r:?} past the end ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start as usize) && text.is_char_boundary(r.end as usize),
        "{what}: range {r:?} not on char boundaries"
    );
}
