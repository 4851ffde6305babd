//! Place recognition and disambiguation on a small hand-written gazetteer.

use kibaru_geo::{
    find_places, haversine_km, resolve, Gazetteer, PlaceCue, PlaceLevel, PlaceMention,
};
use kibaru_text::Folded;
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
    let ascii = kibaru_text::fold(name);
    format!("{id}\t{name}\t{ascii}\t{alts}\t{lat}\t{lon}\t{class}\t{code}\t{cc}\t\t{a1}\t{a2}\t\t\t{pop}\t\t300\tAfrica/Bamako\t2024-01-01\n")
}

// Ids used in assertions.
const BONI_ML: u32 = 2459917;
const BONI_BF: u32 = 2362204;
const SERMA_MOPTI: u32 = 9_000_001;
const SERMA_SEGOU: u32 = 9_000_002;
const MOPTI: u32 = 2453348;
const DJIBO: u32 = 2361177;
const DOUENTZA: u32 = 2458334;
const SEGOU: u32 = 2451478;
const JIBO_GH: u32 = 9_000_020;
const TILLABERI: u32 = 2439376;
const FADA: u32 = 2360886;
const FALADIE_BAMAKO: u32 = 9_000_041;
const TINZAOUATENE: u32 = 9_000_043;

fn gaz() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let rows = [
            // Countries.
            row(2453866, "Republic of Mali", "Mali", 17.0, -4.0, "A", "PCLI", "ML", "00", "", 20_000_000),
            row(2361809, "Burkina Faso", "Burkina", 12.5, -1.67, "A", "PCLI", "BF", "00", "", 20_000_000),
            // Mali, Mopti region.
            row(2453347, "Mopti", "Region de Mopti", 14.5, -3.5, "A", "ADM1", "ML", "04", "", 2_000_000),
            row(MOPTI, "Mopti", "", 14.4843, -4.18296, "P", "PPLA", "ML", "04", "7701484", 108_456),
            row(7701484, "Mopti Cercle", "", 14.4, -4.0, "A", "ADM2", "ML", "04", "7701484", 0),
            row(DOUENTZA, "Douentza", "", 15.00155, -2.94978, "P", "PPLA2", "ML", "04", "7670549", 8054),
            row(7670549, "Douentza Cercle", "", 15.1, -2.5, "A", "ADM2", "ML", "04", "7670549", 0),
            row(BONI_ML, "Boni", "", 15.07658, -2.21976, "P", "PPL", "ML", "04", "7670549", 0),
            row(SERMA_MOPTI, "Serma", "", 14.86, -2.264, "P", "PPL", "ML", "04", "7670549", 0),
            row(2460401, "Bankass", "", 14.0775, -3.51594, "P", "PPLA2", "ML", "04", "7701493", 0),
            row(7701493, "Bankass Cercle", "", 14.0, -3.5, "A", "ADM2", "ML", "04", "7701493", 0),
            row(9_000_010, "Ogossagou", "Ogossagou Peul", 14.27, -3.62, "P", "PPL", "ML", "04", "7701493", 0),
            row(9_000_012, "Bon", "", 14.3, -3.9, "P", "PPL", "ML", "04", "", 0),
            // A village's part named with a hyphen, and a name the press spells otherwise.
            row(9_000_050, "Guiwagou-Fittobé", "", 13.993, -3.563, "P", "PPL", "ML", "04", "7701493", 0),
            row(9_000_051, "Tidarméné", "", 16.6176, 2.4395, "P", "PPL", "ML", "09", "", 0),
            // A cercle seat GeoNames gives no cercle code, as it often does.
            row(9_000_016, "Ténenkou", "Tenenkou", 14.46, -4.92, "P", "PPLA2", "ML", "04", "", 11_000),
            // Mali, elsewhere.
            row(SERMA_SEGOU, "Serma", "", 13.5, -6.0, "P", "PPL", "ML", "05", "", 500),
            row(SEGOU, "Ségou", "Segou", 13.44032, -6.25947, "P", "PPLA", "ML", "05", "7701202", 153_349),
            row(2450643, "Soum", "", 13.7069, -4.9818, "P", "PPL", "ML", "05", "", 0),
            row(9_000_030, "Wagadou", "Foret du Wagadou", 15.3, -7.3, "V", "FRST", "ML", "05", "", 0),
            row(2460596, "Bamako", "Bamakó", 12.65, -8.0, "P", "PPLC", "ML", "01", "", 1_297_281),
            // A hamlet named after the capital, and two Faladié: a village 60 km
            // from Bamako (smaller id) and the capital's neighbourhood.
            row(9_000_042, "Bamako", "", 13.9, -5.5, "P", "PPL", "ML", "05", "", 0),
            row(9_000_040, "Faladié", "", 13.1334, -8.3449, "P", "PPL", "ML", "07", "", 0),
            row(FALADIE_BAMAKO, "Faladié", "", 12.5947, -7.9471, "P", "PPL", "ML", "01", "", 0),
            row(2458623, "Diré", "Dire", 16.25705, -3.40126, "P", "PPLA2", "ML", "08", "7701473", 0),
            row(7701473, "Dire", "", 16.28017, -3.31302, "A", "ADM2", "ML", "08", "7701473", 111_324),
            row(9_000_011, "Bourem Inaly", "Bourem-Inaly", 16.85, -2.7, "P", "PPL", "ML", "08", "", 0),
            row(9_000_013, "Bamba", "", 17.03, -1.4, "P", "PPL", "ML", "09", "", 0),
            row(TINZAOUATENE, "Ti-n-Zaouâtene", "", 19.9543, 2.9673, "P", "PPL", "ML", "08", "", 0),
            // Burkina Faso.
            row(BONI_BF, "Boni", "", 11.56667, -3.4, "P", "PPL", "BF", "09", "", 0),
            row(DJIBO, "Djibo", "", 14.0994, -1.62554, "P", "PPLA2", "BF", "12", "40", 61_462),
            row(2355248, "Province du Soum", "Soum", 14.0, -1.5, "A", "ADM2", "BF", "12", "40", 0),
            row(6930713, "Sahel", "Region du Sahel", 14.0, -0.5, "A", "ADM1", "BF", "12", "", 0),
            row(2361029, "Dori", "", 14.0354, -0.0345, "P", "PPLA", "BF", "12", "", 46_512),
            row(2596769, "Tin-Akoff", "Tin Akof", 14.96549, -0.16335, "P", "PPLA3", "BF", "12", "33", 0),
            row(6930709, "Est", "", 12.0, 1.0, "A", "ADM1", "BF", "08", "", 0),
            row(FADA, "Fada N'Gourma", "Fada Ngourma", 12.06, 0.358, "P", "PPLA", "BF", "08", "", 41_785),
            row(9_000_014, "Mine", "", 12.9, -1.1, "P", "PPL", "BF", "05", "", 0),
            row(9_000_015, "Nord", "", 13.1, -2.1, "P", "PPL", "BF", "10", "", 0),
            // Niger, Ghana.
            row(TILLABERI, "Tillabéri", "Tillaberi", 14.21164, 1.45306, "P", "PPLA", "NE", "09", "", 19_262),
            row(JIBO_GH, "Jibo", "", 7.0, -1.0, "P", "PPL", "GH", "02", "", 0),
            row(9_000_021, "More", "", 7.87, -2.73, "P", "PPL", "GH", "02", "", 0),
        ]
        .concat();
        let admin1 = "ML.04\tMopti\tMopti\t2453347\nML.05\tSégou\tSegou\t2451477\nML.01\tBamako\tBamako\t2460594\n\
                      ML.08\tTombouctou\tTombouctou\t2449066\nBF.12\tSahel\tSahel\t6930713\nBF.08\tEst\tEst\t6930709\n\
                      BF.09\tHauts-Bassins\tHauts-Bassins\t6930710\nNE.09\tTillabéri\tTillaberi\t2595294\n";
        let admin2 = "ML.04.7670549\tDouentza Cercle\tDouentza Cercle\t7670549\n\
                      ML.04.7701493\tBankass Cercle\tBankass Cercle\t7701493\n\
                      ML.04.7701484\tMopti Cercle\tMopti Cercle\t7701484\n\
                      ML.08.7701473\tDire\tDire\t7701473\n\
                      BF.12.40\tProvince du Soum\tProvince du Soum\t2355248\n\
                      BF.12.33\tProvince de l’Oudalan\tProvince de l'Oudalan\t2356982\n";
        Gazetteer::from_dump_str(&rows, admin1, admin2)
    })
}

fn mentions(text: &str) -> Vec<PlaceMention> {
    let folded = Folded::new(text);
    let mut m = find_places(&folded, gaz());
    resolve(&mut m, gaz());
    m
}

/// (original name, cue, level) of each mention.
fn found(text: &str) -> Vec<(String, Option<PlaceCue>, PlaceLevel)> {
    let folded = Folded::new(text);
    find_places(&folded, gaz())
        .iter()
        .map(|m| (folded.original_slice(m.range).to_string(), m.cue, m.level))
        .collect()
}

/// geonameid resolved for the mention whose original text is `name`.
fn resolved(text: &str, name: &str) -> Option<u32> {
    let folded = Folded::new(text);
    let mut m = find_places(&folded, gaz());
    resolve(&mut m, gaz());
    let m = m
        .iter()
        .find(|m| folded.original_slice(m.range) == name)
        .unwrap_or_else(|| panic!("{name} not found in {text:?}"));
    m.resolved.map(|id| gaz().place(id).geonameid)
}

use PlaceCue::*;
use PlaceLevel::{Admin1 as L1, Admin2 as L2, Country as LC, Locality as LL};

/// A text and the mentions expected in it.
type Case<'a> = (&'a str, &'a [(&'a str, Option<PlaceCue>, PlaceLevel)]);

fn check(cases: &[Case<'_>]) {
    for (text, want) in cases {
        let got = found(text);
        let want: Vec<_> = want
            .iter()
            .map(|(n, c, l)| (n.to_string(), *c, *l))
            .collect();
        assert_eq!(got, want, "find_places({text:?})");
    }
}

#[test]
fn settlement_cues() {
    check(&[
        (
            "Des hommes armés ont attaqué le village de Boni.",
            &[("Boni", Some(Settlement), LL)],
        ),
        (
            "Attaque contre le village d’Ogossagou, tôt le matin.",
            &[("Ogossagou", Some(Settlement), LL)],
        ),
        (
            "La localité de Serma a été visée.",
            &[("Serma", Some(Settlement), LL)],
        ),
        (
            "Une embuscade près de la ville de Boni.",
            &[("Boni", Some(Near), LL)],
        ),
        (
            "Dans la commune de Boni, les habitants ont fui.",
            &[("Boni", Some(Settlement), LL)],
        ),
        (
            "Gunmen raided the village of Serma on Sunday.",
            &[("Serma", Some(Settlement), LL)],
        ),
        (
            "Fighting was reported in the town of Douentza.",
            &[("Douentza", Some(Settlement), LL)],
        ),
        (
            "Le marché de Boni a été incendié.",
            &[("Boni", Some(Settlement), LL)],
        ),
    ]);
}

#[test]
fn near_and_distance_cues() {
    check(&[
        (
            "Une embuscade près de Douentza.",
            &[("Douentza", Some(Near), LL)],
        ),
        (
            "Une embuscade non loin de Boni.",
            &[("Boni", Some(Near), LL)],
        ),
        ("Des tirs à proximité de Boni.", &[("Boni", Some(Near), LL)]),
        (
            "Des tirs aux environs de Douentza.",
            &[("Douentza", Some(Near), LL)],
        ),
        (
            "Des combats dans les environs de Boni.",
            &[("Boni", Some(Near), LL)],
        ),
        (
            "An attack near Douentza killed two.",
            &[("Douentza", Some(Near), LL)],
        ),
        (
            "A camp on the outskirts of Boni.",
            &[("Boni", Some(Near), LL)],
        ),
        (
            "Les terroristes se cachent dans la forêt du Wagadou.",
            &[("Wagadou", Some(Near), LL)],
        ),
        (
            "Une attaque à 30 km de Douentza.",
            &[("Douentza", Some(Distance(30)), LL)],
        ),
        (
            "Une attaque à une trentaine de kilomètres de Boni.",
            &[("Boni", Some(Distance(30)), LL)],
        ),
        (
            "Une attaque à 45 km au nord-est de Mopti.",
            &[("Mopti", Some(Distance(45)), LL)],
        ),
        (
            "An IED exploded 12 km from Douentza.",
            &[("Douentza", Some(Distance(12)), LL)],
        ),
        (
            "Clashes 20 kilometres (north) of Boni.",
            &[("Boni", Some(Distance(20)), LL)],
        ),
        (
            "Une attaque au nord de Mopti.",
            &[("Mopti", Some(Near), LL)],
        ),
    ]);
}

#[test]
fn admin_cues() {
    check(&[
        (
            "Dans la région de Mopti, l'insécurité persiste.",
            &[("Mopti", Some(Admin1), L1)],
        ),
        (
            "Attaque dans la région de l'Est.",
            &[("Est", Some(Admin1), L1)],
        ),
        (
            "Dans la province du Soum, la situation est tendue.",
            &[("Soum", Some(Admin2), L2)],
        ),
        (
            "Le cercle de Bankass est touché.",
            &[("Bankass", Some(Admin2), L2)],
        ),
        (
            "Attaque dans le village d'Ogossagou, cercle de Bankass.",
            &[
                ("Ogossagou", Some(Settlement), LL),
                ("Bankass", Some(Admin2), L2),
            ],
        ),
        (
            "In the Mopti region of Mali.",
            &[("Mopti", Some(Admin1), L1), ("Mali", None, LC)],
        ),
        (
            "Clashes in Douentza cercle.",
            &[("Douentza", Some(Admin2), L2)],
        ),
        // A district after a name is a part of a town.
        (
            "A gendarmerie school in the Faladié district of Bamako.",
            &[
                ("Faladié", Some(Settlement), LL),
                ("Bamako", Some(Admin2), L1),
            ],
        ),
    ]);
}

#[test]
fn at_between_road_from_cues() {
    check(&[
        (
            "Des tirs ont été entendus à Boni.",
            &[("Boni", Some(At), LL)],
        ),
        ("Attack in Douentza.", &[("Douentza", Some(At), LL)]),
        (
            "Des affrontements entre Boni et Douentza.",
            &[("Boni", Some(Between), LL), ("Douentza", Some(Between), LL)],
        ),
        (
            "Clashes between Boni and Douentza.",
            &[("Boni", Some(Between), LL), ("Douentza", Some(Between), LL)],
        ),
        (
            "Une mine sur l'axe Boni-Douentza.",
            &[("Boni", Some(Road), LL), ("Douentza", Some(Road), LL)],
        ),
        ("Sur la route de Douentza.", &[("Douentza", Some(Road), LL)]),
        ("Un homme originaire de Boni.", &[("Boni", Some(From), LL)]),
        (
            "Des déplacés venus de Douentza.",
            &[("Douentza", Some(From), LL)],
        ),
        ("Les déplacés de Boni sont arrivés.", &[("Boni", None, LL)]),
        ("People fleeing from Serma.", &[("Serma", Some(From), LL)]),
    ]);
}

#[test]
fn name_shapes() {
    check(&[
        (
            "L'attaque de Tin-Akoff a fait dix morts.",
            &[("Tin-Akoff", Some(At), LL)],
        ),
        (
            "Des tirs à Bourem Inaly.",
            &[("Bourem Inaly", Some(At), LL)],
        ),
        (
            "Le Mali et le Burkina Faso.",
            &[("Mali", None, LC), ("Burkina Faso", None, LC)],
        ),
        (
            "En Côte d’Ivoire et au Niger.",
            &[("Côte d’Ivoire", Some(At), LC), ("Niger", Some(At), LC)],
        ),
        ("Fada N'Gourma est calme.", &[("Fada N'Gourma", None, LL)]),
        ("Boni a été attaqué hier.", &[("Boni", None, LL)]),
        ("BONI", &[]),
        ("", &[]),
    ]);
}

#[test]
fn spellings_one_letter_away_and_hyphenated_parts_need_a_settlement_cue() {
    check(&[
        (
            "Les jihadistes ont pris la localité de Tidermène.",
            &[("Tidermène", Some(Settlement), LL)],
        ),
        ("Tidermène est tombée.", &[]),
        // Not the first letter, not a region.
        ("Les jihadistes ont pris la localité de Sidarméné.", &[]),
        ("Dans la région de Tidermène.", &[]),
        (
            "Les villages de Boni et Guiwagou ont été attaqués.",
            &[
                ("Boni", Some(Settlement), LL),
                ("Guiwagou", Some(Settlement), LL),
            ],
        ),
    ]);
    assert_eq!(
        resolved(
            "Les jihadistes ont pris la localité de Tidermène.",
            "Tidermène"
        ),
        Some(9_000_051)
    );
    assert_eq!(
        resolved("Le village de Guiwagou a été attaqué.", "Guiwagou"),
        Some(9_000_050)
    );
}

#[test]
fn common_words_need_a_cue() {
    check(&[
        ("Dire la vérité est difficile.", &[]),
        ("C'est un Bon début.", &[]),
        ("Des tirs à Diré.", &[("Diré", Some(At), LL)]),
        (
            "Le village de Bon a été attaqué.",
            &[("Bon", Some(Settlement), LL)],
        ),
        ("Une Mine a explosé.", &[]),
        ("Les habitants de Mine ont fui.", &[]),
        ("Dans le Nord du pays, la situation est tendue.", &[]),
        ("Le 12 Mars à Boni.", &[("Boni", Some(At), LL)]),
        ("Le président Boni Yayi est arrivé.", &[]),
        ("M. Boni a déclaré.", &[]),
        ("Les FAMa ont riposté.", &[]),
        ("Amadou Bamba a parlé. Bamba est calme.", &[]),
        ("Des tirs à Bamba.", &[("Bamba", Some(At), LL)]),
        ("Les Wagadou.", &[]),
        ("Serma, soum, dire.", &[("Serma", None, LL)]),
        (
            "Le Faso et le Jama'at sont cités. Douentza's market.",
            &[("Douentza", None, LL)],
        ),
        (
            "In northern Mali and Northern Burkina.",
            &[("Mali", Some(At), LC), ("Burkina", None, LC)],
        ),
        ("As Douentza.", &[("Douentza", None, LL)]),
        ("More than 600 people were shot.", &[]),
        // Operations and plans named after places are not places.
        (
            "Trente terroristes neutralisés lors de l'opération Douentza.",
            &[],
        ),
        (
            "Le plan Boni a été lancé à Mopti.",
            &[("Mopti", Some(At), LL)],
        ),
    ]);
}

#[test]
fn ranges_point_into_folded_text() {
    let text = "Attaque dans le village d’Ogossagou (Mopti).";
    let folded = Folded::new(text);
    let m = find_places(&folded, gaz());
    assert_eq!(m.len(), 2);
    assert_eq!(folded.slice(m[0].range), "ogossagou");
    assert_eq!(folded.slice(m[0].cue_range.unwrap()), "village d'");
    assert_eq!(folded.slice(m[1].range), "mopti");
    assert!(m.windows(2).all(|w| w[0].range.end <= w[1].range.start));
    let m = find_places(
        &Folded::new("Une attaque à 30 km au nord de Douentza."),
        gaz(),
    );
    assert_eq!(
        Folded::new("Une attaque à 30 km au nord de Douentza.").slice(m[0].cue_range.unwrap()),
        "30 km au nord de"
    );
}

#[test]
fn resolve_by_country_context() {
    assert_eq!(
        resolved("Au Mali, des hommes armés ont attaqué Boni.", "Boni"),
        Some(BONI_ML)
    );
    assert_eq!(
        resolved(
            "Au Burkina Faso, des hommes armés ont attaqué Boni.",
            "Boni"
        ),
        Some(BONI_BF)
    );
    assert_eq!(
        resolved("Boni a été attaqué. Le Burkina est endeuillé.", "Boni"),
        Some(BONI_BF)
    );
    // Unambiguous places vote too: Djibo is in Burkina.
    assert_eq!(
        resolved("Après Djibo, des hommes ont attaqué Boni.", "Boni"),
        Some(BONI_BF)
    );
    // Country mentions resolve to the country feature.
    let m = mentions("Le Mali.");
    assert_eq!(m[0].country.map(|c| c.iso3), Some("MLI"));
    assert_eq!(
        m[0].resolved.map(|id| gaz().place(id).geonameid),
        Some(2453866)
    );
    // A country missing from the gazetteer: named, not resolved.
    let m = mentions("La France a réagi.");
    assert_eq!(
        (m[0].level, m[0].country.map(|c| c.iso2), m[0].resolved),
        (LC, Some("FR"), None)
    );
}

#[test]
fn resolve_by_admin_mention_and_distance() {
    // Without context the more populous Serma (Ségou region) wins.
    assert_eq!(
        resolved("Le village de Serma a été attaqué.", "Serma"),
        Some(SERMA_SEGOU)
    );
    // The cercle or region named in the article decides.
    assert_eq!(
        resolved(
            "Dans le cercle de Douentza, le village de Serma a été attaqué.",
            "Serma"
        ),
        Some(SERMA_MOPTI)
    );
    assert_eq!(
        resolved("Le village de Serma, région de Mopti.", "Serma"),
        Some(SERMA_MOPTI)
    );
    // A cercle whose seat lacks the cercle's code still names its region.
    assert_eq!(
        resolved(
            "Le village de Serma, dans le cercle de Ténenkou, a été attaqué.",
            "Serma"
        ),
        Some(SERMA_MOPTI)
    );
    // Distance to the article's other places decides.
    assert_eq!(
        resolved(
            "Après Douentza, les assaillants ont attaqué Serma.",
            "Serma"
        ),
        Some(SERMA_MOPTI)
    );
    assert_eq!(
        resolved("De Ségou, ils sont partis vers Serma.", "Serma"),
        Some(SERMA_SEGOU)
    );
    // A name whose best candidate dwarfs the others (the capital beside a
    // same-named hamlet) anchors distances too.
    assert_eq!(
        resolved(
            "L'école de gendarmerie du quartier de Faladié, à Bamako, a été attaquée.",
            "Faladié"
        ),
        Some(FALADIE_BAMAKO)
    );
    assert_eq!(
        resolved(
            "Attacks targeted a gendarmerie school in the Faladié district of Bamako.",
            "Faladié"
        ),
        Some(FALADIE_BAMAKO)
    );
    assert_eq!(resolved("Des tirs à Bamako.", "Bamako"), Some(2460596));
    // A place on the same road 80 km away outweighs a country named elsewhere.
    assert_eq!(
        resolved(
            "Un convoi est tombé dans une embuscade sur l'axe Boni-Douentza. \
             Le groupe opère aussi au Burkina Faso.",
            "Boni"
        ),
        Some(BONI_ML)
    );
    // Admin mentions resolve to their seats.
    assert_eq!(resolved("Dans la région de Mopti.", "Mopti"), Some(MOPTI));
    assert_eq!(resolved("Dans la province du Soum.", "Soum"), Some(DJIBO));
    assert_eq!(
        resolved("Le cercle de Douentza.", "Douentza"),
        Some(DOUENTZA)
    );
    assert_eq!(resolved("La région de l'Est.", "Est"), Some(FADA));
    // "Soum" alone is the Malian village, not the Burkina province.
    assert_eq!(resolved("Des tirs à Soum.", "Soum"), Some(2450643));
    // Candidates are reordered best first.
    let m = mentions("Dans le cercle de Douentza, à Serma.");
    let serma = m.iter().find(|m| m.level == LL).unwrap();
    assert_eq!(
        serma
            .candidates
            .iter()
            .map(|&id| gaz().place(id).geonameid)
            .collect::<Vec<_>>(),
        [SERMA_MOPTI, SERMA_SEGOU]
    );
}

#[test]
fn spelling_variants() {
    assert_eq!(resolved("Des tirs à Segu.", "Segu"), Some(SEGOU));
    assert_eq!(resolved("Des tirs à Ségou.", "Ségou"), Some(SEGOU));
    assert_eq!(
        resolved("Des tirs à Tilabéri.", "Tilabéri"),
        Some(TILLABERI)
    );
    assert_eq!(resolved("Des tirs à Dyibo.", "Dyibo"), Some(DJIBO));
    assert_eq!(resolved("A raid in Duentza.", "Duentza"), Some(DOUENTZA));
    // Words of a name run together ("Ti-n-Zaouâtene" written "Tinzaouatene").
    assert_eq!(
        resolved("Des combats à Tinzaouatene.", "Tinzaouatene"),
        Some(TINZAOUATENE)
    );
    assert_eq!(
        resolved("Des combats à Tin-Zaouatene.", "Tin-Zaouatene"),
        Some(TINZAOUATENE)
    );
    // An exact name beats a variant.
    assert_eq!(resolved("Des tirs à Jibo.", "Jibo"), Some(JIBO_GH));
    assert_eq!(
        gaz()
            .lookup_fuzzy("Segu")
            .iter()
            .map(|&id| gaz().place(id).geonameid)
            .collect::<Vec<_>>(),
        [SEGOU]
    );
    assert!(gaz().lookup("Segu").is_empty());
}

#[test]
fn gazetteer_admin_tables() {
    let g = gaz();
    let mopti = g.place(g.lookup("mopti")[0]);
    assert_eq!(mopti.geonameid, MOPTI);
    assert_eq!(g.admin1_name(mopti), Some("Mopti"));
    assert_eq!(g.admin2_name(mopti), Some("Mopti Cercle"));
    let djibo = g.place(g.lookup("Djibo")[0]);
    assert_eq!(g.admin2_name(djibo), Some("Province du Soum"));
    assert_eq!(g.admin1_name(djibo), Some("Sahel"));
    assert!(g.len() > 30 && !g.is_empty());
    assert!(Gazetteer::empty().is_empty());
    assert_eq!(
        kibaru_geo::country_by_iso3("BFA").map(|c| c.iso2),
        Some("BF")
    );
    assert_eq!(kibaru_geo::country("ml").map(|c| c.name), Some("Mali"));
}

#[test]
fn empty_gazetteer_still_finds_countries() {
    let folded = Folded::new("Attaque au Mali, à Boni.");
    let mut m = find_places(&folded, &Gazetteer::empty());
    resolve(&mut m, &Gazetteer::empty());
    assert_eq!(m.len(), 1);
    assert_eq!(
        (m[0].level, m[0].country.map(|c| c.iso2), m[0].resolved),
        (LC, Some("ML"), None)
    );
}

#[test]
fn haversine_known_distances() {
    for (a, b, km, tol) in [
        ((12.65, -8.0), (14.4843, -4.18296), 460.2, 1.0), // Bamako - Mopti
        ((48.8566, 2.3522), (51.5074, -0.1278), 343.6, 1.0), // Paris - London
        (
            (0.0, 0.0),
            (0.0, 180.0),
            std::f64::consts::PI * 6371.0,
            0.01,
        ),
        ((14.86, -2.264), (14.86, -2.264), 0.0, 1e-9),
        (
            (90.0, 0.0),
            (-90.0, 0.0),
            std::f64::consts::PI * 6371.0,
            0.01,
        ),
    ] {
        let d = haversine_km(a, b);
        assert!(
            (d - km).abs() <= tol,
            "haversine {a:?} {b:?} = {d}, want {km}"
        );
        assert!((haversine_km(b, a) - d).abs() < 1e-9);
    }
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "Boni",
        "boni",
        "Douentza",
        "village",
        "de",
        "d'",
        "l’",
        "à",
        "au",
        "près",
        "entre",
        "et",
        "axe",
        "-",
        "Tin",
        "Akoff",
        "Tin-Akoff",
        "30",
        "km",
        "nord",
        "région",
        "cercle",
        "Mopti",
        "Serma",
        "Mali",
        "Burkina",
        "Faso",
        "Côte",
        "Ivoire",
        ".",
        ",",
        "(",
        ")",
        "\n",
        "É",
        "Œuvre",
        "ß",
        "'",
        "’",
        " ",
        "Segu",
        "Dire",
        "M.",
        "near",
        "from",
        "of",
        "km",
    ];

    fn check_invariants(text: &str) {
        let folded = Folded::new(text);
        let mut m = find_places(&folded, gaz());
        for w in m.windows(2) {
            assert!(w[0].range.end <= w[1].range.start, "overlap in {text:?}");
        }
        for x in &m {
            assert!(!x.range.is_empty() && x.range.end as usize <= folded.len());
            let _ = folded.slice(x.range);
            if let Some(c) = x.cue_range {
                let _ = folded.slice(c);
                assert!(
                    c.end <= x.range.start
                        || c.start >= x.range.end
                        || matches!(x.cue, Some(PlaceCue::Between | PlaceCue::Road))
                );
            }
        }
        resolve(&mut m, gaz());
        for x in &m {
            assert_eq!(x.resolved, x.candidates.first().copied());
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(text in "\\PC{0,200}") {
            check_invariants(&text);
        }

        #[test]
        fn never_panics_on_place_like_text(words in proptest::collection::vec(proptest::sample::select(WORDS), 0..40)) {
            check_invariants(&words.join(" "));
            check_invariants(&words.concat());
        }
    }
}

#[test]
fn an_admin_unit_after_a_comma_frames_the_place_before_it() {
    let m = mentions("L'attaque du village de Serma, Mopti, a fait trois morts.");
    let levels: Vec<(String, PlaceLevel)> = m
        .iter()
        .map(|x| (x.range.start.to_string(), x.level))
        .collect();
    assert_eq!(m.len(), 2, "{levels:?}");
    assert_eq!(m[0].level, PlaceLevel::Locality);
    assert_eq!(m[1].level, PlaceLevel::Admin1);
}

/// A word an article capitalises again is looked up once (exactly, up to
/// spelling variants, one letter away): each occurrence still finds what the
/// sentence alone finds, with a name that differs in between ("Mopti" and
/// "Bon" exact, "Segu" a variant, "Tidermène" one letter away, and "Mali" a
/// country).
#[test]
fn repeated_names_find_what_each_finds_alone() {
    let sentences = [
        "Les jihadistes ont pris la localité de Tidermène",
        "Des tirs à Segu",
        "Une attaque à Mopti",
        "Le village de Bon",
        "Bon",
        "Des combats au Mali",
        "Des combats à Tin-Zaouatene",
    ];
    let of = |text: &str| -> Vec<(String, Option<PlaceCue>, PlaceLevel, Vec<u32>)> {
        let folded = Folded::new(text);
        find_places(&folded, gaz())
            .iter()
            .map(|m| {
                let ids = m
                    .candidates
                    .iter()
                    .map(|&id| gaz().place(id).geonameid)
                    .collect();
                (
                    folded.original_slice(m.range).to_string(),
                    m.cue,
                    m.level,
                    ids,
                )
            })
            .collect()
    };
    for a in sentences {
        for b in sentences {
            let text = format!("{a}. {b}. {a}. {b}.");
            let alone: Vec<_> = [a, b, a, b]
                .iter()
                .flat_map(|s| of(&format!("{s}.")))
                .collect();
            assert_eq!(of(&text), alone, "{text:?}");
        }
    }
}
