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
#[derive(Clone, Copy, Debug)]
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

/// At most this many words between a number and the death word it counts.
const MAX_GAP_WORDS: usize = 4;

fn words(s: &str) -> usize {
    s.split(|c: char| c.is_whitespace() || c == '\'')
        .filter(|w| !w.is_empty())
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

/// The death counts in one sentence.
fn counts(doc: &Doc<'_>, s: TextRange) -> Vec<Count> {
    let text = doc.folded.as_str();
    let matches = doc.matches_in(s);
    let numbers = doc.numbers_in(s);
    let dates = doc.dates_in(s);
    let mut out = Vec::new();
    for (k, n) in numbers.iter().enumerate() {
        if dates
            .iter()
            .any(|d| d.range.start < n.range.end && n.range.start < d.range.end)
        {
            continue;
        }
        // "cinquante-trois (53)": the figure in digits repeats the words.
        if k > 0 && numbers[k - 1].value == n.value && {
            let gap = &text[numbers[k - 1].range.end as usize..n.range.start as usize];
            gap.trim().trim_start_matches('(').trim().is_empty()
        } {
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
            continue;
        }
        let before = &text[before_start as usize..n.range.start as usize];
        let before_words: Vec<&str> = before.split_whitespace().rev().take(2).collect();
        if before_words
            .iter()
            .any(|w| matches!(*w, "dont" | "including" | "parmi" | "among"))
        {
            continue;
        }
        let mut victims = Victims::Unknown;
        let mut found = None;
        // A death word after the number: "35 civils tués", "faisant 12 morts".
        for m in matches
            .iter()
            .filter(|m| m.range.start >= n.range.end && m.range.end <= after_end)
        {
            if words(&text[n.range.end as usize..m.range.start as usize]) > MAX_GAP_WORDS {
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
                break;
            }
        }
        // A killing verb before the number: "ont tué 12 personnes", "neutralisé 20 terroristes".
        if found.is_none() {
            let follows_victim = matches.iter().find(|m| {
                m.range.start >= n.range.end
                    && words(&text[n.range.end as usize..m.range.start as usize]) <= 1
            });
            let victim = follows_victim.and_then(|m| victims_of(m.kind));
            // "tués et cinq autres blessés": the number counts the wounded.
            let wounded = matches.iter().any(|m| {
                m.kind == MatchKind::Cue(Cue::Injured)
                    && m.range.start >= n.range.end
                    && words(&text[n.range.end as usize..m.range.start as usize]) <= 2
            });
            if let Some(m) = matches
                .iter()
                .rev()
                .find(|m| m.range.end <= n.range.start && m.range.start >= before_start)
            {
                let gap = words(&text[m.range.end as usize..n.range.start as usize]);
                if gap <= 3
                    && !wounded
                    && is_death_word(m.kind)
                    && (victim.is_some()
                        || matches!(
                            m.kind,
                            MatchKind::Trigger(TriggerClass::Neutralise | TriggerClass::Kill)
                        )
                        // "la mort de 53 personnes": a death noun right before.
                        || (m.kind == MatchKind::Cue(Cue::Dead) && gap <= 2))
                {
                    victims = victim.unwrap_or(Victims::Unknown);
                    found = Some(m.range);
                }
            }
        }
        if let Some(word) = found {
            out.push(Count {
                value: n.value,
                victims,
                range: n.range.cover(word),
            });
        }
    }
    out
}

/// The toll of an event reported by the given sentences.
pub fn toll(doc: &Doc<'_>, sentences: &[usize], trigger_sentences: &[(usize, TextRange)]) -> Toll {
    let mut per_class: [Option<(u32, TextRange)>; 4] = [None; 4];
    for &i in sentences {
        let mut in_sentence = [0u32; 4];
        let mut ranges: [Option<TextRange>; 4] = [None; 4];
        for c in counts(doc, doc.sentences[i]) {
            let k = c.victims as usize;
            in_sentence[k] += c.value;
            ranges[k] = Some(ranges[k].map_or(c.range, |r| r.cover(c.range)));
        }
        for k in 0..4 {
            if in_sentence[k] > 0 && per_class[k].is_none_or(|(v, _)| in_sentence[k] < v) {
                per_class[k] = Some((in_sentence[k], ranges[k].expect("range with count")));
            }
        }
    }
    let of = |k: usize| per_class[k].map_or(0, |(v, _)| v);
    let (civilians, security, militants) = (of(0), of(1), of(2));
    let known: u32 = civilians + security + militants;
    let unknown = per_class[3].map_or(0, |(v, _)| v);
    if known == 0 && unknown == 0 {
        return named_kill(doc, trigger_sentences);
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
fn named_kill(doc: &Doc<'_>, triggers: &[(usize, TextRange)]) -> Toll {
    let text = doc.folded.as_str();
    for &(_, t) in triggers {
        let kind = doc.matches.iter().find(|m| m.range == t).map(|m| m.kind);
        if !matches!(
            kind,
            Some(MatchKind::Trigger(
                TriggerClass::Neutralise | TriggerClass::Kill
            ))
        ) {
            continue;
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
                "chef" | "leader" | "commander" | "commandant" | "emir" | "numero"
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
