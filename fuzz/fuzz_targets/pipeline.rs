#![no_main]
//! `kibaru_core::Pipeline::extract` on arbitrary bytes (decoded lossily) with a
//! random publication date and language, against a small gazetteer: never panics
//! and every evidence span is the article's own text at its byte offsets, for the
//! dated events and for those waiting to be dated; a `Corroborator` fed the dated
//! ones dates the others (or leaves them) without panicking, to the day.
use arbitrary::{Arbitrary, Unstructured};
use kibaru_core::{Article, Corroborator, Pipeline};
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
    let mut corroborator = Corroborator::new();
    for event in &extraction.events {
        corroborator.add(event);
    }
    let waiting = extraction.undated.iter().map(|u| &u.event);
    for event in extraction.events.iter().chain(waiting) {
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
    for u in &extraction.undated {
        if let Some(dated) = corroborator.date(u) {
            assert_eq!(dated.time_precision, 1);
            assert_eq!(dated.event_date.len(), 10, "{}", dated.event_date);
        }
        if let Some(month) = u.fallback() {
            assert_eq!(month.event_date, u.event.event_date);
        }
    }
});
