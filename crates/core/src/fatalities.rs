//! Death tolls: which numbers in a sentence count the dead, and the event's figure
//! per the codebook (lowest credible figure, all sides together).

use crate::doc::Doc;
use kibaru_lexicon::{Cue, MatchKind, TriggerClass};
use kibaru_text::TextRange;

/// Whom a counted number of dead were.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Victims {
    Civilians,
    Security,
    Militants,
    Unknown,
}

/// A death count read from one sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Count {
    value: u32,
    victims: Victims,
    range: TextRange,
}

/// The event's death toll and where it was read.
#[derive(Clone, Debug, Default)]
pub struct Toll {
    pub value: u32,
    pub evidence: Vec<TextRange>,
    /// Deaths counted among civilians, security forces and militants.
    pub civilians: u32,
    pub security: u32,
    pub militants: u32,
}

/// Nouns of one person that make "un"/"une"/"one" a count of one.
const PERSON_NOUNS: &[&str] = &[
    "chef",
    "responsable",
    "leader",
    "commander",
    "commandant",
    "homme",
    "man",
    "individu",
    "personne",
    "person",
    "habitant",
    "villageois",
    "civil",
    "civilian",
    "soldat",
    "soldier",
    "militaire",
    "gendarme",
    "policier",
    "agent",
    "volontaire",
    "elu",
    "notable",
    "imam",
    "enseignant",
    "femme",
    "woman",
    "enfant",
    "child",
    "jeune",
    "berger",
    "commercant",
];

/// Things a killing or neutralising verb can take that are not people.
#[rustfmt::skip]
const THING_NOUNS: &[&str] = &[
    "vehicule", "vehicules", "moto", "motos", "engin", "engins", "arme", "armes", "camion",
    "camions", "pick-up", "pick-ups", "aeronef", "aeronefs", "avion", "avions", "drone", "drones",
    "base", "bases", "depot", "depots", "vehicle", "vehicles", "motorcycle", "motorcycles",
    "motorbike", "motorbikes", "truck", "trucks", "weapon", "weapons", "aircraft", "plane",
    "planes", "cache", "caches", "bike", "bikes",
];

/// At most this many words between a number and the death word it counts.
const MAX_GAP_WORDS: usize = 4;

/// The words of `s` (runs of characters other than whitespace and
/// apostrophes), counted up to `cap`: `min(words, cap)`. Callers only ask
/// whether a gap holds a few words at most, and the count stops there.
fn words(s: &str, cap: usize) -> usize {
    // Bytes while the text is ASCII, no decoding (the ASCII whitespace of
    // `char::is_whitespace` is `u8::is_ascii_whitespace` and the vertical tab);
    // the words of an ASCII prefix are words of the whole.
    let mut n = 0;
    let mut in_word = false;
    for &b in s.as_bytes() {
        if n >= cap {
            return cap;
        }
        if !b.is_ascii() {
            return words_of_chars(s).min(cap);
        }
        let sep = b.is_ascii_whitespace() || b == b'\x0b' || b == b'\'';
        n += usize::from(!sep && !in_word);
        in_word = !sep;
    }
    n.min(cap)
}

/// [`words`] of any text, character by character.
fn words_of_chars(s: &str) -> usize {
    s.split(|c: char| c.is_whitespace() || c == '\'')
        .filter(|w| !w.is_empty())
        .count()
}

/// The matches (sorted and disjoint, as a sentence's are) that start at or
/// after `from` with at most `max` words between `from` and them, in order.
/// The words before a match only grow with its start (a longer gap keeps every
/// word of a shorter one), so the first match too far ends the run.
fn near_after<'m>(
    text: &'m str,
    matches: &'m [kibaru_lexicon::Match],
    from: u32,
    max: usize,
) -> impl Iterator<Item = &'m kibaru_lexicon::Match> {
    matches
        .iter()
        .filter(move |m| m.range.start >= from)
        .take_while(move |m| words(&text[from as usize..m.range.start as usize], max + 1) <= max)
}

/// Words between byte offsets `a` and `b` of the folded text that separate a number
/// from its death word: a dictionary match counts as one word ("un Volontaire pour
/// la défense de la patrie ... tué"), auxiliaries ("a", "ont été", "avaient été",
/// "were") as none.
fn gap_words(text: &str, matches: &[kibaru_lexicon::Match], a: u32, b: u32) -> usize {
    // "400 people, including women and infants, were killed": the aside between
    // commas does not part the number from its death word.
    const ASIDES: [&str; 5] = [
        ", including ",
        ", dont ",
        ", among them ",
        ", parmi eux ",
        ", parmi lesquels ",
    ];
    let span = &text[a as usize..b as usize];
    // Most gaps hold no comma at all: no aside to look for.
    let asides: &[&str] = if span.contains(", ") { &ASIDES } else { &[] };
    for opener in asides {
        if let Some(i) = span.find(opener) {
            if let Some(j) = span[i + opener.len()..].find(',') {
                let close = (i + opener.len() + j + 1) as u32;
                return gap_words(text, matches, a, a + i as u32)
                    + gap_words(text, matches, a + close, b);
            }
        }
    }
    let mut n = 0;
    let mut pos = a;
    for m in matches
        .iter()
        .filter(|m| m.range.start >= a && m.range.end <= b)
    {
        if m.range.start < pos {
            continue;
        }
        // "avaient été" is an auxiliary like "ont été", not a word between.
        let aux = m.kind == MatchKind::Cue(Cue::Pluperfect);
        n += content_words(&text[pos as usize..m.range.start as usize]) + usize::from(!aux);
        pos = m.range.end;
    }
    n + content_words(&text[pos as usize..b as usize])
}

/// The words of `s` that are not auxiliaries ("a", "ont été", "were").
fn content_words(s: &str) -> usize {
    let is_aux = |w: &[u8]| {
        matches!(
            w,
            b"a" | b"ont"
                | b"ete"
                | b"avait"
                | b"avaient"
                | b"has"
                | b"have"
                | b"had"
                | b"been"
                | b"was"
                | b"were"
        )
    };
    if !s.is_ascii() {
        return content_words_of_chars(s, is_aux);
    }
    // ASCII: split on bytes, no decoding (see [`words`] for the whitespace).
    s.as_bytes()
        .split(|&b| b.is_ascii_whitespace() || b == b'\x0b' || b == b'\'')
        .filter(|w| !w.is_empty() && !is_aux(w))
        .count()
}

/// [`content_words`] of any text, character by character.
fn content_words_of_chars(s: &str, is_aux: impl Fn(&[u8]) -> bool) -> usize {
    s.split(|c: char| c.is_whitespace() || c == '\'')
        .filter(|w| !w.is_empty() && !is_aux(w.as_bytes()))
        .count()
}

fn is_death_word(kind: MatchKind) -> bool {
    matches!(
        kind,
        MatchKind::Cue(Cue::Dead)
            | MatchKind::Trigger(
                TriggerClass::Kill | TriggerClass::Death | TriggerClass::Neutralise
            )
    )
}

fn victims_of(kind: MatchKind) -> Option<Victims> {
    match kind {
        MatchKind::Cue(Cue::VictimCivilian) => Some(Victims::Civilians),
        MatchKind::Cue(Cue::VictimSecurity) => Some(Victims::Security),
        MatchKind::Cue(Cue::Militant) => Some(Victims::Militants),
        _ => None,
    }
}

/// The words before a number that give it as the value of a death toll named
/// before ("the death toll ... at 23", "death toll hits 23").
const TOLL_VALUE_WORDS: &[&str] = &[
    "at", "to", "hits", "hit", "reached", "reaches", "of", "is", "was", "stands",
];

/// The range of "death toll" when the number at `n` is its value: "death toll"
/// earlier in the sentence, at most 12 words before, and the word right before
/// the number one of [`TOLL_VALUE_WORDS`].
fn death_toll_before(text: &str, sentence_start: u32, n: u32) -> Option<TextRange> {
    let before = &text[sentence_start as usize..n as usize];
    let at = before.rfind("death toll")?;
    let gap = &before[at + "death toll".len()..];
    let last = gap.split_whitespace().next_back()?;
    (words(gap, 13) <= 12 && TOLL_VALUE_WORDS.contains(&last)).then(|| {
        let start = sentence_start as usize + at;
        TextRange::new(start, start + "death toll".len())
    })
}

/// Whether a sentence may hold a death count: a number counts only with a
/// death word of the sentence or, in English, a "death toll" before it (see
/// [`counts_read`]). Most sentences an event's toll looks at hold neither, and
/// this test spares them the reading of their numbers.
fn may_count(doc: &Doc<'_>, i: usize) -> bool {
    doc.sentence_matches(i)
        .iter()
        .any(|m| is_death_word(m.kind))
        || (doc.lang == kibaru_text::Lang::En
            && doc.folded.slice(doc.sentences[i]).contains("death toll"))
}

/// The death counts in sentence `i`.
fn counts(doc: &Doc<'_>, i: usize) -> Vec<Count> {
    if !may_count(doc, i) {
        return Vec::new();
    }
    counts_read(doc, i)
}

/// [`counts`] without its shortcut: reads every number of the sentence.
fn counts_read(doc: &Doc<'_>, i: usize) -> Vec<Count> {
    let text = doc.folded.as_str();
    let s = doc.sentences[i];
    let matches = doc.sentence_matches(i);
    let numbers = doc.sentence_numbers(i);
    let dates = doc.sentence_dates(i);
    // Per number: whether it may count at all, and its count when it does.
    let mut slots: Vec<(bool, Option<Count>)> = Vec::with_capacity(numbers.len());
    // "20 km de Kolongo où un drame s'était produit faisant une quarantaine de
    // tués": after a pluperfect in a clause of its own, the toll is an earlier
    // event's.
    let earlier_from = matches
        .iter()
        .find(|m| {
            m.kind == MatchKind::Cue(Cue::Pluperfect)
                && text[s.start as usize..m.range.start as usize]
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| matches!(w, "ou" | "qui" | "where" | "which" | "lorsque" | "quand"))
        })
        .map(|m| m.range.start);
    for (k, n) in numbers.iter().enumerate() {
        if earlier_from.is_some_and(|e| n.range.start > e)
            || dates
                .iter()
                .any(|d| d.range.start < n.range.end && n.range.start < d.range.end)
        {
            slots.push((false, None));
            continue;
        }
        // "cinquante-trois (53)": the figure in digits repeats the words.
        if k > 0 && numbers[k - 1].value == n.value && {
            let gap = &text[numbers[k - 1].range.end as usize..n.range.start as usize];
            gap.trim().trim_start_matches('(').trim().is_empty()
        } {
            slots.push((false, None));
            continue;
        }
        let after_end = numbers.get(k + 1).map_or(s.end, |x| x.range.start);
        let before_start = if k == 0 {
            s.start
        } else {
            numbers[k - 1].range.end
        };
        let rest = &text[n.range.end as usize..after_end as usize];
        let rest_trim = rest.trim_start();
        if rest_trim.starts_with("km")
            || rest_trim.starts_with("kilom")
            || rest_trim.starts_with("ans")
            || rest_trim.starts_with('%')
            || rest_trim.starts_with("h")
                && rest_trim[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            slots.push((false, None));
            continue;
        }
        let before = &text[before_start as usize..n.range.start as usize];
        let mut before_words = before.split_whitespace().rev();
        let before_words = [before_words.next(), before_words.next()];
        // "le numéro deux de la katiba", "tué le n° 2": a rank, not a count.
        let rank =
            before_words[0].is_some_and(|w| matches!(w, "numero" | "number" | "no" | "n°" | "n"));
        if rank
            || before_words
                .iter()
                .flatten()
                .any(|w| matches!(*w, "dont" | "including" | "parmi" | "among"))
        {
            slots.push((false, None));
            continue;
        }
        // "un"/"une"/"one" count one person only when a person noun follows
        // ("un soldat", "une femme"), not as an article ("un camp", "une mine").
        if n.value == 1 && !text.as_bytes()[n.range.start as usize].is_ascii_digit() {
            let next_word = text[n.range.end as usize..]
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
                .unwrap_or_default();
            let person = PERSON_NOUNS.contains(&next_word)
                || near_after(text, matches, n.range.end, 1)
                    .any(|m| victims_of(m.kind).is_some() || matches!(m.kind, MatchKind::Actor(_)));
            if !person {
                slots.push((false, None));
                continue;
            }
        }
        let mut victims = Victims::Unknown;
        let mut found = None;
        // "Quatre civils dont deux ... ont trouvé la mort": the number after "dont"
        // counts a part; the death word that follows it counts the whole.
        let subset_end = numbers.get(k + 1).and_then(|next| {
            let gap = &text[n.range.end as usize..next.range.start as usize];
            let mut w = gap.split_whitespace().rev();
            let part = matches!(w.next(), Some("dont" | "including" | "parmi" | "among"));
            (part && words(gap, 4) <= 3).then_some(s.end)
        });
        let (after_end, max_gap) = match subset_end {
            Some(end) => (end, 3 * MAX_GAP_WORDS),
            None => (after_end, MAX_GAP_WORDS),
        };
        // A death word after the number: "35 civils tués", "faisant 12 morts".
        for m in matches
            .iter()
            .filter(|m| m.range.start >= n.range.end && m.range.end <= after_end)
        {
            if gap_words(text, matches, n.range.end, m.range.start) > max_gap {
                break;
            }
            if let Some(v) = victims_of(m.kind) {
                if victims == Victims::Unknown {
                    victims = v;
                }
            }
            if m.kind == MatchKind::Cue(Cue::Injured) {
                break;
            }
            if is_death_word(m.kind) {
                found = Some(m.range);
                // "21 corps terroristes", "12 morts civils": whose dead follows.
                if victims == Victims::Unknown {
                    victims = matches
                        .iter()
                        .find(|x| x.range.start >= m.range.end)
                        .filter(|x| {
                            words(&text[m.range.end as usize..x.range.start as usize], 1) == 0
                        })
                        .and_then(|x| victims_of(x.kind))
                        .unwrap_or(Victims::Unknown);
                }
                break;
            }
        }
        // A killing verb before the number: "ont tué 12 personnes", "neutralisé 20 terroristes".
        // The match before the number first: what follows the number is read
        // only when a death word stands a few words before it.
        let killed_before = found
            .is_none()
            .then(|| {
                matches
                    .iter()
                    .rev()
                    .find(|m| m.range.end <= n.range.start && m.range.start >= before_start)
            })
            .flatten()
            .filter(|m| is_death_word(m.kind));
        if let Some(m) = killed_before {
            // Up to 4: the tests below ask for 3 at most.
            let gap = words(&text[m.range.end as usize..n.range.start as usize], 4);
            let victim = || {
                near_after(text, matches, n.range.end, 1)
                    .next()
                    .and_then(|m| victims_of(m.kind))
            };
            // "détruit plusieurs véhicules", "neutralisé 12 motos": things.
            let things = || {
                text[n.range.end as usize..]
                    .split(|c: char| !c.is_alphanumeric() && c != '-')
                    .find(|w| !w.is_empty())
                    .is_some_and(|w| THING_NOUNS.contains(&w))
            };
            // "tués et cinq autres blessés": the number counts the wounded.
            let wounded = || {
                near_after(text, matches, n.range.end, 2)
                    .any(|m| m.kind == MatchKind::Cue(Cue::Injured))
            };
            if gap <= 3
                && !wounded()
                && !things()
                && (victim().is_some()
                    || matches!(
                        m.kind,
                        MatchKind::Trigger(TriggerClass::Neutralise | TriggerClass::Kill)
                    )
                    // "la mort de 53 personnes": a death noun right before.
                    || (m.kind == MatchKind::Cue(Cue::Dead) && gap <= 2))
            {
                victims = victim().unwrap_or(Victims::Unknown);
                found = Some(m.range);
            }
        }
        // "put the death toll from Sunday's attack at 23", "the death toll rose to 23".
        if found.is_none() && doc.lang == kibaru_text::Lang::En {
            found = death_toll_before(text, s.start, n.range.start);
        }
        let count = found.map(|word| Count {
            value: n.value,
            victims,
            range: n.range.cover(word),
        });
        slots.push((true, count));
    }
    // "la mort de 19 gendarmes et 1 civil": a number joined by "et" after one
    // counted by a death word before it shares that word.
    for k in 1..slots.len() {
        let (Some(prev), (true, None)) = (slots[k - 1].1, slots[k]) else {
            continue;
        };
        let (p, n) = (numbers[k - 1], numbers[k]);
        if prev.range.start >= p.range.start {
            continue; // counted by a death word after it
        }
        let gap = text[p.range.end as usize..n.range.start as usize].trim_end();
        let Some(rest) = gap
            .strip_suffix(" et")
            .or_else(|| gap.strip_suffix(" and"))
            .or_else(|| gap.strip_suffix(','))
        else {
            continue;
        };
        // Only the victims' noun between ("19 gendarmes et 1 civil").
        let between: Vec<&kibaru_lexicon::Match> = matches
            .iter()
            .filter(|x| x.range.start >= p.range.end && x.range.end <= n.range.start)
            .collect();
        if rest.split_whitespace().count() > 2
            || between
                .iter()
                .any(|x| x.kind == MatchKind::Cue(Cue::Injured))
        {
            continue;
        }
        let after = matches
            .iter()
            .find(|x| x.range.start >= n.range.end)
            .filter(|x| words(&text[n.range.end as usize..x.range.start as usize], 1) == 0);
        let Some(victims) = after.and_then(|x| victims_of(x.kind)) else {
            continue;
        };
        slots[k].1 = Some(Count {
            value: n.value,
            victims,
            range: n.range.cover(after.map_or(n.range, |x| x.range)),
        });
    }
    // "Deux femmes et un enfant ont été tués": a number joined by "et" to a
    // counted one shares its death word.
    for k in (0..slots.len().saturating_sub(1)).rev() {
        let (Some(next), (true, None)) = (slots[k + 1].1, slots[k]) else {
            continue;
        };
        let (n, m) = (numbers[k], numbers[k + 1]);
        let gap = &text[n.range.end as usize..m.range.start as usize];
        let gap = gap.trim_end();
        let (joined, rest) = if let Some(r) = gap.strip_suffix(',') {
            (true, r)
        } else if let Some(r) = gap.strip_suffix(" et").or_else(|| gap.strip_suffix(" and")) {
            (true, r)
        } else {
            (false, gap)
        };
        let w: Vec<&str> = rest.split_whitespace().collect();
        let injured = matches.iter().any(|x| {
            x.range.start >= n.range.end
                && x.range.end <= m.range.start
                && x.kind == MatchKind::Cue(Cue::Injured)
        });
        if joined && (1..=2).contains(&w.len()) && !injured {
            let victims = matches
                .iter()
                .find(|x| x.range.start >= n.range.end && x.range.end <= m.range.start)
                .and_then(|x| victims_of(x.kind))
                .unwrap_or(next.victims);
            // One group of dead: an unknown side takes the known one.
            if let Some(c) = slots[k + 1]
                .1
                .as_mut()
                .filter(|c| c.victims == Victims::Unknown)
            {
                c.victims = victims;
            }
            slots[k].1 = Some(Count {
                value: n.value,
                victims,
                range: n.range.cover(next.range),
            });
        }
    }
    slots.into_iter().filter_map(|(_, c)| c).collect()
}

/// Words that give a toll as a revision of an earlier one.
const REVISIONS: &[&str] = &[
    "est passe a",
    "s'est alourdi",
    "s'est encore alourdi",
    "revu a la hausse",
    "desormais de",
    "has risen to",
    "has climbed to",
    "rose to",
    "now stands at",
];

/// Where a sentence revises a toll: the end of its revision words (the first
/// end of any of them).
fn revision_at(text: &str, s: TextRange) -> Option<u32> {
    let t = text[s.as_range()].as_bytes();
    // Every phrase has a blank a few bytes into it: a phrase is only tried
    // where a blank of the sentence falls at its first blank's offset and
    // its first byte is the sentence's there. The blanks are found eight
    // bytes a step.
    const SPACES: u64 = 0x2020_2020_2020_2020;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut best: Option<usize> = None;
    let mut i = 0;
    while i < t.len() {
        let chunk = match t.get(i..).and_then(<[u8]>::first_chunk::<8>) {
            Some(c) => u64::from_le_bytes(*c),
            None => {
                // Zeros past the end: no blank.
                let mut buf = [0u8; 8];
                buf[..t.len() - i].copy_from_slice(&t[i..]);
                u64::from_le_bytes(buf)
            }
        };
        let y = chunk ^ SPACES;
        // The high bit of each zero byte of `y` (and maybe of a byte above
        // one: each is checked).
        let mut blanks = y.wrapping_sub(ONES) & !y & (ONES << 7);
        while blanks != 0 {
            let p = i + (blanks.trailing_zeros() / 8) as usize;
            blanks &= blanks - 1;
            if t.get(p) != Some(&b' ') {
                continue;
            }
            let mut offsets = REVISION_BLANK_OFFSETS;
            while offsets != 0 {
                let k = offsets.trailing_zeros() as usize;
                offsets &= offsets - 1;
                let Some(at) = p.checked_sub(k) else {
                    break;
                };
                let mut phrases =
                    REVISIONS_BY_FIRST_BYTE[usize::from(t[at])] & REVISIONS_BY_BLANK[k];
                while phrases != 0 {
                    let r = REVISIONS[phrases.trailing_zeros() as usize].as_bytes();
                    phrases &= phrases - 1;
                    if t[at..].starts_with(r) {
                        let end = at + r.len();
                        best = Some(best.map_or(end, |e| e.min(end)));
                    }
                }
            }
        }
        i += 8;
    }
    best.map(|e| s.start + e as u32)
}

/// For each offset below 16, the set of [`REVISIONS`] (bit `i` for phrase
/// `i`) whose first blank is there.
const REVISIONS_BY_BLANK: [u16; 16] = {
    let mut t = [0u16; 16];
    let mut i = 0;
    while i < REVISIONS.len() {
        let r = REVISIONS[i].as_bytes();
        let mut k = 0;
        while r[k] != b' ' {
            k += 1;
        }
        assert!(
            k < 16,
            "a revision phrase has a blank in its first 16 bytes"
        );
        t[k] |= 1 << i;
        i += 1;
    }
    t
};

/// The offsets of the first blanks of [`REVISIONS`], bit `k` for offset `k`.
const REVISION_BLANK_OFFSETS: u16 = {
    let mut m = 0u16;
    let mut k = 0;
    while k < 16 {
        if REVISIONS_BY_BLANK[k] != 0 {
            m |= 1 << k;
        }
        k += 1;
    }
    m
};

/// For each byte, the set of [`REVISIONS`] (bit `i` for phrase `i`) that start
/// with it: most bytes of a sentence start none, and the others one or two.
const REVISIONS_BY_FIRST_BYTE: [u16; 256] = {
    assert!(REVISIONS.len() <= 16);
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < REVISIONS.len() {
        t[REVISIONS[i].as_bytes()[0] as usize] |= 1 << i;
        i += 1;
    }
    t
};

/// The toll of an event reported by the given sentences.
pub fn toll(doc: &Doc<'_>, sentences: &[usize], trigger_sentences: &[(usize, TextRange)]) -> Toll {
    let mut per_class: [Option<(u32, TextRange)>; 4] = [None; 4];
    // Sentences in text order: a revised toll replaces the ones told before it.
    let mut order = sentences.to_vec();
    order.sort_unstable();
    for i in order {
        let s = doc.sentences[i];
        let mut counts = counts(doc, i);
        // "Alors qu'on parlait d'une cinquantaine de morts, le bilan est passé à
        // 137": the figures after the revision, not the sum.
        // A revision counts only when some count follows it: the search stops
        // at the last count's start (a revision ending later would be dropped).
        let revised = counts.iter().map(|c| c.range.start).max().and_then(|last| {
            revision_at(
                doc.folded.as_str(),
                TextRange::new(s.start as usize, last as usize),
            )
        });
        if let Some(at) = revised {
            counts.retain(|c| c.range.start >= at);
        }
        let mut in_sentence = [0u32; 4];
        let mut ranges: [Option<TextRange>; 4] = [None; 4];
        for c in counts {
            let k = c.victims as usize;
            in_sentence[k] = in_sentence[k].saturating_add(c.value);
            ranges[k] = Some(ranges[k].map_or(c.range, |r| r.cover(c.range)));
        }
        for k in 0..4 {
            if in_sentence[k] > 0
                && (revised.is_some() || per_class[k].is_none_or(|(v, _)| in_sentence[k] < v))
            {
                per_class[k] = Some((in_sentence[k], ranges[k].expect("range with count")));
            }
        }
    }
    let of = |k: usize| per_class[k].map_or(0, |(v, _)| v);
    let (civilians, security, militants) = (of(0), of(1), of(2));
    let known: u32 = civilians.saturating_add(security).saturating_add(militants);
    let unknown = per_class[3].map_or(0, |(v, _)| v);
    if known == 0 && unknown == 0 {
        let named = named_kill(doc, trigger_sentences);
        if named.value > 0 {
            return named;
        }
        return unnumbered_plural(doc, sentences);
    }
    if unknown > known {
        let (v, r) = per_class[3].expect("unknown count");
        return Toll {
            value: v,
            evidence: vec![r],
            civilians,
            security,
            militants,
        };
    }
    Toll {
        value: known,
        evidence: per_class[..3].iter().flatten().map(|(_, r)| *r).collect(),
        civilians,
        security,
        militants,
    }
}

/// "la neutralisation de Moussa Diallo", "killed the leader": one death.
/// Plural nouns of people, for deaths told without a number.
#[rustfmt::skip]
const PLURAL_PEOPLE: &[&str] = &[
    "civils", "personnes", "gens", "habitants", "villageois", "soldats", "militaires", "gendarmes",
    "policiers", "compagnons", "hommes", "femmes", "enfants", "terroristes", "jihadistes",
    "djihadistes", "assaillants", "elements", "people", "civilians", "villagers", "residents",
    "soldiers", "troops", "men", "women", "children", "militants", "fighters", "attackers",
    "jihadists", "terrorists",
];

/// Deaths told without a number but in the plural ("a fait des morts", "des
/// civils ont été tués", "ses compagnons tués", "killed civilians", "left many
/// people dead"): the codebook's 3. Not in a negated sentence.
fn unnumbered_plural(doc: &Doc<'_>, sentences: &[usize]) -> Toll {
    let text = doc.folded.as_str();
    let people = |w: &str| PLURAL_PEOPLE.contains(&w);
    for &i in sentences {
        let s = doc.sentences[i];
        if doc.sentence_has_cue(i, Cue::Negation) {
            continue;
        }
        for m in doc.sentence_matches(i) {
            let kill = matches!(m.kind, MatchKind::Trigger(TriggerClass::Kill));
            if !(kill || is_death_word(m.kind))
                || m.kind == MatchKind::Trigger(TriggerClass::Neutralise)
            {
                continue;
            }
            let word = &text[m.range.as_range()];
            // "les familles des victimes": victims may be wounded ones.
            if word.starts_with("victim") {
                continue;
            }
            // The last four words before and the first two after, in arrays
            // (no allocation per death word).
            let mut before = [None::<&str>; 4];
            for (slot, w) in before.iter_mut().zip(
                text[s.start as usize..m.range.start as usize]
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .rev(),
            ) {
                *slot = Some(w);
            }
            let mut after = [None::<&str>; 2];
            // A match may run past its sentence's end (the lexicon reads a
            // line break as a blank, a sentence may end at one): no words after.
            for (slot, w) in after.iter_mut().zip(
                text[m.range.end.min(s.end) as usize..s.end as usize]
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty()),
            ) {
                *slot = Some(w);
            }
            // "des morts", "de nombreux morts".
            let plural_noun = before[0] == Some("des")
                || (before[0] == Some("nombreux") && before[1] == Some("de"));
            // "des civils ont été tués", "ses compagnons tués", "people dead".
            let plural_word = word.ends_with('s') || doc.lang == kibaru_text::Lang::En;
            let plural_subject = plural_word && before.iter().flatten().any(|w| people(w));
            // "ont tué des civils", "killed civilians".
            let plural_object = kill
                && match after {
                    [Some("des"), Some(w)] => people(w),
                    [Some(w), _] => people(w),
                    _ => false,
                };
            if plural_noun || plural_subject || plural_object {
                return Toll {
                    value: 3,
                    evidence: vec![m.range],
                    ..Toll::default()
                };
            }
        }
    }
    Toll::default()
}

/// The first of the matches (sorted by start, as an article's are) whose range
/// is `r`: a binary search to the matches starting where `r` does, not a walk
/// over the article's.
fn match_at(matches: &[kibaru_lexicon::Match], r: TextRange) -> Option<&kibaru_lexicon::Match> {
    let lo = matches.partition_point(|m| m.range.start < r.start);
    matches[lo..]
        .iter()
        .take_while(|m| m.range.start == r.start)
        .find(|m| m.range == r)
}

fn named_kill(doc: &Doc<'_>, triggers: &[(usize, TextRange)]) -> Toll {
    let text = doc.folded.as_str();
    for &(_, t) in triggers {
        let kind = match_at(&doc.matches, t).map(|m| m.kind);
        if !matches!(
            kind,
            Some(MatchKind::Trigger(
                TriggerClass::Neutralise | TriggerClass::Kill
            ))
        ) {
            continue;
        }
        // "Moussa Diallo a été neutralisé", "the leader was killed": a singular
        // passive names one death.
        // "a été enlevé et tué": past a first participle joined by "et"/"and".
        let mut before = text[..t.start as usize].trim_end();
        if let Some(b) = before
            .strip_suffix(" et")
            .or_else(|| before.strip_suffix(" and"))
        {
            before = b.rsplit_once(' ').map_or(b, |(head, _)| head);
        }
        let word = &text[t.as_range()];
        if (before.ends_with(" a ete") || before.ends_with(" was") || before.ends_with(" has been"))
            && !word.ends_with('s')
            && !word.contains(' ')
        {
            return Toll {
                civilians: 0,
                security: 0,
                militants: 1,
                value: 1,
                evidence: vec![t],
            };
        }
        let rest = &text[t.end as usize..];
        let mut offset = t.end as usize;
        for w in rest.split_inclusive([' ', '\'']).take(4) {
            let word = w.trim_end_matches([' ', '\'']);
            if matches!(
                word,
                "de" | "du" | "d" | "l" | "le" | "la" | "the" | "of" | ""
            ) {
                offset += w.len();
                continue;
            }
            let capital = doc
                .folded
                .original_char_at(offset)
                .is_some_and(char::is_uppercase);
            let leader = matches!(
                word,
                "chef" | "leader" | "commander" | "commandant" | "emir" | "numero" | "n°"
            );
            if capital || leader {
                let end = offset + word.len();
                return Toll {
                    civilians: 0,
                    security: 0,
                    militants: 1,
                    value: 1,
                    evidence: vec![TextRange::new(t.start as usize, end)],
                };
            }
            break;
        }
    }
    Toll::default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kibaru_lexicon::Lexicon;
    use kibaru_text::Folded;

    /// [`revision_at`] the slow way: one search per phrase.
    fn revision_at_slow(text: &str, s: TextRange) -> Option<u32> {
        let t = &text[s.as_range()];
        REVISIONS
            .iter()
            .filter_map(|r| t.find(r).map(|at| s.start + (at + r.len()) as u32))
            .min()
    }

    /// [`unnumbered_plural`] as first written: the words around a death word
    /// collected in vectors.
    fn unnumbered_plural_slow(doc: &Doc<'_>, sentences: &[usize]) -> Toll {
        let text = doc.folded.as_str();
        let people = |w: &str| PLURAL_PEOPLE.contains(&w);
        for &i in sentences {
            let s = doc.sentences[i];
            if doc.has_cue(s, Cue::Negation) {
                continue;
            }
            for m in doc.matches_in(s) {
                let kill = matches!(m.kind, MatchKind::Trigger(TriggerClass::Kill));
                if !(kill || is_death_word(m.kind))
                    || m.kind == MatchKind::Trigger(TriggerClass::Neutralise)
                {
                    continue;
                }
                let word = &text[m.range.as_range()];
                // "les familles des victimes": victims may be wounded ones.
                if word.starts_with("victim") {
                    continue;
                }
                let before: Vec<&str> = text[s.start as usize..m.range.start as usize]
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .rev()
                    .take(4)
                    .collect();
                let after: Vec<&str> = text[m.range.end.min(s.end) as usize..s.end as usize]
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .take(2)
                    .collect();
                // "des morts", "de nombreux morts".
                let plural_noun = matches!(before.first(), Some(&"des"))
                    || (before.first() == Some(&"nombreux") && before.get(1) == Some(&"de"));
                // "des civils ont été tués", "ses compagnons tués", "people dead".
                let plural_word = word.ends_with('s') || doc.lang == kibaru_text::Lang::En;
                let plural_subject = plural_word && before.iter().any(|w| people(w));
                // "ont tué des civils", "killed civilians".
                let plural_object = kill
                    && match after.as_slice() {
                        ["des", w, ..] => people(w),
                        [w, ..] => people(w),
                        _ => false,
                    };
                if plural_noun || plural_subject || plural_object {
                    return Toll {
                        value: 3,
                        evidence: vec![m.range],
                        ..Toll::default()
                    };
                }
            }
        }
        Toll::default()
    }

    /// An article of the given text, read (sentences and dictionary matches).
    fn read(text: &str) -> crate::Article {
        crate::Article {
            id: "t".into(),
            text: text.into(),
            ..crate::Article::default()
        }
    }

    proptest::proptest! {
        /// The words around death words in arrays decide as the vectors did.
        #[test]
        fn unnumbered_plural_is_the_vectors_one(words_in in proptest::collection::vec(
            "(des|de|nombreux|morts|mort|tues|tue|ont|ete|civils|soldats|people|killed|dead|\
              victimes|pas|n'a|la|attaque|neutralise|terroristes|[.]|, | )",
            0..30,
        ), english in proptest::bool::ANY) {
            let mut article = read(&words_in.join(" "));
            article.lang = Some(if english { "en" } else { "fr" }.into());
            let gazetteer = kibaru_geo::Gazetteer::from_dump_str("", "", "");
            let doc = Doc::read(&article, Lexicon::builtin(), &gazetteer, &mut Vec::new());
            let all: Vec<usize> = (0..doc.sentences.len()).collect();
            let fast = unnumbered_plural(&doc, &all);
            let slow = unnumbered_plural_slow(&doc, &all);
            proptest::prop_assert_eq!(
                (fast.value, fast.evidence, fast.civilians, fast.security, fast.militants),
                (slow.value, slow.evidence, slow.civilians, slow.security, slow.militants),
                "{:?}", article.text
            );
        }
    }

    proptest::proptest! {
        /// The binary search finds the match the walk over all matches finds,
        /// for every match's range and for ranges of none.
        #[test]
        fn match_at_is_the_first_match_of_the_range(words_in in proptest::collection::vec(
            "(tues|tue|neutralise|attaque|civils|soldats|FAMa|JNIM|hommes armes|morts|[.]| )",
            0..30,
        ), a in 0usize..200, len in 0usize..20) {
            let text = words_in.join(" ");
            let folded = Folded::new(&text);
            let matches = Lexicon::builtin().scan(&folded);
            let mut ranges: Vec<TextRange> = matches.iter().map(|m| m.range).collect();
            let a = a.min(text.len());
            ranges.push(TextRange::new(a, (a + len).min(text.len())));
            for r in ranges {
                proptest::prop_assert_eq!(
                    match_at(&matches, r),
                    matches.iter().find(|m| m.range == r),
                    "{:?} {:?}", text, r
                );
            }
        }
    }

    proptest::proptest! {
        /// The one-pass `revision_at` finds what one search per phrase finds.
        #[test]
        fn revision_at_is_the_first_end_of_any_phrase(words_in in proptest::collection::vec(
            "(est|passe|a|s'est|encore|alourdi|revu|la|hausse|desormais|de|has|risen|climbed|\
              to|rose|now|stands|at|morts|é|bilan|, |  )",
            0..30,
        ), cut in 0usize..40) {
            let text = words_in.join(" ");
            let mut start = cut.min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let s = TextRange::new(start, text.len());
            proptest::prop_assert_eq!(revision_at(&text, s), revision_at_slow(&text, s));
        }
    }

    proptest::proptest! {
        /// A revision searched up to the last count's start is the one found in
        /// the whole sentence and followed by that count.
        #[test]
        fn revision_up_to_the_last_count_is_the_one_before_it(words_in in proptest::collection::vec(
            "(est|passe|a|s'est|alourdi|revu|la|hausse|desormais|de|has|risen|to|rose|now|\
              stands|at|morts|bilan|12|, )",
            0..30,
        ), cut in 0usize..200) {
            let text = words_in.join(" ");
            let mut last = cut.min(text.len());
            while !text.is_char_boundary(last) {
                last -= 1;
            }
            let whole = TextRange::new(0, text.len());
            proptest::prop_assert_eq!(
                revision_at(&text, TextRange::new(0, last)),
                revision_at(&text, whole).filter(|&at| at as usize <= last)
            );
        }
    }

    proptest::proptest! {
        /// [`counts`] skips only sentences where [`counts_read`] finds nothing.
        #[test]
        fn counts_skip_only_sentences_without_a_count(words_in in proptest::collection::vec(
            "(tués|tue|killed|dead|morts|death|toll|the|at|rose|to|blessés|wounded|civils|\
              soldats|deux|trois|12|1 200|un|une|soldat|et|and|dont|ont|été|corps|neutralisé|\
              terroristes|people|la|mort|de|attaque|attack|, |[.] |\n)",
            0..40,
        ), en in proptest::bool::ANY) {
            let text = words_in.join(" ");
            let article = crate::Article {
                id: "t".into(),
                lang: Some(if en { "en" } else { "fr" }.into()),
                text,
                ..crate::Article::default()
            };
            let gazetteer = kibaru_geo::Gazetteer::from_dump_str("", "", "");
            let doc = Doc::prepare(&article, Lexicon::builtin(), &gazetteer, &mut Vec::new());
            for i in 0..doc.sentences.len() {
                proptest::prop_assert_eq!(counts(&doc, i), counts_read(&doc, i), "{:?}", article.text);
            }
        }
    }

    proptest::proptest! {
        /// [`content_words`] splits ASCII text on bytes as it splits other
        /// text on characters.
        #[test]
        fn content_words_of_ascii_are_those_of_chars(words_in in proptest::collection::vec(
            "(a|ont|ete|été|avait|avaient|has|have|had|been|was|were|tues|l'|d'|x|\
              |  |\t|\n|\u{b}|\u{c}|\u{1c}|\u{a0}|,)",
            0..20,
        )) {
            let s = words_in.concat();
            let slow = s
                .split(|c: char| c.is_whitespace() || c == '\'')
                .filter(|w| {
                    !w.is_empty()
                        && !matches!(
                            *w,
                            "a" | "ont" | "ete" | "avait" | "avaient" | "has" | "have" | "had"
                                | "been" | "was" | "were"
                        )
                })
                .count();
            proptest::prop_assert_eq!(content_words(&s), slow, "{:?}", s);
        }

        /// [`words`] counts bytes of ASCII text, up to its cap, as
        /// [`words_of_chars`] counts characters.
        #[test]
        fn words_up_to_a_cap_are_words_of_chars(
            s in "[a-z' \t\n\r\u{b}\u{c}\u{1c}\u{1f},.-]{0,40}|[a-z' \u{a0}\u{2009}é]{0,20}",
            cap in 0usize..16,
        ) {
            proptest::prop_assert_eq!(words(&s, cap), words_of_chars(&s).min(cap), "{:?}", s);
            proptest::prop_assert_eq!(words(&s, usize::MAX), words_of_chars(&s), "{:?}", s);
        }
    }

    proptest::proptest! {
        /// `near_after` keeps the matches the plain filter keeps: the words
        /// before a match only grow with its start.
        #[test]
        fn near_after_is_the_filter_of_near_matches(words_in in proptest::collection::vec(
            "(tués|tue|blessés|civils|soldats|deux|trois|et|autres|ont|été|l'|d'|, |  |\n|FAMa|\
              hommes|armés|morts|dont|femmes|un|soldat|[.])",
            0..30,
        ), from_at in 0usize..200, max in 0usize..4) {
            let text = words_in.join(" ");
            let folded = Folded::new(&text);
            let matches = Lexicon::builtin().scan(&folded);
            let t = folded.as_str();
            let mut from = from_at.min(t.len());
            while !t.is_char_boundary(from) {
                from -= 1;
            }
            let from = from as u32;
            let fast: Vec<_> = near_after(t, &matches, from, max).collect();
            let slow: Vec<_> = matches
                .iter()
                .filter(|m| {
                    m.range.start >= from
                        && words_of_chars(&t[from as usize..m.range.start as usize]) <= max
                })
                .collect();
            proptest::prop_assert_eq!(fast, slow, "{:?}", text);
        }
    }
}
