//! Intake: turning files and streams into [`Article`]s.
//!
//! Four shapes of input: article JSONL (one JSON object a line, the contract
//! in PRODUCT.md), plain text (one article a file), HTML pages (one article a
//! file, main text extracted by [`html_article`]) and RSS/Atom feeds (one article
//! an item, [`feed`]), each possibly gzipped ([`input`] opens and dispatches). Bad input never stops a
//! run: a line that is not valid JSON, or has no text, becomes an [`IntakeError`]
//! naming the file and line, and reading goes on. Invalid UTF-8 is decoded lossily
//! with a warning.
//!
//! Main items: [`input::read_articles`], [`read_jsonl`], [`text_article`],
//! [`html_article`], [`feed::read_feed`], [`IntakeError`].
#![deny(missing_docs)]

pub mod feed;
pub mod html;
pub mod input;

use kibaru_core::Article;
use serde_json::Value;
use std::io::{BufRead, Read};

/// A problem with one piece of input; the rest of the input is still read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntakeError {
    /// The file (or `-` for standard input).
    pub file: String,
    /// The 1-based line, for line-oriented input.
    pub line: Option<usize>,
    /// What is wrong, lowercase, without a trailing dot.
    pub message: String,
    /// Whether the input was still used (a warning) or skipped (an error).
    pub skipped: bool,
}

impl std::fmt::Display for IntakeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Longest JSONL line accepted; longer lines are skipped with an error.
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// Longest plain-text article read: the rest is ignored, with a warning. Text
/// offsets are `u32` (and folding can lengthen a text by half), so every article
/// the intake makes stays far below 4 GiB; JSONL articles are bounded by
/// [`MAX_LINE_BYTES`], HTML pages by [`html::MAX_HTML_BYTES`].
pub const MAX_TEXT_BYTES: usize = 64 << 20;

/// Reads article JSONL, calling `article` for each good line and `problem` for
/// each bad one. Returns the number of lines read, or the IO error that stopped
/// reading (what was read before it has been delivered).
pub fn read_jsonl(
    file: &str,
    mut reader: impl BufRead,
    mut article: impl FnMut(Article),
    mut problem: impl FnMut(IntakeError),
) -> std::io::Result<usize> {
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        buf.clear();
        let n = Read::take(&mut reader, MAX_LINE_BYTES as u64 + 1).read_until(b'\n', &mut buf)?;
        if n == 0 {
            return Ok(line);
        }
        line += 1;
        if buf.len() > MAX_LINE_BYTES && buf.last() != Some(&b'\n') {
            // Skip the rest of an over-long line.
            let mut sink = Vec::new();
            loop {
                sink.clear();
                let m = Read::take(&mut reader, 1 << 20).read_until(b'\n', &mut sink)?;
                if m == 0 || sink.last() == Some(&b'\n') {
                    break;
                }
            }
            problem(err(
                file,
                line,
                format!("line longer than {MAX_LINE_BYTES} bytes"),
                true,
            ));
            continue;
        }
        let text = match std::str::from_utf8(&buf) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => {
                problem(err(
                    file,
                    line,
                    "invalid UTF-8, decoded lossily".into(),
                    false,
                ));
                String::from_utf8_lossy(&buf)
            }
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            continue;
        }
        match parse_article(trimmed) {
            Ok(mut a) => {
                if a.id.is_empty() {
                    a.id = format!("{file}:{line}");
                }
                article(a)
            }
            Err(message) => problem(err(file, line, message, true)),
        }
    }
}

fn err(file: &str, line: usize, message: String, skipped: bool) -> IntakeError {
    IntakeError {
        file: file.to_string(),
        line: Some(line),
        message,
        skipped,
    }
}

/// Parses one article JSON object.
pub fn parse_article(json: &str) -> Result<Article, String> {
    let v: Value = serde_json::from_str(json).map_err(|e| format!("not valid JSON: {e}"))?;
    let Value::Object(mut o) = v else {
        return Err("not a JSON object".into());
    };
    // Fields are moved out of the parsed object, not copied.
    let text = match o.remove("text") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::String(_)) => return Err("field \"text\" is empty".into()),
        Some(_) => return Err("field \"text\" is not a string".into()),
        None => return Err("no field \"text\"".into()),
    };
    let mut string = |k: &str| -> Result<Option<String>, String> {
        match o.remove(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(Value::Number(n)) if k == "id" => Ok(Some(n.to_string())),
            Some(_) => Err(format!("field {k:?} is not a string")),
        }
    };
    Ok(Article {
        id: string("id")?.unwrap_or_default(),
        url: string("url")?,
        source: string("source")?,
        published: string("published")?,
        lang: string("lang")?,
        title: string("title")?,
        text,
    })
}

/// Makes an article of a plain text file's bytes; invalid UTF-8 is decoded
/// lossily and reported as a warning, and text past [`MAX_TEXT_BYTES`] is cut
/// (on a character boundary) with a warning.
pub fn text_article(
    file: &str,
    bytes: &[u8],
    published: Option<&str>,
    lang: Option<&str>,
) -> (Article, Option<IntakeError>) {
    text_article_capped(file, bytes, published, lang, MAX_TEXT_BYTES)
}

/// [`text_article`] with the cap as a parameter (tests use a small one).
#[doc(hidden)]
pub fn text_article_capped(
    file: &str,
    bytes: &[u8],
    published: Option<&str>,
    lang: Option<&str>,
    cap: usize,
) -> (Article, Option<IntakeError>) {
    let cut = bytes.len() > cap;
    let bytes = if cut {
        // Back off to the start of a UTF-8 sequence (at most 3 continuation bytes).
        let mut end = cap;
        while end > 0 && cap - end < 3 && (bytes[end] & 0xc0) == 0x80 {
            end -= 1;
        }
        &bytes[..end]
    } else {
        bytes
    };
    let mut messages = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            messages.push("invalid UTF-8, decoded lossily".to_string());
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    if cut {
        messages.push(format!("longer than {cap} bytes, the rest is ignored"));
    }
    let warning = (!messages.is_empty()).then(|| IntakeError {
        file: file.to_string(),
        line: None,
        message: messages.join("; "),
        skipped: false,
    });
    let id = std::path::Path::new(input::strip_gz(file))
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && file != "-")
        .unwrap_or_else(|| "stdin".to_string());
    let article = Article {
        id,
        published: published.map(str::to_string),
        lang: lang.map(str::to_string),
        text,
        ..Article::default()
    };
    (article, warning)
}

/// Makes an article of an HTML page: its main text (see [`html::main_text`]) and
/// its `<title>`. Invalid UTF-8 is decoded lossily and pages longer than
/// [`html::MAX_HTML_BYTES`] are cut, both with a warning.
pub fn html_article(
    file: &str,
    bytes: &[u8],
    published: Option<&str>,
    lang: Option<&str>,
) -> (Article, Option<IntakeError>) {
    let cut = bytes.len() > html::MAX_HTML_BYTES;
    let bytes = &bytes[..bytes.len().min(html::MAX_HTML_BYTES)];
    let (mut article, mut warning) = text_article(file, bytes, published, lang);
    if cut {
        let w = warning.get_or_insert_with(|| IntakeError {
            file: file.to_string(),
            line: None,
            message: String::new(),
            skipped: false,
        });
        let sep = if w.message.is_empty() { "" } else { "; " };
        w.message = format!(
            "{}{sep}longer than {} bytes, the rest is ignored",
            w.message,
            html::MAX_HTML_BYTES
        );
    }
    let (text, title) = html::main_text(&article.text);
    article.text = text;
    article.title = title;
    (article, warning)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &[u8]) -> (Vec<Article>, Vec<IntakeError>) {
        let (mut arts, mut errs) = (Vec::new(), Vec::new());
        read_jsonl("in.jsonl", input, |a| arts.push(a), |e| errs.push(e)).unwrap();
        (arts, errs)
    }

    #[test]
    fn bad_lines_are_reported_with_their_number_and_skipped() {
        let input = b"{\"id\":\"a\",\"text\":\"Un texte.\"}\nnot json\n{\"id\":\"b\"}\n\n{\"id\":7,\"text\":\"Deux.\",\"extra\":1}\n";
        let (arts, errs) = read(input);
        assert_eq!(
            arts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            ["a", "7"]
        );
        assert_eq!(
            errs.iter().map(|e| e.line).collect::<Vec<_>>(),
            [Some(2), Some(3)]
        );
        assert!(
            errs[0]
                .to_string()
                .starts_with("in.jsonl:2: not valid JSON"),
            "{}",
            errs[0]
        );
        assert_eq!(errs[1].to_string(), "in.jsonl:3: no field \"text\"");
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_with_a_warning() {
        let (arts, errs) = read(b"{\"id\":\"x\",\"text\":\"caf\xe9 ferm\xe9\"}\n");
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].text, "caf\u{fffd} ferm\u{fffd}");
        assert!(!errs[0].skipped);
    }

    #[test]
    fn missing_id_gets_file_and_line() {
        let (arts, _) = read(b"\n{\"text\":\"Sans identifiant.\",\"published\":null}");
        assert_eq!(arts[0].id, "in.jsonl:2");
        assert_eq!(arts[0].published, None);
    }

    #[test]
    fn text_files_are_named_by_their_stem() {
        let (a, w) = text_article(
            "dir/attaque-sama.txt",
            "Texte".as_bytes(),
            Some("2024-12"),
            Some("fr"),
        );
        assert_eq!(a.id, "attaque-sama");
        assert_eq!(a.published.as_deref(), Some("2024-12"));
        assert!(w.is_none());
    }

    #[test]
    fn html_pages_become_articles() {
        let page = b"<html><head><title>Boni</title></head><body><p>Des hommes arm&eacute;s.</p></body></html>";
        let (a, w) = html_article("pages/boni.html", page, Some("2025-03-05"), None);
        assert_eq!(
            (a.id.as_str(), a.title.as_deref(), a.text.as_str()),
            ("boni", Some("Boni"), "Des hommes armés.")
        );
        assert!(w.is_none());
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = read(&bytes);
        }
    }
}
