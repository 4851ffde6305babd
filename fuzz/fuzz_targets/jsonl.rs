#![no_main]
//! `kibaru_intake::read_jsonl` on arbitrary bytes: never panics, never returns an
//! IO error on an in-memory reader, numbers lines consistently; and every line
//! reads as serde_json reads it (the direct parser of the usual line agrees
//! with the reference path, article or error message).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut articles = 0usize;
    let mut last_line = 0usize;
    let n = kibaru_intake::read_jsonl(
        "fuzz.jsonl",
        data,
        |a| {
            assert!(!a.id.is_empty());
            assert!(!a.text.trim().is_empty());
            articles += 1;
        },
        |e| {
            let line = e.line.expect("jsonl errors name their line");
            assert!(line >= last_line, "lines go forward");
            last_line = line;
            assert!(e.to_string().starts_with("fuzz.jsonl:"));
        },
    )
    .expect("in-memory reader never fails");
    assert!(articles <= n);
    assert!(last_line <= n);
    if let Ok(text) = std::str::from_utf8(data) {
        for line in text.split('\n') {
            assert_eq!(
                kibaru_intake::parse_article(line),
                kibaru_intake::parse_article_reference(line),
                "{line:?}"
            );
        }
    }
});
