#![no_main]
//! `kibaru_intake::html_article` on arbitrary bytes: never panics; the text has
//! no tags left in kept paragraphs' structure (just sanity: valid string).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (article, _warning) =
        kibaru_intake::html_article("page.html", data, Some("2025-03-04"), None);
    assert_eq!(article.id, "page");
    // Entities decode on valid strings too.
    let _ = kibaru_intake::html::decode_entities(&article.text);
    if let Some(t) = &article.title {
        assert!(!t.is_empty());
    }
});
