//! One entry point for every input shape: a file (or standard input) is opened,
//! gunzipped when it is gzip (by its magic bytes, whatever its name), and read as
//! article JSONL, plain text, an HTML page or a news feed, chosen by the
//! `--input-format` flag or else by the file's extension.
//!
//! Memory stays bounded whatever the input: JSONL is streamed line by line (each
//! line capped), a text, page or feed is read up to its cap, and a gzip stream that
//! inflates more than [`MAX_INFLATE_RATIO`] times its compressed size (a
//! decompression bomb) is stopped with an error naming the file; what was read
//! before is kept.

use crate::{feed, html, IntakeError, MAX_TEXT_BYTES};
use kibaru_core::Article;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// The shape of an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Article JSONL, one object a line.
    Jsonl,
    /// One article a file, plain text.
    Text,
    /// One article a file, an HTML page.
    Html,
    /// An RSS or Atom feed, one article an item.
    Feed,
}

impl Kind {
    /// The kind a file's extension says (`.gz` looked through): `.jsonl`/`.ndjson`,
    /// `.html`/`.htm`, `.rss`/`.atom`/`.xml`, anything else text.
    pub fn of_path(path: &str) -> Kind {
        let path = strip_gz(path);
        let ext = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("jsonl" | "ndjson") => Kind::Jsonl,
            Some("html" | "htm" | "xhtml") => Kind::Html,
            Some("rss" | "atom" | "xml") => Kind::Feed,
            _ => Kind::Text,
        }
    }
}

/// The name without a trailing `.gz`.
pub fn strip_gz(name: &str) -> &str {
    name.strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".GZ"))
        .unwrap_or(name)
}

/// A gzip stream may inflate to at most this many times its compressed size
/// (and at least [`MIN_INFLATE_LIMIT`] bytes); past it, reading stops with an error.
/// Text compresses 3 to 10 times; a run of zeros a thousand times.
pub const MAX_INFLATE_RATIO: u64 = 100;

/// The inflate limit of small or unsized (standard input) gzip streams.
pub const MIN_INFLATE_LIMIT: u64 = 64 << 20;

/// Opens `name` (`-` is standard input) for reading, through a bounded gunzip when
/// it starts with the gzip magic bytes.
pub fn open(name: &str) -> io::Result<Box<dyn BufRead>> {
    let (reader, size): (Box<dyn Read>, Option<u64>) = if name == "-" {
        (Box::new(io::stdin().lock()), None)
    } else {
        let f = std::fs::File::open(name)?;
        let size = f.metadata().ok().map(|m| m.len());
        (Box::new(f), size)
    };
    Ok(maybe_gunzip(
        BufReader::with_capacity(1 << 16, reader),
        size,
    ))
}

/// `reader` itself, or a bounded gunzip of it when it starts with the gzip magic.
pub fn maybe_gunzip<'a>(
    mut reader: impl BufRead + 'a,
    compressed_size: Option<u64>,
) -> Box<dyn BufRead + 'a> {
    let gzip = matches!(reader.fill_buf(), Ok(b) if b.starts_with(&[0x1f, 0x8b]));
    if !gzip {
        return Box::new(reader);
    }
    let limit = compressed_size
        .map_or(MIN_INFLATE_LIMIT.saturating_mul(64), |s| {
            s.saturating_mul(MAX_INFLATE_RATIO)
        })
        .max(MIN_INFLATE_LIMIT);
    gunzip_limited(reader, limit)
}

/// A gunzip of `reader` that fails past `limit` inflated bytes.
#[doc(hidden)]
pub fn gunzip_limited<'a>(reader: impl BufRead + 'a, limit: u64) -> Box<dyn BufRead + 'a> {
    Box::new(BufReader::with_capacity(
        1 << 16,
        Bounded {
            inner: flate2::bufread::MultiGzDecoder::new(reader),
            left: limit,
            limit,
        },
    ))
}

/// A reader that fails once more than `limit` bytes came out of it.
struct Bounded<R> {
    inner: R,
    left: u64,
    limit: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            // One probe byte: a stream that ends exactly at the limit is fine.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "gzip data inflates past {} bytes (the limit is {MAX_INFLATE_RATIO} \
                         times the compressed size, at least {MIN_INFLATE_LIMIT}): \
                         a decompression bomb? the rest is ignored",
                        self.limit
                    ),
                )),
            };
        }
        let n = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let got = self.inner.read(&mut buf[..n])?;
        self.left -= got as u64;
        Ok(got)
    }
}

/// What to apply to the articles of one-article files.
#[derive(Clone, Copy, Debug, Default)]
pub struct Defaults<'a> {
    /// Publication date of text and HTML articles (`YYYY-MM[-DD]`).
    pub published: Option<&'a str>,
    /// Language of every article whose input does not say.
    pub lang: Option<&'a str>,
}

/// Reads every article of one input of `kind`, calling `article` for each and
/// `problem` for what is wrong (skipped or only warned). An IO error (a file cut
/// short, a decompression bomb) ends this input and is returned; the articles read
/// before it have been delivered.
pub fn read_articles(
    file: &str,
    kind: Kind,
    mut reader: impl BufRead,
    defaults: Defaults<'_>,
    mut article: impl FnMut(Article),
    mut problem: impl FnMut(IntakeError),
) -> io::Result<()> {
    let whole = |reader: &mut dyn BufRead, cap: usize| -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        reader.take(cap as u64 + 1).read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    match kind {
        Kind::Jsonl => {
            crate::read_jsonl(file, reader, article, problem)?;
        }
        Kind::Text | Kind::Html => {
            let (a, warning) = if kind == Kind::Html {
                let bytes = whole(&mut reader, html::MAX_HTML_BYTES)?;
                crate::html_article(file, &bytes, defaults.published, defaults.lang)
            } else {
                let bytes = whole(&mut reader, MAX_TEXT_BYTES)?;
                crate::text_article(file, &bytes, defaults.published, defaults.lang)
            };
            if let Some(w) = warning {
                problem(w);
            }
            if a.text.trim().is_empty() {
                problem(IntakeError {
                    file: file.to_string(),
                    line: None,
                    message: "no text".into(),
                    skipped: true,
                });
            } else {
                article(a);
            }
        }
        Kind::Feed => {
            let bytes = whole(&mut reader, feed::MAX_FEED_BYTES)?;
            feed::read_feed(file, &bytes, defaults.lang, article, problem);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    fn read_all(
        name: &str,
        bytes: &[u8],
        kind: Kind,
    ) -> (Vec<Article>, Vec<IntakeError>, io::Result<()>) {
        read_limited(name, maybe_gunzip(bytes, Some(bytes.len() as u64)), kind)
    }

    fn read_limited(
        name: &str,
        reader: Box<dyn BufRead + '_>,
        kind: Kind,
    ) -> (Vec<Article>, Vec<IntakeError>, io::Result<()>) {
        let (mut arts, mut errs) = (Vec::new(), Vec::new());
        let r = read_articles(
            name,
            kind,
            reader,
            Defaults {
                published: Some("2025-03"),
                lang: None,
            },
            |a| arts.push(a),
            |e| errs.push(e),
        );
        (arts, errs, r)
    }

    #[test]
    fn kinds_by_extension_through_gz() {
        for (p, k) in [
            ("a/b.jsonl", Kind::Jsonl),
            ("b.JSONL.gz", Kind::Jsonl),
            ("x.ndjson", Kind::Jsonl),
            ("p.html.gz", Kind::Html),
            ("p.HTM", Kind::Html),
            ("f.rss", Kind::Feed),
            ("f.atom.gz", Kind::Feed),
            ("f.xml", Kind::Feed),
            ("note.txt", Kind::Text),
            ("sans-extension", Kind::Text),
            ("-", Kind::Text),
        ] {
            assert_eq!(Kind::of_path(p), k, "{p}");
        }
    }

    #[test]
    fn gzip_is_recognised_by_its_magic_bytes() {
        let line = b"{\"id\":\"a\",\"text\":\"Des hommes arm\xc3\xa9s ont attaqu\xc3\xa9.\"}\n";
        let (arts, errs, r) = read_all("in.jsonl.gz", &gz(line), Kind::Jsonl);
        r.unwrap();
        assert!(errs.is_empty());
        assert_eq!(arts[0].text, "Des hommes armés ont attaqué.");
        // The same name without gzip inside is read as it is.
        let (arts, _, r) = read_all("in.jsonl.gz", line, Kind::Jsonl);
        r.unwrap();
        assert_eq!(arts.len(), 1);
    }

    #[test]
    fn gzipped_pages_keep_their_name_as_id() {
        let page = gz(b"<html><title>T</title><p>Un texte.</p></html>");
        let (arts, _, r) = read_all("pages/boni.html.gz", &page, Kind::Html);
        r.unwrap();
        assert_eq!(arts[0].id, "boni");
        assert_eq!(arts[0].text, "Un texte.");
        assert_eq!(arts[0].published.as_deref(), Some("2025-03"));
    }

    #[test]
    fn a_decompression_bomb_stops_with_an_error_after_the_good_lines() {
        // Two good lines, then a line of 8 MiB of spaces that gzip makes about
        // a thousand times smaller; the limit here is 1 MiB (the real one is
        // bigger, see the hostile-input tests of the command).
        let mut e = GzEncoder::new(Vec::new(), Compression::best());
        e.write_all(b"{\"id\":\"a\",\"text\":\"Un.\"}\n{\"id\":\"b\",\"text\":\"Deux.\"}\n")
            .unwrap();
        e.write_all(&vec![b' '; 8 << 20]).unwrap();
        let bomb = e.finish().unwrap();
        assert!(bomb.len() < 64 << 10, "{}", bomb.len());
        let (arts, _, r) = read_limited(
            "bomb.jsonl.gz",
            gunzip_limited(&bomb[..], 1 << 20),
            Kind::Jsonl,
        );
        assert_eq!(arts.len(), 2);
        let err = r.unwrap_err();
        assert!(err.to_string().contains("decompression bomb"), "{err}");
    }

    #[test]
    fn a_stream_exactly_at_the_limit_is_fine() {
        let data = vec![b'x'; 1000];
        let mut r = Bounded {
            inner: &data[..],
            left: 1000,
            limit: 1000,
        };
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!(out.len(), 1000);
        let mut r = Bounded {
            inner: &data[..],
            left: 999,
            limit: 999,
        };
        assert!(r.read_to_end(&mut Vec::new()).is_err());
    }

    #[test]
    fn empty_text_files_are_reported() {
        let (arts, errs, r) = read_all("vide.txt", b"  \n", Kind::Text);
        r.unwrap();
        assert!(arts.is_empty());
        assert_eq!(errs[0].to_string(), "vide.txt: no text");
        assert!(errs[0].skipped);
    }

    #[test]
    fn feeds_are_read_through_the_same_entry() {
        let feed = b"<rss><channel><title>S</title><item><guid>g1</guid><description>Un texte.</description></item></channel></rss>";
        let (arts, errs, r) = read_all("f.rss.gz", &gz(feed), Kind::Feed);
        r.unwrap();
        assert!(errs.is_empty());
        assert_eq!(
            (arts[0].id.as_str(), arts[0].source.as_deref()),
            ("g1", Some("S"))
        );
    }

    #[test]
    fn corrupt_gzip_is_an_error_not_a_panic() {
        let mut g = gz(b"Un texte assez long pour etre compresse, un texte assez long.");
        let n = g.len();
        g.truncate(n / 2);
        let (_, _, r) = read_all("t.txt.gz", &g, Kind::Text);
        assert!(r.is_err());
        g[10] ^= 0xff;
        let _ = read_all("t.txt.gz", &g, Kind::Text);
    }
}
