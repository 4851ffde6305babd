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
    /// For each first two letters, a bit for each length (31 for "31 or
    /// more") of the single words and phrase starters: a word whose shape has
    /// no bit is neither, so most words of a text are passed over without a
    /// hash lookup (by the first letter alone, "des", "dans", "sur" or "the"
    /// would not be).
    shapes: Shapes,
    /// The same for the single words alone.
    single_shapes: Shapes,
    /// The same for the second words of the phrases: a phrase starter
    /// followed by a word of no such shape opens no phrase lookup.
    second_shapes: Shapes,
}

/// Word shapes (see [`Table::shapes`]): a set of lengths for each pair of
/// first letters, the second "none" for a word of one letter or whose
/// second byte is no lowercase letter, the first "none" for a word that
/// does not open with one (no number word is such a word).
#[derive(Debug)]
struct Shapes([u32; 27 * 27]);

impl Default for Shapes {
    fn default() -> Shapes {
        Shapes([0; 27 * 27])
    }
}

impl Shapes {
    /// Adds the shape of a word of lowercase letters.
    fn add(&mut self, word: &[u8]) {
        self.0[shape_index(word)] |= shape_bit(word);
    }

    /// Whether some word added has the shape of `word` (any bytes).
    #[inline]
    fn has(&self, word: &[u8]) -> bool {
        self.0[shape_index(word)] & shape_bit(word) != 0
    }
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
                if n > MAX_PHRASE_WORDS {
                    return Err(err(format!(
                        "number phrases have at most {MAX_PHRASE_WORDS} words: {raw:?}"
                    )));
                }
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
                    t.shapes.add(first);
                    if n == 1 {
                        t.single_shapes.add(first);
                    }
                }
                if let Some(second) = words.next() {
                    t.second_shapes.add(second);
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
        self.shapes.has(word)
    }

    /// The single number word `word`, if it is one: [`Table::get`] for a
    /// word without a space, the shape read first.
    fn single(&self, word: &str) -> Option<Word> {
        let b = word.as_bytes();
        if !self.single_shapes.has(b) {
            return None;
        }
        self.get(word)
    }

    /// Whether a phrase of several words may have `word` second (false
    /// means none has).
    fn may_be_second(&self, word: &[u8]) -> bool {
        self.second_shapes.has(word)
    }

    /// Every number in `text` (folded), in order.
    pub(crate) fn numbers(&self, text: &str) -> Vec<Number> {
        self.numbers_between(text, 0, text.len())
    }

    /// Every number made of the words of `text[start..end]` (folded), in
    /// order; the bytes before `start` are only looked at, as for the whole text.
    ///
    /// The words are read one at a time, not collected first: most are passed
    /// over on their first byte and length, and a number looks ahead only at
    /// the word right after it (one space, hyphen, dot or comma between), or,
    /// for "as many as", at the next word wherever it is.
    pub(crate) fn numbers_between(&self, text: &str, start: usize, end: usize) -> Vec<Number> {
        let full = text.as_bytes();
        let b = &full[..end.min(full.len())];
        let mut out = Vec::new();
        // The last word read (for "as many as"), and the next word's start.
        let mut prev: Option<(usize, usize)> = None;
        let mut at = first_word(b, start.min(b.len()));
        while let Some(s) = at {
            let (e, _, gap) = crate::data::word_and_gap_at(b, s);
            let tok = &b[s..e];
            // The last word this one's number took, if it took more.
            let mut last = (s, e);
            if tok[0].is_ascii_digit() {
                last = self.digits(full, b, s, e, &mut out);
            } else if self.may_open(tok) && tok.iter().all(u8::is_ascii_lowercase) {
                last = self.word_number(text, b, prev, (s, e), &mut out);
            }
            prev = Some(last);
            at = if last.1 == e && b.get(gap).is_some_and(|&c| is_word(c)) {
                // The word read with this one ends where the next begins.
                Some(gap)
            } else {
                first_word(b, last.1)
            };
        }
        out
    }

    /// The number that word `w` (lowercase letters, of a shape that may open
    /// one) begins, pushed to `out`: a phrase, a compound, or a single word;
    /// returns the last word it takes (`w` itself when it begins none).
    /// `prev` is the word before it, `b` the text cut at the range's end.
    fn word_number(
        &self,
        text: &str,
        b: &[u8],
        prev: Option<(usize, usize)>,
        w: (usize, usize),
        out: &mut Vec<Number>,
    ) -> (usize, usize) {
        let (s, e) = w;
        // A phrase of several words ("une dizaine", "de nombreux"), longest
        // first; its words follow one another across one space. The second
        // word's shape first: one table read, where the starters are common
        // words ("de", "des", "une").
        let second = next_after(b, e);
        if second.is_some_and(|(s2, e2)| self.may_be_second(&b[s2..e2]))
            && self.starters.contains(&text[s..e])
        {
            let mut chain = [(s, e); MAX_PHRASE_WORDS];
            let mut n = 1;
            while n < self.max_words.min(MAX_PHRASE_WORDS) && b[chain[n - 1].1] == b' ' {
                let Some(next) = next_after(b, chain[n - 1].1) else {
                    break;
                };
                chain[n] = next;
                n += 1;
            }
            for k in (2..=n).rev() {
                let last = chain[k - 1];
                if let Some(w) = self.get(&text[s..last.1]) {
                    out.push(Number {
                        range: TextRange::new(s, last.1),
                        value: w.value,
                        vague: w.vague,
                    });
                    return last;
                }
            }
        }
        match self.single(&text[s..e]) {
            Some(w) if w.single && !w.vague => self.compound(text, b, (s, e), w.value, out),
            // "as many as 132": a comparison that the number after it
            // carries, not a vague quantity of its own.
            Some(w) if w.vague && compared(b, prev, e) => (s, e),
            Some(w) => {
                out.push(Number {
                    range: TextRange::new(s, e),
                    value: w.value,
                    vague: w.vague,
                });
                (s, e)
            }
            None => (s, e),
        }
    }
    /// A digit number at word `s..e` pushed to `out` (none when the digits
    /// are glued to letters or hang on a word by a hyphen); returns the last
    /// word it takes. `full` is the whole text, `b` the text cut at the
    /// range's end.
    fn digits(
        &self,
        full: &[u8],
        b: &[u8],
        s: usize,
        e: usize,
        out: &mut Vec<Number>,
    ) -> (usize, usize) {
        let tok = &b[s..e];
        // Glued to letters ("4x4", "1er", "15h30") or to a word by a hyphen ("Mi-24").
        let glued = !tok.iter().all(u8::is_ascii_digit)
            || (s >= 2 && full[s - 1] == b'-' && is_word(full[s - 2]));
        if glued {
            return (s, e);
        }
        let mut value = parse(tok);
        let mut last = (s, e);
        // Thousands groups: "1 200", "1.200", "1,200", "12 500 000".
        if tok.len() <= 3 {
            while let Some((ns, ne)) = next_after(b, last.1) {
                let group = &b[ns..ne];
                let sep_ok = matches!(b[last.1], b' ' | b'.' | b',');
                if !(sep_ok && group.len() == 3 && group.iter().all(u8::is_ascii_digit)) {
                    break;
                }
                value = value.saturating_mul(1000).saturating_add(parse(group));
                last = (ns, ne);
            }
        }
        // A decimal part ("2,5", "1.75"): keep the integer part, cover the whole.
        if last.1 == e {
            if let Some((ns, ne)) = next_after(b, e) {
                let frac = &b[ns..ne];
                if matches!(b[e], b'.' | b',') && frac.iter().all(u8::is_ascii_digit) {
                    last = (ns, ne);
                }
            }
        }
        out.push(Number {
            range: TextRange::new(s, last.1),
            value,
            vague: false,
        });
        last
    }

    /// A number-word compound opened by word `first` (value `value`), pushed
    /// to `out`; returns its last word. `b` is the text cut at the range's end.
    fn compound(
        &self,
        text: &str,
        b: &[u8],
        first: (usize, usize),
        value: u32,
        out: &mut Vec<Number>,
    ) -> (usize, usize) {
        let mut acc = Acc::default();
        acc.add(value, false);
        let mut last = value;
        let mut end_tok = first;
        loop {
            let prev_end = end_tok.1;
            // The next word, directly after one space or hyphen, or after " et "/" and ".
            let Some(next) = next_after(b, prev_end) else {
                break;
            };
            if !matches!(b[prev_end], b' ' | b'-') {
                break;
            }
            let mut cand = next;
            if matches!(&text[next.0..next.1], "et" | "and") {
                match next_after(b, next.1) {
                    Some(after) if matches!(b[next.1], b' ' | b'-') => cand = after,
                    _ => break,
                }
            }
            let Some(w) = self
                .single(&text[cand.0..cand.1])
                .filter(|w| w.single && !w.vague)
            else {
                break;
            };
            let v = w.value;
            let quatre_vingt = last == 4 && v == 20 && cand == next;
            if !(quatre_vingt || joins(last, v)) {
                break;
            }
            acc.add(v, quatre_vingt);
            last = if quatre_vingt { 80 } else { v };
            end_tok = cand;
        }
        out.push(Number {
            range: TextRange::new(first.0, end_tok.1),
            value: acc.value(),
            vague: false,
        });
        end_tok
    }
}

/// Most words in a phrase of `numbers.tsv` (the parser refuses more).
const MAX_PHRASE_WORDS: usize = 4;

/// The start of the first word of `b` at or after `i` (eight bytes a step).
fn first_word(b: &[u8], mut i: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while i < b.len() {
        // Past the end, `load8` reads zeros: no word bytes.
        let words = !non_word_bits(load8(b, i)) & HIGH;
        if words != 0 {
            return Some(i + (words.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    None
}

/// The word right after the word ending at `e`, one byte between (`b[e]`,
/// no word byte), with its end.
fn next_after(b: &[u8], e: usize) -> Option<(usize, usize)> {
    let s = e + 1;
    b.get(s)
        .is_some_and(|&c| is_word(c))
        .then(|| (s, word_end(b, s)))
}

/// Whether the word ending at `e` stands between "as" and "as" ("as many
/// as"): `prev` is the word before it, the next is looked for in `b`.
fn compared(b: &[u8], prev: Option<(usize, usize)>, e: usize) -> bool {
    prev.is_some_and(|(ps, pe)| &b[ps..pe] == b"as")
        && first_word(b, e).is_some_and(|s| &b[s..word_end(b, s)] == b"as")
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

/// Row of [`Shapes`] for a word: its first two bytes as letters, 26 for
/// none or a byte that is no lowercase letter.
#[inline]
fn shape_index(word: &[u8]) -> usize {
    let letter = |k: usize| usize::from(word.get(k).map_or(26, |c| c.wrapping_sub(b'a')).min(26));
    letter(0) * 27 + letter(1)
}

/// Bit of [`Table::shapes`] for a word's length.
fn shape_bit(word: &[u8]) -> u32 {
    1 << word.len().min(31)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word tokens of folded text between `start` and `end`: maximal
    /// runs of word bytes (a word cut by `start` or `end` is cut there too),
    /// one byte at a time.
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

    /// [`Table::digits`] over the tokens collected first: token `i`;
    /// returns the next token to read.
    fn digits_slowly(b: &[u8], toks: &[(usize, usize)], i: usize, out: &mut Vec<Number>) -> usize {
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

    /// [`Table::compound`] over the tokens collected first: token `i` (value
    /// `first`); returns the next token to read.
    fn compound_slowly(
        table: &Table,
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
            let Some(w) = table.get(&text[s..e]).filter(|w| w.single && !w.vague) else {
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

    /// [`compared`] over the tokens collected first: whether token `i` stands between "as" and "as" ("as many as").
    fn compared_slowly(b: &[u8], toks: &[(usize, usize)], i: usize) -> bool {
        let word = |k: usize| toks.get(k).map(|&(s, e)| &b[s..e]);
        i > 0 && word(i - 1) == Some(b"as") && word(i + 1) == Some(b"as")
    }

    /// [`Table::numbers_between`] without its shape filters (every word
    /// of lowercase letters is looked up) and with all tokens collected
    /// first, byte by byte: the reference for the filters and for the words
    /// read one at a time.
    fn numbers_between_slowly(table: &Table, text: &str, start: usize, end: usize) -> Vec<Number> {
        let b = text.as_bytes();
        let toks = tokens_slowly(b, start, end.min(b.len()));
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let (s, e) = toks[i];
            let tok = &b[s..e];
            if tok[0].is_ascii_digit() {
                i = digits_slowly(b, &toks, i, &mut out);
                continue;
            }
            // Words of lowercase letters only (no digit, no other byte).
            if !tok.iter().all(u8::is_ascii_lowercase) {
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
                    i = compound_slowly(table, text, &toks, i, w.value, &mut out)
                }
                // "as many as 132": a comparison that the number after it
                // carries, not a vague quantity of its own.
                Some(w) if w.vague && compared_slowly(b, &toks, i) => i += 1,
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
        /// The first word at or after an offset, and the word right after a
        /// word, are those of the tokens read byte by byte.
        #[test]
        fn words_are_found_as_byte_by_byte(
            s in "[a-z0-9 ,.'\\-]{0,12}(é|’|  |\n|[a-z]{5,20}|[ .]{0,12}){0,8}",
            cut in (0usize..120, 0usize..120),
        ) {
            let full = s.as_bytes();
            let end = cut.1.min(full.len());
            let b = &full[..end];
            let from = cut.0.min(end);
            let toks = tokens_slowly(b, from, end);
            proptest::prop_assert_eq!(first_word(b, from), toks.first().map(|t| t.0));
            let all = tokens_slowly(b, 0, end);
            for (k, &(_, e)) in all.iter().enumerate() {
                let next = all.get(k + 1).copied().filter(|&(s2, _)| s2 == e + 1);
                proptest::prop_assert_eq!(next_after(b, e), next);
                let (we, _, gap) = crate::data::word_and_gap_at(b, all[k].0);
                proptest::prop_assert_eq!(we, e);
                // The gap the walk trusts holds no word byte.
                proptest::prop_assert!(b[e..gap.min(end)].iter().all(|&c| !is_word(c)));
            }
        }

        /// Numbers are read as the reference reads them in any range, in
        /// texts of any bytes: long words, accents, digits glued or grouped.
        #[test]
        fn numbers_of_any_text_are_read_as_without_the_filters(
            words in proptest::collection::vec(
                "(une|des|de|a|as|many|et|and|vingt|quatre|trente|un|cent|mille|dizaine|nombreux|\
                  [0-9]{1,4}|Mi|4x4|1er|é|’|[a-z]{1,20}|[a-zé]{14,20})",
                0..24,
            ),
            seps in proptest::collection::vec("( | |-|,|[.]|  |\n|'|, |é|)", 24),
            cut in (0usize..300, 0usize..300),
        ) {
            let text: String = words.iter().zip(&seps).map(|(w, s)| format!("{w}{s}")).collect();
            let t = &crate::Lexicon::builtin().numbers;
            let mut end = cut.1.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let mut start = cut.0.min(end);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            proptest::prop_assert_eq!(
                t.numbers_between(&text, start, end),
                numbers_between_slowly(t, &text, start, end),
                "{:?} {}..{}", text, start, end
            );
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
