//! Dictionary scan and number reading throughput on a repeated news paragraph
//! written for this project: `cargo bench -p kibaru-lexicon --bench scan`.
//! The match counts are checked so that a broken scan cannot look fast.

use kibaru_lexicon::Lexicon;
use kibaru_text::Folded;
use std::time::Instant;

fn main() {
    let para = "Hier soir, des hommes armés non identifiés ont attaqué le village de Boni, tuant une \
                dizaine de civils, selon des sources locales. Les FAMa ont riposté et neutralisé 23 \
                terroristes. Unidentified gunmen killed at least 20 villagers; the army said it \
                carried out airstrikes against JNIM positions near the examination center.\n";
    let copies = 20_000;
    let text = para.repeat(copies);
    let lex = Lexicon::builtin();
    let folded = Folded::new(&text);
    let t = Instant::now();
    let n = lex.scan(&folded).len();
    let scan = t.elapsed();
    let t = Instant::now();
    let k = lex.numbers(folded.as_str()).len();
    let nums = t.elapsed();
    assert!(n >= 8 * copies, "only {n} matches");
    assert!(k >= 3 * copies, "only {k} numbers");
    let mb = text.len() as f64 / 1e6;
    println!(
        "{mb:.1} MB: scan {n} matches at {:.1} MB/s, numbers {k} at {:.1} MB/s",
        mb / scan.as_secs_f64(),
        mb / nums.as_secs_f64()
    );
}
