//! Where a gazetteer comes from: a compiled index file, or a folder of GeoNames
//! dumps compiled on first use and cached.
//!
//! [`Gazetteer::load`] takes either. For a folder it computes a fingerprint
//! (the folder's canonical path, the names, sizes and modification times of
//! the dump and admin files, the index format version and the running
//! program's size and time, so a rebuilt kibaru never trusts an index its
//! older self wrote) and looks for `gazetteer-<hash of the path>.kgz` in the
//! cache folder ([`default_cache_dir`]), which stores the fingerprint it was
//! built from. A hit (same fingerprint) opens in one read; a miss loads the
//! dumps and writes the index for next time, replacing the stale one. Caching is best effort: a cache folder that
//! cannot be written, or a damaged cache file, gives a warning and the
//! gazetteer is built from the dumps as if there were no cache.

use crate::indexfile::{is_index_bytes, FORMAT_VERSION};
use crate::{Gazetteer, GeoError};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files of a dump folder that the gazetteer is built from (besides `XX.txt`
/// and `allCountries.txt`).
pub(crate) const SIDE_FILES: &[&str] = &[
    "admin1CodesASCII.txt",
    "admin2Codes.txt",
    "alternateNamesV2.txt",
];

/// How a gazetteer was obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Opened from the compiled index file given.
    Index,
    /// Opened from the cached index of a dump folder.
    Cache(PathBuf),
    /// Built from a dump folder; `cached` is the index file written for next
    /// time, if writing it worked.
    Built {
        /// The cache file written.
        cached: Option<PathBuf>,
    },
}

/// A loaded gazetteer, how it was obtained, and what went wrong on the way
/// without stopping the load (cache problems).
pub struct Loaded {
    /// The gazetteer.
    pub gazetteer: Gazetteer,
    /// Index, cache hit or fresh build.
    pub origin: Origin,
    /// Warnings for the user (e.g. "cannot write the cache ...").
    pub warnings: Vec<String>,
}

/// The cache folder: `$KIBARU_CACHE_DIR`, else `$XDG_CACHE_HOME/kibaru`, else
/// `$HOME/.cache/kibaru`; `None` when none of these is set.
pub fn default_cache_dir() -> Option<PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    if let Some(d) = var("KIBARU_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = var("XDG_CACHE_HOME") {
        return Some(PathBuf::from(d).join("kibaru"));
    }
    var("HOME").map(|h| PathBuf::from(h).join(".cache").join("kibaru"))
}

/// Whether a file name is one a gazetteer is built from.
fn is_source_name(name: &str) -> bool {
    crate::load::is_dump_name(name) || SIDE_FILES.contains(&name)
}

/// The fingerprint of a dump folder (see the module doc): equal fingerprints
/// mean the cached index is the one these files would build.
pub fn folder_fingerprint(dir: &Path) -> Result<String, GeoError> {
    let io = |source| GeoError::Io {
        path: dir.display().to_string(),
        source,
    };
    let canonical = dir.canonicalize().map_err(io)?;
    let mut lines = Vec::new();
    for e in std::fs::read_dir(dir).map_err(io)? {
        let e = e.map_err(io)?;
        let Some(name) = e.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if !is_source_name(&name) {
            continue;
        }
        let m = e.metadata().map_err(io)?;
        lines.push(format!("{name}\t{}\t{}", m.len(), mtime_nanos(&m)));
    }
    lines.sort();
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{}\t{}", m.len(), mtime_nanos(&m)))
        .unwrap_or_default();
    Ok(format!(
        "kibaru-gazetteer format {FORMAT_VERSION} kibaru {} exe {exe}\n{}\n{}\n",
        env!("CARGO_PKG_VERSION"),
        canonical.display(),
        lines.join("\n")
    ))
}

fn mtime_nanos(m: &std::fs::Metadata) -> u128 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// FNV-1a, 64 bits: the cache file name of a folder.
fn name_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Whether the file at `path` starts with the index magic bytes.
fn looks_like_index(path: &Path) -> bool {
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && is_index_bytes(&head)
}

impl Gazetteer {
    /// Loads a gazetteer from a compiled index file or from a folder of
    /// GeoNames dumps (compiled and cached in [`default_cache_dir`]). Cache
    /// problems are not errors (see [`Gazetteer::load_with`] to see them).
    pub fn load(path: &Path) -> Result<Gazetteer, GeoError> {
        Ok(Gazetteer::load_with(path, default_cache_dir().as_deref())?.gazetteer)
    }

    /// Like [`Gazetteer::load`], with the cache folder given (`None`: no
    /// cache), and reporting how the gazetteer was obtained.
    pub fn load_with(path: &Path, cache_dir: Option<&Path>) -> Result<Loaded, GeoError> {
        if !path.is_dir() {
            if path.is_file() && !looks_like_index(path) {
                return Err(GeoError::BadIndex {
                    path: path.display().to_string(),
                    reason: "neither a folder of GeoNames dumps nor a kibaru gazetteer index \
                             (build one with `kibaru gazetteer build DIR -o FILE`)"
                        .to_string(),
                });
            }
            return Ok(Loaded {
                gazetteer: Gazetteer::open_index(path)?,
                origin: Origin::Index,
                warnings: Vec::new(),
            });
        }
        let mut warnings = Vec::new();
        let Some(cache_dir) = cache_dir else {
            return Ok(Loaded {
                gazetteer: Gazetteer::load_dir(path)?,
                origin: Origin::Built { cached: None },
                warnings,
            });
        };
        let fingerprint = folder_fingerprint(path)?;
        // One cache file per folder (named by its canonical path, the first
        // line of the fingerprint after the version line), replaced when stale.
        let folder = fingerprint.lines().nth(1).unwrap_or_default();
        let file = cache_dir.join(format!("gazetteer-{:016x}.kgz", name_hash(folder)));
        if file.is_file() {
            match Gazetteer::open_index_with_source(&file) {
                Ok((g, source)) if source == fingerprint => {
                    return Ok(Loaded {
                        gazetteer: g,
                        origin: Origin::Cache(file),
                        warnings,
                    })
                }
                Ok(_) => {}
                Err(e) => warnings.push(format!("ignoring the cached gazetteer: {e}")),
            }
        }
        let gazetteer = Gazetteer::load_dir(path)?;
        let cached = match std::fs::create_dir_all(cache_dir)
            .map_err(|source| GeoError::Io {
                path: cache_dir.display().to_string(),
                source,
            })
            .and_then(|()| gazetteer.save(&file, &fingerprint))
        {
            Ok(()) => Some(file),
            Err(e) => {
                warnings.push(format!(
                    "cannot cache the compiled gazetteer (it will be built again next time): {e}"
                ));
                None
            }
        };
        Ok(Loaded {
            gazetteer,
            origin: Origin::Built { cached },
            warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = "1\tSerma\tSerma\t\t14.86\t-2.264\tP\tPPL\tML\t\t04\t\t\t\t0\t\t300\tAfrica/Bamako\t2024-01-01\n";

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("kibaru-geo-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn folder_is_built_then_cached_then_rebuilt_when_it_changes() {
        let root = tmp("cache");
        let data = root.join("data");
        let cache = root.join("cache");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(data.join("ML.txt"), DUMP).unwrap();
        std::fs::write(data.join("README"), "not a source").unwrap();

        let a = Gazetteer::load_with(&data, Some(&cache)).unwrap();
        let Origin::Built { cached: Some(file) } = &a.origin else {
            panic!("{:?}", a.origin)
        };
        assert!(file.is_file());
        assert_eq!(a.gazetteer.len(), 1);

        let b = Gazetteer::load_with(&data, Some(&cache)).unwrap();
        assert_eq!(b.origin, Origin::Cache(file.clone()));
        assert_eq!(b.gazetteer.lookup("serma"), a.gazetteer.lookup("serma"));

        // A new dump file changes the fingerprint.
        std::fs::write(
            data.join("BF.txt"),
            DUMP.replace("1\tSerma\tSerma", "2\tDjibo\tDjibo"),
        )
        .unwrap();
        let c = Gazetteer::load_with(&data, Some(&cache)).unwrap();
        assert_eq!(
            c.origin,
            Origin::Built {
                cached: Some(file.clone())
            }
        );
        assert_eq!(c.gazetteer.len(), 2);
        assert_eq!(
            std::fs::read_dir(&cache).unwrap().count(),
            1,
            "stale cache replaced"
        );

        // A damaged cache file is a warning, not an error.
        let Origin::Built { cached: Some(f2) } = &c.origin else {
            panic!()
        };
        std::fs::write(f2, b"KIBARUGZ garbage").unwrap();
        let d = Gazetteer::load_with(&data, Some(&cache)).unwrap();
        assert_eq!(d.gazetteer.len(), 2);
        assert!(
            d.warnings[0].contains("ignoring the cached gazetteer"),
            "{:?}",
            d.warnings
        );

        // A cache folder that cannot be created is a warning too.
        let blocker = root.join("file");
        std::fs::write(&blocker, "x").unwrap();
        let e = Gazetteer::load_with(&data, Some(&blocker.join("sub"))).unwrap();
        assert_eq!(e.gazetteer.len(), 2);
        assert_eq!(e.origin, Origin::Built { cached: None });
        assert!(e.warnings[0].contains("cannot cache"), "{:?}", e.warnings);

        // The index file itself loads, and a text file is refused clearly.
        let g = Gazetteer::load_with(file, None).unwrap();
        assert_eq!(g.origin, Origin::Index);
        let err = Gazetteer::load(&data.join("README"))
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("README") && err.contains("gazetteer build"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
