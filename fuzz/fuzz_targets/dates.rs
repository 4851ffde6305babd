#![no_main]
//! `kibaru_time::find_dates` on an arbitrary string (raw or folded) with an
//! arbitrary publication date and language: never panics, mentions are sorted,
//! do not overlap and lie on char boundaries.
use arbitrary::Arbitrary;
use kibaru_text::Lang;
use kibaru_time::PubDate;
use libfuzzer_sys::fuzz_target;

#[path = "common/mod.rs"]
mod common;

#[derive(Arbitrary, Debug)]
struct Input {
    fold: bool,
    english: bool,
    published: Option<(i32, Option<u8>, Option<u8>)>,
    text: String,
}

fuzz_target!(|input: Input| {
    let text = if input.fold {
        kibaru_text::fold(&input.text)
    } else {
        input.text.clone()
    };
    let lang = if input.english { Lang::En } else { Lang::Fr };
    let published = input
        .published
        .map(|(year, month, day)| PubDate { year, month, day });
    let dates = kibaru_time::find_dates(&text, lang, published);
    let mut last_end = 0;
    for d in &dates {
        common::check_range(&text, d.range, "date");
        assert!(
            d.range.start >= last_end,
            "dates overlap or are unsorted: {dates:?}"
        );
        last_end = d.range.end;
        if let Some(u) = d.until {
            assert!(u >= d.date, "range ends before it starts: {d:?}");
        }
    }
});
