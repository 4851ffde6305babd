//! A static table of countries: ISO codes, the English name ACLED uses, and the
//! French and English names the press writes (folded), for recognising country
//! mentions and filling the event's `country`/`iso` fields.
//!
//! Covers every African country plus the foreign countries that Sahel news usually
//! names (France, the United States, Russia, China, Turkey, ...).

use crate::Country;

/// One table row: the country and its folded names (French and English), keyed
/// the way [`crate::index::norm_key`] normalises names (hyphens become spaces).
struct Row {
    country: Country,
    names: &'static [&'static str],
}

macro_rules! c {
    ($iso2:literal, $iso3:literal, $num:literal, $name:literal, [$($n:literal),* $(,)?]) => {
        Row {
            country: Country { iso2: $iso2, iso3: $iso3, numeric: $num, name: $name },
            names: &[$($n),*],
        }
    };
}

/// All countries known to kibaru. Names are folded and hyphen-free.
static TABLE: &[Row] = &[
    // --- Sahel and West Africa first.
    c!(
        "ML",
        "MLI",
        466,
        "Mali",
        ["mali", "republique du mali", "republic of mali"]
    ),
    c!(
        "BF",
        "BFA",
        854,
        "Burkina Faso",
        ["burkina faso", "burkina", "republic of burkina faso"]
    ),
    c!(
        "NE",
        "NER",
        562,
        "Niger",
        [
            "niger",
            "republique du niger",
            "republic of niger",
            "republic of the niger"
        ]
    ),
    c!("MR", "MRT", 478, "Mauritania", ["mauritanie", "mauritania"]),
    c!("SN", "SEN", 686, "Senegal", ["senegal"]),
    c!(
        "CI",
        "CIV",
        384,
        "Ivory Coast",
        ["cote d'ivoire", "ivory coast", "cote divoire"]
    ),
    c!(
        "GN",
        "GIN",
        324,
        "Guinea",
        ["guinee", "guinea", "guinee conakry", "guinea conakry"]
    ),
    c!(
        "GW",
        "GNB",
        624,
        "Guinea-Bissau",
        ["guinee bissau", "guinea bissau"]
    ),
    c!("GH", "GHA", 288, "Ghana", ["ghana"]),
    c!("TG", "TGO", 768, "Togo", ["togo"]),
    c!("BJ", "BEN", 204, "Benin", ["benin"]),
    c!(
        "GM",
        "GMB",
        270,
        "Gambia",
        ["gambie", "gambia", "the gambia"]
    ),
    c!("LR", "LBR", 430, "Liberia", ["liberia"]),
    c!("SL", "SLE", 694, "Sierra Leone", ["sierra leone"]),
    c!(
        "CV",
        "CPV",
        132,
        "Cape Verde",
        ["cap vert", "cape verde", "cabo verde"]
    ),
    c!("NG", "NGA", 566, "Nigeria", ["nigeria"]),
    c!("TD", "TCD", 148, "Chad", ["tchad", "chad"]),
    c!("DZ", "DZA", 12, "Algeria", ["algerie", "algeria"]),
    c!("LY", "LBY", 434, "Libya", ["libye", "libya"]),
    c!("MA", "MAR", 504, "Morocco", ["maroc", "morocco"]),
    c!("TN", "TUN", 788, "Tunisia", ["tunisie", "tunisia"]),
    c!("EG", "EGY", 818, "Egypt", ["egypte", "egypt"]),
    c!(
        "EH",
        "ESH",
        732,
        "Western Sahara",
        ["sahara occidental", "western sahara"]
    ),
    c!("SD", "SDN", 729, "Sudan", ["soudan", "sudan"]),
    c!(
        "SS",
        "SSD",
        728,
        "South Sudan",
        ["soudan du sud", "south sudan"]
    ),
    c!("CM", "CMR", 120, "Cameroon", ["cameroun", "cameroon"]),
    c!(
        "CF",
        "CAF",
        140,
        "Central African Republic",
        [
            "republique centrafricaine",
            "centrafrique",
            "central african republic"
        ]
    ),
    c!(
        "CG",
        "COG",
        178,
        "Republic of Congo",
        [
            "congo",
            "republique du congo",
            "congo brazzaville",
            "republic of congo",
            "republic of the congo"
        ]
    ),
    c!(
        "CD",
        "COD",
        180,
        "Democratic Republic of Congo",
        [
            "republique democratique du congo",
            "rdc",
            "rd congo",
            "congo kinshasa",
            "democratic republic of congo",
            "democratic republic of the congo",
            "drc"
        ]
    ),
    c!("GA", "GAB", 266, "Gabon", ["gabon"]),
    c!(
        "GQ",
        "GNQ",
        226,
        "Equatorial Guinea",
        ["guinee equatoriale", "equatorial guinea"]
    ),
    c!(
        "ST",
        "STP",
        678,
        "Sao Tome and Principe",
        ["sao tome et principe", "sao tome and principe"]
    ),
    c!("AO", "AGO", 24, "Angola", ["angola"]),
    c!("ET", "ETH", 231, "Ethiopia", ["ethiopie", "ethiopia"]),
    c!("ER", "ERI", 232, "Eritrea", ["erythree", "eritrea"]),
    c!("DJ", "DJI", 262, "Djibouti", ["djibouti"]),
    c!("SO", "SOM", 706, "Somalia", ["somalie", "somalia"]),
    c!("KE", "KEN", 404, "Kenya", ["kenya"]),
    c!("UG", "UGA", 800, "Uganda", ["ouganda", "uganda"]),
    c!("RW", "RWA", 646, "Rwanda", ["rwanda"]),
    c!("BI", "BDI", 108, "Burundi", ["burundi"]),
    c!("TZ", "TZA", 834, "Tanzania", ["tanzanie", "tanzania"]),
    c!("MZ", "MOZ", 508, "Mozambique", ["mozambique"]),
    c!("MW", "MWI", 454, "Malawi", ["malawi"]),
    c!("ZM", "ZMB", 894, "Zambia", ["zambie", "zambia"]),
    c!("ZW", "ZWE", 716, "Zimbabwe", ["zimbabwe"]),
    c!("NA", "NAM", 516, "Namibia", ["namibie", "namibia"]),
    c!("BW", "BWA", 72, "Botswana", ["botswana"]),
    c!(
        "ZA",
        "ZAF",
        710,
        "South Africa",
        ["afrique du sud", "south africa"]
    ),
    c!("LS", "LSO", 426, "Lesotho", ["lesotho"]),
    c!("SZ", "SWZ", 748, "eSwatini", ["eswatini", "swaziland"]),
    c!("MG", "MDG", 450, "Madagascar", ["madagascar"]),
    c!("MU", "MUS", 480, "Mauritius", ["ile maurice", "mauritius"]),
    c!("KM", "COM", 174, "Comoros", ["comores", "comoros"]),
    c!("SC", "SYC", 690, "Seychelles", ["seychelles"]),
    c!(
        "RE",
        "REU",
        638,
        "Reunion",
        ["la reunion", "reunion island"]
    ),
    c!("YT", "MYT", 175, "Mayotte", ["mayotte"]),
    // --- Foreign countries usual in Sahel news.
    c!("FR", "FRA", 250, "France", ["france"]),
    c!(
        "US",
        "USA",
        840,
        "United States",
        [
            "etats unis",
            "etats unis d'amerique",
            "united states",
            "united states of america",
            "usa",
            "us",
            "amerique"
        ]
    ),
    c!(
        "RU",
        "RUS",
        643,
        "Russia",
        [
            "russie",
            "russia",
            "federation de russie",
            "russian federation"
        ]
    ),
    c!("CN", "CHN", 156, "China", ["chine", "china"]),
    c!("TR", "TUR", 792, "Turkey", ["turquie", "turkey", "turkiye"]),
    c!(
        "GB",
        "GBR",
        826,
        "United Kingdom",
        [
            "royaume uni",
            "united kingdom",
            "uk",
            "grande bretagne",
            "great britain",
            "britain"
        ]
    ),
    c!("DE", "DEU", 276, "Germany", ["allemagne", "germany"]),
    c!("CA", "CAN", 124, "Canada", ["canada"]),
    c!("UA", "UKR", 804, "Ukraine", ["ukraine"]),
    c!("BY", "BLR", 112, "Belarus", ["bielorussie", "belarus"]),
    c!("BE", "BEL", 56, "Belgium", ["belgique", "belgium"]),
    c!("NL", "NLD", 528, "Netherlands", ["pays bas", "netherlands"]),
    c!("LU", "LUX", 442, "Luxembourg", ["luxembourg"]),
    c!("CH", "CHE", 756, "Switzerland", ["suisse", "switzerland"]),
    c!("IT", "ITA", 380, "Italy", ["italie", "italy"]),
    c!("ES", "ESP", 724, "Spain", ["espagne", "spain"]),
    c!("PT", "PRT", 620, "Portugal", ["portugal"]),
    c!("IE", "IRL", 372, "Ireland", ["irlande", "ireland"]),
    c!("AT", "AUT", 40, "Austria", ["autriche", "austria"]),
    c!("SE", "SWE", 752, "Sweden", ["suede", "sweden"]),
    c!("NO", "NOR", 578, "Norway", ["norvege", "norway"]),
    c!("DK", "DNK", 208, "Denmark", ["danemark", "denmark"]),
    c!("FI", "FIN", 246, "Finland", ["finlande", "finland"]),
    c!("EE", "EST", 233, "Estonia", ["estonie", "estonia"]),
    c!("PL", "POL", 616, "Poland", ["pologne", "poland"]),
    c!(
        "CZ",
        "CZE",
        203,
        "Czech Republic",
        ["republique tcheque", "czech republic", "czechia"]
    ),
    c!("HU", "HUN", 348, "Hungary", ["hongrie", "hungary"]),
    c!("RO", "ROU", 642, "Romania", ["roumanie", "romania"]),
    c!("GR", "GRC", 300, "Greece", ["grece", "greece"]),
    c!(
        "SA",
        "SAU",
        682,
        "Saudi Arabia",
        ["arabie saoudite", "saudi arabia"]
    ),
    c!(
        "AE",
        "ARE",
        784,
        "United Arab Emirates",
        ["emirats arabes unis", "united arab emirates", "uae"]
    ),
    c!("QA", "QAT", 634, "Qatar", ["qatar"]),
    c!("IR", "IRN", 364, "Iran", ["iran"]),
    c!("IQ", "IRQ", 368, "Iraq", ["irak", "iraq"]),
    c!("SY", "SYR", 760, "Syria", ["syrie", "syria"]),
    c!("LB", "LBN", 422, "Lebanon", ["liban", "lebanon"]),
    c!("JO", "JOR", 400, "Jordan", ["jordanie"]),
    c!("IL", "ISR", 376, "Israel", ["israel"]),
    c!("PS", "PSE", 275, "Palestine", ["palestine"]),
    c!("YE", "YEM", 887, "Yemen", ["yemen"]),
    c!("AF", "AFG", 4, "Afghanistan", ["afghanistan"]),
    c!("PK", "PAK", 586, "Pakistan", ["pakistan"]),
    c!("IN", "IND", 356, "India", ["inde", "india"]),
    c!("JP", "JPN", 392, "Japan", ["japon", "japan"]),
    c!(
        "KR",
        "KOR",
        410,
        "South Korea",
        ["coree du sud", "south korea"]
    ),
    c!(
        "KP",
        "PRK",
        408,
        "North Korea",
        ["coree du nord", "north korea"]
    ),
    c!("BR", "BRA", 76, "Brazil", ["bresil", "brazil"]),
    c!("AU", "AUS", 36, "Australia", ["australie", "australia"]),
];

/// A country by ISO alpha-2 code (case-insensitive).
pub fn country(iso2: &str) -> Option<&'static Country> {
    TABLE
        .iter()
        .map(|r| &r.country)
        .find(|c| c.iso2.eq_ignore_ascii_case(iso2))
}

/// A country by ISO alpha-3 code (case-insensitive), e.g. `"MLI"`.
pub fn country_by_iso3(iso3: &str) -> Option<&'static Country> {
    TABLE
        .iter()
        .map(|r| &r.country)
        .find(|c| c.iso3.eq_ignore_ascii_case(iso3))
}

/// A country by ISO numeric code, e.g. `466` for Mali.
pub fn country_by_numeric(numeric: u16) -> Option<&'static Country> {
    TABLE
        .iter()
        .map(|r| &r.country)
        .find(|c| c.numeric == numeric)
}

/// A country by its French or English name, folded (`"cote d'ivoire"`, `"tchad"`,
/// `"etats-unis"`, `"ivory coast"`). Hyphens and repeated spaces are ignored, and
/// the ACLED name itself is always accepted.
pub fn country_by_name(folded_name: &str) -> Option<&'static Country> {
    let mut key = String::new();
    crate::index::norm_key_into(folded_name, &mut key);
    country_by_key(&key)
}

/// Lookup by an already normalised key (see [`crate::index::norm_key_into`]).
///
/// Called for every candidate name of every article, so the table's names (and
/// the folded ACLED names) are sorted once into one list and binary-searched.
pub(crate) fn country_by_key(key: &str) -> Option<&'static Country> {
    country_map().get(key).copied()
}

/// Every key of [`country_by_key`].
pub(crate) fn country_keys() -> impl Iterator<Item = &'static str> {
    country_map().keys().map(String::as_str)
}

type Keys = kibaru_text::hash::FxHashMap<String, &'static Country>;

fn country_map() -> &'static Keys {
    static KEYS: std::sync::OnceLock<Keys> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut v: Vec<(String, &'static Country)> = Vec::new();
        for row in TABLE {
            for name in row.names {
                v.push((name.to_string(), &row.country));
            }
        }
        for row in TABLE {
            let mut k = String::new();
            crate::index::norm_key_into(&kibaru_text::fold(row.country.name), &mut k);
            if !v.iter().any(|(n, _)| *n == k) {
                v.push((k, &row.country));
            }
        }
        // Table order decides between equal names (none today): the first wins.
        let mut map = kibaru_text::hash::FxHashMap::default();
        for (k, c) in v {
            map.entry(k).or_insert(c);
        }
        map
    })
}

/// Every country in the table, in table order (Sahel countries first).
pub fn all_countries() -> impl Iterator<Item = &'static Country> {
    TABLE.iter().map(|r| &r.country)
}

/// Longest number of words in any country name (for span lookups).
pub(crate) const MAX_COUNTRY_WORDS: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_map_agrees_with_a_scan_of_the_table() {
        // The scan country_by_key did before it kept a map.
        let scan = |key: &str| -> Option<&'static Country> {
            if key.is_empty() {
                return None;
            }
            if let Some(r) = TABLE.iter().find(|r| r.names.contains(&key)) {
                return Some(&r.country);
            }
            TABLE.iter().map(|r| &r.country).find(|c| {
                let mut buf = String::new();
                crate::index::norm_key_into(&kibaru_text::fold(c.name), &mut buf);
                buf == key
            })
        };
        let mut keys: Vec<String> = TABLE
            .iter()
            .flat_map(|r| r.names.iter().map(|n| n.to_string()))
            .collect();
        for r in TABLE {
            let mut buf = String::new();
            crate::index::norm_key_into(&kibaru_text::fold(r.country.name), &mut buf);
            keys.push(buf);
        }
        keys.extend(["", "boni", "mopti", "x", "mali mali"].map(String::from));
        for k in &keys {
            assert_eq!(
                country_by_key(k).map(|c| c.iso3),
                scan(k).map(|c| c.iso3),
                "{k:?}"
            );
        }
    }

    fn check(name: &str, iso3: Option<&str>) {
        assert_eq!(
            country_by_name(name).map(|c| c.iso3),
            iso3,
            "country_by_name({name:?})"
        );
    }

    #[test]
    fn names_in_french_and_english() {
        for (name, iso3) in [
            ("mali", Some("MLI")),
            ("burkina faso", Some("BFA")),
            ("burkina", Some("BFA")),
            ("niger", Some("NER")),
            ("nigeria", Some("NGA")),
            ("cote d'ivoire", Some("CIV")),
            ("ivory coast", Some("CIV")),
            ("tchad", Some("TCD")),
            ("etats-unis", Some("USA")),
            ("etats  unis", Some("USA")),
            ("united states", Some("USA")),
            ("guinee-bissau", Some("GNB")),
            ("algerie", Some("DZA")),
            ("republique democratique du congo", Some("COD")),
            ("faso", None),
            ("", None),
            ("mopti", None),
        ] {
            check(name, iso3);
        }
    }

    #[test]
    fn codes_are_consistent() {
        assert_eq!(country("ML").unwrap().numeric, 466);
        assert_eq!(country("bf").unwrap().iso3, "BFA");
        assert_eq!(country("NE").unwrap().numeric, 562);
        assert_eq!(country("CI").unwrap().name, "Ivory Coast");
        assert_eq!(country_by_iso3("ner").unwrap().iso2, "NE");
        assert_eq!(country_by_numeric(854).unwrap().name, "Burkina Faso");
        // No duplicate codes or names.
        let all: Vec<_> = all_countries().collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a.iso2, b.iso2);
                assert_ne!(a.iso3, b.iso3);
                assert_ne!(a.numeric, b.numeric);
            }
        }
        let mut names: Vec<&str> = TABLE.iter().flat_map(|r| r.names.iter().copied()).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "a country name is listed twice");
        for r in TABLE {
            assert_eq!(r.country.iso3.len(), 3);
            for name in r.names {
                let mut k = String::new();
                crate::index::norm_key_into(name, &mut k);
                assert_eq!(&k, name, "table names must be normalised keys");
            }
        }
    }
}
