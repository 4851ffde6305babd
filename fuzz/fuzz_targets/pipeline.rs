#![no_main]
//! `kibaru_core::Pipeline::extract` on arbitrary bytes (decoded lossily) with a
//! random publication date and language, against a small gazetteer: never panics
//! and every evidence span is the article's own text at its byte offsets.
use arbitrary::{Arbitrary, Unstructured};
use kibaru_core::{Article, Pipeline};
use libfuzzer_sys::fuzz_target;

#[path = "common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(published) = common::published(&mut u) else {
        return;
    };
    let Ok(lang) = common::lang(&mut u) else {
        return;
    };
    let Ok(bytes) = <&[u8]>::arbitrary_take_rest(u) else {
        return;
    };
    let article = Article {
        id: "fuzz".into(),
        published,
        lang,
        text: String::from_utf8_lossy(bytes).into_owned(),
        ..Article::default()
    };
    let pipeline = Pipeline::new(common::gazetteer());
    let extraction = pipeline.extract(&article);
    for event in &extraction.events {
        for ev in &event.evidence {
            let (s, e) = (ev.start as usize, ev.end as usize);
            assert!(
                s <= e && e <= article.text.len(),
                "evidence out of range: {ev:?}"
            );
            assert_eq!(
                &article.text[s..e],
                ev.text,
                "evidence text differs from its span"
            );
        }
    }
});
