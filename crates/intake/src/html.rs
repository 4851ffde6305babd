//! The main text of an HTML page, without a DOM: one pass over the bytes.
//!
//! Kept: the text inside `<p>`, `<h1>`..`<h3>` and `<article>` (or, when a page
//! has none, all the text of the page), with character references decoded.
//! Dropped: `<script>`, `<style>`, `<noscript>`, `<template>`, `<svg>`, `<nav>`,
//! `<header>`, `<footer>`, `<aside>`, `<form>` and comments. Work is linear in
//! the input and nesting is counted, not stacked, so hostile pages (deep nesting,
//! unclosed tags) cost no more than their size; pages longer than
//! [`MAX_HTML_BYTES`] are cut.

/// Longest HTML page read; the rest is ignored (with a warning).
pub const MAX_HTML_BYTES: usize = 8 << 20;

/// Elements whose content is dropped.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
];
/// Elements whose content is raw text (no tags inside).
const RAW: &[&str] = &["script", "style", "textarea", "title"];
/// Elements whose text is kept.
const KEEP: &[&str] = &["p", "h1", "h2", "h3", "article"];
/// Elements that break a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "div",
    "br",
    "li",
    "section",
    "blockquote",
    "tr",
    "ul",
    "ol",
    "table",
    "main",
    "body",
];

/// The page's main text (paragraphs separated by blank lines) and its `<title>`.
pub fn main_text(html: &str) -> (String, Option<String>) {
    let b = html.as_bytes();
    let mut i = 0;
    let mut skip = 0usize;
    let mut keep = 0usize;
    let mut kept = String::new();
    let mut all = String::new();
    let mut title = None;
    while i < b.len() {
        if b[i] != b'<' {
            let end = memchr(b'<', &b[i..]).map_or(b.len(), |j| i + j);
            if skip == 0 {
                let text = decode_entities(&html[i..end]);
                push_text(&mut all, &text);
                if keep > 0 {
                    push_text(&mut kept, &text);
                }
            }
            i = end;
            continue;
        }
        // Comments, doctype, processing instructions.
        if b[i..].starts_with(b"<!--") {
            i = find(b, i + 4, b"-->").map_or(b.len(), |j| j + 3);
            continue;
        }
        if b.get(i + 1).is_some_and(|c| *c == b'!' || *c == b'?') {
            i = memchr(b'>', &b[i..]).map_or(b.len(), |j| i + j + 1);
            continue;
        }
        let closing = b.get(i + 1) == Some(&b'/');
        let start = i + 1 + usize::from(closing);
        let name_end = start
            + b[start..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
        if name_end == start {
            // A lone '<': text.
            if skip == 0 {
                push_text(&mut all, "<");
                if keep > 0 {
                    push_text(&mut kept, "<");
                }
            }
            i += 1;
            continue;
        }
        let name = html[start..name_end].to_ascii_lowercase();
        let tag_end = tag_end(b, name_end);
        let self_closing = tag_end >= 2 && b[tag_end - 2] == b'/';
        i = tag_end;
        if BLOCK.contains(&name.as_str()) {
            para(&mut all);
            para(&mut kept);
        }
        if !closing && RAW.contains(&name.as_str()) {
            let close = format!("</{name}");
            let end = find_ci(b, i, close.as_bytes()).unwrap_or(b.len());
            if name == "title" && title.is_none() {
                let t = collapse(&decode_entities(&html[i..end]));
                if !t.is_empty() {
                    title = Some(t);
                }
            } else if name == "textarea" && skip == 0 {
                push_text(&mut all, &decode_entities(&html[i..end]));
            }
            i = end.min(b.len());
            if i < b.len() {
                i = tag_end_from(b, i);
            }
            continue;
        }
        if self_closing {
            continue;
        }
        let counter = if SKIP.contains(&name.as_str()) {
            Some(&mut skip)
        } else if KEEP.contains(&name.as_str()) {
            Some(&mut keep)
        } else {
            None
        };
        if let Some(c) = counter {
            *c = if closing {
                c.saturating_sub(1)
            } else {
                c.saturating_add(1)
            };
        }
    }
    let text = if kept.trim().is_empty() { all } else { kept };
    (tidy(&text), title)
}

pub(crate) fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

pub(crate) fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|j| from + j)
}

fn find_ci(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w.eq_ignore_ascii_case(pat))
        .map(|j| from + j)
}

/// The index after the `>` that closes the tag whose attributes start at `i`
/// (quotes respected).
pub(crate) fn tag_end(b: &[u8], mut i: usize) -> usize {
    let mut quote = None;
    while i < b.len() {
        match (quote, b[i]) {
            (None, b'>') => return i + 1,
            (None, q @ (b'"' | b'\'')) => quote = Some(q),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

fn tag_end_from(b: &[u8], i: usize) -> usize {
    memchr(b'>', &b[i..]).map_or(b.len(), |j| i + j + 1)
}

fn push_text(out: &mut String, text: &str) {
    out.push_str(text);
}

fn para(out: &mut String) {
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push_str("\n\n");
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Paragraphs with their whitespace collapsed, separated by one blank line.
fn tidy(s: &str) -> String {
    s.split("\n\n")
        .map(collapse)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Decodes character references (`&amp;`, `&#233;`, `&#xE9;` and the named ones
/// French news uses); unknown ones are kept as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest[1..].find(';').map(|j| j + 1).filter(|&j| j <= 12);
        let decoded = semi.and_then(|j| entity(&rest[1..j]).map(|c| (c, j)));
        match decoded {
            Some((c, j)) => {
                out.push(c);
                rest = &rest[j + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return Some(
            char::from_u32(code)
                .filter(|c| *c != '\0')
                .unwrap_or('\u{fffd}'),
        );
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201c}',
        "rdquo" => '\u{201d}',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "eacute" => 'é',
        "Eacute" => 'É',
        "egrave" => 'è',
        "Egrave" => 'È',
        "ecirc" => 'ê',
        "Ecirc" => 'Ê',
        "euml" => 'ë',
        "agrave" => 'à',
        "Agrave" => 'À',
        "acirc" => 'â',
        "Acirc" => 'Â',
        "ccedil" => 'ç',
        "Ccedil" => 'Ç',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ocirc" => 'ô',
        "Ocirc" => 'Ô',
        "ucirc" => 'û',
        "ugrave" => 'ù',
        "uuml" => 'ü',
        "oelig" => 'œ',
        "OElig" => 'Œ',
        "deg" => '°',
        "euro" => '€',
        "copy" => '©',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_paragraphs_and_headings_drops_chrome() {
        let page = r#"<!DOCTYPE html><html><head><title>Attaque &agrave; Boni</title>
            <style>p { color: red }</style><script>var s = "<p>faux</p>";</script></head>
            <body><header><p>Menu du site</p></header><nav><a href="/">Accueil</a></nav>
            <article><h1>Attaque &agrave; Boni</h1><!-- pub --><p>Des hommes arm&eacute;s ont attaqu&#233;
            le   village <b>mardi</b>.</p><div class="x>y">Partager</div><p>Bilan&nbsp;: 3 morts &amp; 2 bless&#xE9;s.</p></article>
            <footer><p>&copy; Journal</p></footer></body></html>"#;
        let (text, title) = main_text(page);
        assert_eq!(title.as_deref(), Some("Attaque à Boni"));
        assert_eq!(
            text,
            "Attaque à Boni\n\nDes hommes armés ont attaqué le village mardi.\n\nPartager\n\nBilan : 3 morts & 2 blessés."
        );
    }

    #[test]
    fn pages_without_paragraphs_keep_all_text() {
        let (text, title) = main_text("<div>Un texte <span>simple</span></div><div>Deux</div>");
        assert_eq!(text, "Un texte simple\n\nDeux");
        assert_eq!(title, None);
    }

    #[test]
    fn hostile_input_is_linear_and_never_panics() {
        let deep = "<div>".repeat(200_000) + "<p>fond</p>" + &"</div>".repeat(200_000);
        assert_eq!(main_text(&deep).0, "fond");
        for s in [
            "<",
            "<p",
            "<p>a<",
            "&",
            "&#;",
            "&#xFFFFFFFF;",
            "<!--",
            "<script>",
            "<a href='>",
            "é<é>é&é;",
        ] {
            let _ = main_text(s);
        }
        assert_eq!(
            decode_entities("&#0; &bogus; &amp"),
            "\u{fffd} &bogus; &amp"
        );
    }
}
