//! Tests of the built-in data and of the matcher.

use super::*;
use kibaru_text::fold;

fn lex() -> &'static Lexicon {
    Lexicon::builtin()
}

fn show(m: &Match) -> String {
    match m.kind {
        MatchKind::Actor(id) => format!("actor:{}", lex().actor(id).key),
        MatchKind::Trigger(c) => format!("trigger:{}", c.name()),
        MatchKind::Cue(c) => format!("cue:{}", c.name()),
    }
}

/// Scans `input` and compares (folded matched text, meaning) pairs.
fn check(input: &str, expected: &[(&str, &str)]) {
    let folded = Folded::new(input);
    let got: Vec<(String, String)> = lex()
        .scan(&folded)
        .iter()
        .map(|m| (folded.slice(m.range).to_string(), show(m)))
        .collect();
    let want: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want, "scan({input:?})");
}

/// Reads numbers from `input` (folded first) and compares (text, value, vague).
fn check_numbers(input: &str, expected: &[(&str, u32, bool)]) {
    let folded = fold(input);
    let got: Vec<(String, u32, bool)> = lex()
        .numbers(&folded)
        .iter()
        .map(|n| (folded[n.range.as_range()].to_string(), n.value, n.vague))
        .collect();
    let want: Vec<(String, u32, bool)> = expected
        .iter()
        .map(|(a, v, g)| (a.to_string(), *v, *g))
        .collect();
    assert_eq!(got, want, "numbers({input:?})");
}

// ---- The data ----

#[test]
fn builtin_data_compiles() {
    // `build` checks unknown actors, parents, classes, inter codes and duplicates.
    if let Err(e) = Lexicon::build() {
        panic!("{e}");
    }
    let s = lex().stats();
    println!("{s:?}");
    assert!(s.actors >= 80, "{s:?}");
    assert!(s.triggers >= 300, "{s:?}");
    assert!(
        s.aliases >= 300 && s.cues >= 200 && s.number_words >= 80,
        "{s:?}"
    );
}

#[test]
fn data_files_are_sorted() {
    let files = [
        ("actors.tsv", data::ACTORS),
        ("aliases.tsv", data::ALIASES),
        ("triggers.tsv", data::TRIGGERS),
        ("cues.tsv", data::CUES),
        ("numbers.tsv", data::NUMBERS),
    ];
    for (name, src) in files {
        let keys: Vec<(usize, String)> = data::rows(src).map(|(l, c)| (l, fold(c[0]))).collect();
        for w in keys.windows(2) {
            assert!(
                w[0].1 < w[1].1,
                "{name}:{}: {:?} should come after {:?} (sorted, no duplicates)",
                w[1].0,
                w[1].1,
                w[0].1
            );
        }
    }
}

#[test]
fn every_folded_phrase_has_one_meaning() {
    let mut seen = std::collections::HashMap::new();
    for (name, src) in [
        ("aliases.tsv", data::ALIASES),
        ("triggers.tsv", data::TRIGGERS),
        ("cues.tsv", data::CUES),
    ] {
        for (line, cols) in data::rows(src) {
            assert_eq!(cols.len(), 2, "{name}:{line}");
            for raw in data::expand(cols[0]).unwrap() {
                let f = data::form(&raw).unwrap();
                if let Some(prev) = seen.insert(f.text.clone(), format!("{name}:{line}")) {
                    panic!("{:?} at {name}:{line} already at {prev}", f.text);
                }
            }
        }
    }
}

/// Leftmost-longest picks "l'armée" over a longer "armée ..." that starts after it, so
/// every elided alias needs the elided form of each longer phrase it begins.
#[test]
fn elided_aliases_cover_their_extensions() {
    let mut forms = std::collections::HashSet::new();
    for (_, cols) in data::rows(data::ALIASES)
        .chain(data::rows(data::TRIGGERS))
        .chain(data::rows(data::CUES))
    {
        for raw in data::expand(cols[0]).unwrap() {
            forms.insert(data::form(&raw).unwrap().text);
        }
    }
    for f in &forms {
        let Some(rest) = f.strip_prefix("l'") else {
            continue;
        };
        for g in &forms {
            if g.starts_with(rest) && g.as_bytes().get(rest.len()) == Some(&b' ') {
                assert!(
                    forms.contains(&format!("l'{g}")),
                    "{f:?} hides {g:?}: add \"l'{g}\""
                );
            }
        }
    }
}

#[test]
fn names_parse_and_round_trip() {
    for &c in TriggerClass::ALL {
        assert_eq!(TriggerClass::from_name(c.name()), Some(c));
    }
    for &c in Cue::ALL {
        assert_eq!(Cue::from_name(c.name()), Some(c));
    }
    assert_eq!(TriggerClass::ALL.len(), 24);
    assert_eq!(Cue::ALL.len(), 15);
    assert_eq!(TriggerClass::from_name("attack"), None);
    for (_, cols) in data::rows(data::TRIGGERS) {
        assert!(TriggerClass::from_name(cols[1]).is_some(), "{cols:?}");
    }
    for (_, cols) in data::rows(data::CUES) {
        assert!(Cue::from_name(cols[1]).is_some(), "{cols:?}");
    }
}

#[test]
fn every_class_and_cue_has_patterns() {
    let classes: std::collections::HashSet<&str> =
        data::rows(data::TRIGGERS).map(|(_, c)| c[1]).collect();
    for c in TriggerClass::ALL {
        assert!(classes.contains(c.name()), "no pattern for {c:?}");
    }
    let cues: std::collections::HashSet<&str> = data::rows(data::CUES).map(|(_, c)| c[1]).collect();
    for c in Cue::ALL {
        assert!(cues.contains(c.name()), "no pattern for {c:?}");
    }
}

#[test]
fn actors_are_well_formed() {
    let l = lex();
    for a in l.actors() {
        assert!((1..=8).contains(&a.inter.code()));
        assert_eq!(
            l.actor_by_key(&a.key).map(|id| &l.actor(id).key),
            Some(&a.key)
        );
        if let Some(p) = a.parent {
            assert!(
                l.actor(p).parent.is_none(),
                "{}: parents are one level deep",
                a.key
            );
        }
        if a.country.is_some() {
            assert!(
                !a.canonical.contains("{country}"),
                "{}: a fixed country has no placeholder",
                a.key
            );
        }
    }
    // Every actor is reachable by at least one alias, except the generic ones the
    // pipeline picks by key.
    let used: std::collections::HashSet<&str> =
        data::rows(data::ALIASES).map(|(_, c)| c[1]).collect();
    for a in l.actors() {
        assert!(
            used.contains(a.key.as_str()) || ["protesters"].contains(&a.key.as_str()),
            "{} has no alias",
            a.key
        );
    }
    assert_eq!(l.actor_by_key("nobody"), None);
}

#[test]
fn required_actors() {
    let cases: &[(&str, &str, u8, Option<&str>)] = &[
        (
            "unidentified_armed",
            "Unidentified Armed Group ({country})",
            3,
            None,
        ),
        ("state_military", "Military Forces of {country}", 1, None),
        ("state_police", "Police Forces of {country}", 1, None),
        ("civilians", "Civilians ({country})", 7, None),
        ("protesters", "Protesters ({country})", 6, None),
        ("rioters", "Rioters ({country})", 5, None),
        ("mil_mali", "Military Forces of Mali", 1, Some("MLI")),
        (
            "mil_burkina",
            "Military Forces of Burkina Faso",
            1,
            Some("BFA"),
        ),
        ("mil_niger", "Military Forces of Niger", 1, Some("NER")),
        ("mil_france", "Military Forces of France", 1, Some("FRA")),
        (
            "jnim",
            "JNIM: Group for Support of Islam and Muslims",
            2,
            None,
        ),
        ("issp", "Islamic State Sahel Province", 2, None),
        ("fla", "FLA: Azawad Liberation Front", 2, None),
        (
            "vdp",
            "VDP: Volunteers for the Defense of the Homeland",
            3,
            Some("BFA"),
        ),
        ("wagner", "Wagner Group", 8, None),
        ("dan_na_ambassagou", "Dan Na Ambassagou", 4, Some("MLI")),
        ("dozo", "Dozo Militia", 4, None),
    ];
    for &(key, canonical, inter, country) in cases {
        let id = lex()
            .actor_by_key(key)
            .unwrap_or_else(|| panic!("no actor {key}"));
        let a = lex().actor(id);
        assert_eq!(
            (a.canonical.as_str(), a.inter.code(), a.country.as_deref()),
            (canonical, inter, country),
            "{key}"
        );
    }
    let serma = lex().actor(lex().actor_by_key("katiba_serma").unwrap());
    assert_eq!(serma.parent, lex().actor_by_key("jnim"));
    assert_eq!(serma.canonical, "Katiba Serma");
    let gend = lex().actor(lex().actor_by_key("gendarmerie").unwrap());
    assert_eq!(gend.parent, lex().actor_by_key("state_military"));
}

#[test]
fn lookup_finds_whole_entries() {
    assert_eq!(
        lex().lookup("Forces armées maliennes"),
        lex().actor_by_key("mil_mali").map(MatchKind::Actor)
    );
    assert_eq!(
        lex().lookup("attaquées"),
        Some(MatchKind::Trigger(TriggerClass::Attack))
    );
    assert_eq!(
        lex().lookup("cessez le feu"),
        Some(MatchKind::Trigger(TriggerClass::Agreement))
    );
    assert_eq!(
        lex().lookup("civils"),
        Some(MatchKind::Cue(Cue::VictimCivilian))
    );
    assert_eq!(lex().lookup("mine"), None);
}

// ---- Scanning ----

#[test]
fn scans_french_sentences() {
    check(
        "Des hommes armés non identifiés ont attaqué le village, tuant 12 civils.",
        &[
            ("hommes armes non identifies", "actor:unidentified_armed"),
            ("ont attaque", "trigger:Attack"),
            ("tuant", "trigger:Kill"),
            ("civils", "cue:VictimCivilian"),
        ],
    );
    check(
        "Les FAMa ont neutralisé une vingtaine de terroristes, selon un communiqué.",
        &[
            ("fama", "actor:mil_mali"),
            ("neutralise", "trigger:Neutralise"),
            ("terroristes", "cue:Militant"),
            ("selon", "cue:Report"),
            ("communique", "cue:Report"),
        ],
    );
    check(
        "L’armée a mené des frappes aériennes contre l’EIGS.",
        &[
            ("l'armee", "actor:state_military"),
            ("frappes aeriennes", "trigger:AirStrike"),
            ("eigs", "actor:issp"),
        ],
    );
    check(
        "Une embuscade tendue par le JNIM a fait 5 morts et 3 blessés parmi les soldats.",
        &[
            ("embuscade", "trigger:Ambush"),
            ("jnim", "actor:jnim"),
            ("morts", "cue:Dead"),
            ("blesses", "cue:Injured"),
            ("soldats", "cue:VictimSecurity"),
        ],
    );
    check(
        "Trois gendarmes ont péri lorsque leur véhicule a sauté sur une mine artisanale.",
        &[
            ("gendarmes", "cue:VictimSecurity"),
            ("ont peri", "trigger:Death"),
            ("a saute sur une mine", "trigger:Explosive"),
        ],
    );
    check(
        "Des éléments de la Katiba Macina d'Amadou Koufa ont enlevé deux commerçants.",
        &[
            ("elements", "cue:VictimSecurity"),
            ("katiba macina", "actor:katiba_macina"),
            ("enleve", "trigger:Abduction"),
            ("commercants", "cue:VictimCivilian"),
        ],
    );
    check(
        "Les manifestants ont été dispersés à coups de gaz lacrymogènes.",
        &[
            ("manifestants", "trigger:Protest"),
            ("disperses", "trigger:ProtestIntervention"),
            ("gaz lacrymogenes", "trigger:ProtestIntervention"),
        ],
    );
    check(
        "Des éléments terroristes présumés auraient incendié la mairie.",
        &[
            ("elements terroristes", "cue:Militant"),
            ("presumes", "cue:Modality"),
            ("auraient", "cue:Modality"),
            ("incendie", "trigger:Destruction"),
        ],
    );
    check(
        "La force unifiée de l'AES a repris le contrôle de la zone.",
        &[
            ("force unifiee de l'aes", "actor:aes_force"),
            ("repris le controle", "trigger:Regain"),
        ],
    );
    check(
        "Le CSP-DPA et le FLA affrontent les FAMa.",
        &[
            ("csp-dpa", "actor:fla"),
            ("fla", "actor:fla"),
            ("fama", "actor:mil_mali"),
        ],
    );
    check(
        "La brigade de gendarmerie de Boni a été attaquée.",
        &[
            ("brigade de gendarmerie", "actor:gendarmerie"),
            ("attaquee", "trigger:Attack"),
        ],
    );
    check(
        "Les VDP et les dozos ont été pris pour cible.",
        &[
            ("vdp", "actor:vdp"),
            ("dozos", "actor:dozo"),
            ("pris pour cible", "trigger:Attack"),
        ],
    );
}

#[test]
fn scans_english_sentences() {
    check(
        "Unidentified gunmen killed at least 20 villagers, local sources said.",
        &[
            ("unidentified gunmen", "actor:unidentified_armed"),
            ("killed", "trigger:Kill"),
            ("villagers", "cue:VictimCivilian"),
            ("said", "cue:Report"),
        ],
    );
    check(
        "Malian troops and Wagner fighters clashed with JNIM militants.",
        &[
            ("malian troops", "actor:mil_mali"),
            ("wagner", "actor:wagner"),
            ("fighters", "cue:Militant"),
            ("clashed", "trigger:Clash"),
            ("jnim", "actor:jnim"),
            ("militants", "cue:Militant"),
        ],
    );
    check(
        "A drone strike hit a convoy; an IED exploded.",
        &[
            ("drone strike", "trigger:AirStrike"),
            ("ied", "trigger:Explosive"),
            ("exploded", "trigger:Explosive"),
        ],
    );
    check(
        "The Islamic State West Africa Province abducted aid workers.",
        &[
            ("islamic state west africa province", "actor:iswap"),
            ("abducted", "trigger:Abduction"),
        ],
    );
}

#[test]
fn matches_only_on_word_boundaries() {
    check("Il examine la Somalie.", &[]);
    check("Une patrouille malienne", &[]);
    check(
        "Les attaquants ont été repoussés.",
        &[("repousses", "trigger:Clash")],
    );
    check("attaques", &[("attaques", "trigger:Attack")]);
    check("contre-attaque", &[("attaque", "trigger:Attack")]);
    check("les attackers", &[("attackers", "cue:Militant")]);
    check("survivants", &[]);
    check("l'attaque d'Ogossagou", &[("attaque", "trigger:Attack")]);
    check("mortiers", &[("mortiers", "trigger:Shelling")]);
    check("les mortalités", &[]);
    check("12morts", &[]);
    check("", &[]);
}

#[test]
fn elided_prefixes_are_boundaries() {
    check("d’enlèvements", &[("enlevements", "trigger:Abduction")]);
    check("qu'aucun", &[("aucun", "cue:Negation")]);
    check(
        "l'armée nigérienne",
        &[("l'armee nigerienne", "actor:mil_niger")],
    );
    check("de l’Etat islamique", &[("etat islamique", "actor:issp")]);
    check(
        "jusqu'à l'Etat islamique au Grand Sahara",
        &[("etat islamique au grand sahara", "actor:issp")],
    );
    check(
        "de l'armée malienne",
        &[("l'armee malienne", "actor:mil_mali")],
    );
}

#[test]
fn longest_match_wins_and_hidden_matches_survive() {
    // The longer phrase wins over the words inside it.
    check(
        "une frappe de drone",
        &[("frappe de drone", "trigger:AirStrike")],
    );
    check(
        "des grenades lacrymogènes",
        &[("grenades lacrymogenes", "trigger:ProtestIntervention")],
    );
    check(
        "un attentat-suicide",
        &[("attentat-suicide", "trigger:Suicide")],
    );
    check("trouvé la mort", &[("trouve la mort", "trigger:Death")]);
    check("ils ont tué", &[("ont tue", "trigger:Kill")]);
    // A longer pattern cut by a word boundary must not hide the shorter valid one:
    // "attaque" inside "attaquer" is refused, but "attaquer" itself is a pattern;
    // "frappe aeriennes" is not a form, so "frappe" stands alone.
    check("frappe aériennesx", &[("frappe", "trigger:AirStrike")]);
    check(
        "les forces armées maliennesque",
        &[("forces armees", "actor:state_military")],
    );
    // Leftmost first: "hommes armés" starts before "armés ...".
    check(
        "hommes armés non identifiés",
        &[("hommes armes non identifies", "actor:unidentified_armed")],
    );
}

#[test]
fn acronyms_need_capitals() {
    check(
        "Les FAN ont riposté.",
        &[
            ("fan", "actor:mil_burkina"),
            ("ont riposte", "trigger:Clash"),
        ],
    );
    check("un fan de football", &[("football", "cue:NonConflict")]);
    check("l'EI au Sahel", &[("ei au sahel", "actor:issp")]);
    check("l'ei au sahel", &[]);
    check("Fama", &[]);
    check(
        "FAMA FAMa",
        &[("fama", "actor:mil_mali"), ("fama", "actor:mil_mali")],
    );
    check("Serval", &[("serval", "actor:serval")]);
    check("un serval", &[]);
    check("Opération Serval", &[("operation serval", "actor:serval")]);
}

#[test]
fn hyphens_and_spacing_are_flexible() {
    check("cessez le feu", &[("cessez le feu", "trigger:Agreement")]);
    check("cessez-le-feu", &[("cessez-le-feu", "trigger:Agreement")]);
    check(
        "hommes\narmés",
        &[("hommes\narmes", "actor:unidentified_armed")],
    );
    check(
        "hommes  \t armés",
        &[("hommes  \t armes", "actor:unidentified_armed")],
    );
    // A paragraph break is not a space.
    check("hommes\n\narmés", &[]);
    check("les  FAMa", &[("fama", "actor:mil_mali")]);
    check(
        "EI-Sahel et EI Sahel",
        &[("ei-sahel", "actor:issp"), ("ei sahel", "actor:issp")],
    );
}

#[test]
fn ranges_are_folded_byte_ranges() {
    let folded = Folded::new("Œuvre : l’armée «tués»");
    let ms = lex().scan(&folded);
    let got: Vec<(u32, u32)> = ms.iter().map(|m| (m.range.start, m.range.end)).collect();
    let text = folded.as_str();
    assert_eq!(text, "oeuvre : l'armee \"tues\"");
    assert_eq!(got, vec![(9, 16), (18, 22)]);
    assert_eq!(folded.original_slice(ms[0].range), "l’armée");
}

#[test]
fn scan_output_is_sorted_and_disjoint() {
    let text = "Hier, des hommes armés ont attaqué Boni. Les FAMa ont riposté et neutralisé 15 terroristes. \
                Selon un communiqué, 3 soldats ont été tués et 4 blessés. Un drone a mené une frappe.";
    let ms = lex().scan(&Folded::new(text));
    assert!(ms.len() >= 10);
    for w in ms.windows(2) {
        assert!(w[0].range.end <= w[1].range.start, "{:?}", w);
    }
}

/// The anchored scan from word starts finds what the scan of every match
/// anywhere in the text finds, on real articles.
#[test]
fn scan_from_word_starts_is_the_scan_of_all_matches() {
    for text in [
        include_str!("../../../examples/attaque-boni.txt"),
        include_str!("../../../examples/nantaka-en.txt"),
        "L'attaque des FAMa contre l'EIGS a fait 12 morts ; des hommes armés, non identifiés, \
         ont tué trois civils. Fama, famas et FAMA ; l'armée malienne a riposté.\n\n  Le JNIM  a revendiqué.",
    ] {
        let folded = Folded::new(text);
        assert_eq!(lex().scan(&folded), lex().scan_all_matches(&folded), "{text:?}");
    }
}

// ---- Numbers ----

#[test]
fn reads_digits() {
    check_numbers(
        "12 morts et 3 blessés",
        &[("12", 12, false), ("3", 3, false)],
    );
    check_numbers(
        "1 200 déplacés, 1.500 réfugiés et 2,000 personnes",
        &[
            ("1 200", 1200, false),
            ("1.500", 1500, false),
            ("2,000", 2000, false),
        ],
    );
    check_numbers("12 500 000", &[("12 500 000", 12_500_000, false)]);
    check_numbers(
        "bilans de 12, 15 et 20",
        &[("12", 12, false), ("15", 15, false), ("20", 20, false)],
    );
    check_numbers("2,5 km", &[("2,5", 2, false)]);
    check_numbers(
        "en 2023 200 personnes",
        &[("2023", 2023, false), ("200", 200, false)],
    );
    check_numbers(
        "le G5 Sahel, un 4x4, le 1er, à 15h30, un Mi-24",
        &[("un", 1, false), ("un", 1, false)],
    );
    check_numbers("99999999999999", &[("99999999999999", u32::MAX, false)]);
}

#[test]
fn reads_number_words() {
    check_numbers("trois soldats", &[("trois", 3, false)]);
    check_numbers("vingt-trois morts", &[("vingt-trois", 23, false)]);
    check_numbers("trente et un civils", &[("trente et un", 31, false)]);
    check_numbers("vingt-et-un", &[("vingt-et-un", 21, false)]);
    check_numbers("soixante-dix", &[("soixante-dix", 70, false)]);
    check_numbers("soixante-dix-sept", &[("soixante-dix-sept", 77, false)]);
    check_numbers("quatre-vingts", &[("quatre-vingts", 80, false)]);
    check_numbers("quatre-vingt-dix", &[("quatre-vingt-dix", 90, false)]);
    check_numbers("quatre-vingt-onze", &[("quatre-vingt-onze", 91, false)]);
    check_numbers("dix-sept", &[("dix-sept", 17, false)]);
    check_numbers("deux cents", &[("deux cents", 200, false)]);
    check_numbers("cent vingt", &[("cent vingt", 120, false)]);
    check_numbers(
        "deux mille trois cent quatre",
        &[("deux mille trois cent quatre", 2304, false)],
    );
    check_numbers("twenty-three soldiers", &[("twenty-three", 23, false)]);
    check_numbers(
        "one hundred and five",
        &[("one hundred and five", 105, false)],
    );
    check_numbers("two thousand", &[("two thousand", 2000, false)]);
    check_numbers("deux ou trois", &[("deux", 2, false), ("trois", 3, false)]);
    check_numbers("deux et trois", &[("deux", 2, false), ("trois", 3, false)]);
    check_numbers("trois deux", &[("trois", 3, false), ("deux", 2, false)]);
    check_numbers("vingt et", &[("vingt", 20, false)]);
    check_numbers(
        "un soldat et une femme",
        &[("un", 1, false), ("une", 1, false)],
    );
    check_numbers("l'un des assaillants", &[("un", 1, false)]);
    check_numbers("TROIS", &[("trois", 3, false)]);
}

#[test]
fn reads_vague_quantities() {
    check_numbers("plusieurs morts", &[("plusieurs", 3, true)]);
    check_numbers("une dizaine de civils", &[("une dizaine", 10, true)]);
    check_numbers("d'une dizaine", &[("une dizaine", 10, true)]);
    check_numbers("des dizaines de morts", &[("des dizaines", 12, true)]);
    check_numbers("plusieurs dizaines", &[("plusieurs dizaines", 12, true)]);
    check_numbers("une vingtaine", &[("une vingtaine", 20, true)]);
    check_numbers("une trentaine", &[("une trentaine", 30, true)]);
    check_numbers("une quarantaine", &[("une quarantaine", 40, true)]);
    check_numbers("une cinquantaine", &[("une cinquantaine", 50, true)]);
    check_numbers("une soixantaine", &[("une soixantaine", 60, true)]);
    check_numbers("une centaine", &[("une centaine", 100, true)]);
    check_numbers("des centaines", &[("des centaines", 100, true)]);
    check_numbers("de nombreux morts", &[("de nombreux", 3, true)]);
    check_numbers("de nombreuses victimes", &[("de nombreuses", 3, true)]);
    check_numbers("au moins une dizaine", &[("une dizaine", 10, true)]);
    check_numbers(
        "at least several dozen",
        &[("several", 3, true), ("dozen", 12, true)],
    );
    check_numbers(
        "dozens of civilians and hundreds injured",
        &[("dozens", 12, true), ("hundreds", 100, true)],
    );
    check_numbers("many were killed", &[("many", 3, true)]);
    // A comparison carried by the number after it.
    check_numbers("killed as many as 132 people", &[("132", 132, false)]);
    check_numbers("as many were killed", &[("many", 3, true)]);
    check_numbers("des morts", &[]);
    check_numbers("une  dizaine", &[("une", 1, false), ("dizaine", 10, true)]);
}

#[test]
fn numbers_are_in_order() {
    check_numbers(
        "Bilan : 12 soldats tués, une dizaine de blessés et trois disparus",
        &[
            ("12", 12, false),
            ("une dizaine", 10, true),
            ("trois", 3, false),
        ],
    );
}

proptest::proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,200}") {
        let folded = Folded::new(&s);
        let ms = lex().scan(&folded);
        for w in ms.windows(2) {
            proptest::prop_assert!(w[0].range.end <= w[1].range.start);
        }
        for m in &ms {
            proptest::prop_assert!(folded.as_str().get(m.range.as_range()).is_some());
        }
        let ns = lex().numbers(folded.as_str());
        for n in &ns {
            proptest::prop_assert!(folded.as_str().get(n.range.as_range()).is_some());
        }
        let _ = lex().numbers(&s);
    }

    #[test]
    fn never_panics_on_dictionary_soup(words in proptest::collection::vec(
        proptest::sample::select(vec!["hommes", "armés", "-", " ", "\n", "l'", "FAMa", "vingt", "et", "un", "1", "200", ",", ".", "é", "quatre", "dizaine", "une", "Œ", "’", "attaque", "s"]), 0..40)) {
        let s: String = words.concat();
        let folded = Folded::new(&s);
        let ms = lex().scan(&folded);
        for w in ms.windows(2) {
            proptest::prop_assert!(w[0].range.end <= w[1].range.start);
        }
        let _ = lex().numbers(folded.as_str());
    }

    /// The anchored scan from word starts finds what the scan of every match
    /// anywhere in the text finds.
    #[test]
    fn scan_from_word_starts_is_the_scan_of_all_matches_on_soup(words in proptest::collection::vec(
        proptest::sample::select(vec!["hommes", "armés", "-", " ", "  ", "\n", "\n\n", "l'", "d'", "FAMa", "Fama",
            "EIGS", "eigs", "tués", "tue", "s", "attaque", "attaqué", "des", "de", "la", "armée", "malienne",
            "vingt", "et", "un", "1", ",", ".", "é", "Œ", "’", "x", "jnim", "JNIM", "non", "identifiés", "n'a", "pas",
            "\t", "\r\n", " \n ", "\x0b", "\x0c", "--", " - ", "cessez", "le", "feu", "Forces", "armées", "maliennes",
            // Words of eight bytes and more, up to and past sixteen (the
            // scan reads words sixteen bytes at a time and keys them on
            // their first sixteen).
            "vraisemblablement", "vraisemblablemen", "indépendantistes", "independantiste", "reconnaissance",
            "neutralisés", "interpellations", "Unidentified", "gunmen"]), 0..40)) {
        let s: String = words.concat();
        let folded = Folded::new(&s);
        proptest::prop_assert_eq!(lex().scan(&folded), lex().scan_all_matches(&folded), "{:?}", s);
        // The bytes outside words skipped after a word are those the scan
        // reads one by one where some pattern may start with one.
        proptest::prop_assert_eq!(lex().scan(&folded), byte_by_byte().scan(&folded), "{:?}", s);
    }
}

/// The built-in lexicon, made to look at every byte outside words (as if
/// some pattern started with one).
fn byte_by_byte() -> &'static Lexicon {
    static L: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    L.get_or_init(|| {
        let mut l = Lexicon::build().expect("the built-in data compiles");
        assert!(!l.starts_outside_words);
        l.starts_outside_words = true;
        l
    })
}

/// The table of first words finds each of them, wherever it stands in a
/// text, and no other word (those one byte longer or shorter, or differing
/// in one byte).
#[test]
fn first_words_are_found_and_nothing_else() {
    let l = lex();
    let firsts: std::collections::BTreeSet<&[u8]> = l
        .forms
        .iter()
        .map(|f| f.as_bytes())
        .map(|f| &f[..f.iter().take_while(|&&b| data::is_word(b)).count()])
        .filter(|w| !w.is_empty())
        .collect();
    assert!(firsts.iter().any(|w| w.len() > 16), "no long first word");
    let find = |text: &[u8], s: usize| {
        let (end, key) = data::word_at(text, s);
        l.first_words
            .get(text, s, end, key)
            .map(|w| (end, w.len as usize))
    };
    let mut probes = 0;
    for w in &firsts {
        let mut variants: Vec<Vec<u8>> = vec![w.to_vec(), [*w, b"s"].concat(), [*w, b"a"].concat()];
        variants.push(w[..w.len() - 1].to_vec());
        for i in 0..w.len() {
            let mut v = w.to_vec();
            v[i] = if v[i] == b'z' { b'y' } else { b'z' };
            variants.push(v);
        }
        for v in variants.into_iter().filter(|v| !v.is_empty()) {
            let want = firsts.contains(&v[..]).then_some((v.len(), v.len()));
            // Alone, at the end of a text, and followed by more text.
            let padded = [&b"x "[..], &v, b" y"].concat();
            assert_eq!(find(&v, 0), want, "{:?}", String::from_utf8_lossy(&v));
            let want_padded = want.map(|(e, n)| (e + 2, n));
            assert_eq!(
                find(&padded, 2),
                want_padded,
                "{:?}",
                String::from_utf8_lossy(&v)
            );
            probes += 1;
        }
    }
    assert!(probes > 1000);
    // One cache line a slot.
    assert_eq!(std::mem::size_of::<FirstWord>(), 64);
}

// ---- Pattern forms ----

/// `data::form` as it was before its ASCII fast path: `fold_char` for every
/// character. The reference of the tests below.
fn form_ref(raw: &str) -> Result<data::Form, String> {
    use kibaru_text::{fold_char, FoldedChar};
    let mut text = String::with_capacity(raw.len());
    let mut upper = 0u64;
    for c in raw.chars() {
        let at = text.len();
        match fold_char(c) {
            FoldedChar::Drop => {}
            FoldedChar::One('-') => text.push(' '),
            FoldedChar::One(a) => text.push(a),
            FoldedChar::Two(a, b) => {
                text.push(a);
                text.push(b);
            }
        }
        if c.is_uppercase() && text.len() > at {
            if at >= 64 {
                return Err(format!("uppercase letter past byte 64 in {raw:?}"));
            }
            upper |= 1 << at;
        }
    }
    if text.is_empty()
        || text.starts_with(' ')
        || text.ends_with(' ')
        || text.contains("  ")
        || text.contains(char::is_control)
    {
        return Err(format!("bad spacing in pattern {raw:?}"));
    }
    Ok(data::Form { text, upper })
}

/// Every pattern form of the data, and every ASCII character alone, is
/// folded as the reference folds it.
#[test]
fn form_is_form_ref_on_the_data_and_ascii() {
    for (_, cols) in data::rows(data::ALIASES)
        .chain(data::rows(data::TRIGGERS))
        .chain(data::rows(data::CUES))
    {
        for raw in data::expand(cols[0]).unwrap() {
            assert_eq!(data::form(&raw), form_ref(&raw), "{raw:?}");
        }
    }
    for b in 0..=127u8 {
        let raw = format!("x{}y", b as char);
        assert_eq!(data::form(&raw), form_ref(&raw), "{raw:?}");
    }
}

proptest::proptest! {
    /// `data::form` is the reference on random phrases mixing ASCII and
    /// accented, uppercase and lowercase characters.
    #[test]
    fn form_is_form_ref(raw in "[a-zA-Z0-9 '\\-.éÉèœŒçÇßÆ’\u{301}]{0,30}") {
        proptest::prop_assert_eq!(data::form(&raw), form_ref(&raw));
    }
}
