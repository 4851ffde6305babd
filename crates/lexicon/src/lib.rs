//! kibaru's dictionaries, compiled into one matcher over folded text.
//!
//! The vocabulary lives in `data/*.tsv` (actors and their aliases, event triggers,
//! cues, number words; the format and pattern syntax are described in `data.rs` and
//! in each file's header). The files are embedded in the binary and compiled on first
//! use into one trie (`trie.rs`), walked from word starts. A lexicon says what a
//! phrase is (an actor, a trigger class, a cue), never what event it makes.
#![deny(missing_docs)]

mod data;
mod numbers;
mod trie;
mod types;

pub use types::{Actor, ActorId, Cue, Inter, TriggerClass};

use kibaru_text::{Folded, TextRange};
use std::collections::HashMap;
use trie::Trie;

/// What a dictionary match is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// An actor alias.
    Actor(ActorId),
    /// An event trigger.
    Trigger(TriggerClass),
    /// A cue phrase.
    Cue(Cue),
}

/// One dictionary match, as a range of the folded text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Match {
    /// Where it matched, in folded-text bytes.
    pub range: TextRange,
    /// What matched.
    pub kind: MatchKind,
}

/// A number read from text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Number {
    /// Range of the number in folded text.
    pub range: TextRange,
    /// Its value (codebook value for vague words: "une dizaine" = 10, "des dizaines" = 12).
    pub value: u32,
    /// Whether it was a vague quantity ("plusieurs", "une dizaine", "dozens").
    pub vague: bool,
}

/// What one automaton pattern means.
#[derive(Clone, Copy, Debug)]
struct Pattern {
    kind: MatchKind,
    /// Bytes of the match that must come from uppercase characters (see `data::Form`).
    upper: u64,
}

/// Sizes of the compiled dictionaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Canonical actors.
    pub actors: usize,
    /// Alias forms (after expansion of the pattern syntax).
    pub aliases: usize,
    /// Trigger forms.
    pub triggers: usize,
    /// Cue forms.
    pub cues: usize,
    /// Number word and phrase forms.
    pub number_words: usize,
}

/// The compiled dictionaries.
pub struct Lexicon {
    actors: Vec<Actor>,
    keys: HashMap<String, ActorId>,
    /// The patterns as one trie, walked from each place a match may start
    /// (see [`Lexicon::scan`]).
    trie: Trie,
    /// Whether some pattern starts with each byte (for the places outside
    /// words: no pattern starts there now, but the data may change).
    first_bytes: [bool; 256],
    /// Whether some pattern starts with a byte outside words (see
    /// `first_bytes`): if none does, the scan skips such bytes unread.
    starts_outside_words: bool,
    /// The words patterns start with, and where they lead in the trie.
    first_words: FirstWords,
    patterns: Vec<Pattern>,
    /// Folded form of each pattern, for diagnostics and tests.
    forms: Vec<String>,
    numbers: numbers::Table,
    stats: Stats,
}

impl Lexicon {
    /// The built-in dictionaries (compiled on first use, then shared).
    pub fn builtin() -> &'static Lexicon {
        static L: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        L.get_or_init(|| match Lexicon::build() {
            Ok(l) => l,
            // The data is embedded and checked by the tests: this is a build defect.
            Err(e) => panic!("kibaru-lexicon: bad built-in data: {e}"),
        })
    }

    /// Compiles the embedded data files.
    fn build() -> Result<Lexicon, String> {
        let actors = parse_actors(data::ACTORS)?;
        let keys: HashMap<String, ActorId> = actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.key.clone(), ActorId(i as u16)))
            .collect();
        let mut forms: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        // Keyed by the fixed data: the fast hasher is safe here.
        let mut owner: kibaru_text::hash::FxHashMap<String, (&str, usize)> =
            kibaru_text::hash::FxHashMap::default();
        let mut stats = Stats {
            actors: actors.len(),
            ..Stats::default()
        };
        let mut duplicates = Vec::new();
        let files: [(&str, &str); 3] = [
            ("aliases.tsv", data::ALIASES),
            ("triggers.tsv", data::TRIGGERS),
            ("cues.tsv", data::CUES),
        ];
        for (file, src) in files {
            for (line, cols) in data::rows(src) {
                let err = |m: String| format!("{file}:{line}: {m}");
                let [pattern, meaning] = cols[..] else {
                    return Err(err(format!("expected 2 columns, got {}", cols.len())));
                };
                let kind = match file {
                    "aliases.tsv" => MatchKind::Actor(
                        *keys
                            .get(meaning)
                            .ok_or_else(|| err(format!("unknown actor {meaning:?}")))?,
                    ),
                    "triggers.tsv" => MatchKind::Trigger(
                        TriggerClass::from_name(meaning)
                            .ok_or_else(|| err(format!("unknown trigger class {meaning:?}")))?,
                    ),
                    _ => MatchKind::Cue(
                        Cue::from_name(meaning)
                            .ok_or_else(|| err(format!("unknown cue {meaning:?}")))?,
                    ),
                };
                for raw in data::expand(pattern).map_err(err)? {
                    let form = data::form(&raw).map_err(err)?;
                    if let Some((f, l)) = owner.get(&form.text) {
                        duplicates.push(err(format!("{:?} already defined at {f}:{l}", form.text)));
                        continue;
                    }
                    owner.insert(form.text.clone(), (file, line));
                    match kind {
                        MatchKind::Actor(_) => stats.aliases += 1,
                        MatchKind::Trigger(_) => stats.triggers += 1,
                        MatchKind::Cue(_) => stats.cues += 1,
                    }
                    forms.push(form.text);
                    patterns.push(Pattern {
                        kind,
                        upper: form.upper,
                    });
                }
            }
        }
        if !duplicates.is_empty() {
            return Err(duplicates.join("\n"));
        }
        // A trie, not an Aho-Corasick automaton: the scan walks the patterns
        // anchored at word starts only, so failure links are never followed
        // (see `trie.rs`). About 100 kB, and the states near its root do most
        // of the work.
        let bytes: Vec<&[u8]> = forms.iter().map(|f| f.as_bytes()).collect();
        let trie = Trie::new(&bytes).map_err(|e| format!("trie: {e}"))?;
        let mut first_bytes = [false; 256];
        for f in &bytes {
            first_bytes[usize::from(f[0])] = true;
        }
        let starts_outside_words =
            (0..=255u8).any(|b| first_bytes[usize::from(b)] && !data::is_word(b));
        let first_words = FirstWords::new(&trie, &bytes)?;
        let numbers = numbers::Table::parse(data::NUMBERS)?;
        stats.number_words = numbers.len();
        Ok(Lexicon {
            actors,
            keys,
            trie,
            first_bytes,
            starts_outside_words,
            first_words,
            patterns,
            forms,
            numbers,
            stats,
        })
    }

    /// All actors.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// One actor.
    pub fn actor(&self, id: ActorId) -> &Actor {
        &self.actors[id.0 as usize]
    }

    /// An actor by its key.
    pub fn actor_by_key(&self, key: &str) -> Option<ActorId> {
        self.keys.get(key).copied()
    }

    /// Sizes of the compiled dictionaries.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// What a phrase means, looked up whole (folded and normalised like a pattern);
    /// `None` if it is not a dictionary entry. Case requirements are not checked.
    pub fn lookup(&self, phrase: &str) -> Option<MatchKind> {
        let form = data::form(phrase).ok()?;
        self.forms
            .iter()
            .position(|f| *f == form.text)
            .map(|i| self.patterns[i].kind)
    }

    /// Every match in the folded text, in order of start, non-overlapping
    /// (leftmost-longest), on word boundaries.
    ///
    /// Patterns match the text as `data::normalize_text` gives it (hyphens
    /// as spaces, runs of blanks as one); the walk reads it that way byte by
    /// byte (`data::normalized_at`), so no normalised copy is made and
    /// offsets stay those of the folded text. A pattern never starts or ends
    /// with a blank, so its first and last bytes are bytes of the folded text.
    pub fn scan(&self, folded: &Folded<'_>) -> Vec<Match> {
        let text = folded.as_str().as_bytes();
        let n = text.len();
        // About one match in fifty bytes of news text: one allocation for most.
        let mut out = Vec::with_capacity(n / 32 + 1);
        // The leftmost-longest choice, made in order of start: at each place a
        // match may start after the last match taken (a word start or a byte
        // outside words, with some pattern starting with its byte), the longest
        // match there that ends on a word boundary and passes its case test.
        let mut s = 0;
        while s < n {
            let b = text[s];
            if !data::is_word(b) {
                if self.first_bytes[usize::from(b)] {
                    if let Some((e, p)) = self.longest_from(folded, s, self.trie.root(), s, b) {
                        out.push(Match {
                            range: TextRange::new(s, e),
                            kind: self.patterns[p].kind,
                        });
                        s = e;
                        continue;
                    }
                }
                s += 1;
                continue;
            }
            // A word start. No match starts inside a word, and one that starts
            // here begins with a whole pattern's first word (its leading word
            // bytes: after them the pattern has a non-word byte or ends on a
            // word boundary), so the walk starts after the word, from where
            // that first word leads.
            let (end, key, gap) = data::word_and_gap_at(text, s);
            let first = self.first_words.get(text, s, end, key);
            if let Some(w) = first.filter(|w| w.may_go_on(text, end)) {
                if let Some((e, p)) = self.longest_from(folded, s, w.node, end, text[end - 1]) {
                    out.push(Match {
                        range: TextRange::new(s, e),
                        kind: self.patterns[p].kind,
                    });
                    // A match ends on a word boundary: `e` is no place inside a word.
                    s = e;
                    continue;
                }
            }
            // Most words are followed by one space, where no pattern starts
            // (none starts with a blank), and often by other bytes outside
            // words: where no pattern starts with such a byte (the data
            // now), all of them that were read with the word are skipped
            // here rather than by turns of the loop.
            s = if !self.starts_outside_words {
                gap
            } else if text.get(end) == Some(&b' ') {
                end + 1
            } else {
                end
            };
        }
        out
    }

    /// The longest match starting at byte `s` of the folded text (no blank)
    /// that ends on a word boundary and passes its case test: its end and
    /// pattern. The bytes from `s` to `p` are read already, `last` the last
    /// of them (`p == s`: none), and led to trie node `node`; the walk goes on
    /// from there.
    #[inline(always)]
    fn longest_from(
        &self,
        folded: &Folded<'_>,
        s: usize,
        mut node: trie::Node,
        mut p: usize,
        last: u8,
    ) -> Option<(usize, usize)> {
        let text = folded.as_str().as_bytes();
        let mut best = None;
        if p > s {
            self.accept(folded, s, p, last, node, &mut best);
        }
        while p < text.len() {
            let (b, next) = data::normalized_at(text, p);
            let Some(child) = self.trie.step(node, b) else {
                break;
            };
            node = child;
            p = next;
            self.accept(folded, s, p, b, node, &mut best);
        }
        best
    }

    /// Takes the pattern that ends at `node` as the best match from `s` so
    /// far if it ends on a word boundary (`p`: where it ends, `b`: its last
    /// byte) and passes its case test.
    #[inline(always)]
    fn accept(
        &self,
        folded: &Folded<'_>,
        s: usize,
        p: usize,
        b: u8,
        node: trie::Node,
        best: &mut Option<(usize, usize)>,
    ) {
        let Some(pid) = node.pattern() else {
            return;
        };
        let text = folded.as_str().as_bytes();
        if p < text.len() && data::is_word(text[p]) && data::is_word(b) {
            return;
        }
        let pat = self.patterns[pid];
        if pat.upper == 0 || upper_ok(folded, pat.upper, |j| data::folded_offset(text, s, j)) {
            *best = Some((p, pid));
        }
    }

    /// The matches of [`Lexicon::scan`], found the slow way: every match of
    /// the automaton anywhere in the text, then the leftmost-longest choice
    /// among those on word boundaries. For tests of the fast scan.
    #[cfg(test)]
    fn scan_all_matches(&self, folded: &Folded<'_>) -> Vec<Match> {
        let (text, map) = data::normalize_text(folded.as_str());
        let text: &[u8] = &text;
        let to_folded = |i: usize| map.folded(i);
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(&self.forms)
            .expect("the patterns compiled once");
        let mut cands: Vec<(u32, u32, u32)> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            if (s > 0 && data::is_word(text[s - 1]) && data::is_word(text[s]))
                || (e < text.len() && data::is_word(text[e]) && data::is_word(text[e - 1]))
            {
                continue;
            }
            let p = self.patterns[m.pattern().as_usize()];
            if p.upper != 0 && !upper_ok(folded, p.upper, |i| to_folded(s + i)) {
                continue;
            }
            cands.push((s as u32, e as u32, m.pattern().as_u32()));
        }
        cands.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut out = Vec::with_capacity(cands.len());
        let mut last_end = 0;
        for (s, e, p) in cands {
            if s < last_end {
                continue;
            }
            last_end = e;
            let range = TextRange::new(to_folded(s as usize), to_end(&map, e as usize));
            out.push(Match {
                range,
                kind: self.patterns[p as usize].kind,
            });
        }
        out
    }

    /// Every number (digits, number words, vague quantities) in the folded text.
    pub fn numbers(&self, folded: &str) -> Vec<Number> {
        self.numbers.numbers(folded)
    }

    /// The numbers made of the words inside `range` of the folded text. For a
    /// range that no number of the whole text crosses (a sentence: numbers are
    /// joined only across one space, hyphen, dot or comma, never across a
    /// sentence end), these are the numbers of [`Lexicon::numbers`] inside it.
    pub fn numbers_in(&self, folded: &str, range: TextRange) -> Vec<Number> {
        self.numbers
            .numbers_between(folded, range.start as usize, range.end as usize)
    }
}

/// The folded end offset of a match ending at normalised offset `e`.
#[cfg(test)]
fn to_end(map: &data::Shifts, e: usize) -> usize {
    // The end of the match's last byte (never a collapsed run: patterns end in a non-blank).
    if e > 0 {
        map.folded(e - 1) + 1
    } else {
        map.folded(0)
    }
}

/// The words patterns start with (their leading word bytes), each with the
/// trie node reached by reading it: a text word that is none of them starts no
/// match, and one that is starts its walk down the trie after itself (about
/// one text word in three; the others are skipped after one table read).
/// The scan reads a word's end and key ([`data::word_and_gap_at`]: one mask
/// of sixteen bytes), and an open-addressing table of at least four times as many slots as words,
/// indexed by a hash of the key, answers most other words with one read of a
/// bit set of the slots in use (1 kB: it stays in the nearest cache, where
/// the table does not). The slots hold the words themselves, one cache line
/// each, so that a first word costs one read of the table (where the table
/// is cold, one cache miss). The table is fixed data, so how long a probe
/// runs depends on the table, not on the text.
struct FirstWords {
    /// Bit `i % 64` of entry `i / 64`: slot `i` holds a word.
    used: [u64; SLOTS / 64],
    /// The word in each slot (where `used` says there is one). A fixed
    /// number of slots, so that a slot index (a hash shifted right by a
    /// constant) needs no bounds check.
    slots: Box<[FirstWord; SLOTS]>,
    /// The bytes after the sixteenth of the words longer than that, one
    /// after the other.
    tails: Vec<u8>,
}

/// Bits of a slot index of [`FirstWords`]: 8192 slots, at least four per
/// first word (1068 now), and a bit set of 1 kB.
const SLOT_BITS: u32 = 13;
/// Slots of [`FirstWords`].
const SLOTS: usize = 1 << SLOT_BITS;

#[derive(Clone, Copy)]
#[repr(align(64))]
struct FirstWord {
    /// [`data::word_key`] of the word.
    key: [u64; 2],
    len: u16,
    /// Where the bytes after the sixteenth are in `FirstWords::tails`.
    tail: u16,
    /// The trie node reached by reading the word.
    node: trie::Node,
    /// Bit `c`: some pattern goes on from the word with a space and byte
    /// `c`. Most walks from a first word ("l", "a", "en", "ont") end there,
    /// so the scan reads the answer here instead of walking (see
    /// [`FirstWord::may_go_on`]).
    after_space: [u64; 4],
}

impl FirstWord {
    /// Whether a walk from this word, ended at `end` of `text`, may find a
    /// match. `false` only where the walk would find none: no pattern ends
    /// with the word, one space follows it (as the walk reads it: one blank
    /// byte, then no blank), and no pattern goes on with the byte after
    /// that space (as the walk reads it: a hyphen as a space). Anything else
    /// is left to the walk.
    #[inline]
    fn may_go_on(&self, text: &[u8], end: usize) -> bool {
        if self.node.pattern().is_some() {
            return true;
        }
        match text.get(end..end + 2) {
            Some(&[b' ', c]) if !c.is_ascii_whitespace() => {
                let c = if c == b'-' { b' ' } else { c };
                self.after_space[usize::from(c >> 6)] >> (c & 63) & 1 == 1
            }
            _ => true,
        }
    }
}

impl FirstWords {
    /// The hash of a word key: its first eight bytes, one multiply that
    /// carries every bit into the high ones, which pick the slot. The bytes
    /// after the eighth are left out (zero for most words; mixing them in
    /// cost more, on every word of the text, than the longer probes of the
    /// few first words that share their first eight bytes).
    #[inline]
    fn hash(key: [u64; 2]) -> u64 {
        key[0].wrapping_mul(0xff51_afd7_ed55_8ccd)
    }

    /// The table of the leading word bytes of `patterns`.
    fn new(trie: &Trie, patterns: &[&[u8]]) -> Result<FirstWords, String> {
        let mut words: Vec<&[u8]> = patterns
            .iter()
            .map(|p| &p[..p.iter().take_while(|&&b| data::is_word(b)).count()])
            .filter(|w| !w.is_empty())
            .collect();
        words.sort_unstable();
        words.dedup();
        let size = SLOTS;
        if words.len() * 4 > size {
            return Err(format!(
                "{} first words: too many for {SLOTS} slots (raise SLOT_BITS)",
                words.len()
            ));
        }
        let empty = FirstWord {
            key: [0; 2],
            len: 0,
            tail: 0,
            node: trie.root(),
            after_space: [0; 4],
        };
        let mut t = FirstWords {
            used: [0; SLOTS / 64],
            slots: vec![empty; SLOTS]
                .into_boxed_slice()
                .try_into()
                .map_err(|_| "first-word slots".to_string())?,
            tails: Vec::new(),
        };
        for w in words {
            let key = data::word_key(w);
            let mut i = t.slot(key);
            while t.is_used(i) {
                i = (i + 1) & (size - 1);
            }
            t.used[i / 64] |= 1 << (i % 64);
            let node = w
                .iter()
                .try_fold(trie.root(), |n, &b| trie.step(n, b))
                .ok_or_else(|| format!("first word {w:?} is not in the trie"))?;
            let after_space = trie
                .step(node, b' ')
                .map_or([0; 4], |space| trie.next_bytes(space));
            let (Ok(len), Ok(tail)) = (u16::try_from(w.len()), u16::try_from(t.tails.len())) else {
                return Err(format!("first word {w:?}: too long, or too many long ones"));
            };
            t.slots[i] = FirstWord {
                key,
                len,
                tail,
                node,
                after_space,
            };
            t.tails.extend_from_slice(w.get(16..).unwrap_or_default());
        }
        Ok(t)
    }

    /// Whether slot `i` holds a word.
    #[inline]
    fn is_used(&self, i: usize) -> bool {
        self.used[i / 64] >> (i % 64) & 1 == 1
    }

    /// The first slot to probe for a word of key `key`.
    #[inline]
    fn slot(&self, key: [u64; 2]) -> usize {
        (Self::hash(key) >> (64 - SLOT_BITS)) as usize
    }

    /// The entry of the word `text[s..end]` (of key `key`, see
    /// [`data::word_and_gap_at`]) if it is a first word.
    #[inline]
    fn get(&self, text: &[u8], s: usize, end: usize, key: [u64; 2]) -> Option<&FirstWord> {
        let mut i = self.slot(key);
        // A word is in the slot its hash picks or after it, with no empty
        // slot between: most other words stop at the empty first slot.
        loop {
            if !self.is_used(i) {
                return None;
            }
            let w = &self.slots[i];
            // The word is sliced only when it is longer than its key (rare).
            if w.key == key && w.len as usize == end - s && self.tail_is(w, text, s, end) {
                return Some(w);
            }
            i = (i + 1) & (SLOTS - 1);
        }
    }

    /// Whether the bytes after the sixteenth of the word `text[s..end]` (as
    /// long as `w`, and of the same key) are those of `w`.
    #[inline]
    fn tail_is(&self, w: &FirstWord, text: &[u8], s: usize, end: usize) -> bool {
        end - s <= 16 || {
            let at = w.tail as usize;
            self.tails.get(at..at + (end - s - 16)) == text.get(s + 16..end)
        }
    }
}

/// Whether every byte the mask marks comes from an uppercase character.
fn upper_ok(folded: &Folded<'_>, mut mask: u64, at: impl Fn(usize) -> usize) -> bool {
    while mask != 0 {
        let i = mask.trailing_zeros() as usize;
        mask &= mask - 1;
        if !folded
            .original_char_at(at(i))
            .is_some_and(char::is_uppercase)
        {
            return false;
        }
    }
    true
}

/// Parses `actors.tsv`.
fn parse_actors(src: &str) -> Result<Vec<Actor>, String> {
    let rows: Vec<(usize, Vec<&str>)> = data::rows(src).collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (n, (line, cols)) in rows.iter().enumerate() {
        if cols.len() != 5 {
            return Err(format!(
                "actors.tsv:{line}: expected 5 columns, got {}",
                cols.len()
            ));
        }
        if index.insert(cols[0], n).is_some() {
            return Err(format!("actors.tsv:{line}: duplicate key {:?}", cols[0]));
        }
    }
    if rows.len() > usize::from(u16::MAX) {
        return Err("actors.tsv: too many actors".into());
    }
    let mut actors = Vec::with_capacity(rows.len());
    for (line, cols) in &rows {
        let err = |m: String| format!("actors.tsv:{line}: {m}");
        let [key, canonical, inter, country, parent] = cols[..] else {
            unreachable!("checked above")
        };
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(err(format!("bad key {key:?}")));
        }
        let inter = inter
            .parse()
            .ok()
            .and_then(Inter::from_code)
            .ok_or_else(|| err(format!("bad inter code {inter:?}")))?;
        let country = match country {
            "-" => None,
            c if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) => Some(c.to_string()),
            c => return Err(err(format!("bad country {c:?}"))),
        };
        let parent = match parent {
            "-" => None,
            p if p == key => return Err(err("an actor cannot be its own parent".into())),
            p => Some(ActorId(
                *index
                    .get(p)
                    .ok_or_else(|| err(format!("unknown parent {p:?}")))? as u16,
            )),
        };
        if canonical.is_empty() {
            return Err(err("empty canonical name".into()));
        }
        actors.push(Actor {
            key: key.to_string(),
            canonical: canonical.to_string(),
            inter,
            country,
            parent,
        });
    }
    Ok(actors)
}

#[cfg(test)]
mod tests;
