#![no_main]
//! `kibaru_core::Pipeline::extract` on arbitrary bytes (decoded lossily) with a
//! random publication date and language, against a small gazetteer: never panics
//! and every evidence span is the article's own text at its byte offsets, for the
//! dated events and for those waiting to be dated; a `Corroborator` fed the dated
//! ones dates the others (or leaves them) without panicking, to the day; the
//! event JSONL writer's line for each event reads back as serde_json's value of
//! that event.
use arbitrary::{Arbitrary, Unstructured};
use kibaru_core::{Article, Corroborator, Pipeline};
use kibaru_export::{EventWriter, Format};
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
    let mut writer = EventWriter::new(Vec::new(), Format::Jsonl);
    for event in &extraction.events {
        writer.write(event).expect("writing to memory");
    }
    let written = writer.finish().expect("writing to memory");
    let lines = std::str::from_utf8(&written).expect("event JSONL is UTF-8");
    let mut lines = lines.lines();
    for event in &extraction.events {
        let line = lines.next().expect("one line an event");
        let read: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        assert_eq!(
            read,
            serde_json::to_value(event).expect("an event's value"),
            "{line}"
        );
    }
    assert_eq!(lines.next(), None, "no line without its event");
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
