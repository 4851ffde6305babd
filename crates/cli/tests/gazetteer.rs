//! `kibaru gazetteer build|lookup|fetch` and `kibaru places`, run as a user
//! would, on dump files written by these tests. `fetch` talks to a tiny HTTP
//! server on 127.0.0.1 started by the test (it serves zip files made here,
//! honours `Range`, and fails or cuts some responses on purpose).

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

const ML: &str = "\
9100001\tSerma\tSerma\t\t14.8600\t-2.2640\tP\tPPL\tML\t\t04\t\t\t\t0\t\t300\tAfrica/Bamako\t2024-01-01
9100002\tBoni\tBoni\t\t15.0470\t-1.9700\tP\tPPL\tML\t\t04\t\t\t\t0\t\t300\tAfrica/Bamako\t2024-01-01
9100003\tDouentza\tDouentza\t\t15.0000\t-2.9500\tP\tPPLA2\tML\t\t04\t777\t\t\t28000\t\t300\tAfrica/Bamako\t2024-01-01
9100005\tMopti\tMopti\t\t14.4900\t-4.1900\tP\tPPLA\tML\t\t04\t\t\t\t120000\t\t300\tAfrica/Bamako\t2024-01-01
9100013\tSégou\tSegou\t\t13.4400\t-6.2600\tP\tPPLA\tML\t\t05\t\t\t\t130000\t\t300\tAfrica/Bamako\t2024-01-01
";
const BF: &str = "\
9200001\tDjibo\tDjibo\t\t14.1000\t-1.6300\tP\tPPLA2\tBF\t\t12\t40\t\t\t61000\t\t300\tAfrica/Ouagadougou\t2024-01-01
9200002\tBoni\tBoni\t\t11.5400\t-3.4100\tP\tPPL\tBF\t\t01\t\t\t\t3000\t\t300\tAfrica/Ouagadougou\t2024-01-01
";
const ADMIN1: &str = "ML.04\tMopti\tMopti\t1\nML.05\tSégou\tSegou\t2\nBF.12\tSahel\tSahel\t3\nBF.01\tBoucle du Mouhoun\tBoucle du Mouhoun\t4\n";
const ADMIN2: &str =
    "ML.04.777\tDouentza\tDouentza\t5\nBF.12.40\tProvince du Soum\tProvince du Soum\t6\n";

fn kibaru(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kibaru"));
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run kibaru")
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kibaru-gaz-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn dumps(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("ML.txt"), ML).unwrap();
    std::fs::write(dir.join("BF.txt"), BF).unwrap();
    std::fs::write(dir.join("admin1CodesASCII.txt"), ADMIN1).unwrap();
    std::fs::write(dir.join("admin2Codes.txt"), ADMIN2).unwrap();
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn err(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn build_then_lookup_from_index_folder_and_cache() {
    let root = temp("build");
    let data = root.join("data");
    dumps(&data);
    let index = root.join("sahel.kgz");
    let cache = root.join("cache");
    let env = [("KIBARU_CACHE_DIR", cache.as_path())];
    let out = kibaru(
        &[
            "gazetteer",
            "build",
            data.to_str().unwrap(),
            "-o",
            index.to_str().unwrap(),
        ],
        &env,
    );
    assert!(out.status.success(), "{}", err(&out));
    assert!(err(&out).contains("7 places"), "{}", err(&out));

    for gaz in [index.as_path(), data.as_path(), data.as_path()] {
        let out = kibaru(
            &[
                "gazetteer",
                "lookup",
                "boni",
                "--gazetteer",
                gaz.to_str().unwrap(),
            ],
            &env,
        );
        assert!(out.status.success(), "{}", err(&out));
        let c = lines(&out);
        assert_eq!(c.len(), 2, "{c:?}");
        // Admin-less tie broken by population: the Burkina Boni (3000) first.
        assert_eq!(c[0]["geonameid"], 9200002);
        assert_eq!(c[1]["admin1"], "Mopti");
        assert_eq!(c[1]["lat"], 15.047);
        assert_eq!(c[1]["feature_code"], "PPL");
    }
    // The second folder load came from the cache.
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1);

    let out = kibaru(
        &[
            "gazetteer",
            "lookup",
            "Boni",
            "--country",
            "ml",
            "--gazetteer",
            index.to_str().unwrap(),
        ],
        &env,
    );
    let c = lines(&out);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["geonameid"], 9100002);

    let out = kibaru(
        &[
            "gazetteer",
            "lookup",
            "Douentza",
            "--gazetteer",
            index.to_str().unwrap(),
        ],
        &env,
    );
    let c = lines(&out);
    assert_eq!(c[0]["admin2"], "Douentza");
    assert_eq!(c[0]["population"], 28000);

    // Spelling variants; a miss exits 1.
    let out = kibaru(
        &[
            "gazetteer",
            "lookup",
            "Segu",
            "--gazetteer",
            index.to_str().unwrap(),
        ],
        &env,
    );
    assert_eq!(lines(&out)[0]["name"], "Ségou");
    let out = kibaru(
        &[
            "gazetteer",
            "lookup",
            "Atlantis",
            "--gazetteer",
            index.to_str().unwrap(),
        ],
        &env,
    );
    assert_eq!(out.status.code(), Some(1));

    // A damaged index is a clear error naming the file.
    let mut bytes = std::fs::read(&index).unwrap();
    let n = bytes.len();
    bytes.truncate(n / 2);
    let broken = root.join("broken.kgz");
    std::fs::write(&broken, &bytes).unwrap();
    let out = kibaru(
        &[
            "gazetteer",
            "lookup",
            "Boni",
            "--gazetteer",
            broken.to_str().unwrap(),
        ],
        &env,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err(&out).contains("broken.kgz") && err(&out).contains("truncated"),
        "{}",
        err(&out)
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn extract_uses_an_index_file_and_the_default_index() {
    let root = temp("extract");
    let data = root.join("data");
    dumps(&data);
    let home = root.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let index = home.join("default.kgz");
    let env = [
        ("KIBARU_CACHE_DIR", root.join("cache")),
        ("KIBARU_HOME", home.clone()),
        ("XDG_DATA_HOME", root.join("xdg")),
    ];
    let env: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let article = root.join("a.txt");
    std::fs::write(
        &article,
        "Des hommes armés ont attaqué jeudi le village de Serma, dans le cercle de Douentza, \
         au Mali. Deux civils ont été tués.",
    )
    .unwrap();
    let a = article.to_str().unwrap();

    // No default index yet: a note, no coordinates.
    let out = kibaru(&["extract", "--published", "2025-03-07", a], &env);
    assert!(out.status.success(), "{}", err(&out));
    assert!(err(&out).contains("no gazetteer"), "{}", err(&out));
    if let Some(e) = lines(&out).first() {
        assert!(e["latitude"].is_null());
    }

    let out = kibaru(
        &[
            "gazetteer",
            "build",
            data.to_str().unwrap(),
            "-o",
            index.to_str().unwrap(),
        ],
        &env,
    );
    assert!(out.status.success(), "{}", err(&out));
    for args in [
        vec!["extract", "--published", "2025-03-07", a],
        vec![
            "extract",
            "--gazetteer",
            index.to_str().unwrap(),
            "--published",
            "2025-03-07",
            a,
        ],
    ] {
        let out = kibaru(&args, &env);
        assert!(out.status.success(), "{}", err(&out));
        assert!(!err(&out).contains("no gazetteer"), "{}", err(&out));
        let events = lines(&out);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0]["geonameid"], 9100001);
        assert_eq!(events[0]["admin1"], "Mopti");
    }
    // `--gazetteer none` turns the default off.
    let out = kibaru(
        &[
            "extract",
            "--gazetteer",
            "none",
            "--published",
            "2025-03-07",
            a,
        ],
        &env,
    );
    assert!(lines(&out)[0]["latitude"].is_null());
    // A damaged or outdated default index: a warning that says how to renew it,
    // and the run goes on; the same file given explicitly is an error.
    let mut bytes = std::fs::read(&index).unwrap();
    bytes[8] = 99; // the format version
    std::fs::write(&index, &bytes).unwrap();
    let out = kibaru(&["extract", "--published", "2025-03-07", a], &env);
    assert!(out.status.success(), "{}", err(&out));
    assert!(
        err(&out).contains("fetch-default-gazetteer.sh"),
        "{}",
        err(&out)
    );
    assert!(lines(&out)[0]["latitude"].is_null());
    let out = kibaru(
        &["extract", "--gazetteer", index.to_str().unwrap(), a],
        &env,
    );
    assert_eq!(out.status.code(), Some(2), "{}", err(&out));
    assert!(err(&out).contains("version 99"), "{}", err(&out));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn places_lists_every_mention_with_its_role() {
    let root = temp("places");
    let data = root.join("data");
    dumps(&data);
    let article = root.join("a.txt");
    let text = "Une frappe de drone a tué jeudi un chef jihadiste près du village de Serma, \
                au Mali. Son groupe opère entre Douentza, Boni et Hombori.";
    std::fs::write(&article, text).unwrap();
    let out = kibaru(
        &[
            "places",
            "--gazetteer",
            data.to_str().unwrap(),
            "--published",
            "2024-12-27",
            article.to_str().unwrap(),
        ],
        &[("KIBARU_CACHE_DIR", root.join("cache").as_path())],
    );
    assert!(out.status.success(), "{}", err(&out));
    let places = lines(&out);
    let by_text = |t: &str| {
        places
            .iter()
            .find(|p| p["text"] == t)
            .unwrap_or_else(|| panic!("no {t} in {places:#?}"))
    };
    let serma = by_text("Serma");
    assert_eq!(serma["role"], "event", "{serma}");
    assert_eq!(serma["place"]["geonameid"], 9100001);
    assert_eq!(serma["place"]["admin1"], "Mopti");
    assert_eq!(serma["cue"], "near"); // "près du village de Serma"
    let (s, e) = (
        serma["start"].as_u64().unwrap() as usize,
        serma["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "Serma");
    assert!(serma["evidence"]["sentence"]["text"]
        .as_str()
        .unwrap()
        .contains("frappe"));
    let boni = by_text("Boni");
    assert_eq!(boni["role"], "context");
    // Resolved in Mali, next to the article's other places.
    assert_eq!(boni["place"]["geonameid"], 9100002);
    assert_eq!(by_text("Douentza")["role"], "context");
    assert_eq!(by_text("Mali")["level"], "country");
    let _ = std::fs::remove_dir_all(&root);
}

/// A file the test server serves, and how it misbehaves.
struct Served {
    path: &'static str,
    body: Vec<u8>,
    /// Answer the first request with 503.
    fail_first: bool,
    /// Close the connection halfway through the first full response.
    cut_first: bool,
}

/// Starts an HTTP/1.1 server on 127.0.0.1 that serves `files` (with `Range`
/// support) and records each request line and its Range header. It stops
/// after `max_requests` connections, so it cannot outlive a broken test.
fn serve(files: Vec<Served>, max_requests: usize) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/dump/", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let log2 = Arc::clone(&log);
    std::thread::spawn(move || {
        let mut seen: Vec<String> = Vec::new();
        for stream in listener.incoming().take(max_requests) {
            let Ok(stream) = stream else { continue };
            handle(stream, &files, &mut seen, &log2);
        }
    });
    (base, log)
}

fn handle(
    mut stream: TcpStream,
    files: &[Served],
    seen: &mut Vec<String>,
    log: &Mutex<Vec<String>>,
) {
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut range: Option<u64> = None;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
            break;
        }
        let lower = h.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("range: bytes=") {
            range = v.trim().trim_end_matches('-').parse().ok();
        }
    }
    let path = request.split(' ').nth(1).unwrap_or("").to_string();
    log.lock().unwrap().push(format!(
        "{path} {}",
        range.map_or("-".to_string(), |r| format!("from {r}"))
    ));
    let first = !seen.contains(&path);
    seen.push(path.clone());
    let Some(f) = files.iter().find(|f| path == format!("/dump/{}", f.path)) else {
        let _ = stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    };
    if f.fail_first && first {
        let _ = stream.write_all(
            b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return;
    }
    let total = f.body.len() as u64;
    let (status, start) = match range {
        Some(r) if r < total => ("206 Partial Content", r),
        Some(_) => {
            let _ = write!(
                stream,
                "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{total}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            return;
        }
        None => ("200 OK", 0),
    };
    let body = &f.body[start as usize..];
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if start > 0 {
        head.push_str(&format!(
            "Content-Range: bytes {start}-{}/{total}\r\n",
            total - 1
        ));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let cut = f.cut_first && first && range.is_none();
    let send = if cut { &body[..body.len() / 2] } else { body };
    let _ = stream.write_all(send);
    let _ = stream.flush();
    // Dropping the stream closes it; a cut response is short of its length.
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let mut sink = Vec::new();
    let _ = reader.read_to_end(&mut sink);
}

fn zip_of(name: &str, text: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file(name, opts).unwrap();
        // Repeat the text so the zip is large enough to be cut halfway.
        for _ in 0..50 {
            z.write_all(text.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn fetch_downloads_retries_resumes_and_builds() {
    let root = temp("fetch");
    let dir = root.join("geonames");
    std::fs::create_dir_all(&dir).unwrap();
    let ml_zip = zip_of("ML.txt", ML);
    let bf_zip = zip_of("BF.txt", BF);
    // A partial download left by an earlier run: resumed, not restarted.
    std::fs::write(dir.join("BF.zip.part"), &bf_zip[..bf_zip.len() / 3]).unwrap();
    let resume_at = bf_zip.len() / 3;
    let (base, log) = serve(
        vec![
            Served {
                path: "ML.zip",
                body: ml_zip,
                fail_first: true,
                cut_first: false,
            },
            Served {
                path: "BF.zip",
                body: bf_zip,
                fail_first: false,
                cut_first: false,
            },
            Served {
                path: "admin1CodesASCII.txt",
                body: ADMIN1.repeat(200).into_bytes(),
                fail_first: false,
                cut_first: true,
            },
            Served {
                path: "admin2Codes.txt",
                body: ADMIN2.into(),
                fail_first: false,
                cut_first: false,
            },
        ],
        20,
    );
    let env = [("KIBARU_FETCH_BACKOFF_MS", Path::new("10"))];
    let out = kibaru(
        &[
            "gazetteer",
            "fetch",
            "ml",
            "BF",
            "--dir",
            dir.to_str().unwrap(),
            "--base-url",
            &base,
            "--timeout",
            "10",
        ],
        &env,
    );
    let log = log.lock().unwrap().clone();
    assert!(out.status.success(), "{}\n{log:#?}", err(&out));
    assert!(log.contains(&"/dump/ML.zip -".to_string()), "{log:?}");
    assert_eq!(
        log.iter().filter(|l| l.starts_with("/dump/ML.zip")).count(),
        2,
        "retried after 503: {log:?}"
    );
    assert!(
        log.contains(&format!("/dump/BF.zip from {resume_at}")),
        "resumed: {log:?}"
    );
    assert!(
        log.iter()
            .any(|l| l.starts_with("/dump/admin1CodesASCII.txt from ")),
        "resumed after a cut: {log:?}"
    );
    assert!(err(&out).contains("retrying"), "{}", err(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("ML.txt")).unwrap(),
        ML.repeat(50)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("admin1CodesASCII.txt")).unwrap(),
        ADMIN1.repeat(200)
    );
    assert!(!dir.join("ML.zip").exists() && !dir.join("BF.zip.part").exists());

    let index = dir.join("gazetteer.kgz");
    let out = kibaru(
        &[
            "gazetteer",
            "lookup",
            "Djibo",
            "--gazetteer",
            index.to_str().unwrap(),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", err(&out));
    assert_eq!(lines(&out)[0]["admin1"], "Sahel");

    // Files already there are kept; a missing country is a clear error (404, no retry).
    let (base2, log2) = serve(vec![], 5);
    let out = kibaru(
        &[
            "gazetteer",
            "fetch",
            "ML",
            "NE",
            "--dir",
            dir.to_str().unwrap(),
            "--base-url",
            &base2,
        ],
        &env,
    );
    assert_eq!(out.status.code(), Some(2), "{}", err(&out));
    assert!(err(&out).contains("NE.zip: HTTP 404"), "{}", err(&out));
    assert_eq!(log2.lock().unwrap().clone(), ["/dump/NE.zip -"]);

    // Size limit.
    let (base3, _) = serve(
        vec![Served {
            path: "GH.zip",
            body: zip_of("GH.txt", ML),
            fail_first: false,
            cut_first: false,
        }],
        5,
    );
    let out = kibaru(
        &[
            "gazetteer",
            "fetch",
            "GH",
            "--dir",
            dir.to_str().unwrap(),
            "--base-url",
            &base3,
            "--max-bytes",
            "100",
        ],
        &env,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("--max-bytes"), "{}", err(&out));
    let _ = std::fs::remove_dir_all(&root);
}
