//! Per-article limits and hostile HTML at the intake.

use kibaru_intake::{html, html_article, read_jsonl, text_article, text_article_capped};

#[test]
fn text_past_the_cap_is_cut_on_a_char_boundary_with_a_warning() {
    // "é" is two bytes: a cap of 4 falls inside the third "é".
    let (a, w) = text_article_capped("dir/long.txt", "ééééé".as_bytes(), None, None, 5);
    assert_eq!(a.text, "éé");
    let w = w.expect("a warning");
    assert_eq!(
        w.to_string(),
        "dir/long.txt: longer than 5 bytes, the rest is ignored"
    );
    assert!(!w.skipped);
    // At the cap exactly: nothing cut.
    let (a, w) = text_article_capped("x.txt", b"abcde", None, None, 5);
    assert_eq!((a.text.as_str(), w), ("abcde", None));
    // Cut and invalid: both said.
    let (a, w) = text_article_capped("x.txt", b"a\xffbcdef", None, None, 4);
    assert_eq!(a.text, "a\u{fffd}bc");
    assert_eq!(
        w.unwrap().message,
        "invalid UTF-8, decoded lossily; longer than 4 bytes, the rest is ignored"
    );
    // A four-byte character straddling the cap goes whole.
    let (a, _) = text_article_capped("x.txt", "ab🙂cd".as_bytes(), None, None, 4);
    assert_eq!(a.text, "ab");
    // The default cap keeps every article's offsets far inside u32.
    assert!(kibaru_intake::MAX_TEXT_BYTES * 3 / 2 < u32::MAX as usize);
    let (a, w) = text_article("x.txt", b"court", None, None);
    assert_eq!((a.text.as_str(), w), ("court", None));
}

#[test]
fn deeply_nested_html_is_linear_and_keeps_the_text() {
    // Two million unclosed <div>s (12 MB, cut at the 8 MiB cap), then text that the
    // cut drops; and 1.5 MB of nesting that fits, with the paragraph after it.
    let deep = "<div>".repeat(2_000_000) + "<p>perdu</p>";
    let (a, w) = html_article("deep.html", deep.as_bytes(), None, None);
    assert_eq!(a.text, "");
    assert!(w.unwrap().message.contains("longer than"));
    let nested = "<div><span><b>".repeat(100_000)
        + "<p>Des hommes armés.</p>"
        + &"</b></span></div>".repeat(100_000);
    let (a, w) = html_article("nested.html", nested.as_bytes(), None, None);
    assert_eq!((a.text.as_str(), w), ("Des hommes armés.", None));
    // Unclosed skip elements and comments swallow the rest, never more.
    for page in [
        "<script>".repeat(100_000),
        "<!--".repeat(100_000),
        "<a href='".repeat(100_000),
        "<title>".repeat(100_000),
    ] {
        let _ = html::main_text(&page);
    }
}

/// The ids of the articles `read_jsonl` reads from `input` (as "f.jsonl"),
/// and its problems as it says them.
fn read_all(input: &[u8]) -> (Vec<String>, Vec<String>) {
    let (mut ids, mut errs) = (Vec::new(), Vec::new());
    read_jsonl(
        "f.jsonl",
        input,
        |a| ids.push(a.id),
        |e| errs.push(e.to_string()),
    )
    .unwrap();
    (ids, errs)
}

#[test]
fn a_long_garbage_line_is_reported_and_the_next_line_read() {
    // read_jsonl reads at most MAX_LINE_BYTES + 1 of a line; the rest is skipped
    // in 1 MiB pieces. Here: a 3 MiB line of garbage then a good line.
    let mut input = vec![b'x'; 3 << 20];
    input.extend_from_slice(b"\n{\"id\":\"ok\",\"text\":\"Mardi.\"}\n");
    let (ids, errs) = read_all(&input);
    assert_eq!(ids, ["ok"]);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].starts_with("f.jsonl:1: not valid JSON"), "{errs:?}");
}

#[test]
fn a_well_formed_line_over_the_cap_is_reported_from_any_reader() {
    // A reader that holds the whole input (a slice, as `kibaru eval` passes)
    // lets the reader see the long line whole: it is still over the cap.
    let text = "a".repeat(kibaru_intake::MAX_LINE_BYTES);
    let mut input = format!("{{\"id\":\"long\",\"text\":\"{text}\"}}\n").into_bytes();
    input.extend_from_slice(b"{\"id\":\"ok\",\"text\":\"Mardi.\"}\n");
    let (ids, errs) = read_all(&input);
    assert_eq!(ids, ["ok"]);
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].starts_with("f.jsonl:1: line longer than"),
        "{errs:?}"
    );
}
