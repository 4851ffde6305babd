#![no_main]
//! `kibaru_geo::find_places` then `resolve` on arbitrary text against a small
//! gazetteer: never panics, ranges are on char boundaries of the folded text,
//! resolved places are candidates.
use kibaru_text::Folded;
use libfuzzer_sys::fuzz_target;

#[path = "common/mod.rs"]
mod common;

fuzz_target!(|text: &str| {
    let gaz = common::gazetteer();
    let folded = Folded::new(text);
    let mut places = kibaru_geo::find_places(&folded, gaz);
    for p in &places {
        common::check_range(folded.as_str(), p.range, "place");
        let o = folded.to_original(p.range);
        common::check_range(text, o, "place (original)");
    }
    kibaru_geo::resolve(&mut places, gaz);
    for p in &places {
        if let Some(r) = p.resolved {
            assert!(
                p.candidates.contains(&r),
                "resolved place is not a candidate: {p:?}"
            );
            let _ = gaz.place(r);
        }
    }
});
