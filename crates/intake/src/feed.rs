//! News feeds: RSS 2.0, RSS 1.0 (RDF) and Atom, one article an item or entry,
//! without an XML library: one pass over the bytes, nesting counted, not stacked.
//!
//! Per item: the id is its `<guid>` / `<id>`, else its link, else `FILE#N`; the
//! url its `<link>` (text, or the `href` of an Atom link, `rel="alternate"`
//! preferred); the publication date its `<pubDate>` (RFC 822), `<published>`,
//! `<updated>` or `<dc:date>` (ISO 8601), kept as `YYYY-MM-DD`; the text the longest
//! of `<content:encoded>`, `<content>`, `<description>` and `<summary>`, markup
//! removed ([`html::main_text`]) whether it came as CDATA, escaped or inline; the
//! source the feed's own `<title>`. An item without text is reported (file and line)
//! and skipped; the other items are still read.

use crate::html::{self, find, memchr, tag_end};
use crate::IntakeError;
use kibaru_core::Article;

/// Longest feed read; the rest is ignored, with a warning.
pub const MAX_FEED_BYTES: usize = 64 << 20;

/// The fields of an item being read.
#[derive(Default)]
struct Item {
    line: usize,
    title: Option<String>,
    link: Option<String>,
    alternate: bool,
    id: Option<String>,
    date: Option<String>,
    text: Option<String>,
}

/// What a child element of an item or of the channel is for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Title,
    Link,
    Id,
    Date,
    Text,
}

fn field_of(name: &str) -> Option<Field> {
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "title" => Field::Title,
        "link" => Field::Link,
        "guid" | "id" => Field::Id,
        "pubdate" | "published" | "updated" | "dc:date" | "issued" => Field::Date,
        "description" | "summary" | "content" | "content:encoded" => Field::Text,
        _ => return None,
    })
}

/// Reads a feed, calling `article` for each item with text and `problem` for
/// each item without (and for a file that is not a feed). Returns the number of
/// items seen. `lang` is given to every article.
pub fn read_feed(
    file: &str,
    bytes: &[u8],
    lang: Option<&str>,
    article: impl FnMut(Article),
    problem: impl FnMut(IntakeError),
) -> usize {
    let mut out = Emitter {
        file,
        lang,
        items: 0,
        article,
        problem,
    };
    let cut = bytes.len() > MAX_FEED_BYTES;
    let bytes = &bytes[..bytes.len().min(MAX_FEED_BYTES)];
    let text = String::from_utf8_lossy(bytes);
    if matches!(text, std::borrow::Cow::Owned(_)) {
        (out.problem)(warn(file, None, "invalid UTF-8, decoded lossily".into()));
    }
    if cut {
        (out.problem)(warn(
            file,
            None,
            format!("longer than {MAX_FEED_BYTES} bytes, the rest is ignored"),
        ));
    }
    let b = text.as_bytes();
    let mut lines = LineCounter::default();
    let mut channel_title: Option<String> = None;
    let mut item: Option<Item> = None;
    // The child element whose text is being collected: its field, its name, its
    // depth of same-named nesting and the text so far.
    let mut capture: Option<(Field, String, usize, String)> = None;
    let mut seen_root = false;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let end = memchr(b'<', &b[i..]).map_or(b.len(), |j| i + j);
            if let Some((_, _, _, buf)) = &mut capture {
                push_capped(buf, &text[i..end]);
            }
            i = end;
            continue;
        }
        let rest = &b[i..];
        if rest.starts_with(b"<![CDATA[") {
            let start = i + 9;
            let end = find(b, start, b"]]>").unwrap_or(b.len());
            if let Some((_, _, _, buf)) = &mut capture {
                // Markup inside CDATA is the item's HTML: escape nothing, mark it raw.
                push_capped(buf, &escape_cdata(&text[start..end]));
            }
            i = (end + 3).min(b.len());
            continue;
        }
        if rest.starts_with(b"<!--") {
            i = find(b, i + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
            i = find(b, i + 2, b">").map_or(b.len(), |e| e + 1);
            continue;
        }
        let close = rest.get(1) == Some(&b'/');
        let name_start = i + 1 + usize::from(close);
        let name_end = b[name_start..]
            .iter()
            .position(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
            .map_or(b.len(), |j| name_start + j);
        let tag_end = tag_end(b, name_end);
        let name = &text[name_start..name_end];
        let attrs_end = if b.get(tag_end.wrapping_sub(1)) == Some(&b'>') {
            tag_end - 1
        } else {
            tag_end
        };
        let attrs = &text[name_end..attrs_end.max(name_end)];
        let self_closing = attrs.trim_end().ends_with('/');
        let local = name.rsplit(':').next().unwrap_or(name);
        let tag_start = i;
        i = tag_end;
        // Inside a captured element, only its own end tag matters; other markup is
        // kept as text (escaped HTML in an Atom `type="xhtml"` or inline content).
        if let Some((field, cname, depth, buf)) = &mut capture {
            if name.eq_ignore_ascii_case(cname) && !self_closing {
                if close {
                    if *depth == 0 {
                        let (field, buf) = (*field, std::mem::take(buf));
                        capture = None;
                        store(field, buf, item.as_mut(), &mut channel_title);
                        continue;
                    }
                    *depth -= 1;
                } else {
                    *depth += 1;
                }
            }
            push_capped(buf, &text[tag_start..tag_end]);
            continue;
        }
        if name.is_empty() {
            continue;
        }
        let lower = local.to_ascii_lowercase();
        match (close, lower.as_str()) {
            (false, "rss" | "feed" | "rdf" | "channel") => seen_root = true,
            (false, "item" | "entry") if !self_closing => {
                seen_root = true;
                out.close(&mut item, &channel_title);
                item = Some(Item {
                    line: lines.line_at(b, tag_start),
                    ..Item::default()
                });
            }
            (true, "item" | "entry") => out.close(&mut item, &channel_title),
            (false, _) => {
                let Some(field) = field_of(name).or_else(|| field_of(local)) else {
                    continue;
                };
                // The channel's own fields: only its title is used.
                if item.is_none() && field != Field::Title {
                    continue;
                }
                if field == Field::Link {
                    // An empty `href=""` is no link (it would make an empty id).
                    let href = attr(attrs, "href").map(|h| h.trim().to_string());
                    if let Some(href) = href.filter(|h| !h.is_empty()) {
                        if let Some(it) = item.as_mut() {
                            let rel = attr(attrs, "rel");
                            let alternate = rel.as_deref().is_none_or(|r| r == "alternate");
                            if it.link.is_none() || (alternate && !it.alternate) {
                                it.link = Some(href);
                                it.alternate = alternate;
                            }
                        }
                        continue;
                    }
                }
                if !self_closing {
                    capture = Some((field, name.to_string(), 0, String::new()));
                }
            }
            (true, _) => {}
        }
    }
    if let Some((field, _, _, buf)) = capture.take() {
        store(field, buf, item.as_mut(), &mut channel_title);
    }
    out.close(&mut item, &channel_title);
    if out.items == 0 {
        let message = if seen_root {
            "a feed without items"
        } else {
            "not an RSS or Atom feed (no <rss>, <feed>, <item> or <entry>)"
        };
        (out.problem)(IntakeError {
            file: file.to_string(),
            line: None,
            message: message.into(),
            skipped: true,
        });
    }
    out.items
}

/// Keeps the captured text of a field.
fn store(field: Field, raw: String, item: Option<&mut Item>, channel_title: &mut Option<String>) {
    let Some(item) = item else {
        if field == Field::Title && channel_title.is_none() {
            *channel_title = Some(plain(&raw)).filter(|t| !t.is_empty());
        }
        return;
    };
    match field {
        Field::Title => {
            if item.title.is_none() {
                item.title = Some(plain(&raw)).filter(|t| !t.is_empty());
            }
        }
        Field::Link => {
            let link = plain(&raw);
            if !link.is_empty() && item.link.is_none() {
                item.link = Some(link);
            }
        }
        Field::Id => {
            if item.id.is_none() {
                item.id = Some(plain(&raw)).filter(|t| !t.is_empty());
            }
        }
        Field::Date => {
            if item.date.is_none() {
                item.date = feed_date(&plain(&raw));
            }
        }
        Field::Text => {
            let text = html::main_text(&html::decode_entities(&raw)).0;
            if item.text.as_ref().is_none_or(|t| t.len() < text.len()) {
                item.text = Some(text);
            }
        }
    }
}

/// Where finished items go: articles, or a problem for an item without text.
struct Emitter<'f, A, P> {
    file: &'f str,
    lang: Option<&'f str>,
    /// Items seen so far (the number of the next one is `items + 1`).
    items: usize,
    article: A,
    problem: P,
}

impl<A: FnMut(Article), P: FnMut(IntakeError)> Emitter<'_, A, P> {
    /// Ends the open item, if any: an article with `source`, or a problem.
    fn close(&mut self, item: &mut Option<Item>, source: &Option<String>) {
        let Some(item) = item.take() else {
            return;
        };
        self.items += 1;
        let (file, n) = (self.file, self.items);
        let Some(text) = item.text.filter(|t| !t.trim().is_empty()) else {
            (self.problem)(IntakeError {
                file: file.to_string(),
                line: Some(item.line),
                message: format!("item {n} has no text (description, summary or content)"),
                skipped: true,
            });
            return;
        };
        let id = item
            .id
            .or_else(|| item.link.clone())
            .unwrap_or_else(|| format!("{file}#{n}"));
        (self.article)(Article {
            id,
            url: item.link,
            source: source.clone(),
            published: item.date,
            lang: self.lang.map(str::to_string),
            title: item.title,
            text,
        });
    }
}

/// Text of a simple field: CDATA kept, markup dropped, references decoded,
/// white space collapsed.
fn plain(raw: &str) -> String {
    let s = html::decode_entities(&strip_tags(raw));
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// CDATA content is marked so that entity decoding leaves it alone: its `&` are
/// written `&amp;`.
fn escape_cdata(s: &str) -> String {
    s.replace('&', "&amp;")
}

/// `YYYY-MM-DD` of an RFC 822 date (`Thu, 26 Dec 2024 10:00:00 +0000`) or an ISO
/// 8601 one (`2024-12-26T10:00:00Z`), as written (no time-zone shift).
pub fn feed_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
    {
        let m: u32 = s[5..7].parse().ok()?;
        let d: u32 = s[8..10].parse().ok()?;
        return ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| s[..10].to_string());
    }
    // RFC 822: [weekday,] day month year ...
    let s = s.split_once(',').map_or(s, |(_, rest)| rest);
    let mut parts = s.split_whitespace();
    let day: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?.to_ascii_lowercase();
    let month = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| month.starts_with(m))?
        + 1;
    let year: u32 = parts.next()?.parse().ok()?;
    let year = match year {
        0..=49 => 2000 + year,
        50..=99 => 1900 + year,
        1000..=9999 => year,
        _ => return None,
    };
    (1..=31)
        .contains(&day)
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The value of attribute `name` in a tag's attribute text.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let b = attrs.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        let key = &attrs[start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            if i == start {
                i += 1;
            }
            continue;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = memchr(q, &b[i + 1..]).map_or(b.len(), |j| i + 1 + j);
                let v = &attrs[i + 1..end];
                i = end + 1;
                v
            }
            _ => {
                let end = b[i..]
                    .iter()
                    .position(u8::is_ascii_whitespace)
                    .map_or(b.len(), |j| i + j);
                let v = &attrs[i..end];
                i = end;
                v
            }
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(html::decode_entities(value));
        }
    }
    None
}

/// Captured text is capped (a hostile feed cannot make one field huge).
fn push_capped(buf: &mut String, s: &str) {
    const CAP: usize = 16 << 20;
    if buf.len() < CAP {
        let mut take = s.len().min(CAP - buf.len());
        while !s.is_char_boundary(take) {
            take -= 1;
        }
        buf.push_str(&s[..take]);
    }
}

/// 1-based line numbers of increasing offsets, counted once.
#[derive(Default)]
struct LineCounter {
    pos: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, b: &[u8], at: usize) -> usize {
        if at >= self.pos {
            self.line += b[self.pos..at].iter().filter(|&&c| c == b'\n').count();
            self.pos = at;
        }
        self.line + 1
    }
}

fn warn(file: &str, line: Option<usize>, message: String) -> IntakeError {
    IntakeError {
        file: file.to_string(),
        line,
        message,
        skipped: false,
    }
}

#[cfg(test)]
mod tests;
