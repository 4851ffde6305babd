//! Numbers in folded text: digit runs (with thousands separators), French and English
//! number words and their compounds ("quatre-vingt-dix", "trente et un",
//! "twenty-three"), and vague quantities with their codebook values ("une dizaine" =
//! 10, "des dizaines" = 12, "plusieurs" = 3).

use crate::data::{expand, form, is_word, load8, non_word_bits, rows, word_end};
use crate::Number;
use kibaru_text::hash::{FxHashMap, FxHashSet};
use kibaru_text::TextRange;

/// A word or phrase of `numbers.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    pub value: u32,
    pub vague: bool,
    /// One word (no space): may join a compound ("vingt" + "trois").
    pub single: bool,
}

/// The number words, by folded form.
#[derive(Debug, Default)]
pub(crate) struct Table {
    words: FxHashMap<String, Word>,
    /// First words of the phrases of several words ("une" of "une dizaine"): only
    /// they open a phrase lookup.
    starters: FxHashSet<String>,
    /// Most words in one phrase.
    max_words: usize,
    /// For each first letter, a bit for each length (31 for "31 or more") of the
    /// single words and phrase starters: a word whose shape has no bit is neither,
    /// so most words of a text are passed over without a hash lookup.
    shapes: [u32; 26],
    /// The same for the single words alone.
    single_shapes: [u32; 26],
    /// The same for the second words of the phrases: a phrase starter
    /// followed by a word of no such shape opens no phrase lookup.
    second_shapes: [u32; 26],
}

impl Table {
    /// Parses `numbers.tsv`.
    pub(crate) fn parse(src: &str) -> Result<Table, String> {
        let mut t = Table::default();
        for (line, cols) in rows(src) {
            let err = |m: String| format!("numbers.tsv:{line}: {m}");
            let [pattern, value, vague] = cols[..] else {
                return Err(err(format!("expected 3 columns, got {}", cols.len())));
            };
            let value: u32 = value
                .parse()
                .map_err(|_| err(format!("bad value {value:?}")))?;
            let vague = match vague {
                "0" => false,
                "1" => true,
                v => return Err(err(format!("vague must be 0 or 1, not {v:?}"))),
            };
            for raw in expand(pattern).map_err(err)? {
                let f = form(&raw).map_err(err)?;
                if f.upper != 0
                    || f.text
                        .contains(|c: char| !(c.is_ascii_lowercase() || c == ' '))
                {
                    return Err(err(format!(
                        "number words are lowercase letters and spaces: {raw:?}"
                    )));
                }
                let n = f.text.split(' ').count();
                t.max_words = t.max_words.max(n);
                if n > 1 {
                    let first = f.text.split(' ').next().unwrap_or_default();
                    t.starters.insert(first.to_string());
                }
                let w = Word {
                    value,
                    vague,
                    single: n == 1,
                };
                let mut words = f.text.split(' ').map(str::as_bytes);
                if let Some(first) = words.next() {
                    t.shapes[shape_index(first)] |= shape_bit(first);
                    if n == 1 {
                        t.single_shapes[shape_index(first)] |= shape_bit(first);
                    }
                }
                if let Some(second) = words.next() {
                    t.second_shapes[shape_index(second)] |= shape_bit(second);
                }
                if t.words.insert(f.text.clone(), w).is_some() {
                    return Err(err(format!("duplicate number word {:?}", f.text)));
                }
            }
        }
        Ok(t)
    }

    /// Number of word forms.
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    fn get(&self, s: &str) -> Option<Word> {
        self.words.get(s).copied()
    }

    /// Whether a word of lowercase ASCII letters may be a number word or the
    /// first word of a number phrase (false means it is neither).
    fn may_open(&self, word: &[u8]) -> bool {
        self.shapes[shape_index(word)] & shape_bit(word) != 0
    }

    /// The single number word `word`, if it is one: [`Table::get`] for a
    /// word without a space, the shape read first.
    fn single(&self, word: &str) -> Option<Word> {
        let b = word.as_bytes();
        if self.single_shapes[shape_index(b)] & shape_bit(b) == 0 {
            return None;
        }
        self.get(word)
    }

    /// Whether a phrase of several words may have `word` second (false
    /// means none has).
    fn may_be_second(&self, word: &[u8]) -> bool {
        self.second_shapes[shape_index(word)] & shape_bit(word) != 0
    }

    /// Every number in `text` (folded), in order.
    pub(crate) fn numbers(&self, text: &str) -> Vec<Number> {
        self.numbers_between(text, 0, text.len())
    }

    /// Every number made of the words of `text[start..end]` (folded), in
    /// order; the bytes before `start` are only looked at, as for the whole text.
    pub(crate) fn numbers_between(&self, text: &str, start: usize, end: usize) -> Vec<Number> {
        let b = text.as_bytes();
        let toks = tokens(b, start, end.min(b.len()));
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let (s, e) = toks[i];
            let tok = &b[s..e];
            if tok[0].is_ascii_digit() {
                i = self.digits(b, &toks, i, &mut out);
                continue;
            }
            // Words of lowercase letters only (no digit, no other byte), and of a
            // shape some number word has: the shape first, it is one table read.
            if !self.may_open(tok) || !tok.iter().all(u8::is_ascii_lowercase) {
                i += 1;
                continue;
            }
            // A phrase of several words ("une dizaine", "de nombreux"), longest first.
            let mut found = None;
            // The second word's shape first: one table read, where the
            // starters are common words ("de", "des", "une").
            let second = toks.get(i + 1).map(|&(s2, e2)| &b[s2..e2]);
            let max_words = if second.is_some_and(|w| self.may_be_second(w))
                && self.starters.contains(&text[s..e])
            {
                self.max_words.min(toks.len() - i)
            } else {
                1
            };
            for n in (2..=max_words).rev() {
                let last = i + n - 1;
                if (i..last).all(|k| toks[k + 1].0 == toks[k].1 + 1 && b[toks[k].1] == b' ') {
                    if let Some(w) = self.get(&text[s..toks[last].1]) {
                        found = Some((last, w));
                        break;
                    }
                }
            }
            if let Some((last, w)) = found {
                out.push(Number {
                    range: TextRange::new(s, toks[last].1),
                    value: w.value,
                    vague: w.vague,
                });
                i = last + 1;
                continue;
            }
            match self.single(&text[s..e]) {
                Some(w) if w.single && !w.vague => {
                    i = self.compound(text, &toks, i, w.value, &mut out)
                }
                // "as many as 132": a comparison that the number after it
                // carries, not a vague quantity of its own.
                Some(w) if w.vague && compared(b, &toks, i) => i += 1,
                Some(w) => {
                    out.push(Number {
                        range: TextRange::new(s, e),
                        value: w.value,
                        vague: w.vague,
                    });
                    i += 1;
                }
                None => i += 1,
            }
        }
        out
    }

    /// A digit number starting at token `i`; returns the next token to read.
    fn digits(&self, b: &[u8], toks: &[(usize, usize)], i: usize, out: &mut Vec<Number>) -> usize {
        let (s, e) = toks[i];
        let tok = &b[s..e];
        // Glued to letters ("4x4", "1er", "15h30") or to a word by a hyphen ("Mi-24").
        let glued = !tok.iter().all(u8::is_ascii_digit)
            || (s >= 2 && b[s - 1] == b'-' && is_word(b[s - 2]));
        if glued {
            return i + 1;
        }
        let mut value = parse(tok);
        let mut end = e;
        let mut next = i + 1;
        // Thousands groups: "1 200", "1.200", "1,200", "12 500 000".
        if tok.len() <= 3 {
            while let Some(&(ns, ne)) = toks.get(next) {
                let group = &b[ns..ne];
                let sep_ok = ns == end + 1 && matches!(b[end], b' ' | b'.' | b',');
                if !(sep_ok && group.len() == 3 && group.iter().all(u8::is_ascii_digit)) {
                    break;
                }
                value = value.saturating_mul(1000).saturating_add(parse(group));
                end = ne;
                next += 1;
            }
        }
        // A decimal part ("2,5", "1.75"): keep the integer part, cover the whole.
        if next == i + 1 {
            if let Some(&(ns, ne)) = toks.get(next) {
                let frac = &b[ns..ne];
                if ns == end + 1
                    && matches!(b[end], b'.' | b',')
                    && frac.iter().all(u8::is_ascii_digit)
                {
                    end = ne;
                    next += 1;
                }
            }
        }
        out.push(Number {
            range: TextRange::new(s, end),
            value,
            vague: false,
        });
        next
    }

    /// A number-word compound starting at token `i` (value `first`); returns the next
    /// token to read.
    fn compound(
        &self,
        text: &str,
        toks: &[(usize, usize)],
        i: usize,
        first: u32,
        out: &mut Vec<Number>,
    ) -> usize {
        let b = text.as_bytes();
        let mut acc = Acc::default();
        acc.add(first, false);
        let mut last = first;
        let mut end_tok = i;
        let mut k = i + 1;
        loop {
            let prev_end = toks[end_tok].1;
            // The next word, directly after one space or hyphen, or after " et "/" and ".
            let mut cand = k;
            let Some(&(s, e)) = toks.get(cand) else { break };
            let gap_ok = s == prev_end + 1 && matches!(b[prev_end], b' ' | b'-');
            if !gap_ok {
                break;
            }
            if matches!(&text[s..e], "et" | "and") {
                cand += 1;
                match toks.get(cand) {
                    Some(&(s2, _)) if s2 == e + 1 && matches!(b[e], b' ' | b'-') => {}
                    _ => break,
                }
            }
            let (s, e) = toks[cand];
            let Some(w) = self.single(&text[s..e]).filter(|w| w.single && !w.vague) else {
                break;
            };
            let v = w.value;
            let quatre_vingt = last == 4 && v == 20 && cand == k;
            if !(quatre_vingt || joins(last, v)) {
                break;
            }
            acc.add(v, quatre_vingt);
            last = if quatre_vingt { 80 } else { v };
            end_tok = cand;
            k = cand + 1;
        }
        out.push(Number {
            range: TextRange::new(toks[i].0, toks[end_tok].1),
            value: acc.value(),
            vague: false,
        });
        end_tok + 1
    }
}

/// Whether token `i` stands between "as" and "as" ("as many as").
fn compared(b: &[u8], toks: &[(usize, usize)], i: usize) -> bool {
    let word = |k: usize| toks.get(k).map(|&(s, e)| &b[s..e]);
    i > 0 && word(i - 1) == Some(b"as") && word(i + 1) == Some(b"as")
}

/// Whether a number word of value `next` continues a compound whose last word was `last`.
fn joins(last: u32, next: u32) -> bool {
    if is_multiplier(next) {
        return next != last;
    }
    match last {
        10 => next < 10,
        60 | 80 => next < 20,
        20 | 30 | 40 | 50 | 70 | 90 => next < 10,
        _ if is_multiplier(last) => next < last,
        _ => false,
    }
}

fn is_multiplier(v: u32) -> bool {
    matches!(v, 100 | 1000 | 1_000_000)
}

/// Running value of a compound.
#[derive(Default)]
struct Acc {
    total: u64,
    current: u64,
}

impl Acc {
    fn add(&mut self, v: u32, quatre_vingt: bool) {
        let v = u64::from(v);
        if quatre_vingt {
            self.current = self.current - 4 + 80;
        } else if v == 100 {
            self.current = self.current.max(1) * 100;
        } else if v >= 1000 {
            self.total += self.current.max(1) * v;
            self.current = 0;
        } else {
            self.current += v;
        }
    }

    fn value(&self) -> u32 {
        u32::try_from(self.total + self.current).unwrap_or(u32::MAX)
    }
}

fn parse(digits: &[u8]) -> u32 {
    digits.iter().fold(0u32, |v, d| {
        v.saturating_mul(10).saturating_add(u32::from(d - b'0'))
    })
}

/// Row of [`Table::shapes`] for a word of lowercase letters (its first letter).
fn shape_index(word: &[u8]) -> usize {
    usize::from(word.first().map_or(0, |c| c.wrapping_sub(b'a'))).min(25)
}

/// Bit of [`Table::shapes`] for a word's length.
fn shape_bit(word: &[u8]) -> u32 {
    1 << word.len().min(31)
}

/// The word tokens of folded text between `start` and `end`: maximal runs of
/// word bytes (a word cut by `start` or `end` is cut there too).
fn tokens(b: &[u8], start: usize, end: usize) -> Vec<(usize, usize)> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let start = start.min(end);
    // Read as if the text ended at `end` (past it, `load8` reads zeros: no
    // word bytes).
    let b = &b[..end];
    // About one word in six bytes of news text: one allocation for most texts.
    let mut out = Vec::with_capacity((end - start) / 5 + 1);
    // Eight bytes a step, to the next word byte and then to the word's end:
    // no branch per byte.
    let mut i = start;
    while i < end {
        let words = !non_word_bits(load8(b, i)) & HIGH;
        if words == 0 {
            i += 8;
            continue;
        }
        let s = i + (words.trailing_zeros() / 8) as usize;
        let mut e = word_end(b, s);
        out.push((s, e));
        // Most words are followed by one byte (a space) and the next word.
        while b.get(e + 1).is_some_and(|&c| is_word(c)) {
            let next = word_end(b, e + 1);
            out.push((e + 1, next));
            e = next;
        }
        i = e;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`tokens`] one byte at a time.
    fn tokens_slowly(b: &[u8], start: usize, end: usize) -> Vec<(usize, usize)> {
        let start = start.min(end);
        let mut out = Vec::new();
        let mut open: Option<usize> = None;
        for (i, &c) in b[start..end].iter().enumerate() {
            match (is_word(c), open) {
                (true, None) => open = Some(start + i),
                (false, Some(s)) => {
                    out.push((s, start + i));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(s) = open {
            out.push((s, end));
        }
        out
    }

    /// [`Table::numbers_between`] as it was before the shape filters of
    /// single and second words and the tokens read eight bytes a step: the
    /// reference for them.
    fn numbers_between_slowly(table: &Table, text: &str, start: usize, end: usize) -> Vec<Number> {
        let b = text.as_bytes();
        let toks = tokens_slowly(b, start, end.min(b.len()));
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let (s, e) = toks[i];
            let tok = &b[s..e];
            if tok[0].is_ascii_digit() {
                i = table.digits(b, &toks, i, &mut out);
                continue;
            }
            // Words of lowercase letters only (no digit, no other byte), and of a
            // shape some number word has: the shape first, it is one table read.
            if !table.may_open(tok) || !tok.iter().all(u8::is_ascii_lowercase) {
                i += 1;
                continue;
            }
            // A phrase of several words ("une dizaine", "de nombreux"), longest first.
            let mut found = None;
            let max_words = if table.starters.contains(&text[s..e]) {
                table.max_words.min(toks.len() - i)
            } else {
                1
            };
            for n in (2..=max_words).rev() {
                let last = i + n - 1;
                if (i..last).all(|k| toks[k + 1].0 == toks[k].1 + 1 && b[toks[k].1] == b' ') {
                    if let Some(w) = table.get(&text[s..toks[last].1]) {
                        found = Some((last, w));
                        break;
                    }
                }
            }
            if let Some((last, w)) = found {
                out.push(Number {
                    range: TextRange::new(s, toks[last].1),
                    value: w.value,
                    vague: w.vague,
                });
                i = last + 1;
                continue;
            }
            match table.get(&text[s..e]) {
                Some(w) if w.single && !w.vague => {
                    i = table.compound(text, &toks, i, w.value, &mut out)
                }
                // "as many as 132": a comparison that the number after it
                // carries, not a vague quantity of its own.
                Some(w) if w.vague && compared(b, &toks, i) => i += 1,
                Some(w) => {
                    out.push(Number {
                        range: TextRange::new(s, e),
                        value: w.value,
                        vague: w.vague,
                    });
                    i += 1;
                }
                None => i += 1,
            }
        }
        out
    }

    proptest::proptest! {
        /// The tokens read eight bytes a step are those read byte by byte,
        /// between any two offsets.
        #[test]
        fn tokens_are_read_as_byte_by_byte(
            s in "[a-z0-9 ,.'\\-]{0,12}(é|’|  |\n|[a-z]{5,20}|[ .]{0,12}){0,8}",
            cut in (0usize..120, 0usize..120),
        ) {
            let b = s.as_bytes();
            let end = cut.1.min(b.len());
            let start = cut.0.min(end);
            proptest::prop_assert_eq!(tokens(b, start, end), tokens_slowly(b, start, end));
            proptest::prop_assert_eq!(tokens(b, 0, b.len()), tokens_slowly(b, 0, b.len()));
        }

        /// Numbers are read as the reference reads them, in any range.
        #[test]
        fn numbers_are_read_as_without_the_filters(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "une", "dizaine", "des", "dizaines", "de", "nombreux", "nombreuses", "a", "few", "dozen",
                "plusieurs", "centaines", "milliers", "un", "millier", "vingt", "et", "trois", "quatre",
                "cent", "mille", "twenty", "three", "and", "as", "many", "1", "200", "2,5", "la", "les",
                "dix", "deux", "Une", "x", "dizain", "centaine", "soixante", "onze", "neuf",
            ]), 0..24),
            seps in proptest::collection::vec(proptest::sample::select(vec![" ", " ", " ", "-", ", ", ".", "  ", "\n", "'"]), 24),
            cut in (0usize..200, 0usize..200),
        ) {
            let text: String = words.iter().zip(&seps).map(|(w, s)| format!("{w}{s}")).collect();
            let t = &crate::Lexicon::builtin().numbers;
            let end = cut.1.min(text.len());
            let start = cut.0.min(end);
            proptest::prop_assert_eq!(t.numbers_between(&text, start, end), numbers_between_slowly(t, &text, start, end));
            proptest::prop_assert_eq!(t.numbers(&text), numbers_between_slowly(t, &text, 0, text.len()));
        }
    }
}
