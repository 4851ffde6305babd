#![no_main]
//! `Lexicon::builtin().scan` and `numbers` on arbitrary text: never panic, matches
//! are sorted, non-overlapping and on char boundaries of the folded text.
use kibaru_lexicon::Lexicon;
use kibaru_text::Folded;
use libfuzzer_sys::fuzz_target;

#[path = "common/mod.rs"]
mod common;

fuzz_target!(|text: &str| {
    let lex = Lexicon::builtin();
    let folded = Folded::new(text);
    let matches = lex.scan(&folded);
    let mut last_end = 0;
    for m in &matches {
        common::check_range(folded.as_str(), m.range, "match");
        assert!(m.range.start >= last_end, "matches overlap or are unsorted");
        last_end = m.range.end;
        let _ = folded.original_slice(m.range);
    }
    for n in lex.numbers(folded.as_str()) {
        common::check_range(folded.as_str(), n.range, "number");
    }
    // Unfolded text too: numbers is a public function on any &str.
    for n in lex.numbers(text) {
        common::check_range(text, n.range, "number (raw)");
    }
});
