//! The pipeline on short articles written for these tests, with a tiny gazetteer:
//! one `check` per rule, each article summarised as one line per event
//! (`date|sub-event type|actor1|actor2|location|fatalities`).

use kibaru_core::{Article, Pipeline, UndatedEvent};
use kibaru_geo::Gazetteer;
use std::sync::OnceLock;

#[allow(clippy::too_many_arguments)]
fn row(
    id: u32,
    name: &str,
    lat: f64,
    lon: f64,
    class: &str,
    code: &str,
    cc: &str,
    a1: &str,
    pop: u64,
) -> String {
    let ascii = kibaru_text::fold(name);
    format!("{id}\t{name}\t{ascii}\t\t{lat}\t{lon}\t{class}\t{code}\t{cc}\t\t{a1}\t\t\t\t{pop}\t\t300\tAfrica/Bamako\t2024-01-01\n")
}

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let rows = [
            row(1, "Republic of Mali", 17.0, -4.0, "A", "PCLI", "ML", "00", 20_000_000),
            row(2, "Burkina Faso", 12.5, -1.67, "A", "PCLI", "BF", "00", 20_000_000),
            row(10, "Mopti", 14.49, -4.19, "P", "PPLA", "ML", "04", 120_000),
            row(11, "Boni", 15.047, -1.97, "P", "PPL", "ML", "04", 0),
            row(12, "Serma", 14.86, -2.264, "P", "PPL", "ML", "04", 0),
            row(13, "Douentza", 15.0, -2.95, "P", "PPLA2", "ML", "04", 28_000),
            row(14, "Hombori", 15.28, -1.7, "P", "PPL", "ML", "04", 0),
            row(15, "Bamako", 12.65, -8.0, "P", "PPLC", "ML", "01", 1_800_000),
            row(16, "Bamako", 14.58, -4.41, "P", "PPL", "ML", "04", 0),
            row(17, "Faladié", 12.5947, -7.9471, "P", "PPL", "ML", "01", 0),
            row(18, "Sénou", 12.5207, -7.9293, "P", "PPL", "ML", "01", 0),
            row(20, "Djibo", 14.1, -1.63, "P", "PPLA2", "BF", "12", 60_000),
            row(21, "Doaga", 13.2, -0.86, "P", "PPL", "BF", "13", 0),
            // A village named like one of Pissila's, but 90 km away.
            row(26, "Bangassi", 13.96, -0.67, "P", "PPL", "BF", "13", 0),
            row(22, "Pissila", 13.16, -0.82, "P", "PPL", "BF", "13", 20_000),
            row(23, "Diallo", 13.18, -3.93, "P", "PPL", "BF", "01", 0),
            row(24, "Solhan", 13.38, 0.45, "P", "PPL", "BF", "12", 0),
            row(25, "Sebba", 13.44, 0.53, "P", "PPLA2", "BF", "12", 10_000),
            // A locality (GeoNames class L): found only with a cue.
            row(27, "Inata", 14.34, -1.33, "L", "LCTY", "BF", "12", 0),
        ];
        let admin1 = "ML.04\tMopti\tMopti\t1\nML.01\tBamako\tBamako\t1\nBF.12\tSahel\tSahel\t1\nBF.13\tCentre-Nord\tCentre-Nord\t1\n";
        Gazetteer::from_dump_str(&rows.concat(), admin1, "")
    })
}

fn summary(text: &str, published: &str) -> Vec<String> {
    let article = Article {
        id: "t".into(),
        published: (!published.is_empty()).then(|| published.to_string()),
        text: text.into(),
        ..Article::default()
    };
    // As `kibaru extract` writes a lone article: the events it dates, then those
    // it dates only by the month (no other report to date them).
    let x = Pipeline::new(gazetteer()).extract(&article);
    let fallback: Vec<_> = x.undated.iter().filter_map(|u| u.fallback()).collect();
    x.events
        .iter()
        .chain(&fallback)
        .map(|e| {
            format!(
                "{}|{}|{}|{}|{}|{}",
                e.event_date, e.sub_event_type, e.actor1, e.actor2, e.location, e.fatalities
            )
        })
        .collect()
}

/// Some `|`-separated columns of each summary line (0 date, 1 sub-event type,
/// 2 actor1, 3 actor2, 4 location, 5 fatalities).
fn columns(events: &[String], which: &[usize]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            let f: Vec<&str> = e.split('|').collect();
            which.iter().map(|&i| f[i]).collect::<Vec<_>>().join("|")
        })
        .collect()
}

fn check(text: &str, published: &str, expected: &[&str]) {
    assert_eq!(summary(text, published), expected, "article: {text:?}");
}

#[test]
fn armed_men_killing_villagers_is_violence_against_civilians() {
    check(
        "Des hommes armés ont attaqué le village de Boni dans la nuit de lundi à mardi, tuant sept civils.",
        "2025-03-05",
        &["2025-03-03|Attack|Unidentified Armed Group (Mali)|Civilians (Mali)|Boni|7"],
    );
}

#[test]
fn soldiers_killed_make_a_battle() {
    check(
        "Mardi 4 mars 2025, des terroristes ont attaqué le poste militaire de Hombori. Quatre soldats ont été tués.",
        "2025-03-05",
        &["2025-03-04|Armed clash|Unidentified Armed Group (Mali)|Military Forces of Mali|Hombori|4"],
    );
}

#[test]
fn the_toll_in_the_next_sentence_counts() {
    check(
        "Une attaque a visé la commune de Djibo le samedi 11 juin 2022. Le bilan provisoire fait état de 18 morts parmi les habitants.",
        "2022-06-13",
        &["2022-06-11|Attack|Unidentified Armed Group (Burkina Faso)|Civilians (Burkina Faso)|Djibo|18"],
    );
}

#[test]
fn the_place_of_the_incident_beats_its_commune() {
    check(
        "Plusieurs personnes ont été tuées dans la nuit de mercredi 30 au jeudi 31 mars 2022 à Doaga (commune de Pissila).",
        "2022-03-31",
        &["2022-03-30|Attack|Unidentified Armed Group (Burkina Faso)|Civilians (Burkina Faso)|Doaga|3"],
    );
}

#[test]
fn the_object_of_an_attack_beats_a_reference_place() {
    check(
        "Des hommes armés ont attaqué Solhan, un village situé à une quinzaine de kilomètres de Sebba, le vendredi 4 juin 2021, tuant des dizaines de civils.",
        "2021-06-06",
        &["2021-06-04|Attack|Unidentified Armed Group (Burkina Faso)|Civilians (Burkina Faso)|Solhan|12"],
    );
}

#[test]
fn a_capital_beats_a_same_named_hamlet() {
    check(
        "Des tirs ont visé un camp militaire à Bamako le mardi 17 septembre 2024, selon l'armée malienne.",
        "2024-09-18",
        &["2024-09-17|Armed clash|Unidentified Armed Group (Mali)|Military Forces of Mali|Bamako|0"],
    );
}

#[test]
fn person_names_are_not_places() {
    let events = summary(
        "L'armée a annoncé la neutralisation de Moussa Diallo le jeudi 26 décembre 2024 près du village de Serma. Diallo était recherché.",
        "2024-12-27",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].ends_with("|Serma|1"), "{events:?}");
}

#[test]
fn generic_and_framed_sentences_are_not_events() {
    // Attacks in general, threats, denials, summaries over a period, trials.
    for text in [
        "Le groupe, qui opère entre Boni et Hombori, est connu pour ses attaques contre les convois.",
        "La zone est le théâtre de nombreuses attaques depuis des années.",
        "Des rumeurs font craindre une attaque terroriste sur la ville de Djibo.",
        "L'armée dément la mort de quarante soldats dans une attaque à Djibo.",
        "Du 15 juin au 15 juillet 2022, l'armée a neutralisé plus de 50 terroristes autour de Djibo.",
        "Trois hommes accusés d'assassinat ont été jugés hier à Bamako.",
        "Le Stade malien a battu le Djoliba (2-1) : l'attaquant a ouvert le score d'une frappe puissante, et l'attaque adverse n'a jamais trouvé le chemin du but lors de ce match.",
    ] {
        check(text, "2022-07-20", &[]);
    }
}

#[test]
fn a_report_told_twice_is_one_event() {
    let events = summary(
        "Une frappe aérienne a détruit un véhicule de terroristes près du village de Serma le jeudi 26 décembre 2024. \
         Le communiqué de l'armée précise que la frappe a neutralisé deux combattants du JNIM.",
        "2024-12-28",
    );
    assert_eq!(
        events,
        ["2024-12-26|Air/drone strike|Military Forces of Mali|JNIM: Group for Support of Islam and Muslims|Serma|2"]
    );
}

#[test]
fn english_reports() {
    check(
        "Gunmen attacked the village of Boni on Sunday, killing five civilians, officials said on Monday.",
        "2025-03-10",
        &["2025-03-09|Attack|Unidentified Armed Group (Mali)|Civilians (Mali)|Boni|5"],
    );
}

#[test]
fn yearless_day_with_weekday_is_dated_from_the_years_named() {
    check(
        "Le village de Boni, déjà visé en mars 2019, a été attaqué ce vendredi 14 février par des hommes armés : vingt civils ont été tués.",
        "",
        &["2020-02-14|Attack|Unidentified Armed Group (Mali)|Civilians (Mali)|Boni|20"],
    );
}

#[test]
fn where_a_report_was_told_is_not_where_it_happened() {
    check(
        "Au moins six soldats ont été tués lundi 3 mars 2025 dans l'attaque de leur position près de Boni, ont indiqué des sources concordantes à Bamako.",
        "2025-03-04",
        &["2025-03-03|Armed clash|Unidentified Armed Group (Mali)|Military Forces of Mali|Boni|6"],
    );
}

#[test]
fn the_dateline_is_not_the_place_of_the_event() {
    check(
        "Bamako – Des hommes armés ont attaqué le village de Boni le lundi 3 mars 2025, tuant quatre civils.",
        "2025-03-04",
        &["2025-03-03|Attack|Unidentified Armed Group (Mali)|Civilians (Mali)|Boni|4"],
    );
    // Without another place, the dateline town is no event location either.
    let events = summary(
        "Bamako – Quatre civils ont été tués lundi 3 mars 2025 dans une attaque, selon un élu.",
        "2025-03-04",
    );
    assert!(events.iter().all(|e| !e.contains("|Bamako|")), "{events:?}");
}

#[test]
fn sacking_with_no_one_hurt_is_property_destruction() {
    check(
        "Des hommes armés ont saccagé la mairie et l'école de Boni dans la nuit du samedi 1er au dimanche 2 mars 2025, sans faire de victime.",
        "2025-03-03",
        &["2025-03-01|Looting/property destruction|Unidentified Armed Group (Mali)||Boni|0"],
    );
}

#[test]
fn counts_joined_by_et_add_up_and_the_article_un_counts_no_one() {
    // "Deux femmes et un enfant": three dead; "une mine" is no count.
    let events = summary(
        "Deux femmes et un enfant ont été tués dimanche 31 octobre 2021 au passage de leur charrette sur une mine près du village de Boni.",
        "2021-11-01",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].ends_with("|Boni|3"), "{events:?}");
    // "Quatre civils dont deux ...": the part after "dont" is not added.
    let events = summary(
        "Des hommes armés ont attaqué le village de Boni le samedi 9 juillet 2022. Quatre civils dont deux déplacés ont trouvé la mort.",
        "2022-07-10",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].ends_with("|Boni|4"), "{events:?}");
}

#[test]
fn an_attack_on_a_military_post_is_a_battle_even_when_civilians_died() {
    check(
        "Une attaque terroriste contre le détachement militaire de Boni a fait six blessés parmi les soldats le samedi 9 juillet 2022. Quatre civils ont également trouvé la mort.",
        "2022-07-10",
        &["2022-07-09|Armed clash|Unidentified Armed Group (Mali)|Military Forces of Mali|Boni|4"],
    );
}

#[test]
fn huge_counts_saturate_instead_of_overflowing() {
    // Found by fuzzing the pipeline: two counts near u32::MAX in one sentence.
    let events = summary(
        "Au moins 4000000000 civils ont été tués et 4000000000 civils ont été tués le lundi 3 mars 2025 à Boni.",
        "2025-03-04",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].ends_with(&format!("|{}", u32::MAX)), "{events:?}");
}

#[test]
fn a_place_in_what_was_reported_is_not_where_it_was_reported() {
    // "a indiqué à Mopti" is where it was told; "a indiqué que ... à Boni" is what.
    check(
        "L'armée a indiqué que des hommes armés à Boni ont attaqué un poste de la gendarmerie le lundi 13 mai 2024.",
        "2024-05-14",
        &["2024-05-13|Armed clash|Unidentified Armed Group (Mali)|Military Forces of Mali|Boni|0"],
    );
}

#[test]
fn the_current_month_named_is_not_the_future() {
    // "lundi 4 juillet 2022" in an article of that day: "juillet 2022" is read as
    // a month of its own, and it is not a future one.
    check(
        "Des individus armés ont attaqué dans la nuit de dimanche à lundi 4 juillet 2022 le poste de gendarmerie de Boni.",
        "2022-07-04",
        &["2022-07-03|Armed clash|Unidentified Armed Group (Mali)|Military Forces of Mali|Boni|0"],
    );
}

#[test]
fn an_old_headline_quoted_is_not_an_event() {
    let events = summary(
        "Dans un article du 22 avril 2022, un quotidien titrait : « Plus d'une centaine de civils tués près de Boni ».",
        "2022-04-24",
    );
    assert!(events.is_empty(), "{events:?}");
}

#[test]
fn a_feature_on_a_past_day_in_an_article_dated_by_month_is_background() {
    let events = summary(
        "Le jeudi 7 septembre 2023 restera gravé dans les mémoires. Ce matin-là, des hommes armés ont attaqué un convoi près de Boni. Les soldats ont riposté pendant des heures.",
        "2024-09",
    );
    assert!(events.is_empty(), "{events:?}");
    // The same story in an article of that month is the event.
    let events = summary(
        "Le jeudi 7 septembre 2023, des hommes armés ont attaqué un convoi près de Boni. Les soldats ont riposté pendant des heures.",
        "2023-09",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].starts_with("2023-09-07|"), "{events:?}");
}

#[test]
fn armed_elements_are_attackers_not_soldiers() {
    check(
        "Des éléments armés non identifiés ont attaqué le village de Boni le samedi 23 mars 2019. Plus de 100 personnes ont trouvé la mort.",
        "2019-03-24",
        &["2019-03-23|Attack|Unidentified Armed Group (Mali)|Civilians (Mali)|Boni|100"],
    );
}

#[test]
fn a_namesake_far_from_the_commune_that_frames_it_gives_way_to_the_commune() {
    check(
        "Plusieurs personnes ont été tuées dans la nuit de mercredi 30 au jeudi 31 mars 2022 à Bangassi (commune de Pissila).",
        "2022-04-01",
        &["2022-03-30|Attack|Unidentified Armed Group (Burkina Faso)|Civilians (Burkina Faso)|Pissila|3"],
    );
}

#[test]
fn killed_by_drones_is_an_air_strike() {
    let events = summary(
        "Des civils ont été tués par des drones de l'armée malienne près du village de Serma le jeudi 26 décembre 2024.",
        "2024-12-28",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].contains("|Air/drone strike|"), "{events:?}");
}

#[test]
fn an_earlier_event_in_the_pluperfect_is_not_merged_with_the_headline() {
    // The headline's toll is today's event; "avait déjà été endeuillée jeudi" tells
    // an earlier one. The headline is dated the day before publication, not by
    // the earlier event's Thursday.
    check(
        "Nord du Burkina : au moins cinquante civils tués dans une attaque de djihadistes présumés\n\
         La localité de Djibo avait déjà été endeuillée jeudi par une attaque djihadiste au cours de laquelle onze soldats avaient été tués.",
        "2022-06-14",
        &[
            "2022-06-13|Attack|Unidentified Armed Group (Burkina Faso)|Civilians (Burkina Faso)|Djibo|50",
            "2022-06-09|Armed clash|Unidentified Armed Group (Burkina Faso)|Military Forces of Burkina Faso|Djibo|11",
        ],
    );
}

#[test]
fn reported_speech_in_the_pluperfect_stays_with_its_incident() {
    // After "affirmant que" the pluperfect is the sequence of tenses, not an
    // earlier event: one attack, not two.
    let events = summary(
        "Une vingtaine de soldats ont été tués ce dimanche 17 mars lors d'une attaque terroriste contre un camp militaire près de Boni.\n\
         Les autorités ont porté le bilan à 20 morts, affirmant que des dommages importants avaient été causés après l'attaque du camp de Boni.",
        "2019-03",
    );
    assert_eq!(events.len(), 1, "{events:?}");
}

#[test]
fn a_day_of_another_month_is_another_incident() {
    // "lundi" in a September article and "début août" cannot be one day. The
    // Monday, dated by the month only, waits for other reports and comes last.
    check(
        "Au moins 35 civils ont été tués lundi dans l'explosion d'un engin explosif improvisé près de Djibo.\n\
         Début août, 15 soldats avaient été tués près de Djibo dans une attaque à l'engin explosif improvisé.",
        "2022-09",
        &[
            "2022-08-15|Remote explosive/landmine/IED|Unidentified Armed Group (Burkina Faso)|Military Forces of Burkina Faso|Djibo|15",
            "2022-09-15|Remote explosive/landmine/IED|Unidentified Armed Group (Burkina Faso)|Civilians (Burkina Faso)|Djibo|35",
        ],
    );
}

#[test]
fn what_went_on_for_weeks_is_not_an_event() {
    check(
        "Ces dernières semaines, des groupes terroristes ont détruit à la dynamite des ponts sur les axes menant à Djibo.",
        "2022-09-10",
        &[],
    );
}

#[test]
fn two_days_after_is_counted_from_the_day_named_before() {
    let events = summary(
        "L'armée a neutralisé un chef terroriste par une frappe aérienne le 26 décembre 2024 près de Serma.\n\
         Deux jours après cette frappe, les forces armées ont repoussé une attaque terroriste à Boni.",
        "",
    );
    let when_where = columns(&events, &[0, 1, 4]);
    assert_eq!(
        when_where,
        [
            "2024-12-26|Air/drone strike|Serma",
            "2024-12-28|Armed clash|Boni"
        ]
    );
}

#[test]
fn a_forest_post_attacked_is_a_fight_with_the_police() {
    check(
        "Le poste forestier de Djibo a été attaqué dans la nuit du samedi au dimanche 19 juin 2022 par des hommes armés non identifiés.",
        "2022-06-19",
        &["2022-06-18|Armed clash|Unidentified Armed Group (Burkina Faso)|Police Forces of Burkina Faso|Djibo|0"],
    );
}

#[test]
fn hunger_and_slaughtered_cattle_are_not_violence() {
    // The blockade's hunger deaths and "abattre leur bétail" neither add to the
    // attack's toll nor make its victims civilians.
    check(
        "Djibo a de nouveau été attaquée ce 10 avril. Les postes avancés de l'armée ont subi un assaut revendiqué par les terroristes du JNIM.\n\
         Les habitants sont parfois obligés d'abattre leur bétail. Au moins huit enfants sont morts de faim, poussant une centaine de femmes à manifester.",
        "2025-04-14",
        &["2025-04-10|Armed clash|JNIM: Group for Support of Islam and Muslims|Military Forces of Burkina Faso|Djibo|0"],
    );
}

#[test]
fn a_riposte_at_another_place_is_another_incident() {
    check(
        "Quatre personnes ont été tuées par des terroristes à Pissila le 2 juillet 2022, a annoncé l'agence d'information du Burkina.\n\
         En riposte, l'armée a rattrapé le groupe terroriste à Doaga.",
        "2022-07-03",
        &[
            "2022-07-02|Attack|Unidentified Armed Group (Burkina Faso)|Civilians (Burkina Faso)|Pissila|4",
            "2022-07-02|Armed clash|Unidentified Armed Group (Burkina Faso)|Military Forces of Burkina Faso|Doaga|0",
        ],
    );
}

#[test]
fn a_heading_counts_for_the_story_below_it() {
    // One leader "a été neutralisé" is one death; the heading "18 corps
    // terroristes abandonnés" belongs to the fight told under it, whose toll adds
    // the militants' bodies and the soldier's death.
    let events = summary(
        "Le chef de la katiba, Amadou Diallo, a été neutralisé par une frappe aérienne le 26 décembre 2024 près de Serma.\n\
         La neutralisation de ce terroriste a été saluée par l'état-major.\n\
         18 corps terroristes abandonnés\n\
         Deux jours après cette frappe, les forces armées ont repoussé une attaque terroriste à Boni.\n\
         L'état-major déplore le décès d'un militaire lors de violents combats.",
        "",
    );
    let tolls = columns(&events, &[0, 4, 5]);
    assert_eq!(tolls, ["2024-12-26|Serma|1", "2024-12-28|Boni|19"]);
}

#[test]
fn abducted_and_killed_is_an_attack_with_one_death() {
    check(
        "Un berger a été enlevé et tué par des hommes armés non identifiés dans la nuit du 10 au 11 avril 2022 dans le village de Doaga.",
        "2022-04-12",
        &["2022-04-10|Attack|Unidentified Armed Group (Burkina Faso)|Civilians (Burkina Faso)|Doaga|1"],
    );
}

#[test]
fn a_rank_is_not_a_count() {
    // "le n° 2", "le numéro deux": one leader killed, not two.
    let events = summary(
        "L'armée malienne a annoncé avoir tué le n° 2 de la katiba, Amadou Diallo, dans une frappe aérienne le 26 décembre 2024 près de Serma.",
        "2024-12-28",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].ends_with("|Serma|1"), "{events:?}");
}

#[test]
fn a_toll_over_several_days_is_a_summary() {
    // The headline adds up two incidents; each is coded with its own toll.
    let events = summary(
        "Mali : cinq personnes tuées en deux jours dans l'explosion de mines artisanales\n\
         Deux civils sont morts samedi près de Boni quand leur véhicule a sauté sur un engin explosif.\n\
         La veille, trois soldats avaient été tués par l'explosion d'une mine près de Hombori.",
        "2021-05-10",
    );
    let tolls = columns(&events, &[0, 4, 5]);
    assert_eq!(tolls, ["2021-05-08|Boni|2", "2021-05-07|Hombori|3"]);
}

#[test]
fn an_attack_signed_in_the_next_sentence_has_its_author() {
    let events = summary(
        "Un convoi de l'armée est tombé dans une embuscade ce vendredi 7 septembre près de Boni.\n\
         L'acte n'a pas été revendiqué, mais il porte la signature du JNIM.",
        "2018-09-08",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(
        events[0].contains("|JNIM: Group for Support of Islam and Muslims|"),
        "{events:?}"
    );
    // Not claimed and not signed: the group active in the area is not the author.
    let events = summary(
        "Un convoi de l'armée est tombé dans une embuscade ce vendredi 7 septembre près de Boni.\n\
         L'attaque n'a pas été revendiquée. Le JNIM est actif dans la zone.",
        "2018-09-08",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(!events[0].contains("JNIM"), "{events:?}");
}

#[test]
fn eliminated_is_a_neutralisation_but_not_in_football() {
    let events = summary(
        "Le 26 décembre 2024, près de Serma, les forces armées maliennes ont éliminé Amadou Diallo, chef d'un groupe terroriste.",
        "2024-12-27",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(
        events[0].starts_with("2024-12-26|Armed clash|Military Forces of Mali|"),
        "{events:?}"
    );
    check(
        "Les Aigles du Mali ont battu le Kenya jeudi à Bamako. Koné a ouvert le score au fond des filets avant la mi-temps.\n\
         Les Kényans sont officiellement éliminés des éliminatoires du Mondial.",
        "2021-10-08",
        &[],
    );
}

#[test]
fn context_of_another_kind_far_from_the_incident_is_not_an_event() {
    // The withdrawal of French forces, told ten lines below a strike as the
    // alliance's background, is neither part of the strike nor an event.
    let events = summary(
        "L'armée a neutralisé un chef terroriste par une frappe aérienne le 26 décembre 2024 près de Serma.\n\
         L'opération a été saluée.\nLe chef était recherché.\nSa famille vivait à Mopti.\n\
         Cette coalition militaire, née dans un contexte de retrait des forces françaises, vise à renforcer la lutte contre le terrorisme.",
        "2024-12-28",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(!events[0].contains("France"), "{events:?}");
}

#[test]
fn the_day_of_a_communique_is_not_the_day_of_the_attack() {
    check(
        "L'attaque perpétrée contre la commune de Boni a fait 22 morts et plusieurs blessés.\n\
         C'est le bilan officiel annoncé par le gouverneur dans un communiqué en date du lundi 4 juillet 2022.",
        "2022-07-04",
        &["2022-07-03|Attack|Unidentified Armed Group (Mali)|Civilians (Mali)|Boni|22"],
    );
}

#[test]
fn a_toll_booth_attacked_with_no_one_hurt_is_property_destruction() {
    check(
        "Des individus armés non identifiés ont attaqué dans la nuit de dimanche à lundi 4 juillet 2022 le poste de péage de Boni.",
        "2022-07-04",
        &["2022-07-03|Looting/property destruction|Unidentified Armed Group (Mali)||Boni|0"],
    );
    // Looting that drove the inhabitants away, with no one killed or hurt.
    check(
        "Le hameau de Boni a été la cible d'une attaque d'hommes armés le 12 juillet 2022. Cette attaque a eu pour conséquences le pillage des biens et le départ de tous les habitants.",
        "2022-07-20",
        &["2022-07-12|Looting/property destruction|Unidentified Armed Group (Mali)|Civilians (Mali)|Boni|0"],
    );
}

#[test]
fn a_targeted_air_strike_is_a_strike_and_condolences_report_the_event() {
    let events = summary(
        "Les FAMa ont annoncé ce samedi 28 décembre la mort d'un chef terroriste. Il a été éliminé lors d'une frappe aérienne ciblée près de Serma.",
        "2024-12-28",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(
        events[0].contains("|Air/drone strike|Military Forces of Mali|"),
        "{events:?}"
    );
    // A party's condolences to the victims of a mine name the blast and its victims.
    check(
        "Dans ce communiqué, le parti présente ses condoléances aux familles des victimes de l'attaque à l'engin explosif improvisé du 5 septembre 2022 sur l'axe Djibo-Bourzanga.",
        "2022-09-07",
        &["2022-09-05|Remote explosive/landmine/IED|Unidentified Armed Group (Burkina Faso)|Civilians (Burkina Faso)|Djibo|0"],
    );
}

#[test]
fn bodies_found_by_soldiers_are_victims_of_unknown_attackers() {
    check(
        "Les éléments des FDS, en opération de sécurisation à Djibo le 12 juin 2022, ont découvert 29 autres corps sans vie.",
        "2022-06-14",
        &["2022-06-12|Attack|Unidentified Armed Group (Burkina Faso)|Civilians (Burkina Faso)|Djibo|29"],
    );
}

#[test]
fn the_day_before_is_another_incident_and_this_attack_is_the_same() {
    // "La veille" names another day: two blasts, not one.
    let events = summary(
        "Deux civils sont décédés samedi près de Boni quand leur camion a heurté un engin explosif.\n\
         La veille, trois soldats maliens ont trouvé la mort dans l'explosion d'une mine près de Hombori.",
        "2021-05-10",
    );
    let tolls = columns(&events, &[0, 3, 4, 5]);
    assert_eq!(
        tolls,
        [
            "2021-05-08|Civilians (Mali)|Boni|2",
            "2021-05-07|Military Forces of Mali|Hombori|3"
        ]
    );
    // "cette attaque" on the day it was reported is the attack told before.
    let events = summary(
        "Au moins onze soldats ont été tués mercredi soir dans l'attaque de leur position à Boni par des individus armés.\n\
         Jeudi en fin de matinée, aucun communiqué ne mentionnait cette attaque.",
        "2017-02-24",
    );
    assert_eq!(events.len(), 1, "{events:?}");
}

#[test]
fn numbers_joined_after_a_death_noun_add_up() {
    let events = summary(
        "L'attaque de Djibo, le dimanche 14 novembre 2021, a causé la mort de 19 gendarmes et 1 civil.",
        "2021-11-16",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].ends_with("|Djibo|20"), "{events:?}");
}

#[test]
fn the_day_a_minister_spoke_is_not_the_day_of_the_blast() {
    // The blast is undated: the day before publication, not the announcement.
    let events = summary(
        "Selon les premières investigations, c'est un engin explosif télécommandé qui a frappé le convoi près de Djibo, a annoncé ce mercredi 7 septembre 2022 le ministre de la défense.",
        "2022-09-10",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].starts_with("2022-09-09|"), "{events:?}");
    let events = summary(
        "Un engin explosif télécommandé a frappé le convoi près de Djibo ce mercredi 7 septembre 2022, a annoncé le ministre.",
        "2022-09-12",
    );
    assert!(events[0].starts_with("2022-09-07|"), "{events:?}");
    // Nor is it lent by the next sentence to an undated blast.
    let events = summary(
        "Un engin explosif télécommandé a frappé un convoi près de Djibo.
         Le ministre de la défense a annoncé ce mercredi 7 septembre 2022 l'ouverture d'une enquête.",
        "2022-09-10",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].starts_with("2022-09-09|"), "{events:?}");
}

#[test]
fn the_army_taking_over_a_town_regains_territory() {
    let events = summary(
        "Today our armed forces have taken over Boni, the junta leader said on Tuesday, November 14, 2023, after rebels held the town for a decade.",
        "2023-11-14",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(
        events[0].starts_with("2023-11-14|Government regains territory|Military Forces of Mali|"),
        "{events:?}"
    );
}

#[test]
fn a_town_back_in_the_state_fold_is_regained() {
    let events = summary(
        "Mardi 14 novembre 2023 restera gravé dans les mémoires : le retour de Boni dans le giron de l'État après des années d'occupation par des terroristes.",
        "2023-11",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(
        events[0].starts_with("2023-11-14|Government regains territory|Military Forces of Mali|"),
        "{events:?}"
    );
}

#[test]
fn armed_men_dressed_as_hunters_are_the_hunters() {
    check(
        "Une trentaine d'hommes lourdement armés et habillés en tenue des chasseurs traditionnels «Donzos» ont fait irruption dans le village de Boni le samedi 23 mars 2019, tuant 20 civils.",
        "2019-03-24",
        &["2019-03-23|Attack|Dozo Militia|Civilians (Mali)|Boni|20"],
    );
}

#[test]
fn the_attack_of_a_place_names_where_it_happened() {
    check(
        "L'attaque d'Inata, le dimanche 14 novembre 2021, a causé la mort de 19 gendarmes.",
        "2021-11-16",
        &["2021-11-14|Armed clash|Unidentified Armed Group (Burkina Faso)|Military Forces of Burkina Faso|Inata|19"],
    );
}

#[test]
fn a_village_in_a_list_is_a_settlement_and_an_older_toll_does_not_count() {
    // Serma follows an unknown first village in "les villages de A, B et C", so
    // it is a settlement and outranks "20 km au nord de Mopti"; the forty dead of
    // the earlier drama at Mopti are not this attack's.
    check(
        "Le samedi 23 mars 2019, des individus armés ont fait irruption dans les villages de Ogossagou, Serma et Guiwagou, 20 km au nord de Mopti où un drame pareil s'était produit en début d'année faisant une quarantaine de civils tués.\n\
         Au moins une centaine de civils ont été tués.",
        "2019-03-24",
        &["2019-03-23|Attack|Unidentified Armed Group (Mali)|Civilians (Mali)|Serma|100"],
    );
}

#[test]
fn a_day_in_an_after_clause_is_not_the_event_s() {
    let events = summary(
        "Des hommes armés ont attaqué le poste militaire de Boni, trois semaines après que le JNIM a annoncé le 3 août un blocus de la région.",
        "2023-08-25",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].starts_with("2023-08-24|"), "{events:?}");
}

#[test]
fn the_world_bank_is_not_football() {
    // Football words frame a story as sport; "mondial" alone is not one of them.
    let events = summary(
        "Des hommes armés ont attaqué samedi 4 mai 2024 un chantier financé par la Banque mondiale près de Boni, tuant trois ouvriers.",
        "2024-05-06",
    );
    assert_eq!(events.len(), 1, "{events:?}");
}

#[test]
fn an_aside_between_commas_does_not_part_a_toll_from_its_verb() {
    for text in [
        "Au moins 400 personnes, dont des femmes et des nourrissons, ont été tuées samedi 24 août 2024 à Boni par des hommes armés.",
        "An estimated 400 people, including women and infants, were killed on Saturday, August 24, 2024 in Boni by gunmen.",
    ] {
        let events = summary(text, "2024-08-26");
        assert_eq!(events.len(), 1, "{events:?}");
        assert!(events[0].ends_with("|Boni|400"), "{events:?}");
    }
}

#[test]
fn the_day_a_toll_was_given_is_not_the_day_of_the_attack() {
    let events = summary(
        "Au moins vingt villageois ont été tués lors d'une attaque de nuit contre le village de Boni, selon un nouveau bilan donné vendredi par le porte-parole du gouvernement.",
        "2020-02-14",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].starts_with("2020-02-13|"), "{events:?}");
}

#[test]
fn an_infinitive_of_purpose_is_no_event() {
    check(
        "Western armies have been struggling to combat jihadists in the area around Djibo.",
        "2025-03-05",
        &[],
    );
    check(
        "L'armée a déployé des renforts à Djibo pour combattre les groupes armés.",
        "2025-03-05",
        &[],
    );
    // A noun after "to" is still reported: "led to clashes".
    let events = summary(
        "On Monday, a dispute over cattle near Djibo led to clashes between VDP and militants.",
        "2025-03-05",
    );
    assert_eq!(
        columns(&events, &[0, 1, 4]),
        ["2025-03-03|Armed clash|Djibo"]
    );
}

#[test]
fn as_many_as_is_the_number_after_it() {
    check(
        "On Saturday, gunmen killed as many as 132 people in the village of Solhan.",
        "2021-06-07",
        &["2021-06-05|Attack|Unidentified Armed Group (Burkina Faso)|Civilians (Burkina Faso)|Solhan|132"],
    );
}

fn extraction(id: &str, text: &str, published: &str) -> kibaru_core::Extraction {
    let article = Article {
        id: id.into(),
        published: (!published.is_empty()).then(|| published.to_string()),
        text: text.into(),
        ..Article::default()
    };
    Pipeline::new(gazetteer()).extract(&article)
}

/// `date_or_fallback`, which takes the event, gives what `date` else
/// `fallback` give from a borrowed one.
fn same_as_date_or_fallback(corroborator: &kibaru_core::Corroborator, u: &UndatedEvent) {
    assert_eq!(
        corroborator.date_or_fallback(u.clone()),
        corroborator.date(u).or_else(|| u.fallback())
    );
}

/// A report with no publication date and no year is dated from the other
/// reports of the same incident: same type, same place, a day that fits what
/// the text says of it.
#[test]
fn undated_reports_are_dated_from_other_reports_of_the_incident() {
    let massacre =
        "Samedi 5 juin 2021, des hommes armés ont attaqué le village de Solhan, tuant 132 civils.";
    let dated = extraction("a", massacre, "2021-06-07");
    assert_eq!(dated.events.len(), 1);
    assert!(dated.undated.is_empty());
    let mut corroborator = kibaru_core::Corroborator::new();
    corroborator.add(&dated.events[0]);
    let date = |text: &str| -> Vec<String> {
        let x = extraction("b", text, "");
        assert!(x.events.is_empty(), "nothing dated without a date: {text}");
        x.undated
            .iter()
            .inspect(|u| same_as_date_or_fallback(&corroborator, u))
            .map(|u| match corroborator.date(u) {
                Some(e) => format!("{}|{}|{}", e.event_date, e.time_precision, e.notes),
                None => "undated".to_string(),
            })
            .collect()
    };
    assert_eq!(
        date("Samedi, des hommes armés ont attaqué le village de Solhan. Au moins 100 civils ont été tués."),
        ["2021-06-05|1|On 2021-06-05, Unidentified Armed Group (Burkina Faso): attack involving Civilians (Burkina Faso) at Solhan (Sahel), Burkina Faso; 100 reported killed. Dated from report a."]
    );
    // Nothing said of the day: the other report's day.
    assert_eq!(
        columns(
            &date("Des hommes armés ont attaqué le village de Solhan, tuant 100 civils."),
            &[0]
        ),
        ["2021-06-05"]
    );
    // A day that does not fit, another place, another type: left undated.
    assert_eq!(
        date("Lundi, des hommes armés ont attaqué le village de Solhan, tuant 100 civils."),
        ["undated"]
    );
    assert_eq!(
        date("Samedi, des hommes armés ont attaqué le village de Djibo, tuant 100 civils."),
        ["undated"]
    );
    assert_eq!(
        date("Samedi, des soldats ont affronté des terroristes à Solhan, quatre militaires ont été tués."),
        ["undated"]
    );
    // The report's own day counts only from other reports.
    let own = extraction(
        "a",
        "Samedi, des hommes armés ont attaqué le village de Solhan.",
        "",
    );
    assert!(corroborator.date(&own.undated[0]).is_none());
    // Reports a day apart (a night): the day most give; two weeks apart: no day.
    let mut night = kibaru_core::Corroborator::new();
    for (id, text) in [
        ("c", "Vendredi 4 juin 2021, des hommes armés ont attaqué le village de Solhan, tuant 132 civils."),
        ("d", massacre),
        ("e", massacre),
    ] {
        night.add(&extraction(id, text, "2021-06-07").events[0]);
    }
    let undated = extraction(
        "f",
        "Des hommes armés ont attaqué le village de Solhan, tuant 100 civils.",
        "",
    );
    assert_eq!(
        night.date(&undated.undated[0]).unwrap().event_date,
        "2021-06-05"
    );
    night.add(&extraction("g", "Samedi 19 juin 2021, des hommes armés ont attaqué le village de Solhan, tuant trois civils.", "2021-06-21").events[0]);
    assert!(night.date(&undated.undated[0]).is_none());
    // A weekday in an article dated by its month: the middle of the month, unless
    // another report gives the day.
    let month = extraction(
        "m",
        "Samedi, des hommes armés ont attaqué le village de Solhan, tuant 100 civils.",
        "2021-06",
    );
    assert!(month.events.is_empty());
    let u = &month.undated[0];
    same_as_date_or_fallback(&corroborator, u);
    same_as_date_or_fallback(&kibaru_core::Corroborator::new(), u);
    assert_eq!(u.fallback().unwrap().event_date, "2021-06-15");
    assert_eq!(u.fallback().unwrap().time_precision, 3);
    let dated = corroborator.date(u).unwrap();
    assert_eq!(
        (dated.event_date.as_str(), dated.time_precision),
        ("2021-06-05", 1)
    );
    // An article dated by its month that cannot date an event skips it, as before.
    let month = extraction("h", "Des hommes armés ont attaqué le village de Solhan, tuant 100 civils. Le 3 mai dernier, un autre village avait été visé.", "2021-06");
    assert!(month.undated.is_empty());
}

#[test]
fn a_death_toll_given_at_a_figure_counts() {
    let events = summary(
        "Officials have put the death toll from Sunday's attack on an army camp in Douentza at 23. The camp was attacked at dawn by militants.",
        "2019-03-19",
    );
    assert_eq!(columns(&events, &[0, 4, 5]), ["2019-03-17|Douentza|23"]);
    // A toll of something else is not a death toll.
    let events = summary(
        "On Sunday militants attacked an army camp in Douentza; the number of displaced rose to 2000.",
        "2019-03-19",
    );
    assert_eq!(columns(&events, &[0, 4, 5]), ["2019-03-17|Douentza|0"]);
}

#[test]
fn an_event_noun_as_a_time_reference_is_no_report() {
    // The second sentence tells what the army did after the attack: it must not
    // make the massacre of villagers a battle with the army.
    let events = summary(
        "On Saturday, JNIM militants shot dead 40 people in Djibo, most of them villagers. After the attack, the army deployed troops to the town.",
        "2024-08-26",
    );
    assert_eq!(
        events,
        ["2024-08-24|Attack|JNIM: Group for Support of Islam and Muslims|Civilians (Burkina Faso)|Djibo|40"]
    );
}

#[test]
fn a_place_taken_without_a_fight_is_a_non_violent_transfer() {
    let events = summary(
        "Lundi, les combattants de l'EIGS ont pris la localité de Boni, sans rencontrer de résistance.",
        "2025-03-05",
    );
    assert_eq!(
        columns(&events, &[1, 2, 4]),
        ["Non-violent transfer of territory|Islamic State Sahel Province|Boni"]
    );
    let events = summary(
        "Lundi, les combattants de l'EIGS ont pris la localité de Boni après de violents combats qui ont fait dix morts.",
        "2025-03-05",
    );
    assert_eq!(
        columns(&events, &[1, 4, 5]),
        ["Non-state actor overtakes territory|Boni|10"]
    );
}

#[test]
fn an_attack_on_several_named_places_is_one_event_per_place() {
    // The toll is split evenly, the remainder to the first.
    check(
        "Lundi, des hommes armés ont attaqué les villages de Boni, Serma et Hombori, tuant dix civils.",
        "2025-03-05",
        &[
            "2025-03-03|Attack|Unidentified Armed Group (Mali)|Civilians (Mali)|Boni|4",
            "2025-03-03|Attack|Unidentified Armed Group (Mali)|Civilians (Mali)|Serma|3",
            "2025-03-03|Attack|Unidentified Armed Group (Mali)|Civilians (Mali)|Hombori|3",
        ],
    );
    // Two targets in one town; a name hyphenated to the town's gives way to it.
    let events = summary(
        "Mardi, des terroristes ont attaqué l'école de gendarmerie du quartier de Faladié, où les tirs ont duré trois heures, et une zone militaire de l'aéroport de Bamako-Sénou.",
        "2024-09-18",
    );
    assert_eq!(
        columns(&events, &[0, 4]),
        ["2024-09-17|Faladié", "2024-09-17|Sénou"]
    );
    let events = summary(
        "Le 17 septembre 2024, deux lieux ont été attaqués de façon simultanée : l'école de gendarmerie du quartier de Faladié, où les tirs ont duré environ trois heures, et une zone militaire de l'aéroport de Bamako-Sénou.",
        "2024-09",
    );
    assert_eq!(
        columns(&events, &[0, 4]),
        ["2024-09-17|Faladié", "2024-09-17|Sénou"]
    );
    // Between two places, on a road, or one place named twice: one event.
    for text in [
        "Mardi, des hommes armés ont attaqué un car entre Boni et Hombori, tuant dix civils.",
        "Mardi, un car a sauté sur une mine entre les villes de Boni et de Hombori.",
        "Mardi, des hommes armés ont attaqué le village de Boni et incendié les greniers de Boni.",
    ] {
        assert_eq!(summary(text, "2025-03-05").len(), 1, "{text}");
    }
}

#[test]
fn vehicles_put_out_of_action_are_no_toll() {
    let events = summary(
        "Lundi, les terroristes ont attaqué le camp militaire de Boni et mis hors d'état de nuire plusieurs véhicules militaires.",
        "2025-03-05",
    );
    assert_eq!(columns(&events, &[0, 4, 5]), ["2025-03-03|Boni|0"]);
    let events = summary(
        "Lundi, l'armée a neutralisé plusieurs terroristes près de Boni.",
        "2025-03-05",
    );
    assert_eq!(columns(&events, &[0, 4, 5]), ["2025-03-03|Boni|3"]);
}

#[test]
fn a_revised_toll_replaces_the_earlier_one() {
    let events = summary(
        "Lundi, des hommes armés ont attaqué le village de Boni. Alors qu'on parlait d'une cinquantaine de morts, le bilan est passé à 137 personnes tuées.",
        "2025-03-05",
    );
    assert_eq!(columns(&events, &[4, 5]), ["Boni|137"]);
    let events = summary(
        "Lundi, des hommes armés ont attaqué le village de Boni, tuant 137 personnes. Le bilan s'est alourdi à 140 morts.",
        "2025-03-05",
    );
    assert_eq!(columns(&events, &[4, 5]), ["Boni|140"]);
}

#[test]
fn plural_deaths_without_a_number_are_three() {
    for (text, toll) in [
        ("Lundi, une attaque à Boni a fait des morts.", 3),
        ("Lundi, des hommes armés ont attaqué le village de Boni et tué des civils.", 3),
        ("Lundi, le chef du village de Boni et ses compagnons ont été tués lors d'une embuscade.", 3),
        ("On Monday, gunmen attacked Boni, leaving a large number of people dead.", 3),
        // Not when denied, nor for victims who may be wounded ones.
        ("Lundi, une attaque à Boni n'a pas fait de morts.", 0),
        ("Lundi, une attaque a visé Boni ; condoléances aux familles des victimes.", 0),
        ("Lundi, des hommes armés ont attaqué Boni. Des civils ont été blessés.", 0),
    ] {
        let events = summary(text, "2025-03-05");
        assert_eq!(columns(&events, &[5]), [toll.to_string()], "{text}");
    }
}

#[test]
fn a_headline_sums_up_the_toll_the_body_gives() {
    // A second headline tells of a militant killed; the story below, of two
    // civilians: the body's figure wins.
    let events = summary(
        "L'explosion d'une mine tue un terroriste au Mali\n\
         Samedi, deux civils ont été tués quand leur camion a sauté sur une mine artisanale près de Boni.",
        "2021-05-09",
    );
    assert_eq!(columns(&events, &[0, 4, 5]), ["2021-05-08|Boni|2"]);
    // A headline alone gives the toll when the body gives none.
    let events = summary(
        "Une mine tue trois civils près de Boni\n\
         Samedi, un camion a sauté sur une mine artisanale près de Boni.",
        "2021-05-09",
    );
    assert_eq!(columns(&events, &[0, 4, 5]), ["2021-05-08|Boni|3"]);
}

#[test]
fn a_trigger_across_a_line_break_that_ends_a_sentence_is_read_safely() {
    // Found by fuzzing the pipeline: "a\nTué" is one lexicon match ("a tué",
    // a line break read as a blank) but two sentences (the line break before a
    // capital ends one); the death toll read the words after the match up to
    // the end of the sentence where it starts, a range turned backwards.
    let events = summary(
        "Lundi 3 mars 2025 à Boni : une embuscade a\nTué.",
        "2025-03-04",
    );
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].starts_with("2025-03-03|"), "{events:?}");
}
