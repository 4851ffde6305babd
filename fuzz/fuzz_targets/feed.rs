#![no_main]
//! `kibaru_intake::feed::read_feed` and the gzip-sniffing input path on
//! arbitrary bytes: never panics; every article has an id and non-blank text;
//! every problem names the file; line numbers go forward.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut last_line = 0;
    let mut items = 0;
    let n = kibaru_intake::feed::read_feed(
        "feed.rss",
        data,
        None,
        |a| {
            items += 1;
            assert!(!a.id.is_empty());
            assert!(!a.text.trim().is_empty());
            if let Some(p) = &a.published {
                assert_eq!(p.len(), 10, "{p}");
            }
        },
        |e| {
            assert_eq!(e.file, "feed.rss");
            if let Some(l) = e.line {
                assert!(l >= last_line, "lines go forward");
                last_line = l;
            }
        },
    );
    assert!(items <= n);
    // The same bytes through the general entry, as a gzip-or-not feed.
    let reader = kibaru_intake::input::maybe_gunzip(data, Some(data.len() as u64));
    let _ = kibaru_intake::input::read_articles(
        "feed.rss.gz",
        kibaru_intake::input::Kind::Feed,
        reader,
        kibaru_intake::input::Defaults::default(),
        |_| {},
        |_| {},
    );
});
