//! Small hand-made cases for the matching and the metrics of score.py.

use kibaru_eval::{read_jsonl, score, Report, FALSE_ALARM, MISSED};
use serde_json::{json, Value};

fn run(gold: Value, system: Value) -> Report {
    let g = gold.as_array().expect("gold is a list").clone();
    let s = system.as_array().expect("system is a list").clone();
    score(&g, &s)
}

/// A gold event at a date and place.
fn gold_ev(date: &str, lat: f64, lon: f64) -> Value {
    json!({
        "event_date": date, "time_precision": 1,
        "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Chad (2021-)", "actor2": "Boko Haram",
        "location": "Somewhere", "latitude": lat, "longitude": lon, "fatalities": 4
    })
}

/// The same event as a system event of an article.
fn sys_ev(article: &str, date: &str, lat: f64, lon: f64) -> Value {
    let mut e = gold_ev(date, lat, lon);
    e["article_id"] = json!(article);
    e
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn exact_match() {
    let r = run(
        json!([{"id": "a1", "text": "...", "events": [gold_ev("2024-03-10", 13.0, 14.0)]}]),
        json!([sys_ev("a1", "2024-03-10", 13.0, 14.0)]),
    );
    assert_eq!((r.tp, r.fp, r.fn_, r.matched), (1, 0, 0, 1));
    assert_eq!((r.precision, r.recall, r.f1), (1.0, 1.0, 1.0));
    assert_eq!((r.quiet_articles, r.quiet_kept), (0, 1.0));
    for x in [
        r.event_type_acc,
        r.sub_event_type_acc,
        r.date_exact,
        r.loc_25km,
        r.loc_161km,
        r.fatalities_exact,
        r.actor_recall,
    ] {
        assert_eq!(x, 1.0);
    }
    assert_eq!(r.median_km, Some(0.0));
    assert_eq!(r.grouping, None);
    assert!(r.misses.is_empty() && r.false_alarms.is_empty() && r.disagreements.is_empty());
    assert_eq!(r.confusion.get("Battles", "Battles"), 1);
    assert_eq!(
        r.to_json(),
        "{\"actor_recall\": 1.0, \"date_exact\": 1.0, \"event_type_acc\": 1.0, \"f1\": 1.0, \
         \"fatalities_exact\": 1.0, \"fn\": 0, \"fp\": 0, \"gold_articles\": 1, \"gold_events\": 1, \
         \"loc_161km\": 1.0, \"loc_25km\": 1.0, \"matched\": 1, \"median_km\": 0.0, \
         \"precision\": 1.0, \"quiet_articles\": 0, \"quiet_kept\": 1.0, \"recall\": 1.0, \
         \"sub_event_type_acc\": 1.0, \"system_events\": 1, \"tp\": 1}"
    );
}

#[test]
fn date_tolerance_and_month_precision() {
    // (gold date, gold time_precision, system date, should match)
    let cases: &[(&str, Value, &str, bool)] = &[
        ("2024-03-10", json!(1), "2024-03-13", true),
        ("2024-03-10", json!(1), "2024-03-07", true),
        ("2024-03-10", json!(1), "2024-03-14", false),
        ("2024-03-10", json!(1), "2024-03-06", false),
        ("2024-03-10", json!(1), "2024-03-10T23:00:00", true),
        ("2024-03-10", json!(1), "10 March 2024", false),
        ("2024-03-10", json!(2), "2024-03-14", false),
        ("2024-03-10", json!(null), "2024-03-13", true),
        ("2024-02-28", json!(1), "2024-03-01", true), // leap year: 2 days
        ("2024-03-15", json!(3), "2024-03-01", true),
        ("2024-03-31", json!(3), "2024-03-01", true), // same month, 30 days
        ("2024-03-31", json!(3), "2024-04-16", true), // other month, 16 days
        ("2024-03-31", json!(3), "2024-04-17", false), // other month, 17 days
        ("2024-03-15", json!(3), "2024-04-01", false),
        ("2024-03-01", json!("3"), "2024-03-20", true),
    ];
    for (gd, prec, sd, want) in cases {
        let mut g = gold_ev(gd, 5.0, 5.0);
        g["time_precision"] = prec.clone();
        let r = run(
            json!([{"id": "a", "events": [g]}]),
            json!([sys_ev("a", sd, 5.0, 5.0)]),
        );
        let matched = r.tp == 1;
        assert_eq!(matched, *want, "gold {gd} ({prec}) vs system {sd}");
        assert_eq!((r.fn_, r.fp), if *want { (0, 0) } else { (1, 1) });
    }
    // The first 10 characters decide date_exact.
    let r = run(
        json!([{"id": "a", "events": [gold_ev("2024-03-10", 5.0, 5.0)]}]),
        json!([sys_ev("a", "2024-03-10T23:00:00", 5.0, 5.0)]),
    );
    assert_eq!(r.date_exact, 1.0);
}

#[test]
fn distance_limit_of_100_km() {
    // One degree of latitude is 111.19 km on score.py's sphere.
    let cases: &[(Value, Value, bool)] = &[
        (json!(0.89), json!(0.0), true),
        (json!(0.9), json!(0.0), false),
        (json!("0.1"), json!(" 0.0 "), true),
        (json!(null), json!(0.0), true), // no coordinates: no limit
        (json!("nan"), json!(0.0), true),
    ];
    for (lat, lon, want) in cases {
        let mut s = sys_ev("a", "2024-03-10", 0.0, 0.0);
        s["latitude"] = lat.clone();
        s["longitude"] = lon.clone();
        let r = run(
            json!([{"id": "a", "events": [gold_ev("2024-03-10", 0.0, 0.0)]}]),
            json!([s]),
        );
        assert_eq!(r.tp == 1, *want, "system at {lat}, {lon}");
    }
    let mut s = sys_ev("a", "2024-03-10", 0.0, 0.0);
    s["latitude"] = json!(null);
    let r = run(
        json!([{"id": "a", "events": [gold_ev("2024-03-10", 0.0, 0.0)]}]),
        json!([s]),
    );
    assert_eq!(
        (r.matched, r.loc_25km, r.loc_161km, r.median_km),
        (1, 0.0, 0.0, None)
    );
    assert!(r.disagreements.iter().any(|d| d.field == "location"));
    let mut out = Vec::new();
    r.write_text(&mut out, false).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("median_km            None\n"), "{text}");
}

#[test]
fn greedy_closest_first() {
    // Tie on day difference 1: the lower gold index takes s0, leaving g1 unmatched even
    // though g0-s1, g1-s0 would match both.
    let r = run(
        json!([{"id": "a", "events": [gold_ev("2024-03-10", 0.0, 0.0), gold_ev("2024-03-12", 0.0, 0.0)]}]),
        json!([
            sys_ev("a", "2024-03-11", 0.0, 0.0),
            sys_ev("a", "2024-03-08", 0.0, 0.0)
        ]),
    );
    assert_eq!((r.tp, r.fp, r.fn_), (1, 1, 1));
    assert_eq!(r.misses[0].event_date, "2024-03-12");
    assert_eq!(r.false_alarms[0].event_date, "2024-03-08");

    // Same day difference: the closer place wins over the lower gold index.
    let r = run(
        json!([{"id": "a", "events": [gold_ev("2024-03-10", 10.0, 10.0), gold_ev("2024-03-10", 10.5, 10.0)]}]),
        json!([sys_ev("a", "2024-03-10", 10.45, 10.0)]),
    );
    assert_eq!((r.tp, r.fn_), (1, 1));
    assert_eq!(r.misses[0].coords, Some((10.0, 10.0)));
    assert!(r.median_km.unwrap() < 6.0);

    // The day difference comes before the distance.
    let r = run(
        json!([{"id": "a", "events": [gold_ev("2024-03-10", 0.0, 0.0)]}]),
        json!([
            sys_ev("a", "2024-03-11", 0.0, 0.0),
            sys_ev("a", "2024-03-10", 0.5, 0.0)
        ]),
    );
    assert_eq!((r.tp, r.fp), (1, 1));
    assert_eq!(r.false_alarms[0].event_date, "2024-03-11");
    assert_eq!(r.loc_25km, 0.0);

    // Full tie: the first system event wins.
    let mut second = sys_ev("a", "2024-03-10", 0.0, 0.0);
    second["event_type"] = json!("Riots");
    let r = run(
        json!([{"id": "a", "events": [gold_ev("2024-03-10", 0.0, 0.0)]}]),
        json!([sys_ev("a", "2024-03-10", 0.0, 0.0), second]),
    );
    assert_eq!(r.false_alarms[0].event_type, "Riots");
    assert_eq!(r.event_type_acc, 1.0);
}

#[test]
fn background_events() {
    let mut bg1 = gold_ev("2024-03-10", 0.0, 0.0);
    bg1["background"] = json!(true);
    let mut bg2 = gold_ev("2019-01-01", 0.0, 0.0);
    bg2["background"] = json!("yes");
    let real = gold_ev("2024-05-01", 0.0, 0.0);
    let mut bg3 = gold_ev("2020-06-06", 1.0, 1.0);
    bg3["background"] = json!(1);
    let mut bg4 = gold_ev("2020-06-06", 1.0, 1.0);
    bg4["background"] = json!(true);
    let mut not_bg = gold_ev("2024-07-07", 2.0, 2.0);
    not_bg["background"] = json!(false);
    let r = run(
        json!([
            {"id": "a", "events": [bg1, bg2, real]},
            {"id": "b", "events": [bg3]},
            {"id": "c", "events": [bg4]},
            {"id": "d", "events": [not_bg]},
        ]),
        json!([
            sys_ev("a", "2024-03-11", 0.0, 0.0), // matches background: neither tp nor fp
            sys_ev("b", "2020-06-06", 1.0, 1.0), // same
            sys_ev("c", "2021-06-06", 1.0, 1.0), // a false alarm in a quiet article
            sys_ev("d", "2024-07-07", 2.0, 2.0),
        ]),
    );
    assert_eq!((r.gold_events, r.tp, r.fp, r.fn_), (6, 1, 1, 1));
    assert_eq!(r.matched, 1); // background pairs are not rated
    assert_eq!(r.misses.len(), 1);
    assert_eq!(r.misses[0].event_date, "2024-05-01");
    assert_eq!((r.quiet_articles, r.quiet_kept), (2, 0.5));
}

#[test]
fn quiet_kept_and_unknown_articles() {
    let r = run(
        json!([
            {"id": "q1", "text": "sports"},
            {"id": "q2", "events": []},
            {"id": 7, "events": [gold_ev("2024-03-10", 0.0, 0.0)]},
        ]),
        json!([
            sys_ev("q1", "2024-01-01", 0.0, 0.0),
            sys_ev("q1", "2024-01-02", 0.0, 0.0),
            sys_ev("7", "2024-03-10", 0.0, 0.0), // str(7) == "7"
            sys_ev("nowhere", "2024-03-10", 0.0, 0.0),
        ]),
    );
    assert_eq!((r.system_events, r.tp, r.fp, r.fn_), (4, 1, 2, 0));
    assert_eq!((r.quiet_articles, r.quiet_kept), (2, 0.5));
    assert!(close(r.precision, 1.0 / 3.0));
    assert!(close(r.f1, 0.5));
    assert_eq!(r.confusion.get(FALSE_ALARM, "Battles"), 2);
}

#[test]
fn actor_keys_strip_years_and_colons() {
    let gold = |id: &str, a2: &str| {
        let mut g = gold_ev("2024-03-10", 0.0, 0.0);
        g["actor1"] = json!("Military Forces of Mali (2021-)");
        g["actor2"] = json!(a2);
        json!({"id": id, "events": [g]})
    };
    let sys = |id: &str, fields: Value| {
        let mut s = sys_ev(id, "2024-03-10", 0.0, 0.0);
        for k in ["actor1", "actor2"] {
            s[k] = json!(null);
        }
        for (k, v) in fields.as_object().unwrap() {
            s[k] = v.clone();
        }
        s
    };
    let r = run(
        json!([
            gold("a", "JNIM: Group for Support of Islam and Muslims"),
            gold("b", "JNIM: Katiba Macina"),
            gold("c", "Civilians (Mali)"),
            gold("d", "JNIM"),
        ]),
        json!([
            sys(
                "a",
                json!({"actor1": "military forces of mali", "actor2": "JNIM"})
            ),
            sys(
                "b",
                json!({"actor1": "Military Forces of Mali (2021-); Wagner Group", "assoc_actor_2": "jnim"})
            ),
            sys(
                "c",
                json!({"actor1": "Military Forces of Mali", "actor2": "Civilians"})
            ),
            sys(
                "d",
                json!({"actor1": ["MILITARY  FORCES OF MALI (2021-)", "jnim: katiba serma"]})
            ),
        ]),
    );
    assert_eq!(r.matched, 4);
    assert!(close(r.actor_recall, 0.75));
    let d: Vec<_> = r
        .disagreements
        .iter()
        .filter(|d| d.field == "actors")
        .collect();
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].article_id.as_str(), d[0].gold.as_str()),
        ("c", "civilians (mali)")
    );
}

#[test]
fn field_disagreements_and_confusion() {
    let mut g2 = gold_ev("2024-03-10", 0.0, 0.0);
    g2["event_type"] = json!("Protests");
    let mut s = sys_ev("a", "2024-03-11", 0.3, 0.0); // 33 km away
    s["event_type"] = json!("violence against civilians");
    s["fatalities"] = json!("4"); // int("4") == 4
    let mut alarm = sys_ev("b", "2024-03-10", 0.0, 0.0);
    alarm["event_type"] = json!("Riots");
    alarm["evidence"] = json!([
        {"field": "sentence", "text": "Youths burned tyres.", "start": 0, "end": 20},
        {"field": "actor1", "text": "Youths", "start": 0, "end": 6},
        {"field": "event_type", "text": "burned", "start": 7, "end": 13}
    ]);
    let r = run(
        json!([
            {"id": "a", "events": [gold_ev("2024-03-10", 0.0, 0.0)]},
            {"id": "b", "events": [g2]},
        ]),
        json!([s, alarm]),
    );
    // The Riots event is 0 days away from the Protests event: it matches.
    assert_eq!((r.tp, r.fp, r.fn_), (2, 0, 0));
    assert_eq!(r.confusion.get("Battles", "violence against civilians"), 1);
    assert_eq!(r.confusion.get("Protests", "Riots"), 1);
    let fields: Vec<&str> = r
        .disagreements
        .iter()
        .filter(|d| d.article_id == "a")
        .map(|d| d.field.as_str())
        .collect();
    assert_eq!(fields, ["event_type", "event_date", "location"]);
    assert_eq!(r.fatalities_exact, 1.0);
    assert_eq!(r.date_exact, 0.5);

    // Now make it a miss and a false alarm in other articles.
    let mut alarm = r_alarm();
    alarm["article_id"] = json!("c");
    let r = run(
        json!([{"id": "b", "events": [{"event_date": "2024-03-10", "event_type": "Protests", "location": "Town", "fatalities": 0}]}, {"id": "c"}]),
        json!([alarm]),
    );
    assert_eq!(r.confusion.get("Protests", MISSED), 1);
    assert_eq!(r.confusion.get(FALSE_ALARM, "Riots"), 1);
    assert_eq!(
        r.false_alarms[0].evidence,
        [
            ("sentence".to_string(), "Youths burned tyres.".to_string()),
            ("event_type".to_string(), "burned".to_string())
        ]
    );
    let mut out = Vec::new();
    r.write_text(&mut out, true).unwrap();
    let text = String::from_utf8(out).unwrap();
    for want in [
        "(missed)",
        "(false alarm)",
        "misses (1)",
        "false alarms (1)",
        "Youths burned tyres.",
    ] {
        assert!(text.contains(want), "{want} not in\n{text}");
    }
}

fn r_alarm() -> Value {
    let mut alarm = sys_ev("b", "2024-03-10", 0.0, 0.0);
    alarm["event_type"] = json!("Riots");
    alarm["evidence"] = json!([
        {"field": "sentence", "text": "Youths burned tyres.", "start": 0, "end": 20},
        {"field": "event_type", "text": "burned", "start": 7, "end": 13}
    ]);
    alarm
}

#[test]
fn fatalities_like_python_int() {
    let cases: &[(Value, Value, bool)] = &[
        (json!(3), json!("3"), true),
        (json!(2), json!(2.9), true),
        (json!(0), json!(null), true),
        (json!(null), json!(""), true),
        (json!(1), json!(true), true),
        (json!(3), json!(4), false),
    ];
    for (gf, sf, want) in cases {
        let mut g = gold_ev("2024-03-10", 0.0, 0.0);
        g["fatalities"] = gf.clone();
        let mut s = sys_ev("a", "2024-03-10", 0.0, 0.0);
        s["fatalities"] = sf.clone();
        let r = run(json!([{"id": "a", "events": [g]}]), json!([s]));
        assert_eq!(r.fatalities_exact == 1.0, *want, "{gf} vs {sf}");
    }
}

fn canonical(id: &str, articles: &[&str]) -> Value {
    let mut s = sys_ev(articles[0], "2024-03-10", 0.0, 0.0);
    s["event_id"] = json!(id);
    s["article_ids"] = json!(articles);
    s
}

fn clustered(article: &str, cluster: &str) -> Value {
    let mut g = gold_ev("2024-03-10", 0.0, 0.0);
    g["cluster"] = json!(cluster);
    json!({"id": article, "events": [g]})
}

#[test]
fn grouping_metrics() {
    let gold = json!([
        clustered("a", "K1"),
        clustered("b", "K1"),
        clustered("c", "K1"),
        clustered("d", "K2"),
    ]);
    // Perfect grouping.
    let r = run(
        gold.clone(),
        json!([canonical("E1", &["a", "b", "c"]), canonical("E2", &["d"])]),
    );
    let g = r.grouping.expect("grouping");
    assert_eq!((g.precision, g.recall, g.f1), (1.0, 1.0, 1.0));
    assert_eq!((r.system_events, r.tp, r.fp), (2, 4, 0));
    let json = r.to_json();
    assert!(json.contains("\"f1\": 1.0, \"fatalities_exact\""), "{json}");
    assert!(
        json.contains("\"group_recall\": 1.0, \"loc_161km\": 1.0, \"loc_25km\""),
        "{json}"
    );

    // E1 = {a, b}, E2 = {c, d}: pairs grouped by gold ab ac bc, by system ab cd.
    let r = run(
        gold.clone(),
        json!([canonical("E1", &["a", "b"]), canonical("E2", &["c", "d"])]),
    );
    let g = r.grouping.expect("grouping");
    assert!(close(g.precision, 0.5) && close(g.recall, 1.0 / 3.0) && close(g.f1, 0.4));

    // Per-article events with "cluster" ids group too; event_id alone does not.
    let per_article = |a: &str, c: Option<&str>| {
        let mut s = sys_ev(a, "2024-03-10", 0.0, 0.0);
        s["event_id"] = json!(format!("ev-{a}"));
        if let Some(c) = c {
            s["cluster"] = json!(c);
        }
        s
    };
    let r = run(
        gold.clone(),
        json!([
            per_article("a", Some("X")),
            per_article("b", Some("X")),
            per_article("c", Some("Y")),
            per_article("d", None),
        ]),
    );
    let g = r.grouping.expect("grouping");
    // Grouped reports a, b, c: gold pairs ab ac bc, system pair ab.
    assert!(close(g.precision, 1.0) && close(g.recall, 1.0 / 3.0) && close(g.f1, 0.5));
    let r = run(
        gold,
        json!([per_article("a", None), per_article("b", None)]),
    );
    assert_eq!(r.grouping, None);
    assert_eq!(r.metrics().len(), 20);
}

#[test]
fn median_of_an_even_count() {
    let r = run(
        json!([
            {"id": "a", "events": [gold_ev("2024-03-10", 0.0, 0.0)]},
            {"id": "b", "events": [gold_ev("2024-03-10", 0.0, 0.0)]},
        ]),
        json!([
            sys_ev("a", "2024-03-10", 0.1, 0.0),
            sys_ev("b", "2024-03-10", 0.3, 0.0)
        ]),
    );
    let want = (111.19492664455873 * 0.1 + 111.19492664455873 * 0.3) / 2.0;
    assert!((r.median_km.unwrap() - want).abs() < 1e-6);
    assert_eq!(r.loc_25km, 0.5);
}

#[test]
fn jsonl_reading() {
    let v = read_jsonl("{\"a\": 1}\r\n\r\n  \n{\"b\": 2}\r{\"c\": 3}").unwrap();
    assert_eq!(v, [json!({"a": 1}), json!({"b": 2}), json!({"c": 3})]);
    assert_eq!(read_jsonl("").unwrap(), Vec::<Value>::new());
    let e = read_jsonl("{}\n\n{bad\n{}").unwrap_err();
    assert!(e.starts_with("line 3:"), "{e}");
}

#[test]
fn text_lines_like_score_py() {
    let r = run(
        json!([{"id": "a", "events": [gold_ev("2024-03-10", 0.0, 0.0)]}, {"id": "q"}]),
        json!([
            sys_ev("a", "2024-03-10", 0.0, 0.0),
            sys_ev("q", "2024-03-10", 0.0, 0.0)
        ]),
    );
    let mut out = Vec::new();
    r.write_text(&mut out, false).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 20);
    assert_eq!(lines[0], "gold_articles        2");
    assert_eq!(lines[5], "fn                   0");
    assert_eq!(lines[6], "precision            0.500");
    assert_eq!(lines[8], "f1                   0.667");
    assert_eq!(lines[11], "quiet_kept           0.000");
    assert_eq!(lines[17], "median_km            0.000");
    assert_eq!(lines[18], "fatalities_exact     1.000");
}
