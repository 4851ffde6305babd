//! Data-driven tests of [`find_dates`]: each case is a sentence, a publication date and
//! the mentions expected, written `surface|date|precision[|until]` with precision `D`,
//! `W`, `M` or `Y`.

use kibaru_text::{fold, Lang};
use proptest::prelude::*;

use crate::{
    find_dates, find_dates_and_hints, Date, DateMention, DayHint, MentionKind, Precision, PubDate,
};

fn show(folded: &str, d: &DateMention) -> String {
    let p = match d.precision {
        Precision::Day => "D",
        Precision::Week => "W",
        Precision::Month => "M",
        Precision::Year => "Y",
    };
    let surface = &folded[d.range.start as usize..d.range.end as usize];
    match d.until {
        Some(u) => format!("{surface}|{}|{p}|{u}", d.date),
        None => format!("{surface}|{}|{p}", d.date),
    }
}

/// Checks the mentions found in `text` (folded first) published on `published`
/// ("" for none).
fn check(lang: Lang, text: &str, published: &str, expected: &[&str]) {
    let folded = fold(text);
    let published = if published.is_empty() {
        None
    } else {
        Some(PubDate::parse(published).expect("test publication date"))
    };
    let got: Vec<String> = find_dates(&folded, lang, published)
        .iter()
        .map(|d| show(&folded, d))
        .collect();
    assert_eq!(got, expected, "text: {text:?}, published: {published:?}");
}

fn fr(text: &str, published: &str, expected: &[&str]) {
    check(Lang::Fr, text, published, expected);
}

fn en(text: &str, published: &str, expected: &[&str]) {
    check(Lang::En, text, published, expected);
}

#[test]
fn date_basics() {
    let d = Date::new(2024, 12, 26).unwrap();
    assert_eq!(d.weekday(), 3);
    assert_eq!(d.to_string(), "2024-12-26");
    assert_eq!(Date::from_days(d.to_days()), d);
    assert_eq!(Date::parse_iso("2024-02-29"), Date::new(2024, 2, 29));
    assert_eq!(Date::new(2023, 2, 29), None);
    assert_eq!(
        PubDate::parse("2024-12"),
        Some(PubDate {
            year: 2024,
            month: Some(12),
            day: None
        })
    );
    assert_eq!(
        PubDate::parse("2024-12-27T08:00:00Z").and_then(PubDate::date),
        Date::new(2024, 12, 27)
    );
    assert_eq!(Precision::Week.code(), 2);
    assert_eq!(Precision::Year.code(), 3);
}

#[test]
fn explicit_dates() {
    fr(
        "L'attaque a eu lieu le jeudi 26 décembre 2024 près de Djibo.",
        "2024-12-28",
        &["jeudi 26 decembre 2024|2024-12-26|D"],
    );
    fr(
        "Le 26 décembre, des hommes armés ont attaqué le poste.",
        "2025-01-03",
        &["26 decembre|2024-12-26|D"],
    );
    fr(
        "Le 2 janvier, le convoi a été visé.",
        "2025-01-03",
        &["2 janvier|2025-01-02|D"],
    );
    // An announced date a few days ahead stays in the same year.
    fr(
        "Le sommet se tiendra le 30 décembre.",
        "2024-12-27",
        &["30 decembre|2024-12-30|D"],
    );
    fr(
        "Le 26 décembre dernier, une embuscade a fait dix morts.",
        "2024-12-20",
        &["26 decembre dernier|2023-12-26|D"],
    );
    fr(
        "Le scrutin est prévu le 15 mars prochain.",
        "2025-03-20",
        &["15 mars prochain|2026-03-15|D"],
    );
    // The weekday decides the year: 26 December was a Thursday in 2024, not in 2023.
    fr(
        "Le jeudi 26 décembre, la ville sera en fête.",
        "2024-12-10",
        &["jeudi 26 decembre|2024-12-26|D"],
    );
    fr(
        "Un bilan publié le 26/12/2024 fait état de dix morts.",
        "2025-01-05",
        &["26/12/2024|2024-12-26|D"],
    );
    fr(
        "Le 1er mai 2023, la marche a rassemblé des milliers de personnes.",
        "2024-01-01",
        &["1er mai 2023|2023-05-01|D"],
    );
    fr("Le 31 février, rien ne s'est passé.", "2024-03-05", &[]);
    en(
        "The attack took place on December 26 near Menaka.",
        "2024-12-28",
        &["december 26|2024-12-26|D"],
    );
    en(
        "On 3 March 2023, gunmen raided the market.",
        "2024-05-01",
        &["3 march 2023|2023-03-03|D"],
    );
    en(
        "Officials confirmed the toll on Thursday, December 26, 2024.",
        "2024-12-27",
        &["thursday, december 26, 2024|2024-12-26|D"],
    );
}

#[test]
fn numeric_date_after_a_word_is_not_part_of_a_number() {
    // The numeric recogniser used to reject every numeric date not at the start of the
    // text, taking its own "/12" for a longer number.
    fr(
        "Le bilan du 26/12/2024 et celui du 2024-12-27 concordent.",
        "2025-01-05",
        &["26/12/2024|2024-12-26|D", "2024-12-27|2024-12-27|D"],
    );
    fr("Le score était de 3/12/2024/5 à 10:30.", "2025-01-05", &[]);
    en(
        "Figures released 12/26/2024 show a rise.",
        "2025-01-05",
        &["12/26/2024|2024-12-26|D"],
    );
}

#[test]
fn spans_and_nights() {
    fr(
        "Dans la nuit du 26 au 27 décembre, le camp a été attaqué.",
        "2024-12-28",
        &["dans la nuit du 26 au 27 decembre|2024-12-26|D|2024-12-27"],
    );
    fr(
        "Dans la nuit du 26 au 27, le camp a été attaqué.",
        "2024-12-28",
        &["dans la nuit du 26 au 27|2024-12-26|D|2024-12-27"],
    );
    fr(
        "Dans la nuit du 31 au 1er, des tirs ont retenti.",
        "2025-01-02",
        &["dans la nuit du 31 au 1er|2024-12-31|D|2025-01-01"],
    );
    fr(
        "Les combats ont duré du 3 au 5 mai.",
        "2024-05-10",
        &["du 3 au 5 mai|2024-05-03|D|2024-05-05"],
    );
    fr(
        "Des opérations menées du 28 décembre au 2 janvier.",
        "2025-01-05",
        &["du 28 decembre au 2 janvier|2024-12-28|D|2025-01-02"],
    );
    fr(
        "Du 15 mars au 15 avril 2022, l'armée a ratissé la zone.",
        "2023-01-01",
        &["du 15 mars au 15 avril 2022|2022-03-15|D|2022-04-15"],
    );
    fr("Les combats ont duré du 3 au 5.", "2024-05-10", &[]);
}

#[test]
fn weekdays() {
    // 2024-12-27 is a Friday.
    fr(
        "Jeudi, des jihadistes ont attaqué Djibo.",
        "2024-12-27",
        &["jeudi|2024-12-26|D"],
    );
    fr(
        "Vendredi matin, une mine a explosé.",
        "2024-12-27",
        &["vendredi matin|2024-12-27|D"],
    );
    fr(
        "Vendredi dernier, une mine a explosé.",
        "2024-12-27",
        &["vendredi dernier|2024-12-20|D"],
    );
    fr(
        "Lundi dernier, un convoi a été visé.",
        "2024-12-27",
        &["lundi dernier|2024-12-23|D"],
    );
    fr(
        "Les élections auront lieu lundi prochain.",
        "2024-12-27",
        &["lundi prochain|2024-12-30|D"],
    );
    fr(
        "Dans la nuit de samedi à dimanche, le poste a été attaqué.",
        "2024-12-23",
        &["dans la nuit de samedi a dimanche|2024-12-21|D"],
    );
    fr(
        "Samedi 21, l'armée a riposté.",
        "2024-12-27",
        &["samedi 21|2024-12-21|D"],
    );
    // The day of month does not fit a Saturday near the anchor: the weekday alone.
    fr(
        "Samedi 22, l'armée a riposté.",
        "2024-12-27",
        &["samedi|2024-12-21|D"],
    );
    en(
        "Last Tuesday, gunmen stormed the village.",
        "2024-12-27",
        &["last tuesday|2024-12-24|D"],
    );
    en(
        "The army said on Sunday that 20 militants were killed.",
        "2024-12-27",
        &["sunday|2024-12-22|D"],
    );
    en(
        "Thursday's attack killed five soldiers.",
        "2024-12-27",
        &["thursday's|2024-12-26|D"],
    );
}

#[test]
fn relative_days_and_weeks() {
    fr(
        "Hier, des hommes armés ont tué trois civils.",
        "2024-12-27",
        &["hier|2024-12-26|D"],
    );
    fr(
        "Avant-hier soir, des tirs ont été entendus.",
        "2024-12-27",
        &["avant-hier soir|2024-12-25|D"],
    );
    fr(
        "Aujourd'hui, la ville est calme.",
        "2024-12-27",
        &["aujourd'hui|2024-12-27|D"],
    );
    fr(
        "Il y a trois jours, un bus a sauté sur une mine.",
        "2024-12-27",
        &["il y a trois jours|2024-12-24|D"],
    );
    fr(
        "Il y a deux semaines, le village a été pillé.",
        "2024-12-27",
        &["il y a deux semaines|2024-12-13|W"],
    );
    fr(
        "La semaine dernière, l'armée a mené des frappes.",
        "2024-12-27",
        &["semaine derniere|2024-12-19|W"],
    );
    fr(
        "Cette semaine, les attaques se sont multipliées.",
        "2024-12-27",
        &["cette semaine|2024-12-26|W"],
    );
    // Monday: this week's Thursday is ahead, so the anchor day itself.
    fr(
        "Cette semaine, les attaques se sont multipliées.",
        "2024-12-23",
        &["cette semaine|2024-12-23|W"],
    );
    fr(
        "Le week-end dernier, deux villages ont été attaqués.",
        "2024-12-27",
        &["week-end dernier|2024-12-21|D|2024-12-22"],
    );
    fr(
        "Le week-end dernier, deux villages ont été attaqués.",
        "2024-12-29",
        &["week-end dernier|2024-12-21|D|2024-12-22"],
    );
    fr(
        "Ce week-end, deux villages ont été attaqués.",
        "2024-12-29",
        &["ce week-end|2024-12-28|D|2024-12-29"],
    );
    en(
        "Yesterday, soldiers repelled an attack.",
        "2024-12-27",
        &["yesterday|2024-12-26|D"],
    );
    en(
        "Three days ago, gunmen killed a chief.",
        "2024-12-27",
        &["three days ago|2024-12-24|D"],
    );
    en(
        "Last week, drones struck a base.",
        "2024-12-27",
        &["last week|2024-12-19|W"],
    );
    en(
        "Over the weekend, militants attacked a convoy.",
        "2024-12-23",
        &["over the weekend|2024-12-21|D|2024-12-22"],
    );
}

#[test]
fn months_and_years() {
    fr(
        "En février 2024, l'armée a repris la ville.",
        "2024-12-27",
        &["fevrier 2024|2024-02-15|M"],
    );
    fr(
        "En février, l'armée a repris la ville.",
        "2024-12-27",
        &["fevrier|2024-02-15|M"],
    );
    fr(
        "Fin décembre dernier, le camp a été attaqué.",
        "2024-12-27",
        &["fin decembre dernier|2023-12-15|M"],
    );
    fr(
        "Le mois dernier, trente civils ont été tués.",
        "2025-01-10",
        &["mois dernier|2024-12-15|M"],
    );
    fr(
        "Le mois dernier, trente civils ont été tués.",
        "2025-01",
        &["mois dernier|2024-12-15|M"],
    );
    fr(
        "L'année dernière, le conflit a fait des milliers de morts.",
        "2025-01-10",
        &["annee derniere|2024-07-01|Y"],
    );
    fr(
        "Depuis 2015, le pays est en guerre.",
        "2024-12-27",
        &["2015|2015-07-01|Y"],
    );
    fr(
        "De 2012 à 2015, le nord était occupé.",
        "2024-12-27",
        &["2012 a 2015|2012-07-01|Y|2015-12-31"],
    );
    en(
        "In March, the junta extended the transition.",
        "2024-12-27",
        &["march|2024-03-15|M"],
    );
    en(
        "In January, rebels took the town.",
        "2024-12-28",
        &["january|2024-01-15|M"],
    );
}

#[test]
fn month_only_publication() {
    // No full date in the text: the middle of the publication month, month precision.
    fr(
        "Jeudi, des hommes armés ont attaqué Djibo.",
        "2024-12",
        &["jeudi|2024-12-15|M"],
    );
    fr(
        "Hier, des tirs ont visé le camp.",
        "2024-12",
        &["hier|2024-12-15|M"],
    );
    // With one: relative mentions count from it.
    fr(
        "Le jeudi 26 décembre, le poste a été attaqué. Jeudi, le bilan était de cinq morts.",
        "2024-12",
        &["jeudi 26 decembre|2024-12-26|D", "jeudi|2024-12-26|D"],
    );
    fr(
        "Le 20 décembre, un convoi a sauté sur une mine. Hier, des renforts sont arrivés.",
        "2024-12",
        &["20 decembre|2024-12-20|D", "hier|2024-12-19|D"],
    );
    // A date after the publication month is no anchor.
    fr(
        "Hier, le camp a été visé. Les élections auront lieu le 15 janvier 2025.",
        "2024-12",
        &["hier|2024-12-15|M", "15 janvier 2025|2025-01-15|D"],
    );
    // A night needs only the month.
    fr(
        "Dans la nuit du 26 au 27, le camp a été attaqué.",
        "2024-12",
        &["dans la nuit du 26 au 27|2024-12-26|D|2024-12-27"],
    );
    fr(
        "Samedi 21, l'armée a riposté.",
        "2024-12",
        &["samedi 21|2024-12-21|D"],
    );
}

#[test]
fn no_publication_date() {
    fr(
        "Le 26 décembre 2024, une attaque a visé Djibo. Hier, le calme est revenu.",
        "",
        &["26 decembre 2024|2024-12-26|D", "hier|2024-12-25|D"],
    );
    fr(
        "Le 20 décembre, puis le 26 décembre 2024, le camp a été visé.",
        "",
        &["20 decembre|2024-12-20|D", "26 decembre 2024|2024-12-26|D"],
    );
    fr("Hier, jeudi, le 26 décembre, tout a brûlé.", "", &[]);
    fr(
        "En 2019, le conflit s'est étendu.",
        "",
        &["2019|2019-07-01|Y"],
    );
    // The weekday picks the year around the years the text names, and the day
    // found anchors the relative mentions after it.
    fr(
        "Le village, déjà visé en mars 2019, a été attaqué ce vendredi 14 février. Samedi, les secours sont arrivés.",
        "",
        &[
            "mars 2019|2019-03-15|M",
            "vendredi 14 fevrier|2020-02-14|D",
            "samedi|2020-02-08|D",
        ],
    );
}

/// Day expressions that cannot be resolved (no publication date, no year in the
/// text) leave what they say about the day; resolved ones leave nothing.
#[test]
fn unresolved_days_leave_hints() {
    let hints = |text: &str, published: &str| {
        let folded = fold(text);
        find_dates_and_hints(&folded, Lang::Fr, PubDate::parse(published))
            .hints
            .iter()
            .map(|h| {
                format!(
                    "{}|{:?}|{:?}|{:?}",
                    &folded[h.range.as_range()],
                    h.weekday,
                    h.day,
                    h.month
                )
            })
            .collect::<Vec<_>>()
    };
    let text = "Samedi, le village a été attaqué. Le 14 février, puis en mars, et dans la nuit du 3 au 4, hier.";
    assert_eq!(
        hints(text, ""),
        [
            "samedi|Some(5)|None|None",
            "14 fevrier|None|Some(14)|Some(2)",
            "mars|None|None|Some(3)",
            "dans la nuit du 3 au 4|None|Some(3)|None",
        ]
    );
    // A night fits its evening and its morning.
    let folded = fold("Dans la nuit de vendredi à samedi, le village a été attaqué.");
    let night = find_dates_and_hints(&folded, Lang::Fr, None).hints;
    assert_eq!(night.len(), 1);
    assert!(night[0].night);
    assert!(night[0].fits(Date::new(2019, 3, 22).unwrap()), "a Friday");
    assert!(night[0].fits(Date::new(2019, 3, 23).unwrap()), "a Saturday");
    assert!(!night[0].fits(Date::new(2019, 3, 24).unwrap()), "a Sunday");
    assert!(hints(text, "2024-03-20").is_empty());
    // A month-only publication places "samedi" at the month's middle, and keeps
    // the weekday and the month as a hint.
    assert_eq!(
        hints("Samedi, le village a été attaqué.", "2024-03"),
        ["samedi|Some(5)|None|Some(3)"]
    );
    let hint = DayHint {
        weekday: Some(4),
        day: Some(14),
        month: Some(2),
        ..DayHint::default()
    };
    assert!(hint.fits(Date::new(2020, 2, 14).unwrap()));
    assert!(!hint.fits(Date::new(2019, 2, 14).unwrap()), "a Thursday");
    assert!(!hint.fits(Date::new(2020, 3, 13).unwrap()));
}

#[test]
fn kinds() {
    let folded = fold("Jeudi 26 décembre 2024, hier, lundi, en mars 2023, depuis 2015.");
    let kinds: Vec<MentionKind> = find_dates(&folded, Lang::Fr, PubDate::parse("2024-12-27"))
        .iter()
        .map(|d| d.kind)
        .collect();
    use MentionKind::*;
    assert_eq!(kinds, vec![Explicit, Relative, Weekday, Month, Year]);
}

#[test]
fn extreme_publication_dates() {
    for year in [-50_000, 300_000, i32::MAX, i32::MIN] {
        let p = Some(PubDate {
            year,
            month: Some(2),
            day: Some(29),
        });
        let folded = fold("Le 29 février, hier, jeudi, le mois dernier, l'an dernier.");
        let _ = find_dates(&folded, Lang::Fr, p);
    }
    let p = Some(PubDate {
        year: 300_000,
        month: Some(12),
        day: Some(27),
    });
    let folded = fold("Le 26 décembre, hier.");
    let got: Vec<String> = find_dates(&folded, Lang::Fr, p)
        .iter()
        .map(|d| d.date.to_string())
        .collect();
    assert_eq!(got, vec!["300000-12-26", "300000-12-26"]);
}

const VOCAB: &[&str] = &[
    "le", "la", "du", "au", "a", "et", "dans", "nuit", "de", "hier", "avant", "-", "aujourd", "'",
    "hui", "jeudi", "samedi", "dimanche", "dernier", "prochain", "26", "27", "31", "1er", "2024",
    "2015", "decembre", "fevrier", "mai", "sept", ".", "/", ",", "12", "semaine", "week", "end",
    "il", "y", "trois", "jours", "mois", "an", "en", "depuis", "last", "next", "tuesday", "ago",
    "the", "weekend", "over", "s", "debut", "fin", "mi", "entre", "les", "\n", "é", "日本", "ce",
];

fn vocab_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(VOCAB),
            prop::sample::select(&[" ", "", "  "][..]),
        ),
        0..40,
    )
    .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect())
}

fn pub_date() -> impl Strategy<Value = Option<PubDate>> {
    let year = prop_oneof![1990..2030i32, Just(-50_000), Just(300_000), any::<i32>()];
    let part = prop_oneof![Just(None), (0u8..40).prop_map(Some)];
    prop::option::of(
        (year, part.clone(), part).prop_map(|(year, month, day)| PubDate { year, month, day }),
    )
}

fn assert_well_formed(text: &str, got: &[DateMention]) {
    let mut last_end = 0;
    for d in got {
        let (s, e) = (d.range.start as usize, d.range.end as usize);
        assert!(s < e && e <= text.len(), "{d:?}");
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "{d:?}"
        );
        assert!(s >= last_end, "overlapping or unsorted: {got:?}");
        last_end = e;
    }
}

proptest! {
    #[test]
    fn never_panics_on_any_text(text in any::<String>(), p in pub_date(), en in any::<bool>()) {
        let lang = if en { Lang::En } else { Lang::Fr };
        assert_well_formed(&text, &find_dates(&text, lang, p));
    }

    #[test]
    fn never_panics_on_date_words(text in vocab_text(), p in pub_date(), en in any::<bool>()) {
        let lang = if en { Lang::En } else { Lang::Fr };
        assert_well_formed(&text, &find_dates(&text, lang, p));
    }
}

#[test]
fn days_counted_from_the_previous_day_named() {
    fr(
        "Le camion a sauté samedi. Le lendemain, un autre véhicule a été touché.",
        "2021-05-10",
        &["samedi|2021-05-08|D", "lendemain|2021-05-09|D"],
    );
    fr(
        "L'attaque a eu lieu le 26 décembre 2024. Deux jours plus tard, l'armée a riposté.",
        "",
        &[
            "26 decembre 2024|2024-12-26|D",
            "deux jours plus tard|2024-12-28|D",
        ],
    );
    fr(
        "Frappe le 3 mars. Trois jours après la frappe, une embuscade.",
        "2024-03-10",
        &["3 mars|2024-03-03|D", "trois jours apres|2024-03-06|D"],
    );
    en(
        "The convoy was hit on Tuesday. Two days later, a second attack. The next day, a third.",
        "2024-09-20",
        &[
            "tuesday|2024-09-17|D",
            "two days later|2024-09-19|D",
            "next day|2024-09-20|D",
        ],
    );
    // "La veille" at the start of a line is the day before the day named last; "à
    // la veille du scrutin" is the eve of something else.
    fr(
        "Deux civils sont morts samedi.\n\nLa veille, trois soldats avaient été tués.",
        "2021-05-10",
        &["samedi|2021-05-08|D", "veille|2021-05-07|D"],
    );
    fr("Des tensions à la veille du scrutin.", "2021-05-10", &[]);
    // "Au lendemain de" dates what follows it: the day before.
    fr(
        "Des hommes armés ont saccagé Solenzo le 27 août 2022, au lendemain de destructions à Kouka.",
        "2022-08-30",
        &["27 aout 2022|2022-08-27|D", "lendemain|2022-08-26|D"],
    );
    // Nothing named before: nothing to count from.
    fr(
        "Deux jours plus tard, l'armée a riposté.",
        "2021-05-10",
        &[],
    );
}
