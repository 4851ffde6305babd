//! End-to-end tests of `kibaru extract`: the real binary on articles written for
//! these tests, with the tiny gazetteer in `tests/data/gazetteer`.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn kibaru(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kibaru"))
        .args(args)
        .output()
        .expect("run kibaru")
}

fn gazetteer() -> String {
    data("gazetteer").display().to_string()
}

/// Runs `extract` with the test gazetteer and returns the events and stderr.
fn extract(extra: &[&str]) -> (Vec<Value>, String, Option<i32>) {
    let gaz = gazetteer();
    let mut args = vec!["extract", "--gazetteer", gaz.as_str()];
    args.extend_from_slice(extra);
    let out = kibaru(&args);
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let events = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON event a line"))
        .collect();
    (
        events,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

fn evidence_fields(e: &Value) -> Vec<&str> {
    e["evidence"]
        .as_array()
        .expect("evidence array")
        .iter()
        .map(|x| x["field"].as_str().unwrap())
        .collect()
}

#[test]
fn quick_start_example_gives_one_ambush_near_boni() {
    let path = repo("examples/attaque-boni.txt");
    let (events, stderr, code) = extract(&["--published", "2025-03", path.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0];
    assert_eq!(e["article_id"], "attaque-boni");
    assert_eq!(e["event_date"], "2025-03-04");
    assert_eq!(e["time_precision"], 1);
    assert_eq!(e["event_type"], "Battles");
    assert_eq!(e["sub_event_type"], "Armed clash");
    assert_eq!(e["actor1"], "Unidentified Armed Group (Mali)");
    assert_eq!(e["actor2"], "Military Forces of Mali");
    assert_eq!(e["location"], "Boni");
    assert_eq!(e["admin1"], "Mopti");
    assert_eq!(e["country"], "Mali");
    assert_eq!(e["country_iso3"], "MLI");
    assert_eq!(e["iso"], 466);
    assert_eq!(e["fatalities"], 3);
    for field in [
        "sentence",
        "event_type",
        "actor1",
        "actor2",
        "event_date",
        "location",
        "fatalities",
    ] {
        assert!(
            evidence_fields(e).contains(&field),
            "no {field} evidence in {e:#}"
        );
    }
}

#[test]
fn evidence_offsets_point_into_the_article() {
    let path = repo("examples/attaque-boni.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let (events, _, _) = extract(&["--published", "2025-03", path.to_str().unwrap()]);
    assert!(!events.is_empty());
    for e in &events {
        for ev in e["evidence"].as_array().unwrap() {
            let (start, end) = (
                ev["start"].as_u64().unwrap() as usize,
                ev["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[start..end], ev["text"].as_str().unwrap(), "{ev}");
        }
    }
    let location = e_field(&events[0], "location");
    assert_eq!(location, "Boni");
}

fn e_field<'a>(e: &'a Value, field: &str) -> &'a str {
    e["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["field"] == field)
        .and_then(|x| x["text"].as_str())
        .unwrap_or_default()
}

#[test]
fn english_attack_on_civilians() {
    let path = repo("examples/nantaka-en.txt");
    let (events, stderr, _) = extract(&["--published", "2025-03-10", path.to_str().unwrap()]);
    assert_eq!(events.len(), 1, "{events:#?}\n{stderr}");
    let e = &events[0];
    assert_eq!(e["lang"], "en");
    assert_eq!(e["event_date"], "2025-03-09");
    assert_eq!(e["event_type"], "Violence against civilians");
    assert_eq!(e["sub_event_type"], "Attack");
    assert_eq!(e["actor2"], "Civilians (Mali)");
    assert_eq!(e["civilian_targeting"], "Civilian targeting");
    assert_eq!(e["location"], "Nantaka");
    assert_eq!(e["fatalities"], 4);
}

#[test]
fn context_places_and_background_are_not_events() {
    let path = data("articles/frappe-contexte.txt");
    let (events, stderr, _) = extract(&["--published", "2024-09", path.to_str().unwrap()]);
    assert_eq!(events.len(), 1, "{events:#?}\n{stderr}");
    let e = &events[0];
    assert_eq!(e["event_date"], "2024-09-13");
    assert_eq!(e["event_type"], "Explosions/Remote violence");
    assert_eq!(e["sub_event_type"], "Air/drone strike");
    assert_eq!(e["actor1"], "Military Forces of Mali");
    assert_eq!(e["actor2"], "JNIM: Group for Support of Islam and Muslims");
    assert_eq!(e["actor2_detail"], "Katiba Serma");
    assert_eq!(e["location"], "Serma");
    assert_eq!(e["fatalities"], 1);
    // Context and background sentences are not evidence of the strike.
    for ev in e["evidence"].as_array().unwrap() {
        let text = ev["text"].as_str().unwrap();
        assert!(
            !text.contains("opère") && !text.starts_with("Récemment"),
            "{text}"
        );
    }
}

#[test]
fn a_football_report_is_quiet() {
    let path = data("articles/match-football.txt");
    let (events, _, code) = extract(&["--published", "2025-02-10", path.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert!(events.is_empty(), "{events:#?}");
}

#[test]
fn two_villages_are_two_events() {
    let path = data("articles/deux-villages.txt");
    let (events, stderr, _) = extract(&["--published", "2025-02-05", path.to_str().unwrap()]);
    let places: Vec<&str> = events
        .iter()
        .map(|e| e["location"].as_str().unwrap())
        .collect();
    assert_eq!(places, ["Nantaka", "Hombori"], "{stderr}");
    assert!(events.iter().all(|e| e["event_date"] == "2025-02-04"));
    assert_eq!(events[0]["fatalities"], 5);
    assert_eq!(events[1]["fatalities"], 2);
}

#[test]
fn jsonl_bad_lines_are_reported_and_the_rest_processed() {
    let path = data("articles/articles.jsonl");
    let (events, stderr, code) = extract(&["--input-format", "jsonl", path.to_str().unwrap()]);
    let ids: Vec<&str> = events
        .iter()
        .map(|e| e["article_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a1", "a3"], "{stderr}");
    assert!(
        stderr.contains("articles.jsonl:2: not valid JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("articles.jsonl:3: no field \"text\""),
        "{stderr}"
    );
    assert_eq!(code, Some(1), "skipped lines make the exit status 1");
    assert_eq!(events[0]["event_date"], "2025-03-04");
    assert_eq!(events[1]["event_date"], "2025-03-09");
}

#[test]
fn unreadable_files_are_named_and_the_others_processed() {
    let good = repo("examples/attaque-boni.txt");
    let (events, stderr, code) = extract(&[
        "--published",
        "2025-03",
        "/nonexistent/missing.txt",
        good.to_str().unwrap(),
    ]);
    assert!(
        stderr.contains("cannot read /nonexistent/missing.txt"),
        "{stderr}"
    );
    assert_eq!(code, Some(1));
    assert_eq!(events.len(), 1);
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning() {
    let path = data("articles/latin1.txt");
    let (events, stderr, code) = extract(&[
        "--published",
        "2025-03-04",
        "--lang",
        "fr",
        path.to_str().unwrap(),
    ]);
    assert!(stderr.contains("invalid UTF-8"), "{stderr}");
    assert_eq!(code, Some(0));
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0]["location"], "Boni");
}

#[test]
fn csv_has_acled_header_and_a_row_per_event() {
    let path = repo("examples/attaque-boni.txt");
    let gaz = gazetteer();
    let out = kibaru(&[
        "extract",
        "--gazetteer",
        &gaz,
        "--published",
        "2025-03",
        "--format",
        "csv",
        path.to_str().unwrap(),
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("event_id_cnty,event_date,year,time_precision,"));
    let row = lines.next().expect("one event row");
    assert!(
        row.contains(",2025-03-04,2025,1,Political violence,Battles,Armed clash,"),
        "{row}"
    );
    assert!(lines.next().is_none());
}

#[test]
fn output_is_deterministic_and_o_writes_a_file() {
    let path = data("articles/deux-villages.txt");
    let dir = std::env::temp_dir().join(format!("kibaru-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out_file = dir.join("events.jsonl");
    let gaz = gazetteer();
    let args = [
        "extract",
        "--gazetteer",
        &gaz,
        "--published",
        "2025-02-05",
        path.to_str().unwrap(),
    ];
    let first = kibaru(&args).stdout;
    let second = kibaru(&args).stdout;
    assert_eq!(first, second);
    let mut with_o = args.to_vec();
    with_o.extend(["-o", out_file.to_str().unwrap()]);
    assert!(kibaru(&with_o).status.success());
    assert_eq!(std::fs::read(&out_file).unwrap(), first);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let out = kibaru(&["extract", "--published", "26/12/2024", "x.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--published"));
    let out = kibaru(&["extract", "--gazetteer", "/nonexistent/dir", "x.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/dir"));
}

#[test]
fn stdin_is_read_when_no_file_is_given() {
    use std::io::Write;
    let gaz = gazetteer();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kibaru"))
        .args(["extract", "--gazetteer", &gaz, "--published", "2025-03-04"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "Des hommes armés ont attaqué le village de Boni lundi, tuant deux civils.".as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    let e: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(e["article_id"], "stdin");
    assert_eq!(e["event_date"], "2025-03-03");
}

#[test]
fn jobs_do_not_change_the_output() {
    // Several batches (512 articles a batch with two jobs), a bad line in the
    // middle, and a second file: read, extracted and written on separate
    // threads, the output and the messages are those of one job.
    let dir = std::env::temp_dir().join(format!("kibaru-jobs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("many.jsonl");
    let second = dir.join("more.jsonl");
    let villages = ["Boni", "Serma", "Nantaka", "Hombori", "Douentza", "Sévaré"];
    let article = |i: usize| {
        let v = villages[i % villages.len()];
        let a = serde_json::json!({
            "id": format!("art-{i}"),
            "published": format!("2025-01-{:02}", 1 + i % 28),
            "text": format!("Des hommes armés ont attaqué le village de {v} hier, tuant {} civils, selon un élu.", 2 + i % 7),
        });
        format!("{a}\n")
    };
    let mut lines = String::new();
    for i in 0..1300 {
        if i == 700 {
            lines.push_str("{\"id\": \"broken\", \"text\": \n");
        }
        lines.push_str(&article(i));
    }
    std::fs::write(&input, lines).unwrap();
    std::fs::write(&second, (1300..1310).map(article).collect::<String>()).unwrap();
    let gaz = gazetteer();
    let run = |jobs: &str| {
        kibaru(&[
            "extract",
            "--gazetteer",
            &gaz,
            "--input-format",
            "jsonl",
            "--jobs",
            jobs,
            input.to_str().unwrap(),
            second.to_str().unwrap(),
        ])
    };
    let one = run("1");
    let stderr = String::from_utf8_lossy(&one.stderr);
    assert_eq!(one.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("many.jsonl:701: not valid JSON"),
        "{stderr}"
    );
    let out = String::from_utf8_lossy(&one.stdout);
    assert_eq!(out.lines().count(), 1310);
    assert!(out.lines().last().unwrap().contains("\"art-1309\""));
    for jobs in ["2", "3"] {
        let many = run(jobs);
        assert_eq!(many.status.code(), Some(1));
        assert_eq!(many.stdout, one.stdout, "--jobs {jobs}");
        assert_eq!(many.stderr, one.stderr, "--jobs {jobs}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_write_error_with_several_jobs_stops_with_a_message() {
    let dir = std::env::temp_dir().join(format!("kibaru-full-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("many.jsonl");
    let a = serde_json::json!({
        "id": "x",
        "published": "2025-01-05",
        "text": "Des hommes armés ont attaqué le village de Boni hier, tuant trois civils.",
    });
    std::fs::write(&input, format!("{a}\n").repeat(3000)).unwrap();
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let gaz = gazetteer();
    let out = kibaru(&[
        "extract",
        "--gazetteer",
        &gaz,
        "--input-format",
        "jsonl",
        "--jobs",
        "2",
        input.to_str().unwrap(),
        "-o",
        "/dev/full",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write events"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn feeds_and_gzipped_files_are_read_by_their_extension() {
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write as _;
    let dir = std::env::temp_dir().join(format!("kibaru-feed-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let feed = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\n\
        <title>Le Veilleur</title>\n<item>\n<title>Koro</title>\n\
        <link>https://veilleur.example/koro</link>\n<guid>veilleur-1</guid>\n\
        <pubDate>Fri, 07 Mar 2025 08:00:00 +0000</pubDate>\n\
        <description>&lt;p&gt;Des hommes armés ont tué six civils jeudi dans le village de Dinangourou, \
        dans le cercle de Koro, selon des sources locales.&lt;/p&gt;</description>\n\
        </item>\n</channel></rss>\n";
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(feed.as_bytes()).unwrap();
    let path = dir.join("veilleur.rss.gz");
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kibaru"))
        .args(["extract", "--gazetteer", "none"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let events: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events.len(), 1, "{events:?} {stderr}");
    let e = &events[0];
    assert_eq!(e["article_id"], "veilleur-1");
    assert_eq!(e["source"], "Le Veilleur");
    // Thursday before the item's date.
    assert_eq!(e["event_date"], "2025-03-06");
    assert_eq!(e["event_type"], "Violence against civilians");
    assert_eq!(e["fatalities"], 6);
}

#[test]
fn undated_reports_are_dated_by_the_other_reports_and_come_last() {
    // A copy without date, the dated report, and a copy whose "Lundi" fits no day.
    let input = data("articles/undated-reports.jsonl");
    let (events, stderr, code) = extract(&["--input-format", "jsonl", input.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let got: Vec<(&str, &str)> = events
        .iter()
        .map(|e| {
            (
                e["article_id"].as_str().unwrap(),
                e["event_date"].as_str().unwrap(),
            )
        })
        .collect();
    // "Lundi" fits no report's day: left out, and said so.
    assert_eq!(got, [("dated", "2025-03-08"), ("copy", "2025-03-08")]);
    assert!(stderr.contains("events left out: 1 "), "{stderr}");
    assert!(e_field(&events[1], "event_date").contains("Samedi"));
    assert!(events[1]["notes"]
        .as_str()
        .unwrap()
        .ends_with("Dated from report dated."));
    let gaz = gazetteer();
    let run = |jobs: &str| {
        kibaru(&[
            "extract",
            "--gazetteer",
            &gaz,
            "--input-format",
            "jsonl",
            "--jobs",
            jobs,
            input.to_str().unwrap(),
        ])
        .stdout
    };
    assert_eq!(run("3"), run("1"));
}
