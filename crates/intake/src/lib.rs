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
use kibaru_text::{json_string_stop, utf8_valid};
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
        // The usual line, whole in the reader's buffer, is read there: no
        // search for its end, no copy (see `simple_line`). What the lines
        // below would do with it: read it to its newline, find it valid
        // UTF-8, and take the same fields from it.
        let direct = match reader.fill_buf() {
            // No more of it than the lines below would read: a line longer
            // than the cap is theirs to report, whatever the buffer holds.
            Ok(available) => simple_line(&available[..available.len().min(MAX_LINE_BYTES + 1)]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if let Some((fields, used)) = direct {
            reader.consume(used);
            line += 1;
            deliver(file, line, article_of(fields), &mut article, &mut problem);
            continue;
        }
        buf.clear();
        let n = read_line_capped(&mut reader, MAX_LINE_BYTES + 1, &mut buf)?;
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
        // The usual line: read and checked as UTF-8 in one pass, a line that
        // `simple_fields` takes being valid UTF-8 whose trimmed form it takes
        // the same way (around the object, only JSON whitespace, which `trim`
        // removes, and all of it).
        let parsed = match simple_fields(&buf) {
            Some(f) => article_of(f),
            None => {
                let Some(parsed) = parse_line(file, line, &buf, &mut problem) else {
                    continue;
                };
                parsed
            }
        };
        deliver(file, line, parsed, &mut article, &mut problem);
    }
}

/// Hands the article of line `line` on (named by its file and line when
/// it has no id), or what is wrong with it.
fn deliver(
    file: &str,
    line: usize,
    parsed: Result<Article, String>,
    article: &mut impl FnMut(Article),
    problem: &mut impl FnMut(IntakeError),
) {
    match parsed {
        Ok(mut a) => {
            if a.id.is_empty() {
                a.id = format!("{file}:{line}");
            }
            article(a)
        }
        Err(message) => problem(err(file, line, message, true)),
    }
}

/// A line that is not the usual line, read as UTF-8 (decoded lossily, with a
/// warning, if it is not) and trimmed: `None` if it is blank, else what
/// [`parse_article`] says of it.
fn parse_line(
    file: &str,
    line: usize,
    buf: &[u8],
    problem: &mut impl FnMut(IntakeError),
) -> Option<Result<Article, String>> {
    let text = match std::str::from_utf8(buf) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => {
            problem(err(
                file,
                line,
                "invalid UTF-8, decoded lossily".into(),
                false,
            ));
            String::from_utf8_lossy(buf)
        }
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    Some(parse_article(trimmed))
}

/// What `Read::take(reader, cap).read_until(b'\n', buf)` does (appends a line,
/// its newline included, of at most `cap` bytes, and returns how many), with
/// the newline searched 32 bytes a step ([`newline`]): the standard search was
/// a tenth of the reading's cost.
fn read_line_capped(
    reader: &mut impl BufRead,
    cap: usize,
    buf: &mut Vec<u8>,
) -> std::io::Result<usize> {
    let mut read = 0;
    // At the cap, the reader is not asked for more (as `take` does not).
    while read < cap {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let available = &available[..available.len().min(cap - read)];
        let (used, done) = match newline(available) {
            Some(i) => (i + 1, true),
            None => (available.len(), available.is_empty()),
        };
        buf.extend_from_slice(&available[..used]);
        reader.consume(used);
        read += used;
        if done {
            break;
        }
    }
    Ok(read)
}

/// The position of the first newline in `b`: 32 bytes a step tested at once
/// (no branch per byte: the compiler turns the loop into vector compares),
/// then the step that has it searched byte by byte.
fn newline(b: &[u8]) -> Option<usize> {
    const STEP: usize = 32;
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + STEP) {
        if chunk.iter().fold(false, |any, &c| any | (c == b'\n')) {
            break;
        }
        i += STEP;
    }
    b[i..].iter().position(|&c| c == b'\n').map(|k| i + k)
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
    // The usual line (an object whose values are strings with short escapes
    // or null) read directly; anything else, errors included, by serde_json.
    match simple_fields(json.as_bytes()) {
        Some(f) => article_of(f),
        None => parse_article_serde(json),
    }
}

/// [`parse_article`] always through serde_json: the reference its fast path
/// must agree with, on every input (checked by tests and by the `jsonl` fuzz
/// target).
#[doc(hidden)]
pub fn parse_article_reference(json: &str) -> Result<Article, String> {
    parse_article_serde(json)
}

/// [`parse_article`] through serde_json, for any input.
fn parse_article_serde(json: &str) -> Result<Article, String> {
    // Read like a `serde_json::Value` (any JSON is parsed and checked the same
    // way, and a key given twice keeps its last value), but only the article's
    // fields are kept, without building the object's map.
    let mut de = serde_json::Deserializer::from_str(json);
    let fields = serde::Deserializer::deserialize_any(&mut de, FieldsVisitor)
        .and_then(|f| de.end().map(|()| f))
        .map_err(|e| format!("not valid JSON: {e}"))?;
    let Some(f) = fields else {
        return Err("not a JSON object".into());
    };
    article_of(f)
}

/// The article of an object's fields, or what is wrong with them.
fn article_of(mut f: Fields) -> Result<Article, String> {
    let text = match f.take(Field::Text) {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::String(_)) => return Err("field \"text\" is empty".into()),
        Some(_) => return Err("field \"text\" is not a string".into()),
        None => return Err("no field \"text\"".into()),
    };
    let mut string = |k: Field| -> Result<Option<String>, String> {
        match f.take(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(Value::Number(n)) if k == Field::Id => Ok(Some(n.to_string())),
            Some(_) => Err(format!("field {:?} is not a string", k.name())),
        }
    };
    Ok(Article {
        id: string(Field::Id)?.unwrap_or_default(),
        url: string(Field::Url)?,
        source: string(Field::Source)?,
        published: string(Field::Published)?,
        lang: string(Field::Lang)?,
        title: string(Field::Title)?,
        text,
    })
}

/// The fields of a JSON object (`json` whole, JSON whitespace around it) whose
/// keys are strings without escapes and whose values are strings or `null`,
/// strings with the short escapes (`\"`, `\\`, `\/`, `\b`, `\f`,
/// `\n`, `\r`, `\t`) at most: the shape of almost every article line,
/// read here in one pass with one copy of the text, where serde_json copied it
/// piece by piece into a scratch buffer and then again into its string. `None`
/// for anything else (other values, `\u` escapes, errors, bytes that are not
/// UTF-8): serde_json reads it then, so the results and the error messages are
/// serde_json's.
///
/// Bytes, not a `str`: the strings are checked as UTF-8 while they are searched
/// for their end, so that a line read this way needs no check of its own (the
/// check of the whole line cost half as much again as this reading). When this
/// returns fields, every byte of `json` was well-formed UTF-8: its strings were
/// checked, and anything outside them is ASCII.
fn simple_fields(json: &[u8]) -> Option<Fields> {
    simple_object::<false>(json).map(|(fields, _)| fields)
}

/// [`simple_fields`] of the line at the start of `b` (a reader's buffer),
/// and the length of the line, its newline included: JSON whitespace but the
/// newline around the object and between its tokens, then the newline. `None`
/// for anything else, a line not whole in `b` among them. (A string cannot
/// hold a raw newline, a control byte: the first newline after the object is
/// the line's end, as a search for it would have found.)
fn simple_line(b: &[u8]) -> Option<(Fields, usize)> {
    simple_object::<true>(b)
}

/// [`simple_fields`] (`LINE` false: the object and whitespace around it
/// are all of `b`) and [`simple_line`] (`LINE` true), with the length read.
fn simple_object<const LINE: bool>(b: &[u8]) -> Option<(Fields, usize)> {
    let skip_ws = skip_ws::<LINE>;
    // After the object: all of `b`, or its line's end.
    let done = |j: usize| {
        if LINE {
            (b.get(j) == Some(&b'\n')).then_some(j + 1)
        } else {
            (j == b.len()).then_some(j)
        }
    };
    let mut fields = Fields::default();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return done(skip_ws(b, i + 1)).map(|n| (fields, n));
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let end = key_end(b, i + 1)?;
        let key = &b[i + 1..end];
        i = skip_ws(b, end + 1);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(b, i + 1);
        let value = match b.get(i)? {
            b'"' => {
                let (s, next) = string_value(b, i + 1)?;
                i = next;
                Value::String(s)
            }
            b'n' if b[i..].starts_with(b"null") => {
                i += 4;
                Value::Null
            }
            _ => return None,
        };
        if let Some(k) = Field::ALL.into_iter().find(|k| k.name().as_bytes() == key) {
            // A key given twice keeps its last value, as with serde_json.
            fields.0[k as usize] = Some(value);
        }
        i = skip_ws(b, i);
        match b.get(i)? {
            b',' => i = skip_ws(b, i + 1),
            b'}' => return done(skip_ws(b, i + 1)).map(|n| (fields, n)),
            _ => return None,
        }
    }
}

/// The first byte from `i` on that is not JSON whitespace (but for a
/// newline, with `LINE`).
fn skip_ws<const LINE: bool>(b: &[u8], mut i: usize) -> usize {
    while b
        .get(i)
        .is_some_and(|&c| matches!(c, b' ' | b'\t' | b'\r') || (c == b'\n' && !LINE))
    {
        i += 1;
    }
    i
}

/// The closing quote of the key whose contents start at byte `i` of `b`;
/// `None` if the key has an escape, a control byte or bad UTF-8, or is not
/// closed.
fn key_end(b: &[u8], i: usize) -> Option<usize> {
    let k = json_string_stop(b, i);
    (b.get(k) == Some(&b'"') && utf8_valid(&b[i..k])).then_some(k)
}

/// The most room made at once for a string with escapes (see `string_value`).
const STRING_ROOM: usize = 4096;

/// The string whose contents start at byte `i` of `b` (after its opening
/// quote), unescaped, and the byte after its closing quote; `None` if it has a
/// `\u` escape, a bad escape, a control byte or bad UTF-8, or is not closed.
fn string_value(b: &[u8], mut i: usize) -> Option<(String, usize)> {
    let mut out: Vec<u8> = Vec::new();
    loop {
        let k = json_string_stop(b, i);
        let piece = b.get(i..k)?;
        if !utf8_valid(piece) {
            return None;
        }
        match *b.get(k)? {
            b'"' => {
                if out.is_empty() {
                    out = piece.to_vec();
                } else {
                    out.extend_from_slice(piece);
                }
                debug_assert!(std::str::from_utf8(&out).is_ok());
                // SAFETY: `out` holds the runs between the string's quotes and
                // escapes, each checked by `utf8_valid`, and the ASCII
                // characters the escapes stand for; a run ends at an ASCII
                // byte, so no character is cut between two runs: well-formed
                // UTF-8. `utf8_valid` is held to std's check by the tests of
                // kibaru-text (every first character exhaustively, random text
                // and bytes), and the `jsonl` fuzz target compares this reading
                // with serde_json's.
                let s = unsafe { String::from_utf8_unchecked(out) };
                return Some((s, k + 1));
            }
            b'\\' => {
                if out.is_empty() {
                    // Room for the rest of the string, escapes included, in most
                    // texts: what is left of `b`, but no more than a few pages
                    // (`b` may be a reader's buffer, many lines long; a longer
                    // text grows by doubling).
                    out.reserve((b.len() - i).min(STRING_ROOM));
                }
                out.extend_from_slice(piece);
                out.push(match b.get(k + 1)? {
                    b'"' => b'"',
                    b'\\' => b'\\',
                    b'/' => b'/',
                    b'b' => 0x08,
                    b'f' => 0x0c,
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    _ => return None,
                });
                i = k + 2;
            }
            // A control byte, which JSON strings may not hold raw.
            _ => return None,
        }
    }
}

/// The fields of an article object that intake reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Text,
    Id,
    Url,
    Source,
    Published,
    Lang,
    Title,
}

impl Field {
    const ALL: [Field; 7] = [
        Field::Text,
        Field::Id,
        Field::Url,
        Field::Source,
        Field::Published,
        Field::Lang,
        Field::Title,
    ];

    fn name(self) -> &'static str {
        match self {
            Field::Text => "text",
            Field::Id => "id",
            Field::Url => "url",
            Field::Source => "source",
            Field::Published => "published",
            Field::Lang => "lang",
            Field::Title => "title",
        }
    }
}

/// The values of an article object's fields, as parsed.
#[derive(Default)]
struct Fields([Option<Value>; 7]);

impl Fields {
    fn take(&mut self, k: Field) -> Option<Value> {
        self.0[k as usize].take()
    }
}

/// A key of an article object: one of its fields, or another key.
struct Key(Option<Field>);

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl serde::de::Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string key")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Key, E> {
                Ok(Key(Field::ALL.into_iter().find(|k| k.name() == s)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// Reads any JSON value: an object's article fields (every value parsed as a
/// `Value`), `None` for anything else (parsed as a `Value` too, then dropped).
struct FieldsVisitor;

impl<'de> serde::de::Visitor<'de> for FieldsVisitor {
    type Value = Option<Fields>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Fields::default();
        while let Some(Key(k)) = map.next_key()? {
            let v: Value = map.next_value()?;
            if let Some(k) = k {
                fields.0[k as usize] = Some(v);
            }
        }
        Ok(Some(fields))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<Value>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
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
    use proptest::strategy::Strategy as _;

    /// The parser as it was: the whole object as a `serde_json::Value`, then
    /// its fields moved out. The fast parser must say the same on any input.
    fn parse_article_via_value(json: &str) -> Result<Article, String> {
        let v: Value = serde_json::from_str(json).map_err(|e| format!("not valid JSON: {e}"))?;
        let Value::Object(mut o) = v else {
            return Err("not a JSON object".into());
        };
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

    #[test]
    fn parse_article_says_what_the_value_parser_said() {
        let deep = format!(
            "{{\"text\":\"a\",\"x\":{}1{}}}",
            "[".repeat(200),
            "]".repeat(200)
        );
        let cases = [
            r#"{"id":"a","text":"Boni attaqué","published":"2025-03-05","lang":"fr","url":"u","source":"s","title":"t"}"#,
            r#"{"text":"x","text":"second wins"}"#,
            r#"{"text":"x","id":12}"#,
            r#"{"text":"x","id":1.5e3}"#,
            r#"{"text":"x","id":-7}"#,
            r#"{"text":"x","id":true}"#,
            r#"{"text":"x","url":3}"#,
            r#"{"text":"x","title":null,"lang":null}"#,
            r#"{"text":"  "}"#,
            r#"{"text":null}"#,
            r#"{"text":5}"#,
            r#"{"id":"a"}"#,
            r#"{"text":"x","extra":{"a":[1,2,{"b":null}]},"n":1e400}"#,
            r#"{"text":"x","extra":1e400}"#,
            r#"{"text":"x","extra":18446744073709551616}"#,
            r#"{"text":"x"} trailing"#,
            r#"{"text":"x"}   "#,
            r#"{"text":"\u00e9t\u00e9 \"cit\u00e9\"","id":"\ud83d\ude00"}"#,
            r#"{"te\u0078t":"escaped key"}"#,
            r#"{"text":"x","id":"\ud800"}"#,
            r#"["text","x"]"#,
            r#"[1,[2,{"a":1e400}]]"#,
            r#""text""#,
            "12",
            "-1.5",
            "true",
            "null",
            "",
            "{",
            r#"{"text":"x",}"#,
            r#"{"text":"x" "id":"y"}"#,
            r#"{text:"x"}"#,
            r#"{"text":"x","id":"a","id":null}"#,
            &deep,
            r#"{"text":"a\nb \"c\" \\ \/ \b\f\r\t","id":"\n"}"#,
            r#"{"text":"\n"}"#,
            r#"{"text":"x\u00e9\n"}"#,
            r#"{"text":"a\qb"}"#,
            r#"{"text":"a\"#,
            "{\"text\":\"raw\u{1}control\"}",
            "{\"text\":\"raw\ttab\"}",
            r#"{"text":"unterminated"#,
            r#"{ "text" : "spaced" , "id" : null }"#,
            "\t{\"text\":\"x\"}\r\n",
            "\u{a0}{\"text\":\"x\"}",
            r#"{}"#,
            r#"{ }"#,
            r#"{"a":"b"}"#,
            r#"{"text":"x"}}"#,
            r#"{"text":nul}"#,
            r#"{"text":nullx}"#,
            r#"{"text":"x","text":"y"}"#,
            r#"{"text":"x","te\"xt":"y"}"#,
            r#"{"text":"é","id":"ü"}"#,
        ];
        for json in cases {
            assert_eq!(parse_article(json), parse_article_via_value(json), "{json}");
        }
    }

    #[test]
    fn the_usual_line_takes_the_simple_path() {
        let line = r#"{"id": "a", "url": "u", "source": null, "lang": "fr", "text": "L\u2019a.\nLe \"x\" \\ y\n"}"#;
        // A `\u` escape: serde_json's turn.
        assert!(simple_fields(line.as_bytes()).is_none());
        let line = line.replace("\\u2019", "’");
        let fields = simple_fields(line.as_bytes()).expect("the simple path");
        assert_eq!(article_of(fields), parse_article_via_value(&line));
        assert_eq!(parse_article(&line).unwrap().text, "L’a.\nLe \"x\" \\ y\n");
    }

    proptest::proptest! {
        #[test]
        fn parse_article_says_what_the_value_parser_said_on_soup(parts in proptest::collection::vec(
            "(\\{|\\}|\\[|\\]|:|,|\"text\"|\"id\"|\"url\"|\"lang\"|\"x\"|\"\"|\" \"|1|-2\\.5|1e999|null|true| |\"\\\\u00e9\")",
            0..24,
        )) {
            let json = parts.concat();
            proptest::prop_assert_eq!(parse_article(&json), parse_article_via_value(&json), "{}", json);
        }

        #[test]
        fn the_simple_path_says_what_serde_json_said(parts in proptest::collection::vec(
            "(\\{|\\}|:|,|\"text\"|\"id\"|\"title\"|\"x\"|\"|null| |\n|\\\\|\\\\n|\\\\\"|\\\\u00e9|\\\\/|\\\\q|[a-zé’ \t\u{1}]{0,12})",
            0..24,
        )) {
            let json = parts.concat();
            if let Some(f) = simple_fields(json.as_bytes()) {
                proptest::prop_assert_eq!(article_of(f), parse_article_serde(&json), "{}", json);
            }
            proptest::prop_assert_eq!(parse_article(&json), parse_article_via_value(&json), "{}", json);
        }

        /// Lines read as `take` and `read_until` read them, whatever the
        /// buffer size and the cap.
        #[test]
        fn lines_are_read_as_read_until_reads_them(
            data in proptest::collection::vec(
                proptest::prop_oneof![20 => b'a'..=b'z', 1 => proptest::strategy::Just(b'\n')],
                0..300,
            ),
            capacity in 1usize..80,
            cap in 1usize..120,
        ) {
            let mut ours = std::io::BufReader::with_capacity(capacity, &data[..]);
            let mut std_ = std::io::BufReader::with_capacity(capacity, &data[..]);
            loop {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let n = read_line_capped(&mut ours, cap, &mut a).unwrap();
                let m = Read::take(&mut std_, cap as u64).read_until(b'\n', &mut b).unwrap();
                proptest::prop_assert_eq!((n, &a), (m, &b));
                if n == 0 {
                    break;
                }
            }
        }

        #[test]
        fn newline_finds_the_first(
            b in proptest::collection::vec(
                proptest::prop_oneof![4 => 0u8..=9, 40 => 11u8..=255, 1 => proptest::strategy::Just(b'\n')],
                0..150,
            ),
        ) {
            proptest::prop_assert_eq!(newline(&b), b.iter().position(|&c| c == b'\n'));
        }

        /// Lines of article JSONL, good and bad (bytes that are not UTF-8
        /// among them, cut characters, Unicode spaces around the object) read
        /// as the reader read them before it checked UTF-8 in the parser:
        /// the whole line checked, then trimmed, then parsed.
        #[test]
        fn lines_are_read_as_the_checking_reader_read_them(parts in proptest::collection::vec(
            proptest::prop_oneof![
                8 => proptest::strategy::Just(br#"{"id":"a","text":"x"}"#.to_vec()),
                4 => proptest::strategy::Just(b"{\"text\":\"y\"}\n".to_vec()),
                2 => proptest::strategy::Just(b"\n".to_vec()),
                // A line whose text is any bytes, mostly text.
                4 => proptest::collection::vec(
                    proptest::prop_oneof![
                        8 => b'a'..=b'z',
                        4 => 0x80u8..=0xff,
                        1 => proptest::num::u8::ANY,
                    ],
                    0..40,
                )
                .prop_map(|t| ["{\"text\":\"é".as_bytes(), &t, b"\"}\n"].concat()),
                3 => "(\\{|\\}|:|,|\"text\"|\"id\"|\"é\"|\"|null| |\n|\\\\|\\\\n|\\\\u00e9|[a-zé’ \t\u{1}\u{a0}\u{2028}\u{10ffff}]{0,12})"
                    .prop_map(String::into_bytes),
                2 => proptest::collection::vec(proptest::num::u8::ANY, 0..4),
                1 => proptest::strategy::Just(vec![0xc3]),
                1 => proptest::strategy::Just(vec![0xed, 0xa0, 0x80]),
                1 => proptest::strategy::Just(vec![0xf4, 0x90, 0x80, 0x80]),
                1 => proptest::strategy::Just(vec![0xe2, 0x80, 0x99]),
            ],
            0..30,
        ), capacity in 1usize..80) {
            let input = parts.concat();
            let reference = {
                let (mut arts, mut errs) = (Vec::new(), Vec::new());
                for (k, raw) in input.split_inclusive(|&c| c == b'\n').enumerate() {
                    let line = k + 1;
                    let text = match std::str::from_utf8(raw) {
                        Ok(s) => std::borrow::Cow::Borrowed(s),
                        Err(_) => {
                            errs.push(err("in.jsonl", line, "invalid UTF-8, decoded lossily".into(), false));
                            String::from_utf8_lossy(raw)
                        }
                    };
                    let trimmed = text.trim();
                    if trimmed.is_empty() {
                        continue;
                    }
                    match parse_article_via_value(trimmed) {
                        Ok(mut a) => {
                            if a.id.is_empty() {
                                a.id = format!("in.jsonl:{line}");
                            }
                            arts.push(a);
                        }
                        Err(m) => errs.push(err("in.jsonl", line, m, true)),
                    }
                }
                (arts, errs)
            };
            proptest::prop_assert_eq!(read(&input), reference.clone());
            // Lines cut by the reader's buffer, read the other way.
            let (mut arts, mut errs) = (Vec::new(), Vec::new());
            let reader = std::io::BufReader::with_capacity(capacity, &input[..]);
            read_jsonl("in.jsonl", reader, |a| arts.push(a), |e| errs.push(e)).unwrap();
            proptest::prop_assert_eq!((arts, errs), reference);
        }
    }

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
    fn lines_are_counted_and_cut_at_newlines_only() {
        let (arts, errs) = read(b"\n \r\n{\"text\":\"x\"}\n{\"text\":\n\"y\"}\n{\"text\":\"z\"}");
        let ids: Vec<_> = arts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["in.jsonl:3", "in.jsonl:6"]);
        assert_eq!(
            errs.iter().map(|e| e.line).collect::<Vec<_>>(),
            [Some(4), Some(5)]
        );
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
