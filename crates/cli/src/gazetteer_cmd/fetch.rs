//! `kibaru gazetteer fetch CC...`: downloads GeoNames country files (`CC.zip`,
//! unpacked to `CC.txt`) and `admin1CodesASCII.txt` / `admin2Codes.txt` from
//! GeoNames' dump site, then compiles the index.
//!
//! Downloads go to `FILE.part` and are resumed with an HTTP `Range` request
//! after a dropped connection or a timeout; server errors (5xx, 408, 429) and
//! network errors are retried with exponential backoff (bounded); responses
//! or unpacked files larger than `--max-bytes` are refused. A file already in
//! the folder is kept unless `--refresh`.

use anyhow::{bail, Context, Result};
use kibaru_geo::Gazetteer;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// GeoNames' public dump folder.
pub(crate) const DEFAULT_BASE_URL: &str = "https://download.geonames.org/export/dump/";

/// `kibaru gazetteer fetch`.
#[derive(clap::Args)]
pub(crate) struct FetchArgs {
    /// ISO alpha-2 country codes (ML BF NE ...), or `all` for allCountries.
    #[arg(required = true, value_name = "CC")]
    countries: Vec<String>,
    /// Folder for the downloaded files (created if needed).
    #[arg(long, value_name = "DIR", default_value = "geonames")]
    dir: PathBuf,
    /// The compiled index to write (default: DIR/gazetteer.kgz).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Where the dump files are.
    #[arg(long, value_name = "URL", default_value = DEFAULT_BASE_URL)]
    base_url: String,
    /// Refuse any response or unpacked file larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 2_000_000_000)]
    max_bytes: u64,
    /// Seconds allowed to connect, to get a response, and between two reads.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    timeout: u64,
    /// Retries after a network or server error (with backoff 1 s, 2 s, 4 s, ... up to 60 s).
    #[arg(long, value_name = "N", default_value_t = 5)]
    retries: u32,
    /// Download again files that are already in DIR.
    #[arg(long)]
    refresh: bool,
    /// Download only; do not compile the index.
    #[arg(long)]
    no_build: bool,
}

/// Runs `kibaru gazetteer fetch`.
pub(crate) fn fetch(args: FetchArgs) -> Result<ExitCode> {
    let mut codes = Vec::new();
    for c in &args.countries {
        let file = if c.eq_ignore_ascii_case("all") {
            "allCountries".to_string()
        } else if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) {
            c.to_ascii_uppercase()
        } else {
            bail!("{c:?} is not an ISO alpha-2 country code (or `all`)");
        };
        if !codes.contains(&file) {
            codes.push(file);
        }
    }
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    let base = if args.base_url.ends_with('/') {
        args.base_url.clone()
    } else {
        format!("{}/", args.base_url)
    };
    let t = Duration::from_secs(args.timeout.max(1));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(t))
        .timeout_recv_response(Some(t))
        .timeout_per_read(Some(t))
        .user_agent(concat!("kibaru/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let dl = Downloader {
        agent,
        max_bytes: args.max_bytes,
        retries: args.retries,
        backoff: Duration::from_millis(
            std::env::var("KIBARU_FETCH_BACKOFF_MS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(1000),
        ),
    };
    for code in &codes {
        let txt = args.dir.join(format!("{code}.txt"));
        if txt.is_file() && !args.refresh {
            eprintln!(
                "kibaru: {} is there, kept (--refresh to download it again)",
                txt.display()
            );
            continue;
        }
        let zip = args.dir.join(format!("{code}.zip"));
        dl.download(&format!("{base}{code}.zip"), &zip)?;
        unzip_one(&zip, &format!("{code}.txt"), &txt, args.max_bytes)?;
        let _ = std::fs::remove_file(&zip);
    }
    for name in ["admin1CodesASCII.txt", "admin2Codes.txt"] {
        let dest = args.dir.join(name);
        if dest.is_file() && !args.refresh {
            continue;
        }
        dl.download(&format!("{base}{name}"), &dest)?;
    }
    if args.no_build {
        return Ok(ExitCode::SUCCESS);
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.dir.join("gazetteer.kgz"));
    let g = Gazetteer::load_dir(&args.dir)
        .with_context(|| format!("cannot load the downloaded files in {}", args.dir.display()))?;
    g.save(
        &output,
        &format!("GeoNames dumps fetched into {}", args.dir.display()),
    )
    .with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!(
        "kibaru: {} places in {} -> {} (use it with --gazetteer {})",
        g.len(),
        g.loaded_countries().join(" "),
        output.display(),
        output.display()
    );
    Ok(ExitCode::SUCCESS)
}

struct Downloader {
    agent: ureq::Agent,
    max_bytes: u64,
    retries: u32,
    backoff: Duration,
}

/// Why one attempt failed: worth retrying (network, 5xx) or not (404, too big).
enum Failure {
    Retry(String),
    Fatal(anyhow::Error),
}

impl Downloader {
    /// Downloads `url` to `dest` through `dest.part`, resuming and retrying.
    fn download(&self, url: &str, dest: &Path) -> Result<()> {
        let part = part_path(dest);
        let mut attempt = 0;
        loop {
            match self.attempt(url, &part) {
                Ok(()) => {
                    std::fs::rename(&part, dest)
                        .with_context(|| format!("cannot write {}", dest.display()))?;
                    let size = std::fs::metadata(dest).map_or(0, |m| m.len());
                    eprintln!("kibaru: {url} -> {} ({size} bytes)", dest.display());
                    return Ok(());
                }
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry(why)) if attempt < self.retries => {
                    let wait = self
                        .backoff
                        .saturating_mul(1 << attempt.min(16))
                        .min(Duration::from_secs(60));
                    eprintln!(
                        "kibaru: warning: {url}: {why}; retrying in {:.1} s ({}/{})",
                        wait.as_secs_f64(),
                        attempt + 1,
                        self.retries
                    );
                    std::thread::sleep(wait);
                    attempt += 1;
                }
                Err(Failure::Retry(why)) => {
                    bail!(
                        "{url}: {why} (gave up after {} retries; run again to resume)",
                        self.retries
                    )
                }
            }
        }
    }

    fn attempt(&self, url: &str, part: &Path) -> Result<(), Failure> {
        let fatal = |e: anyhow::Error| Failure::Fatal(e);
        let have = std::fs::metadata(part).map_or(0, |m| m.len());
        let mut req = self.agent.get(url);
        if have > 0 {
            req = req.header("Range", format!("bytes={have}-"));
        }
        let resp = req.call().map_err(|e| Failure::Retry(e.to_string()))?;
        let status = resp.status().as_u16();
        let header = |k: &str| {
            resp.headers()
                .get(k)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_length = header("content-length").and_then(|v| v.parse::<u64>().ok());
        let (append, total) = match status {
            200 => (false, content_length),
            206 => {
                // "bytes START-END/TOTAL": resume only where we stopped.
                let cr = header("content-range").unwrap_or_default();
                let start = cr
                    .strip_prefix("bytes ")
                    .and_then(|r| r.split('-').next())
                    .and_then(|s| s.trim().parse::<u64>().ok());
                if start != Some(have) {
                    let _ = std::fs::remove_file(part);
                    return Err(Failure::Retry(format!(
                        "server resumed at the wrong offset ({cr:?}); starting over"
                    )));
                }
                (true, content_length.map(|n| n + have))
            }
            416 if have > 0 => {
                // Nothing left to send: the part file is complete if its size
                // is the total the server states.
                let cr = header("content-range").unwrap_or_default();
                let total = cr.rsplit('/').next().and_then(|t| t.parse::<u64>().ok());
                if total == Some(have) {
                    return Ok(());
                }
                let _ = std::fs::remove_file(part);
                return Err(Failure::Retry(
                    "range not satisfiable; starting over".into(),
                ));
            }
            408 | 429 | 500..=599 => return Err(Failure::Retry(format!("HTTP {status}"))),
            _ => return Err(fatal(anyhow::anyhow!("{url}: HTTP {status}"))),
        };
        if let Some(total) = total {
            if total > self.max_bytes {
                return Err(fatal(anyhow::anyhow!(
                    "{url}: {total} bytes is over the limit of {} (--max-bytes)",
                    self.max_bytes
                )));
            }
        }
        let mut file = OpenOptions::new()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(part)
            .with_context(|| format!("cannot write {}", part.display()))
            .map_err(fatal)?;
        let start = if append { have } else { 0 };
        let mut body = resp.into_body().into_reader();
        let mut buf = vec![0u8; 64 * 1024];
        let mut written = start;
        loop {
            let n = match body.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let _ = file.flush();
                    return Err(Failure::Retry(format!(
                        "connection lost after {written} bytes ({e})"
                    )));
                }
            };
            written += n as u64;
            if written > self.max_bytes {
                drop(file);
                let _ = std::fs::remove_file(part);
                return Err(fatal(anyhow::anyhow!(
                    "{url}: more than {} bytes (--max-bytes)",
                    self.max_bytes
                )));
            }
            file.write_all(&buf[..n])
                .with_context(|| format!("cannot write {}", part.display()))
                .map_err(fatal)?;
        }
        file.flush()
            .with_context(|| format!("cannot write {}", part.display()))
            .map_err(fatal)?;
        if let Some(total) = total {
            if written != total {
                return Err(Failure::Retry(format!("got {written} of {total} bytes")));
            }
        }
        Ok(())
    }
}

fn part_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(".part");
    dest.with_file_name(name)
}

/// Unpacks `member` of the zip file `zip` to `dest` (through a temporary
/// file), refusing more than `max_bytes`.
fn unzip_one(zip: &Path, member: &str, dest: &Path, max_bytes: u64) -> Result<()> {
    let file = File::open(zip).with_context(|| format!("cannot read {}", zip.display()))?;
    let mut archive = zip::ZipArchive::new(file)
        .with_context(|| format!("{} is not a readable zip file", zip.display()))?;
    let mut entry = archive
        .by_name(member)
        .with_context(|| format!("{} has no {member}", zip.display()))?;
    if entry.size() > max_bytes {
        bail!(
            "{member} in {} unpacks to {} bytes, over the limit of {max_bytes} (--max-bytes)",
            zip.display(),
            entry.size()
        );
    }
    let tmp = part_path(dest);
    let mut out = File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    let n = std::io::copy(&mut (&mut entry).take(max_bytes + 1), &mut out)
        .with_context(|| format!("cannot unpack {member} from {}", zip.display()))?;
    if n > max_bytes {
        drop(out);
        let _ = std::fs::remove_file(&tmp);
        bail!(
            "{member} in {} unpacks to more than {max_bytes} bytes (--max-bytes)",
            zip.display()
        );
    }
    out.flush()?;
    drop(out);
    std::fs::rename(&tmp, dest).with_context(|| format!("cannot write {}", dest.display()))?;
    Ok(())
}
